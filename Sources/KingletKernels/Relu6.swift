// RELU6 (M/activations.cc, M/activations_common.cc, M/activations.h), int8/int16 and float32.
//
// The quantized kernel does NOT requantize: it clamps the raw input to [zero, six] in the INPUT's
// quantization, ignoring the output's scale and zero point entirely (the converter gives both
// tensors the same quantization). Prepare (Relu6Prepare): zero = zi;
// six = FloatToQuantizedType<T>(6, in_s, zi) = clamp(Int32(round(6 / in_s) + zi), T.min, T.max)
// (float division; an out-of-int32 sum converts to INT32_MIN on x86-64 and then clamps to
// T.min). Eval passes both bounds as T, so a zero point outside T's range wraps to T first:
//   out = x > six ? six : (x < zero ? zero : x)
// No zero-point requirement for int16 in this kernel.
// float32: out = x > 6 ? 6 : (x < 0 ? 0 : x) (-0.0 and NaN pass through unchanged).

/// Prepared int8 or int16 RELU6.
public struct Relu6: BitwiseCopyable {
    public let elementCount: Int
    /// Lower and upper bounds, already narrowed to the element type (stored widened).
    public let zero: Int32
    public let six: Int32
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// Throws for a NaN, infinite, zero or negative input scale.
    public init(shape: Shape, inputScale: Float, inputZeroPoint: Int32, int16: Bool = false) throws(KernelError) {
        try checkScale(inputScale, "relu6 input")
        elementCount = try shape.checkedElementCount()
        let typeRange: QuantizedActivationRange = int16 ? .int16 : .int8
        let rounded = Double((6 / inputScale).rounded(.toNearestOrAwayFromZero)) + Double(inputZeroPoint)
        let converted: Int32 = rounded >= -2_147_483_648.0 && rounded < 2_147_483_648.0 ? Int32(rounded) : Int32.min
        six = min(max(converted, typeRange.min), typeRange.max)
        zero =
            int16 ? Int32(Int16(truncatingIfNeeded: inputZeroPoint)) : Int32(Int8(truncatingIfNeeded: inputZeroPoint))
        elementBits = int16 ? 16 : 8
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>) {
        precondition(T.bitWidth == elementBits, "Relu6 prepared for another element type")
        let lower = T(truncatingIfNeeded: zero), upper = T(truncatingIfNeeded: six)
        for index in 0..<elementCount {
            let value = input[index]
            output[index] = value > upper ? upper : (value < lower ? lower : value)
        }
    }
}

/// Prepared float32 RELU6.
public struct FloatRelu6: BitwiseCopyable, FloatElementwiseKernel {
    public let elementCount: Int

    public init(elementCount: Int) { self.elementCount = elementCount }

    @inlinable
    public static func function(_ x: Float) -> Float { x > 6 ? 6 : (x < 0 ? 0 : x) }
}
