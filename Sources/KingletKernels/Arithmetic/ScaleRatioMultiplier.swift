// quantizeMultiplier(Double(a) * Double(b) / Double(c)) for float scales, in integer arithmetic.
// Per-channel multipliers are recomputed at every invoke (ChannelMultipliers.compute); a Cortex-M4F
// has no double-precision unit, so the double product, quotient and rounding are library calls
// (several hundred instructions a channel). Here the same bits come from integers:
// - a = ma·2^ea etc. with 24-bit mantissas (subnormals normalized): the double product ma·mb is
//   exact (48 bits), as in the double path;
// - the quotient P / mc, extended by 32 bits, by long division in 8-bit steps (each step's
//   dividend stays below 2^32, so the M4's 32-bit UDIV does it), with a sticky bit for the
//   remainder: at least 55 significant bits, then rounded to 53 bits to nearest even (the double
//   division's rounding);
// - frexp and TfLiteRound (half away from zero) of fraction · 2^31 on that 53-bit mantissa.
// ScaleRatioMultiplierTests compare it with the double path on millions of drawn scales.

/// The quantized multiplier of `a · b / c` exactly as `quantizeMultiplier(Double(a) * Double(b) /
/// Double(c))` computes it, or nil when a scale is zero, infinite or NaN (the caller takes the
/// double path, which knows those cases).
@inline(never)
public func scaleRatioMultiplier(_ a: Float, _ b: Float, _ c: Float) -> QuantizedMultiplier? {
    guard let (ma, ea) = floatMantissa(a), let (mb, eb) = floatMantissa(b), let (mc, ec) = floatMantissa(c) else {
        return nil
    }
    let product = UInt64(ma) &* UInt64(mb)  // < 2^48
    // floor(product · 2^32 / mc): the product's six bytes, then four zero bytes.
    var quotient: UInt64 = 0
    var remainder: UInt32 = 0
    var step = 0
    while step < 10 {
        let byte = step < 6 ? UInt32(truncatingIfNeeded: product >> UInt64(40 &- 8 &* step)) & 0xFF : 0
        let dividend = remainder &<< 8 | byte  // remainder < mc < 2^24
        let digit = dividend / mc
        remainder = dividend &- digit &* mc
        quotient = quotient &<< 8 | UInt64(digit)
        step &+= 1
    }
    // product >= 2^46 and mc < 2^24, so the quotient has at least 55 bits.
    let length = 64 &- quotient.leadingZeroBitCount
    var drop = length &- 53
    var mantissa = quotient >> UInt64(drop)
    let rest = quotient & ((1 << UInt64(drop)) &- 1), half: UInt64 = 1 << UInt64(drop &- 1)
    if rest > half || (rest == half && (remainder != 0 || mantissa & 1 == 1)) { mantissa &+= 1 }
    if mantissa == 1 << 53 {
        mantissa = 1 << 52
        drop &+= 1
    }
    // value = mantissa · 2^(ea + eb - ec - 32 + drop).
    let negative = ((a < 0) != (b < 0)) != (c < 0)
    return quantizedMantissa(mantissa, exponent: Int(ea) &+ Int(eb) &- Int(ec) &- 32 &+ drop, negative: negative)
}

/// QuantizeMultiplier's frexp and TfLiteRound (half away from zero) of fraction · 2^31 for the
/// double ±mantissa · 2^exponent, mantissa in [2^52, 2^53).
@inline(__always)
func quantizedMantissa(_ mantissa: UInt64, exponent: Int, negative: Bool) -> QuantizedMultiplier {
    // frexp's exponent adds 53.
    var shift = exponent &+ 53
    var significand = Int64(bitPattern: (mantissa &+ (1 << 21)) >> 22)
    if negative {
        significand = 0 &- significand
    } else if significand == 1 << 31 {
        significand = 1 << 30
        shift &+= 1
    }
    if shift < -31 { return QuantizedMultiplier(multiplier: 0, shift: 0) }
    return QuantizedMultiplier(
        multiplier: Int32(truncatingIfNeeded: significand), shift: Int32(truncatingIfNeeded: shift))
}

/// The per-layer half of `a · b / c` for per-channel multipliers, where a (the input scale) and c
/// (the output scale) are fixed and b (the filter scale) varies by channel: R = floor(ma · 2^63 /
/// mc), one long division at prepare. Per channel, P = mb · R (two 32x32 multiplies) is within
/// mb < 2^24 below ma·mb·2^63/mc, whose 86 to 88 bits leave 33 to 35 below the 53 a double
/// keeps; unless those bits lie within 2^24 of the rounding point (or of a carry into the 53),
/// P alone decides the round-to-nearest-even quotient, so the result equals the double path's
/// bits. The rare undecided channel (about 2^-9 of them) returns nil: the caller takes an exact
/// path. ScaleRatioMultiplierTests compare it with the double path on millions of drawn scales.
public struct ScaleRatio: BitwiseCopyable {
    let high: UInt32, low: UInt32
    /// ea - ec; and whether a · c is negative (bit 0 of `flags`), whether the ratio is usable (bit 1).
    let exponent: Int32
    let flags: UInt32

    public init(_ a: Float, _ c: Float) {
        guard let (ma, ea) = floatMantissa(a), let (mc, ec) = floatMantissa(c) else {
            (high, low, exponent, flags) = (0, 0, 0, 0)
            return
        }
        // ma / mc is in (1/2, 2): one integer bit, then 63 fraction bits.
        var ratio: UInt64 = ma >= mc ? 1 : 0
        var remainder = ma >= mc ? ma &- mc : ma
        var bit = 0
        while bit < 63 {
            remainder &<<= 1
            let one = remainder >= mc
            if one { remainder &-= mc }
            ratio = ratio &<< 1 | (one ? 1 : 0)
            bit &+= 1
        }
        high = UInt32(truncatingIfNeeded: ratio >> 32)
        low = UInt32(truncatingIfNeeded: ratio)
        exponent = ea &- ec
        flags = 2 | ((a < 0) != (c < 0) ? 1 : 0)
    }

    /// quantizeMultiplier(Double(a) * Double(b) / Double(c)), or nil when undecided here (or b or
    /// the ratio is zero, subnormal-free checks aside: any finite nonzero b is taken).
    @inline(__always)
    public func quantized(_ b: Float) -> QuantizedMultiplier? {
        guard flags & 2 != 0, let (mb, eb) = floatMantissa(b) else { return nil }
        let wideB = UInt64(mb)
        let lowProduct = wideB &* UInt64(low), highProduct = wideB &* UInt64(high)  // each < 2^56
        let pLow = highProduct &<< 32 &+ lowProduct
        let pHigh = highProduct >> 32 &+ (pLow < lowProduct ? 1 : 0)  // P >> 64, in [2^21, 2^24)
        // P's length - 53, 33...35: the split into 32-bit words keeps every variable shift 32-bit
        // (a 64-bit one is a library call on the Cortex-M4).
        let high32 = UInt32(truncatingIfNeeded: pHigh), middle32 = UInt32(truncatingIfNeeded: pLow >> 32)
        let drop = 32 &+ (32 &- high32.leadingZeroBitCount &- 21)  // 32 + (1...3)
        let inWord = UInt32(truncatingIfNeeded: drop &- 32)
        var mantissa =
            UInt64(high32 >> inWord) << 32 | UInt64(high32 << (32 &- inWord) | middle32 >> inWord)
        let rest = UInt64(middle32 & (1 << inWord &- 1)) << 32 | pLow & 0xFFFF_FFFF
        let half = UInt64(1 << (inWord &- 1)) << 32
        if rest &+ wideB <= half {
            // Below the half way whatever P's missing part: rounds down.
        } else if rest > half && rest &+ wideB <= half &<< 1 {
            mantissa &+= 1  // above it, with no carry into the 53 bits: rounds up
        } else {
            return nil
        }
        var exponentOfMantissa = Int(exponent) &+ Int(eb) &- 63 &+ drop
        if mantissa == 1 << 53 {
            mantissa = 1 << 52
            exponentOfMantissa &+= 1
        }
        let negative = (flags & 1 != 0) != (b < 0)
        return quantizedMantissa(mantissa, exponent: exponentOfMantissa, negative: negative)
    }
}

/// |x| = mantissa · 2^exponent with the mantissa in [2^23, 2^24), or nil for 0, infinity, NaN.
/// (Not inlined: its three callers share one copy on the device.)
@inline(never)
func floatMantissa(_ x: Float) -> (UInt32, Int32)? {
    let bits = x.bitPattern & 0x7FFF_FFFF
    let biased = Int32(bitPattern: bits >> 23)
    guard bits != 0, biased != 0xFF else { return nil }
    if biased == 0 {
        // Subnormal: bits · 2^-149, normalized.
        let shift = bits.leadingZeroBitCount &- 8
        return (bits &<< UInt32(shift), -149 &- Int32(shift))
    }
    return ((bits & 0x7F_FFFF) | 0x80_0000, biased &- 150)
}
