import KingletKernels

// The kernels' typed errors as text: rendered here, on the report side, never in the kernels.

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
