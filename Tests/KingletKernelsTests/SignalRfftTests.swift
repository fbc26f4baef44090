import Testing

@testable import KingletKernels

/// SignalRfft (int16 kiss_fft). The transform itself is compared with pip tflite-micro in
/// KingletRuntimeTests.SignalOperatorTests (testdata/signal: fft lengths 4 to 480, every butterfly)
/// and by `tools/vectors/signal_vectors.py --kinglet .build/release/kinglet` (up to 2048), for int16
/// and float32.
@Suite struct SignalRfftTests {
    /// Every twiddle (and kiss_fftr super twiddle) of every supported fft_length up to 8192, as
    /// kiss_fft computes them with glibc's cos and sin (the pip build's libm):
    /// `/tmp/venv-vectors/bin/python tools/vectors/signal_vectors.py --twiddles`.
    @Test func twiddlesMatchGlibc() throws {
        var hash = Fnv()
        var lengths = 0
        for n in stride(from: 4, through: 8192, by: 2) {
            guard SignalRfftInt16.factorCount(n / 2) != nil else { continue }
            lengths += 1
            let count = SignalRfftInt16.twiddleCount(fftLength: n)
            let twiddles = UnsafeMutablePointer<SignalComplex16>.allocate(capacity: count)
            let factors = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
            defer {
                twiddles.deallocate()
                factors.deallocate()
            }
            _ = try SignalRfftInt16(
                fftLength: Int32(n), inputLength: n, inputCount: n, outputLength: n + 2, outputCount: n + 2,
                twiddles: twiddles, factors: factors)
            for index in 0..<count {
                hash.mix(Int32(twiddles[index].r))
                hash.mix(Int32(twiddles[index].i))
            }
        }
        #expect(lengths == 136)
        #expect(hash.hash == 0x7f0f_86f3_b9c5_1cf0)
    }

    /// The float32 kernel's twiddles: glibc's double cos and sin rounded to float (bit patterns),
    /// the second digest of `signal_vectors.py --twiddles`.
    @Test func floatTwiddlesMatchGlibc() throws {
        var hash = Fnv()
        for n in stride(from: 4, through: 8192, by: 2) {
            guard SignalRfftInt16.factorCount(n / 2) != nil else { continue }
            let count = SignalRfftInt16.twiddleCount(fftLength: n)
            let twiddles = UnsafeMutablePointer<SignalComplexFloat>.allocate(capacity: count)
            let factors = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
            defer {
                twiddles.deallocate()
                factors.deallocate()
            }
            _ = try SignalRfftFloat(
                fftLength: Int32(n), inputLength: n, inputCount: n, outputLength: n + 2, outputCount: n + 2,
                twiddles: twiddles, factors: factors)
            for index in 0..<count {
                hash.mix(twiddles[index].r.bitPattern)
                hash.mix(twiddles[index].i.bitPattern)
            }
        }
        #expect(hash.hash == 0xa70e_907b_3d5e_9ad8)
    }

    @Test func factorsFollowKfFactor() {
        // 4s first, then 2s, then odd radices; a radix above 5 (kiss_fft's generic butterfly, which
        // TFLM's patched kiss_fft cannot run) or a length below 2 is refused.
        var pairs: [Int] = []
        #expect(SignalRfftInt16.factor(240) { p, m in pairs += [p, m] })
        #expect(pairs == [4, 60, 4, 15, 3, 5, 5, 1])
        #expect(SignalRfftInt16.factorCount(256) == 4)
        #expect(SignalRfftInt16.factorCount(2) == 1)
        #expect(SignalRfftInt16.factorCount(7) == nil)
        #expect(SignalRfftInt16.factorCount(14) == nil)
        #expect(SignalRfftInt16.factorCount(1) == nil)
    }

    @Test func unusableLengthsAreTypedErrors() {
        let twiddles = UnsafeMutablePointer<SignalComplex16>.allocate(capacity: 1024)
        let factors = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
        defer {
            twiddles.deallocate()
            factors.deallocate()
        }
        func make(_ n: Int32, row: Int, rows: Int = 1, out: Int? = nil) throws(KernelError) {
            _ = try SignalRfftInt16(
                fftLength: n, inputLength: row, inputCount: row * rows, outputLength: out ?? Int(n) + 2,
                outputCount: (out ?? Int(n) + 2) * rows, twiddles: twiddles, factors: factors)
        }
        #expect(throws: KernelError.self) { try make(511, row: 511) }  // odd
        #expect(throws: KernelError.self) { try make(2, row: 2) }  // half-length 1
        #expect(throws: KernelError.self) { try make(28, row: 28) }  // radix 7
        #expect(throws: KernelError.self) { try make(0, row: 1) }
        #expect(throws: KernelError.self) { try make(-512, row: 1) }
        #expect(throws: KernelError.self) { try make(512, row: 513) }  // row longer than the FFT
        #expect(throws: KernelError.self) { try make(512, row: 480, out: 512) }  // output row not n + 2
        #expect(throws: KernelError.self) { try make(512, row: 0) }
        #expect(throws: Never.self) { try make(512, row: 480, rows: 2) }
    }

    @Test func sinCosAgreeWithTheIdentity() {
        // A sanity check of the fdlibm kernels across the twiddle phases' range; glibc agreement is
        // what twiddlesMatchGlibc pins.
        var x = -7.0
        while x < 7 {
            let s = signalSin(x), c = signalCos(x)
            #expect(abs(s * s + c * c - 1) < 4e-16)
            x += 0.001
        }
        #expect(signalCos(0) == 1 && signalSin(0) == 0)
    }
}
