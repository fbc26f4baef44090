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
            forEachOutputPixel { pixel, b, originY, originX in
                // The taps inside the image, once per pixel: the channel loops test no bounds.
                let rows = validTaps(
                    origin: originY, size: inputHeight, filterSize: filterHeight, dilation: height.dilation)
                let columns = validTaps(
                    origin: originX, size: inputWidth, filterSize: filterWidth, dilation: width.dilation)
                let outputRow = output + pixel &* depth
                // Channel 0 of tap (fy, fx): input + inputBase + fy · rowStep + fx · columnStep.
                let inputBase = ((b &* inputHeight &+ originY) &* inputWidth &+ originX) &* depth
                let rowStep = height.dilation &* inputWidth &* depth, columnStep = width.dilation &* depth
                var c = 0
                while c < vectorEnd {
                    var sum = SIMD8<Float>()
                    for fy in rows.first..<rows.end {
                        for fx in columns.first..<columns.end {
                            let x = inputBase &+ fy &* rowStep &+ fx &* columnStep
                            let w = (fy &* filterWidth &+ fx) &* depth
                            sum =
                                sum + UnsafeRawPointer(input + (x &+ c)).loadUnaligned(as: SIMD8<Float>.self)
                                * UnsafeRawPointer(filter + (w &+ c)).loadUnaligned(as: SIMD8<Float>.self)
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
                    for fy in rows.first..<rows.end {
                        for fx in columns.first..<columns.end {
                            let x = inputBase &+ fy &* rowStep &+ fx &* columnStep
                            let w = (fy &* filterWidth &+ fx) &* depth
                            let product = input[x &+ c] * filter[w &+ c]
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
#endif
