// DEPTHWISE_CONV_2D int8, AVX-512 tier (-target-cpu cascadelake; call it only when
// kinglet_host_isa() says AVX512). The oracle is DepthwiseConv2D.invoke
// (HostDepthwiseConv2DTests run it against the reference when the CPU has the tier). Taken for
// depth multiplier 1 with a multiple of 8 channels, an input offset in -127...128 and
// multipliers the Requantizer takes (HostDepthwiseConv2DAVX512.applies); else the baseline.
// - channels innermost: per output pixel, a block of 16 (or the last 8) channels is summed at
//   once, one valid tap after the other, the filter (1, KH, KW, C) read in place: its channels
//   are already contiguous. Padding taps are skipped, as the reference skips them;
// - every product w · (x + offset) fits an Int16 (|x + offset| <= 255, |w| <= 128: at most
//   32,640), so the multiply is 16-bit (vpmullw) and only the sum is widened; the int32 sums wrap
//   mod 2^32 as the reference's;
// - requantization is HostConv2DAVX512's Epilogue (the Requantizer in 8 int64 lanes).
// Host memory (persistent): 32 bytes per channel (padded to 16) of requantization table.

import KingletKernels

public struct HostDepthwiseConv2DAVX512 {
    public let reference: DepthwiseConv2D
    let filter: UnsafePointer<Int8>
    /// Per block of 16 channels, as HostConv2DAVX512's table.
    let table: UnsafePointer<Int32>

    /// Every channel's multiplier and shift suits the Requantizer (else run the baseline).
    public let shortcut: Bool

    /// Whether the tier takes the layer's shapes and offset (see also `shortcut`).
    public static func applies(_ reference: DepthwiseConv2D) -> Bool {
        let g = reference.geometry, offset = reference.quantization.inputOffset
        return reference.depthMultiplier == 1 && g.input.d3 == g.output.d3 && g.output.d3 % 8 == 0
            && g.output.d3 > 0 && offset >= -127 && offset <= 128
    }

    /// Bytes of host-only persistent memory `init` takes.
    public static func hostBytes(_ reference: DepthwiseConv2D) -> Int {
        (reference.geometry.output.d3 &+ 15) / 16 &* 8 &* 64 &+ 8 &* reference.geometry.output.d3
    }

    /// For `applies` layers; `filter` is the constant filter; `host` holds `hostBytes` bytes.
    public init(reference: DepthwiseConv2D, filter: UnsafePointer<Int8>, host: UnsafeMutableRawPointer) {
        self.reference = reference
        self.filter = filter
        let channels = reference.geometry.output.d3, blocks = (channels &+ 15) / 16
        let table = host.bindMemory(to: Int32.self, capacity: blocks &* 128 &+ 2 &* channels)
        table.initialize(repeating: 0, count: blocks &* 128 &+ 2 &* channels)
        let values = table + blocks &* 128
        reference.quantization.channelMultipliers.compute(into: values)
        var shortcut = true
        var channel = 0
        while channel < channels {
            let multiplier = values[channel], shift = values[channels &+ channel]
            if multiplier == Int32.min || shift < -31 || shift > 30 { shortcut = false }
            // The Requantizer's parameters (HostConv2D) for a shift in -31...30.
            let right = shift > 0 ? 0 : 0 &- shift
            let nudge: Int32 = right == 0 ? 0 : 1 &<< (right &- 1)
            let entry = table + ((channel / 16) &* 128 &+ channel % 16)
            entry[0] = shift > 0 ? shift : 0
            entry[16] = multiplier
            entry[32] = right
            entry[48] = nudge
            entry[64] = right == 0 ? 0 : nudge &- 1
            channel &+= 1
        }
        self.table = UnsafePointer(table)
        self.shortcut = shortcut
    }

    /// As DepthwiseConv2D.invoke (the filter given at init).
    public func invoke(input: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>) {
        let g = reference.geometry, quantization = reference.quantization
        let height = g.input.d1, width = g.input.d2, channels = g.input.d3
        let filterHeight = g.filter.d1, filterWidth = g.filter.d2
        let zeroPoint = SIMD8<Int32>(repeating: quantization.outputZeroPoint)
        let low = SIMD8<Int32>(repeating: quantization.activationRange.min)
        let high = SIMD8<Int32>(repeating: quantization.activationRange.max)
        let offsets = SIMD16<Int16>(repeating: Int16(truncatingIfNeeded: quantization.inputOffset))
        let filter = filter, table = table
        var y = output
        var batch = 0
        while batch < g.output.d0 {
            let image = input + batch &* height &* width &* channels
            var outY = 0
            while outY < g.output.d1 {
                let y0 = outY &* g.rows.stride &- g.rows.paddingBefore
                var outX = 0
                while outX < g.output.d2 {
                    let x0 = outX &* g.columns.stride &- g.columns.paddingBefore
                    var channel = 0
                    while channel < channels {
                        let valid = Swift.min(channels &- channel, 16)
                        var s0 = SIMD8<Int32>(), s1 = SIMD8<Int32>()
                        var filterY = 0
                        while filterY < filterHeight {
                            let inY = y0 &+ filterY &* g.rows.dilation
                            if inY >= 0 && inY < height {
                                var filterX = 0
                                while filterX < filterWidth {
                                    let inX = x0 &+ filterX &* g.columns.dilation
                                    if inX >= 0 && inX < width {
                                        let x = image + ((inY &* width &+ inX) &* channels &+ channel)
                                        let w = filter + ((filterY &* filterWidth &+ filterX) &* channels &+ channel)
                                        if valid == 16 {
                                            let products =
                                                (widen16(UnsafeRawPointer(x).loadUnaligned(as: SIMD16<Int8>.self))
                                                    &+ offsets)
                                                &* widen16(UnsafeRawPointer(w).loadUnaligned(as: SIMD16<Int8>.self))
                                            s0 &+= widen8(products.lowHalf)
                                            s1 &+= widen8(products.highHalf)
                                        } else {
                                            let products =
                                                (widen8(UnsafeRawPointer(x).loadUnaligned(as: SIMD8<Int8>.self))
                                                    &+ offsets.lowHalf)
                                                &* widen8(UnsafeRawPointer(w).loadUnaligned(as: SIMD8<Int8>.self))
                                            s0 &+= widen8(products)
                                        }
                                    }
                                    filterX &+= 1
                                }
                            }
                            filterY &+= 1
                        }
                        var biases = (SIMD8<Int32>(), SIMD8<Int32>())
                        if let bias {
                            biases.0 = UnsafeRawPointer(bias + channel).loadUnaligned(as: SIMD8<Int32>.self)
                            if valid == 16 {
                                biases.1 = UnsafeRawPointer(bias + (channel &+ 8)).loadUnaligned(as: SIMD8<Int32>.self)
                            }
                        }
                        let entry = table + (channel / 16) &* 128
                        let epilogue = Epilogue(
                            requantizers: (Requantizer8(entry, 0), Requantizer8(entry, 8)), biases: biases,
                            zeroPoint: zeroPoint, low: low, high: high, valid: valid)
                        epilogue.store((s0, s1), y + channel)
                        channel &+= 16
                    }
                    y += channels
                    outX &+= 1
                }
                outY &+= 1
            }
            batch &+= 1
        }
    }
}

/// 16 bytes sign-extended in two halves.
@inline(__always)
func widen16(_ v: SIMD16<Int8>) -> SIMD16<Int16> { SIMD16(lowHalf: widen8(v.lowHalf), highHalf: widen8(v.highHalf)) }

/// Lane by lane, so LLVM emits one sign extension (the stdlib's generic `init(truncatingIfNeeded:)`
/// stayed a call here).
@inline(__always)
func widen8(_ v: SIMD8<Int8>) -> SIMD8<Int16> {
    SIMD8(
        Int16(v[0]), Int16(v[1]), Int16(v[2]), Int16(v[3]), Int16(v[4]), Int16(v[5]), Int16(v[6]), Int16(v[7]))
}

@inline(__always)
func widen8(_ v: SIMD8<Int16>) -> SIMD8<Int32> {
    SIMD8(
        Int32(v[0]), Int32(v[1]), Int32(v[2]), Int32(v[3]), Int32(v[4]), Int32(v[5]), Int32(v[6]), Int32(v[7]))
}
