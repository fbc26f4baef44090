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
        let op = try AveragePool2D(
            inputScale: scale, inputZeroPoint: zeroPoint, outputScale: scale, outputZeroPoint: zeroPoint,
            activation: activation, padding: padding, strideHeight: strideHeight, strideWidth: strideWidth,
            filterHeight: filterHeight, filterWidth: filterWidth, input: input, output: output)
        var result = [Int8](repeating: 0, count: outputCount)
        data.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
        }
        return result
    }

    func runMax() throws -> [Int8] {
        let op = try MaxPool2D(
            inputScale: scale, inputZeroPoint: zeroPoint, outputScale: scale, outputZeroPoint: zeroPoint,
            activation: activation, padding: padding, strideHeight: strideHeight, strideWidth: strideWidth,
            filterHeight: filterHeight, filterWidth: filterWidth, input: input, output: output)
        var result = [Int8](repeating: 0, count: outputCount)
        data.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
        }
        return result
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
