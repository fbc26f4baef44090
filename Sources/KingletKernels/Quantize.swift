// QUANTIZE (M/quantize_common.cc, R/quantize.h, R/requantize.h).
//
// float32 -> int8/int16 (AffineQuantize): q = Int32(roundf(x / Float(scale))) + zp, clamped to the
// output type — a float32 division, then round half away from zero. The scale is the output's
// float scale (TFLM widens it to double and narrows it back: the same float).
// Out-of-range conversion: static_cast<int32_t> of a float outside int32 (or NaN) is undefined
// in C++; the pip tflite-micro reference runs on x86-64, whose cvttss2si returns INT32_MIN
// ("integer indefinite") for those, after which the zero point is added with int32 wrap-around
// and the result clamped. Kinglet reproduces that x86 result; on Arm, TFLM itself would
// saturate instead, so such inputs are not portable in TFLM either.
//
// int8/int16 -> int8/int16/int32 and int32 -> int8/int16 (Requantize, the same template for every
// pair): (m, s) = QuantizeMultiplier(double(in_s) / double(out_s));
// q = clamp(MultiplyByQuantizedMultiplier(x - in_zp, m, s) + out_zp), the int32 subtraction (int32
// input) and addition wrapping (int32 output: the clamp is then the identity). Equal scales give
// m = 2^30, s = 1, an exact identity on x - in_zp.

/// Prepared float32 -> int8 / int16 QUANTIZE.
public struct Quantize: BitwiseCopyable {
    public let elementCount: Int
    @usableFromInline let scale: Float
    @usableFromInline let zeroPoint: Int32

    /// Throws for a NaN, infinite, zero or negative scale (TFLM would divide by it and hit an
    /// undefined float-to-int conversion).
    public init(shape: Shape, outputScale: Float, outputZeroPoint: Int32) throws(KernelError) {
        try checkScale(outputScale, "quantize output")
        elementCount = try shape.checkedElementCount()
        scale = outputScale
        zeroPoint = outputZeroPoint
    }

    @inlinable
    func quantized(_ value: Float, min lower: Int32, max upper: Int32) -> Int32 {
        let rounded = (value / scale).rounded(.toNearestOrAwayFromZero)
        // Zero point added with int32 wrap-around, as TFLM's int32 addition does.
        let unclamped = truncateToInt32LikeX86(rounded) &+ zeroPoint
        return min(max(unclamped, lower), upper)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Int8>) {
        for index in 0..<elementCount {
            output[index] = Int8(truncatingIfNeeded: quantized(input[index], min: -128, max: 127))
        }
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Int16>) {
        for index in 0..<elementCount {
            output[index] = Int16(truncatingIfNeeded: quantized(input[index], min: -32768, max: 32767))
        }
    }
}

/// C's static_cast<int32_t>(float) as x86-64 executes it: truncation toward zero, and
/// INT32_MIN for NaN and for values outside [-2^31, 2^31).
@inlinable
public func truncateToInt32LikeX86(_ value: Float) -> Int32 {
    guard value.isFinite, value >= -2_147_483_648.0, value < 2_147_483_648.0 else { return Int32.min }
    return Int32(value)  // in range: exact truncation, cannot trap
}

/// Prepared integer -> integer QUANTIZE (requantization).
public struct Requantize: BitwiseCopyable {
    public let elementCount: Int
    public let multiplier: QuantizedMultiplier
    @usableFromInline let inputZeroPoint: Int32
    @usableFromInline let outputZeroPoint: Int32

    /// Throws for unusable scales and for a multiplier whose shift exceeds 31 (scale ratio of
    /// 2^31 or more), where TFLM's `x * (1 << shift)` is undefined.
    public init(
        shape: Shape, inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) throws(KernelError) {
        try checkScale(inputScale, "quantize input")
        try checkScale(outputScale, "quantize output")
        let real = Double(inputScale) / Double(outputScale)
        let quantized = try quantizeMultiplierShiftingAtMost31(real, name: "requantize")
        elementCount = try shape.checkedElementCount()
        multiplier = quantized
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
    }

    /// Input and output may each be Int8, Int16 or Int32 (not both Int32).
    @inlinable
    public func invoke<Input: FixedWidthInteger & SignedInteger, Output: FixedWidthInteger & SignedInteger>(
        input: UnsafePointer<Input>, output: UnsafeMutablePointer<Output>
    ) {
        let lower = Int32(Output.min), upper = Int32(Output.max)
        for index in 0..<elementCount {
            // int32 arithmetic as in TFLM; wraps only for absurd zero points, like TFLM's.
            let centered = Int32(truncatingIfNeeded: input[index]) &- inputZeroPoint
            let value = multiplier.apply(centered) &+ outputZeroPoint
            output[index] = Output(truncatingIfNeeded: min(max(value, lower), upper))
        }
    }
}
