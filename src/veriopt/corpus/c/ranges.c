/* Interval tests and index wrapping. */

int in_range(int x, int lo, int hi) { return x >= lo && x <= hi; }

int in_range_unsigned_trick(int x, int lo, int hi) {
  return (unsigned)(x - lo) <= (unsigned)(hi - lo);
}

int overlaps(int a0, int a1, int b0, int b1) { return a0 < b1 && b0 < a1; }

int wrap_index(int i, int n) {
  int r = i % n;
  if (r < 0)
    r += n;
  return r;
}

unsigned ring_next(unsigned i, unsigned size) { return i + 1 == size ? 0 : i + 1; }

int overlap_length(int a0, int a1, int b0, int b1) {
  int lo = a0 > b0 ? a0 : b0;
  int hi = a1 < b1 ? a1 : b1;
  return hi > lo ? hi - lo : 0;
}

int is_ascii_letter(int c) { return (unsigned)((c | 32) - 'a') < 26; }
