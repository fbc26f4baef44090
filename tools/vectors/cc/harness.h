// SplitMix64 and FNV-1a exactly as Tests/KingletKernelsTests/VectorSupport.swift (and
// tools/vectors/common.py) define them, for the C++ generators in this folder.
#pragma once
#include <cstdint>
#include <cstdio>

struct SplitMix64 {
  uint64_t state;
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int32_t int32() { return static_cast<int32_t>(static_cast<uint32_t>(next())); }
  int32_t range(int32_t lo, int32_t hi) {
    uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo + 1);
    return static_cast<int32_t>(lo + static_cast<int64_t>(next() % span));
  }
  float scale(int32_t lo, int32_t hi) {
    uint32_t mantissa = static_cast<uint32_t>(next() & 0x7FFFFF);
    int32_t exponent = range(lo, hi);
    uint32_t bits = (static_cast<uint32_t>(exponent + 127) << 23) | mantissa;
    float f;
    __builtin_memcpy(&f, &bits, 4);
    return f;
  }
};

struct Fnv {
  uint64_t hash = 0xCBF29CE484222325ull;
  void mix(uint32_t v) {
    hash ^= v;
    hash *= 0x100000001B3ull;
  }
  void mix(int32_t v) { mix(static_cast<uint32_t>(v)); }
  void print(const char* label) const {
    std::printf("%s 0x%016llx\n", label, static_cast<unsigned long long>(hash));
  }
};
