// SignalRfft (TFLM signal/micro/kernels/rfft.cc, signal/src/rfft_int16.cc,
// signal/src/kiss_fft_wrappers/kiss_fft_int16.cc), int16: kiss_fft v130 (the version TFLM's build
// downloads, with third_party/kissfft/kissfft.patch) in FIXED_POINT 16, `kiss_fftr` over
// `kiss_fft` of fft_length / 2 complex points, reproduced operation for operation:
//
// * twiddles[i] = (floor(.5 + 32767 cos φ), floor(.5 + 32767 sin φ)), φ = (-2π · i) / n, double;
//   super twiddles (kiss_fftr) φ = -π · ((i + 1) / n + .5). cos and sin are `signalCos/Sin`
//   (fdlibm's kernels): the tests compare every twiddle of every supported length up to 8192
//   with glibc's (the pip build's libm).
// * factors: kf_factor (4s first, then 2s, then odd p; p = n once p > floor(sqrt(n))).
// * sround(x) = Int16(truncating: (x + 2^14) >> 15) on int32 products; C_FIXDIV(c, k) multiplies by
//   32767 / k (integer division); every sum is an int sum stored back to int16 (truncated);
//   HALF_OF is `>> 1` on the int sum.
// * Butterflies of radix 2, 3, 4, 5 in kiss_fft's order (forward). TFLM's patch makes kiss_fft's
//   temporary allocation return NULL, so a length whose half has a prime factor above 5 (the
//   generic butterfly) cannot run in TFLM: refused here, as are odd lengths (kiss_fftr_alloc
//   fails), half-lengths below 2 and an input row longer than fft_length.
// Each input row (last dimension) is copied into a work area of fft_length, zero padded, read as
// fft_length / 2 complex values; the row's output is fft_length / 2 + 1 complex values (the
// output's last dimension must be fft_length + 2). float32: Float/SignalRfftFloat.swift; int32 is not
// implemented (refused as an unsupported type).

/// One kiss_fft_cpx of int16.
public struct SignalComplex16: BitwiseCopyable {
    public var r: Int16
    public var i: Int16

    @inlinable public init(_ r: Int16, _ i: Int16) {
        self.r = r
        self.i = i
    }
}

/// Prepared int16 SignalRfft. `twiddles` holds the n/2 twiddles then the n/4 super twiddles;
/// `factors` the (radix, remaining length) pairs; both live in the arena's persistent part.
public struct SignalRfftInt16: BitwiseCopyable {
    public let fftLength: Int
    public let inputLength: Int
    public let rows: Int
    public let twiddles: UnsafeMutablePointer<SignalComplex16>
    public let factors: UnsafeMutablePointer<Int32>

    /// kf_factor's (radix, length) pairs for `n`, or nil when a radix is not 2, 3, 4 or 5.
    public static func factorCount(_ n: Int) -> Int? {
        var count = 0
        let ok = factor(n) { _, _ in count += 1 }
        return ok ? count : nil
    }

    @discardableResult
    static func factor(_ length: Int, _ body: (Int, Int) -> Void) -> Bool {
        guard length >= 2 else { return false }
        var n = length
        var p = 4
        let floorSqrt = Double(n).squareRoot().rounded(.down)
        repeat {
            while n % p != 0 {
                switch p {
                case 4: p = 2
                case 2: p = 3
                default: p += 2
                }
                if Double(p) > floorSqrt { p = n }
            }
            guard p <= 5 else { return false }
            n /= p
            body(p, n)
        } while n > 1
        return true
    }

    /// Complex twiddles needed for `fftLength` (n/2 + n/4).
    public static func twiddleCount(fftLength: Int) -> Int { fftLength / 2 + fftLength / 4 }

    /// Checks the lengths; `factorCount` from `factorCount(fftLength / 2)`. Fills the persistent
    /// buffers (twiddleCount and 2 * factorCount elements).
    public init(
        fftLength: Int32, inputLength: Int, inputCount: Int, outputLength: Int, outputCount: Int,
        twiddles: UnsafeMutablePointer<SignalComplex16>, factors: UnsafeMutablePointer<Int32>
    ) throws(KernelError) {
        let n = Int(fftLength)
        let rows = try Self.checkLengths(
            fftLength: fftLength, inputLength: inputLength, inputCount: inputCount, outputLength: outputLength,
            outputCount: outputCount)
        self.fftLength = n
        self.inputLength = inputLength
        self.rows = rows
        self.twiddles = twiddles
        self.factors = factors
        let half = n / 2
        for index in 0..<half { twiddles[index] = Self.cexp(Self.twiddlePhase(index, half)) }
        for index in 0..<(half / 2) { twiddles[half + index] = Self.cexp(Self.superTwiddlePhase(index, half)) }
        var slot = 0
        Self.factor(half) { p, m in
            factors[slot] = Int32(p)
            factors[slot + 1] = Int32(m)
            slot += 2
        }
    }

    /// The checks shared by every element type; returns the number of rows.
    static func checkLengths(
        fftLength: Int32, inputLength: Int, inputCount: Int, outputLength: Int, outputCount: Int
    ) throws(KernelError) -> Int {
        let n = Int(fftLength)
        guard n >= 4, n % 2 == 0, Self.factorCount(n / 2) != nil else {
            throw .unsupportedParameter(name: "signal rfft fft_length", value: Int(fftLength))
        }
        guard inputLength > 0, inputLength <= n, inputCount % inputLength == 0 else {
            throw .shapeMismatch(name: "signal rfft input length", expected: n, actual: inputLength)
        }
        guard outputLength == n + 2 else {
            throw .shapeMismatch(name: "signal rfft output length", expected: n + 2, actual: outputLength)
        }
        let rows = inputCount / inputLength
        guard outputCount == rows * (n + 2) else {
            throw .shapeMismatch(name: "signal rfft output", expected: rows * (n + 2), actual: outputCount)
        }
        return rows
    }

    /// kiss_fft_alloc's phase of twiddle `index` of a `half`-point FFT, in double.
    static func twiddlePhase(_ index: Int, _ half: Int) -> Double {
        let pi = 3.141592653589793238462643383279502884197169399375105820974944
        return -2 * pi * Double(index) / Double(half)
    }

    /// kiss_fftr_alloc's phase of super twiddle `index` (its own, shorter π).
    static func superTwiddlePhase(_ index: Int, _ half: Int) -> Double {
        -3.14159265358979323846264338327 * (Double(index + 1) / Double(half) + 0.5)
    }

    @inlinable
    static func cexp(_ phase: Double) -> SignalComplex16 {
        SignalComplex16(
            Int16((0.5 + 32767 * signalCos(phase)).rounded(.down)),
            Int16((0.5 + 32767 * signalSin(phase)).rounded(.down)))
    }

    /// Scratch bytes: the work area (fft_length int16) and kiss_fftr's buffer (n/2 complex).
    public var scratchBytes: Int { fftLength * 2 + fftLength / 2 * 4 }

    public func invoke(
        input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>, scratch: UnsafeMutableRawPointer
    ) {
        let work = scratch.assumingMemoryBound(to: Int16.self)
        let buffer = (scratch + fftLength * 2).assumingMemoryBound(to: SignalComplex16.self)
        let out = UnsafeMutableRawPointer(output).assumingMemoryBound(to: SignalComplex16.self)
        for row in 0..<rows {
            work.update(from: input + row * inputLength, count: inputLength)
            (work + inputLength).update(repeating: 0, count: fftLength - inputLength)
            realFFT(
                UnsafeRawPointer(work).assumingMemoryBound(to: SignalComplex16.self), buffer,
                out + row * (fftLength / 2 + 1))
        }
    }

    // MARK: kiss_fft, FIXED_POINT 16

    @inline(__always) static func sround(_ x: Int32) -> Int16 { Int16(truncatingIfNeeded: (x &+ (1 << 14)) >> 15) }
    @inline(__always) static func smul(_ a: Int16, _ b: Int32) -> Int32 { Int32(a) &* b }
    @inline(__always) static func fixdiv(_ c: inout SignalComplex16, _ k: Int32) {
        let s = 32767 / k
        c.r = sround(smul(c.r, s))
        c.i = sround(smul(c.i, s))
    }
    @inline(__always) static func mul(_ a: SignalComplex16, _ b: SignalComplex16) -> SignalComplex16 {
        SignalComplex16(
            sround(smul(a.r, Int32(b.r)) &- smul(a.i, Int32(b.i))),
            sround(smul(a.r, Int32(b.i)) &+ smul(a.i, Int32(b.r))))
    }
    @inline(__always) static func add(_ a: SignalComplex16, _ b: SignalComplex16) -> SignalComplex16 {
        SignalComplex16(t(Int32(a.r) + Int32(b.r)), t(Int32(a.i) + Int32(b.i)))
    }
    @inline(__always) static func sub(_ a: SignalComplex16, _ b: SignalComplex16) -> SignalComplex16 {
        SignalComplex16(t(Int32(a.r) - Int32(b.r)), t(Int32(a.i) - Int32(b.i)))
    }
    @inline(__always) static func t(_ x: Int32) -> Int16 { Int16(truncatingIfNeeded: x) }
    @inline(__always) static func smulS(_ a: Int16, _ b: Int16) -> Int32 { Int32(Self.sround(Int32(a) &* Int32(b))) }

    func realFFT(
        _ time: UnsafePointer<SignalComplex16>, _ buffer: UnsafeMutablePointer<SignalComplex16>,
        _ freq: UnsafeMutablePointer<SignalComplex16>
    ) {
        let ncfft = fftLength / 2
        work(buffer, time, fstride: 1, factorSlot: 0)
        var tdc = buffer[0]
        Self.fixdiv(&tdc, 2)
        freq[0].r = Self.t(Int32(tdc.r) + Int32(tdc.i))
        freq[ncfft].r = Self.t(Int32(tdc.r) - Int32(tdc.i))
        freq[0].i = 0
        freq[ncfft].i = 0
        let superTwiddles = twiddles + ncfft
        var k = 1
        while k <= ncfft / 2 {
            var fpk = buffer[k]
            var fpnk = SignalComplex16(buffer[ncfft - k].r, Self.t(-Int32(buffer[ncfft - k].i)))
            Self.fixdiv(&fpk, 2)
            Self.fixdiv(&fpnk, 2)
            let f1k = Self.add(fpk, fpnk)
            let f2k = Self.sub(fpk, fpnk)
            let tw = Self.mul(f2k, superTwiddles[k - 1])
            freq[k].r = Self.t((Int32(f1k.r) + Int32(tw.r)) >> 1)
            freq[k].i = Self.t((Int32(f1k.i) + Int32(tw.i)) >> 1)
            freq[ncfft - k].r = Self.t((Int32(f1k.r) - Int32(tw.r)) >> 1)
            freq[ncfft - k].i = Self.t((Int32(tw.i) - Int32(f1k.i)) >> 1)
            k += 1
        }
    }

    func work(
        _ out: UnsafeMutablePointer<SignalComplex16>, _ input: UnsafePointer<SignalComplex16>, fstride: Int,
        factorSlot: Int
    ) {
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

    func butterfly2(_ out: UnsafeMutablePointer<SignalComplex16>, _ fstride: Int, _ m: Int) {
        for k in 0..<m {
            var a = out[k], b = out[k + m]
            Self.fixdiv(&a, 2)
            Self.fixdiv(&b, 2)
            let t = Self.mul(b, twiddles[k * fstride])
            out[k + m] = Self.sub(a, t)
            out[k] = Self.add(a, t)
        }
    }

    func butterfly4(_ out: UnsafeMutablePointer<SignalComplex16>, _ fstride: Int, _ m: Int) {
        for k in 0..<m {
            let f = out + k
            Self.fixdiv(&f[0], 4)
            Self.fixdiv(&f[m], 4)
            Self.fixdiv(&f[2 * m], 4)
            Self.fixdiv(&f[3 * m], 4)
            let s0 = Self.mul(f[m], twiddles[k * fstride])
            let s1 = Self.mul(f[2 * m], twiddles[k * fstride * 2])
            let s2 = Self.mul(f[3 * m], twiddles[k * fstride * 3])
            let s5 = Self.sub(f[0], s1)
            f[0] = Self.add(f[0], s1)
            let s3 = Self.add(s0, s2)
            let s4 = Self.sub(s0, s2)
            f[2 * m] = Self.sub(f[0], s3)
            f[0] = Self.add(f[0], s3)
            f[m] = SignalComplex16(Self.t(Int32(s5.r) + Int32(s4.i)), Self.t(Int32(s5.i) - Int32(s4.r)))
            f[3 * m] = SignalComplex16(Self.t(Int32(s5.r) - Int32(s4.i)), Self.t(Int32(s5.i) + Int32(s4.r)))
        }
    }

    func butterfly3(_ out: UnsafeMutablePointer<SignalComplex16>, _ fstride: Int, _ m: Int) {
        let epi3 = twiddles[fstride * m]
        for k in 0..<m {
            let f = out + k
            Self.fixdiv(&f[0], 3)
            Self.fixdiv(&f[m], 3)
            Self.fixdiv(&f[2 * m], 3)
            let s1 = Self.mul(f[m], twiddles[k * fstride])
            let s2 = Self.mul(f[2 * m], twiddles[k * fstride * 2])
            let s3 = Self.add(s1, s2)
            var s0 = Self.sub(s1, s2)
            f[m].r = Self.t(Int32(f[0].r) - (Int32(s3.r) >> 1))
            f[m].i = Self.t(Int32(f[0].i) - (Int32(s3.i) >> 1))
            s0 = SignalComplex16(
                Self.sround(Self.smul(s0.r, Int32(epi3.i))), Self.sround(Self.smul(s0.i, Int32(epi3.i))))
            f[0] = Self.add(f[0], s3)
            f[2 * m].r = Self.t(Int32(f[m].r) + Int32(s0.i))
            f[2 * m].i = Self.t(Int32(f[m].i) - Int32(s0.r))
            f[m].r = Self.t(Int32(f[m].r) - Int32(s0.i))
            f[m].i = Self.t(Int32(f[m].i) + Int32(s0.r))
        }
    }

    func butterfly5(_ out: UnsafeMutablePointer<SignalComplex16>, _ fstride: Int, _ m: Int) {
        let ya = twiddles[fstride * m], yb = twiddles[fstride * 2 * m]
        let f0 = out, f1 = out + m, f2 = out + 2 * m, f3 = out + 3 * m, f4 = out + 4 * m
        for u in 0..<m {
            Self.fixdiv(&f0[u], 5)
            Self.fixdiv(&f1[u], 5)
            Self.fixdiv(&f2[u], 5)
            Self.fixdiv(&f3[u], 5)
            Self.fixdiv(&f4[u], 5)
            let s0 = f0[u]
            let s1 = Self.mul(f1[u], twiddles[u * fstride])
            let s2 = Self.mul(f2[u], twiddles[2 * u * fstride])
            let s3 = Self.mul(f3[u], twiddles[3 * u * fstride])
            let s4 = Self.mul(f4[u], twiddles[4 * u * fstride])
            let s7 = Self.add(s1, s4), s10 = Self.sub(s1, s4), s8 = Self.add(s2, s3), s9 = Self.sub(s2, s3)
            f0[u].r = Self.t(Int32(f0[u].r) + (Int32(s7.r) + Int32(s8.r)))
            f0[u].i = Self.t(Int32(f0[u].i) + (Int32(s7.i) + Int32(s8.i)))
            let s5 = SignalComplex16(
                Self.t(Int32(s0.r) + Self.smulS(s7.r, ya.r) + Self.smulS(s8.r, yb.r)),
                Self.t(Int32(s0.i) + Self.smulS(s7.i, ya.r) + Self.smulS(s8.i, yb.r)))
            let s6 = SignalComplex16(
                Self.t(Self.smulS(s10.i, ya.i) + Self.smulS(s9.i, yb.i)),
                Self.t(-Self.smulS(s10.r, ya.i) - Self.smulS(s9.r, yb.i)))
            f1[u] = Self.sub(s5, s6)
            f4[u] = Self.add(s5, s6)
            let s11 = SignalComplex16(
                Self.t(Int32(s0.r) + Self.smulS(s7.r, yb.r) + Self.smulS(s8.r, ya.r)),
                Self.t(Int32(s0.i) + Self.smulS(s7.i, yb.r) + Self.smulS(s8.i, ya.r)))
            let s12 = SignalComplex16(
                Self.t(-Self.smulS(s10.i, yb.i) + Self.smulS(s9.i, ya.i)),
                Self.t(Self.smulS(s10.r, yb.i) - Self.smulS(s9.r, ya.i)))
            f2[u] = Self.add(s11, s12)
            f3[u] = Self.sub(s11, s12)
        }
    }
}

// MARK: sin and cos in double (fdlibm's kernels), for the twiddles

/// cos(x) for the twiddle phases (|x| <= 2π): Cody–Waite reduction by π/2 in three parts, then
/// fdlibm's __kernel_cos / __kernel_sin polynomials.
public func signalCos(_ x: Double) -> Double { signalSinCos(x).cos }

public func signalSin(_ x: Double) -> Double { signalSinCos(x).sin }

func signalSinCos(_ x: Double) -> (sin: Double, cos: Double) {
    let k = (x * 6.36619772367581382433e-01).rounded(.toNearestOrEven)
    // No reduction in the first quadrant: keeps sin(-0.0) = -0.0, as glibc's (a float twiddle's
    // sign of zero shows in the float kernel's products).
    let r =
        k == 0
        ? x : ((x - k * 1.57079632673412561417e+00) - k * 6.07710050630396597660e-11) - k * 2.02226624871116645580e-21
    // fdlibm's __kernel_sin returns tiny arguments unchanged.
    if r.magnitude < 0x1p-27 {
        switch Int(k) & 3 {
        case 0: return (r, 1)
        case 1: return (1, -r)
        case 2: return (-r, -1)
        default: return (-1, r)
        }
    }
    let z = r * r
    let sinR =
        r + r * z
        * (-1.66666666666666324348e-01
            + z
            * (8.33333333332248946124e-03 + z
                * (-1.98412698298579493134e-04
                    + z
                    * (2.75573137070700676789e-06 + z * (-2.50507602534068634195e-08 + z * 1.58969099521155010221e-10)))))
    let w = z * z
    let c =
        z * (4.16666666666666019037e-02 + z * (-1.38888888888741095749e-03 + z * 2.48015872894767294178e-05))
        + w * w * (-2.75573143513906633035e-07 + z * (2.08757232129817482790e-09 + z * -1.13596475577881948265e-11))
    let hz = 0.5 * z
    let one = 1.0 - hz
    let cosR = one + (((1.0 - one) - hz) + z * c)
    switch Int(k) & 3 {
    case 0: return (sinR, cosR)
    case 1: return (cosR, -sinR)
    case 2: return (-sinR, -cosR)
    default: return (-cosR, sinR)
    }
}
