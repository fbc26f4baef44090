// The int16 input scaling TFLM's int16 LOGISTIC and TANH share (M/logistic_common.cc, M/tanh.cc);
// their eval is Int16Sigmoid.swift's int16Sigmoid / int16Tanh, whose 256-entry table
// (sigmoid_table_uint16) `tools/vectors/int16_vectors.py sigmoid_table 0 0` reads back from pip:
//   zero points 0; l = round(log2(in_s)); shift = 12 + l; a power-of-two scale (|log2 - l| < 1e-3)
//   with shift 0 (LOGISTIC) or 0/1 (TANH) takes multiplier 3 << shift and shift 0 at eval;
//   otherwise m = double(in_s) * 4096 * 3, doubled (shift + 1) while m <= 32767 / 2 and shift <= 30,
//   multiplier Int32(m) (truncated). The output scale must be 2^-15 (the same log2 check).
// TFLM's CheckedLog2 is float logf(x) * (1 / logf(2)); Kinglet takes log2 in double (no libm on
// the device), which decides the same except for scales within a float rounding of a log2 that is
// an exact half or 1e-3 away from an integer.

/// round(log2(x)) and whether x is a power of two within TFLM's 1e-3 (CheckedLog2), for finite x > 0.
func checkedLog2(_ x: Float) -> (log2: Int32, isPowerOfTwo: Bool) {
    // x = m * 2^e with m in [1, 2): log2(x) = e + ln(m) / ln(2), ln(m) = 2 atanh((m - 1) / (m + 1)).
    let e = Int32(x.exponent)
    let m = Double(x.significand)
    let z = (m - 1) / (m + 1), z2 = z * z
    var term = z, sum = 0.0
    for k in 0..<30 {
        sum += term / Double(2 * k + 1)
        term *= z2
    }
    let value = Double(e) + 2 * sum / 0.693_147_180_559_945_309_4
    let rounded = value.rounded(.toNearestOrAwayFromZero)
    return (Int32(rounded), abs(value - rounded) < 1e-3)
}

/// The int16 LOGISTIC/TANH input scaling: (multiplier, shift) as eval uses them (the power-of-two
/// case already turned into 3 << shift, shift 0).
func int16SigmoidInputScaling(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32, maxPowerOfTwoShift: Int32,
    name: KernelErrorName
) throws(KernelError) -> (multiplier: Int32, shift: Int32) {
    guard inputZeroPoint == 0 else { throw .zeroPointMismatch(name: name, expected: 0, actual: inputZeroPoint) }
    guard outputZeroPoint == 0 else { throw .zeroPointMismatch(name: name, expected: 0, actual: outputZeroPoint) }
    guard inputScale.isFinite, inputScale > 0 else { throw .invalidScale(name: name, value: inputScale) }
    guard outputScale.isFinite, outputScale > 0 else { throw .invalidScale(name: name, value: outputScale) }
    let output = checkedLog2(outputScale)
    guard output.isPowerOfTwo, output.log2 == -15 else {
        throw .quantizationMismatch(name: name, expected: 1.0 / 32768, actual: outputScale)
    }
    let input = checkedLog2(inputScale)
    let shift = 12 + input.log2
    if input.isPowerOfTwo, shift >= 0, shift <= maxPowerOfTwoShift { return (3 << shift, 0) }
    var multiplier = Double(inputScale) * 4096.0 * 3.0
    var leftShift: Int32 = 0
    while multiplier <= 32767.0 / 2.0 && leftShift <= 30 {
        leftShift += 1
        multiplier *= 2
    }
    // Past 2^16 (input scales above about 5.3) eval's int32 product x * multiplier could overflow,
    // undefined in TFLM: refused.
    guard multiplier < 65536 else { throw .invalidScale(name: name, value: inputScale) }
    return (Int32(multiplier), leftShift)
}

/// The input scaling int16 LOGISTIC and TANH prepare alike.
public struct Int16SigmoidInput: BitwiseCopyable {
    public let elementCount: Int
    public let inputMultiplier: Int32
    public let inputShift: Int32
}

/// int16 LOGISTIC or TANH: out[i] = function(x[i]) with the prepared input scaling.
public protocol Int16SigmoidKernel: BitwiseCopyable {
    var scaling: Int16SigmoidInput { get }
    init(scaling: Int16SigmoidInput)
    /// The largest power-of-two shift that takes multiplier 3 << shift, and the errors' name.
    static var scalingLimits: (maxPowerOfTwoShift: Int32, name: KernelErrorName) { get }
    /// The element function: (x, multiplier, shift) -> out.
    static var function: (Int16, Int32, Int32) -> Int16 { get }
}

extension Int16SigmoidKernel {
    public init(
        shape: Shape, inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) throws(KernelError) {
        let elementCount = try shape.checkedElementCount()
        let (multiplier, shift) = try int16SigmoidInputScaling(
            inputScale: inputScale, inputZeroPoint: inputZeroPoint, outputScale: outputScale,
            outputZeroPoint: outputZeroPoint, maxPowerOfTwoShift: Self.scalingLimits.maxPowerOfTwoShift,
            name: Self.scalingLimits.name)
        self.init(
            scaling: Int16SigmoidInput(elementCount: elementCount, inputMultiplier: multiplier, inputShift: shift))
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>) {
        let multiplier = scaling.inputMultiplier, shift = scaling.inputShift
        for index in 0..<scaling.elementCount {
            // The multiplier is never 0 here (the scaling turned a power of two into 3 << shift).
            output[index] = Self.function(input[index], multiplier, shift)
        }
    }
}
