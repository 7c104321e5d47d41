/* Bit-field structs on the stack: packing and unpacking with masks and shifts. */

struct flags {
  unsigned ready : 1;
  unsigned error : 1;
  unsigned mode : 3;
  unsigned count : 11;
};

unsigned pack_flags(unsigned ready, unsigned error, unsigned mode, unsigned count) {
  struct flags f;
  f.ready = ready;
  f.error = error;
  f.mode = mode;
  f.count = count;
  return f.ready | (f.error << 1) | (f.mode << 2) | (f.count << 5);
}

unsigned mode_of(unsigned word) {
  struct flags f;
  f.mode = (word >> 2) & 7;
  return f.mode;
}

int bump_count(unsigned count) {
  struct flags f = {0};
  f.count = count;
  f.count = f.count + 1;
  return f.count;
}

unsigned set_field(unsigned word, unsigned value, unsigned shift, unsigned width) {
  unsigned mask = ((1u << width) - 1u) << shift;
  return (word & ~mask) | ((value << shift) & mask);
}

unsigned get_field(unsigned word, unsigned shift, unsigned width) {
  return (word >> shift) & ((1u << width) - 1u);
}
