// float32 CONV_2D on a host, eight output channels at a time (compiled out of the Cortex-M4
// build). The oracle is FloatConv2D.invoke (HostFloatConv2DTests compare the two on seeded
// random cases), and the bits are the same: each output channel is one SIMD lane whose sum runs
// over the taps inside the image in (fy, fx) order, then the input channels in order, from 0,
// with every product rounded before it is added (separate multiply and add, no FMA, as in the
// reference build); then + bias (+ 0 without one), then the clamp. Lanes are independent outputs,
// so vectorizing across them reorders nothing.
//
// Prepare repacks the constant filter [oc, fy, fx, ic] as blocks of eight channels
// [oc / 8, fy, fx, ic, 8] (zero lanes past the last channel) in host-only persistent memory, so
// each (tap, ic) step loads the eight channels' weights at once. Four adjacent output pixels whose
// windows are wholly inside the image share each weight load. Not grouped convolutions (the
// reference takes those).

#if !arch(arm)
    /// Prepared float32 CONV_2D for hosts: the reference kernel plus the repacked filter.
    public struct HostFloatConv2D {
        public let reference: FloatConv2D
        /// [blocks, filterHeight, filterWidth, filterDepth, 8].
        let packed: UnsafePointer<Float>

        /// Whether the host kernel takes this convolution (not grouped).
        public static func supports(_ reference: FloatConv2D) -> Bool {
            reference.filtersPerGroup == reference.outputDepth
        }

        static func blocks(_ reference: FloatConv2D) -> Int { (reference.outputDepth &+ 7) / 8 }

        /// Bytes of the host-only persistent block `init` takes (the repacked filter).
        public static func hostBytes(_ reference: FloatConv2D) -> Int {
            blocks(reference) &* reference.filterHeight &* reference.filterWidth &* reference.filterDepth &* 8
                &* MemoryLayout<Float>.stride
        }

        /// Repacks `filter` into `host` (`hostBytes` zeroed bytes).
        public init(reference: FloatConv2D, filter: UnsafePointer<Float>, host: UnsafeMutableRawPointer) {
            self.reference = reference
            let target = host.assumingMemoryBound(to: Float.self)
            let tapValues = reference.filterHeight &* reference.filterWidth &* reference.filterDepth
            for oc in 0..<reference.outputDepth {
                let block = target + (oc / 8) &* tapValues &* 8
                let source = filter + oc &* tapValues
                for index in 0..<tapValues { block[index &* 8 &+ oc % 8] = source[index] }
            }
            packed = UnsafePointer(target)
        }

        public func invoke(
            input: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
        ) {
            let r = reference
            let depth = r.filterDepth, outputDepth = r.outputDepth
            let tapStride = depth &* 8
            let blockStride = r.filterHeight &* r.filterWidth &* tapStride
            for b in 0..<r.batches {
                for outY in 0..<r.outputHeight {
                    let originY = outY &* r.height.stride &- r.height.paddingBefore
                    let rowsInside =
                        originY >= 0 && originY &+ (r.filterHeight &- 1) &* r.height.dilation < r.inputHeight
                    var outX = 0
                    while outX < r.outputWidth {
                        let out = output + ((b &* r.outputHeight &+ outY) &* r.outputWidth &+ outX) &* outputDepth
                        // Four pixels at once where all four windows lie inside the image.
                        if rowsInside && outX &+ 4 <= r.outputWidth && inside(r, outX) && inside(r, outX &+ 3) {
                            for block in 0..<(outputDepth &+ 7) / 8 {
                                var sums = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                                let weights = packed + block &* blockStride
                                for fy in 0..<r.filterHeight {
                                    let iy = originY &+ r.height.dilation &* fy
                                    for fx in 0..<r.filterWidth {
                                        let ix =
                                            outX &* r.width.stride &- r.width.paddingBefore
                                            &+ r.width.dilation &* fx
                                        let x0 =
                                            input + ((b &* r.inputHeight &+ iy) &* r.inputWidth &+ ix) &* r.inputDepth
                                        let pixelStride = r.width.stride &* r.inputDepth
                                        let x1 = x0 + pixelStride, x2 = x1 + pixelStride, x3 = x2 + pixelStride
                                        let w = weights + (fy &* r.filterWidth &+ fx) &* tapStride
                                        for ic in 0..<depth {
                                            let lanes = UnsafeRawPointer(w + ic &* 8).loadUnaligned(
                                                as: SIMD8<Float>.self)
                                            sums.0 = sums.0 + SIMD8(repeating: x0[ic]) * lanes
                                            sums.1 = sums.1 + SIMD8(repeating: x1[ic]) * lanes
                                            sums.2 = sums.2 + SIMD8(repeating: x2[ic]) * lanes
                                            sums.3 = sums.3 + SIMD8(repeating: x3[ic]) * lanes
                                        }
                                    }
                                }
                                finish(sums.0, block, bias, out)
                                finish(sums.1, block, bias, out + outputDepth)
                                finish(sums.2, block, bias, out + 2 &* outputDepth)
                                finish(sums.3, block, bias, out + 3 &* outputDepth)
                            }
                            outX &+= 4
                            continue
                        }
                        let originX = outX &* r.width.stride &- r.width.paddingBefore
                        for block in 0..<(outputDepth &+ 7) / 8 {
                            var sum = SIMD8<Float>()
                            let weights = packed + block &* blockStride
                            for fy in 0..<r.filterHeight {
                                let iy = originY &+ r.height.dilation &* fy
                                for fx in 0..<r.filterWidth {
                                    let ix = originX &+ r.width.dilation &* fx
                                    if iy < 0 || iy >= r.inputHeight || ix < 0 || ix >= r.inputWidth { continue }
                                    let x = input + ((b &* r.inputHeight &+ iy) &* r.inputWidth &+ ix) &* r.inputDepth
                                    let w = weights + (fy &* r.filterWidth &+ fx) &* tapStride
                                    for ic in 0..<depth {
                                        let lanes = UnsafeRawPointer(w + ic &* 8).loadUnaligned(as: SIMD8<Float>.self)
                                        sum = sum + SIMD8(repeating: x[ic]) * lanes
                                    }
                                }
                            }
                            finish(sum, block, bias, out)
                        }
                        outX &+= 1
                    }
                }
            }
        }

        /// Whether output column `outX`'s window lies wholly inside the image's columns.
        @inline(__always)
        private func inside(_ r: FloatConv2D, _ outX: Int) -> Bool {
            let originX = outX &* r.width.stride &- r.width.paddingBefore
            return originX >= 0 && originX &+ (r.filterWidth &- 1) &* r.width.dilation < r.inputWidth
        }

        /// Writes block `block`'s channels of one pixel: sum + bias (+ 0 without one), clamped.
        @inline(__always)
        private func finish(
            _ sum: SIMD8<Float>, _ block: Int, _ bias: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Float>
        ) {
            let first = block &* 8
            let count = Swift.min(8, reference.outputDepth &- first)
            for lane in 0..<count {
                let biasValue: Float = bias.map { $0[first &+ lane] } ?? 0
                out[first &+ lane] = reference.activationRange.clamp(sum[lane] + biasValue)
            }
        }
    }
#endif
