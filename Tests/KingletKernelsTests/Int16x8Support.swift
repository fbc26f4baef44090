@testable import KingletKernels

// One 16x8 case (int16 activations, int8 weights) printed by tools/vectors/conv16_vectors.py:
// shapes, options, quantization (float bit patterns), bias type, data and pip tflite-micro's
// output. Used by the int16x8 tests of Conv2DTests, DepthwiseConv2DTests and FullyConnectedTests.

struct Int16x8Case {
    var input: [Int], filter: [Int], output: [Int]
    var stride: (Int, Int), dilation: (Int, Int), padding: Padding, multiplier: Int
    var inputScale: Float, inputZeroPoint: Int32, filterScales: [Float], filterZeroPoint: Int32
    var outputScale: Float, outputZeroPoint: Int32
    var activation: FusedActivation
    /// 64, 32, or 0 without a bias.
    var biasBits: Int
    /// quantized_bias_type INT32 (picks int32 sums when there is no bias).
    var quantizedBiasInt32: Bool
    var x: [Int16], w: [Int8], bias: [Int64]?, expected: [Int16]

    init(
        _ input: [Int], _ filter: [Int], _ output: [Int], stride: (Int, Int) = (1, 1), dilation: (Int, Int) = (1, 1),
        _ padding: Padding = .valid, multiplier: Int = 1, q: (UInt32, Int32, [UInt32], Int32, UInt32, Int32),
        activation: Int, biasBits: Int, quantizedBiasInt32: Bool, x: [Int16], w: [Int8], bias: [Int64]?,
        expected: [Int16]
    ) {
        (self.input, self.filter, self.output) = (input, filter, output)
        (self.stride, self.dilation, self.padding, self.multiplier) = (stride, dilation, padding, multiplier)
        inputScale = Float(bitPattern: q.0)
        inputZeroPoint = q.1
        filterScales = q.2.map(Float.init(bitPattern:))
        filterZeroPoint = q.3
        outputScale = Float(bitPattern: q.4)
        outputZeroPoint = q.5
        self.activation = activationsByFlatbufferValue[activation]
        (self.biasBits, self.quantizedBiasInt32) = (biasBits, quantizedBiasInt32)
        (self.x, self.w, self.bias, self.expected) = (x, w, bias, expected)
    }

    /// The registration's choice (CONV_2D, FULLY_CONNECTED): int32 sums for an int32 bias, or
    /// no bias with quantized_bias_type INT32.
    var arithmetic: QuantizedArithmetic {
        biasBits == 32 || (biasBits == 0 && quantizedBiasInt32) ? .int16x8Narrow : .int16x8Wide
    }

    func dims(_ shape: [Int]) -> Dims4 { Dims4(shape[0], shape[1], shape[2], shape[3]) }

    /// Hands the body the bias bytes as the kernel reads them (nil without a bias), an output
    /// buffer and `scratchCount` Int32 scratch slots.
    func withBuffers(
        scratchCount: Int,
        _ body: (UnsafeRawPointer?, UnsafeMutablePointer<Int16>, UnsafeMutablePointer<Int32>) throws -> Void
    ) rethrows -> [Int16] {
        var result = [Int16](repeating: 0, count: expected.count)
        var scratch = [Int32](repeating: 0, count: Swift.max(scratchCount, 1))
        let biasBytes: [UInt8]? = bias.map { values in
            biasBits == 32
                ? values.flatMap { withUnsafeBytes(of: Int32(truncatingIfNeeded: $0).littleEndian) { Array($0) } }
                : values.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
        }
        try result.withUnsafeMutableBufferPointer { y in
            try scratch.withUnsafeMutableBufferPointer { s in
                if let biasBytes {
                    // One byte in: the kernels must read the bias unaligned.
                    let shifted: [UInt8] = [0] + biasBytes
                    try shifted.withUnsafeBytes { try body($0.baseAddress! + 1, y.baseAddress!, s.baseAddress!) }
                } else {
                    try body(nil, y.baseAddress!, s.baseAddress!)
                }
            }
        }
        return result
    }

    func runConv2D() throws -> [Int16] {
        try withScaleList(filterScales) { scales in
            let op = try Conv2D(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation, padding: padding,
                strideHeight: stride.0, strideWidth: stride.1, dilationHeight: dilation.0, dilationWidth: dilation.1,
                input: dims(input), filter: dims(filter), output: dims(output), biasElementCount: bias?.count,
                arithmetic: arithmetic)
            return try withBuffers(scratchCount: Conv2D.scratchCount(filter: dims(filter))) { b, y, s in
                if arithmetic == .int16x8Wide {
                    op.invoke(input: x, filter: w, bias: b, output: y, scratch: s, accumulator: Int64.self)
                } else {
                    op.invoke(input: x, filter: w, bias: b, output: y, scratch: s, accumulator: Int32.self)
                }
            }
        }
    }

    func runDepthwiseConv2D() throws -> [Int16] {
        try withScaleList(filterScales, quantizedDimension: 3) { scales in
            let op = try DepthwiseConv2D(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation, padding: padding,
                depthMultiplier: multiplier, strideHeight: stride.0, strideWidth: stride.1,
                dilationHeight: dilation.0, dilationWidth: dilation.1,
                input: dims(input), filter: dims(filter), output: dims(output), biasElementCount: bias?.count,
                arithmetic: .int16x8Wide)
            return try withBuffers(scratchCount: DepthwiseConv2D.scratchCount(filter: dims(filter))) { b, y, s in
                op.invoke(input: x, filter: w, bias: b, output: y, scratch: s)
            }
        }
    }

    func runFullyConnected() throws -> [Int16] {
        try withScaleList(filterScales) { scales in
            let op = try FullyConnected(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                filterZeroPoint: filterZeroPoint, biasScale: bias == nil ? nil : inputScale * filterScales[0],
                outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation,
                inputElementCount: x.count, filterRows: filter[0], filterDepth: filter[1],
                outputElementCount: expected.count, outputDepth: output[output.count - 1],
                biasElementCount: bias?.count, arithmetic: arithmetic)
            let perChannel = FullyConnected.scratchCount(filterScales: scales)
            return try withBuffers(scratchCount: perChannel) { b, y, s in
                let scratch = perChannel > 0 ? s : nil
                if arithmetic == .int16x8Wide {
                    op.invoke(input: x, filter: w, bias: b, output: y, scratch: scratch, accumulator: Int64.self)
                } else {
                    op.invoke(input: x, filter: w, bias: b, output: y, scratch: scratch, accumulator: Int32.self)
                }
            }
        }
    }
}
