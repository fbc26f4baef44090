// KingletKernels
