/* Saturating arithmetic on narrow types: sign/zero extensions and compares. */

#include <stdint.h>

int8_t sat_add_i8(int8_t a, int8_t b) {
  int s = a + b;
  if (s > 127)
    return 127;
  if (s < -128)
    return -128;
  return (int8_t)s;
}

uint16_t sat_sub_u16(uint16_t a, uint16_t b) { return a > b ? (uint16_t)(a - b) : 0; }

uint8_t sat_add_u8(uint8_t a, uint8_t b) {
  unsigned s = (unsigned)a + b;
  return s > 255 ? 255 : (uint8_t)s;
}

int16_t sat_mul_i16(int16_t a, int16_t b) {
  int p = (int)a * (int)b;
  if (p > INT16_MAX)
    p = INT16_MAX;
  else if (p < INT16_MIN)
    p = INT16_MIN;
  return (int16_t)p;
}

uint32_t sat_add_u32(uint32_t a, uint32_t b) {
  uint32_t s = a + b;
  return s < a ? UINT32_MAX : s;
}
