// What the optimized int8 convolutions (OptimizedConv2D, OptimizedDepthwiseConv2D) share: the
// per-channel table prepare fills once, and the window's valid taps for one output position.
// The int32 sums wrap (mod 2^32, as TFLM's), so folding input offset · Σw into the bias and
// reordering the sums gives the reference kernels' bits; requantization is the reference's.

/// Per output channel: multiplier, shift (the reference's QuantizeMultiplier in double, through
/// ScaleRatio's integer fast path where it decides) and the folded bias `bias + input offset · Σw`
/// over all the channel's taps (exact for a window inside the input); 9 bytes a channel: folded
/// biases (Int32), multipliers (Int32), shifts (Int8). By default nothing persists: each invoke computes the table into
/// scratch, which the planner shares between layers (the arena holds the largest layer's table,
/// at that layer's step only). `-D KINGLET_PERSISTENT_CHANNEL_TABLES` computes it once at
/// prepare into the persistent arena instead (fewer instructions, 9 bytes a channel of every
/// layer kept).
public struct ChannelTable: BitwiseCopyable {
    /// The persistent table (nil unless `persistent`).
    let base: UnsafeMutablePointer<Int32>?
    let multipliers: ChannelMultipliers
    let inputOffset: Int32
    /// Channel c's filter values sit at `filter + c · channelStride + k · tapStride`, k < taps.
    let channelStride: Int32, tapStride: Int32, taps: Int32
    /// The filter was constant at prepare, so the persistent folded biases are final; else each
    /// invoke folds.
    let foldedAtPrepare: Bool

    /// Int32 slots of a table for `channels` output channels.
    static func slots(channels: Int) -> Int {
        let channels = Swift.max(channels, 0)
        return 2 &* channels &+ (channels &+ 3) / 4
    }

    /// Int32 slots of the persistent table for `channels` output channels.
    public static func count(channels: Int) -> Int { persistent ? slots(channels: channels) : 0 }

    /// Int32 slots of scratch an invoke needs (the table, unless it persists).
    public static func scratchCount(channels: Int) -> Int { persistent ? 0 : slots(channels: channels) }

    /// Whether prepare keeps the table in the persistent arena (`-D KINGLET_PERSISTENT_CHANNEL_TABLES`).
    public static var persistent: Bool {
        #if KINGLET_PERSISTENT_CHANNEL_TABLES
            return true
        #else
            return false
        #endif
    }

    /// With a persistent table, fills `base` (`count(channels:)` slots); `filter` nil when it is
    /// not constant (or the bias is not): each invoke then folds. Else keeps the layout only.
    init(
        base: UnsafeMutablePointer<Int32>?, quantization: ConvolutionQuantization, channelStride: Int,
        tapStride: Int, taps: Int, filter: UnsafePointer<Int8>?, bias: UnsafePointer<Int32>?
    ) {
        self.base = base
        multipliers = quantization.channelMultipliers
        inputOffset = quantization.inputOffset
        // Prepare proved the filter's size fits a tensor (below 2^31 bytes).
        self.channelStride = Int32(truncatingIfNeeded: channelStride)
        self.tapStride = Int32(truncatingIfNeeded: tapStride)
        self.taps = Int32(truncatingIfNeeded: taps)
        foldedAtPrepare = filter != nil
        #if KINGLET_PERSISTENT_CHANNEL_TABLES
            if let base {
                quantize(into: base + multipliers.count)
                if let filter { fold(into: base, filter: filter, bias: bias) }
            }
        #endif
    }

    /// Multipliers (Int32) at `storage`, then shifts (Int8), as ChannelMultipliers.compute.
    private func quantize(into storage: UnsafeMutablePointer<Int32>) {
        let shifts = UnsafeMutableRawPointer(storage + multipliers.count).assumingMemoryBound(to: Int8.self)
        var channel = 0
        while channel < multipliers.count {
            // Validated at prepare (ChannelMultipliers.init): the throwing path is unreachable.
            let quantized = multipliers.quantizedOrDouble(channel)
            storage[channel] = quantized.multiplier
            shifts[channel] = Int8(truncatingIfNeeded: quantized.shift)
            channel &+= 1
        }
    }

    /// `folded[c] = bias[c] + inputOffset · Σ filter values of channel c`, wrapping.
    private func fold(
        into folded: UnsafeMutablePointer<Int32>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?
    ) {
        var channel = 0
        while channel < multipliers.count {
            var sum: Int32 = 0
            var tap = filter + channel &* Int(channelStride)
            var remaining = taps
            while remaining > 0 {
                sum &+= Int32(tap.pointee)
                tap += Int(tapStride)
                remaining &-= 1
            }
            folded[channel] = (bias?[channel] ?? 0) &+ sum &* inputOffset
            channel &+= 1
        }
    }

    /// At the start of an invoke: multipliers, shifts and folded biases, computed into `scratch`
    /// (`scratchCount` slots) unless the table persists (then `scratch` is not read).
    @inline(__always)
    func begin(
        filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?, scratch: UnsafeMutablePointer<Int32>?
    ) -> (multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int8>, folded: UnsafePointer<Int32>) {
        #if KINGLET_PERSISTENT_CHANNEL_TABLES
            let folded = base.unsafelyUnwrapped
            if !foldedAtPrepare { fold(into: folded, filter: filter, bias: bias) }
        #else
            let folded = scratch.unsafelyUnwrapped
            quantize(into: folded + multipliers.count)
            fold(into: folded, filter: filter, bias: bias)
        #endif
        let table = folded + multipliers.count
        let shifts = UnsafeRawPointer(table + multipliers.count).assumingMemoryBound(to: Int8.self)
        return (UnsafePointer(table), shifts, UnsafePointer(folded))
    }
}

/// A reference convolution's quantization, its output channels, and where channel c's filter
/// values sit: `c · channelStride + k · tapStride`, k < taps.
public typealias ChannelLayout = (
    quantization: ConvolutionQuantization, channels: Int, channelStride: Int, tapStride: Int, taps: Int
)

/// An optimized int8 convolution: its reference kernel's op data (geometry, quantization) and
/// a ChannelTable.
public protocol OptimizedConvolution: BitwiseCopyable {
    associatedtype Reference
    init(reference: Reference, channelTable: ChannelTable)
    static func channelLayout(_ reference: Reference) -> ChannelLayout
}

extension OptimizedConvolution {
    /// Output channels (one table entry each).
    public static func channels(_ reference: Reference) -> Int { channelLayout(reference).channels }

    /// Int32 slots of the persistent `table` the initializer takes (0 by default).
    public static func tableCount(_ reference: Reference) -> Int {
        ChannelTable.count(channels: channels(reference))
    }

    /// Int32 slots of the scratch an invoke takes (0 with persistent tables).
    public static func scratchCount(_ reference: Reference) -> Int {
        ChannelTable.scratchCount(channels: channels(reference))
    }

    /// `table` holds `tableCount` slots that live as long as the op data (nil when 0); `filter`
    /// and `bias` are the constant tensors (filter nil when it is not constant: each invoke then
    /// folds). Both are read only with persistent tables.
    public init(
        _ reference: Reference, table: UnsafeMutablePointer<Int32>?, filter: UnsafePointer<Int8>?,
        bias: UnsafePointer<Int32>?
    ) {
        let layout = Self.channelLayout(reference)
        self.init(
            reference: reference,
            channelTable: ChannelTable(
                base: table, quantization: layout.quantization, channelStride: layout.channelStride,
                tapStride: layout.tapStride, taps: layout.taps, filter: filter, bias: bias))
    }
}

extension ConvolutionQuantization {
    /// `requantize(accumulator, multiplier:, shift:)`'s bits in fewer instructions.
    @inline(__always)
    func requantizeFast(_ accumulator: Int32, multiplier: Int32, shift: Int8) -> Int8 {
        let scaled = fastMultiplyByQuantizedMultiplier(accumulator, multiplier, Int32(shift))
        return Int8(truncatingIfNeeded: activationRange.clamp(scaled &+ outputZeroPoint))
    }
}

/// multiplyByQuantizedMultiplier (TFLM's double rounding) with the same bits: the SRDHM's
/// sign-dependent nudge and truncating division equal one floor shift, `(a·m + 2^30) >> 31`
/// (for a·m >= 0 directly; for a·m < 0, truncation adds 2^31 - 1 before flooring), and the
/// rounding right shift is done in int32 with a mask, all without overflow checks.
@inline(__always)
func fastMultiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
    let leftShift = shift > 0 ? shift : 0
    let rightShift = shift > 0 ? 0 : 0 &- shift
    let a = x &<< leftShift
    // The one product that does not fit: SRDHM saturates.
    let high =
        a == Int32.min && multiplier == Int32.min
        ? Int32.max : Int32(truncatingIfNeeded: (Int64(a) &* Int64(multiplier) &+ (1 << 30)) >> 31)
    let mask = (1 &<< rightShift) &- 1  // rightShift 31: Int32.max
    let threshold = (mask >> 1) &+ (high < 0 ? 1 : 0)
    return (high &>> rightShift) &+ ((high & mask) > threshold ? 1 : 0)
}

/// One output position's window: the input offset of tap (0, 0) at channel 0 (it may lie
/// outside the input), the valid filter rows and columns, and whether every tap is valid.
struct Window {
    var origin: Int
    var rows: (first: Int, end: Int), columns: (first: Int, end: Int)
    var inside: Bool
}

extension ConvolutionGeometry {
    /// Calls `body` for every output position, in NHWC order, with its window.
    @inline(__always)
    func forEachWindow(_ body: (Window) -> Void) {
        let rowBytes = input.d2 &* input.d3
        var batch = 0
        while batch < output.d0 {
            let batchOrigin = batch &* input.d1 &* rowBytes
            var outY = 0
            while outY < output.d1 {
                let y = outY &* rows.stride &- rows.paddingBefore
                let rowTaps = validTaps(origin: y, size: input.d1, filterSize: filter.d1, dilation: rows.dilation)
                var outX = 0
                while outX < output.d2 {
                    let x = outX &* columns.stride &- columns.paddingBefore
                    let columnTaps = validTaps(
                        origin: x, size: input.d2, filterSize: filter.d2, dilation: columns.dilation)
                    let inside =
                        rowTaps.first == 0 && rowTaps.end == filter.d1 && columnTaps.first == 0
                        && columnTaps.end == filter.d2
                    body(
                        Window(
                            origin: batchOrigin &+ y &* rowBytes &+ x &* input.d3, rows: rowTaps, columns: columnTaps,
                            inside: inside))
                    outX &+= 1
                }
                outY &+= 1
            }
            batch &+= 1
        }
    }
}

/// The filter taps of one axis whose input position lies inside the input: first..<end, with
/// `origin` the input position of tap 0 (may be negative). Integer divisions, once per output
/// row or column, so the inner loops test no bounds.
@inline(__always)
func validTaps(origin: Int, size: Int, filterSize: Int, dilation: Int) -> (first: Int, end: Int) {
    // First tap with origin + dilation · tap >= 0.
    let first = origin >= 0 ? 0 : Swift.min((0 &- origin &+ dilation &- 1) / dilation, filterSize)
    // Taps with origin + dilation · tap < size.
    let room = size &- origin
    let end = room <= 0 ? 0 : Swift.min((room &+ dilation &- 1) / dilation, filterSize)
    return (first, Swift.max(first, end))
}
