// SignalRfft, float32 (TFLM signal/src/rfft_float.cc, signal/src/kiss_fft_wrappers/kiss_fft_float.cc):
// kiss_fft v130 in float (with TFLM's patch: HALF_OF(x) = x * 0.5f), `kiss_fftr` over n/2 complex
// points, each operation in kiss_fft's order and in float (the pip build is x86-64 without FMA:
// nothing contracts, and Swift does not contract either):
//
// * twiddles: Float(cos φ), Float(sin φ) of the same double phases as the int16 kernel
//   (`signalCos/Sin`, checked against glibc's, rounded to float; SignalRfftTests pins them).
// * C_MUL (a.r*b.r - a.i*b.i, a.r*b.i + a.i*b.r); C_FIXDIV does nothing; S_MUL a*b.
// Lengths as SignalRfftInt16 (the same patch makes the generic butterfly unusable).

/// One kiss_fft_cpx of float.
public struct SignalComplexFloat: BitwiseCopyable {
    public var r, i: Float

    @inlinable public init(_ r: Float, _ i: Float) {
        self.r = r
        self.i = i
    }
}

/// Prepared float32 SignalRfft; buffers as `SignalRfftInt16`'s.
public struct SignalRfftFloat: BitwiseCopyable {
    public let fftLength, inputLength, rows: Int
    public let twiddles: UnsafeMutablePointer<SignalComplexFloat>
    public let factors: UnsafeMutablePointer<Int32>

    public init(
        fftLength: Int32, inputLength: Int, inputCount: Int, outputLength: Int, outputCount: Int,
        twiddles: UnsafeMutablePointer<SignalComplexFloat>, factors: UnsafeMutablePointer<Int32>
    ) throws(KernelError) {
        rows = try SignalRfftInt16.prepare(
            fftLength: fftLength, inputLength: inputLength, inputCount: inputCount, outputLength: outputLength,
            outputCount: outputCount, twiddles: twiddles, factors: factors
        ) { phase in SignalComplexFloat(Float(signalCos(phase)), Float(signalSin(phase))) }
        self.fftLength = Int(fftLength)
        self.inputLength = inputLength
        self.twiddles = twiddles
        self.factors = factors
    }

    /// Scratch bytes: the work area (fft_length floats) and kiss_fftr's buffer (n/2 complex).
    public var scratchBytes: Int { fftLength * 4 + fftLength / 2 * 8 }

    public func invoke(
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer
    ) {
        KissFFT(fftLength: fftLength, twiddles: twiddles, factors: factors).invoke(
            rows: rows, inputLength: inputLength, input: input, output: UnsafeMutableRawPointer(output),
            scratch: scratch)
    }
}

// kiss_fft's float macros (TFLM's patch: HALF_OF(x) = x * 0.5f).
extension SignalComplexFloat: KissFFTComplex {
    public static var zero: Float { 0 }
    @inline(__always) public static func fixdiv(_ c: inout SignalComplexFloat, _ k: Int32) {}
    @inline(__always) public static func mul(_ a: SignalComplexFloat, _ b: SignalComplexFloat) -> SignalComplexFloat {
        SignalComplexFloat(a.r * b.r - a.i * b.i, a.r * b.i + a.i * b.r)
    }
    @inline(__always) public static func scalarMul(_ a: Float, _ b: Float) -> Float { a * b }
    @inline(__always) public static func scalarAdd(_ a: Float, _ b: Float) -> Float { a + b }
    @inline(__always) public static func scalarSub(_ a: Float, _ b: Float) -> Float { a - b }
    @inline(__always) public static func negate(_ a: Float) -> Float { -a }
    @inline(__always) public static func half(_ a: Float) -> Float { a * 0.5 }
    @inline(__always) public static func halfSum(_ a: Float, _ b: Float) -> Float { (a + b) * 0.5 }
    @inline(__always) public static func halfDifference(_ a: Float, _ b: Float) -> Float { (a - b) * 0.5 }
}
