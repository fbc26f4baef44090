// SOFTMAX with int8 input and int8 or int16 output (TFLM: micro/kernels/softmax*.cc,
// reference/softmax.h). Fixed-point exp via gemmlowp, no lookup table (desktop TFLite differs).

public struct Softmax: BitwiseCopyable {
    /// The exp input is Q5.26; the exp sum accumulates in Q12.19.
    static let scaledDiffIntegerBits: Int32 = 5
    static let accumulationIntegerBits: Int32 = 12

    public enum OutputType: BitwiseCopyable, Sendable { case int8, int16 }

    public private(set) var inputMultiplier, inputLeftShift: Int32
    /// Differences (x - row max) below this contribute nothing and output the minimum.
    public private(set) var diffMin: Int32
    public private(set) var outputType: OutputType
    public private(set) var rowCount, depth: Int

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

// SOFTMAX int16 -> int16 (M/softmax_common.cc InitializeLutForInt16 and CalculateSoftmaxParams,
// R/softmax.h SoftmaxInt16, the LUT helpers of internal/common.h). Two 513-entry int16 tables built
// at prepare (in the persistent arena, as TFLM's AllocatePersistentBuffer):
//   exp:      LUTPopulate(input_scale 10/65535, zp 32767, output_scale 2/65535, zp 0, expf)
//   1/(1+x):  LUTPopulate(input_scale 1/65535, zp -32768, output_scale 2/65535, zp 0, 1 / (1 + x))
// LUTPopulate<int16_t> in float32 (FloatT = float, roundf): 512 samples of the input range, each
// biased by half the error of linear interpolation at the step's midpoint, plus the last value.
// Prepare checks: input and output zero points 0, output scale within 0.001/32768 of 1/32768;
// multiplier QuantizeMultiplier(double(in_s) * double(beta) / (10.0 / 65535.0)).
// Eval per row: max; exp[c] = LUT(clamp16(MBQM(x - max) + 32767)), kept in the output row; their int32
// sum s; h = clz(s); r = LUT1(clamp16(((s << (h - 1)) + 2^13 >> 14) - 98304)); out = clamp(0, 32767,
// (exp[c] * r + 2^(30 - h)) >> (31 - h)) in int64.

/// Prepared int16 -> int16 SOFTMAX; its tables live in arena storage the caller provides.
public struct Int16Softmax: BitwiseCopyable {
    /// Entries per table (TFLM's LUTSize<int16_t>()).
    public static let tableSize = 513

    public let inputMultiplier: QuantizedMultiplier
    public let rowCount: Int
    public let depth: Int
    /// `tableSize` words: the exp table in the low 16 bits, the 1/(1+x) table in the high 16 bits.
    @usableFromInline let tables: UnsafeMutablePointer<Int32>

    /// - Parameter tables: `tableSize` words of persistent storage, filled here.
    public init(
        beta: Float, inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        inputElementCount: Int, depth: Int, outputElementCount: Int, outputDepth: Int,
        tables: UnsafeMutableBufferPointer<Int32>
    ) throws(KernelError) {
        guard depth > 0 || inputElementCount == 0, depth >= 0, inputElementCount >= 0 else {
            throw .unsupportedParameter(name: "softmax depth", value: depth)
        }
        guard outputDepth == depth, outputElementCount == inputElementCount else {
            throw .shapeMismatch(
                name: "softmax output elements", expected: inputElementCount, actual: outputElementCount)
        }
        guard inputZeroPoint == 0 else {
            throw .zeroPointMismatch(name: "softmax int16 input", expected: 0, actual: inputZeroPoint)
        }
        guard outputZeroPoint == 0 else {
            throw .zeroPointMismatch(name: "softmax int16 output", expected: 0, actual: outputZeroPoint)
        }
        // TF_LITE_ENSURE_NEAR in float.
        let expected: Float = 1.0 / 32768
        let delta = outputScale > expected ? outputScale - expected : expected - outputScale
        guard !(delta > 0.001 * 1.0 / 32768) else {
            throw .quantizationMismatch(name: "softmax int16 output", expected: expected, actual: outputScale)
        }
        guard tables.count >= Int16Softmax.tableSize, let base = tables.baseAddress else {
            throw .unsupportedParameter(name: "softmax table size", value: tables.count)
        }
        let real = Double(inputScale) * Double(beta) / (10.0 / 65535.0)
        let quantized = try quantizeMultiplier(real, name: "softmax int16 input*beta")
        // MultiplyByQuantizedMultiplier's x * (1 << shift) is undefined past 31.
        guard quantized.shift <= 31 else { throw .multiplierOutOfRange(name: "softmax int16 input*beta", value: real) }
        inputMultiplier = quantized
        self.depth = depth
        rowCount = depth == 0 ? 0 : inputElementCount / depth
        self.tables = base

        let range: Int32 = 65535  // int16 max - min, an int in TFLM
        for index in 0..<Int16Softmax.tableSize { base[index] = 0 }
        populateInt16Table(
            inputScale: 10.0 / Float(range), inputZeroPoint: 32767, outputScale: 2.0 / Float(range), shift: 0,
            into: base, transform: referenceExpf)
        populateInt16Table(
            inputScale: 1.0 / Float(range), inputZeroPoint: -32768, outputScale: 2.0 / Float(range), shift: 16,
            into: base, transform: { 1.0 / (1.0 + $0) })
    }

    public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>) {
        for row in 0..<rowCount {
            let x = input + row * depth, y = output + row * depth
            var maximum = Int16.min
            for index in 0..<depth where x[index] > maximum { maximum = x[index] }
            // The exps go to the output row first, as TFLM caches them there.
            var sumOfExps: Int32 = 0  // Q16.15, int32 additions
            for index in 0..<depth {
                let scaled = inputMultiplier.apply(Int32(x[index]) - Int32(maximum))
                let symmetric = saturatingInt16(scaled &+ 32767)
                let value = lookUpInt16(symmetric, tables, shift: 0)
                y[index] = value
                sumOfExps &+= Int32(value)
            }
            let headroomPlusOne = Int64(UInt32(bitPattern: sumOfExps).leadingZeroBitCount)
            // Smart shifts: a sum that wrapped negative (TFLM: undefined) cannot trap here.
            let shiftedSum = Int32(truncatingIfNeeded: ((Int64(sumOfExps) << (headroomPlusOne - 1)) + (1 << 13)) >> 14)
            let reciprocal = lookUpInt16(saturatingInt16(shiftedSum &- ((1 << 15) + (1 << 16))), tables, shift: 16)
            let rightShift = 31 - headroomPlusOne
            let round = Int64(Int32(truncatingIfNeeded: Int64(1) << (rightShift - 1)))
            for index in 0..<depth {
                let product = Int64(y[index]) * Int64(reciprocal) + round
                let result = Int32(truncatingIfNeeded: product >> rightShift)
                y[index] = Int16(min(max(result, 0), 32767))
            }
        }
    }
}

@inlinable
func saturatingInt16(_ value: Int32) -> Int16 { Int16(min(max(value, -32768), 32767)) }

/// TFLM's int16 LUTLookup: 9 index bits, 7 bits of linear interpolation, on the table in bits
/// `shift`..<`shift + 16` of `tables` (a pointer, not a closure: nothing may allocate in invoke).
@inlinable
func lookUpInt16(_ value: Int16, _ tables: UnsafeMutablePointer<Int32>, shift: Int32) -> Int16 {
    let index = Int(256 + (Int32(value) >> 7))  // 0...511
    let offset = Int32(value & 0x7F)
    let base = Int16(truncatingIfNeeded: tables[index] >> shift)
    let next = Int16(truncatingIfNeeded: tables[index + 1] >> shift)
    let slope = Int16(truncatingIfNeeded: Int32(next) - Int32(base))  // stored as int16_t
    let delta = (Int32(slope) * offset + 64) >> 7
    return Int16(truncatingIfNeeded: Int32(base) + delta)
}

/// TFLM's LUTPopulate<int16_t> (FloatT = float) with output zero point 0, writing its 513 values
/// into bits `shift`..<`shift + 16` of `table`.
func populateInt16Table(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, shift: UInt32,
    into table: UnsafeMutablePointer<Int32>, transform: (Float) -> Float
) {
    let inputMin = inputScale * Float(-32768 - inputZeroPoint)
    let inputMax = inputScale * Float(32767 - inputZeroPoint)
    let outputMin = outputScale * Float(-32768)
    let outputMax = outputScale * Float(32767)
    let steps = 512
    let step = (inputMax - inputMin) / Float(steps)
    let halfStep = step / 2
    let scalingInverse = Float(65536) / (outputMax - outputMin)
    func round(_ x: Float) -> Float { x.rounded(.toNearestOrAwayFromZero) }
    func store(_ index: Int, _ value: Float) {
        // std::min(std::max(v, -32768), 32767), then the int16 conversion (NaN: clamped by min/max order).
        let clamped = min(max(value, -32768), 32767)
        let bits = UInt32(UInt16(bitPattern: Int16(clamped.isNaN ? 32767 : clamped)))
        let kept = UInt32(bitPattern: table[index]) & ~(UInt32(0xFFFF) << shift)
        table[index] = Int32(bitPattern: kept | (bits << shift))
    }
    for index in 0..<steps {
        let value = transform(inputMin + Float(index) * step)
        let midpoint = transform(inputMin + Float(index) * step + halfStep)
        let next = transform(inputMin + Float(index + 1) * step)
        let sample = round(value * scalingInverse)
        let interpolated = round((next * scalingInverse + round(value * scalingInverse)) / 2)
        let exact = round(midpoint * scalingInverse)
        let bias = round((interpolated - exact) / 2)
        store(index, sample - bias)
    }
    store(steps, round(transform(inputMax) * scalingInverse))
}
