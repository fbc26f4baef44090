// SignalWindow (TFLM signal/micro/kernels/window.cc, signal/src/window.cc), int16.
//
// The input is cut into frames of the weights' length; each element
// out = clamp((Int32(x) * Int32(w)) >> shift, Int16.min...Int16.max), in int32 (the product of two
// int16 fits). TFLM requires rank(weights) == 1 and rank(input) == rank(output) >= 1; it loops
// `i += weight_size` over the input's flat size, so a length that is not a multiple of the weights'
// (or empty weights: an endless loop) would read past the input: refused here. shift is an
// int32 shift count: outside 0...31 it is undefined in C, refused.

/// Prepared SignalWindow.
public struct SignalWindow: BitwiseCopyable {
    public let elementCount: Int
    public let windowLength: Int
    public let shift: Int32

    public init(elementCount: Int, windowLength: Int, outputCount: Int, shift: Int32) throws(KernelError) {
        guard (0...31).contains(shift) else {
            throw .unsupportedParameter(name: "signal window shift", value: Int(shift))
        }
        guard windowLength > 0 else { throw .shapeMismatch(name: "signal window weights", expected: 1, actual: 0) }
        guard elementCount % windowLength == 0 else {
            throw .shapeMismatch(name: "signal window input", expected: windowLength, actual: elementCount)
        }
        guard outputCount == elementCount else {
            throw .shapeMismatch(name: "signal window output", expected: elementCount, actual: outputCount)
        }
        self.elementCount = elementCount
        self.windowLength = windowLength
        self.shift = shift
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int16>, weights: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>)
    {
        var start = 0
        while start < elementCount {
            for index in 0..<windowLength {
                let raw = (Int32(input[start + index]) * Int32(weights[index])) >> shift
                output[start + index] = Int16(clamping: raw)
            }
            start += windowLength
        }
    }
}
