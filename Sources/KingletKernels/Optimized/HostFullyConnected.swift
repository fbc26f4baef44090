// FULLY_CONNECTED int8 with a zero filter offset (per-channel weights, or per-tensor with filter
// zp 0), host only (compiled out of the Cortex-M4 build: the firmware does not grow); the oracle
// is FullyConnected.referenceInvoke (HostFullyConnectedTests compare the two on seeded random
// cases). The same int32 sums of w · (x - input zp) mod 2^32 (any order), the same bias and
// requantization; only the dot product differs: 16 values at once in SIMD lanes, four output
// rows sharing one widened input vector. Every product fits an Int16 (|x - zp| <= 255 and
// |w| <= 128 give at most 32,640), so the multiply is SSE2's pmullw and the products are summed
// in pairs into int32 lanes. Other offsets (hostile zero points, a per-tensor filter zero
// point) keep the scalar loop.

#if !arch(arm)
    extension FullyConnected {
        /// Whether `hostInvoke` applies: filter offset 0, input offset with Int16 products.
        var hostApplies: Bool { filterOffset == 0 && inputOffset >= -127 && inputOffset <= 128 }

        /// As the int8 `invoke`, for `hostApplies` kernels.
        func hostInvoke(
            input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
            output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
        ) {
            let (channelMultipliers, channelShifts) = perChannelTables(in: scratch)
            let depth = accumulationDepth
            let offset = Int16(truncatingIfNeeded: inputOffset)
            /// The requantized output of `channel` from its sum, as referenceInvoke.
            @inline(__always) func finish(_ sum: Int32, _ channel: Int) -> Int8 {
                requantizedOutput(sum, channel, bias, channelMultipliers, channelShifts)
            }
            var batch = 0
            while batch < batches {
                let inputRow = input + batch &* depth
                let outputRow = output + batch &* outputDepth
                var channel = 0
                while channel &+ 4 <= outputDepth {
                    let sums = dot4(inputRow, offset, filter + channel &* depth, depth)
                    outputRow[channel] = finish(sums.0, channel)
                    outputRow[channel &+ 1] = finish(sums.1, channel &+ 1)
                    outputRow[channel &+ 2] = finish(sums.2, channel &+ 2)
                    outputRow[channel &+ 3] = finish(sums.3, channel &+ 3)
                    channel &+= 4
                }
                while channel < outputDepth {
                    outputRow[channel] = finish(dot1(inputRow, offset, filter + channel &* depth, depth), channel)
                    channel &+= 1
                }
                batch &+= 1
            }
        }
    }

    /// Σ w · (x + offset) over `count` values for four filter rows `count` apart, wrapping.
    @inline(__always)
    private func dot4(
        _ x: UnsafePointer<Int8>, _ offset: Int16, _ w: UnsafePointer<Int8>, _ count: Int
    ) -> (Int32, Int32, Int32, Int32) {
        var sum0 = SIMD8<Int32>(), sum1 = SIMD8<Int32>(), sum2 = SIMD8<Int32>(), sum3 = SIMD8<Int32>()
        let offsets = SIMD16<Int16>(repeating: offset)
        let w1 = w + count, w2 = w + 2 &* count, w3 = w + 3 &* count
        var index = 0
        while index &+ 16 <= count {
            let xs = load16(x + index) &+ offsets
            sum0 &+= pairSums(xs &* load16(w + index))
            sum1 &+= pairSums(xs &* load16(w1 + index))
            sum2 &+= pairSums(xs &* load16(w2 + index))
            sum3 &+= pairSums(xs &* load16(w3 + index))
            index &+= 16
        }
        var total0 = sum0.wrappedSum(), total1 = sum1.wrappedSum()
        var total2 = sum2.wrappedSum(), total3 = sum3.wrappedSum()
        while index < count {
            let value = Int32(x[index]) &+ Int32(offset)
            total0 &+= Int32(w[index]) &* value
            total1 &+= Int32(w1[index]) &* value
            total2 &+= Int32(w2[index]) &* value
            total3 &+= Int32(w3[index]) &* value
            index &+= 1
        }
        return (total0, total1, total2, total3)
    }

    /// Σ w · (x + offset) over `count` values of one filter row, wrapping.
    @inline(__always)
    private func dot1(_ x: UnsafePointer<Int8>, _ offset: Int16, _ w: UnsafePointer<Int8>, _ count: Int) -> Int32 {
        var sum = SIMD8<Int32>()
        let offsets = SIMD16<Int16>(repeating: offset)
        var index = 0
        while index &+ 16 <= count {
            sum &+= pairSums((load16(x + index) &+ offsets) &* load16(w + index))
            index &+= 16
        }
        var total = sum.wrappedSum()
        while index < count {
            total &+= Int32(w[index]) &* (Int32(x[index]) &+ Int32(offset))
            index &+= 1
        }
        return total
    }

    /// 16 bytes, sign-extended lane by lane (LLVM inlines SSE2 unpacks; the stdlib's
    /// `init(truncatingIfNeeded:)` stays a call per vector).
    @inline(__always)
    private func load16(_ bytes: UnsafePointer<Int8>) -> SIMD16<Int16> {
        let v = UnsafeRawPointer(bytes).loadUnaligned(as: SIMD16<Int8>.self)
        var wide = SIMD16<Int16>()
        for lane in 0..<16 { wide[lane] = Int16(v[lane]) }
        return wide
    }

    /// Adjacent Int16 lanes summed into Int32 lanes (sign-extending both halves of each word pair).
    @inline(__always)
    private func pairSums(_ products: SIMD16<Int16>) -> SIMD8<Int32> {
        let words = unsafeBitCast(products, to: SIMD8<Int32>.self)
        return ((words &<< 16) &>> 16) &+ (words &>> 16)
    }
#endif
