// TFLM's own tflite::CalculateActivationRangeQuantized (tensorflow/lite/kernels/kernel_util.cc)
// for Tests/KingletKernelsTests/ActivationRangeTests.swift: the same SplitMix64 draws as
// matchesTFLMDigest, folded into the same FNV digest (status OK -> mix 1, min, max; an error
// status -> mix 0), then the spot values of spotValues ("error" where TFLM's prepare fails).
// Build against a TFLM checkout and the gemmlowp that the pinned tensorflow-cpu wheel ships
// (tools/vectors/README.md):
//   G=/tmp/venv-vectors/lib/python3.11/site-packages/tensorflow/include/external/gemmlowp
//   g++ -std=c++17 -O2 -fwrapv -I$TFLM -I$G tools/vectors/cc/act_vectors.cc \
//       $TFLM/tensorflow/lite/kernels/kernel_util.cc $TFLM/tensorflow/lite/core/c/common.cc \
//       $TFLM/tensorflow/lite/kernels/internal/quantization_util.cc $TFLM/tensorflow/lite/array.cc \
//       -o /tmp/act_vectors
//   /tmp/act_vectors
#include "harness.h"
#include "tensorflow/lite/core/c/builtin_op_data.h"
#include "tensorflow/lite/core/c/common.h"
#include "tensorflow/lite/kernels/kernel_util.h"

static void ignore_error(TfLiteContext*, const char*, ...) {}

// Same order as the test's `activations` (the flatbuffer's ActivationFunctionType values).
static const TfLiteFusedActivation kActivations[6] = {kTfLiteActNone,  kTfLiteActRelu, kTfLiteActReluN1To1,
                                                      kTfLiteActRelu6, kTfLiteActTanh, kTfLiteActSignBit};

static bool range(TfLiteFusedActivation activation, float scale, int32_t zero_point, TfLiteType type,
                  int32_t* min, int32_t* max) {
  TfLiteContext context = {};
  context.ReportError = ignore_error;
  TfLiteTensor output = {};
  output.type = type;
  output.params.scale = scale;
  output.params.zero_point = zero_point;
  return tflite::CalculateActivationRangeQuantized(&context, activation, &output, min, max) == kTfLiteOk;
}

int main() {
  {  // matchesTFLMDigest
    SplitMix64 r(40);
    Fnv d;
    for (int i = 0; i < 100000; ++i) {
      float scale = r.scale(-12, 2);
      int32_t zero_point = r.range(-128, 127);
      TfLiteFusedActivation activation = kActivations[r.next() % 6];
      TfLiteType type = (r.next() & 1) ? kTfLiteInt8 : kTfLiteInt16;
      int32_t min = 0, max = 0;
      if (range(activation, scale, zero_point, type, &min, &max)) {
        d.mix(int32_t{1});
        d.mix(min);
        d.mix(max);
      } else {
        d.mix(int32_t{0});
      }
    }
    d.print("activation range");
  }
  // spotValues (int8 output)
  const struct {
    int activation;  // index into kActivations
    float scale;
    int32_t zero_point;
  } spots[] = {{1, 0x1.99999ap-4f, -10}, {3, 0x1.99999ap-5f, -128}, {3, 0x1.818174p-6f, -128},
               {2, 0x1p-7f, 0},          {2, 0x1.89374cp-9f, 5},    {3, 0x1.7a17a2p-5f, 3},
               {0, 0, 0},                {3, 0x1.800002p-29f, 0},   {4, 0.1f, 7},
               {5, 0.1f, 7},             {1, 0, 0},                 {3, 0x1.b7cdfep-34f, 0}};
  for (const auto& spot : spots) {
    int32_t min = 0, max = 0;
    std::printf("activation %d, scale %a, zero point %d: ", spot.activation, spot.scale, spot.zero_point);
    if (range(kActivations[spot.activation], spot.scale, spot.zero_point, kTfLiteInt8, &min, &max)) {
      std::printf("%d...%d\n", min, max);
    } else {
      std::printf("error\n");
    }
  }
  return 0;
}
