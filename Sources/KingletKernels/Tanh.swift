// TANH, int8 (M/tanh.cc, RI/tanh.h) — gemmlowp fixed point, no lookup table.
//
// Prepare (CalculateArithmeticOpData): (q, ls) = frexp(double(in_s) * 2^27);
// multiplier = Int32(round(q * 2^31)); radius = floor(15 * 2^27 / 2^ls) (double). The output's
// quantization is not read: the kernel always produces scale 1/128, zero point 0 (what the
// converter assigns).
// Eval: v = x - zi; v <= -radius -> -128; v >= radius -> 127; otherwise
//   y = gemmlowp::tanh(FixedPoint<int32, 4>(MultiplyByQuantizedMultiplier(v, multiplier, ls)))
//   out = clamp(RoundingDivideByPOT(y, 24), -128, 127)
// gemmlowp's tanh (fixedpoint.h at the commit TFLM pins): for a == 0 it is 0; otherwise with
// n = -|a| it computes t = (1 - e) / (1 + e) for e = exp_on_negative_values(n read as Q5.26,
// i.e. 2n) via one_minus_x_over_one_plus_x_for_x_in_0_1 (Newton-Raphson like logistic's
// reciprocal, ending in Rescale<0>(x - 1)), and returns a < 0 ? -t : t.
// int16 is Int16Tanh below (TFLM's 256-entry sigmoid table); float32 is FloatTanh.swift.

/// Prepared int8 TANH.
public struct Tanh: BitwiseCopyable {
    public static let inputIntegerBits: Int32 = 4

    public let elementCount: Int
    public let inputMultiplier: Int32
    public let inputLeftShift: Int32
    public let inputRangeRadius: Int32
    @usableFromInline let inputZeroPoint: Int32

    /// Throws for a NaN, infinite, zero or negative input scale, and for scales where TFLM's
    /// radius computation shifts by a negative amount or by 63 or more (input scale below 2^-28 or
    /// at least 2^35).
    public init(shape: Shape, inputScale: Float, inputZeroPoint: Int32) throws(KernelError) {
        try checkScale(inputScale, "tanh input")
        let real = Double(inputScale) * Double(1 << (31 - Tanh.inputIntegerBits))
        let (fraction, exponent) = splitFractionAndExponent(real)
        guard exponent >= 0, exponent <= 62 else { throw .invalidScale(name: "tanh input", value: inputScale) }
        // fraction has at most 24 significant bits: fraction * 2^31 is an exact integer below 2^31.
        inputMultiplier = Int32((fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
        inputLeftShift = Int32(exponent)
        let maxInputRescaled =
            1.0 * Double((1 << Tanh.inputIntegerBits) - 1)
            * Double(Int64(1) << (31 - Tanh.inputIntegerBits)) / Double(Int64(1) << Int64(exponent))
        inputRangeRadius = Int32(maxInputRescaled.rounded(.down))  // <= 15 * 2^27: fits
        elementCount = try shape.checkedElementCount()
        self.inputZeroPoint = inputZeroPoint
    }

    /// One element.
    @inlinable
    public func tanh(_ x: Int8) -> Int8 {
        let input = Int32(x) &- inputZeroPoint  // wraps only for an absurd zero point, like TFLM
        if input <= 0 &- inputRangeRadius { return -128 }
        if input >= inputRangeRadius { return 127 }
        // |input| < radius keeps input * 2^ls below 15 * 2^27: no overflow.
        let inputQ4 = multiplyByQuantizedMultiplier(input, inputMultiplier, inputLeftShift)
        let outputQ0 = Tanh.fixedPointTanh(inputQ4, integerBits: Tanh.inputIntegerBits)
        let rescaled = roundingDivideByPOT(outputQ0, 31 - 7)
        return Int8(min(max(rescaled, -128), 127))
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        for index in 0..<elementCount { output[index] = tanh(input[index]) }
    }

    /// gemmlowp's tanh: `a` in Q(integerBits), result Q0.31.
    @inlinable
    public static func fixedPointTanh(_ a: Int32, integerBits: Int32) -> Int32 {
        if a == 0 { return 0 }
        let isNegative = a < 0
        let negativeMagnitude = isNegative ? a : 0 &- a  // gemmlowp's unary minus (wraps)
        // ExactMulByPot<1>: the same raw value read with one more integer bit, i.e. 2 * n.
        let exponential = expOnNegativeValues(negativeMagnitude, integerBits: integerBits + 1)
        let t = oneMinusXOverOnePlusXForXIn01(exponential)
        return isNegative ? 0 &- t : t
    }

    /// gemmlowp's one_minus_x_over_one_plus_x_for_x_in_0_1: (1 - a) / (1 + a), Q0.31 in and out.
    @inlinable
    public static func oneMinusXOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        // 2 / (1 + a) - 1 = (1 - a) / (1 + a), in Q2.29; then Rescale<0>.
        let oneQ2: Int32 = 1 << 29
        return saturatingRoundingMultiplyByPOT(twiceOneOverOnePlusXQ2(a) &- oneQ2, exponent: 2)
    }
}

// int16 TANH (M/tanh.cc, RI/tanh.h int16 Tanh): the input scaling of Int16SigmoidScaling.swift
// (power-of-two shift 0 or 1), then, as tanh(x) = 2 sigmoid(2x) - 1, per element:
//   v = (x * m + round) >> s; a = |v|; i = a >> 8
//   r = i >= 255 ? 0xFFFF << 8 : (t[i] << 8) + (a & 0xFF) * (t[i + 1] - t[i])   (uint32, kept as int32)
//   r = v >= 0 ? r - 2^23 + 2^7 : -r + 2^23 + 2^7 - 1; out = int16(r >> 8)   (int32, arithmetic shift)

/// Prepared int16 TANH.
public struct Int16Tanh: BitwiseCopyable, Int16SigmoidKernel {
    public let scaling: Int16SigmoidInput
    public init(scaling: Int16SigmoidInput) { self.scaling = scaling }
    public static var scalingLimits: (maxPowerOfTwoShift: Int32, name: KernelErrorName) { (1, "tanh int16") }
    public static var function: (Int16, Int32, Int32) -> Int16 { { int16Tanh($0, multiplier: $1, shift: $2) } }
}
