/* Unions and type punning through memory, with memcpy-free casts. */

#include <stdint.h>

union word {
  uint32_t u;
  int32_t s;
  uint8_t bytes[4];
  uint16_t halves[2];
};

uint8_t first_byte(uint32_t v) {
  union word w;
  w.u = v;
  return w.bytes[0];
}

uint16_t high_half(uint32_t v) {
  union word w;
  w.u = v;
  return w.halves[1];
}

int32_t as_signed(uint32_t v) {
  union word w;
  w.u = v;
  return w.s;
}

uint32_t from_bytes(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  union word w;
  w.bytes[0] = a;
  w.bytes[1] = b;
  w.bytes[2] = c;
  w.bytes[3] = d;
  return w.u;
}

uint32_t float_bits(float f) {
  union {
    float f;
    uint32_t u;
  } pun;
  pun.f = f;
  return pun.u;
}
