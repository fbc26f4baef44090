// Typed failures of kernel preparation (and the few data-dependent checks TFLM makes at invoke).
// Every case is a place where TFLM's prepare fails or where TFLM aborts (CHECK / live DCHECK)
// or would run into undefined behaviour; Kinglet reports it instead.

public enum KernelError: Error, Sendable {
    /// A scale is NaN, infinite, zero or negative where TFLM needs a usable positive value.
    case invalidScale(name: KernelErrorName, value: Float)
    /// A real multiplier cannot be quantized the way TFLM requires (NaN/inf, or outside the
    /// range a `QuantizeMultiplier*` variant CHECKs).
    case multiplierOutOfRange(name: KernelErrorName, value: Double)
    /// An option or quantization parameter has a value the TFLM kernel rejects.
    case unsupportedParameter(name: KernelErrorName, value: Int)
    /// A zero point differs from the one TFLM requires.
    case zeroPointMismatch(name: KernelErrorName, expected: Int32, actual: Int32)
    /// Two scales that TFLM requires to agree do not (within its tolerance).
    case quantizationMismatch(name: KernelErrorName, expected: Float, actual: Float)
    /// A dimension does not match what the operator requires.
    case shapeMismatch(name: KernelErrorName, expected: Int, actual: Int)
    /// The fused activation bounds do not fit in int32 after quantization (TFLM prepare fails).
    case activationRangeOverflow(value: Float, scale: Float)
    /// Softmax: the reciprocal's exponent left [0, 31] (TFLM's TFLITE_CHECK aborts); this
    /// happens for int8 output when the row's fixed-point exp sum reaches 512.
    case softmaxExponentOutOfRange(exponent: Int)
}

#if hasFeature(Embedded)
    /// The parameter a kernel error names. A device leaves the text out: the literals would stay in
    /// flash (one merged section the linker never trims), and a device reports errors as integers.
    public struct KernelErrorName: ExpressibleByStringLiteral, Sendable {
        @inlinable public init(stringLiteral value: StaticString) {}
    }
#else
    /// The parameter a kernel error names (host messages render it).
    public typealias KernelErrorName = StaticString
#endif

/// Requires a scale TFLM can use: finite and positive.
@inline(__always)
func checkScale(_ scale: Float, _ name: KernelErrorName) throws(KernelError) {
    guard scale.isFinite, scale > 0 else { throw .invalidScale(name: name, value: scale) }
}

/// QuantizeMultiplier for a kernel that computes `x * (1 << shift)`: a shift above 31 (a real
/// multiplier of 2^31 or more) is undefined behaviour in TFLM, so Kinglet rejects it.
@inline(__always)
func quantizeMultiplierShiftingAtMost31(
    _ real: Double, name: KernelErrorName
) throws(KernelError) -> QuantizedMultiplier {
    let quantized = try quantizeMultiplier(real, name: name)
    guard quantized.shift <= 31 else { throw .multiplierOutOfRange(name: name, value: real) }
    return quantized
}
