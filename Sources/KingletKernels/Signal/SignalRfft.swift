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
    public var r, i: Int16

    @inlinable public init(_ r: Int16, _ i: Int16) {
        self.r = r
        self.i = i
    }
}

/// Prepared int16 SignalRfft. `twiddles` holds the n/2 twiddles then the n/4 super twiddles;
/// `factors` the (radix, remaining length) pairs; both live in the arena's persistent part.
public struct SignalRfftInt16: BitwiseCopyable {
    public let fftLength, inputLength, rows: Int
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
        rows = try Self.prepare(
            fftLength: fftLength, inputLength: inputLength, inputCount: inputCount, outputLength: outputLength,
            outputCount: outputCount, twiddles: twiddles, factors: factors, cexp: Self.cexp)
        self.fftLength = Int(fftLength)
        self.inputLength = inputLength
        self.twiddles = twiddles
        self.factors = factors
    }

    /// The prepare of every element type: checks the lengths, fills the twiddles (`cexp` of each
    /// phase) and the factors; returns the number of rows.
    static func prepare<Complex>(
        fftLength: Int32, inputLength: Int, inputCount: Int, outputLength: Int, outputCount: Int,
        twiddles: UnsafeMutablePointer<Complex>, factors: UnsafeMutablePointer<Int32>, cexp: (Double) -> Complex
    ) throws(KernelError) -> Int {
        let rows = try checkLengths(
            fftLength: fftLength, inputLength: inputLength, inputCount: inputCount, outputLength: outputLength,
            outputCount: outputCount)
        let half = Int(fftLength) / 2
        for index in 0..<half { twiddles[index] = cexp(twiddlePhase(index, half)) }
        for index in 0..<(half / 2) { twiddles[half + index] = cexp(superTwiddlePhase(index, half)) }
        var slot = 0
        factor(half) { p, m in
            factors[slot] = Int32(p)
            factors[slot + 1] = Int32(m)
            slot += 2
        }
        return rows
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
        KissFFT(fftLength: fftLength, twiddles: twiddles, factors: factors).invoke(
            rows: rows, inputLength: inputLength, input: input, output: UnsafeMutableRawPointer(output),
            scratch: scratch)
    }
}

// kiss_fft's FIXED_POINT 16 macros.
extension SignalComplex16: KissFFTComplex {
    public static var zero: Int16 { 0 }
    @inline(__always) static func sround(_ x: Int32) -> Int16 { Int16(truncatingIfNeeded: (x &+ (1 << 14)) >> 15) }
    @inline(__always) static func t(_ x: Int32) -> Int16 { Int16(truncatingIfNeeded: x) }
    @inline(__always) public static func fixdiv(_ c: inout SignalComplex16, _ k: Int32) {
        let s = 32767 / k
        c.r = sround(Int32(c.r) &* s)
        c.i = sround(Int32(c.i) &* s)
    }
    @inline(__always) public static func mul(_ a: SignalComplex16, _ b: SignalComplex16) -> SignalComplex16 {
        SignalComplex16(
            sround(Int32(a.r) &* Int32(b.r) &- Int32(a.i) &* Int32(b.i)),
            sround(Int32(a.r) &* Int32(b.i) &+ Int32(a.i) &* Int32(b.r)))
    }
    @inline(__always) public static func scalarMul(_ a: Int16, _ b: Int16) -> Int16 { sround(Int32(a) &* Int32(b)) }
    @inline(__always) public static func scalarAdd(_ a: Int16, _ b: Int16) -> Int16 { t(Int32(a) + Int32(b)) }
    @inline(__always) public static func scalarSub(_ a: Int16, _ b: Int16) -> Int16 { t(Int32(a) - Int32(b)) }
    @inline(__always) public static func negate(_ a: Int16) -> Int16 { t(-Int32(a)) }
    @inline(__always) public static func half(_ a: Int16) -> Int16 { a >> 1 }
    @inline(__always) public static func halfSum(_ a: Int16, _ b: Int16) -> Int16 { t((Int32(a) + Int32(b)) >> 1) }
    @inline(__always) public static func halfDifference(_ a: Int16, _ b: Int16) -> Int16 {
        t((Int32(a) - Int32(b)) >> 1)
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
