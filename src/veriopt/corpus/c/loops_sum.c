/* Reductions over arrays: the loops every benchmark has. */

int sum_array(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i];
  return s;
}

long dot_product(const int *a, const int *b, int n) {
  long s = 0;
  for (int i = 0; i < n; ++i)
    s += (long)a[i] * b[i];
  return s;
}

int count_equal(const int *a, int n, int key) {
  int c = 0;
  for (int i = 0; i < n; i++) {
    if (a[i] == key)
      c++;
  }
  return c;
}

int max_element(const int *a, int n) {
  int m = a[0];
  int i = 1;
  while (i < n) {
    if (a[i] > m)
      m = a[i];
    i++;
  }
  return m;
}

unsigned sum_squares(unsigned n) {
  unsigned s = 0;
  for (unsigned i = 1; i <= n; i++)
    s += i * i;
  return s;
}
