/* Clamping, minimum/maximum and sign: branches that instcombine turns into
   selects and min/max intrinsics. */

int clamp(int x, int lo, int hi) {
  if (x < lo)
    return lo;
  if (x > hi)
    return hi;
  return x;
}

int min3(int a, int b, int c) {
  int m = a;
  if (b < m)
    m = b;
  if (c < m)
    m = c;
  return m;
}

unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }

int sign(int x) { return (x > 0) - (x < 0); }

int abs_diff(int a, int b) { return a > b ? a - b : b - a; }

long clamp_long(long v, long lo, long hi) {
  long r = v;
  r = r < lo ? lo : r;
  r = r > hi ? hi : r;
  return r;
}

int median3(int a, int b, int c) {
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  if (b > c)
    b = c;
  return a > b ? a : b;
}
