/* Q16.16 fixed-point arithmetic with 64-bit intermediates. */

#include <stdint.h>

typedef int32_t q16;

q16 q16_from_int(int x) { return (q16)((uint32_t)x << 16); }

int q16_to_int(q16 x) { return x >> 16; }

q16 q16_mul(q16 a, q16 b) { return (q16)(((int64_t)a * b) >> 16); }

q16 q16_div(q16 a, q16 b) {
  if (b == 0)
    return a < 0 ? INT32_MIN : INT32_MAX;
  return (q16)(((int64_t)a << 16) / b);
}

q16 q16_round(q16 x) { return (x + 0x8000) & ~0xFFFF; }

q16 q16_frac(q16 x) { return x & 0xFFFF; }

q16 q16_abs(q16 x) { return x < 0 ? -x : x; }

q16 q16_lerp(q16 a, q16 b, q16 t) { return a + q16_mul(b - a, t); }
