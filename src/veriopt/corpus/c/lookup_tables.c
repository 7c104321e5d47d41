/* Small lookup tables in local arrays, indexed after clamping. */

int days_before_month(int m) {
  int table[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  if (m < 1 || m > 12)
    return -1;
  return table[m - 1];
}

int nibble_popcount(unsigned x) {
  unsigned char bits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
  return bits[x & 15];
}

int second_of_pair(int a, int b) {
  int pair[2];
  pair[0] = a;
  pair[1] = b;
  return pair[1];
}

int local_array_sum4(int a, int b, int c, int d) {
  int v[4] = {a, b, c, d};
  return v[0] + v[1] + v[2] + v[3];
}

char hex_digit(unsigned v) {
  char digits[] = "0123456789abcdef";
  return digits[v & 15];
}

int quadrant(int x, int y) {
  int q[2][2] = {{3, 4}, {2, 1}};
  return q[x >= 0][y >= 0];
}
