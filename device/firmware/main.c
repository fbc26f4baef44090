/* Kinglet's reference firmware: loads the model linked into flash, reads the inputs from
   semihosting files input<N>.bin, invokes once, writes output<N>.bin, and writes what it measured
   to result.txt (key=value lines). Everything goes through include/kinglet.h. */
#include <stdint.h>
#include "firmware.h"
#include "semihost.h"

#ifndef FW_ARENA_BYTES
#define FW_ARENA_BYTES (1536u * 1024u)
#endif

extern const unsigned char kinglet_model[], kinglet_model_end[];

__attribute__((section(".arena"), aligned(16)))
static unsigned char arena[FW_ARENA_BYTES];

/* --- CMSDK APB timer 0: counts down at 25 MHz; with -icount shift=0 one instruction is 1 ns. -- */
#define TIMER0_CTRL (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)
#define NS_PER_TICK 40u

static void timer_start(void) {
    TIMER0_CTRL = 0;
    TIMER0_RELOAD = 0xFFFFFFFFu;
    TIMER0_VALUE = 0xFFFFFFFFu;
    TIMER0_CTRL = 1;
}
static uint32_t timer_now(void) { return TIMER0_VALUE; }

/* A loop of exactly 2 * iterations instructions (subs, bne), timed like invoke: run.sh checks the
   figure, so a timer clock other than the one assumed here cannot go unnoticed. */
#define CALIBRATION_ITERATIONS 250000u
static int64_t timer_calibration(void) {
    uint32_t count = CALIBRATION_ITERATIONS;
    uint32_t start = timer_now();
    __asm__ volatile(
        "1: subs %0, %0, #1\n"
        "   bne 1b\n"
        : "+r"(count) : : "cc");
    uint32_t end = timer_now();
    return (int64_t)(start - end) * NS_PER_TICK;
}

/* --- text ---------------------------------------------------------------------------------- */
char *fw_append(char *end, const char *text) {
    while (*text) *end++ = *text++;
    return end;
}

char *fw_append_hex(char *end, uint32_t value) {
    for (int shift = 28; shift >= 0; shift -= 4) *end++ = "0123456789abcdef"[(value >> shift) & 0xF];
    return end;
}

char *fw_append_int(char *end, int64_t value) {
    char digits[24];
    int n = 0;
    uint64_t magnitude = value < 0 ? (uint64_t)(-(value + 1)) + 1 : (uint64_t)value;
    if (value < 0) *end++ = '-';
    do { digits[n++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude);
    while (n) *end++ = digits[--n];
    return end;
}

void fw_fail(int code, const char *message) {
    char line[200];
    char *end = fw_append(line, message);
    *end++ = '\n';
    *end = 0;
    sh_write_stderr(line);
    sh_exit(code);
}

static char result[2048];
static char *result_end = result;

static void put(const char *key, int64_t value) {
    if (result_end + 64 > result + sizeof result) fw_fail(FW_EXIT_IO, "firmware: result.txt too long");
    result_end = fw_append(result_end, key);
    *result_end++ = '=';
    result_end = fw_append_int(result_end, value);
    *result_end++ = '\n';
}

static void put_indexed(const char *prefix, uint32_t index, const char *suffix, int64_t value) {
    char key[48];
    char *end = fw_append(key, prefix);
    end = fw_append_int(end, index);
    end = fw_append(end, suffix);
    *end = 0;
    put(key, value);
}

static void put_dims(uint32_t index, const kinglet_tensor *tensor) {
    put_indexed("output", index, "_type", tensor->type);
    put_indexed("output", index, "_rank", tensor->rank);
    for (int32_t d = 0; d < tensor->rank && d < 6; d++) {
        char key[48];
        char *end = fw_append(key, "output");
        end = fw_append_int(end, index);
        end = fw_append(end, "_dim");
        end = fw_append_int(end, d);
        *end = 0;
        put(key, tensor->dims[d]);
    }
    put_indexed("output", index, "_bytes", tensor->bytes);
}

static void file_name(char *buffer, const char *stem, uint32_t index) {
    char *end = fw_append(buffer, stem);
    end = fw_append_int(end, index);
    end = fw_append(end, ".bin");
    *end = 0;
}

static void put_error(const char *stage, const kinglet_error *error) {
    result_end = fw_append(result_end, "stage=");
    result_end = fw_append(result_end, stage);
    *result_end++ = '\n';
    put("status", error->status);
    put("reason", error->reason);
    put("operator_index", error->operator_index);
    put("opcode", error->opcode);
    put("tensor_index", error->tensor_index);
    put("byte_offset", error->byte_offset);
    put("expected", error->expected);
    put("actual", error->actual);
}

static void put_memory(void) {
    put("stack_bytes", fw_stack_used());
    put("stack_capacity", fw_stack_capacity());
#if KINGLET_HEAP_SHIM
    put("heap_shim", 1);
    put("heap_bytes", fw_heap_peak());
    put("heap_total_allocated", fw_heap_total());
#else
    put("heap_shim", 0);
    put("heap_bytes", 0); /* by construction: the firmware links no allocator */
#endif
}

static void write_result(void) {
    int32_t handle = sh_open("result.txt", SH_WRITE_BINARY);
    if (handle < 0) fw_fail(FW_EXIT_IO, "firmware: cannot create result.txt");
    if (sh_write(handle, result, (uint32_t)(result_end - result)) != 0) fw_fail(FW_EXIT_IO, "firmware: cannot write result.txt");
    sh_close(handle);
}

/* FW_SELFTEST (tools/device/conformance.py): 1 a bus fault, 2 an undefined instruction (what a
   Swift trap is), 3 a hang; each must reach run.sh as its exit status 2. */
static void selftest(void) {
#if defined(FW_SELFTEST) && FW_SELFTEST == 1
    (void)*(volatile uint32_t *)0xF0000000u;
#elif defined(FW_SELFTEST) && FW_SELFTEST == 2
    __asm__ volatile("udf #254");
#elif defined(FW_SELFTEST) && FW_SELFTEST == 3
    for (;;) __asm__ volatile("");
#endif
}

int main(void) {
    selftest();
    kinglet_error error;
    kinglet_interpreter *interpreter = 0;
    const uint32_t model_bytes = (uint32_t)(kinglet_model_end - kinglet_model);

    timer_start();
    put("calibration_expected", 2 * (int64_t)CALIBRATION_ITERATIONS);
    put("calibration_instructions", timer_calibration());
    uint32_t t0 = timer_now();
    kinglet_status status = kinglet_load(kinglet_model, model_bytes, arena, sizeof arena, fw_ops, fw_op_count,
                                         &interpreter, &error);
    uint32_t t1 = timer_now();
    put("load_instructions", (int64_t)(t0 - t1) * NS_PER_TICK);
    put("arena_capacity", sizeof arena);
    put("model_bytes", model_bytes);
    if (status != KINGLET_OK) {
        put_error("load", &error);
        put_memory();
        write_result();
        return FW_EXIT_OK;
    }
    put("arena_bytes", kinglet_arena_used(interpreter));
    const uint32_t inputs = kinglet_input_count(interpreter), outputs = kinglet_output_count(interpreter);
    put("inputs", inputs);
    put("outputs", outputs);

    /* Inputs: input<N>.bin, exactly the tensor's bytes. No files at all: load only. */
    char name[32];
    for (uint32_t i = 0; i < inputs; i++) {
        kinglet_tensor tensor;
        if (kinglet_input(interpreter, i, &tensor) != KINGLET_OK) fw_fail(FW_EXIT_IO, "firmware: kinglet_input failed");
        file_name(name, "input", i);
        int32_t handle = sh_open(name, SH_READ_BINARY);
        if (handle < 0) {
            if (i == 0) {
                result_end = fw_append(result_end, "stage=loaded\nstatus=0\n");
                put_memory();
                write_result();
                return FW_EXIT_OK;
            }
            fw_fail(FW_EXIT_IO, "firmware: an input file is missing");
        }
        put_indexed("input", i, "_bytes", tensor.bytes);
        if (sh_length(handle) != (int32_t)tensor.bytes) fw_fail(FW_EXIT_IO, "firmware: an input file has the wrong size");
        if (tensor.bytes && (!tensor.data || sh_read(handle, tensor.data, tensor.bytes) != 0))
            fw_fail(FW_EXIT_IO, "firmware: cannot read an input file");
        sh_close(handle);
    }

    uint32_t t2 = timer_now();
    status = kinglet_invoke(interpreter, &error);
    uint32_t t3 = timer_now();
    put("instructions_per_invoke", (int64_t)(t2 - t3) * NS_PER_TICK);
    if (status != KINGLET_OK) {
        put_error("invoke", &error);
        put_memory();
        write_result();
        return FW_EXIT_OK;
    }

    for (uint32_t i = 0; i < outputs; i++) {
        kinglet_tensor tensor;
        if (kinglet_output(interpreter, i, &tensor) != KINGLET_OK) fw_fail(FW_EXIT_IO, "firmware: kinglet_output failed");
        put_dims(i, &tensor);
        file_name(name, "output", i);
        int32_t handle = sh_open(name, SH_WRITE_BINARY);
        if (handle < 0) fw_fail(FW_EXIT_IO, "firmware: cannot create an output file");
        if (tensor.bytes && (!tensor.data || sh_write(handle, tensor.data, tensor.bytes) != 0))
            fw_fail(FW_EXIT_IO, "firmware: cannot write an output file");
        sh_close(handle);
    }
    result_end = fw_append(result_end, "stage=done\nstatus=0\n");
    put_memory();
    write_result();
    return FW_EXIT_OK;
}
