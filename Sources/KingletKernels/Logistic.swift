// LOGISTIC, int8 (TFLM: micro/kernels/logistic*.cc, reference/integer_ops/logistic.h).
// Input rescaled to Q4.27, gemmlowp fixed-point logistic, output as if scale 1/256, zero point -128.

public struct Logistic: BitwiseCopyable {
    static let inputIntegerBits: Int32 = 4

    public private(set) var inputZeroPoint, inputMultiplier, inputLeftShift: Int32
    /// |x - zero point| at or beyond this saturates to -128 / 127.
    public private(set) var inputRangeRadius: Int32
    public private(set) var elementCount: Int

    /// TFLM requires output zero point -128 and does not check the output scale.
    public init(
        inputScale: Float, inputZeroPoint: Int32, outputZeroPoint: Int32,
        inputElementCount: Int, outputElementCount: Int
    ) throws(KernelError) {
        try checkScale(inputScale, "logistic input")
        guard outputZeroPoint == -128 else {
            throw .zeroPointMismatch(name: "logistic output", expected: -128, actual: outputZeroPoint)
        }
        guard inputElementCount >= 0, outputElementCount == inputElementCount else {
            throw .shapeMismatch(name: "logistic elements", expected: inputElementCount, actual: outputElementCount)
        }
        // frexp(in_s * 2^27) and round(q * 2^31) directly (no QuantizeMultiplier): q has float32
        // precision, so the product is an exact integer below 2^31.
        let real = Double(inputScale) * Double(Int32(1) << (31 - Logistic.inputIntegerBits))
        let (fraction, exponent) = splitFractionAndExponent(real)
        // TFLM shifts by this exponent unchecked; outside 0...31 (input scale outside
        // [2^-28, 2^4)) its arithmetic is undefined.
        guard exponent >= 0, exponent <= 31 else { throw .invalidScale(name: "logistic input", value: inputScale) }
        self.inputMultiplier = Int32((fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
        self.inputLeftShift = Int32(exponent)
        // CalculateInputRadius(4, shift, 31): floor(15 * 2^27 / 2^shift).
        let radius =
            (Double((1 << Logistic.inputIntegerBits) - 1)
            * Double(Int64(1) << Int64(31 - Logistic.inputIntegerBits))
            / Double(Int64(1) << Int64(exponent))).rounded(.down)
        self.inputRangeRadius = Int32(radius)
        self.inputZeroPoint = inputZeroPoint
        self.elementCount = inputElementCount
    }

    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        for index in 0..<elementCount {
            let centered = Int32(input[index]) &- inputZeroPoint
            if centered <= -inputRangeRadius {
                output[index] = Int8.min
            } else if centered >= inputRangeRadius {
                output[index] = Int8.max
            } else {
                let inputQ4 = multiplyByQuantizedMultiplier(centered, inputMultiplier, inputLeftShift)
                let outputQ0 = logisticFixedPoint(inputQ4, integerBits: Logistic.inputIntegerBits)
                let outputQ23 = roundingDivideByPOT(outputQ0, 31 - 8)
                output[index] = Int8(Swift.min(Swift.max(outputQ23 - 128, -128), 127))
            }
        }
    }
}

// int16 LOGISTIC (M/logistic_common.cc, RI/logistic.h int16 Logistic): the input scaling of
// Int16SigmoidScaling.swift (power-of-two shift 0 only), then per element int16Sigmoid
// (Int16Sigmoid.swift), in int32/uint32:
//   v = (x * m + round) >> s; a = |v|; i = a >> 9
//   r = i >= 255 ? 0x7FFF << 10 : (t[i] << 9) + (a & 0x1FF) * (t[i + 1] - t[i])
//   r = v >= 0 ? r + 2^9 : 2^25 - r + 2^9 - 1; out = int16(r >> 10)

/// Prepared int16 LOGISTIC.
public struct Int16Logistic: BitwiseCopyable, Int16SigmoidKernel {
    public let scaling: Int16SigmoidInput
    public init(scaling: Int16SigmoidInput) { self.scaling = scaling }
    public static var scalingLimits: (maxPowerOfTwoShift: Int32, name: KernelErrorName) { (0, "logistic int16") }
    public static var function: (Int16, Int32, Int32) -> Int16 { { int16Sigmoid($0, multiplier: $1, shift: $2) } }
}
