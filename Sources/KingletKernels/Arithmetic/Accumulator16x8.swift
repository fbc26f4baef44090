// The accumulator of TFLM's 16x8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels
// (int16 activations, int8 weights): the kernels are templates over the bias type. An int64 bias
// (the converter's) or none gives int64 sums and the int64 MultiplyByQuantizedMultiplier; an
// int32 bias (or none with quantized_bias_type INT32, CONV_2D and FULLY_CONNECTED only) gives
// int32 sums that wrap and the int32 MultiplyByQuantizedMultiplier.

/// Int32 or Int64, with the bias load and requantization TFLM pairs with it.
public protocol Accumulator16x8: FixedWidthInteger {
    /// One int32 product (TFLM multiplies in int32, then adds to the accumulator type).
    static func widen(_ product: Int32) -> Self
    /// `bias[index]`, read unaligned (converters leave int64 biases only 4-byte aligned).
    static func bias(_ bias: UnsafeRawPointer, _ index: Int) -> Self
    /// MultiplyByQuantizedMultiplier for this accumulator type.
    func scaled(_ multiplier: Int32, _ shift: Int32) -> Int32
}

extension Int32: Accumulator16x8 {
    @inlinable @inline(__always) public static func widen(_ product: Int32) -> Int32 { product }
    @inlinable @inline(__always) public static func bias(_ bias: UnsafeRawPointer, _ index: Int) -> Int32 {
        bias.loadUnaligned(fromByteOffset: index &* 4, as: Int32.self)
    }
    @inlinable @inline(__always) public func scaled(_ multiplier: Int32, _ shift: Int32) -> Int32 {
        multiplyByQuantizedMultiplier(self, multiplier, shift)
    }
}

extension Int64: Accumulator16x8 {
    @inlinable @inline(__always) public static func widen(_ product: Int32) -> Int64 { Int64(product) }
    @inlinable @inline(__always) public static func bias(_ bias: UnsafeRawPointer, _ index: Int) -> Int64 {
        bias.loadUnaligned(fromByteOffset: index &* 8, as: Int64.self)
    }
    @inlinable @inline(__always) public func scaled(_ multiplier: Int32, _ shift: Int32) -> Int32 {
        multiplyByQuantizedMultiplier(self, multiplier, shift)
    }
}

/// Which arithmetic a quantized convolution or FULLY_CONNECTED runs, chosen at prepare.
public enum QuantizedArithmetic: BitwiseCopyable, Equatable {
    /// int8 activations, int32 sums.
    case int8
    /// 16x8 with int32 sums (an int32 bias).
    case int16x8Narrow
    /// 16x8 with int64 sums (an int64 bias, or none).
    case int16x8Wide

    var isInt16: Bool { self != .int8 }
    var typeRange: QuantizedActivationRange { self == .int8 ? .int8 : .int16 }
}
