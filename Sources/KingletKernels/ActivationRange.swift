// Fused activation clamp ranges (tensorflow/lite/kernels/kernel_util.{h,cc}).

/// TFLite's fused activation option. Flatbuffer values: NONE 0, RELU 1, RELU_N1_TO_1 2, RELU6 3,
/// TANH 4, SIGN_BIT 5.
public enum FusedActivation: BitwiseCopyable, Sendable {
    case none, relu, reluN1To1, relu6, tanh, signBit

    /// Maps the flatbuffer enum value; nil for values the schema does not define.
    public init?(flatbufferValue: Int) {
        switch flatbufferValue {
        case 0: self = .none
        case 1: self = .relu
        case 2: self = .reluN1To1
        case 3: self = .relu6
        case 4: self = .tanh
        case 5: self = .signBit
        default: return nil
        }
    }
}

/// Inclusive clamp bounds for a quantized output.
public struct QuantizedActivationRange: BitwiseCopyable, Equatable, Sendable {
    public var min: Int32
    public var max: Int32

    public init(min: Int32, max: Int32) {
        self.min = min
        self.max = max
    }

    public static let int8 = QuantizedActivationRange(min: -128, max: 127)
    public static let int16 = QuantizedActivationRange(min: -32768, max: 32767)

    /// TFLM's order: max with the lower bound first, then min with the upper bound. When a
    /// malformed zero point makes min > max, TFLM's release build (DCHECKs off) yields max.
    @inlinable @inline(__always)
    public func clamp(_ value: Int32) -> Int32 {
        Swift.min(Swift.max(value, min), max)
    }
}

/// CalculateActivationRangeQuantized: bound = zeroPoint + Int32(roundf(realBound / scale)), all in
/// Float as TFLM does; RELU/RELU6/RELU_N1_TO_1 narrow `typeRange`, other activations keep it.
/// Throws where TFLM's prepare fails: the rounded quotient is NaN or outside int32.
public func quantizedActivationRange(
    _ activation: FusedActivation, outputScale: Float, outputZeroPoint: Int32,
    typeRange: QuantizedActivationRange = .int8
) throws(KernelError) -> QuantizedActivationRange {
    func quantize(_ real: Float) throws(KernelError) -> Int32 {
        let rounded = (real / outputScale).rounded(.toNearestOrAwayFromZero)
        // TFLM accepts rounded <= Float(Int32.max) == 2^31, whose int32 conversion is undefined;
        // Kinglet rejects that single value too.
        guard rounded >= -2_147_483_648.0, rounded < 2_147_483_648.0 else {
            throw .activationRangeOverflow(value: real, scale: outputScale)
        }
        return outputZeroPoint &+ Int32(rounded)  // int32 addition, wraps like TFLM's
    }
    switch activation {
    case .relu:
        return QuantizedActivationRange(min: Swift.max(typeRange.min, try quantize(0)), max: typeRange.max)
    case .relu6:
        return QuantizedActivationRange(
            min: Swift.max(typeRange.min, try quantize(0)), max: Swift.min(typeRange.max, try quantize(6)))
    case .reluN1To1:
        return QuantizedActivationRange(
            min: Swift.max(typeRange.min, try quantize(-1)), max: Swift.min(typeRange.max, try quantize(1)))
    case .none, .tanh, .signBit:
        return typeRange
    }
}

/// Float clamp bounds (CalculateActivationRange<float>): TANH and SIGN_BIT leave the full range.
public func floatActivationRange(_ activation: FusedActivation) -> (min: Float, max: Float) {
    switch activation {
    case .relu: return (0, Float.greatestFiniteMagnitude)
    case .relu6: return (0, 6)
    case .reluN1To1: return (-1, 1)
    case .none, .tanh, .signBit: return (-Float.greatestFiniteMagnitude, Float.greatestFiniteMagnitude)
    }
}

extension QuantizedActivationRange {
    /// CalculateActivationRange<int32_t>, for unquantized int32 outputs: RELU [0, max], RELU6 [0, 6],
    /// RELU_N1_TO_1 [-1, 1], others the full range.
    public init(unquantized activation: FusedActivation) {
        switch activation {
        case .relu: self.init(min: 0, max: Int32.max)
        case .relu6: self.init(min: 0, max: 6)
        case .reluN1To1: self.init(min: -1, max: 1)
        case .none, .tanh, .signBit: self.init(min: Int32.min, max: Int32.max)
        }
    }
}
