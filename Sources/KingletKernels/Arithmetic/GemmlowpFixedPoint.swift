// The part of gemmlowp's fixedpoint.h (commit 719139ce, the one TFLM pins) that int8 softmax and
// logistic use, on raw Int32 values. A value in format Qm.(31-m) is written `integerBits: m`.
// gemmlowp's Add/Sub/Neg on int32 are plain (overflowing) C++ arithmetic; here they wrap (&+, &-),
// which is what TFLM builds do.

/// x * 2^exponent, saturating for exponent > 0 and rounding (RDBPOT) for exponent < 0.
@inlinable @inline(__always)
public func saturatingRoundingMultiplyByPOT(_ x: Int32, exponent: Int32) -> Int32 {
    if exponent == 0 { return x }
    if exponent < 0 { return roundingDivideByPOT(x, -exponent) }
    let threshold: Int32 = (1 << (31 - exponent)) - 1
    if x > threshold { return Int32.max }
    if x < -threshold { return Int32.min }
    return x << exponent
}

/// gemmlowp Rescale<destinationBits>(FixedPoint<int32, sourceBits>).
@inlinable @inline(__always)
func rescaleFixedPoint(_ x: Int32, from sourceBits: Int32, to destinationBits: Int32) -> Int32 {
    saturatingRoundingMultiplyByPOT(x, exponent: sourceBits - destinationBits)
}

/// One in Q0.31 (gemmlowp's FixedPoint<int32, 0>::One() is the largest raw value).
public let fixedPointOneQ0: Int32 = Int32.max

/// exp(a) for a in [-1/4, 0), input and output Q0.31.
@inlinable @inline(__always)
public func expOnIntervalBetweenNegativeOneQuarterAnd0Excl(_ a: Int32) -> Int32 {
    let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
    let constantOneThird: Int32 = 715_827_883  // 1/3
    // Taylor expansion around -1/8: x = a + 1/8 (1/8 is 1 << 28 in Q0.31).
    let x = a &+ (1 << 28)
    let x2 = saturatingRoundingDoublingHighMul(x, x)
    let x3 = saturatingRoundingDoublingHighMul(x2, x)
    let x4 = saturatingRoundingDoublingHighMul(x2, x2)
    let x4Over4 = saturatingRoundingMultiplyByPOT(x4, exponent: -2)
    let polynomial = saturatingRoundingMultiplyByPOT(
        saturatingRoundingDoublingHighMul(x4Over4 &+ x3, constantOneThird) &+ x2, exponent: -1)
    return constantTerm &+ saturatingRoundingDoublingHighMul(constantTerm, x &+ polynomial)
}

/// exp(a) for a <= 0; `a` in Q(integerBits), result Q0.31. gemmlowp's exp_on_negative_values.
@inlinable @inline(__always)
public func expOnNegativeValues(_ a: Int32, integerBits: Int32) -> Int32 {
    let fractionalBits = 31 - integerBits
    let oneQuarter: Int32 = 1 << (fractionalBits - 2)
    let mask = oneQuarter - 1
    let aModQuarterMinusOneQuarter = (a & mask) &- oneQuarter
    var result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
        rescaleFixedPoint(aModQuarterMinusOneQuarter, from: integerBits, to: 0))
    let remainder = aModQuarterMinusOneQuarter &- a

    // Barrel shifter: multiply by exp(-2^k) for each set bit 2^k of the remainder.
    // Multipliers are exp(-1/4), exp(-1/2), exp(-1), exp(-2), exp(-4), exp(-8), exp(-16) in Q0.31.
    // (A helper taking `result` inout, not a nested closure: capturing a var would box it on the
    // heap in unoptimized builds, and invoke must not allocate.)
    barrelStep(&result, remainder, fractionalBits, integerBits, -2, 1_672_461_947)
    barrelStep(&result, remainder, fractionalBits, integerBits, -1, 1_302_514_674)
    barrelStep(&result, remainder, fractionalBits, integerBits, 0, 790_015_084)
    barrelStep(&result, remainder, fractionalBits, integerBits, 1, 290_630_308)
    barrelStep(&result, remainder, fractionalBits, integerBits, 2, 39_332_535)
    barrelStep(&result, remainder, fractionalBits, integerBits, 3, 720_401)
    barrelStep(&result, remainder, fractionalBits, integerBits, 4, 242)

    if integerBits > 5 {
        let clamp = -(Int32(1) << (36 - integerBits))  // -32 in the input format
        if a < clamp { result = 0 }
    }
    if a == 0 { result = fixedPointOneQ0 }
    return result
}

/// One barrel-shifter step of `expOnNegativeValues`: multiplies by exp(-2^exponent) when that bit
/// of the remainder is set.
@inlinable @inline(__always)
func barrelStep(
    _ result: inout Int32, _ remainder: Int32, _ fractionalBits: Int32, _ integerBits: Int32,
    _ exponent: Int32, _ multiplier: Int32
) {
    guard integerBits > exponent else { return }
    let bit: Int32 = 1 << (fractionalBits + exponent)
    if remainder & bit != 0 {
        result = saturatingRoundingDoublingHighMul(result, multiplier)
    }
}

/// 1 / (1 + a) for a in [0, 1), input and output Q0.31 (Newton-Raphson, gemmlowp constants).
@inlinable @inline(__always)
public func oneOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
    // ExactMulByPot<-1> reinterprets Q2 as Q1; then Rescale<0>.
    rescaleFixedPoint(twiceOneOverOnePlusXQ2(a), from: 1, to: 0)
}

/// The Newton-Raphson iteration gemmlowp's one_over_one_plus_x_for_x_in_0_1 and
/// one_minus_x_over_one_plus_x_for_x_in_0_1 share: x = 1 / ((1 + a) / 2) in Q2.29 (so 2 / (1 + a)),
/// for a in [0, 1) in Q0.31.
@inlinable @inline(__always)
func twiceOneOverOnePlusXQ2(_ a: Int32) -> Int32 {
    // RoundingHalfSum(a, One): (a + one + sign) / 2 in 64 bits, truncating.
    let sum = Int64(a) + Int64(fixedPointOneQ0)
    let halfDenominator = Int32(truncatingIfNeeded: (sum + (sum >= 0 ? 1 : -1)) / 2)
    let constant48Over17: Int32 = 1_515_870_810  // Q2.29
    let constantMinus32Over17: Int32 = -1_010_580_540  // Q2.29
    let oneQ2: Int32 = 1 << 29
    var x = constant48Over17 &+ saturatingRoundingDoublingHighMul(halfDenominator, constantMinus32Over17)
    for _ in 0..<3 {
        let halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x)  // Q2
        let oneMinusHalfDenominatorTimesX = oneQ2 &- halfDenominatorTimesX  // Q2
        let correction = saturatingRoundingDoublingHighMul(x, oneMinusHalfDenominatorTimesX)  // Q4
        x = x &+ rescaleFixedPoint(correction, from: 4, to: 2)
    }
    return x
}

/// logistic(a) = 1 / (1 + exp(-a)); `a` in Q(integerBits), result Q0.31. gemmlowp's logistic.
@inlinable @inline(__always)
public func logisticFixedPoint(_ a: Int32, integerBits: Int32) -> Int32 {
    if a == 0 { return 1 << 30 }  // one half
    let isPositive = a > 0
    let absoluteInput = isPositive ? a : 0 &- a
    let resultIfPositive = oneOverOnePlusXForXIn01(
        expOnNegativeValues(0 &- absoluteInput, integerBits: integerBits))
    return isPositive ? resultIfPositive : fixedPointOneQ0 &- resultIfPositive
}
