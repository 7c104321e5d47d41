/* Integer hash functions: mixers without loops and FNV-1a over bytes. */

#include <stdint.h>
#include <stdio.h>

uint32_t murmur_fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

uint64_t splitmix64_step(uint64_t x) {
  uint64_t z = x + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint32_t fnv1a(const unsigned char *data, int len) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < len; i++) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

uint32_t hash_combine(uint32_t seed, uint32_t v) {
  return seed ^ (v + 0x9e3779b9u + (seed << 6) + (seed >> 2));
}

unsigned bucket_of(uint32_t h, unsigned nbuckets_pow2) { return h & (nbuckets_pow2 - 1); }

int main(void) {
  const unsigned char msg[] = "veriopt";
  uint32_t h = fnv1a(msg, 7);
  printf("fnv1a=%08x fmix=%08x bucket=%u\n", (unsigned)h, (unsigned)murmur_fmix32(h),
         bucket_of(h, 64));
  printf("splitmix=%016llx\n", (unsigned long long)splitmix64_step(42));
  return 0;
}
