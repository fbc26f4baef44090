// The host SIMD tier from CPUID (through the compiler's __builtin_cpu_supports, which also checks
// that the OS saves the AVX and AVX-512 registers) and the KINGLET_HOST_ISA override.
#include "KingletHostCPU.h"

#include <stdlib.h>
#include <string.h>

int kinglet_host_isa_supported(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    // Every feature -target-cpu cascadelake lets LLVM emit in ordinary code.
    int avx512 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("lzcnt")
        && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("movbe") && __builtin_cpu_supports("adx")
        && __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512vnni");
    return avx512 ? KINGLET_HOST_ISA_AVX512 : KINGLET_HOST_ISA_BASELINE;
#else
    return KINGLET_HOST_ISA_BASELINE;
#endif
}

static int chosen = -1;

int kinglet_host_isa(void) {
    // Races are benign: every thread computes the same value.
    if (chosen < 0) {
        int isa = kinglet_host_isa_supported();
        const char *forced = getenv("KINGLET_HOST_ISA");
        if (forced != NULL && strcmp(forced, "baseline") == 0) isa = KINGLET_HOST_ISA_BASELINE;
        chosen = isa;
    }
    return chosen;
}
