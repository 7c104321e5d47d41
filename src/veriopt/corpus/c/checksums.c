/* Checksums: Adler-32, a bitwise CRC-8 and byte parity. */

#include <stdint.h>

uint32_t adler32(const uint8_t *data, int len) {
  uint32_t a = 1, b = 0;
  for (int i = 0; i < len; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

uint8_t crc8(const uint8_t *data, int len) {
  uint8_t crc = 0;
  for (int i = 0; i < len; i++) {
    crc ^= data[i];
    for (int k = 0; k < 8; k++)
      crc = (crc & 0x80) ? (uint8_t)((crc << 1) ^ 0x07) : (uint8_t)(crc << 1);
  }
  return crc;
}

uint8_t crc8_step(uint8_t crc) { return (crc & 0x80) ? (uint8_t)((crc << 1) ^ 0x07) : (uint8_t)(crc << 1); }

uint16_t ones_complement_add(uint16_t a, uint16_t b) {
  uint32_t s = (uint32_t)a + b;
  return (uint16_t)((s & 0xFFFF) + (s >> 16));
}

int luhn_digit(int d, int doubled) {
  int v = doubled ? d * 2 : d;
  return v > 9 ? v - 9 : v;
}
