/* Reset, vector table and fault handling for the Cortex-M4F of QEMU's mps2-an386. */
#include <stdint.h>
#include "firmware.h"
#include "semihost.h"

extern uint32_t __stack_bottom[], __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
int main(void);

#define STACK_PAINT 0x5AC3A55Cu

void Reset_Handler(void);
void Fault_Handler(void);
static void Default_Handler(void) { fw_fail(FW_EXIT_FAULT, "unexpected exception"); }

__attribute__((section(".vectors"), used))
static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top, Reset_Handler,
    Default_Handler,  /* NMI */
    Fault_Handler,    /* HardFault */
    Fault_Handler,    /* MemManage */
    Fault_Handler,    /* BusFault */
    Fault_Handler,    /* UsageFault */
    0, 0, 0, 0,
    Default_Handler,  /* SVCall */
    Default_Handler,  /* DebugMonitor */
    0,
    Default_Handler,  /* PendSV */
    Default_Handler,  /* SysTick */
};

__attribute__((naked, noreturn)) void Reset_Handler(void) {
    /* FPU first: Swift code uses VFP instructions (CPACR: CP10 and CP11 full access). */
    __asm__ volatile(
        "ldr r0, =0xE000ED88\n"
        "ldr r1, [r0]\n"
        "orr r1, r1, #(0xF << 20)\n"
        "str r1, [r0]\n"
        "dsb\n"
        "isb\n"
        "b fw_reset_c\n");
}

__attribute__((noreturn, used)) void fw_reset_c(void) {
    for (uint32_t *d = __data_start, *s = __data_load; d < __data_end;) *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;) *d++ = 0;
    /* Paint the stack below this frame, for the high-water mark. */
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = __stack_bottom; p < sp - 16; p++) *p = STACK_PAINT;
    sh_exit(main());
}

uint32_t fw_stack_used(void) {
    const uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == STACK_PAINT) p++;
    return (uint32_t)((const char *)__stack_top - (const char *)p);
}

uint32_t fw_stack_capacity(void) { return (uint32_t)((const char *)__stack_top - (const char *)__stack_bottom); }

/* Faults: name the fault and where, then exit with FW_EXIT_FAULT (or FW_EXIT_TRAP for a Swift
   runtime trap, which is an undefined instruction `udf`). */
__attribute__((naked)) void Fault_Handler(void) {
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "b fw_fault_report\n");
}

__attribute__((noreturn, used)) void fw_fault_report(const uint32_t *frame) {
    volatile uint32_t *const cfsr = (uint32_t *)0xE000ED28, *const hfsr = (uint32_t *)0xE000ED2C;
    volatile uint32_t *const bfar = (uint32_t *)0xE000ED38;
    uint32_t pc = frame[6];
    uint32_t status = *cfsr;
    int trap = 0;
    if (status & (1u << 16)) { /* UNDEFINSTR: a Swift trap is `udf #254` (0xDEFE) */
        uint16_t instruction = *(const uint16_t *)(pc & ~1u);
        trap = (instruction & 0xFF00u) == 0xDE00u;
    }
    char line[160];
    char *end = line;
    end = fw_append(end, trap ? "fault: Swift runtime trap (a precondition or overflow check failed) at pc=0x"
                              : "fault: hard fault at pc=0x");
    end = fw_append_hex(end, pc);
    end = fw_append(end, " cfsr=0x");
    end = fw_append_hex(end, status);
    end = fw_append(end, " hfsr=0x");
    end = fw_append_hex(end, *hfsr);
    if (status & (1u << 15)) { end = fw_append(end, " bfar=0x"); end = fw_append_hex(end, *bfar); }
    end = fw_append(end, "\n");
    *end = 0;
    sh_write_stderr(line);
    sh_exit(trap ? FW_EXIT_TRAP : FW_EXIT_FAULT);
}

/* Swift's stack protector. */
uintptr_t __stack_chk_guard = 0x4B1D4E7Fu;
__attribute__((noreturn)) void __stack_chk_fail(void) { fw_fail(FW_EXIT_FAULT, "fault: stack smashing detected"); }

/* abort() (libgcc's unwinder, which the C++ Unicode tables drag in, refers to it): newlib's would
   pull in signal handling and, through it, malloc. */
__attribute__((noreturn)) void abort(void) { fw_fail(FW_EXIT_FAULT, "fault: abort() called"); }
