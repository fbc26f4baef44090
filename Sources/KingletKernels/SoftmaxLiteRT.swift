// SOFTMAX with int8 input and int8 or int16 output, with the arithmetic of LiteRT's optimized kernel
// (kernels/activations.cc SoftmaxPrepare and SoftmaxQuantized; optimized_ops.h
// PopulateSoftmaxLookupTable and Softmax<In, Out>), as Larq Compute Engine's x86 interpreter runs it
// (docs/binarized.md, tools/bnn/int8_ops.py). Its int8 -> int8 LUT kernel (SoftmaxInt8LUT) is
// built only for AArch64 with clang, so x86 takes the float table. All float32:
//   prepare: s = -input_scale * beta; table[255 - d] = expf(s * d) for d in 0...255 (glibc's expf:
//            referenceExpf), a 256-float table in the arena
//   per row: m = row max; e_j = table[255 - (m - x_j)]; sum = e_0 + e_1 + ... in order;
//            inv = 1 / (sum * output_scale); out_j = clamp(Int32(roundf(e_j * inv)) + zo)
// with the conversion of x86's cvttss2si (out of range or NaN: Int32.min). LCE's interpreter runs
// with denormals flushed to zero, so subnormal intermediates are 0 here too. Prepare checks (LiteRT's):
// int8 output zero point -128 and scale within 0.001/256 of 1/256 (in float); int16 output none.
// TFLM instead computes a fixed-point exp (Softmax.swift); the two part by 1 now and then.

/// Prepared int8 -> int8 or int16 SOFTMAX with LiteRT's float exp table (in arena storage the
/// caller provides).
public struct SoftmaxLiteRT: BitwiseCopyable {
    /// Floats in the exp table: one per difference x - row max (0...255).
    public static let tableSize = 256

    public let outputScale: Float
    public let outputZeroPoint: Int32
    public let rowCount, depth: Int
    @usableFromInline let table: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - inputElementCount, depth: total input elements and the last input dimension (rows are
    ///     everything before it); the output must have the same.
    ///   - table: `tableSize` floats of persistent storage, filled here.
    public init(
        beta: Float, inputScale: Float, outputScale: Float, outputZeroPoint: Int32, outputType: Softmax.OutputType,
        inputElementCount: Int, depth: Int, outputElementCount: Int, outputDepth: Int,
        table: UnsafeMutableBufferPointer<Float>
    ) throws(KernelError) {
        guard depth > 0 || inputElementCount == 0, depth >= 0, inputElementCount >= 0 else {
            throw .unsupportedParameter(name: "softmax depth", value: depth)
        }
        guard outputDepth == depth else {
            throw .shapeMismatch(name: "softmax output depth", expected: depth, actual: outputDepth)
        }
        guard outputElementCount == inputElementCount else {
            throw .shapeMismatch(
                name: "softmax output elements", expected: inputElementCount, actual: outputElementCount)
        }
        guard depth == 0 || inputElementCount % depth == 0 else {
            throw .shapeMismatch(name: "softmax input elements", expected: depth, actual: inputElementCount)
        }
        if outputType == .int8 {
            guard outputZeroPoint == -128 else {
                throw .zeroPointMismatch(name: "softmax int8 output", expected: -128, actual: outputZeroPoint)
            }
            // TF_LITE_ENSURE_NEAR(scale, 1.f / 256, 0.001f * 1.f / 256), in float (NaN passes it).
            let expected: Float = 1.0 / 256
            let delta = outputScale > expected ? outputScale - expected : expected - outputScale
            guard !(delta > Float(0.001) * expected) else {
                throw .quantizationMismatch(name: "softmax int8 output", expected: expected, actual: outputScale)
            }
        }
        guard table.count >= SoftmaxLiteRT.tableSize, let base = table.baseAddress else {
            throw .unsupportedParameter(name: "softmax table size", value: table.count)
        }
        let scale = -inputScale * beta
        for difference in 0..<SoftmaxLiteRT.tableSize {
            base[SoftmaxLiteRT.tableSize - 1 - difference] = flushedSubnormal(
                referenceExpf(scale * Float(difference)))
        }
        self.outputScale = flushedSubnormal(outputScale)
        self.outputZeroPoint = outputZeroPoint
        self.depth = depth
        self.rowCount = depth == 0 ? 0 : inputElementCount / depth
        self.table = base
    }

    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        for row in 0..<rowCount {
            let offset = row &* depth
            computeRow(input + offset, minimum: Int32(Int8.min), maximum: Int32(Int8.max)) { index, value in
                output[offset &+ index] = Int8(truncatingIfNeeded: value)
            }
        }
    }

    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int16>) {
        for row in 0..<rowCount {
            let offset = row &* depth
            computeRow(input + offset, minimum: Int32(Int16.min), maximum: Int32(Int16.max)) { index, value in
                output[offset &+ index] = Int16(truncatingIfNeeded: value)
            }
        }
    }

    @inline(__always)
    private func computeRow(
        _ x: UnsafePointer<Int8>, minimum: Int32, maximum: Int32, _ store: (Int, Int32) -> Void
    ) {
        var largest = Int8.min
        for index in 0..<depth where x[index] > largest { largest = x[index] }
        // table[255 - max + x]: the difference max - x is in 0...255.
        let base = table + (SoftmaxLiteRT.tableSize - 1 - Int(largest))
        var sum: Float = 0
        for index in 0..<depth { sum = flushedSubnormal(sum + base[Int(x[index])]) }
        let inverse = flushedSubnormal(1 / flushedSubnormal(sum * outputScale))
        for index in 0..<depth {
            let scaled = flushedSubnormal(base[Int(x[index])] * inverse)
            let rounded = truncateToInt32LikeX86(scaled.rounded(.toNearestOrAwayFromZero)) &+ outputZeroPoint
            store(index, Swift.max(Swift.min(rounded, maximum), minimum))
        }
    }
}
