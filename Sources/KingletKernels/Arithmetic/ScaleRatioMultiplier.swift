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
    // value = mantissa · 2^(ea + eb - ec - 32 + drop); frexp's exponent adds 53.
    var shift = Int(ea) &+ Int(eb) &- Int(ec) &- 32 &+ drop &+ 53
    var significand = Int64(bitPattern: (mantissa &+ (1 << 21)) >> 22)
    let negative = ((a < 0) != (b < 0)) != (c < 0)
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

/// |x| = mantissa · 2^exponent with the mantissa in [2^23, 2^24), or nil for 0, infinity, NaN.
@inline(__always)
private func floatMantissa(_ x: Float) -> (UInt32, Int32)? {
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
