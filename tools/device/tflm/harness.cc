// TFLM harness for QEMU mps2-an386 (tools/device/tflm_reference.sh): the model linked into flash,
// a MicroMutableOpResolver with the model's operators (ops.inc, generated per model), prepare
// once, inputs from semihosting files input<N>.bin (exactly the tensor's bytes, read again before
// each invoke), invoke TFLM_INVOKES times, outputs to output<N>.bin, and what was measured to result.txt (key=value).
// Instructions are counted as Kinglet's firmware counts them (device/firmware/main.c): CMSDK APB
// timer 0 runs at 25 MHz, and under -icount shift=0 one instruction takes 1 ns, so one tick is 40
// instructions; a loop of known length is timed the same way and checked by the script.
#include <stdint.h>

#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/schema/schema_generated.h"

extern "C" {
#include "semihost.h"
}

#ifndef TFLM_ARENA_BYTES
#define TFLM_ARENA_BYTES (1536u * 1024u)
#endif
#ifndef TFLM_INVOKES
#define TFLM_INVOKES 3
#endif

#include "ops.inc"  // TFLM_OP_COUNT and add_ops(resolver)

extern "C" const unsigned char tflm_model[], tflm_model_end[];

__attribute__((section(".arena"), aligned(16))) static uint8_t arena[TFLM_ARENA_BYTES];

#define TIMER0_CTRL (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)
#define NS_PER_TICK 40u
static uint32_t timer_now() { return TIMER0_VALUE; }

#define CALIBRATION_ITERATIONS 250000u
static int64_t timer_calibration() {
  uint32_t count = CALIBRATION_ITERATIONS;
  uint32_t start = timer_now();
  __asm__ volatile(
      "1: subs %0, %0, #1\n"
      "   bne 1b\n"
      : "+r"(count)
      :
      : "cc");
  uint32_t end = timer_now();
  return (int64_t)(start - end) * NS_PER_TICK;
}

static char result[4096];
static char *result_end = result;

static void put_text(const char *text) {
  while (*text && result_end < result + sizeof result - 1) *result_end++ = *text++;
}
static void put_int(int64_t value) {
  char digits[24];
  int n = 0;
  uint64_t magnitude = value < 0 ? (uint64_t)(-(value + 1)) + 1 : (uint64_t)value;
  if (value < 0) put_text("-");
  do {
    digits[n++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  char text[2] = {0, 0};
  while (n) {
    text[0] = digits[--n];
    put_text(text);
  }
}
static void put(const char *key, int64_t value) {
  put_text(key);
  put_text("=");
  put_int(value);
  put_text("\n");
}
static void put_indexed(const char *prefix, uint32_t index, const char *suffix, int64_t value) {
  put_text(prefix);
  put_int(index);
  put_text(suffix);
  put_text("=");
  put_int(value);
  put_text("\n");
}
static void file_name(char *buffer, const char *stem, uint32_t index) {
  char *end = buffer;
  for (const char *s = stem; *s;) *end++ = *s++;
  if (index >= 10) *end++ = (char)('0' + index / 10 % 10);
  *end++ = (char)('0' + index % 10);
  for (const char *s = ".bin"; *s;) *end++ = *s++;
  *end = 0;
}
static int write_result() {
  int32_t handle = sh_open("result.txt", SH_WRITE_BINARY);
  if (handle < 0) return 64;
  if (sh_write(handle, result, (uint32_t)(result_end - result)) != 0) return 64;
  sh_close(handle);
  return 0;
}
static int fail(const char *stage) {
  put_text("stage=");
  put_text(stage);
  put_text("\nstatus=1\n");
  return write_result();
}

// 0, or 1 a file is missing, 2 its size is not the tensor's, 3 it cannot be read.
static int read_inputs(tflite::MicroInterpreter &interpreter, uint32_t inputs) {
  char name[32];
  for (uint32_t i = 0; i < inputs; i++) {
    TfLiteTensor *tensor = interpreter.input(i);
    file_name(name, "input", i);
    int32_t handle = sh_open(name, SH_READ_BINARY);
    if (handle < 0) return 1;
    int rc = 0;
    if (sh_length(handle) != (int32_t)tensor->bytes) rc = 2;
    else if (tensor->bytes && sh_read(handle, tensor->data.raw, tensor->bytes) != 0) rc = 3;
    sh_close(handle);
    if (rc) return rc;
  }
  return 0;
}

int main() {
  TIMER0_CTRL = 0;
  TIMER0_RELOAD = 0xFFFFFFFFu;
  TIMER0_VALUE = 0xFFFFFFFFu;
  TIMER0_CTRL = 1;
  put("calibration_expected", 2 * (int64_t)CALIBRATION_ITERATIONS);
  put("calibration_instructions", timer_calibration());
  put("model_bytes", tflm_model_end - tflm_model);

  const tflite::Model *model = tflite::GetModel(tflm_model);
  if (model->version() != TFLITE_SCHEMA_VERSION) return fail("schema_version");
  static tflite::MicroMutableOpResolver<TFLM_OP_COUNT> resolver;
  if (add_ops(resolver) != kTfLiteOk) return fail("resolver");
  static tflite::MicroInterpreter interpreter(model, resolver, arena, sizeof arena);
  uint32_t t0 = timer_now();
  TfLiteStatus status = interpreter.AllocateTensors();
  uint32_t t1 = timer_now();
  put("prepare_instructions", (int64_t)(t0 - t1) * NS_PER_TICK);
  if (status != kTfLiteOk) return fail("allocate_tensors");
  put("arena_bytes", interpreter.arena_used_bytes());
  const uint32_t inputs = interpreter.inputs_size(), outputs = interpreter.outputs_size();
  put("inputs", inputs);
  put("outputs", outputs);

  char name[32];
  for (uint32_t i = 0; i < inputs; i++) {
    if (interpreter.input(i) == nullptr) return fail("input_missing");
    put_indexed("input", i, "_bytes", interpreter.input(i)->bytes);
  }

  int64_t first = 0, last = 0, lowest = INT64_MAX;
  for (int n = 0; n < TFLM_INVOKES; n++) {
    // The planner may reuse an input's bytes for later tensors: set the inputs before every
    // invoke, outside the timed span.
    int rc = read_inputs(interpreter, inputs);
    if (rc) return fail(rc == 1 ? "input_missing" : rc == 2 ? "input_size" : "input_read");
    uint32_t t2 = timer_now();
    status = interpreter.Invoke();
    uint32_t t3 = timer_now();
    if (status != kTfLiteOk) return fail("invoke");
    last = (int64_t)(t2 - t3) * NS_PER_TICK;
    if (n == 0) first = last;
    if (last < lowest) lowest = last;
  }
  put("invokes", TFLM_INVOKES);
  put("first_invoke_instructions", first);
  put("instructions_per_invoke", last);
  put("lowest_invoke_instructions", lowest);

  for (uint32_t i = 0; i < outputs; i++) {
    TfLiteTensor *tensor = interpreter.output(i);
    // The schema's TensorType (what device_io.py bin2npy reads), from TfLiteType: they differ
    // only for the floating-point types.
    int type = tensor->type == kTfLiteFloat32   ? 0
               : tensor->type == kTfLiteFloat16 ? 1
               : tensor->type == kTfLiteFloat64 ? 10
                                                : tensor->type;
    put_indexed("output", i, "_type", type);
    const int rank = tensor->dims ? tensor->dims->size : 0;
    put_indexed("output", i, "_rank", rank);
    for (int d = 0; d < rank && d < 6; d++) {
      put_text("output");
      put_int(i);
      put_text("_dim");
      put_int(d);
      put_text("=");
      put_int(tensor->dims->data[d]);
      put_text("\n");
    }
    put_indexed("output", i, "_bytes", tensor->bytes);
    file_name(name, "output", i);
    int32_t handle = sh_open(name, SH_WRITE_BINARY);
    if (handle < 0) return fail("output_create");
    if (tensor->bytes && sh_write(handle, tensor->data.raw, tensor->bytes) != 0) return fail("output_write");
    sh_close(handle);
  }
  put_text("stage=done\nstatus=0\n");
  return write_result();
}
