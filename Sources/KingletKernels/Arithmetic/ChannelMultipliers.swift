/// Per-output-channel requantization multipliers and shifts for CONV_2D, DEPTHWISE_CONV_2D and
/// per-channel FULLY_CONNECTED: QuantizeMultiplier(double(input scale) × double(filter scale[c]) /
/// double(output scale)), exactly as TFLM's prepare computes them.
///
/// TFLM keeps them in the arena's persistent part for the whole run: 8 bytes per output channel,
/// most of a MobileNet's persistent memory. Kinglet validates them at prepare, then recomputes
/// them at the start of each invoke into the operator's scratch buffer (planned memory that
/// other operators reuse), from the filter scales that stay in the model bytes. The cost is one
/// multiplier per output channel per invoke — a small fraction of the channel's MACs.
public struct ChannelMultipliers: BitwiseCopyable {
    /// Output channels.
    public var count: Int { Int(channelCount) }
    // Kept compact (it lives in every convolution's op data): the scales stay in the model bytes.
    let scales: UnsafeRawPointer?
    let scaleCount: Int32
    let channelCount: Int32
    let singleScale: Float
    let inputScale: Float
    let outputScale: Float
    /// The per-layer part of each channel's multiplier (ScaleRatio): the fast path per channel.
    let ratio: ScaleRatio

    /// Checks every channel's multiplier now, so `compute` cannot fail later. A single filter
    /// scale is broadcast to every channel.
    public init(
        filterScales: ScaleList, channels: Int, inputScale: Float, outputScale: Float, name: KernelErrorName
    ) throws(KernelError) {
        guard channels >= 0, channels <= Int(Int32.max), filterScales.count <= Int(Int32.max) else {
            throw .unsupportedParameter(name: name, value: channels)
        }
        self.channelCount = Int32(channels)
        self.scales = filterScales.base
        self.scaleCount = Int32(filterScales.count)
        self.singleScale = filterScales.first
        self.inputScale = inputScale
        self.outputScale = outputScale
        self.ratio = ScaleRatio(inputScale, outputScale)
        for channel in 0..<channels {
            let filterScale = self.filterScale(channel)
            guard filterScale.isFinite else { throw .invalidScale(name: name, value: filterScale) }
            _ = try quantizeMultiplier(realMultiplier(channel), name: name)
        }
    }

    /// Throws unless every channel's shift is below `limit` (the 16x8 kernels' int64 multiply
    /// takes shifts below 8 only).
    public func checkShifts(below limit: Int32, name: KernelErrorName) throws(KernelError) {
        for channel in 0..<count {
            let real = realMultiplier(channel)
            guard try quantizeMultiplier(real, name: name).shift < limit else {
                throw .multiplierOutOfRange(name: name, value: real)
            }
        }
    }

    /// Int32 scratch slots `compute` fills: multipliers, then shifts.
    public var scratchCount: Int { 2 * count }

    @inline(__always)
    func filterScale(_ channel: Int) -> Float {
        // One scale (or an inline one) is broadcast to every channel.
        guard scaleCount > 1, let scales else { return singleScale }
        return Float(
            bitPattern: UInt32(littleEndian: scales.loadUnaligned(fromByteOffset: channel &* 4, as: UInt32.self)))
    }

    @inline(__always)
    func realMultiplier(_ channel: Int) -> Double {
        Double(inputScale) * Double(filterScale(channel)) / Double(outputScale)
    }

    /// Channel `channel`'s multiplier and shift: the bits of init's double path, without double
    /// arithmetic (ScaleRatioMultiplier.swift): ScaleRatio's two multiplies, or for the channels
    /// it leaves undecided the long division. Validated in init: the throwing path is unreachable.
    /// (ChannelTable, the optimized convolutions' table, falls back to the double path instead:
    /// the long division costs 704 B of Cortex-M4 code, more than person_detect's firmware has
    /// left under 64 KiB.)
    @inline(__always)
    func quantized(_ channel: Int) -> QuantizedMultiplier {
        let filterScale = filterScale(channel)
        return ratio.quantized(filterScale) ?? scaleRatioMultiplier(inputScale, filterScale, outputScale)
            ?? (try? quantizeMultiplier(realMultiplier(channel))) ?? QuantizedMultiplier(multiplier: 0, shift: 0)
    }

    /// As `quantized`, falling back to the double path (no long division linked).
    @inline(__always)
    func quantizedOrDouble(_ channel: Int) -> QuantizedMultiplier {
        ratio.quantized(filterScale(channel))
            ?? (try? quantizeMultiplier(realMultiplier(channel))) ?? QuantizedMultiplier(multiplier: 0, shift: 0)
    }

    /// Writes every channel's multiplier to `storage[c]` and shift to `storage[count + c]`.
    public func compute(into storage: UnsafeMutablePointer<Int32>) {
        for channel in 0..<count {
            let quantized = quantized(channel)
            storage[channel] = quantized.multiplier
            storage[count + channel] = quantized.shift
        }
    }
}
