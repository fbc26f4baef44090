// CONV_2D int8 on a host (x86-64; any 64-bit host): compiled out of the Cortex-M4 build, whose
// firmware keeps OptimizedConv2D. The oracle is Conv2D.invoke (HostConv2DTests compare the two on
// seeded random cases). Same arithmetic: int32 sums of w · (x - input zp), wrapping, + bias,
// MultiplyByQuantizedMultiplier (requantizeFast), + output zp, clamp. The int32 sum is taken mod
// 2^32, so any order gives the reference's bits; what differs is the order:
// - an invoke copies a block of output pixels' windows (im2col) as int16 `x + input offset`,
//   padding taps 0 (they add nothing, as the reference skips them), into host-only persistent
//   memory, then multiplies the block by the filter, read in place (int8, widened as it is
//   loaded: a repacked int16 copy would double the weights in the arena): 2 pixels × 4 channels
//   per micro-tile, 8 taps per step through `madd`, which LLVM lowers to SSE2's pmaddwd (8 int16
//   products summed in pairs into 4 int32 lanes; |x + offset| <= 255 and |w| <= 128, so no
//   product pair leaves int32), the last taps % 8 in scalar. SSE2 is the x86-64 baseline; on a CPU with
//   AVX-512 VNNI the registration runs KingletKernelsX86V4's HostConv2DAVX512 on this kernel's
//   im2col block and table instead (docs/architecture.md, "Host SIMD tiers");
// - requantization takes per-channel left shift, right shift and rounding nudges from prepare
//   (Requantizer: fastMultiplyByQuantizedMultiplier's bits in one int64 rounding shift); a
//   channel whose multiplier is Int32.min (SRDHM's saturating case) or whose shift leaves
//   -31...30 sends the layer to the reference's requantize.
// Host memory (persistent, `PrepareContext.hostPersistentBytes`; not in the device tally): per
// layer an im2col block of about 2 KiB (at least two pixels' windows) and 24 bytes per channel.
// Grouped convolutions and filters that are not constant keep OptimizedConv2D.

#if !arch(arm)

    public struct HostConv2D {
        public private(set) var optimized: OptimizedConv2D
        /// The constant filter (OHWI), read in place.
        public let weights: UnsafePointer<Int8>
        /// The im2col block: `blockPixels` rows of `paddedTaps` int16.
        public let columns: UnsafeMutablePointer<Int16>
        /// Per channel, in six runs of `channels`: multipliers, shifts (ChannelMultipliers.compute),
        /// then Requantizer's left shifts, right shifts, nudges for sums >= 0 and for sums < 0.
        public let multipliers: UnsafeMutablePointer<Int32>
        public let paddedTaps: Int, taps: Int, blockPixels: Int
        /// Every channel's multiplier and shift suits Requantizer (else the reference requantizes).
        public let shortcut: Bool

        /// Whether the host kernel takes this convolution (not grouped).
        public static func supports(_ reference: Conv2D) -> Bool {
            reference.geometry.input.d3 == reference.geometry.filter.d3
        }

        /// Taps of one channel, rounded up to a multiple of 8 (one pmaddwd step).
        static func paddedTaps(_ reference: Conv2D) -> Int {
            let filter = reference.geometry.filter
            return (filter.d1 &* filter.d2 &* filter.d3 &+ 7) & ~7
        }

        /// Output pixels per im2col block: an even number, the block about 2 KiB (it stays in L1;
        /// every layer keeps its own, so it is kept small).
        static func blockPixels(_ reference: Conv2D) -> Int {
            Swift.max(Swift.min(1024 / paddedTaps(reference), 64), 2) & ~1
        }

        /// Bytes of the host-only persistent block `init` takes (16-byte aligned).
        public static func hostBytes(_ reference: Conv2D) -> Int {
            let taps = paddedTaps(reference), channels = reference.geometry.filter.d0
            return 2 &* taps &* blockPixels(reference) &+ 24 &* channels
        }

        /// `host` holds `hostBytes` bytes, 16-byte aligned; `filter` is the constant filter (OHWI).
        public init(optimized: OptimizedConv2D, filter: UnsafePointer<Int8>, host: UnsafeMutableRawPointer) {
            let reference = optimized.reference
            let shape = reference.geometry.filter
            let channels = shape.d0, taps = shape.d1 &* shape.d2 &* shape.d3
            let paddedTaps = Self.paddedTaps(reference), blockPixels = Self.blockPixels(reference)
            self.optimized = optimized
            self.paddedTaps = paddedTaps
            self.taps = taps
            self.blockPixels = blockPixels
            weights = filter
            columns = host.bindMemory(to: Int16.self, capacity: blockPixels &* paddedTaps)
            multipliers = (host + 2 &* paddedTaps &* blockPixels).bindMemory(to: Int32.self, capacity: 6 &* channels)
            columns.initialize(repeating: 0, count: blockPixels &* paddedTaps)
            var channel = 0
            reference.quantization.channelMultipliers.compute(into: multipliers)
            var shortcut = true
            channel = 0
            while channel < channels {
                let multiplier = multipliers[channel], shift = multipliers[channels &+ channel]
                if multiplier == Int32.min || shift < -31 || shift > 30 { shortcut = false }
                let requantizer = Requantizer(multiplier: multiplier, shift: shift)
                multipliers[2 &* channels &+ channel] = requantizer.left
                multipliers[3 &* channels &+ channel] = Int32(truncatingIfNeeded: requantizer.right)
                multipliers[4 &* channels &+ channel] = Int32(truncatingIfNeeded: requantizer.nudge)
                multipliers[5 &* channels &+ channel] = Int32(truncatingIfNeeded: requantizer.negativeNudge)
                channel &+= 1
            }
            self.shortcut = shortcut
        }

        /// Channel `channel`'s Requantizer (valid when `shortcut`).
        @inline(__always)
        func requantizer(_ channel: Int, _ channels: Int) -> Requantizer {
            let table = UnsafePointer(multipliers) + channel
            return Requantizer(
                multiplier: table[0], left: table[2 &* channels], right: Int64(table[3 &* channels]),
                nudge: Int64(table[4 &* channels]), negativeNudge: Int64(table[5 &* channels]))
        }

        /// As Conv2D.invoke, with the filter repacked at prepare (`filter` is not read).
        public func invoke(
            input: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>
        ) {
            let reference = optimized.reference, quantization = reference.quantization
            let out = reference.geometry.output
            let channels = out.d3, pixels = out.d0 &* out.d1 &* out.d2
            let paddedTaps = paddedTaps, taps = taps, weights = weights, columns = columns
            var walker = WindowWalker(reference.geometry, offset: Int16(truncatingIfNeeded: quantization.inputOffset))
            var start = 0
            while start < pixels {
                let count = Swift.min(blockPixels, pixels &- start)
                var row = 0
                while row < count {
                    walker.gather(input, into: columns + row &* paddedTaps)
                    row &+= 1
                }
                // An odd block pairs its last pixel with a zero row (its sums discarded).
                if count & 1 == 1 { (columns + count &* paddedTaps).update(repeating: 0, count: paddedTaps) }
                var channel = 0
                while channel < channels {
                    let valid = Swift.min(channels &- channel, 4)
                    // Rows past the last channel repeat its first row (sums discarded).
                    let w0 = weights + channel &* taps
                    let rows = (
                        w0, valid > 1 ? w0 + taps : w0, valid > 2 ? w0 + 2 &* taps : w0,
                        valid > 3 ? w0 + 3 &* taps : w0
                    )
                    var biases = SIMD4<Int32>()
                    if let bias {
                        var j = 0
                        while j < valid {
                            biases[j] = bias[channel &+ j]
                            j &+= 1
                        }
                    }
                    var pixel = 0
                    if shortcut && valid == 4 {
                        let r0 = requantizer(channel, channels), r1 = requantizer(channel &+ 1, channels)
                        let r2 = requantizer(channel &+ 2, channels), r3 = requantizer(channel &+ 3, channels)
                        let zeroPoint = quantization.outputZeroPoint, range = quantization.activationRange
                        @inline(__always) func store(_ sums: SIMD4<Int32>, _ y: UnsafeMutablePointer<Int8>) {
                            y[0] = Int8(truncatingIfNeeded: range.clamp(r0.scale(sums[0]) &+ zeroPoint))
                            y[1] = Int8(truncatingIfNeeded: range.clamp(r1.scale(sums[1]) &+ zeroPoint))
                            y[2] = Int8(truncatingIfNeeded: range.clamp(r2.scale(sums[2]) &+ zeroPoint))
                            y[3] = Int8(truncatingIfNeeded: range.clamp(r3.scale(sums[3]) &+ zeroPoint))
                        }
                        while pixel < count {
                            let a = UnsafePointer(columns + pixel &* paddedTaps)
                            let (first, second) = tile(a, a + paddedTaps, rows, taps)
                            let y0 = output + ((start &+ pixel) &* channels &+ channel)
                            store(first &+ biases, y0)
                            if pixel &+ 1 < count { store(second &+ biases, y0 + channels) }
                            pixel &+= 2
                        }
                    }
                    while pixel < count {
                        let a = UnsafePointer(columns + pixel &* paddedTaps)
                        let (first, second) = tile(a, a + paddedTaps, rows, taps)
                        let y0 = output + ((start &+ pixel) &* channels &+ channel)
                        let sums0 = first &+ biases, sums1 = second &+ biases
                        var j = 0
                        while j < valid {
                            let c = channel &+ j
                            y0[j] = requantize(sums0[j], c, channels, quantization)
                            if pixel &+ 1 < count {
                                y0[channels &+ j] = requantize(sums1[j], c, channels, quantization)
                            }
                            j &+= 1
                        }
                        pixel &+= 2
                    }
                    channel &+= 4
                }
                start &+= count
            }
        }
    }

    extension HostConv2D {
        /// One output value of channel `channel` from its sum (bias included).
        @inline(__always)
        func requantize(_ sum: Int32, _ channel: Int, _ channels: Int, _ quantization: ConvolutionQuantization) -> Int8
        {
            if shortcut {
                let scaled = requantizer(channel, channels).scale(sum)
                return Int8(
                    truncatingIfNeeded: quantization.activationRange.clamp(scaled &+ quantization.outputZeroPoint))
            }
            return quantization.requantize(
                sum, multiplier: multipliers[channel], shift: multipliers[channels &+ channel])
        }
    }

    /// fastMultiplyByQuantizedMultiplier's bits for a multiplier other than Int32.min and a shift
    /// in -31...30 (so SRDHM never saturates): `high = (x·2^left · m + 2^30) >> 31`, then the
    /// rounding right shift as one floor shift, `(high + nudge) >> right`, the nudge 2^(right-1)
    /// for high >= 0 and 2^(right-1) - 1 below (ties away from zero; 0 when right is 0).
    struct Requantizer {
        let multiplier: Int32, left: Int32
        let right: Int64, nudge: Int64, negativeNudge: Int64

        init(multiplier: Int32, left: Int32, right: Int64, nudge: Int64, negativeNudge: Int64) {
            self.multiplier = multiplier
            self.left = left
            self.right = right
            self.nudge = nudge
            self.negativeNudge = negativeNudge
        }

        /// For `shift` in -31...30.
        init(multiplier: Int32, shift: Int32) {
            let right = shift > 0 ? 0 : 0 &- shift
            let nudge: Int32 = right == 0 ? 0 : 1 &<< (right &- 1)
            self.init(
                multiplier: multiplier, left: shift > 0 ? shift : 0, right: Int64(right), nudge: Int64(nudge),
                negativeNudge: Int64(right == 0 ? 0 : nudge &- 1))
        }

        @inline(__always)
        func scale(_ x: Int32) -> Int32 {
            let a = Int64(x &<< left)
            let high = Int64(Int32(truncatingIfNeeded: (a &* Int64(multiplier) &+ (1 << 30)) &>> 31))
            return Int32(truncatingIfNeeded: (high &+ (high < 0 ? negativeNudge : nudge)) &>> right)
        }
    }

    /// Walks the output pixels in NHWC order, copying each one's window as int16 `x + offset`.
    /// `@inlinable`, so a SIMD tier (KingletKernelsX86V4) compiles the gather with its own features.
    public struct WindowWalker {
        @usableFromInline let geometry: ConvolutionGeometry
        @usableFromInline let offset: Int16
        @usableFromInline var batch = 0, outY = 0, outX = 0

        @inlinable
        public init(_ geometry: ConvolutionGeometry, offset: Int16) {
            self.geometry = geometry
            self.offset = offset
        }

        /// The next pixel's window into `row` (taps in filter order HWC; zeros for padding taps and
        /// past the taps up to the padded length, which `row` already holds from prepare or a
        /// previous block: every block writes the same tap positions).
        @inlinable @inline(__always)
        public mutating func gather(_ input: UnsafePointer<Int8>, into row: UnsafeMutablePointer<Int16>) {
            let g = geometry
            let height = g.input.d1, width = g.input.d2, depth = g.input.d3
            let filterHeight = g.filter.d1, filterWidth = g.filter.d2
            let rowLength = filterWidth &* depth
            let y0 = outY &* g.rows.stride &- g.rows.paddingBefore
            let x0 = outX &* g.columns.stride &- g.columns.paddingBefore
            let dilationX = g.columns.dilation
            let contiguous = dilationX == 1 && x0 >= 0 && x0 &+ filterWidth <= width
            let image = input + batch &* height &* width &* depth
            var destination = row
            var filterY = 0
            while filterY < filterHeight {
                let y = y0 &+ filterY &* g.rows.dilation
                if y < 0 || y >= height {
                    destination.update(repeating: 0, count: rowLength)
                } else {
                    let line = image + y &* width &* depth
                    if contiguous {
                        widen(line + x0 &* depth, destination, rowLength, offset)
                    } else {
                        var filterX = 0
                        while filterX < filterWidth {
                            let x = x0 &+ filterX &* dilationX
                            let tap = destination + filterX &* depth
                            if x < 0 || x >= width {
                                tap.update(repeating: 0, count: depth)
                            } else {
                                widen(line + x &* depth, tap, depth, offset)
                            }
                            filterX &+= 1
                        }
                    }
                }
                destination += rowLength
                filterY &+= 1
            }
            outX &+= 1
            if outX == g.output.d2 {
                outX = 0
                outY &+= 1
                if outY == g.output.d1 {
                    outY = 0
                    batch &+= 1
                }
            }
        }
    }

    /// `destination[k] = source[k] + offset` for k < count, as int16.
    @inlinable @inline(__always)
    func widen(
        _ source: UnsafePointer<Int8>, _ destination: UnsafeMutablePointer<Int16>, _ count: Int, _ offset: Int16
    ) {
        var k = 0
        while k < count {
            destination[k] = Int16(truncatingIfNeeded: source[k]) &+ offset
            k &+= 1
        }
    }

    /// Eight int16 products summed in pairs into four int32 lanes: SSE2's pmaddwd.
    @inline(__always)
    func madd(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
        let products = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return products.evenHalf &+ products.oddHalf
    }

    @inline(__always)
    func load8(_ pointer: UnsafePointer<Int16>) -> SIMD8<Int16> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Int16>.self)
    }

    /// Lane sums of four vectors: (Σa, Σb, Σc, Σd).
    @inline(__always)
    func laneSums(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, _ c: SIMD4<Int32>, _ d: SIMD4<Int32>) -> SIMD4<Int32> {
        let ab = SIMD4(lowHalf: a.lowHalf &+ a.highHalf, highHalf: b.lowHalf &+ b.highHalf)
        let cd = SIMD4(lowHalf: c.lowHalf &+ c.highHalf, highHalf: d.lowHalf &+ d.highHalf)
        return SIMD4(lowHalf: ab.evenHalf &+ ab.oddHalf, highHalf: cd.evenHalf &+ cd.oddHalf)
    }

    /// Eight int8 weights widened to int16 (SSE2: an unpack and an arithmetic shift).
    @inline(__always)
    func load8(_ pointer: UnsafePointer<Int8>) -> SIMD8<Int16> {
        SIMD8<Int16>(truncatingIfNeeded: UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Int8>.self))
    }

    /// Two pixels' rows (a0, a1: int16, zeros past `count`) times four channels' int8 rows of
    /// `count` taps: each pixel's four channel sums. Whole groups of 8 taps go through `madd`; the
    /// rest, scalar, so no load passes a row's end.
    @inline(__always)
    func tile(
        _ a0: UnsafePointer<Int16>, _ a1: UnsafePointer<Int16>,
        _ rows: (UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>), _ count: Int
    ) -> (SIMD4<Int32>, SIMD4<Int32>) {
        let (w, w1, w2, w3) = rows
        let whole = count & ~7
        var s00 = SIMD4<Int32>(), s01 = SIMD4<Int32>(), s02 = SIMD4<Int32>(), s03 = SIMD4<Int32>()
        var s10 = SIMD4<Int32>(), s11 = SIMD4<Int32>(), s12 = SIMD4<Int32>(), s13 = SIMD4<Int32>()
        var k = 0
        while k < whole {
            let x0 = load8(a0 + k), x1 = load8(a1 + k)
            let v0 = load8(w + k), v1 = load8(w1 + k), v2 = load8(w2 + k), v3 = load8(w3 + k)
            s00 &+= madd(x0, v0)
            s01 &+= madd(x0, v1)
            s02 &+= madd(x0, v2)
            s03 &+= madd(x0, v3)
            s10 &+= madd(x1, v0)
            s11 &+= madd(x1, v1)
            s12 &+= madd(x1, v2)
            s13 &+= madd(x1, v3)
            k &+= 8
        }
        var first = laneSums(s00, s01, s02, s03), second = laneSums(s10, s11, s12, s13)
        while k < count {
            let x0 = Int32(a0[k]), x1 = Int32(a1[k])
            let v = SIMD4<Int32>(Int32(w[k]), Int32(w1[k]), Int32(w2[k]), Int32(w3[k]))
            first &+= v &* x0
            second &+= v &* x1
            k &+= 1
        }
        return (first, second)
    }

#endif
