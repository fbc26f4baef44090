// SignalFftAutoScale (TFLM signal/micro/kernels/fft_auto_scale_kernel.cc, fft_auto_scale_common.cc,
// signal/src/fft_auto_scale.cc, max_abs.cc, msb_32.cc), int16 → int16 and an int32 scalar.
//
// max = MaxAbs16 exactly as TFLM's portable loop: an int16 running value, `x > max` then
// `-x > max` compared in int; -(-32768) stored back to int16 is -32768, after which any larger
// value replaces it (so the result depends on the order, as TFLM's does).
// bits = 16 - MostSignificantBit32(UInt32(bitPattern: Int32(max))) - 1, at least 0, where
// MostSignificantBit32(x) = 32 - clz(x) (and 32 for 0, the GNUC branch).
// out = Int16(truncating: Int32(x) * (1 << bits)); the scalar output is bits.
// TFLM reads `output->dims->data[0]` elements: input and output lengths must agree here.

/// Prepared SignalFftAutoScale.
public struct SignalFftAutoScale: BitwiseCopyable {
    public let count: Int

    public init(inputCount: Int, outputCount: Int) throws(KernelError) {
        guard inputCount == outputCount else {
            throw .shapeMismatch(name: "signal fft auto scale output", expected: inputCount, actual: outputCount)
        }
        count = outputCount
    }

    /// TFLM's MaxAbs16 (portable build).
    @inlinable
    public static func maxAbs(_ input: UnsafePointer<Int16>, count: Int) -> Int16 {
        var maximum: Int16 = 0
        for index in 0..<count {
            let value = Int32(input[index])
            if value > Int32(maximum) {
                maximum = Int16(truncatingIfNeeded: value)
            } else if -value > Int32(maximum) {
                maximum = Int16(truncatingIfNeeded: -value)
            }
        }
        return maximum
    }

    @inlinable
    public func invoke(
        input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>, scaleBits: UnsafeMutablePointer<Int32>
    ) {
        let maximum = Self.maxAbs(input, count: count)
        let bits = max(16 - signalMostSignificantBit32(UInt32(bitPattern: Int32(maximum))) - 1, 0)
        for index in 0..<count {
            output[index] = Int16(truncatingIfNeeded: Int32(input[index]) &* (Int32(1) << bits))
        }
        scaleBits.pointee = bits
    }
}

/// TFLM's MostSignificantBit32 (GNUC branch): 32 - clz(x), and 32 for 0.
@inlinable
public func signalMostSignificantBit32(_ x: UInt32) -> Int32 {
    x == 0 ? 32 : Int32(32 - x.leadingZeroBitCount)
}

/// TFLM's MostSignificantBit64 (GNUC branch): 64 - clz(x), and 64 for 0.
@inlinable
public func signalMostSignificantBit64(_ x: UInt64) -> Int32 {
    x == 0 ? 64 : Int32(64 - x.leadingZeroBitCount)
}
