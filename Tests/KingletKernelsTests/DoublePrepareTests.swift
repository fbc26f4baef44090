import Testing

@testable import KingletKernels

// Where pip tflite-micro 0.dev20261023182759 is not the source at 90b983c: LEAKY_RELU's and
// SUB's quantized prepare computes its multipliers in double in the pip build (TFLM #1501's form)
// and in float-then-widened in the source. Each case is an element of one of TFLM's own seanet
// int16 models on which the two forms differ by 1; the expected value is pip's output, found and
// checked by tools/vectors/double_prepare_pins.py (reads ../shared/tflm-suite):
//   .venv/bin/python tools/vectors/double_prepare_pins.py

@Suite struct DoublePrepareTests {
    /// leaky_relu1.tflite: input scale 0x3bbf4341, output scale 0x3b981e5b, zero points 0, alpha 0.3.
    @Test func leakyReluFollowsPipDoubleMultipliers() throws {
        let op = try LeakyRelu(
            shape: Shape(2), alpha: Float(bitPattern: 0x3e99_999a), inputScale: Float(bitPattern: 0x3bbf_4341),
            inputZeroPoint: 0, outputScale: Float(bitPattern: 0x3b98_1e5b), outputZeroPoint: 0, int16: true)
        let input: [Int16] = [-25592, 25592]
        var output = [Int16](repeating: 0, count: 2)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        // The float form gives -9653 for -25592.
        #expect(output == [-9654, 32177])
    }

    /// sub0.tflite: scales 0x3a7e1d6d - 0x3712207d -> 0x3a1bc0b1, zero points 0, no activation.
    @Test func subFollowsPipDoubleMultipliers() throws {
        let op = try Sub(
            input1Shape: Shape(1), input1Scale: Float(bitPattern: 0x3a7e_1d6d), input1ZeroPoint: 0,
            input2Shape: Shape(1), input2Scale: Float(bitPattern: 0x3712_207d), input2ZeroPoint: 0,
            outputShape: Shape(1), outputScale: Float(bitPattern: 0x3a1b_c0b1), outputZeroPoint: 0,
            activation: .none, int16: true)
        let x1: [Int16] = [18686], x2: [Int16] = [-30408]
        var output: [Int16] = [0]
        x1.withUnsafeBufferPointer { p1 in
            x2.withUnsafeBufferPointer { p2 in
                output.withUnsafeMutableBufferPointer {
                    op.invoke(input1: p1.baseAddress!, input2: p2.baseAddress!, output: $0.baseAddress!)
                }
            }
        }
        // The float form gives 30933.
        #expect(output == [30932])
    }
}
