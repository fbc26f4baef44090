// PAD and PADV2 (M/pad.cc, M/pad_common.cc, R/pad.h), int8, int16, int32 and float32.
//
// TFLM prepare: input rank <= 5; paddings is a constant int32 tensor with 2 * output-rank
// values [before, after] per dimension; every output dim must equal input + before + after.
// Pad value: PAD uses the output zero point for int8 (which must fit int8) and 0 for float;
// PADV2's constant_values (one element, same type) is used instead — for int8 its scale and zero
// point must equal the output's. int16 and int32 PAD pad with 0 — not the output zero point —
// and PADV2's constant_values for them is taken as stored, its quantization unchecked (PadPrepare
// checks only int8). No requantization: input and output scales are not compared.
//
// Eval (R/pad.h PadImpl) extends both shapes to 5-D and walks the output in order, writing the
// pad value at positions before `before` or at/after `out - after` in any dimension, and
// otherwise the next input element. Kinglet does the same walk one innermost row at a time.
// With negative paddings (which the checks above let through) TFLM's walk does not crop but
// copies the first input elements in order; the row walk reproduces that too, and it never reads
// more than the input holds.

/// Prepared PAD/PADV2: geometry plus the pad value.
public struct Pad: BitwiseCopyable {
    public static let maxRank = 5

    @usableFromInline var output: Shape  // extended to 5-D
    @usableFromInline var before: Shape  // clamped to >= 0, extended to 5-D
    @usableFromInline var after: Shape  // clamped to >= 0, extended to 5-D
    /// The pad value's bits: an Int8 or Int16 in the low bytes, or an Int32's or Float's bit pattern.
    @usableFromInline let padValueBits: UInt32
    /// 1 for int8, 2 for int16, 4 for int32 and float32.
    public let elementByteSize: Int

    /// PAD/PADV2 for int8.
    /// - Parameters:
    ///   - paddings: the raw bytes of the constant int32 paddings tensor (little-endian).
    ///   - constantValue: PADV2's constant_values element, `nil` for PAD.
    public static func int8(
        input: Shape, paddings: UnsafeRawBufferPointer, output: Shape,
        outputScale: Float, outputZeroPoint: Int32,
        constantValue: Int8? = nil, constantScale: Float = 0, constantZeroPoint: Int32 = 0
    ) throws(KernelError) -> Pad {
        let value: Int8
        if let constantValue {
            guard constantZeroPoint == outputZeroPoint else {
                throw .zeroPointMismatch(
                    name: "pad constant_values", expected: outputZeroPoint, actual: constantZeroPoint)
            }
            // TF_LITE_ENSURE_EQ on the scales widened to double: exact equality.
            guard Double(constantScale) == Double(outputScale) else {
                throw .quantizationMismatch(
                    name: "pad constant_values scale", expected: outputScale, actual: constantScale)
            }
            value = constantValue
        } else {
            guard outputZeroPoint >= -128, outputZeroPoint <= 127 else {
                throw .unsupportedParameter(name: "pad output zero point", value: Int(outputZeroPoint))
            }
            value = Int8(outputZeroPoint)
        }
        return try Pad(
            input: input, paddings: paddings, output: output,
            padValueBits: UInt32(UInt8(bitPattern: value)), elementByteSize: 1)
    }

    /// PAD/PADV2 for int16 or int32 (`elementByteSize` 2 or 4); `constantValue` is PADV2's
    /// constant_values element widened to int32 (`nil`: 0, whatever the output zero point).
    public static func integer(
        input: Shape, paddings: UnsafeRawBufferPointer, output: Shape, elementByteSize: Int,
        constantValue: Int32? = nil
    ) throws(KernelError) -> Pad {
        guard elementByteSize == 2 || elementByteSize == 4 else {
            throw .unsupportedParameter(name: "pad element size", value: elementByteSize)
        }
        return try Pad(
            input: input, paddings: paddings, output: output,
            padValueBits: UInt32(bitPattern: constantValue ?? 0), elementByteSize: elementByteSize)
    }

    /// PAD/PADV2 for float32; `constantValue` is PADV2's constant_values element (`nil`: 0).
    public static func float32(
        input: Shape, paddings: UnsafeRawBufferPointer, output: Shape, constantValue: Float? = nil
    ) throws(KernelError) -> Pad {
        let value: Float = constantValue ?? 0
        return try Pad(
            input: input, paddings: paddings, output: output,
            padValueBits: value.bitPattern, elementByteSize: 4)
    }

    init(
        input: Shape, paddings: UnsafeRawBufferPointer, output outputShape: Shape,
        padValueBits: UInt32, elementByteSize: Int
    ) throws(KernelError) {
        guard input.rank <= Pad.maxRank else { throw .unsupportedParameter(name: "pad rank", value: input.rank) }
        guard outputShape.rank == input.rank else {
            throw .shapeMismatch(name: "pad output rank", expected: input.rank, actual: outputShape.rank)
        }
        guard paddings.count == outputShape.rank * 2 * 4 else {
            throw .shapeMismatch(name: "pad paddings count", expected: outputShape.rank * 2, actual: paddings.count / 4)
        }
        _ = try input.checkedElementCount()
        _ = try outputShape.checkedElementCount()
        self.padValueBits = padValueBits
        self.elementByteSize = elementByteSize
        output = Shape()
        before = Shape()
        after = Shape()
        for _ in 0..<(Pad.maxRank - input.rank) {
            try output.append(1)
            try before.append(0)
            try after.append(0)
        }
        for index in 0..<input.rank {
            let left = Int(loadInt32LittleEndian(paddings, 2 * index))
            let right = Int(loadInt32LittleEndian(paddings, 2 * index + 1))
            // In 64 bits: |sum| < 2^33 cannot overflow (Int is 32 bits on Cortex-M).
            let expected = Int64(input[index]) + Int64(left) + Int64(right)
            guard Int64(outputShape[index]) == expected else {
                throw .shapeMismatch(
                    name: "pad output dimension", expected: Int(truncatingIfNeeded: expected),
                    actual: outputShape[index])
            }
            try output.append(outputShape[index])
            // Negative paddings never trigger TFLM's pad conditions: same as 0 here.
            try before.append(max(left, 0))
            try after.append(max(right, 0))
        }
    }

    /// Invoke for int8, int16, int32 or float32 tensors (pad value from prepare).
    @inlinable
    public func invoke<T: PadFillElement>(input: UnsafePointer<T>, output outputData: UnsafeMutablePointer<T>) {
        precondition(elementByteSize == MemoryLayout<T>.size, "Pad prepared for another element type")
        run(input: input, output: outputData, padValue: T(padValueBits: padValueBits))
    }

    /// The walk itself, for any element type and an explicit pad value (for a runtime that reads
    /// a non-constant constant_values tensor at invoke, as TFLM does).
    @inlinable
    public func run<T: BitwiseCopyable>(
        input: UnsafePointer<T>, output outputData: UnsafeMutablePointer<T>, padValue: T
    ) {
        var source = input
        var destination = outputData
        let depth = output[4]
        let copyStart = min(before[4], depth)
        let copyEnd = max(depth - after[4], copyStart)
        for b in 0..<output[0] {
            let padB = b < before[0] || b >= output[0] - after[0]
            for p in 0..<output[1] {
                let padP = padB || p < before[1] || p >= output[1] - after[1]
                for h in 0..<output[2] {
                    let padH = padP || h < before[2] || h >= output[2] - after[2]
                    for w in 0..<output[3] {
                        if padH || w < before[3] || w >= output[3] - after[3] {
                            destination.update(repeating: padValue, count: depth)
                        } else {
                            destination.update(repeating: padValue, count: copyStart)
                            (destination + copyStart).update(from: source, count: copyEnd - copyStart)
                            source += copyEnd - copyStart
                            (destination + copyEnd).update(repeating: padValue, count: depth - copyEnd)
                        }
                        destination += depth
                    }
                }
            }
        }
    }
}

/// An element type PAD fills with its prepared pad value: the value's low bytes.
public protocol PadFillElement: BitwiseCopyable {
    init(padValueBits: UInt32)
}

extension Int8: PadFillElement {
    @inlinable public init(padValueBits: UInt32) { self.init(truncatingIfNeeded: padValueBits) }
}
extension Int16: PadFillElement {
    @inlinable public init(padValueBits: UInt32) { self.init(truncatingIfNeeded: Int32(bitPattern: padValueBits)) }
}
extension Int32: PadFillElement {
    @inlinable public init(padValueBits: UInt32) { self.init(bitPattern: padValueBits) }
}
extension Float: PadFillElement {
    @inlinable public init(padValueBits: UInt32) { self.init(bitPattern: padValueBits) }
}
