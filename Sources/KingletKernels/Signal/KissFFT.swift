// kiss_fft v130's forward `kiss_fftr` (kiss_fftr.c, kiss_fft.c with TFLM's kissfft.patch), written
// once for SignalRfftInt16 (FIXED_POINT 16) and SignalRfftFloat: the butterflies' order of
// operations is kiss_fft's; the element type supplies its macros (C_MUL, C_ADD, C_SUB, C_FIXDIV,
// S_MUL, HALF_OF), so each kernel does exactly what kiss_fft's build of that type does.

/// A kiss_fft_cpx with its type's kiss_fft macros. Scalar sums are stored back to the scalar type
/// (for int16 truncated, as C's int sums stored to int16; truncation commutes with + and -, so a
/// chain of them truncated once or at each step is the same).
public protocol KissFFTComplex: BitwiseCopyable {
    associatedtype Scalar: BitwiseCopyable
    var r: Scalar { get set }
    var i: Scalar { get set }
    init(_ r: Scalar, _ i: Scalar)
    static var zero: Scalar { get }
    /// C_FIXDIV(c, k): scale down by k before a radix-k butterfly (nothing in float).
    static func fixdiv(_ c: inout Self, _ k: Int32)
    /// C_MUL.
    static func mul(_ a: Self, _ b: Self) -> Self
    /// S_MUL.
    static func scalarMul(_ a: Scalar, _ b: Scalar) -> Scalar
    static func scalarAdd(_ a: Scalar, _ b: Scalar) -> Scalar
    static func scalarSub(_ a: Scalar, _ b: Scalar) -> Scalar
    static func negate(_ a: Scalar) -> Scalar
    /// HALF_OF(a).
    static func half(_ a: Scalar) -> Scalar
    /// HALF_OF(a + b), the sum not stored first.
    static func halfSum(_ a: Scalar, _ b: Scalar) -> Scalar
    /// HALF_OF(a - b).
    static func halfDifference(_ a: Scalar, _ b: Scalar) -> Scalar
}

extension KissFFTComplex {
    /// C_ADD.
    @inline(__always) static func add(_ a: Self, _ b: Self) -> Self {
        Self(scalarAdd(a.r, b.r), scalarAdd(a.i, b.i))
    }
    /// C_SUB.
    @inline(__always) static func sub(_ a: Self, _ b: Self) -> Self {
        Self(scalarSub(a.r, b.r), scalarSub(a.i, b.i))
    }
    /// s + a · x + b · y, left to right.
    @inline(__always) static func scalarSum(_ s: Scalar, _ a: Scalar, _ x: Scalar, _ b: Scalar, _ y: Scalar) -> Scalar {
        scalarAdd(scalarAdd(s, scalarMul(a, x)), scalarMul(b, y))
    }
}

/// One real FFT of `fftLength` points over prepared twiddles (n/2, then n/4 super twiddles) and
/// factors ((radix, remaining length) pairs).
struct KissFFT<Complex: KissFFTComplex> {
    let fftLength: Int
    let twiddles: UnsafeMutablePointer<Complex>
    let factors: UnsafeMutablePointer<Int32>

    /// Each row of `inputLength` scalars, zero padded to fftLength in the work area at the start of
    /// `scratch`, to fftLength / 2 + 1 complex values; kiss_fftr's buffer follows the work area.
    @inline(__always)
    func invoke(
        rows: Int, inputLength: Int, input: UnsafePointer<Complex.Scalar>, output: UnsafeMutableRawPointer,
        scratch: UnsafeMutableRawPointer
    ) {
        let work = scratch.assumingMemoryBound(to: Complex.Scalar.self)
        let buffer = (scratch + fftLength * MemoryLayout<Complex.Scalar>.stride)
            .assumingMemoryBound(to: Complex.self)
        let out = output.assumingMemoryBound(to: Complex.self)
        for row in 0..<rows {
            work.update(from: input + row * inputLength, count: inputLength)
            (work + inputLength).update(repeating: Complex.zero, count: fftLength - inputLength)
            realFFT(
                UnsafeRawPointer(work).assumingMemoryBound(to: Complex.self), buffer, out + row * (fftLength / 2 + 1))
        }
    }

    func realFFT(
        _ time: UnsafePointer<Complex>, _ buffer: UnsafeMutablePointer<Complex>, _ freq: UnsafeMutablePointer<Complex>
    ) {
        let ncfft = fftLength / 2
        work(buffer, time, fstride: 1, factorSlot: 0)
        var tdc = buffer[0]
        Complex.fixdiv(&tdc, 2)
        freq[0] = Complex(Complex.scalarAdd(tdc.r, tdc.i), Complex.zero)
        freq[ncfft] = Complex(Complex.scalarSub(tdc.r, tdc.i), Complex.zero)
        let superTwiddles = twiddles + ncfft
        var k = 1
        while k <= ncfft / 2 {
            var fpk = buffer[k]
            var fpnk = Complex(buffer[ncfft - k].r, Complex.negate(buffer[ncfft - k].i))
            Complex.fixdiv(&fpk, 2)
            Complex.fixdiv(&fpnk, 2)
            let f1k = Complex.add(fpk, fpnk)
            let f2k = Complex.sub(fpk, fpnk)
            let tw = Complex.mul(f2k, superTwiddles[k - 1])
            freq[k].r = Complex.halfSum(f1k.r, tw.r)
            freq[k].i = Complex.halfSum(f1k.i, tw.i)
            freq[ncfft - k].r = Complex.halfDifference(f1k.r, tw.r)
            freq[ncfft - k].i = Complex.halfDifference(tw.i, f1k.i)
            k += 1
        }
    }

    func work(_ out: UnsafeMutablePointer<Complex>, _ input: UnsafePointer<Complex>, fstride: Int, factorSlot: Int) {
        let p = Int(factors[factorSlot]), m = Int(factors[factorSlot + 1])
        if m == 1 {
            for j in 0..<p { out[j] = input[j * fstride] }
        } else {
            for j in 0..<p { work(out + j * m, input + j * fstride, fstride: fstride * p, factorSlot: factorSlot + 2) }
        }
        switch p {
        case 2: butterfly2(out, fstride, m)
        case 3: butterfly3(out, fstride, m)
        case 4: butterfly4(out, fstride, m)
        default: butterfly5(out, fstride, m)
        }
    }

    func butterfly2(_ out: UnsafeMutablePointer<Complex>, _ fstride: Int, _ m: Int) {
        for k in 0..<m {
            Complex.fixdiv(&out[k], 2)
            Complex.fixdiv(&out[k + m], 2)
            let t = Complex.mul(out[k + m], twiddles[k * fstride])
            out[k + m] = Complex.sub(out[k], t)
            out[k] = Complex.add(out[k], t)
        }
    }

    func butterfly4(_ out: UnsafeMutablePointer<Complex>, _ fstride: Int, _ m: Int) {
        for k in 0..<m {
            let f = out + k
            Complex.fixdiv(&f[0], 4)
            Complex.fixdiv(&f[m], 4)
            Complex.fixdiv(&f[2 * m], 4)
            Complex.fixdiv(&f[3 * m], 4)
            let s0 = Complex.mul(f[m], twiddles[k * fstride])
            let s1 = Complex.mul(f[2 * m], twiddles[k * fstride * 2])
            let s2 = Complex.mul(f[3 * m], twiddles[k * fstride * 3])
            let s5 = Complex.sub(f[0], s1)
            f[0] = Complex.add(f[0], s1)
            let s3 = Complex.add(s0, s2)
            let s4 = Complex.sub(s0, s2)
            f[2 * m] = Complex.sub(f[0], s3)
            f[0] = Complex.add(f[0], s3)
            f[m] = Complex(Complex.scalarAdd(s5.r, s4.i), Complex.scalarSub(s5.i, s4.r))
            f[3 * m] = Complex(Complex.scalarSub(s5.r, s4.i), Complex.scalarAdd(s5.i, s4.r))
        }
    }

    func butterfly3(_ out: UnsafeMutablePointer<Complex>, _ fstride: Int, _ m: Int) {
        let epi3 = twiddles[fstride * m]
        for k in 0..<m {
            let f = out + k
            Complex.fixdiv(&f[0], 3)
            Complex.fixdiv(&f[m], 3)
            Complex.fixdiv(&f[2 * m], 3)
            let s1 = Complex.mul(f[m], twiddles[k * fstride])
            let s2 = Complex.mul(f[2 * m], twiddles[k * fstride * 2])
            let s3 = Complex.add(s1, s2)
            var s0 = Complex.sub(s1, s2)
            f[m].r = Complex.scalarSub(f[0].r, Complex.half(s3.r))
            f[m].i = Complex.scalarSub(f[0].i, Complex.half(s3.i))
            s0 = Complex(Complex.scalarMul(s0.r, epi3.i), Complex.scalarMul(s0.i, epi3.i))
            f[0] = Complex.add(f[0], s3)
            f[2 * m].r = Complex.scalarAdd(f[m].r, s0.i)
            f[2 * m].i = Complex.scalarSub(f[m].i, s0.r)
            f[m].r = Complex.scalarSub(f[m].r, s0.i)
            f[m].i = Complex.scalarAdd(f[m].i, s0.r)
        }
    }

    func butterfly5(_ out: UnsafeMutablePointer<Complex>, _ fstride: Int, _ m: Int) {
        let ya = twiddles[fstride * m], yb = twiddles[fstride * 2 * m]
        let f0 = out, f1 = out + m, f2 = out + 2 * m, f3 = out + 3 * m, f4 = out + 4 * m
        for u in 0..<m {
            Complex.fixdiv(&f0[u], 5)
            Complex.fixdiv(&f1[u], 5)
            Complex.fixdiv(&f2[u], 5)
            Complex.fixdiv(&f3[u], 5)
            Complex.fixdiv(&f4[u], 5)
            let s0 = f0[u]
            let s1 = Complex.mul(f1[u], twiddles[u * fstride])
            let s2 = Complex.mul(f2[u], twiddles[2 * u * fstride])
            let s3 = Complex.mul(f3[u], twiddles[3 * u * fstride])
            let s4 = Complex.mul(f4[u], twiddles[4 * u * fstride])
            let s7 = Complex.add(s1, s4), s10 = Complex.sub(s1, s4), s8 = Complex.add(s2, s3), s9 = Complex.sub(s2, s3)
            f0[u].r = Complex.scalarAdd(f0[u].r, Complex.scalarAdd(s7.r, s8.r))
            f0[u].i = Complex.scalarAdd(f0[u].i, Complex.scalarAdd(s7.i, s8.i))
            let s5 = Complex(
                Complex.scalarSum(s0.r, s7.r, ya.r, s8.r, yb.r), Complex.scalarSum(s0.i, s7.i, ya.r, s8.i, yb.r))
            let s6 = Complex(
                Complex.scalarAdd(Complex.scalarMul(s10.i, ya.i), Complex.scalarMul(s9.i, yb.i)),
                Complex.scalarSub(Complex.negate(Complex.scalarMul(s10.r, ya.i)), Complex.scalarMul(s9.r, yb.i)))
            f1[u] = Complex.sub(s5, s6)
            f4[u] = Complex.add(s5, s6)
            let s11 = Complex(
                Complex.scalarSum(s0.r, s7.r, yb.r, s8.r, ya.r), Complex.scalarSum(s0.i, s7.i, yb.r, s8.i, ya.r))
            let s12 = Complex(
                Complex.scalarAdd(Complex.negate(Complex.scalarMul(s10.i, yb.i)), Complex.scalarMul(s9.i, ya.i)),
                Complex.scalarSub(Complex.scalarMul(s10.r, yb.i), Complex.scalarMul(s9.r, ya.i)))
            f2[u] = Complex.add(s11, s12)
            f3[u] = Complex.sub(s11, s12)
        }
    }
}
