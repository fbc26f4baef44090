// TANH, float32 (M/tanh.cc, R/tanh.h): out = std::tanh(x), i.e. the C library's tanhf.
//
// The pip tflite-micro reference runs on x86-64 glibc (2.36 here), whose tanhf and expm1f are
// the fdlibm algorithms (sysdeps/ieee754/flt-32/s_tanhf.c, s_expm1f.c; Sun Microsystems,
// "Permission to use, copy, modify, and distribute this software is freely granted, provided
// that this notice is preserved"), compiled without FMA contraction: every float operation is
// rounded on its own. Kinglet implements the same algorithms in Swift, operation for
// operation (Swift never contracts or reassociates float arithmetic), so that KingletKernels
// stays free of libm. Checked against that glibc's tanhf for all 2^32 float inputs (equal bit
// patterns, NaNs included), by a throwaway harness outside the project.
//
// tanhf: NaN/inf: 1/x +- 1; |x| >= 22: +-(1 - 1e-30) = +-1; x = +-0: x; |x| < 2^-55: x * (1 + x);
// |x| >= 1: t = expm1f(2|x|), z = 1 - 2 / (t + 2); else t = expm1f(-2|x|), z = -t / (t + 2);
// the sign of x applied to z.

/// tanhf(x) exactly as glibc 2.36 computes it on x86-64, for every float.
@inlinable
public func referenceTanhf(_ x: Float) -> Float {
    let signedBits = Int32(bitPattern: x.bitPattern)
    let magnitudeBits = signedBits & 0x7FFF_FFFF
    if magnitudeBits >= 0x7F80_0000 {  // inf or NaN
        return signedBits >= 0 ? 1 / x + 1 : 1 / x - 1
    }
    let z: Float
    if magnitudeBits < 0x41B0_0000 {  // |x| < 22
        if magnitudeBits == 0 { return x }  // +-0
        if magnitudeBits < 0x2400_0000 { return x * (1 + x) }  // |x| < 2^-55
        if magnitudeBits >= 0x3F80_0000 {  // |x| >= 1
            let t = referenceExpm1f(2 * x.magnitude)
            z = 1 - 2 / (t + 2)
        } else {
            let t = referenceExpm1f(-2 * x.magnitude)
            z = -t / (t + 2)
        }
    } else {
        let tiny: Float = 1.0e-30
        z = 1 - tiny  // rounds to 1 (fdlibm raises inexact this way)
    }
    return signedBits >= 0 ? z : -z
}

/// expm1f(x) exactly as glibc 2.36 computes it on x86-64 (fdlibm's algorithm), for every float.
@inlinable
public func referenceExpm1f(_ input: Float) -> Float {
    let one: Float = 1
    let huge: Float = 1.0e30
    let tiny: Float = 1.0e-30
    let overflowThreshold = Float(bitPattern: 0x42B1_7180)  // 88.721679688
    let ln2High = Float(bitPattern: 0x3F31_7180)
    let ln2Low = Float(bitPattern: 0x3717_F7D1)
    let inverseLn2 = Float(bitPattern: 0x3FB8_AA3B)
    let q1 = Float(bitPattern: 0xBD08_8889)
    let q2 = Float(bitPattern: 0x3AD0_0D01)
    let q3 = Float(bitPattern: 0xB8A6_70CD)
    let q4 = Float(bitPattern: 0x3686_7E54)
    let q5 = Float(bitPattern: 0xB457_EDBB)

    var x = input
    let isNegative = x.bitPattern & 0x8000_0000 != 0
    let magnitudeBits = x.bitPattern & 0x7FFF_FFFF

    // Huge and non-finite arguments.
    if magnitudeBits >= 0x4195_B844 {  // |x| >= 27 ln2
        if magnitudeBits >= 0x42B1_7218 {  // |x| >= 88.721...
            if magnitudeBits > 0x7F80_0000 { return x + x }  // NaN
            if magnitudeBits == 0x7F80_0000 { return isNegative ? -1 : x }  // +-inf
            if x > overflowThreshold { return huge * huge }  // overflow to +inf
        }
        if isNegative { return tiny - one }  // x < -27 ln2: -1
    }

    // Argument reduction: x = k ln2 + (hi - lo), with c the rounding error of hi - lo.
    var k: Int32 = 0
    var correction: Float = 0
    if magnitudeBits > 0x3EB1_7218 {  // |x| > 0.5 ln2
        let high: Float, low: Float
        if magnitudeBits < 0x3F85_1592 {  // and |x| < 1.5 ln2
            if !isNegative {
                high = x - ln2High; low = ln2Low; k = 1
            } else {
                high = x + ln2High; low = -ln2Low; k = -1
            }
        } else {
            k = Int32(inverseLn2 * x + (isNegative ? -0.5 : 0.5))  // C float -> int: truncation, |value| < 130
            let t = Float(k)
            high = x - t * ln2High  // exact
            low = t * ln2Low
        }
        x = high - low
        correction = (high - x) - low
    } else if magnitudeBits < 0x3300_0000 {  // |x| < 2^-25: x (with inexact)
        let t = huge + x
        return x - (t - (huge + x))
    }

    // x is now in the primary range.
    let halfX: Float = 0.5 * x
    let halfXSquared = x * halfX
    let r1 =
        one + halfXSquared * (q1 + halfXSquared * (q2 + halfXSquared * (q3 + halfXSquared * (q4 + halfXSquared * q5))))
    var t: Float = 3 - r1 * halfX
    var e = halfXSquared * ((r1 - t) / (6 - x * t))
    if k == 0 { return x - (x * e - halfXSquared) }
    e = x * (e - correction) - correction
    e -= halfXSquared
    if k == -1 { return 0.5 * (x - e) - 0.5 }
    if k == 1 {
        if x < -0.25 { return -2 * (e - (x + 0.5)) }
        return one + 2 * (x - e)
    }
    if k <= -2 || k > 56 {  // exp(x) - 1 is just exp(x) (or -1) here
        let y = one - (e - x)
        return fdlibmAddToExponent(y, k) - one
    }
    var y: Float
    if k < 23 {
        t = Float(bitPattern: UInt32(0x3F80_0000 - (0x0100_0000 >> k)))  // 1 - 2^-k
        y = t - (e - x)
    } else {
        t = Float(bitPattern: UInt32((0x7F - k) << 23))  // 2^-k
        y = x - (e + t)
        y += one
    }
    return fdlibmAddToExponent(y, k)
}

/// fdlibm's SET_FLOAT_WORD(y, GET_FLOAT_WORD(y) + (k << 23)): adds k to the biased exponent field
/// (int32 arithmetic, wrapping like the C code on x86-64).
@inlinable
func fdlibmAddToExponent(_ value: Float, _ k: Int32) -> Float {
    Float(bitPattern: UInt32(bitPattern: Int32(bitPattern: value.bitPattern) &+ (k &<< 23)))
}

/// Prepared float32 TANH.
public struct FloatTanh: BitwiseCopyable, FloatElementwiseKernel {
    public let elementCount: Int

    public init(elementCount: Int) { self.elementCount = elementCount }

    @inlinable
    public static func function(_ x: Float) -> Float { referenceTanhf(x) }
}
