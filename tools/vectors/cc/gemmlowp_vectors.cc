// gemmlowp fixed-point functions (fixedpoint/fixedpoint.h) for
// Tests/KingletKernelsTests/GemmlowpFixedPointTests.swift: the same SplitMix64 draws as the test,
// one FNV digest per test line. Header-only; the include path is the gemmlowp copy that the pinned
// tensorflow-cpu wheel (tools/zoo/requirements.txt) ships, or any gemmlowp checkout:
//   G=/tmp/venv-vectors/lib/python3.11/site-packages/tensorflow/include/external/gemmlowp
//   g++ -std=c++17 -O2 -fwrapv -I$G tools/vectors/cc/gemmlowp_vectors.cc -o /tmp/gemmlowp_vectors
//   /tmp/gemmlowp_vectors
#include <utility>

#include "fixedpoint/fixedpoint.h"
#include "harness.h"

using gemmlowp::FixedPoint;

template <int IB>
void exp_digest(uint64_t seed) {
  SplitMix64 r(seed);
  Fnv d;
  for (int i = 0; i < 200000; ++i) {
    int32_t a = -static_cast<int32_t>(r.next() & 0x7FFFFFFF);
    if (i % 4 == 0) a >>= r.range(0, 31);
    if (i % 1000 == 0) a = 0;
    d.mix(gemmlowp::exp_on_negative_values(FixedPoint<int32_t, IB>::FromRaw(a)).raw());
  }
  std::printf("exp integerBits %d seed %llu:", IB, static_cast<unsigned long long>(seed));
  d.print("");
}

template <int IB>
void logistic_digest(uint64_t seed) {
  SplitMix64 r(seed);
  Fnv d;
  for (int i = 0; i < 200000; ++i) {
    int32_t a = r.int32();
    if (i % 3 == 0) a >>= r.range(0, 31);
    if (i % 1000 == 0) a = 0;
    d.mix(gemmlowp::logistic(FixedPoint<int32_t, IB>::FromRaw(a)).raw());
  }
  std::printf("logistic integerBits %d seed %llu:", IB, static_cast<unsigned long long>(seed));
  d.print("");
}

template <int E>
void srmpot_block(SplitMix64& r, Fnv& d) {
  for (int k = 0; k < 2000; ++k) {
    int32_t x = r.int32();
    x >>= r.range(0, 31);
    d.mix(gemmlowp::SaturatingRoundingMultiplyByPOT<E>(x));
  }
}

template <int... I>
void srmpot_all(SplitMix64& r, Fnv& d, std::integer_sequence<int, I...>) {
  (srmpot_block<I - 31>(r, d), ...);
}

int main() {
  exp_digest<0>(10); exp_digest<1>(11); exp_digest<2>(12); exp_digest<3>(13);
  exp_digest<4>(14); exp_digest<5>(15); exp_digest<6>(16); exp_digest<12>(17);
  logistic_digest<0>(20); logistic_digest<2>(22); logistic_digest<4>(24);
  logistic_digest<5>(25); logistic_digest<6>(26);
  {
    SplitMix64 r(30);
    Fnv d;
    for (int i = 0; i < 200000; ++i) {
      int32_t a = static_cast<int32_t>(r.next() & 0x7FFFFFFF);
      if (i % 3 == 0) a >>= r.range(0, 31);
      d.mix(gemmlowp::one_over_one_plus_x_for_x_in_0_1(FixedPoint<int32_t, 0>::FromRaw(a)).raw());
    }
    d.print("one_over_one_plus_x_for_x_in_0_1 seed 30:");
  }
  {
    SplitMix64 r(31);
    Fnv d;
    for (int i = 0; i < 200000; ++i) {
      int32_t a = -static_cast<int32_t>(r.next() & 0x3FFFFFFF) >> 1;
      if (a == 0) a = -1;
      d.mix(gemmlowp::exp_on_interval_between_negative_one_quarter_and_0_excl(
                FixedPoint<int32_t, 0>::FromRaw(a)).raw());
    }
    d.print("exp_on_interval_between_negative_one_quarter_and_0_excl seed 31:");
  }
  {
    SplitMix64 r(32);
    Fnv d;
    srmpot_all(r, d, std::make_integer_sequence<int, 62>{});  // exponents -31...30
    d.print("SaturatingRoundingMultiplyByPOT seed 32:");
  }
  return 0;
}
