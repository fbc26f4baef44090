// Single-precision exp for the float kernels (SOFTMAX, LOGISTIC), bit-identical to the expf that
// the pip tflite-micro reference calls.
//
// TFLM's float kernels call std::exp(float), i.e. the C library's expf. The reference wheel runs
// on x86-64 glibc (>= 2.28), whose expf is the Arm optimized-routines algorithm: x * 32/ln2 split
// into k + r, exp(x) = 2^(k/32) * p(r) with a 32-entry table of 2^(i/32) and a cubic in double
// precision, rounded once to float. On CPUs with FMA (every x86-64 since ~2013) glibc selects a
// build of it compiled with -mfma, in which the compiler fuses the multiply-adds; the two builds
// differ on 2 of the 2^32 inputs. Kinglet carries its own implementation of that algorithm, with
// the same fused multiply-adds, instead of importing a C library (KingletKernels has no
// dependencies and must build as Embedded Swift): it was checked against glibc 2.36's expf on an
// FMA-capable x86-64 for every one of the 2^32 float inputs, and agrees on all of them.
// Table entries are 2^(i/32) correctly rounded to double, minus i << 47 (recomputed here with
// 60-digit decimal arithmetic); polynomial coefficients are the published optimized-routines
// values. `Double.addingProduct` is a fused multiply-add (hardware on x86-64/AArch64; a libm
// `fma` call on cores without double-precision FMA).

/// expf(x) exactly as glibc's FMA build computes it, for every float including NaN, infinities,
/// overflow to +inf and underflow to 0.
@inlinable
public func referenceExpf(_ x: Float) -> Float {
    let bits = x.bitPattern
    let absTop = (bits >> 20) & 0x7FF
    if absTop >= 0x42B {  // |x| >= 88 or NaN (top 12 bits of 88.0f)
        if bits == 0xFF80_0000 { return 0 }  // -inf
        if absTop >= 0x7F8 { return x + x }  // +inf, NaN
        if x > Float(bitPattern: 0x42B1_7217) { return .infinity }  // > log(0x1p128)
        if x < Float(bitPattern: 0xC2CF_F1B4) { return 0 }  // < log(0x1p-150)
    }
    let invLn2N = 0x1.71547652b82fep+0 * 32.0
    let shift = 0x1.8p+52
    let c0 = 0x1.c6af84b912394p-5 / 32 / 32 / 32
    let c1 = 0x1.ebfce50fac4f3p-3 / 32 / 32
    let c2 = 0x1.62e42ff0c52d6p-1 / 32
    let xd = Double(x)
    // z = x * 32/ln2; kd = round(z) via the 1.5 * 2^52 shift; both uses of z fused.
    var kd = shift.addingProduct(invLn2N, xd)
    let ki = kd.bitPattern
    kd -= shift
    let r = (-kd).addingProduct(invLn2N, xd)
    // 2^(k/32): table entry for k mod 32 with k/32 added to the exponent field (wrapping, as C's
    // uint64 arithmetic does for negative k).
    let scale = Double(bitPattern: expTableEntry(Int(ki & 31)) &+ (ki << 47))
    let z = c1.addingProduct(c0, r)
    let r2 = r * r
    var y = (1.0).addingProduct(c2, r)
    y = y.addingProduct(z, r2)
    return Float(y * scale)
}

/// 2^(i/32) as double bits, minus i << 47 (i in 0..<32). A switch, not an array: no allocation.
@inlinable
func expTableEntry(_ index: Int) -> UInt64 {
    switch index {
    case 0: return 0x3ff0_0000_0000_0000
    case 1: return 0x3fef_d9b0_d315_8574
    case 2: return 0x3fef_b558_6cf9_890f
    case 3: return 0x3fef_9301_d012_5b51
    case 4: return 0x3fef_72b8_3c7d_517b
    case 5: return 0x3fef_5487_3168_b9aa
    case 6: return 0x3fef_387a_6e75_6238
    case 7: return 0x3fef_1e9d_f51f_dee1
    case 8: return 0x3fef_06fe_0a31_b715
    case 9: return 0x3fee_f1a7_373a_a9cb
    case 10: return 0x3fee_dea6_4c12_3422
    case 11: return 0x3fee_ce08_6061_892d
    case 12: return 0x3fee_bfda_d536_2a27
    case 13: return 0x3fee_b42b_569d_4f82
    case 14: return 0x3fee_ab07_dd48_5429
    case 15: return 0x3fee_a47e_b03a_5585
    case 16: return 0x3fee_a09e_667f_3bcd
    case 17: return 0x3fee_9f75_e8ec_5f74
    case 18: return 0x3fee_a114_73eb_0187
    case 19: return 0x3fee_a589_994c_ce13
    case 20: return 0x3fee_ace5_422a_a0db
    case 21: return 0x3fee_b737_b0cd_c5e5
    case 22: return 0x3fee_c491_82a3_f090
    case 23: return 0x3fee_d503_b23e_255d
    case 24: return 0x3fee_e89f_995a_d3ad
    case 25: return 0x3fee_ff76_f2fb_5e47
    case 26: return 0x3fef_199b_dd85_529c
    case 27: return 0x3fef_3720_dcef_9069
    case 28: return 0x3fef_5818_dcfb_a487
    case 29: return 0x3fef_7c97_337b_9b5f
    case 30: return 0x3fef_a4af_a2a4_90da
    default: return 0x3fef_d076_5b6e_4540  // 31 (callers mask the index to 0..<32)
    }
}
