import Testing

@testable import KingletKernels

// Shared case generator for AveragePool2DTests and MaxPool2DTests, mirroring
// tools/vectors/pool_vectors.py (not run in CI) draw for draw.

struct PoolCase {
    var input = Dims4(0, 0, 0, 0), output = Dims4(0, 0, 0, 0)
    var filterHeight = 1, filterWidth = 1, strideHeight = 1, strideWidth = 1
    var padding = Padding.same
    var scale: Float = 0.5, zeroPoint: Int32 = 0
    var activation = FusedActivation.none
    var data: [Int8] = []
    /// The values of an int16 case (`init(int16:)`); empty for int8.
    var data16: [Int16] = []

    init(_ random: inout SplitMix64) {
        let batches = Int(random.range(1, 2)), height = Int(random.range(1, 10))
        let width = Int(random.range(1, 10)), depth = Int(random.range(1, 5))
        filterHeight = Int(random.range(1, 4)); filterWidth = Int(random.range(1, 4))
        strideHeight = Int(random.range(1, 3)); strideWidth = Int(random.range(1, 3))
        padding = random.range(0, 1) == 0 ? .same : .valid
        scale = random.scale(-8, 0)
        zeroPoint = random.range(-128, 127)
        activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
        input = Dims4(batches, height, width, depth)
        data = random.int8s(batches * height * width * depth)
        output = Dims4(
            batches,
            windowOutputSize(same: padding == .same, height, filterHeight, strideHeight, 1),
            windowOutputSize(same: padding == .same, width, filterWidth, strideWidth, 1),
            depth)
    }

    /// An int16 case, drawn as pool_vectors.py's main16: the int8 geometry draws, then a scale
    /// with binary exponent -16...-4, a zero point in -4096...4096 and int16 values.
    init(int16 random: inout SplitMix64) {
        let batches = Int(random.range(1, 2)), height = Int(random.range(1, 10))
        let width = Int(random.range(1, 10)), depth = Int(random.range(1, 5))
        filterHeight = Int(random.range(1, 4)); filterWidth = Int(random.range(1, 4))
        strideHeight = Int(random.range(1, 3)); strideWidth = Int(random.range(1, 3))
        padding = random.range(0, 1) == 0 ? .same : .valid
        scale = random.scale(-16, -4)
        zeroPoint = random.range(-4096, 4096)
        activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
        input = Dims4(batches, height, width, depth)
        data16 = (0..<batches * height * width * depth).map { _ in Int16(random.range(-32768, 32767)) }
        output = Dims4(
            batches,
            windowOutputSize(same: padding == .same, height, filterHeight, strideHeight, 1),
            windowOutputSize(same: padding == .same, width, filterWidth, strideWidth, 1),
            depth)
    }

    /// One row of values pooled by a single VALID window (scale 0.5, zero point 0).
    init(row: [Int8]) {
        input = Dims4(1, 1, row.count, 1)
        output = Dims4(1, 1, 1, 1)
        filterWidth = row.count
        padding = .valid
        data = row
    }

    var isRunnable: Bool { output.d1 >= 1 && output.d2 >= 1 }
    var outputCount: Int { output.d0 * output.d1 * output.d2 * output.d3 }

    func runAverage() throws -> [Int8] {
        let op = try AveragePool2D(prepared: self, int16: false)
        return run(data) { op.invoke(input: $0, output: $1) }
    }

    func runMax() throws -> [Int8] {
        let op = try MaxPool2D(prepared: self, int16: false)
        return run(data) { op.invoke(input: $0, output: $1) }
    }

    func runAverage16() throws -> [Int16] {
        let op = try AveragePool2D(prepared: self, int16: true)
        return run(data16) { op.invoke(input: $0, output: $1) }
    }

    func runMax16() throws -> [Int16] {
        let op = try MaxPool2D(prepared: self, int16: true)
        return run(data16) { op.invoke(input: $0, output: $1) }
    }

    private func run<T: FixedWidthInteger>(
        _ values: [T], _ body: (UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
    ) -> [T] {
        var result = [T](repeating: 0, count: outputCount)
        values.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in body(x.baseAddress!, y.baseAddress!) }
        }
        return result
    }
}

extension QuantizedPool2D {
    /// Prepared for `testCase` (input and output share its scale and zero point).
    init(prepared testCase: PoolCase, int16: Bool) throws {
        try self.init(
            inputScale: testCase.scale, inputZeroPoint: testCase.zeroPoint,
            outputScale: testCase.scale, outputZeroPoint: testCase.zeroPoint,
            activation: testCase.activation, padding: testCase.padding,
            strideHeight: testCase.strideHeight, strideWidth: testCase.strideWidth,
            filterHeight: testCase.filterHeight, filterWidth: testCase.filterWidth,
            input: testCase.input, output: testCase.output, int16: int16)
    }
}

@Suite struct PoolingTests {
    @Test func quantizationMustMatch() {
        func prepare(
            _ inputScale: Float, _ outputScale: Float, _ inputZeroPoint: Int32, _ outputZeroPoint: Int32
        ) throws {
            _ = try PoolGeometry(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint, outputScale: outputScale,
                outputZeroPoint: outputZeroPoint, activation: .none, padding: .valid,
                strideHeight: 1, strideWidth: 1, filterHeight: 2, filterWidth: 2,
                input: Dims4(1, 3, 3, 1), output: Dims4(1, 2, 2, 1), name: "pool")
        }
        #expect(throws: Never.self) { try prepare(0.5, 0.5 + 0.9e-6, 3, 3) }
        #expect(throws: KernelError.self) { try prepare(0.5, 0.5 + 2e-6, 3, 3) }
        #expect(throws: KernelError.self) { try prepare(0.5, 0.5, 3, 4) }
    }

    @Test func geometryMustMatch() {
        #expect(throws: KernelError.self) {
            _ = try PoolGeometry(
                inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 0, activation: .none,
                padding: .valid, strideHeight: 1, strideWidth: 1, filterHeight: 2, filterWidth: 2,
                input: Dims4(1, 3, 3, 1), output: Dims4(1, 3, 2, 1), name: "pool")
        }
        #expect(throws: KernelError.self) {
            _ = try PoolGeometry(
                inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 0, activation: .none,
                padding: .valid, strideHeight: 1, strideWidth: 1, filterHeight: 2, filterWidth: 2,
                input: Dims4(1, 3, 3, 1), output: Dims4(1, 2, 2, 2), name: "pool")
        }
    }
}
