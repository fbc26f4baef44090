// TFLM's QuantizeMultiplier family (tensorflow/lite/kernels/internal/quantization_util.cc),
// default build: std::frexp + round-half-away-from-zero, no single-rounding shift clamp.

/// A real multiplier m * 2^(shift - 31), m a Q0.31 significand in [2^30, 2^31) (or 0).
public struct QuantizedMultiplier: BitwiseCopyable, Equatable {
    public var multiplier: Int32
    public var shift: Int32

    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// Applies it with TFLM's MultiplyByQuantizedMultiplier.
    @inlinable @inline(__always)
    public func apply(_ x: Int32) -> Int32 {
        multiplyByQuantizedMultiplier(x, multiplier, shift)
    }
}

/// C's frexp without libm: x = fraction * 2^exponent, |fraction| in [0.5, 1); (0, 0) for zero.
/// Exact for normal and subnormal doubles. Non-finite inputs return (x, 0).
public func splitFractionAndExponent(_ x: Double) -> (fraction: Double, exponent: Int) {
    guard x.isFinite, x != 0 else { return (x, 0) }
    // significand is in [1, 2) and exponent is exact for subnormals too.
    let fraction = Double(sign: x.sign, exponent: -1, significand: x.significand)
    return (fraction, Int(x.exponent) + 1)
}

/// QuantizeMultiplier(double): 0 -> (0, 0); shifts below -31 flush to (0, 0); no upper clamp.
/// Throws where TFLM hits undefined behaviour (NaN, infinity).
public func quantizeMultiplier(
    _ realMultiplier: Double, name: KernelErrorName = "multiplier"
) throws(KernelError) -> QuantizedMultiplier {
    guard realMultiplier.isFinite else { throw .multiplierOutOfRange(name: name, value: realMultiplier) }
    if realMultiplier == 0 { return QuantizedMultiplier(multiplier: 0, shift: 0) }
    let (fraction, exponent) = splitFractionAndExponent(realMultiplier)
    // fraction * 2^31 is exact; TfLiteRound is std::round (half away from zero).
    var significand = Int64((fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
    var shift = exponent
    if significand == (1 << 31) {
        significand /= 2
        shift += 1
    }
    if shift < -31 {
        return QuantizedMultiplier(multiplier: 0, shift: 0)
    }
    // frexp exponents of finite doubles are at most 1024, so the shift always fits in Int32.
    return QuantizedMultiplier(multiplier: Int32(significand), shift: Int32(shift))
}

/// QuantizeMultiplierGreaterThanOne: TFLM CHECKs value > 1 and the resulting shift >= 0.
public func quantizeMultiplierGreaterThanOne(
    _ realMultiplier: Double, name: KernelErrorName = "multiplier"
) throws(KernelError) -> QuantizedMultiplier {
    guard realMultiplier > 1 else { throw .multiplierOutOfRange(name: name, value: realMultiplier) }
    let result = try quantizeMultiplier(realMultiplier, name: name)
    guard result.shift >= 0 else { throw .multiplierOutOfRange(name: name, value: realMultiplier) }
    return result
}

/// QuantizeMultiplierSmallerThanOneExp: TFLM CHECKs 0 < value < 1 and the resulting shift <= 0.
public func quantizeMultiplierSmallerThanOneExp(
    _ realMultiplier: Double, name: KernelErrorName = "multiplier"
) throws(KernelError) -> QuantizedMultiplier {
    guard realMultiplier > 0, realMultiplier < 1 else {
        throw .multiplierOutOfRange(name: name, value: realMultiplier)
    }
    let result = try quantizeMultiplier(realMultiplier, name: name)
    guard result.shift <= 0 else { throw .multiplierOutOfRange(name: name, value: realMultiplier) }
    return result
}
