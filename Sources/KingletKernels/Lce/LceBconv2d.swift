// LceBconv2d (LCE v0.16.0 tflite/kernels/bconv2d.cc; core/bconv2d/reference.h, output_transform.h,
// zero_padding_correction.h), as LCE's default x86 kernels compute it.
//
// Input: bitpacked [N, H, W, ceil(channels_in / 32)]; filter: bitpacked OHWI [O, KH, KW, Fw].
// groups = input words / Fw (1 when equal). For output (n, oy, ox, o):
//   accum = sum over taps (fy, fx) of sum over the group's Fw words of popcount(in XOR filter),
//           where a tap outside the input reads all-zero words (+1: "one padding")
//   Kd = KH * KW * channels_in / groups
// float or int8 output (per channel, constants in double stored as float32):
//   mult = float(-post_mul / scale), bias = float((post_bias + Kd * post_mul) / scale + zp)
//   x = clamp(2 * accum, Kd - hi, Kd - lo)       (lo, hi) = the activation's int32 range within +-Kd
//   y = float(x) * mult + bias                    two float32 roundings, no fused multiply-add
//   int8: saturate(round half away from zero(y))
// bitpacked output: bit o = accum > thresholds[o] (signed), padding bits 0.
// SAME with pad_values 0 ("zero padding"; the default kernels allow it only with float output and
// no activation, groups 1): the one-padding result plus a float correction per output pixel,
//   y += float(-post_mul[o]) * float(sum over the taps outside the input of (Cin - 2 popcount(filter[o, fy, fx])))
// (LCE's reference kernel instead adds Cin/2 per outside tap; the two differ by ~1e-6 at borders).

/// What LceBconv2d writes.
public enum LceBconv2dOutput: UInt8, BitwiseCopyable, Sendable {
    case float32, int8, bitpacked
}

/// Prepared LceBconv2d.
public struct LceBconv2d: BitwiseCopyable {
    public private(set) var input: Dims4  // words in d3
    public private(set) var filter: Dims4  // words in d3
    public private(set) var output: Dims4  // channels (float/int8) or words (bitpacked) in d3
    public private(set) var outputChannels: Int32
    public private(set) var rows: WindowAxis
    public private(set) var columns: WindowAxis
    public private(set) var groups: Int32
    public private(set) var channelsIn: Int32
    public private(set) var kd: Int32
    public private(set) var clampMin: Int32
    public private(set) var clampMax: Int32
    public private(set) var mode: LceBconv2dOutput
    public private(set) var zeroPadding: Bool
    /// The transform table (float and int8 output), in the persistent arena; set at prepare.
    public var transform: UnsafePointer<Float>?

    /// Float32 slots of the persistent transform table `invoke` reads: multipliers, biases and
    /// (zero padding) the negated post multipliers, one per output channel each.
    public var transformCount: Int { mode == .bitpacked ? 0 : 3 * Int(outputChannels) }

    /// - Parameters:
    ///   - output: the output's shape; its depth is O channels, or ceil(O/32) words when bitpacked.
    ///   - outputChannels: O, the filter's dimension 0.
    ///   - activation: the fused activation (flatbuffer value; unknown values are NONE, as in LCE).
    public init(
        input: Dims4, filter: Dims4, output: Dims4, channelsIn: Int, mode: LceBconv2dOutput, padding: Padding,
        padValues: Int, strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        activation: Int
    ) throws(KernelError) {
        guard input.isValid, filter.isValid, output.isValid else {
            throw .unsupportedParameter(name: "lce_bconv2d dimension", value: -1)
        }
        guard channelsIn > 0, channelsIn <= 1 << 24 else {
            throw .unsupportedParameter(name: "lce_bconv2d channels_in", value: channelsIn)
        }
        let inputWords = (channelsIn + 31) / 32
        guard input.d3 == inputWords else {
            throw .shapeMismatch(name: "lce_bconv2d input words", expected: inputWords, actual: input.d3)
        }
        guard filter.d3 > 0, inputWords % filter.d3 == 0 else {
            throw .shapeMismatch(name: "lce_bconv2d filter words", expected: inputWords, actual: filter.d3)
        }
        let groups = inputWords / filter.d3
        let channelsPerGroup = channelsIn / groups
        if groups > 1 {
            guard channelsIn % groups == 0, channelsPerGroup % 32 == 0 else {
                throw .unsupportedParameter(name: "lce_bconv2d channels per group", value: channelsPerGroup)
            }
        }
        let channels = filter.d0
        guard channels > 0, channels % groups == 0 else {
            throw .shapeMismatch(name: "lce_bconv2d output channels per group", expected: groups, actual: channels)
        }
        let depth = mode == .bitpacked ? (channels + 31) / 32 : channels
        guard output.d3 == depth else {
            throw .shapeMismatch(name: "lce_bconv2d output depth", expected: depth, actual: output.d3)
        }
        guard output.d0 == input.d0 else {
            throw .shapeMismatch(name: "lce_bconv2d batches", expected: input.d0, actual: output.d0)
        }
        guard padValues == 0 || padValues == 1 else {
            throw .unsupportedParameter(name: "lce_bconv2d pad_values", value: padValues)
        }
        rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filter.d1, stride: strideHeight,
            dilation: dilationHeight, name: "lce_bconv2d height")
        columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filter.d2, stride: strideWidth,
            dilation: dilationWidth, name: "lce_bconv2d width")
        try rows.checkOutputSize(output.d1, name: "lce_bconv2d output height")
        try columns.checkOutputSize(output.d2, name: "lce_bconv2d output width")
        let (taps, overflow1) = filter.d1.multipliedReportingOverflow(by: filter.d2)
        let (kd, overflow2) = taps.multipliedReportingOverflow(by: channelsPerGroup)
        guard !overflow1, !overflow2, kd < Int(Int32.max) / 2 else {
            throw .unsupportedParameter(name: "lce_bconv2d filter size", value: Int(Int32.max))
        }
        // CalculateActivationRange<int32>, then within +-Kd.
        var low = Int(Int32.min), high = Int(Int32.max)
        switch activation {
        case 1: low = 0  // RELU
        case 2: (low, high) = (-1, 1)  // RELU_N1_TO_1
        case 3: (low, high) = (0, 6)  // RELU6
        default: break  // NONE, and what LCE's ConvertActivation maps to NONE
        }
        low = Swift.max(low, -kd)
        high = Swift.min(high, kd)
        zeroPadding = padding == .same && padValues == 0
        if zeroPadding {
            // LCE's default (optimized) kernels: float output, no activation, no groups.
            guard mode == .float32, low == -kd, high == kd, groups == 1 else {
                throw .unsupportedParameter(name: "lce_bconv2d zero padding", value: Int(mode.rawValue))
            }
        }
        self.input = input
        self.filter = filter
        self.output = output
        self.outputChannels = Int32(channels)
        self.groups = Int32(groups)
        self.channelsIn = Int32(channelsIn)
        self.kd = Int32(kd)
        clampMin = Int32(kd - high)
        clampMax = Int32(kd - low)
        self.mode = mode
        transform = nil
    }

    /// Fills the transform table (`transformCount` floats) from the post-activation multiplier and
    /// bias tensors (one float per output channel each). int8 output: the output's scale and zero
    /// point; float output: 1 and 0.
    public func writeTransform(
        into table: UnsafeMutablePointer<Float>, multiplier: UnsafeRawPointer, bias: UnsafeRawPointer,
        scale: Float = 1, zeroPoint: Int32 = 0
    ) throws(KernelError) {
        let channels = Int(outputChannels)
        for o in 0..<channels {
            let postMultiplier = Double(multiplier.loadUnaligned(fromByteOffset: 4 * o, as: Float.self))
            let postBias = Double(bias.loadUnaligned(fromByteOffset: 4 * o, as: Float.self))
            let m = Float(-postMultiplier / Double(scale))
            let b = Float((postBias + Double(kd) * postMultiplier) / Double(scale) + Double(zeroPoint))
            guard m.isFinite, b.isFinite else { throw .invalidScale(name: "lce_bconv2d post-activation", value: m) }
            table[o] = m
            table[channels + o] = b
            table[2 * channels + o] = Float(-1.0) * Float(postMultiplier)
        }
    }

    /// The popcount accumulator of output pixel (batch, outY, outX), channel `o`; `outside` gets
    /// the sum of the +-1 weights of the taps that fall outside the input (zero padding).
    /// Index arithmetic wraps (`&+ &*`): init checked the shapes, and every index that is read lies
    /// inside its tensor, so the loop carries no overflow checks (on a Cortex-M4 they cost more than
    /// the popcounts). A tap's row or column out of range only selects the padding branch.
    @inline(__always)
    func accumulate(
        _ inputData: UnsafePointer<Int32>, _ filterData: UnsafePointer<Int32>, batch: Int, outY: Int, outX: Int,
        o: Int, firstWord: Int, outside: inout Int32
    ) -> Int32 {
        let height = input.d1, width = input.d2, inputWords = input.d3
        let filterHeight = filter.d1, filterWidth = filter.d2, filterWords = filter.d3
        let top = outY &* rows.stride &- rows.paddingBefore
        let left = outX &* columns.stride &- columns.paddingBefore
        let image = batch &* height
        var weights = filterData + o &* (filterHeight &* filterWidth &* filterWords)
        var accumulator: Int32 = 0
        if top >= 0 && top &+ (filterHeight &- 1) &* rows.dilation < height && left >= 0
            && left &+ (filterWidth &- 1) &* columns.dilation < width
        {
            // The whole window is inside: no padding branch. Undilated columns of an ungrouped filter
            // make each filter row one run of contiguous words, in the input as in the filter.
            let contiguous = columns.dilation == 1 && filterWords == inputWords
            let run = contiguous ? filterWidth &* filterWords : filterWords
            let runs = contiguous ? 1 : filterWidth
            var rowStart = inputData + (((image &+ top) &* width &+ left) &* inputWords &+ firstWord)
            for _ in 0..<filterHeight {
                var pixel = rowStart
                for _ in 0..<runs {
                    for w in 0..<run { accumulator &+= popcount(UInt32(bitPattern: pixel[w] ^ weights[w])) }
                    weights += run
                    pixel += columns.dilation &* inputWords
                }
                rowStart += rows.dilation &* width &* inputWords
            }
            return accumulator
        }
        var y = top
        for _ in 0..<filterHeight {
            let rowInside = y >= 0 && y < height
            let row = (image &+ y) &* width
            var x = left
            for _ in 0..<filterWidth {
                if rowInside && x >= 0 && x < width {
                    let pixel = inputData + ((row &+ x) &* inputWords &+ firstWord)
                    for w in 0..<filterWords {
                        accumulator &+= popcount(UInt32(bitPattern: pixel[w] ^ weights[w]))
                    }
                } else {
                    // One padding: the input words are 0, so every -1 weight differs.
                    var minusOnes: Int32 = 0
                    for w in 0..<filterWords { minusOnes &+= popcount(UInt32(bitPattern: weights[w])) }
                    accumulator &+= minusOnes
                    outside &+= channelsIn &- 2 &* minusOnes
                }
                weights += filterWords
                x &+= columns.dilation
            }
            y &+= rows.dilation
        }
        return accumulator
    }

    /// The first input word of output channel `o`'s group.
    @inline(__always)
    func firstWord(ofChannel o: Int, channelsPerGroup: Int) -> Int {
        groups == 1 ? 0 : (o / channelsPerGroup) &* filter.d3
    }

    /// Calls `body(batch, output y, output x)` for every output position, in order.
    @inline(__always)
    func forEachOutputPosition(_ body: (Int, Int, Int) -> Void) {
        for batch in 0..<output.d0 {
            for outY in 0..<output.d1 {
                for outX in 0..<output.d2 { body(batch, outY, outX) }
            }
        }
    }

    /// Float or int8 output, through the transform table `writeTransform` filled.
    public func invoke(
        input inputData: UnsafePointer<Int32>, filter filterData: UnsafePointer<Int32>,
        output outputData: UnsafeMutableRawPointer
    ) {
        let table = transform.unsafelyUnwrapped
        let channels = Int(outputChannels), channelsPerGroup = channels / Int(groups)
        var index = 0
        forEachOutputPosition { batch, outY, outX in
            for o in 0..<channels {
                var outside: Int32 = 0
                let accumulator = accumulate(
                    inputData, filterData, batch: batch, outY: outY, outX: outX, o: o,
                    firstWord: firstWord(ofChannel: o, channelsPerGroup: channelsPerGroup), outside: &outside)
                let doubled = accumulator &<< 1
                let x = doubled < clampMin ? clampMin : (doubled > clampMax ? clampMax : doubled)
                var y = Float(x) * table[o] + table[channels + o]
                if zeroPadding { y += table[2 * channels + o] * Float(outside) }
                if mode == .int8 {
                    let rounded = y.rounded(.toNearestOrAwayFromZero)
                    let saturated: Int8 =
                        rounded >= 127 ? 127 : (rounded <= -128 ? -128 : Int8(rounded.isNaN ? 0 : rounded))
                    outputData.storeBytes(of: saturated, toByteOffset: index, as: Int8.self)
                } else {
                    outputData.storeBytes(of: y, toByteOffset: 4 * index, as: Float.self)
                }
                index += 1
            }
        }
    }

    /// Bitpacked output: bit o = accum > thresholds[o].
    public func invoke(
        input inputData: UnsafePointer<Int32>, filter filterData: UnsafePointer<Int32>,
        thresholds: UnsafePointer<Int32>, output outputData: UnsafeMutablePointer<Int32>
    ) {
        let channels = Int(outputChannels), words = output.d3, channelsPerGroup = channels / Int(groups)
        var index = 0
        forEachOutputPosition { batch, outY, outX in
            for word in 0..<words {
                var bits: UInt32 = 0
                for bit in 0..<Swift.min(32, channels - word * 32) {
                    let o = word * 32 + bit
                    var outside: Int32 = 0
                    let accumulator = accumulate(
                        inputData, filterData, batch: batch, outY: outY, outX: outX, o: o,
                        firstWord: firstWord(ofChannel: o, channelsPerGroup: channelsPerGroup), outside: &outside)
                    if accumulator > thresholds[o] { bits |= 1 << UInt32(bit) }
                }
                outputData[index] = Int32(bitPattern: bits)
                index += 1
            }
        }
    }
}
