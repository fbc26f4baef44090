// Window output size and leading padding from TFLM's tensorflow/lite/kernels/padding.h, for
// Tests/KingletKernelsTests/PaddingTests.swift (matchesTFLMDigest). Header-only; build against a
// TFLM checkout (see tools/vectors/README.md for the commit):
//   g++ -std=c++17 -O2 -I$TFLM tools/vectors/cc/padding_vectors.cc -o /tmp/padding_vectors
//   /tmp/padding_vectors            # prints the digest
// Per draw: both statuses OK -> mix 1 (output size), 1 (padding), output size, padding before;
// otherwise mix 0 once.
#include "harness.h"
#include "tensorflow/lite/kernels/padding.h"

int main() {
  SplitMix64 random(50);
  Fnv digest;
  for (int i = 0; i < 100000; ++i) {
    int input = random.range(0, 300);
    int filter = random.range(1, 12);
    int stride = random.range(1, 5);
    int dilation = random.range(1, 4);
    TfLitePadding padding = (random.next() & 1) ? kTfLitePaddingSame : kTfLitePaddingValid;
    int out = 0, offset = 0, before = 0;
    if (tflite::ComputeOutSizeChecked(padding, input, filter, stride, dilation, &out) != kTfLiteOk) {
      digest.mix(int32_t{0});
      continue;
    }
    if (tflite::ComputePaddingWithOffsetChecked(stride, dilation, input, filter, out, &offset,
                                                &before) != kTfLiteOk) {
      digest.mix(int32_t{1});
      digest.mix(int32_t{0});
      continue;
    }
    digest.mix(int32_t{1});
    digest.mix(int32_t{1});
    digest.mix(static_cast<int32_t>(out));
    digest.mix(static_cast<int32_t>(before));
  }
  digest.print("padding");
  return 0;
}
