/* Pointer parameters: loads and stores through arguments, no loops. */

void swap_int(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}

int deref_sum(const int *p, const int *q) { return *p + *q; }

void incr_both(int *a, long *b) {
  *a += 1;
  *b += 2;
}

long ptr_distance(const int *p, const int *q) { return q - p; }

int read_third(const int *a) { return a[2]; }

void store_pair(int *out, int x, int y) {
  out[0] = x;
  out[1] = y + x;
}

int select_ptr(int c, int *a, int *b) {
  int *p = c ? a : b;
  return *p;
}

void min_max(int a, int b, int *lo, int *hi) {
  if (a < b) {
    *lo = a;
    *hi = b;
  } else {
    *lo = b;
    *hi = a;
  }
}
