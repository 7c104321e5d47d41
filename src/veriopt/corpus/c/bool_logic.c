/* Boolean logic on ints: implication, majority, muxes, comparisons chains. */

int implies(int a, int b) { return !a || b; }

int majority(int a, int b, int c) { return (a && b) || (a && c) || (b && c); }

int mux(int sel, int a, int b) { return sel ? a : b; }

int xor_bool(int a, int b) { return (a != 0) != (b != 0); }

int all_positive(int a, int b, int c) { return a > 0 && b > 0 && c > 0; }

int none_zero(int a, int b) { return !(a == 0 || b == 0); }

int sorted3(int a, int b, int c) { return a <= b && b <= c; }

int count_true(int a, int b, int c, int d) { return !!a + !!b + !!c + !!d; }

int bool_to_mask(int b) { return -(b != 0); }

int both_or_neither(int a, int b) {
  int x = a > 10;
  int y = b > 10;
  return x == y;
}
