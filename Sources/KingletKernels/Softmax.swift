// SOFTMAX with int8 input and int8 or int16 output (TFLM: micro/kernels/softmax*.cc,
// reference/softmax.h). Fixed-point exp via gemmlowp, no lookup table (desktop TFLite differs).

public struct Softmax: BitwiseCopyable {
    /// The exp input is Q5.26; the exp sum accumulates in Q12.19.
    static let scaledDiffIntegerBits: Int32 = 5
    static let accumulationIntegerBits: Int32 = 12

    public enum OutputType: BitwiseCopyable, Sendable { case int8, int16 }

    public private(set) var inputMultiplier: Int32
    public private(set) var inputLeftShift: Int32
    /// Differences (x - row max) below this contribute nothing and output the minimum.
    public private(set) var diffMin: Int32
    public private(set) var outputType: OutputType
    public private(set) var rowCount: Int
    public private(set) var depth: Int

    /// - Parameters:
    ///   - inputElementCount, depth: total input elements and the last input dimension (rows are
    ///     everything before it); the output must have the same.
    ///   - outputScale, outputZeroPoint: int8 requires exactly (1/256, -128); int16 requires
    ///     -32768 and a scale within 0.1% of 1/65536 (TFLM's checks).
    public init(
        beta: Float, inputScale: Float,
        outputScale: Float, outputZeroPoint: Int32, outputType: OutputType,
        inputElementCount: Int, depth: Int, outputElementCount: Int, outputDepth: Int
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
        switch outputType {
        case .int8:
            guard outputZeroPoint == -128 else {
                throw .zeroPointMismatch(name: "softmax int8 output", expected: -128, actual: outputZeroPoint)
            }
            guard outputScale == 1.0 / 256 else {
                throw .quantizationMismatch(name: "softmax int8 output", expected: 1.0 / 256, actual: outputScale)
            }
        case .int16:
            guard outputZeroPoint == -32768 else {
                throw .zeroPointMismatch(name: "softmax int16 output", expected: -32768, actual: outputZeroPoint)
            }
            // TF_LITE_ENSURE_NEAR in float.
            let expected: Float = 1.0 / 65536
            let delta = outputScale > expected ? outputScale - expected : expected - outputScale
            guard !(delta > 0.001 * 1.0 / 65536) else {
                throw .quantizationMismatch(name: "softmax int16 output", expected: expected, actual: outputScale)
            }
        }
        // PreprocessSoftmaxScaling: beta * scale * 2^26 in double, capped at 2^31 - 1 (std::min
        // order, so NaN passes through and is rejected below).
        let maximum = Double(Int32.max)
        let real = Double(beta) * Double(inputScale) * Double(1 << (31 - Softmax.scaledDiffIntegerBits))
        let capped = maximum < real ? maximum : real
        // QuantizeMultiplierGreaterThanOne aborts in TFLM unless this exceeds 1, that is unless
        // beta * input_scale > 2^-26 (tiny logits of untrained networks trip it).
        let quantized = try quantizeMultiplierGreaterThanOne(capped, name: "softmax beta*input_scale*2^26")
        // CalculateInputRadius(5, shift): floor(31 * 2^26 / 2^shift).
        let radius =
            (Double((1 << Softmax.scaledDiffIntegerBits) - 1)
            * Double(Int64(1) << (31 - Softmax.scaledDiffIntegerBits))
            / Double(Int64(1) << Int64(quantized.shift))).rounded(.down)
        self.inputMultiplier = quantized.multiplier
        self.inputLeftShift = quantized.shift
        self.diffMin = -Int32(radius)
        self.outputType = outputType
        self.depth = depth
        self.rowCount = depth == 0 ? 0 : inputElementCount / depth
    }

    /// int8 output; `outputType` must be `.int8`. Throws where TFLM's TFLITE_CHECK aborts: a row
    /// whose fixed-point exp sum reaches 512.
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) throws(KernelError) {
        for row in 0..<rowCount {
            let offset = row * depth
            try computeRow(input + offset, outputBits: 8) { index, value in
                output[offset + index] = Int8(truncatingIfNeeded: value)
            }
        }
    }

    /// int16 output; `outputType` must be `.int16`.
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int16>) throws(KernelError) {
        for row in 0..<rowCount {
            let offset = row * depth
            try computeRow(input + offset, outputBits: 16) { index, value in
                output[offset + index] = Int16(truncatingIfNeeded: value)
            }
        }
    }

    @inline(__always)
    private func scaledExp(_ difference: Int32) -> Int32 {
        let rescaled = multiplyByQuantizedMultiplierGreaterThanOne(difference, inputMultiplier, inputLeftShift)
        return expOnNegativeValues(rescaled, integerBits: Softmax.scaledDiffIntegerBits)
    }

    @inline(__always)
    private func computeRow(
        _ input: UnsafePointer<Int8>, outputBits: Int32, _ store: (Int, Int32) -> Void
    ) throws(KernelError) {
        var maximum = Int8.min
        for index in 0..<depth where input[index] > maximum { maximum = input[index] }
        let rowMaximum = Int32(maximum)

        // Sum in Q12.19 with plain int32 additions (they wrap past 4096 maximal terms, as in TFLM).
        var sumOfExps: Int32 = 0
        for index in 0..<depth {
            let difference = Int32(input[index]) - rowMaximum
            if difference >= diffMin {
                sumOfExps &+= rescaleFixedPoint(
                    scaledExp(difference), from: 0, to: Softmax.accumulationIntegerBits)
            }
        }

        // GetReciprocal: normalise the sum to [1, 2), take 1 / (1 + x) in Q0.31.
        let headroomPlusOne = Int32(UInt32(bitPattern: sumOfExps).leadingZeroBitCount)
        let bitsOverUnit = Softmax.accumulationIntegerBits - headroomPlusOne
        let shiftedSumMinusOne = Int32(
            bitPattern: (UInt32(bitPattern: sumOfExps) << UInt32(headroomPlusOne)) &- (UInt32(1) << 31))
        let shiftedScale = oneOverOnePlusXForXIn01(shiftedSumMinusOne)
        let exponent = bitsOverUnit + 31 - outputBits
        guard exponent >= 0 && exponent <= 31 else { throw .softmaxExponentOutOfRange(exponent: Int(exponent)) }

        let outputMinimum: Int32 = outputBits == 8 ? Int32(Int8.min) : Int32(Int16.min)
        let outputMaximum: Int32 = outputBits == 8 ? Int32(Int8.max) : Int32(Int16.max)
        for index in 0..<depth {
            let difference = Int32(input[index]) - rowMaximum
            if difference >= diffMin {
                let unsaturated = roundingDivideByPOT(
                    saturatingRoundingDoublingHighMul(shiftedScale, scaledExp(difference)), exponent)
                store(index, Swift.max(Swift.min(unsaturated + outputMinimum, outputMaximum), outputMinimum))
            } else {
                store(index, outputMinimum)
            }
        }
    }
}
