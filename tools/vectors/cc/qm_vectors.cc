// TFLM's QuantizeMultiplier family (tensorflow/lite/kernels/internal/quantization_util.cc) and
// libc frexp, which it calls, for Tests/KingletKernelsTests/QuantizedMultiplierTests.swift: the
// same SplitMix64 draws as the test, one FNV digest per digest test, then the notes table, the
// variants' range checks (a TFLITE_CHECK abort, caught in a forked child, prints "aborts") and the
// frexp spot values. Build against a TFLM checkout (tools/vectors/README.md):
//   g++ -std=c++17 -O2 -fwrapv -I$TFLM tools/vectors/cc/qm_vectors.cc \
//       $TFLM/tensorflow/lite/kernels/internal/quantization_util.cc -o /tmp/qm_vectors
//   /tmp/qm_vectors
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>

#include "harness.h"
#include "tensorflow/lite/kernels/internal/quantization_util.h"

static double from_bits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

static uint64_t to_bits(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return bits;
}

static void mix_qm(Fnv& d, double real) {
  int32_t multiplier;
  int shift;
  tflite::QuantizeMultiplier(real, &multiplier, &shift);
  d.mix(multiplier);
  d.mix(static_cast<int32_t>(shift));
}

using Variant = void (*)(double, int32_t*, int*);

// Runs the variant in a child so that a TFLITE_CHECK abort can be reported.
static void variant(const char* name, Variant function, double real) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return;
  pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    int32_t result[2];
    int shift;
    function(real, &result[0], &shift);
    result[1] = shift;
    if (write(pipe_fds[1], result, sizeof result) != sizeof result) _exit(2);
    _exit(0);
  }
  close(pipe_fds[1]);
  int32_t result[2];
  ssize_t got = read(pipe_fds[0], result, sizeof result);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && got == sizeof result) {
    std::printf("%s(%.17g): multiplier %d, shift %d\n", name, real, result[0], result[1]);
  } else {
    std::printf("%s(%.17g): aborts\n", name, real);
  }
}

int main() {
  {  // frexpMatchesLibcDigest
    SplitMix64 r(1);
    Fnv d;
    int count = 0;
    while (count < 200000) {
      double value = from_bits(r.next());
      if (!std::isfinite(value)) continue;
      ++count;
      int exponent;
      uint64_t bits = to_bits(std::frexp(value, &exponent));
      d.mix(static_cast<uint32_t>(bits));
      d.mix(static_cast<uint32_t>(bits >> 32));
      d.mix(static_cast<int32_t>(exponent));
    }
    d.print("frexp");
  }
  {  // convolutionProductsMatchTFLMDigest
    SplitMix64 r(2);
    Fnv d;
    for (int i = 0; i < 200000; ++i) {
      float input = r.scale(-12, 2);
      float filter = r.scale(-14, 0);
      float output = r.scale(-12, 4);
      mix_qm(d, static_cast<double>(input) * static_cast<double>(filter) / static_cast<double>(output));
    }
    d.print("convolution products");
  }
  {  // rawDoublesMatchTFLMDigest
    SplitMix64 r(3);
    Fnv d;
    for (int i = 0; i < 200000; ++i) {
      uint64_t mantissa = r.next() & 0xFFFFFFFFFFFFFull;
      int32_t exponent = r.range(-60, 40);
      double real = from_bits((static_cast<uint64_t>(exponent + 1023) << 52) | mantissa);
      if (r.next() & 1) real = -real;
      mix_qm(d, real);
    }
    d.print("raw doubles");
  }
  // notesTable
  const double table[] = {0,      1,    0.5,    0.75,   0.1,    1.0 / 256,      1e-10,
                          0.3,    2,    3,      0.999999999999, 0.9999999997,   4.656612873077393e-10,
                          -0.3,   1e-300, 5e-324, 1e12,   0x1p-32, 0x1.8p-32, 0x1p-33, 0x1.ffffffaa19c47p-33};
  for (double real : table) variant("QuantizeMultiplier", tflite::QuantizeMultiplier, real);
  // variantRangeChecks
  for (double real : {1.0, 0.5, 1.5}) {
    variant("QuantizeMultiplierGreaterThanOne", tflite::QuantizeMultiplierGreaterThanOne, real);
  }
  for (double real : {1.0, 0.0, -0.5, 0.999999999999, 0.75}) {
    variant("QuantizeMultiplierSmallerThanOneExp", tflite::QuantizeMultiplierSmallerThanOneExp, real);
  }
  // frexpSpotValues
  for (double value : {1.0, -0.75, 5e-324, 0.0}) {
    int exponent;
    double fraction = std::frexp(value, &exponent);
    std::printf("frexp(%.17g) = %.17g, %d\n", value, fraction, exponent);
  }
  return 0;
}
