// FULLY_CONNECTED int8, host only (compiled out of the Cortex-M4 build: the firmware does not
// grow); the oracle is the scalar loop of FullyConnected.invoke (HostFullyConnectedTests compare
// the two on seeded random cases). The same int32 sums of (w - filter zp) · (x - input zp) mod
// 2^32, the same bias and requantization; only the dot product differs: both factors are
// widened to Int16 first (|w + offset| and |x + offset| stay below 2^9 for offsets within
// ±256), a form LLVM turns into SSE2 pmaddwd (int16 products summed in pairs into int32 lanes,
// exact). Offsets beyond ±256 (hostile zero points) keep the scalar loop.

#if !arch(arm)
    extension FullyConnected {
        /// Whether `hostInvoke` applies: input and filter offsets whose Int16 sums cannot wrap.
        var hostApplies: Bool {
            inputOffset >= -256 && inputOffset <= 256 && filterOffset >= -256 && filterOffset <= 256
        }

        /// As the int8 `invoke`, for `hostApplies` kernels.
        func hostInvoke(
            input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
            output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
        ) {
            let (channelMultipliers, channelShifts) = perChannelTables(in: scratch)
            let depth = accumulationDepth
            let inputOffset = Int16(truncatingIfNeeded: self.inputOffset)
            // The per-channel path ignores the filter zero point, as TFLM's.
            let filterOffset = channelMultipliers == nil ? Int16(truncatingIfNeeded: self.filterOffset) : 0
            var batch = 0
            while batch < batches {
                let inputRow = input + batch &* depth
                let outputRow = output + batch &* outputDepth
                var channel = 0
                while channel < outputDepth {
                    var accumulator = dot(inputRow, inputOffset, filter + channel &* depth, filterOffset, depth)
                    if let bias { accumulator &+= bias[channel] }
                    if let channelMultipliers, let channelShifts {
                        accumulator = multiplyByQuantizedMultiplier(
                            accumulator, channelMultipliers[channel], channelShifts[channel])
                    } else {
                        accumulator = outputMultiplier.apply(accumulator)
                    }
                    outputRow[channel] = Int8(truncatingIfNeeded: activationRange.clamp(accumulator &+ outputZeroPoint))
                    channel &+= 1
                }
                batch &+= 1
            }
        }
    }

    /// Σ (w + filterOffset) · (x + inputOffset) over `count` values, wrapping; the Int16 factors
    /// make LLVM's pmaddwd pattern.
    @inline(__always)
    private func dot(
        _ x: UnsafePointer<Int8>, _ inputOffset: Int16, _ w: UnsafePointer<Int8>, _ filterOffset: Int16, _ count: Int
    ) -> Int32 {
        var sum: Int32 = 0
        var index = 0
        while index < count {
            sum &+= Int32(Int16(w[index]) &+ filterOffset) &* Int32(Int16(x[index]) &+ inputOffset)
            index &+= 1
        }
        return sum
    }
#endif
