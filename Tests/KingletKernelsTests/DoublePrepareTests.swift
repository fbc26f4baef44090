import Testing

@testable import KingletKernels

// Where pip tflite-micro 0.dev20261023182759 is not the source at 90b983c: SUB's, LEAKY_RELU's,
// RELU's and BATCH_MATMUL's quantized prepare computes its multipliers in double in the pip build
// (TFLM #1501's form), and in float-then-widened in the source. Each case is an element on which
// the two forms differ by 1; the expected value is pip's output.
// - The first two are elements of TFLM's own seanet int16 models, found and checked by
//   tools/vectors/double_prepare_pins.py (reads ../shared/tflm-suite):
//     .venv/bin/python tools/vectors/double_prepare_pins.py
// - The rest were found by tools/vectors/scale_sweep.py --seed 11 --cases 1000 and are re-run
//   one by one by tools/vectors/sweep_pins.py (see tools/vectors/README.md).

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

    /// One element through a unary int8/int16 kernel invoke.
    func unary<T: FixedWidthInteger>(_ x: T, _ invoke: (UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void) -> T {
        var input = x, output: T = 0
        invoke(&input, &output)
        return output
    }

    /// One element through a binary int8/int16 kernel invoke.
    func binary<T: FixedWidthInteger>(
        _ x1: T, _ x2: T, _ invoke: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
    ) -> T {
        var a = x1, b = x2, output: T = 0
        invoke(&a, &b, &output)
        return output
    }

    @Test func subInt8() throws {
        let op = try Sub(
            input1Shape: Shape(1), input1Scale: Float(bitPattern: 0x3e4b_3d52), input1ZeroPoint: 41,
            input2Shape: Shape(1), input2Scale: Float(bitPattern: 0x3d6c_6291), input2ZeroPoint: -75,
            outputShape: Shape(1), outputScale: Float(bitPattern: 0x4009_6ad3), outputZeroPoint: 60, activation: .none)
        #expect(binary(Int8(-42), Int8(-7)) { op.invoke(input1: $0, input2: $1, output: $2) } == 51)  // float form: 50
    }

    @Test func subInt16() throws {
        let op = try Sub(
            input1Shape: Shape(1), input1Scale: Float(bitPattern: 0x3ad5_c015), input1ZeroPoint: 0,
            input2Shape: Shape(1), input2Scale: Float(bitPattern: 0x3b08_0793), input2ZeroPoint: 0,
            outputShape: Shape(1), outputScale: Float(bitPattern: 0x3b5b_be45), outputZeroPoint: 0, activation: .none,
            int16: true)
        #expect(binary(Int16(-13044), Int16(-4193)) { op.invoke(input1: $0, input2: $1, output: $2) } == -3749)
    }

    @Test func leakyReluInt8AndInt16() throws {
        let int8 = try LeakyRelu(
            shape: Shape(1), alpha: Float(bitPattern: 0x3dc8_9d63), inputScale: Float(bitPattern: 0x3f44_b3c8),
            inputZeroPoint: -75, outputScale: Float(bitPattern: 0x3e60_cd77), outputZeroPoint: -19)
        #expect(unary(Int8(-74)) { int8.invoke(input: $0, output: $1) } == -16)  // float form: -15
        let identity = try LeakyRelu(
            shape: Shape(1), alpha: Float(bitPattern: 0x3d2b_5970), inputScale: Float(bitPattern: 0x3f62_0ef5),
            inputZeroPoint: 0, outputScale: Float(bitPattern: 0x3f5c_27db), outputZeroPoint: 0, int16: true)
        #expect(unary(Int16(13744)) { identity.invoke(input: $0, output: $1) } == 14112)
        let alpha = try LeakyRelu(
            shape: Shape(1), alpha: Float(bitPattern: 0x3fcd_a095), inputScale: Float(bitPattern: 0x3bc4_b7e3),
            inputZeroPoint: 0, outputScale: Float(bitPattern: 0x3c4e_2ea9), outputZeroPoint: 0, int16: true)
        #expect(unary(Int16(-18518)) { alpha.invoke(input: $0, output: $1) } == -14192)
    }

    @Test func reluInt8AndInt16() throws {
        let int8 = try Relu(
            shape: Shape(1), inputScale: Float(bitPattern: 0x3f77_0286), inputZeroPoint: -11,
            outputScale: Float(bitPattern: 0x3fd5_8b44), outputZeroPoint: -119)
        #expect(unary(Int8(123)) { int8.invoke(input: $0, output: $1) } == -42)  // float form: -41
        let int16 = try Relu(
            shape: Shape(1), inputScale: Float(bitPattern: 0x3c1f_7f2e), inputZeroPoint: 0,
            outputScale: Float(bitPattern: 0x3c06_9465), outputZeroPoint: 0, int16: true)
        #expect(unary(Int16(25242)) { int16.invoke(input: $0, output: $1) } == 29916)
    }

    @Test func batchMatMulInt8AndInt16() throws {
        let int8 = try BatchMatMul.int8(
            lhs: Shape(1, 1, 1), lhsScale: Float(bitPattern: 0x3d83_3f2a), lhsZeroPoint: 37,
            rhs: Shape(1, 1, 1), rhsScale: Float(bitPattern: 0x3e35_8564), rhsZeroPoint: -80,
            output: Shape(1, 1, 1), outputScale: Float(bitPattern: 0x4015_9488), outputZeroPoint: 49,
            adjX: false, adjY: false)
        // product in float: 88
        #expect(binary(Int8(-128), Int8(-128)) { int8.invoke(lhs: $0, rhs: $1, output: $2) } == 87)
        let int16 = try BatchMatMul.int16(
            lhs: Shape(1, 1, 1), lhsScale: Float(bitPattern: 0x3e3a_464a), lhsZeroPoint: 0,
            rhs: Shape(1, 1, 1), rhsScale: Float(bitPattern: 0x3c52_26aa), rhsZeroPoint: 0,
            output: Shape(1, 1, 1), outputScale: Float(bitPattern: 0x42ce_6aab), outputZeroPoint: 0,
            adjX: false, adjY: false)
        #expect(binary(Int16(-32768), Int16(-32768)) { int16.invoke(lhs: $0, rhs: $1, output: $2) } == 24274)
    }
}
