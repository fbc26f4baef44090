/* Reset, vector table and fault handling for the TFLM harness on QEMU's mps2-an386 (TFLM is built
   soft-float: no FPU set-up). Static constructors run before main. */
#include <stdint.h>
#include "semihost.h"

extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
int main(void);

void Reset_Handler(void);
static void Fault_Handler(void) {
    sh_write_stderr("fault: hard fault or unexpected exception\n");
    sh_exit(70);
}

__attribute__((section(".vectors"), used))
static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top, Reset_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    0, 0, 0, 0,
    Fault_Handler, Fault_Handler, 0, Fault_Handler, Fault_Handler,
};

__attribute__((noreturn)) void Reset_Handler(void) {
    for (uint32_t *d = __data_start, *s = __data_load; d < __data_end;) *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;) *d++ = 0;
    for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) (*f)();
    sh_exit(main());
}

/* What newlib or libstdc++ pieces may refer to; none is reached in a run that succeeds. */
__attribute__((noreturn)) void abort(void) {
    sh_write_stderr("fault: abort() called\n");
    sh_exit(70);
}
void *__dso_handle = 0;
