// SignalEnergy (TFLM signal/micro/kernels/energy.cc, signal/src/energy.cc), complex int16 → uint32.
//
// For start_index <= i < end_index: out[i] = UInt32(bitPattern: re*re + im*im), in int32 (2 * 2^30
// wraps, as TFLM's int32 sum does on its targets). Elements outside [start, end) are not written
// (TFLM leaves them as they are). Indices are checked against both tensors here (TFLM does not).

/// Prepared SignalEnergy.
public struct SignalEnergy: BitwiseCopyable {
    public let start: Int
    public let end: Int

    /// `complexCount`: the input's int16 count / 2.
    public init(startIndex: Int32, endIndex: Int32, complexCount: Int, outputCount: Int) throws(KernelError) {
        guard startIndex >= 0 else {
            throw .unsupportedParameter(name: "signal energy start_index", value: Int(startIndex))
        }
        guard Int(endIndex) <= complexCount, Int(endIndex) <= outputCount else {
            throw .unsupportedParameter(name: "signal energy end_index", value: Int(endIndex))
        }
        start = Int(startIndex)
        end = Int(endIndex)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<UInt32>) {
        var index = start
        while index < end {
            let real = Int32(input[2 * index]), imag = Int32(input[2 * index + 1])
            output[index] = UInt32(bitPattern: real &* real &+ imag &* imag)
            index += 1
        }
    }
}
