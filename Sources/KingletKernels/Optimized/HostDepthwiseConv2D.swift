// DEPTHWISE_CONV_2D int8 with depth multiplier 1 or input depth 1, host only (compiled out of the Cortex-M4
// build: the firmware does not grow); the oracle is DepthwiseConv2D.invoke
// (HostDepthwiseConv2DTests compare the two on seeded random cases). Channels innermost: for
// each output pixel, a block of 16 (then 8) channels is summed at once in SIMD lanes, one tap
// after the other, so the loads are contiguous and LLVM emits SSE2 (pmullw, widening adds); with
// one input channel (micro_speech: depth multiplier 8) every lane takes the same input value.
// The arithmetic is OptimizedDepthwiseConv2D's (the same folded biases, the same int32 sums mod
// 2^32, the same requantizeFast), with one extra fact: every product w · (x + offset) fits an
// Int16 (|x + offset| <= 255 and |w| <= 128 give at most 32,640), so the multiply is 16-bit and
// only the sum is widened. A zero point outside int8 (hostile: 128 would give 256 · -128) keeps
// the scalar path, as does any other depth multiplier. This is the baseline tier: on a CPU with
// AVX-512 the registration may take KingletKernelsX86V4's HostDepthwiseConv2DAVX512 instead
// (docs/architecture.md, "Host SIMD tiers").

#if !arch(arm)
    extension OptimizedDepthwiseConv2D {
        /// Whether `hostInvoke` applies: depth multiplier 1 or one input channel, and an input
        /// offset (-zp, zp in int8) with Int16 products.
        var hostApplies: Bool {
            (reference.depthMultiplier == 1 || reference.geometry.input.d3 == 1)
                && reference.quantization.inputOffset >= -127 && reference.quantization.inputOffset <= 128
        }

        /// As `invoke`, for `hostApplies` kernels, with the channel table begun.
        func hostInvoke(
            input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>,
            bias: UnsafePointer<Int32>?, output outputData: UnsafeMutablePointer<Int8>,
            _ multipliers: UnsafePointer<Int32>, _ shifts: UnsafePointer<Int8>, _ folded: UnsafePointer<Int32>
        ) {
            let quantization = reference.quantization, channels = reference.geometry.output.d3
            // Output channel c reads input channel c (depth multiplier 1) or 0 (one input channel).
            let single = reference.geometry.input.d3 == 1 && channels != 1
            let inputLaneStep = single ? 0 : 1
            // The tail of fewer than 8 channels, as the scalar kernel sums it.
            let tail = channels & ~7

            /// A block of lane sums, requantized into `pixel`'s output channels `channel` on.
            @inline(__always) func requantize<Sums: ChannelLanes>(
                _ sums: Sums, _ pixel: UnsafeMutablePointer<Int8>, _ channel: Int
            ) {
                // Stored once and read back lane by lane (indexing the vector spilled it per lane).
                withUnsafeBytes(of: sums) { raw in
                    let lanes = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: Int32.self)
                    var lane = 0
                    while lane < sums.scalarCount {
                        pixel[channel &+ lane] = quantization.requantizeFast(
                            lanes[lane], multiplier: multipliers[channel &+ lane], shift: shifts[channel &+ lane])
                        lane &+= 1
                    }
                }
            }
            forEachPixel(input: inputData, filter: filterData, output: outputData) { taps, outputPixel in
                let start: UnsafePointer<Int32>? = taps.inside ? folded : bias
                var channel = 0
                while channel &+ 16 <= channels {
                    requantize(taps.sum(at: channel, start, broadcast: single) as SIMD16<Int32>, outputPixel, channel)
                    channel &+= 16
                }
                if channel < tail {
                    requantize(taps.sum(at: channel, start, broadcast: single) as SIMD8<Int32>, outputPixel, channel)
                    channel &+= 8
                }
                while channel < channels {
                    let sum = taps.sum(start?[channel] ?? 0, inputChannel: channel &* inputLaneStep, channel: channel)
                    outputPixel[channel] = quantization.requantizeFast(
                        sum, multiplier: multipliers[channel], shift: shifts[channel])
                    channel &+= 1
                }
            }
        }
    }

    extension DepthwiseTaps {
        /// `start` (or 0) + Σ w · (x + offset) over the taps, for the lanes' channels from `channel`
        /// (16 or 8 lanes); `broadcast` (one input channel): every lane takes the tap's one input value.
        @inline(__always)
        fileprivate func sum<Sums: ChannelLanes>(
            at channel: Int, _ start: UnsafePointer<Int32>?, broadcast: Bool
        ) -> Sums {
            var sums = start.map { UnsafeRawPointer($0 + channel).loadUnaligned(as: Sums.self) } ?? Sums()
            let offsets = Sums.Products(repeating: Int16(truncatingIfNeeded: offset))
            forEach(inputChannel: broadcast ? 0 : channel, channel: channel) { x, w in
                let xs =
                    broadcast
                    ? Sums.Products(repeating: Int16(x.pointee))
                    : widen(UnsafeRawPointer(x).loadUnaligned(as: Sums.Bytes.self))
                let ws: Sums.Products = widen(UnsafeRawPointer(w).loadUnaligned(as: Sums.Bytes.self))
                // Fits Int16 (see the header): the 16-bit product is exact.
                sums &+= widen((xs &+ offsets) &* ws)
            }
            return sums
        }
    }

    /// A block of channel lanes: Int32 sums, Int16 products of Int8 values.
    private protocol ChannelLanes: SIMD where Scalar == Int32 {
        associatedtype Products: SIMD where Products.Scalar == Int16
        associatedtype Bytes: SIMD where Bytes.Scalar == Int8
    }

    extension SIMD16: ChannelLanes where Scalar == Int32 {
        fileprivate typealias Products = SIMD16<Int16>
        fileprivate typealias Bytes = SIMD16<Int8>
    }

    extension SIMD8: ChannelLanes where Scalar == Int32 {
        fileprivate typealias Products = SIMD8<Int16>
        fileprivate typealias Bytes = SIMD8<Int8>
    }

    // Lane by lane, so LLVM inlines the SSE2 sign extensions (the stdlib's
    // `init(truncatingIfNeeded:)` stays a call per vector).
    @inline(__always)
    private func widen<Narrow: SIMD, Wide: SIMD>(_ v: Narrow) -> Wide
    where Narrow.Scalar: FixedWidthInteger, Wide.Scalar: FixedWidthInteger {
        var wide = Wide()
        for lane in 0..<wide.scalarCount { wide[lane] = Wide.Scalar(truncatingIfNeeded: v[lane]) }
        return wide
    }
#endif
