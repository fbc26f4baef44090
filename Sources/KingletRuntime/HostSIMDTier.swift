// Which host SIMD tier the host kernels run (x86-64 hosts; see docs/architecture.md, "Host SIMD
// tiers"). Chosen at prepare from the CPU (KingletHostCPU: CPUID through
// __builtin_cpu_supports) and the environment variable KINGLET_HOST_ISA=baseline, which forces
// the SSE2 kernels of KingletKernels. Compiled out of the Cortex-M4 build.

#if !arch(arm)
    #if canImport(KingletHostCPU)
        import KingletHostCPU
    #endif

    public enum HostSIMDTier: Int32, Sendable {
        /// SSE2, the x86-64 baseline (and any non-x86 host): KingletKernels' host kernels.
        case baseline = 0
        /// AVX-512 F/BW/DQ/VL/CD/VNNI (KingletKernelsX86V4, -target-cpu cascadelake).
        case avx512 = 2

        /// The tier prepare picks: the CPU's best, unless KINGLET_HOST_ISA lowers it.
        public static var current: HostSIMDTier {
            #if canImport(KingletHostCPU)
                return HostSIMDTier(rawValue: kinglet_host_isa()) ?? .baseline
            #else
                return .baseline
            #endif
        }

        /// The CPU's best tier, whatever KINGLET_HOST_ISA says.
        public static var supported: HostSIMDTier {
            #if canImport(KingletHostCPU)
                return HostSIMDTier(rawValue: kinglet_host_isa_supported()) ?? .baseline
            #else
                return .baseline
            #endif
        }

        public var name: String {
            switch self {
            case .baseline: return "baseline"
            case .avx512: return "avx512"
            }
        }
    }
#endif
