// RELU (M/activations.cc, M/activations_common.cc, M/activations.h), int8/int16 and float32.
// (TFLM registers no RELU_N1_TO_1 or RELU_0_TO_1 kernel.)
//
// Quantized prepare (CalculateReluOpData): (m, s) = QuantizeMultiplier(double(in_s) / double(out_s))
// — in double as the pip build computes it (TFLM #1501's form; the source at 90b983c divides in
// float and widens, pinned in DoublePrepareTests);
// lower bound max(T.min, zo + Int32(roundf(0 / out_s))) = max(T.min, zo);
// upper bound T.max. int16 requires both zero points to be 0 (TF_LITE_ENSURE).
// Eval: out = min(max(zo + MultiplyByQuantizedMultiplier(x - zi, m, s), lower), upper), in int32.
// The input is requantized even when the scales agree (then m = 2^30, s = 1: exact).
// float32: out = x < 0 ? 0 : x (so -0.0 and NaN pass through unchanged).

/// Prepared int8 or int16 RELU.
public struct Relu: BitwiseCopyable {
    public let elementCount: Int
    public let multiplier: QuantizedMultiplier
    @usableFromInline let inputZeroPoint: Int32
    @usableFromInline let outputZeroPoint: Int32
    public let activationRange: QuantizedActivationRange
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// Throws for unusable scales, a multiplier shift above 31 (scale ratio >= 2^31, where TFLM's
    /// `x * (1 << shift)` is undefined) and, for int16, nonzero zero points (TFLM's prepare fails).
    public init(
        shape: Shape, inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        int16: Bool = false
    ) throws(KernelError) {
        try checkScale(inputScale, "relu input")
        try checkScale(outputScale, "relu output")
        if int16 {
            guard inputZeroPoint == 0 else {
                throw .zeroPointMismatch(name: "relu int16 input", expected: 0, actual: inputZeroPoint)
            }
            guard outputZeroPoint == 0 else {
                throw .zeroPointMismatch(name: "relu int16 output", expected: 0, actual: outputZeroPoint)
            }
        }
        let real = Double(inputScale) / Double(outputScale)  // all double, as pip computes it
        let quantized = try quantizeMultiplierShiftingAtMost31(real, name: "relu")
        elementCount = try shape.checkedElementCount()
        multiplier = quantized
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        let typeRange: QuantizedActivationRange = int16 ? .int16 : .int8
        activationRange = QuantizedActivationRange(min: max(typeRange.min, outputZeroPoint), max: typeRange.max)
        elementBits = int16 ? 16 : 8
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>) {
        precondition(T.bitWidth == elementBits, "Relu prepared for another element type")
        for index in 0..<elementCount {
            // int32 arithmetic as in TFLM; wraps only for absurd zero points, like TFLM's.
            let value = outputZeroPoint &+ multiplier.apply(Int32(input[index]) &- inputZeroPoint)
            output[index] = T(truncatingIfNeeded: activationRange.clamp(value))
        }
    }
}

/// Prepared float32 RELU.
public struct FloatRelu: BitwiseCopyable, FloatElementwiseKernel {
    public let elementCount: Int

    public init(elementCount: Int) { self.elementCount = elementCount }

    @inlinable
    public static func function(_ x: Float) -> Float { x < 0 ? 0 : x }
}
