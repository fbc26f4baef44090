// Typed failures of kernel preparation (and the few data-dependent checks TFLM makes at invoke).
// Every case is a place where TFLM's prepare fails or where TFLM aborts (CHECK / live DCHECK)
// or would run into undefined behaviour; Kinglet reports it instead.

public enum KernelError: Error, Sendable {
    /// A scale is NaN, infinite, zero or negative where TFLM needs a usable positive value.
    case invalidScale(name: StaticString, value: Float)
    /// A real multiplier cannot be quantized the way TFLM requires (NaN/inf, or outside the
    /// range a `QuantizeMultiplier*` variant CHECKs).
    case multiplierOutOfRange(name: StaticString, value: Double)
    /// An option or quantization parameter has a value the TFLM kernel rejects.
    case unsupportedParameter(name: StaticString, value: Int)
    /// A zero point differs from the one TFLM requires.
    case zeroPointMismatch(name: StaticString, expected: Int32, actual: Int32)
    /// Two scales that TFLM requires to agree do not (within its tolerance).
    case quantizationMismatch(name: StaticString, expected: Float, actual: Float)
    /// A dimension does not match what the operator requires.
    case shapeMismatch(name: StaticString, expected: Int, actual: Int)
    /// The fused activation bounds do not fit in int32 after quantization (TFLM prepare fails).
    case activationRangeOverflow(value: Float, scale: Float)
    /// Softmax: the reciprocal's exponent left [0, 31] (TFLM's TFLITE_CHECK aborts); this
    /// happens for int8 output when the row's fixed-point exp sum reaches 512.
    case softmaxExponentOutOfRange(exponent: Int)
}

extension KernelError {
    /// Human-readable description for the command-line tool (not for hot paths).
    public var message: String {
        switch self {
        case let .invalidScale(name, value):
            return "invalid scale for " + text(name) + ": " + formatDecimal(Double(value))
        case let .multiplierOutOfRange(name, value):
            return "multiplier " + text(name) + " out of range: " + formatDecimal(value)
        case let .unsupportedParameter(name, value):
            return "unsupported " + text(name) + ": " + String(value)
        case let .zeroPointMismatch(name, expected, actual):
            return "zero point " + text(name) + " must be " + String(expected) + ", got " + String(actual)
        case let .quantizationMismatch(name, expected, actual):
            return "scale " + text(name) + " must be " + formatDecimal(Double(expected)) + ", got "
                + formatDecimal(Double(actual))
        case let .shapeMismatch(name, expected, actual):
            return "shape mismatch in " + text(name) + ": expected " + String(expected) + ", got " + String(actual)
        case let .activationRangeOverflow(value, scale):
            return "activation bound " + formatDecimal(Double(value)) + " overflows int32 at scale "
                + formatDecimal(Double(scale))
        case let .softmaxExponentOutOfRange(exponent):
            return "softmax reciprocal exponent " + String(exponent) + " outside [0, 31] (exp sum too large)"
        }
    }
}

private func text(_ name: StaticString) -> String {
    name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
}

/// Scientific rendering with 9 significant digits, without Foundation or Double.description
/// (unavailable in Embedded Swift). Only for messages.
func formatDecimal(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    var magnitude = value.magnitude
    var exponent = 0
    while magnitude >= 10 { magnitude /= 10; exponent += 1 }
    while magnitude < 1 { magnitude *= 10; exponent -= 1 }
    var digits = UInt64((magnitude * 100_000_000).rounded())
    if digits >= 1_000_000_000 { digits /= 10; exponent += 1 }
    let digitText = String(digits)
    var result = value < 0 ? "-" : ""
    result += String(digitText.prefix(1)) + "." + String(digitText.dropFirst())
    if exponent != 0 { result += "e" + String(exponent) }
    return result
}
