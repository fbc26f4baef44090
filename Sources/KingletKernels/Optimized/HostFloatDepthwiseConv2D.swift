// float32 DEPTHWISE_CONV_2D with depth multiplier 1 on a host, eight channels at a time (compiled
// out of the Cortex-M4 build). The oracle is FloatDepthwiseConv2D.invoke
// (HostFloatDepthwiseConv2DTests compare the two on seeded random cases), and the bits are the
// same: each channel is one SIMD lane whose sum runs over the taps inside the image in (fy, fx)
// order from 0, every product rounded before it is added (no FMA, as in the reference build);
// then + bias (+ 0 without one), then the clamp. With multiplier 1 the input's and the filter's
// channels are both innermost and contiguous, so the filter is read in place.

#if !arch(arm)
    extension FloatDepthwiseConv2D {
        /// Whether `hostInvoke` applies (depth multiplier 1).
        public var hostApplies: Bool { depthMultiplier == 1 }

        /// As `invoke`, for `hostApplies` kernels.
        public func hostInvoke(
            input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
            output: UnsafeMutablePointer<Float>
        ) {
            let depth = outputDepth, vectorEnd = outputDepth & ~7
            for b in 0..<batches {
                for outY in 0..<outputHeight {
                    let originY = outY &* height.stride &- height.paddingBefore
                    for outX in 0..<outputWidth {
                        let originX = outX &* width.stride &- width.paddingBefore
                        let outputRow = output + ((b &* outputHeight &+ outY) &* outputWidth &+ outX) &* depth
                        var c = 0
                        while c < vectorEnd {
                            var sum = SIMD8<Float>()
                            for fy in 0..<filterHeight {
                                let iy = originY &+ height.dilation &* fy
                                if iy < 0 || iy >= inputHeight { continue }
                                for fx in 0..<filterWidth {
                                    let ix = originX &+ width.dilation &* fx
                                    if ix < 0 || ix >= inputWidth { continue }
                                    let x = input + (((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* depth &+ c)
                                    let w = filter + ((fy &* filterWidth &+ fx) &* depth &+ c)
                                    sum =
                                        sum + UnsafeRawPointer(x).loadUnaligned(as: SIMD8<Float>.self)
                                        * UnsafeRawPointer(w).loadUnaligned(as: SIMD8<Float>.self)
                                }
                            }
                            for lane in 0..<8 {
                                let biasValue: Float = bias.map { $0[c &+ lane] } ?? 0
                                outputRow[c &+ lane] = activationRange.clamp(sum[lane] + biasValue)
                            }
                            c &+= 8
                        }
                        while c < depth {
                            var total: Float = 0
                            for fy in 0..<filterHeight {
                                let iy = originY &+ height.dilation &* fy
                                if iy < 0 || iy >= inputHeight { continue }
                                for fx in 0..<filterWidth {
                                    let ix = originX &+ width.dilation &* fx
                                    if ix < 0 || ix >= inputWidth { continue }
                                    let product =
                                        input[((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* depth &+ c]
                                        * filter[(fy &* filterWidth &+ fx) &* depth &+ c]
                                    total += product
                                }
                            }
                            let biasValue: Float = bias.map { $0[c] } ?? 0
                            outputRow[c] = activationRange.clamp(total + biasValue)
                            c &+= 1
                        }
                    }
                }
            }
        }
    }
#endif
