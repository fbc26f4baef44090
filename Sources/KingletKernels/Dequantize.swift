// DEQUANTIZE (M/dequantize*.cc, R/dequantize.h): int8 / int16 -> float32.
//
// TFLM keeps the scale as double: out = static_cast<float>(double(scale) * (x - zp)), the
// difference taken in int32. (For int8/int16 inputs the double product is exact, so this equals
// Float(scale) * Float(x - zp) rounded once; Kinglet follows the double form anyway.)
// TFLM does not validate the scale here and neither does Kinglet: any value is well defined.

/// Prepared DEQUANTIZE.
public struct Dequantize: BitwiseCopyable {
    public let elementCount: Int
    @usableFromInline let scale: Double
    @usableFromInline let zeroPoint: Int32

    public init(shape: Shape, inputScale: Float, inputZeroPoint: Int32) throws(KernelError) {
        elementCount = try shape.checkedElementCount()
        scale = Double(inputScale)
        zeroPoint = inputZeroPoint
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Float>) {
        for index in 0..<elementCount {
            // int32 subtraction as in TFLM; wraps only for absurd zero points.
            output[index] = Float(scale * Double(Int32(input[index]) &- zeroPoint))
        }
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Float>) {
        for index in 0..<elementCount {
            output[index] = Float(scale * Double(Int32(input[index]) &- zeroPoint))
        }
    }
}
