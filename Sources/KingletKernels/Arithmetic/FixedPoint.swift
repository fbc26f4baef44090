// Integer fixed-point primitives with TFLM's default (double-rounding) semantics:
// gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT, and TFLM's
// MultiplyByQuantizedMultiplier built from them (TFLITE_SINGLE_ROUNDING is not defined in TFLM).

/// (a * b * 2) / 2^32 rounded to nearest, ties toward +infinity; saturates only for
/// a == b == Int32.min (the one product that does not fit). Same as ARM VQRDMULH.
@inlinable @inline(__always)
public func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == b && a == Int32.min { return Int32.max }
    let product = Int64(a) * Int64(b)  // at most 2^62: cannot overflow Int64
    // gemmlowp adds a sign-dependent nudge and divides truncating toward zero.
    let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
    return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
}

/// Arithmetic right shift by `exponent` (0...31) rounding to nearest, ties away from zero.
@inlinable @inline(__always)
public func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
    let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) &- 1)
    let remainder = x & mask
    // + 1 when x < 0, as arithmetic (x &>> 31 is -1 or 0): a branch on the sign here is a
    // misprediction per element on real data.
    let threshold = (mask &>> 1) &- (x &>> 31)
    // x >> exponent plus at most one, only when exponent >= 1: cannot overflow.
    return (x >> exponent) &+ (remainder > threshold ? 1 : 0)
}

/// TFLM's MultiplyByQuantizedMultiplier(int32, int32, int) in the double-rounding build:
/// x * 2^max(shift,0) with int32 wrap-around (TFLM computes `x * (1 << left_shift)` in int32),
/// then SRDHM by the Q0.31 multiplier, then a rounding right shift by max(-shift, 0).
@inlinable @inline(__always)
public func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
    let leftShift = shift > 0 ? shift : 0
    let rightShift = shift > 0 ? 0 : -shift
    // Wrapping shift == TFLM's wrapping int32 multiply by a power of two.
    return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x &<< leftShift, multiplier), rightShift)
}

/// TFLM's MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0).
@inlinable @inline(__always)
public func multiplyByQuantizedMultiplierSmallerThanOneExp(
    _ x: Int32, _ multiplier: Int32, _ shift: Int32
) -> Int32 {
    roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -shift)
}

/// TFLM's MultiplyByQuantizedMultiplierGreaterThanOne (left shift >= 0), wrapping like TFLM's
/// int32 `x * (1 << left_shift)`.
@inlinable @inline(__always)
public func multiplyByQuantizedMultiplierGreaterThanOne(
    _ x: Int32, _ multiplier: Int32, _ leftShift: Int32
) -> Int32 {
    saturatingRoundingDoublingHighMul(x &<< leftShift, multiplier)
}

/// TFLM's MultiplyByQuantizedMultiplier(int64, int32, int) in the double-rounding build (the 16x8
/// kernels' int64 accumulators): the multiplier rounded to Q0.15, then one rounding right shift
/// by 15 - shift, the result truncated to int32. Prepare keeps `shift` in -31..<8 (TFLM asserts
/// it) and `multiplier` >= 0.
@inlinable @inline(__always)
public func multiplyByQuantizedMultiplier(_ x: Int64, _ multiplier: Int32, _ shift: Int32) -> Int32 {
    let reduced: Int64 = multiplier < 0x7FFF_0000 ? Int64((multiplier &+ (1 << 15)) >> 16) : 0x7FFF
    let totalShift = Int64(15 &- shift)
    let rounded = x &* reduced &+ (Int64(1) &<< (totalShift &- 1))
    return Int32(truncatingIfNeeded: rounded >> totalShift)
}
