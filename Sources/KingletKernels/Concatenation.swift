// CONCATENATION (M/concatenation.cc, R/concatenation.h): a byte copy, for any element type.
//
// TFLM prepare: fused activation must be NONE; at most 10 inputs; every input has the output's
// type and rank <= 6; for int8 every input's scale (compared as double) and zero point must equal
// the output's exactly. axis < 0 means rank + axis. The reference kernel then DCHECKs (live in
// TFLM's build, i.e. aborts) that ranks match, that every non-axis dimension matches the output
// and that the axis extents add up — Kinglet reports those as errors at prepare.
// Eval: for each outer index (product of dims before axis), each input in order contributes
// one contiguous run of axis_i * inner elements.

/// Prepared CONCATENATION. Build with `init`, then `appendInput` once per input in operator
/// order, then `finish()`; invoke with `copyInput` for each input (any order).
public struct Concatenation: BitwiseCopyable {
    public static let maxInputs = 10

    /// Resolved (non-negative) axis.
    public let axis: Int
    /// Number of inputs appended so far.
    public private(set) var inputCount: Int
    @usableFromInline let output: Shape
    @usableFromInline let elementByteSize: Int
    @usableFromInline var outerCount: Int
    @usableFromInline var innerByteCount: Int  // bytes of one step along the axis
    @usableFromInline var axisExtents: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)
    let isQuantized: Bool
    let outputScale: Float
    let outputZeroPoint: Int32

    /// - Parameters:
    ///   - axis: the option's axis (negative counts from the back of the output's rank).
    ///   - activation: the fused activation option; TFLM requires NONE.
    ///   - elementByteSize: 1 for int8, 4 for float32 (any fixed-size type works).
    ///   - quantized: `true` for int8: inputs must then share `outputScale` and `outputZeroPoint`.
    public init(
        outputShape: Shape, axis: Int32, activation: FusedActivation = .none, elementByteSize: Int,
        quantized: Bool, outputScale: Float = 0, outputZeroPoint: Int32 = 0
    ) throws(KernelError) {
        guard case .none = activation else { throw .unsupportedParameter(name: "concatenation activation", value: 1) }
        guard elementByteSize > 0 else { throw .unsupportedParameter(name: "element size", value: elementByteSize) }
        let resolved = try Shape.resolvedAxis(axis, rank: outputShape.rank, name: "concatenation axis")
        self.axis = resolved
        self.output = outputShape
        self.elementByteSize = elementByteSize
        self.isQuantized = quantized
        self.outputScale = outputScale
        self.outputZeroPoint = outputZeroPoint
        inputCount = 0
        axisExtents = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        _ = try outputShape.checkedElementCount()
        (outerCount, innerByteCount) = try outputShape.blocks(around: resolved, elementByteSize: elementByteSize)
    }

    /// Adds the next input (operator order). `scale`/`zeroPoint` are only checked when quantized.
    public mutating func appendInput(shape: Shape, scale: Float = 0, zeroPoint: Int32 = 0) throws(KernelError) {
        guard inputCount < Concatenation.maxInputs else {
            throw .unsupportedParameter(name: "concatenation inputs", value: inputCount + 1)
        }
        if isQuantized {
            // TF_LITE_ENSURE_EQ on the scales widened to double: exact equality (NaN never equal).
            guard Double(scale) == Double(outputScale) else {
                throw .quantizationMismatch(name: "concatenation input scale", expected: outputScale, actual: scale)
            }
            guard zeroPoint == outputZeroPoint else {
                throw .zeroPointMismatch(name: "concatenation input", expected: outputZeroPoint, actual: zeroPoint)
            }
        }
        guard shape.rank == output.rank else {
            throw .shapeMismatch(name: "concatenation input rank", expected: output.rank, actual: shape.rank)
        }
        for index in 0..<output.rank where index != axis && shape[index] != output[index] {
            throw .shapeMismatch(name: "concatenation input dimension", expected: output[index], actual: shape[index])
        }
        setExtent(inputCount, shape[axis])
        inputCount += 1
    }

    /// Checks that at least one input was added and the axis extents sum to the output's.
    public func finish() throws(KernelError) {
        guard inputCount > 0 else { throw .unsupportedParameter(name: "concatenation inputs", value: 0) }
        var total = 0
        for index in 0..<inputCount { total += extent(index) }
        guard total == output[axis] else {
            throw .shapeMismatch(name: "concatenation axis total", expected: output[axis], actual: total)
        }
    }

    /// Copies input `index`'s data into its slices of the output. Calling it for every input
    /// produces TFLM's output (the slices are disjoint, so order does not matter).
    @inlinable
    public func copyInput(_ index: Int, from input: UnsafeRawPointer, to outputData: UnsafeMutableRawPointer) {
        precondition(index >= 0 && index < inputCount, "input index out of range")
        var offset = 0
        for previous in 0..<index { offset &+= extent(previous) }
        let runBytes = extent(index) &* innerByteCount
        copyRuns(
            outerCount, of: runBytes, from: input, stride: runBytes,
            to: outputData + offset &* innerByteCount, stride: output[axis] &* innerByteCount)
    }

    /// Axis extent of input `index`.
    @inlinable
    public func extent(_ index: Int) -> Int {
        switch index {
        case 0: return Int(axisExtents.0)
        case 1: return Int(axisExtents.1)
        case 2: return Int(axisExtents.2)
        case 3: return Int(axisExtents.3)
        case 4: return Int(axisExtents.4)
        case 5: return Int(axisExtents.5)
        case 6: return Int(axisExtents.6)
        case 7: return Int(axisExtents.7)
        case 8: return Int(axisExtents.8)
        default: return Int(axisExtents.9)
        }
    }

    private mutating func setExtent(_ index: Int, _ value: Int) {
        let value = Int32(value)  // a Shape dimension: fits
        switch index {
        case 0: axisExtents.0 = value
        case 1: axisExtents.1 = value
        case 2: axisExtents.2 = value
        case 3: axisExtents.3 = value
        case 4: axisExtents.4 = value
        case 5: axisExtents.5 = value
        case 6: axisExtents.6 = value
        case 7: axisExtents.7 = value
        case 8: axisExtents.8 = value
        default: axisExtents.9 = value
        }
    }
}
