/* Division and remainder by constants and by powers of two. */

int div_by_8(int x) { return x / 8; }

unsigned udiv_by_8(unsigned x) { return x / 8; }

int mod_by_16(int x) { return x % 16; }

unsigned umod_by_16(unsigned x) { return x % 16; }

int div_by_7(int x) { return x / 7; }

int ceil_div(int a, int b) { return (a + b - 1) / b; }

int round_div(int a, int b) { return (a + b / 2) / b; }

int is_multiple_of_3(unsigned x) { return x % 3 == 0; }

int div_then_mul(int x) { return (x / 4) * 4; }

unsigned align_up(unsigned x, unsigned a_pow2) { return (x + a_pow2 - 1) & ~(a_pow2 - 1); }

int neg_div(int x) { return -x / 2; }
