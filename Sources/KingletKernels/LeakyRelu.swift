// LEAKY_RELU (M/leaky_relu.cc, M/leaky_relu_common.cc, R/leaky_relu.h), int8/int16 and float32.
//
// Quantized prepare (CalculateOpDataLeakyRelu), all in double:
//   (ma, sa) = QuantizeMultiplier(double(in_s) * double(alpha) / double(out_s))
//   (mi, si) = QuantizeMultiplier(double(in_s) / double(out_s))
// That is the pip build's arithmetic (TFLM #1501's form); the source at 90b983c computes the
// products in float and widens, 1 LSB away on some of TFLM's own int16 models (pinned in
// LeakyReluTests).
// Eval (QuantizeLeakyRelu), int32: v = x - zi;
//   v >= 0: out = zo + MBQM(v, mi, si)
//   v < 0:  out = zo + MBQM(v, |ma|, sa), negated when alpha's multiplier is negative (a negative
//           alpha: the reference keeps the multiplier non-negative and flips the sign after)
//   clamp to T's range (no fused activation).
// float32: out = x > 0 ? x : x * alpha.

/// Prepared int8 or int16 LEAKY_RELU.
public struct LeakyRelu: BitwiseCopyable {
    public let elementCount: Int
    public let alphaMultiplier: QuantizedMultiplier
    public let identityMultiplier: QuantizedMultiplier
    @usableFromInline let inputZeroPoint: Int32
    @usableFromInline let outputZeroPoint: Int32
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// Throws for unusable scales, a NaN or infinite alpha multiplier, and multiplier shifts above 31
    /// (where TFLM's `x * (1 << shift)` is undefined).
    public init(
        shape: Shape, alpha: Float, inputScale: Float, inputZeroPoint: Int32, outputScale: Float,
        outputZeroPoint: Int32,
        int16: Bool = false
    ) throws(KernelError) {
        try checkScale(inputScale, "leaky_relu input")
        try checkScale(outputScale, "leaky_relu output")
        // All in double, as the pip build computes it (see the header).
        let alphaReal = Double(inputScale) * Double(alpha) / Double(outputScale)
        let identityReal = Double(inputScale) / Double(outputScale)
        alphaMultiplier = try quantizeMultiplier(alphaReal, name: "leaky_relu alpha")
        identityMultiplier = try quantizeMultiplier(identityReal, name: "leaky_relu identity")
        guard alphaMultiplier.shift <= 31 else {
            throw .multiplierOutOfRange(name: "leaky_relu alpha", value: alphaReal)
        }
        guard identityMultiplier.shift <= 31 else {
            throw .multiplierOutOfRange(name: "leaky_relu identity", value: identityReal)
        }
        elementCount = try shape.checkedElementCount()
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        elementBits = int16 ? 16 : 8
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>) {
        precondition(T.bitWidth == elementBits, "LeakyRelu prepared for another element type")
        let lower = Int32(T.min), upper = Int32(T.max)
        let alphaIsNegative = alphaMultiplier.multiplier < 0
        // wraps like TFLM
        let safeAlpha = alphaIsNegative ? 0 &- alphaMultiplier.multiplier : alphaMultiplier.multiplier
        for index in 0..<elementCount {
            let value = Int32(input[index]) &- inputZeroPoint
            var result = outputZeroPoint
            if value >= 0 {
                result =
                    result
                    &+ multiplyByQuantizedMultiplier(value, identityMultiplier.multiplier, identityMultiplier.shift)
            } else {
                let scaled = multiplyByQuantizedMultiplier(value, safeAlpha, alphaMultiplier.shift)
                result = result &+ (alphaIsNegative ? 0 &- scaled : scaled)
            }
            output[index] = T(truncatingIfNeeded: min(upper, max(lower, result)))
        }
    }
}

/// Prepared float32 LEAKY_RELU.
public struct FloatLeakyRelu: BitwiseCopyable {
    public let elementCount: Int
    public let alpha: Float

    public init(shape: Shape, alpha: Float) throws(KernelError) {
        elementCount = try shape.checkedElementCount()
        self.alpha = alpha
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for index in 0..<elementCount {
            let value = input[index]
            output[index] = value > 0 ? value : value * alpha
        }
    }
}
