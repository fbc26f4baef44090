// SignalFilterBankSpectralSubtraction (TFLM signal/micro/kernels/filter_bank_spectral_subtraction.cc,
// signal/src/filter_bank_spectral_subtraction.cc), uint32 → uint32 output and uint32 noise estimate.
//
// State: a noise estimate per channel, kept across invokes (TFLM: a persistent buffer, zeroed in
// prepare and by the registration's reset). Per channel i (odd channels use the alternate pair):
//   s = in[i] << smoothing_bits                          (uint32, wrapping)
//   n[i] = UInt32(truncating: (UInt64(s) * smoothing + UInt64(n[i]) * one_minus) >> ss_bits)
//   e = min(n[i], s); clamping: n[i] = e when it was larger
//   floor = UInt32(truncating: (UInt64(in[i]) * min_signal_remaining) >> ss_bits)
//   out[i] = max((s - e) >> smoothing_bits, floor)
// then the estimate is copied to the second output. The int32 options are stored in TFLM's
// uint32 fields (bit patterns); shift counts outside C's defined range are refused.

/// Prepared SignalFilterBankSpectralSubtraction; `noise` points at its persistent state.
public struct SignalFilterBankSpectralSubtraction: BitwiseCopyable {
    public let count: Int
    public let smoothing: UInt32
    public let oneMinusSmoothing: UInt32
    public let alternateSmoothing: UInt32
    public let alternateOneMinusSmoothing: UInt32
    public let minSignalRemaining: UInt32
    public let smoothingBits: UInt32
    public let spectralSubtractionBits: UInt32
    public let clamping: Bool
    public let noise: UnsafeMutablePointer<UInt32>

    public init(
        numChannels: Int32, smoothing: Int32, oneMinusSmoothing: Int32, alternateSmoothing: Int32,
        alternateOneMinusSmoothing: Int32, minSignalRemaining: Int32, smoothingBits: Int32,
        spectralSubtractionBits: Int32, clamping: Bool, inputCount: Int, outputCount: Int, noiseCount: Int,
        noise: UnsafeMutablePointer<UInt32>
    ) throws(KernelError) {
        guard numChannels >= 0 else {
            throw .unsupportedParameter(name: "signal spectral subtraction num_channels", value: Int(numChannels))
        }
        guard (0...31).contains(smoothingBits) else {
            throw .unsupportedParameter(name: "signal spectral subtraction smoothing_bits", value: Int(smoothingBits))
        }
        guard (0...63).contains(spectralSubtractionBits) else {
            throw .unsupportedParameter(
                name: "signal spectral subtraction spectral_subtraction_bits", value: Int(spectralSubtractionBits))
        }
        let channels = Int(numChannels)
        let wrong = inputCount != channels ? inputCount : outputCount != channels ? outputCount : noiseCount
        guard wrong == channels else {
            throw .shapeMismatch(name: "signal spectral subtraction channels", expected: channels, actual: wrong)
        }
        count = channels
        self.smoothing = UInt32(bitPattern: smoothing)
        self.oneMinusSmoothing = UInt32(bitPattern: oneMinusSmoothing)
        self.alternateSmoothing = UInt32(bitPattern: alternateSmoothing)
        self.alternateOneMinusSmoothing = UInt32(bitPattern: alternateOneMinusSmoothing)
        self.minSignalRemaining = UInt32(bitPattern: minSignalRemaining)
        self.smoothingBits = UInt32(smoothingBits)
        self.spectralSubtractionBits = UInt32(spectralSubtractionBits)
        self.clamping = clamping
        self.noise = noise
    }

    /// TFLM's reset: every estimate back to 0.
    public func reset() {
        noise.update(repeating: 0, count: count)
    }

    @inlinable
    public func invoke(
        input: UnsafePointer<UInt32>, output: UnsafeMutablePointer<UInt32>, noiseOutput: UnsafeMutablePointer<UInt32>
    ) {
        for i in 0..<count {
            let odd = i & 1 == 1
            let smooth = UInt64(odd ? alternateSmoothing : smoothing)
            let oneMinus = UInt64(odd ? alternateOneMinusSmoothing : oneMinusSmoothing)
            let scaled = input[i] << smoothingBits
            noise[i] = UInt32(
                truncatingIfNeeded: (UInt64(scaled) &* smooth &+ UInt64(noise[i]) &* oneMinus)
                    >> UInt64(spectralSubtractionBits))
            var estimate = noise[i]
            if estimate > scaled {
                estimate = scaled
                if clamping { noise[i] = estimate }
            }
            let floor = UInt32(
                truncatingIfNeeded: (UInt64(input[i]) &* UInt64(minSignalRemaining)) >> UInt64(spectralSubtractionBits))
            let subtracted = (scaled &- estimate) >> smoothingBits
            output[i] = subtracted > floor ? subtracted : floor
        }
        noiseOutput.update(from: noise, count: count)
    }
}
