// gemmlowp's SaturatingRoundingDoublingHighMul / RoundingDivideByPOT and TFLM's
// QuantizeMultiplier + MultiplyByQuantizedMultiplier (double rounding, TFLM's default), for
// Tests/KingletKernelsTests/FixedPointTests.swift: the same SplitMix64 draws as the test, one FNV
// digest per digest test, then the edge values of the spot-value tests. Build against a TFLM
// checkout and the gemmlowp that the pinned tensorflow-cpu wheel ships (tools/vectors/README.md):
//   G=/tmp/venv-vectors/lib/python3.11/site-packages/tensorflow/include/external/gemmlowp
//   g++ -std=c++17 -O2 -fwrapv -I$TFLM -I$G tools/vectors/cc/arith_vectors.cc \
//       $TFLM/tensorflow/lite/kernels/internal/common.cc \
//       $TFLM/tensorflow/lite/kernels/internal/quantization_util.cc -o /tmp/arith_vectors
//   /tmp/arith_vectors
// (-fwrapv pins the int32 `x * (1 << left_shift)` overflow to the wrap every real build shows.)
#include <cstring>

#include "fixedpoint/fixedpoint.h"
#include "harness.h"
#include "tensorflow/lite/kernels/internal/common.h"
#include "tensorflow/lite/kernels/internal/quantization_util.h"

using gemmlowp::RoundingDivideByPOT;
using gemmlowp::SaturatingRoundingDoublingHighMul;

static int32_t apply(double real, int32_t x) {
  int32_t multiplier;
  int shift;
  tflite::QuantizeMultiplier(real, &multiplier, &shift);
  return tflite::MultiplyByQuantizedMultiplier(x, multiplier, shift);
}

static double from_bits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

int main() {
  {  // srdhmMatchesGemmlowpDigest
    SplitMix64 r(4);
    Fnv d;
    const int32_t edges[8] = {INT32_MIN, INT32_MAX, 0, 1, -1, 1 << 30, -(1 << 30), INT32_MIN + 1};
    for (int i = 0; i < 500000; ++i) {
      int32_t a = r.int32();
      int32_t b = r.int32();
      if (i % 8 == 0) a = edges[r.next() % 8];
      if (i % 5 == 0) b = edges[r.next() % 8];
      if (i % 3 == 0) a >>= r.range(0, 31);
      d.mix(SaturatingRoundingDoublingHighMul(a, b));
    }
    d.print("srdhm");
  }
  {  // rdbpotMatchesGemmlowpDigest
    SplitMix64 r(5);
    Fnv d;
    for (int i = 0; i < 500000; ++i) {
      int32_t x = r.int32();
      int exponent = r.range(0, 31);
      if (i % 2 == 1) x >>= r.range(0, 31);
      d.mix(RoundingDivideByPOT(x, exponent));
    }
    d.print("rdbpot");
  }
  {  // mbqmMatchesTFLMDigest
    SplitMix64 r(6);
    Fnv d;
    for (int i = 0; i < 500000; ++i) {
      uint64_t mantissa = r.next() & 0xFFFFFFFFFFFFFull;
      int32_t exponent = r.range(-20, 7);
      double real = from_bits((static_cast<uint64_t>(exponent + 1023) << 52) | mantissa);
      int32_t x = r.int32();
      x >>= r.range(0, 31);
      d.mix(apply(real, x));
    }
    d.print("mbqm");
  }
  // srdhmEdgeValues, rdbpotEdgeValues, mbqmDoubleRoundingVectors
  std::printf("srdhm edges: %d %d %d %d %d\n", SaturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN),
              SaturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX),
              SaturatingRoundingDoublingHighMul(-1, 1 << 30), SaturatingRoundingDoublingHighMul(1, 1 << 30),
              SaturatingRoundingDoublingHighMul(-3, 1 << 30));
  std::printf("rdbpot edges: %d %d %d %d %d %d %d\n", RoundingDivideByPOT(-3, 1), RoundingDivideByPOT(3, 1),
              RoundingDivideByPOT(-5, 2), RoundingDivideByPOT(-6, 2), RoundingDivideByPOT(INT32_MIN, 31),
              RoundingDivideByPOT(INT32_MAX, 31), RoundingDivideByPOT(12345, 0));
  const struct {
    double real;
    int count;
    int32_t xs[6];
  } rows[] = {{0.5, 6, {-5, -3, -1, 1, 3, 5}},
              {0.3, 6, {-1998, 1998, -5, 5, 100000, -100000}},
              {3.7, 5, {-7, 7, 1000, 600000000, -600000000}}};
  for (const auto& row : rows) {
    int32_t multiplier;
    int shift;
    tflite::QuantizeMultiplier(row.real, &multiplier, &shift);
    std::printf("mbqm %g (multiplier %d, shift %d):", row.real, multiplier, shift);
    for (int i = 0; i < row.count; ++i) std::printf(" %d", apply(row.real, row.xs[i]));
    std::printf("\n");
  }
  return 0;
}
