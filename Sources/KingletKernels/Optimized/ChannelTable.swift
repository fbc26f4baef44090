// What the optimized int8 convolutions (OptimizedConv2D, OptimizedDepthwiseConv2D) share: the
// per-channel table prepare fills once, and the window's valid taps for one output position.
// The int32 sums wrap (mod 2^32, as TFLM's), so folding input offset · Σw into the bias and
// reordering the sums gives the reference kernels' bits; requantization is the reference's.

/// Per output channel, prepared once: multiplier, shift (QuantizeMultiplier in double, as the
/// reference computes them) and the folded bias `bias + input offset · Σw` over all the
/// channel's taps (exact for a window inside the input). Int32 slots in the persistent arena,
/// in blocks: multipliers, shifts (both only when `precomputesMultipliers`), folded biases.
public struct ChannelTable: BitwiseCopyable {
    let base: UnsafeMutablePointer<Int32>
    let multipliers: ChannelMultipliers
    let inputOffset: Int32
    /// Channel c's filter values sit at `filter + c · channelStride + k · tapStride`, k < taps.
    let channelStride: Int32, tapStride: Int32, taps: Int32
    /// The filter was constant at prepare, so the folded biases are final; else each invoke folds.
    let foldedAtPrepare: Bool

    /// Int32 slots for `channels` output channels.
    public static func count(channels: Int) -> Int { (precomputesMultipliers ? 3 : 1) &* Swift.max(channels, 0) }

    /// Whether prepare keeps multipliers and shifts (8 bytes per channel of the persistent arena)
    /// rather than recomputing them in soft double at each invoke. A target with a tight arena
    /// builds with `-D KINGLET_RECOMPUTE_MULTIPLIERS`.
    public static var precomputesMultipliers: Bool {
        #if KINGLET_RECOMPUTE_MULTIPLIERS
            return false
        #else
            return true
        #endif
    }

    /// Fills `base` (`count(channels:)` slots); `filter` nil when it is not constant (or the
    /// bias is not): each invoke then folds.
    init(
        base: UnsafeMutablePointer<Int32>, quantization: ConvolutionQuantization, channelStride: Int,
        tapStride: Int, taps: Int, filter: UnsafePointer<Int8>?, bias: UnsafePointer<Int32>?
    ) {
        self.base = base
        multipliers = quantization.channelMultipliers
        inputOffset = quantization.inputOffset
        // Prepare proved the filter's size fits a tensor (below 2^31 bytes).
        self.channelStride = Int32(truncatingIfNeeded: channelStride)
        self.tapStride = Int32(truncatingIfNeeded: tapStride)
        self.taps = Int32(truncatingIfNeeded: taps)
        if Self.precomputesMultipliers { multipliers.compute(into: base) }
        foldedAtPrepare = filter != nil
        if let filter { fold(filter: filter, bias: bias) }
    }

    private var folded: UnsafeMutablePointer<Int32> {
        Self.precomputesMultipliers ? base + 2 &* multipliers.count : base
    }

    /// `folded[c] = bias[c] + inputOffset · Σ filter values of channel c`, wrapping.
    private func fold(filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?) {
        let folded = self.folded
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

    /// At the start of an invoke: multipliers, shifts and folded biases (`scratch`, two slots per
    /// channel, is used only when multipliers are recomputed).
    @inline(__always)
    func begin(
        filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?, scratch: UnsafeMutablePointer<Int32>?
    ) -> (multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, folded: UnsafePointer<Int32>) {
        var table = UnsafePointer(base)
        if !Self.precomputesMultipliers, let scratch {
            multipliers.compute(into: scratch)
            table = UnsafePointer(scratch)
        }
        if !foldedAtPrepare { fold(filter: filter, bias: bias) }
        return (table, table + multipliers.count, UnsafePointer(folded))
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
