/* Integer width conversions done by hand: sign extension, byte swaps, truncation. */

#include <stdint.h>

int32_t sign_extend_12(uint32_t x) {
  x &= 0xFFF;
  return (x ^ 0x800) - 0x800;
}

int sext8_manual(int x) { return (int)(signed char)(x & 0xFF); }

uint16_t bswap16(uint16_t x) { return (uint16_t)((x >> 8) | (x << 8)); }

uint32_t bswap32(uint32_t x) {
  return ((x & 0xFF) << 24) | ((x & 0xFF00) << 8) | ((x >> 8) & 0xFF00) | (x >> 24);
}

uint8_t low_byte(uint64_t x) { return (uint8_t)x; }

int64_t widen_mul(int32_t a, int32_t b) { return (int64_t)a * (int64_t)b; }

uint32_t high_word(uint64_t x) { return (uint32_t)(x >> 32); }

short narrow_add(short a, short b) { return (short)(a + b); }

unsigned char to_bool_byte(long v) { return v != 0; }

long long sext_chain(signed char c) {
  short s = c;
  int i = s;
  return i;
}
