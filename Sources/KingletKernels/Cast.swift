// CAST (M/cast.cc): elementwise static_cast between int8, int16, int32, uint32, float32 and
// bool inputs and int8, int16, int32, uint32 and float32 outputs; equal element counts.
//
// Integer to integer keeps the low bits (two's complement wrap); integer to float rounds to
// nearest even; bool is its byte (0 or 1). Float to integer is undefined in C++ out of range;
// the pip build on x86-64 truncates toward zero and saturates to the destination's range, NaN
// giving 0 (checked on pip: NaN, ±inf, ±3e9, ±300.7, -1.5 into every integer type), which
// Kinglet reproduces. Float to float copies.

/// Prepared CAST.
public struct Cast: BitwiseCopyable {
    /// The element types CAST handles.
    public enum Element: UInt8, BitwiseCopyable, Sendable {
        case int8, int16, int32, uint32, float32, bool
    }

    public let count: Int
    public let from: Element
    public let to: Element

    /// Throws for a bool output (TFLM's eval fails) and unequal element counts.
    public init(inputCount: Int, outputCount: Int, from: Element, to: Element) throws(KernelError) {
        guard inputCount == outputCount else {
            throw .shapeMismatch(name: "cast output elements", expected: inputCount, actual: outputCount)
        }
        guard to != .bool else { throw .unsupportedParameter(name: "cast output type", value: Int(to.rawValue)) }
        count = inputCount
        self.from = from
        self.to = to
    }

    @inlinable
    public func invoke(input: UnsafeRawPointer, output: UnsafeMutableRawPointer) {
        switch from {
        case .int8: fromInteger(input.assumingMemoryBound(to: Int8.self), output)
        case .int16: fromInteger(input.assumingMemoryBound(to: Int16.self), output)
        case .int32: fromInteger(input.assumingMemoryBound(to: Int32.self), output)
        case .uint32: fromInteger(input.assumingMemoryBound(to: UInt32.self), output)
        case .bool: fromInteger(input.assumingMemoryBound(to: UInt8.self), output)
        case .float32: fromFloat(input.assumingMemoryBound(to: Float.self), output)
        }
    }

    @inlinable
    func fromInteger<S: FixedWidthInteger>(_ source: UnsafePointer<S>, _ output: UnsafeMutableRawPointer) {
        switch to {
        case .int8: wrap(source, output.assumingMemoryBound(to: Int8.self))
        case .int16: wrap(source, output.assumingMemoryBound(to: Int16.self))
        case .int32: wrap(source, output.assumingMemoryBound(to: Int32.self))
        case .uint32: wrap(source, output.assumingMemoryBound(to: UInt32.self))
        case .float32:
            let destination = output.assumingMemoryBound(to: Float.self)
            for index in 0..<count { destination[index] = Float(source[index]) }
        case .bool: break  // refused in init
        }
    }

    @inlinable
    func wrap<S: FixedWidthInteger, D: FixedWidthInteger>(
        _ source: UnsafePointer<S>, _ destination: UnsafeMutablePointer<D>
    ) {
        for index in 0..<count { destination[index] = D(truncatingIfNeeded: source[index]) }
    }

    @inlinable
    func fromFloat(_ source: UnsafePointer<Float>, _ output: UnsafeMutableRawPointer) {
        switch to {
        case .int8: saturate(source, output.assumingMemoryBound(to: Int8.self))
        case .int16: saturate(source, output.assumingMemoryBound(to: Int16.self))
        case .int32: saturate(source, output.assumingMemoryBound(to: Int32.self))
        case .uint32: saturate(source, output.assumingMemoryBound(to: UInt32.self))
        case .float32: output.assumingMemoryBound(to: Float.self).update(from: source, count: count)
        case .bool: break  // refused in init
        }
    }

    @inlinable
    func saturate<D: FixedWidthInteger>(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<D>) {
        // Float(D.max) rounds up to a power of two for 32-bit D: anything at or above it saturates.
        let lowest = Float(D.min), highest = Float(D.max)
        for index in 0..<count {
            let value = source[index]
            if value.isNaN {
                destination[index] = 0
            } else if value <= lowest {
                destination[index] = D.min
            } else if value >= highest {
                destination[index] = D.max
            } else {
                destination[index] = D(value.rounded(.towardZero))
            }
        }
    }
}
