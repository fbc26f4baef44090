// Which host SIMD tier this CPU runs (x86-64 hosts; see docs/architecture.md, "Host SIMD tiers").
#ifndef KINGLET_HOST_CPU_H
#define KINGLET_HOST_CPU_H

/// The SSE2 baseline of every x86-64 CPU: the kernels of KingletKernels.
#define KINGLET_HOST_ISA_BASELINE 0
/// KingletKernelsX86V4 (-target-cpu cascadelake): AVX-512 F/BW/DQ/VL/CD/VNNI with AVX2, FMA, F16C,
/// BMI1/2, LZCNT, POPCNT, MOVBE, ADX and SSE4.2, and the OS saving the AVX-512 state.
#define KINGLET_HOST_ISA_AVX512 2

/// The highest tier the CPU supports, lowered by the environment variable KINGLET_HOST_ISA
/// (`baseline` or `avx512`; a tier the CPU lacks is never chosen). Computed once.
int kinglet_host_isa(void);

/// The highest tier the CPU supports, ignoring KINGLET_HOST_ISA (tests run every supported tier).
int kinglet_host_isa_supported(void);

#endif
