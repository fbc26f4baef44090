// HARD_SWISH (M/hard_swish.cc, M/hard_swish_common.cc, R/hard_swish.h), int8 and float32.
//
// int8 prepare (HardSwishPrepare), float arithmetic widened to double:
//   hires = (1/128) * in_s; reluish_scale = 3/32768
//   (m_out, e_out) = QuantizeMultiplier(double(hires / out_s)); e_out must be <= 0 (prepare fails)
//   (m_rel, e_rel) = QuantizeMultiplier(double(hires / reluish_scale))
//   each 32-bit multiplier narrowed by DownScaleInt32ToInt16Multiplier: 32767 when
//   m >= INT32_MAX - 2^15, else (m + 2^15) >> 16.
// Zero points are stored as int16 (truncated). Eval, all in int16 with C++'s narrowing:
//   v = int16(x - zi); hires_v = int16(v * 128)
//   pre_out = SRDHM16(hires_v, m16_out)
//   r = hires_v; if e_rel > 0: r = SatLeftShift16(r, e_rel - 1)
//   r = SRDHM16(r, m16_rel); if e_rel > 0: r = SatLeftShift16(r, 1); if e_rel < 0: r = RDBPOT16(r, -e_rel)
//   r = (r + 2^15) >> 1                                   ([-1, 1] -> [0, 1] in Q0.15)
//   out = int16(RDBPOT16(SDHM16(r, pre_out), -e_out) + zo), clamped to [-128, 127]
// with gemmlowp's int16 SaturatingRoundingDoublingHighMul (SRDHM16), the reference's
// SaturatingDoublingHighMul (SDHM16: truncating division by 2^15) and gemmlowp's generic
// RoundingDivideByPOT instantiated for int16 (RDBPOT16: mask, threshold and sum all narrowed to
// int16, which matters for exponents >= 16).
// float32 (std::min/std::max semantics): out = x * min(6, max(0, x + 3)) / 6, i.e.
//   a = x + 3; m = 0 < a ? a : 0; m = m < 6 ? m : 6; out = (x * m) / 6.

/// Prepared int8 HARD_SWISH.
public struct HardSwish: BitwiseCopyable {
    public let elementCount: Int
    public let inputZeroPoint: Int16
    public let outputZeroPoint: Int16
    public let outputMultiplier: Int16
    public let outputExponent: Int32
    public let reluishMultiplier: Int16
    public let reluishExponent: Int32

    /// Throws for unusable scales, an output multiplier of 1 or more (e_out > 0: TFLM's prepare
    /// fails) and a reluish exponent above 31 (input scale >= 2^25, where TFLM's shifts are undefined).
    public init(
        shape: Shape, inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) throws(KernelError) {
        try checkScale(inputScale, "hard_swish input")
        try checkScale(outputScale, "hard_swish output")
        let hiresInputScale: Float = (1.0 / 128.0) * inputScale
        let reluishScale: Float = 3.0 / 32768.0
        let outputReal = Double(hiresInputScale / outputScale)
        let output = try quantizeMultiplier(outputReal, name: "hard_swish output")
        guard output.shift <= 0 else { throw .multiplierOutOfRange(name: "hard_swish output", value: outputReal) }
        let reluishReal = Double(hiresInputScale / reluishScale)
        let reluish = try quantizeMultiplierShiftingAtMost31(reluishReal, name: "hard_swish reluish")
        outputMultiplier = HardSwish.downscaleMultiplier(output.multiplier)
        outputExponent = output.shift
        reluishMultiplier = HardSwish.downscaleMultiplier(reluish.multiplier)
        reluishExponent = reluish.shift
        self.inputZeroPoint = Int16(truncatingIfNeeded: inputZeroPoint)
        self.outputZeroPoint = Int16(truncatingIfNeeded: outputZeroPoint)
        elementCount = try shape.checkedElementCount()
    }

    /// DownScaleInt32ToInt16Multiplier (multipliers from QuantizeMultiplier are never negative here).
    static func downscaleMultiplier(_ multiplier: Int32) -> Int16 {
        if multiplier >= Int32.max - (1 << 15) { return Int16.max }
        return Int16(truncatingIfNeeded: (multiplier + (1 << 15)) >> 16)
    }

    /// One element.
    @inlinable
    public func hardSwish(_ x: Int8) -> Int8 {
        let inputValue = Int16(truncatingIfNeeded: Int32(x) &- Int32(inputZeroPoint))
        let hiresInput = Int16(truncatingIfNeeded: Int32(inputValue) &* 128)
        let preshiftOutput = HardSwish.saturatingRoundingDoublingHighMul16(hiresInput, outputMultiplier)
        var reluish = hiresInput
        if reluishExponent > 0 { reluish = HardSwish.saturatingLeftShift16(reluish, reluishExponent - 1) }
        reluish = HardSwish.saturatingRoundingDoublingHighMul16(reluish, reluishMultiplier)
        if reluishExponent > 0 { reluish = HardSwish.saturatingLeftShift16(reluish, 1) }
        if reluishExponent < 0 { reluish = HardSwish.roundingDivideByPOT16(reluish, -reluishExponent) }
        reluish = Int16(truncatingIfNeeded: (Int32(reluish) + (1 << 15)) >> 1)
        let preshiftResult = HardSwish.saturatingDoublingHighMul16(reluish, preshiftOutput)
        var result = HardSwish.roundingDivideByPOT16(preshiftResult, -outputExponent)
        result = Int16(truncatingIfNeeded: Int32(result) + Int32(outputZeroPoint))
        return Int8(truncatingIfNeeded: max(min(result, 127), -128))
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        for index in 0..<elementCount { output[index] = hardSwish(input[index]) }
    }

    /// gemmlowp's SaturatingRoundingDoublingHighMul<int16_t>.
    @inlinable
    static func saturatingRoundingDoublingHighMul16(_ a: Int16, _ b: Int16) -> Int16 {
        if a == b && a == Int16.min { return Int16.max }
        let product = Int32(a) * Int32(b)
        let nudge: Int32 = product >= 0 ? (1 << 14) : (1 - (1 << 14))
        return Int16(truncatingIfNeeded: (product + nudge) / (1 << 15))
    }

    /// The reference's SaturatingDoublingHighMul: like the above but truncating toward zero.
    @inlinable
    static func saturatingDoublingHighMul16(_ a: Int16, _ b: Int16) -> Int16 {
        if a == b && a == Int16.min { return Int16.max }
        return Int16(truncatingIfNeeded: (Int32(a) * Int32(b)) / (1 << 15))
    }

    /// The reference's SaturatingLeftShift: value * 2^amount clamped to int16 (amount 0...30).
    @inlinable
    static func saturatingLeftShift16(_ value: Int16, _ amount: Int32) -> Int16 {
        let shifted = Int64(value) * Int64(Int32(1) << amount)
        return Int16(max(min(shifted, Int64(Int16.max)), Int64(Int16.min)))
    }

    /// gemmlowp's generic RoundingDivideByPOT for IntegerType = int16 (exponent 0...31).
    @inlinable
    static func roundingDivideByPOT16(_ x: Int16, _ exponent: Int32) -> Int16 {
        let mask = Int16(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
        let remainder = x & mask
        let threshold = Int16(truncatingIfNeeded: Int32(mask >> 1) + (x < 0 ? 1 : 0))
        let shifted = Int32(x) >> exponent
        return Int16(truncatingIfNeeded: shifted + (remainder > threshold ? 1 : 0))
    }
}

/// Prepared float32 HARD_SWISH.
public struct FloatHardSwish: BitwiseCopyable, FloatElementwiseKernel {
    public let elementCount: Int

    public init(elementCount: Int) { self.elementCount = elementCount }

    @inlinable
    public static func hardSwish(_ x: Float) -> Float {
        let shifted = x + 3
        var factor: Float = 0 < shifted ? shifted : 0  // std::max(0.0f, x + 3)
        factor = factor < 6 ? factor : 6  // std::min(6.0f, ...)
        return x * factor / 6
    }

    @inlinable
    public static func function(_ x: Float) -> Float { hardSwish(x) }
}
