/* 3x3 integer matrices in local arrays and through pointers. */

void mat3_mul(const int a[3][3], const int b[3][3], int out[3][3]) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      int s = 0;
      for (int k = 0; k < 3; k++)
        s += a[i][k] * b[k][j];
      out[i][j] = s;
    }
}

int mat3_trace(const int m[3][3]) { return m[0][0] + m[1][1] + m[2][2]; }

int mat3_det(const int m[3][3]) {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
         m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
         m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

void mat3_transpose(int m[3][3]) {
  for (int i = 0; i < 3; i++)
    for (int j = i + 1; j < 3; j++) {
      int t = m[i][j];
      m[i][j] = m[j][i];
      m[j][i] = t;
    }
}

int identity_trace(void) {
  int m[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  return m[0][0] + m[1][1] + m[2][2];
}
