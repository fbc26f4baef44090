// LiteRT's int8 requantization, as Larq Compute Engine's interpreter (pip larq-compute-engine 0.16.0,
// default x86 kernels) runs CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: found by experiment
// (tools/bnn/int8_requant.py; docs/binarized.md "int8 builtins"). Kinglet uses it in LCE models only
// (PrepareContext.followsLiteRT), on the reference loops; every other model keeps TFLM's arithmetic.
// - ruy's x86 kernels (ruy/kernel_avx2_fma.cc, kernel_avx512.cc): x = acc << max(shift, 0) (int32,
//   wrapping), r = (x · M + 2^30) >> 31 (64-bit product, arithmetic shift: half up), then
//   (r + 2^(e-1)) >> e with e = max(-shift, 0) (half up again); + output zero point; clamp.
// - Multipliers: QuantizeMultiplier(double(s_in) · double(s_w) / double(s_out)) as TFLM's, except
//   per-tensor FULLY_CONNECTED: double(float32(s_in · s_w)) / double(s_out) (TFLite's
//   GetQuantizedConvolutionMultipler rounds the product to float first).
// - CONV_2D and FULLY_CONNECTED: every channel. Grouped CONV_2D: TFLM's arithmetic (LiteRT runs it
//   with its reference kernel). DEPTHWISE_CONV_2D: the output channels below 8 · (channels / 8)
//   (the optimized kernel's 8-channel blocks); its leftover channels take TFLM's arithmetic.

/// ruy x86's fixed-point multiply: both roundings half up (TFLM's round half away from zero).
/// A left shift of 32 or more gives 0 (vpsllvd); the rounding add wraps like vpaddd.
@inlinable @inline(__always)
public func liteRTMultiplyByQuantizedMultiplier(_ accumulator: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
    let left = shift > 0 ? shift : 0
    let right = shift > 0 ? 0 : 0 &- shift
    let shifted: Int32 = left < 32 ? accumulator &<< left : 0
    let high = Int32(truncatingIfNeeded: (Int64(shifted) &* Int64(multiplier) &+ (1 << 30)) >> 31)
    guard right > 0 else { return high }
    return (high &+ (Int32(1) << (right &- 1))) >> right
}

/// The int8 convolutions' reference loops, shared with LiteRT's requantization.
protocol LiteRTConvolution {
    var quantization: ConvolutionQuantization { get }
    /// Output channels that take LiteRT's rounding (the rest take TFLM's).
    var liteRTChannels: Int { get }
    func convolve<Element: FixedWidthInteger, Sum: FixedWidthInteger>(
        input: UnsafePointer<Element>, filter: UnsafePointer<Int8>, output: UnsafeMutablePointer<Element>,
        tap: (Int32, Int32) -> Sum, finish: (Sum, Int) -> Element)
}

/// An int8 kernel with LiteRT's requantization: `invoke`'s loops, `scratch` as for `invoke`.
public protocol LiteRTInt8Kernel {
    func invokeLiteRT(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?)
}

extension LiteRTConvolution {
    /// int8 in an LCE model: `invoke` with LiteRT's requantization (scratch is never nil).
    @inline(__always)
    func liteRTInvoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        guard let scratch else { return }
        let quantization = self.quantization
        let (multipliers, shifts) = quantization.multipliers(in: scratch)
        let offset = quantization.inputOffset, simd = liteRTChannels
        convolve(input: input, filter: filter, output: output, tap: { $0 &* ($1 &+ offset) }) { sum, channel in
            let total = bias.map { sum &+ $0[channel] } ?? sum
            guard channel < simd else {
                return quantization.requantize(total, multiplier: multipliers[channel], shift: shifts[channel])
            }
            let scaled = liteRTMultiplyByQuantizedMultiplier(total, multipliers[channel], shifts[channel])
            return quantization.clampedOutput(scaled)
        }
    }
}

extension ConvolutionQuantization {
    /// A requantized value + output zero point, clamped to the activation range.
    @inline(__always)
    func clampedOutput(_ scaled: Int32) -> Int8 {
        Int8(truncatingIfNeeded: activationRange.clamp(scaled &+ outputZeroPoint))
    }
}

extension Conv2D: LiteRTConvolution, LiteRTInt8Kernel {
    /// Every channel, unless grouped (LiteRT's reference kernel: TFLM's arithmetic).
    var liteRTChannels: Int { geometry.filter.d3 == geometry.input.d3 ? geometry.output.d3 : 0 }

    public func invokeLiteRT(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        liteRTInvoke(input: input, filter: filter, bias: bias, output: output, scratch: scratch)
    }

}

extension DepthwiseConv2D: LiteRTConvolution, LiteRTInt8Kernel {
    /// The optimized kernel's full blocks of 8 output channels.
    var liteRTChannels: Int { geometry.output.d3 / 8 * 8 }

    public func invokeLiteRT(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        liteRTInvoke(input: input, filter: filter, bias: bias, output: output, scratch: scratch)
    }

}

extension FullyConnected: LiteRTInt8Kernel {
    /// Per-tensor weights take LiteRT's multiplier, from the float32 product of the input and filter
    /// scales; per-channel weights keep theirs. Call once after init, before any invoke.
    public mutating func followLiteRT(inputScale: Float, filterScale: Float, outputScale: Float) throws(KernelError) {
        guard channelMultipliers == nil else { return }
        let real = Double(inputScale * filterScale) / Double(outputScale)
        outputMultiplier = try quantizeMultiplier(real, name: "fully_connected")
    }

    /// int8 in an LCE model: `invoke`'s scalar loops with LiteRT's requantization (after
    /// `followLiteRT`). `scratch` as for `invoke`.
    public func invokeLiteRT(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        let (multipliers, shifts) = perChannelTables(in: scratch)
        let depth = accumulationDepth
        let weightOffset = multipliers == nil ? filterOffset : 0
        for batch in 0..<batches {
            for channel in 0..<outputDepth {
                let weights = filter + channel * depth, values = input + batch * depth
                var sum: Int32 = bias?[channel] ?? 0  // int32 sums wrap: the bias may come first
                for index in 0..<depth {
                    sum &+= (Int32(weights[index]) &+ weightOffset) &* (Int32(values[index]) &+ inputOffset)
                }
                let scaled = liteRTMultiplyByQuantizedMultiplier(
                    sum, multipliers?[channel] ?? outputMultiplier.multiplier,
                    shifts?[channel] ?? outputMultiplier.shift)
                output[batch * outputDepth + channel] = Int8(
                    truncatingIfNeeded: activationRange.clamp(scaled &+ outputZeroPoint))
            }
        }
    }
}
