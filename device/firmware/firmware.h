/* Shared by the reference firmware's files. */
#ifndef FW_FIRMWARE_H
#define FW_FIRMWARE_H
#include <stdint.h>

/* Exit codes (run.sh maps every one but FW_EXIT_OK to its exit 2). */
enum {
    FW_EXIT_OK = 0,        /* result.txt written (it holds Kinglet's status, which may be an error) */
    FW_EXIT_IO = 64,       /* a semihosting file could not be read or written */
    FW_EXIT_FAULT = 70,    /* hard fault, bus fault, stack smashing, unexpected exception */
    FW_EXIT_TRAP = 71      /* a Swift runtime trap (failed precondition / overflow check) */
};

__attribute__((noreturn)) void fw_fail(int code, const char *message);
char *fw_append(char *end, const char *text);
char *fw_append_hex(char *end, uint32_t value);
char *fw_append_int(char *end, int64_t value);
uint32_t fw_stack_used(void);
uint32_t fw_stack_capacity(void);

/* The heap shim (heap_shim.c, linked only with KINGLET_HEAP_SHIM=1). */
uint32_t fw_heap_peak(void);
uint32_t fw_heap_total(void);

/* Generated per model (run.sh): the operators to register. */
#include "kinglet.h"
extern const kinglet_op fw_ops[];
extern const uint32_t fw_op_count;
#endif
