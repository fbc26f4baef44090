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
    public var r: Float
    public var i: Float

    @inlinable public init(_ r: Float, _ i: Float) {
        self.r = r
        self.i = i
    }
}

/// Prepared float32 SignalRfft; buffers as `SignalRfftInt16`'s.
public struct SignalRfftFloat: BitwiseCopyable {
    public let fftLength: Int
    public let inputLength: Int
    public let rows: Int
    public let twiddles: UnsafeMutablePointer<SignalComplexFloat>
    public let factors: UnsafeMutablePointer<Int32>

    public init(
        fftLength: Int32, inputLength: Int, inputCount: Int, outputLength: Int, outputCount: Int,
        twiddles: UnsafeMutablePointer<SignalComplexFloat>, factors: UnsafeMutablePointer<Int32>
    ) throws(KernelError) {
        let n = Int(fftLength)
        let rows = try SignalRfftInt16.checkLengths(
            fftLength: fftLength, inputLength: inputLength, inputCount: inputCount, outputLength: outputLength,
            outputCount: outputCount)
        self.fftLength = n
        self.inputLength = inputLength
        self.rows = rows
        self.twiddles = twiddles
        self.factors = factors
        let half = n / 2
        for index in 0..<half {
            let phase = SignalRfftInt16.twiddlePhase(index, half)
            twiddles[index] = SignalComplexFloat(Float(signalCos(phase)), Float(signalSin(phase)))
        }
        for index in 0..<(half / 2) {
            let phase = SignalRfftInt16.superTwiddlePhase(index, half)
            twiddles[half + index] = SignalComplexFloat(Float(signalCos(phase)), Float(signalSin(phase)))
        }
        var slot = 0
        SignalRfftInt16.factor(half) { p, m in
            factors[slot] = Int32(p)
            factors[slot + 1] = Int32(m)
            slot += 2
        }
    }

    /// Scratch bytes: the work area (fft_length floats) and kiss_fftr's buffer (n/2 complex).
    public var scratchBytes: Int { fftLength * 4 + fftLength / 2 * 8 }

    public func invoke(
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer
    ) {
        let work = scratch.assumingMemoryBound(to: Float.self)
        let buffer = (scratch + fftLength * 4).assumingMemoryBound(to: SignalComplexFloat.self)
        let out = UnsafeMutableRawPointer(output).assumingMemoryBound(to: SignalComplexFloat.self)
        for row in 0..<rows {
            work.update(from: input + row * inputLength, count: inputLength)
            (work + inputLength).update(repeating: 0, count: fftLength - inputLength)
            realFFT(
                UnsafeRawPointer(work).assumingMemoryBound(to: SignalComplexFloat.self), buffer,
                out + row * (fftLength / 2 + 1))
        }
    }

    @inline(__always) static func mul(_ a: SignalComplexFloat, _ b: SignalComplexFloat) -> SignalComplexFloat {
        SignalComplexFloat(a.r * b.r - a.i * b.i, a.r * b.i + a.i * b.r)
    }
    @inline(__always) static func add(_ a: SignalComplexFloat, _ b: SignalComplexFloat) -> SignalComplexFloat {
        SignalComplexFloat(a.r + b.r, a.i + b.i)
    }
    @inline(__always) static func sub(_ a: SignalComplexFloat, _ b: SignalComplexFloat) -> SignalComplexFloat {
        SignalComplexFloat(a.r - b.r, a.i - b.i)
    }

    func realFFT(
        _ time: UnsafePointer<SignalComplexFloat>, _ buffer: UnsafeMutablePointer<SignalComplexFloat>,
        _ freq: UnsafeMutablePointer<SignalComplexFloat>
    ) {
        let ncfft = fftLength / 2
        work(buffer, time, fstride: 1, factorSlot: 0)
        let tdc = buffer[0]
        freq[0].r = tdc.r + tdc.i
        freq[ncfft].r = tdc.r - tdc.i
        freq[0].i = 0
        freq[ncfft].i = 0
        let superTwiddles = twiddles + ncfft
        var k = 1
        while k <= ncfft / 2 {
            let fpk = buffer[k]
            let fpnk = SignalComplexFloat(buffer[ncfft - k].r, -buffer[ncfft - k].i)
            let f1k = Self.add(fpk, fpnk)
            let f2k = Self.sub(fpk, fpnk)
            let tw = Self.mul(f2k, superTwiddles[k - 1])
            freq[k].r = (f1k.r + tw.r) * 0.5
            freq[k].i = (f1k.i + tw.i) * 0.5
            freq[ncfft - k].r = (f1k.r - tw.r) * 0.5
            freq[ncfft - k].i = (tw.i - f1k.i) * 0.5
            k += 1
        }
    }

    func work(
        _ out: UnsafeMutablePointer<SignalComplexFloat>, _ input: UnsafePointer<SignalComplexFloat>, fstride: Int,
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

    func butterfly2(_ out: UnsafeMutablePointer<SignalComplexFloat>, _ fstride: Int, _ m: Int) {
        for k in 0..<m {
            let t = Self.mul(out[k + m], twiddles[k * fstride])
            out[k + m] = Self.sub(out[k], t)
            out[k] = Self.add(out[k], t)
        }
    }

    func butterfly4(_ out: UnsafeMutablePointer<SignalComplexFloat>, _ fstride: Int, _ m: Int) {
        for k in 0..<m {
            let f = out + k
            let s0 = Self.mul(f[m], twiddles[k * fstride])
            let s1 = Self.mul(f[2 * m], twiddles[k * fstride * 2])
            let s2 = Self.mul(f[3 * m], twiddles[k * fstride * 3])
            let s5 = Self.sub(f[0], s1)
            f[0] = Self.add(f[0], s1)
            let s3 = Self.add(s0, s2)
            let s4 = Self.sub(s0, s2)
            f[2 * m] = Self.sub(f[0], s3)
            f[0] = Self.add(f[0], s3)
            f[m] = SignalComplexFloat(s5.r + s4.i, s5.i - s4.r)
            f[3 * m] = SignalComplexFloat(s5.r - s4.i, s5.i + s4.r)
        }
    }

    func butterfly3(_ out: UnsafeMutablePointer<SignalComplexFloat>, _ fstride: Int, _ m: Int) {
        let epi3 = twiddles[fstride * m]
        for k in 0..<m {
            let f = out + k
            let s1 = Self.mul(f[m], twiddles[k * fstride])
            let s2 = Self.mul(f[2 * m], twiddles[k * fstride * 2])
            let s3 = Self.add(s1, s2)
            var s0 = Self.sub(s1, s2)
            f[m].r = f[0].r - s3.r * 0.5
            f[m].i = f[0].i - s3.i * 0.5
            s0.r *= epi3.i
            s0.i *= epi3.i
            f[0] = Self.add(f[0], s3)
            f[2 * m].r = f[m].r + s0.i
            f[2 * m].i = f[m].i - s0.r
            f[m].r -= s0.i
            f[m].i += s0.r
        }
    }

    func butterfly5(_ out: UnsafeMutablePointer<SignalComplexFloat>, _ fstride: Int, _ m: Int) {
        let ya = twiddles[fstride * m], yb = twiddles[fstride * 2 * m]
        let f0 = out, f1 = out + m, f2 = out + 2 * m, f3 = out + 3 * m, f4 = out + 4 * m
        for u in 0..<m {
            let s0 = f0[u]
            let s1 = Self.mul(f1[u], twiddles[u * fstride])
            let s2 = Self.mul(f2[u], twiddles[2 * u * fstride])
            let s3 = Self.mul(f3[u], twiddles[3 * u * fstride])
            let s4 = Self.mul(f4[u], twiddles[4 * u * fstride])
            let s7 = Self.add(s1, s4), s10 = Self.sub(s1, s4), s8 = Self.add(s2, s3), s9 = Self.sub(s2, s3)
            f0[u].r += s7.r + s8.r
            f0[u].i += s7.i + s8.i
            let s5 = SignalComplexFloat(s0.r + s7.r * ya.r + s8.r * yb.r, s0.i + s7.i * ya.r + s8.i * yb.r)
            let s6 = SignalComplexFloat(s10.i * ya.i + s9.i * yb.i, -(s10.r * ya.i) - s9.r * yb.i)
            f1[u] = Self.sub(s5, s6)
            f4[u] = Self.add(s5, s6)
            let s11 = SignalComplexFloat(s0.r + s7.r * yb.r + s8.r * ya.r, s0.i + s7.i * yb.r + s8.i * ya.r)
            let s12 = SignalComplexFloat(-(s10.i * yb.i) + s9.i * ya.i, s10.r * yb.i - s9.r * ya.i)
            f2[u] = Self.add(s11, s12)
            f3[u] = Self.sub(s11, s12)
        }
    }
}
