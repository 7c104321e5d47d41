/* In-place array transformations through pointers. */

void reverse(int *a, int n) {
  int i = 0, j = n - 1;
  while (i < j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    i++;
    j--;
  }
}

void prefix_sum(int *a, int n) {
  for (int i = 1; i < n; i++)
    a[i] += a[i - 1];
}

void scale(int *a, int n, int k) {
  for (int i = 0; i < n; i++)
    a[i] = a[i] * k;
}

int find_first(const int *a, int n, int key) {
  for (int i = 0; i < n; i++)
    if (a[i] == key)
      return i;
  return -1;
}

void fill_iota(unsigned char *buf, int n, unsigned char start) {
  for (int i = 0; i < n; i++)
    buf[i] = (unsigned char)(start + i);
}
