/*
 * kinglet.h — the C API of Kinglet, a TensorFlow-Lite-compatible micro-interpreter.
 *
 * For C and C++ firmware (Arduino, Zephyr, Mbed, bare metal). Link libkinglet.a, built for a
 * Cortex-M4F by tools/device/build_lib.sh (Embedded Swift; soft-float calling convention with
 * FPv4-SP instructions: link the `-mcpu=cortex-m4 -mthumb -mfloat-abi=softfp -mfpu=fpv4-sp-d16`
 * multilib, enable the FPU (CPACR) before the first call, and link with --gc-sections so that
 * only the operators you list are kept).
 *
 * The whole API in one example:
 *
 *     #include "kinglet.h"
 *
 *     extern const unsigned char model[];          // a .tflite, 16-byte aligned, in flash
 *     extern const unsigned int model_len;
 *     static unsigned char arena[64 * 1024] __attribute__((aligned(16)));
 *
 *     // Only the operators the model uses: the linker drops every other kernel.
 *     static const kinglet_op ops[] = { kinglet_op_CONV_2D, kinglet_op_DEPTHWISE_CONV_2D,
 *                                       kinglet_op_AVERAGE_POOL_2D, kinglet_op_RESHAPE,
 *                                       kinglet_op_SOFTMAX };
 *
 *     kinglet_interpreter *interpreter;
 *     kinglet_error error;
 *     if (kinglet_load(model, model_len, arena, sizeof arena, ops, sizeof ops / sizeof ops[0],
 *                      &interpreter, &error) != KINGLET_OK) {
 *         // error.status says what, the other fields where (see kinglet_error)
 *     }
 *     kinglet_tensor input;
 *     kinglet_input(interpreter, 0, &input);        // input.data: input.bytes bytes of input.type
 *     fill(input.data, input.bytes);
 *     if (kinglet_invoke(interpreter, &error) == KINGLET_OK) {
 *         kinglet_tensor output;
 *         kinglet_output(interpreter, 0, &output); // read output.data
 *     }
 *
 * Memory: everything a loaded model needs lives in the caller's arena — the interpreter record,
 * operator data, tensor pointers and all activations. Weights stay in the model bytes, which must
 * stay valid (and unchanged) for as long as the interpreter is used. kinglet_arena_used() gives the
 * exact size to use: an arena of exactly that many bytes (at the same 16-byte alignment) works.
 * Nothing is freed: to load another model, reuse the arena (the old interpreter is then invalid).
 *
 * Threads and interrupts: an interpreter is not reentrant; use one from one context at a time.
 * Different interpreters in different arenas are independent.
 *
 * Embedded Swift firmware does not need this header: it uses the Swift API (KingletRuntime:
 * Model.verify, Interpreter, OpResolver, OpRegistration.conv2D, ...) directly.
 */
#ifndef KINGLET_H
#define KINGLET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes (stable: values never change) ------------------------------------------- */

typedef enum {
    KINGLET_OK = 0,
    /* The model bytes failed verification (not a TFLite flatbuffer, or an offset, length or
       alignment inside it is wrong). error.reason is a kinglet_verify_reason; error.byte_offset
       is where in the model. */
    KINGLET_INVALID_MODEL = 1,
    /* The model uses an operator that is not in the `ops` list given to kinglet_load (or that
       Kinglet has, but not for these tensor types: error.reason 2). error.operator_index is the
       first operator that uses it, error.opcode its BuiltinOperator code. */
    KINGLET_UNSUPPORTED_OPERATOR = 2,
    /* The bytes verify, but the graph is semantically invalid: a tensor index out of range, a
       shape whose size overflows, a constant buffer shorter than its tensor, ... */
    KINGLET_INVALID_GRAPH = 3,
    /* An operator's prepare rejected its tensors or options. error.operator_index, error.opcode. */
    KINGLET_PREPARE_FAILED = 4,
    /* The arena cannot hold the model: error.expected is the exact number of bytes needed (0 when
       the arena is too small even to find out), error.actual the arena's size. */
    KINGLET_ARENA_TOO_SMALL = 5,
    /* A NULL pointer, an index out of range, a model pointer not aligned to 16 bytes, ... */
    KINGLET_BAD_ARGUMENT = 6,
    /* A data-dependent check failed while running: error.operator_index, error.opcode,
       error.reason (a kinglet_invoke_reason). The outputs are undefined; the interpreter can be
       invoked again. */
    KINGLET_INVOKE_FAILED = 7
} kinglet_status;

/* error.reason for KINGLET_INVALID_MODEL: what the verifier found at error.byte_offset. */
typedef enum {
    KINGLET_VERIFY_BUFFER_SIZE = 1,        /* error.actual: the size (under 8 bytes or over 2 GiB) */
    KINGLET_VERIFY_OUT_OF_BOUNDS = 2,      /* a read of error.expected bytes leaves the buffer */
    KINGLET_VERIFY_MISALIGNED = 3,         /* a value not aligned to error.expected bytes */
    KINGLET_VERIFY_INVALID_VTABLE = 4,     /* error.actual: the vtable size */
    KINGLET_VERIFY_FIELD_OUTSIDE_TABLE = 5,/* error.actual: the field number */
    KINGLET_VERIFY_VECTOR_TOO_LONG = 6,    /* error.actual: the element count */
    KINGLET_VERIFY_UNTERMINATED_STRING = 7,
    KINGLET_VERIFY_UNION_WITHOUT_VALUE = 8,/* error.actual: the union type */
    KINGLET_VERIFY_UNKNOWN_UNION_TYPE = 9, /* error.actual: the union type */
    KINGLET_VERIFY_MISSING_FIELD = 10,
    KINGLET_VERIFY_DEPTH_LIMIT = 11,       /* error.expected: the limit */
    KINGLET_VERIFY_TABLE_LIMIT = 12,       /* error.expected: the limit */
    KINGLET_VERIFY_IDENTIFIER = 13         /* not a TFL3 file and no valid identifier-less root */
} kinglet_verify_reason;

/* error.reason for KINGLET_UNSUPPORTED_OPERATOR. */
typedef enum {
    KINGLET_UNSUPPORTED_NOT_REGISTERED = 1, /* no registration for this opcode (or custom code) */
    KINGLET_UNSUPPORTED_TENSOR_TYPES = 2    /* registered, but not for these tensor types */
} kinglet_unsupported_reason;

/* error.reason for KINGLET_INVOKE_FAILED. */
typedef enum {
    KINGLET_INVOKE_SOFTMAX_RANGE = 1,     /* softmax exponent sum too large for the output type */
    KINGLET_INVOKE_VARIABLE_MISMATCH = 2  /* resource variable read before it was assigned */
} kinglet_invoke_reason;

/* ---- Errors -------------------------------------------------------------------------------- */

/* What went wrong and where. Every field is an integer, so no text is needed on the device;
   fields that do not apply are -1 (indices, offsets, opcode) or 0 (reason, expected, actual). */
typedef struct {
    int32_t status;         /* a kinglet_status, the same value the function returned */
    int32_t reason;         /* sub-code (kinglet_verify_reason, ...), 0 if none */
    int32_t operator_index; /* operator in the main subgraph, -1 if none */
    int32_t opcode;         /* TFLite BuiltinOperator code of that operator, -1 if none */
    int32_t tensor_index;   /* tensor in the main subgraph, -1 if none */
    int32_t byte_offset;    /* byte offset into the model, -1 if none */
    int32_t expected;       /* e.g. the arena bytes needed */
    int32_t actual;         /* e.g. the arena bytes given */
} kinglet_error;

/* ---- Tensors ------------------------------------------------------------------------------- */

/* TFLite TensorType values (kinglet_tensor.type). */
enum {
    KINGLET_FLOAT32 = 0, KINGLET_FLOAT16 = 1, KINGLET_INT32 = 2, KINGLET_UINT8 = 3,
    KINGLET_INT64 = 4, KINGLET_BOOL = 6, KINGLET_INT16 = 7, KINGLET_INT8 = 9,
    KINGLET_UINT32 = 15, KINGLET_UINT16 = 16
};

/* An input or output tensor: where its bytes are and how to read them. */
typedef struct {
    void *data;          /* in the arena; NULL only for a tensor no operator uses */
    uint32_t bytes;      /* size of data */
    int32_t type;        /* TFLite TensorType value: 0 FLOAT32, 2 INT32, 7 INT16, 9 INT8, ... */
    int32_t rank;        /* number of dimensions; dims holds the first 6 */
    int32_t dims[6];     /* row-major (NHWC for images) */
    float scale;         /* quantization: real = scale * (q - zero_point); 0 if not quantized */
    int32_t zero_point;  /* 0 if not quantized */
} kinglet_tensor;

/* ---- The interpreter ----------------------------------------------------------------------- */

/* Opaque. It lives at the start of the caller's arena (aligned to 16 bytes). */
typedef struct kinglet_interpreter kinglet_interpreter;

/* One per operator: writes Kinglet's registration for it into the slot kinglet_load provides.
   Pass the ones your model uses to kinglet_load; the linker keeps only those. */
typedef void (*kinglet_op)(void *registration_out);

/* Verifies `model` (model_bytes long, 16-byte aligned, e.g. in flash), resolves every operator
   against `ops` (op_count entries), prepares them and plans all tensors inside `arena`. On
   KINGLET_OK, *interpreter is valid until the arena is reused. On failure, *interpreter is NULL
   and, when `error` is not NULL, *error says what and where. Several unsupported operators are
   reported as one error naming the first. */
kinglet_status kinglet_load(const void *model, uint32_t model_bytes, void *arena, uint32_t arena_bytes,
                            const kinglet_op *ops, uint32_t op_count, kinglet_interpreter **interpreter,
                            kinglet_error *error /* may be NULL */);

/* The exact arena size this model needs, counted from the start of the arena given to
   kinglet_load (including the interpreter record and any alignment padding). */
uint32_t kinglet_arena_used(const kinglet_interpreter *interpreter);

/* The main subgraph's inputs and outputs. */
uint32_t kinglet_input_count(const kinglet_interpreter *interpreter);
uint32_t kinglet_output_count(const kinglet_interpreter *interpreter);

/* Describes input / output `index` (KINGLET_BAD_ARGUMENT when out of range). Write inputs through
   out->data before kinglet_invoke; read outputs after it. The pointers stay valid as long as the
   interpreter; intermediate tensors may share the same memory, so outputs are only meaningful
   after a successful invoke, and inputs must be rewritten before each invoke. */
kinglet_status kinglet_input(const kinglet_interpreter *interpreter, uint32_t index, kinglet_tensor *out);
kinglet_status kinglet_output(const kinglet_interpreter *interpreter, uint32_t index, kinglet_tensor *out);

/* Runs every operator once. Allocates nothing. State (resource variables of streaming models)
   is kept between invokes. */
kinglet_status kinglet_invoke(kinglet_interpreter *interpreter, kinglet_error *error /* may be NULL */);

/* ---- Operators (TFLite BuiltinOperator spelling; int8 unless noted, † float32 too) ---------- */
/* Generated by tools/gen_operators.py from tools/operators.tsv; do not edit. */

void kinglet_op_ADD(void *registration_out);                                        /* † int16 and int32 too */
void kinglet_op_ASSIGN_VARIABLE(void *registration_out);
void kinglet_op_AVERAGE_POOL_2D(void *registration_out);                            /* † int16 too */
void kinglet_op_BATCH_MATMUL(void *registration_out);                               /* † int16 too */
void kinglet_op_CALL_ONCE(void *registration_out);
void kinglet_op_CAST(void *registration_out);                                       /* † int8/int16/int32/uint32/float32/bool */
void kinglet_op_CONCATENATION(void *registration_out);                              /* † */
void kinglet_op_CONV_2D(void *registration_out);                                    /* † int8 and 16x8 */
void kinglet_op_CUSTOM_LceBMaxPool2d(void *registration_out);                       /* Larq */
void kinglet_op_CUSTOM_LceBconv2d(void *registration_out);                          /* † Larq binary convolution */
void kinglet_op_CUSTOM_LceDequantize(void *registration_out);                       /* † Larq: float32, int8 or bool out */
void kinglet_op_CUSTOM_LceQuantize(void *registration_out);                         /* † Larq: float32, int8 or bool in */
void kinglet_op_CUSTOM_SignalEnergy(void *registration_out);                        /* int16→uint32 */
void kinglet_op_CUSTOM_SignalFftAutoScale(void *registration_out);                  /* int16 */
void kinglet_op_CUSTOM_SignalFilterBank(void *registration_out);                    /* uint32→uint64 */
void kinglet_op_CUSTOM_SignalFilterBankLog(void *registration_out);                 /* uint32→int16 */
void kinglet_op_CUSTOM_SignalFilterBankSpectralSubtraction(void *registration_out); /* uint32 */
void kinglet_op_CUSTOM_SignalFilterBankSquareRoot(void *registration_out);          /* uint64→uint32 */
void kinglet_op_CUSTOM_SignalPCAN(void *registration_out);                          /* uint32 */
void kinglet_op_CUSTOM_SignalRfft(void *registration_out);                          /* † int16 */
void kinglet_op_CUSTOM_SignalWindow(void *registration_out);                        /* int16 */
void kinglet_op_DEPTHWISE_CONV_2D(void *registration_out);                          /* † int8 and 16x8 */
void kinglet_op_DEQUANTIZE(void *registration_out);                                 /* int8 and int16 */
void kinglet_op_DIV(void *registration_out);                                        /* † int32 too */
void kinglet_op_EXPAND_DIMS(void *registration_out);
void kinglet_op_FLOOR(void *registration_out);                                      /* † float32 only */
void kinglet_op_FULLY_CONNECTED(void *registration_out);                            /* † int8 and 16x8 */
void kinglet_op_HARD_SWISH(void *registration_out);                                 /* † */
void kinglet_op_LEAKY_RELU(void *registration_out);                                 /* † */
void kinglet_op_LOGISTIC(void *registration_out);                                   /* † int16 too */
void kinglet_op_MAXIMUM(void *registration_out);                                    /* † */
void kinglet_op_MAX_POOL_2D(void *registration_out);                                /* † int16 too */
void kinglet_op_MEAN(void *registration_out);                                       /* † int16 too */
void kinglet_op_MINIMUM(void *registration_out);                                    /* † */
void kinglet_op_MUL(void *registration_out);                                        /* † int16 and int32 too */
void kinglet_op_PACK(void *registration_out);                                       /* † */
void kinglet_op_PAD(void *registration_out);                                        /* † int16 and int32 too */
void kinglet_op_PADV2(void *registration_out);                                      /* † int16 and int32 too */
void kinglet_op_QUANTIZE(void *registration_out);                                   /* int8, int16, int32 */
void kinglet_op_READ_VARIABLE(void *registration_out);
void kinglet_op_REDUCE_MAX(void *registration_out);                                 /* † */
void kinglet_op_REDUCE_MIN(void *registration_out);                                 /* † */
void kinglet_op_RELU(void *registration_out);                                       /* † */
void kinglet_op_RELU6(void *registration_out);                                      /* † */
void kinglet_op_RESHAPE(void *registration_out);
void kinglet_op_SOFTMAX(void *registration_out);                                    /* † int8→int8, int8→int16 and int16→int16 */
void kinglet_op_SPLIT(void *registration_out);                                      /* † */
void kinglet_op_SPLIT_V(void *registration_out);                                    /* † */
void kinglet_op_SQUEEZE(void *registration_out);
void kinglet_op_STRIDED_SLICE(void *registration_out);                              /* † */
void kinglet_op_SUB(void *registration_out);                                        /* † int16 and int32 too */
void kinglet_op_SUM(void *registration_out);                                        /* † int16 too */
void kinglet_op_SVDF(void *registration_out);                                       /* † int8 with int16 or int8 state */
void kinglet_op_TANH(void *registration_out);                                       /* † int16 too */
void kinglet_op_TRANSPOSE(void *registration_out);                                  /* † */
void kinglet_op_TRANSPOSE_CONV(void *registration_out);                             /* † int8 and 16x8 */
void kinglet_op_UNIDIRECTIONAL_SEQUENCE_LSTM(void *registration_out);               /* † int8 and 16x8 (int16 cell state) */
void kinglet_op_UNPACK(void *registration_out);                                     /* † */
void kinglet_op_VAR_HANDLE(void *registration_out);

/* int8-only variants (as TFLM's Register_..._INT8): the same operator without its float (and
   int16) kernels, for firmware whose model uses it with int8 tensors only. The linker then drops
   those kernels. `kinglet budget --target cortex-m4 --json` lists the entry points a model needs
   (device.operators), picking these where they apply. */
void kinglet_op_AVERAGE_POOL_2D_INT8(void *registration_out);
void kinglet_op_CONV_2D_INT8(void *registration_out);
void kinglet_op_DEPTHWISE_CONV_2D_INT8(void *registration_out);
void kinglet_op_FULLY_CONNECTED_INT8(void *registration_out);
void kinglet_op_MAX_POOL_2D_INT8(void *registration_out);
void kinglet_op_SOFTMAX_INT8(void *registration_out);

/* ---- Messages (define KINGLET_NO_MESSAGES to compile them out) ------------------------------ */

#ifndef KINGLET_NO_MESSAGES
/* A short English description of a status, for logs. */
static inline const char *kinglet_status_message(kinglet_status status) {
    switch (status) {
    case KINGLET_OK: return "ok";
    case KINGLET_INVALID_MODEL: return "invalid model: the bytes failed verification";
    case KINGLET_UNSUPPORTED_OPERATOR: return "unsupported operator";
    case KINGLET_INVALID_GRAPH: return "invalid model: the graph is semantically invalid";
    case KINGLET_PREPARE_FAILED: return "an operator rejected its tensors or options";
    case KINGLET_ARENA_TOO_SMALL: return "arena too small";
    case KINGLET_BAD_ARGUMENT: return "bad argument";
    case KINGLET_INVOKE_FAILED: return "invoke failed";
    }
    return "unknown status";
}
#endif

/* The layout the library was built with (checked at compile time). */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(kinglet_error) == 32, "kinglet_error is 8 int32_t");
_Static_assert(offsetof(kinglet_tensor, bytes) == sizeof(void *), "kinglet_tensor: data, then 32-bit fields");
_Static_assert(offsetof(kinglet_tensor, zero_point) == sizeof(void *) + 40, "kinglet_tensor: 11 32-bit fields");
#endif

#ifdef __cplusplus
}
#endif

#endif /* KINGLET_H */
