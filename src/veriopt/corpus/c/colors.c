/* RGB565/RGBA8888 packing, channel blending and integer grayscale. */

#include <stdint.h>

uint16_t rgb565(uint8_t r, uint8_t g, uint8_t b) {
  return (uint16_t)(((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3));
}

uint8_t red_of(uint32_t rgba) { return (uint8_t)(rgba >> 24); }

uint8_t alpha_of(uint32_t rgba) { return (uint8_t)rgba; }

uint32_t pack_rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
  return ((uint32_t)r << 24) | ((uint32_t)g << 16) | ((uint32_t)b << 8) | a;
}

uint8_t blend_channel(uint8_t src, uint8_t dst, uint8_t alpha) {
  unsigned v = src * alpha + dst * (255 - alpha);
  return (uint8_t)((v + 127) / 255);
}

uint8_t gray(uint8_t r, uint8_t g, uint8_t b) { return (uint8_t)((77 * r + 150 * g + 29 * b) >> 8); }

uint32_t swap_red_blue(uint32_t rgba) {
  uint32_t r = (rgba >> 24) & 0xFF, b = (rgba >> 8) & 0xFF;
  return (rgba & 0x00FF00FFu) | (b << 24) | (r << 8);
}
