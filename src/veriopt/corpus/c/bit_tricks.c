/* Classic bit tricks (Hacker's Delight style), all loop-free integer code. */

int is_pow2(unsigned x) { return x != 0 && (x & (x - 1)) == 0; }

unsigned lowest_set_bit(unsigned x) { return x & (0u - x); }

unsigned clear_lowest_bit(unsigned x) { return x & (x - 1); }

unsigned rotl32(unsigned x, unsigned r) {
  r &= 31;
  return (x << r) | (x >> ((32 - r) & 31));
}

unsigned swap_nibbles(unsigned char b) { return ((b & 0x0F) << 4) | ((b & 0xF0) >> 4); }

unsigned popcount32(unsigned x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return (x * 0x01010101u) >> 24;
}

unsigned round_up_pow2(unsigned x) {
  x = x - 1;
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  return x + 1;
}

int same_sign(int a, int b) { return (a ^ b) >= 0; }

unsigned bit_select(unsigned mask, unsigned a, unsigned b) { return (a & mask) | (b & ~mask); }

int parity8(unsigned char v) {
  unsigned x = v;
  x ^= x >> 4;
  x ^= x >> 2;
  x ^= x >> 1;
  return x & 1;
}
