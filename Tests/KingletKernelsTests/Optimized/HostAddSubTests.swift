import Testing

@testable import KingletKernels

// Differential test of the host-only int8 ADD/SUB loop (HostAddSub.swift, reached through
// AddSubArithmetic.invoke on non-ARM targets) against `evaluate` over the broadcast plan, on
// seeded random cases: same shapes, one input a scalar, true broadcasts (the plan path), extreme
// and out-of-range zero points, every activation. The seed is printed; a failure names the case.

@Suite struct HostAddSubTests {
    static let seed: UInt64 = 0x5EED_C0DE_0A01

    @Test func matchesReference() throws {
        print("HostAddSubTests.matchesReference seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        var fast = 0
        for index in 0..<400 {
            let rank = Int(random.range(1, 4))
            let dims = (0..<rank).map { _ in Int(random.range(1, 20)) }
            let kind = random.range(0, 3)  // 0, 1: same shapes; 2: input 2 a scalar; 3: a broadcast
            var shape1 = Shape(), shape2 = Shape(), output = Shape()
            for d in dims { try output.append(d) }
            shape1 = output
            switch kind {
            case 2: try shape2.append(1)
            case 3:
                for (axis, d) in dims.enumerated() { try shape2.append(axis == 0 ? 1 : d) }
            default: shape2 = output
            }
            let zeroPoints: [Int32] = [-128, 127, 0, 200, -300]
            func zeroPoint() -> Int32 {
                random.range(0, 3) == 0 ? zeroPoints[Int(random.range(0, 4))] : random.range(-128, 127)
            }
            let scale1 = random.scale(-8, -2), scale2 = random.scale(-8, -2)
            var outputScale = random.scale(-7, -1)
            if 2.0 * Double(max(scale1, scale2)) / (1_048_576.0 * Double(outputScale)) >= 0.99 {
                outputScale = max(scale1, scale2)
            }
            let zero1 = zeroPoint(), zero2 = zeroPoint(), outputZero = random.range(-128, 127)
            let activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
            let x1 = random.int8s(shape1.elementCount), x2 = random.int8s(shape2.elementCount)
            let subtract = random.range(0, 1) == 1
            let arithmetic: AddSubArithmetic
            if subtract {
                arithmetic = try Sub(
                    input1Shape: shape1, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                    input2Scale: scale2, input2ZeroPoint: zero2, outputShape: output, outputScale: outputScale,
                    outputZeroPoint: outputZero, activation: activation
                ).arithmetic
            } else {
                arithmetic = try Add(
                    input1Shape: shape1, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                    input2Scale: scale2, input2ZeroPoint: zero2, outputShape: output, outputScale: outputScale,
                    outputZeroPoint: outputZero, activation: activation
                ).arithmetic
            }
            if arithmetic.hostApplies { fast += 1 }
            var reference = [Int8](repeating: 0, count: output.elementCount)
            var host = reference
            x1.withUnsafeBufferPointer { a in
                x2.withUnsafeBufferPointer { b in
                    reference.withUnsafeMutableBufferPointer { y in
                        if subtract {
                            arithmetic.quantization.invoke(
                                arithmetic.plan, input1: a.baseAddress!, input2: b.baseAddress!, output: y.baseAddress!
                            ) { arithmetic.evaluate($0, $1, Sub.self) }
                        } else {
                            arithmetic.quantization.invoke(
                                arithmetic.plan, input1: a.baseAddress!, input2: b.baseAddress!, output: y.baseAddress!
                            ) { arithmetic.evaluate($0, $1, Add.self) }
                        }
                    }
                    host.withUnsafeMutableBufferPointer { y in
                        if subtract {
                            arithmetic.invoke(
                                input1: a.baseAddress!, input2: b.baseAddress!, output: y.baseAddress!, Sub.self)
                        } else {
                            arithmetic.invoke(
                                input1: a.baseAddress!, input2: b.baseAddress!, output: y.baseAddress!, Add.self)
                        }
                    }
                }
            }
            #expect(
                firstDifference(host, reference) == nil,
                "case \(index): \(dims) kind \(kind) zp \(zero1),\(zero2),\(outputZero) sub \(subtract)")
        }
        #expect(fast > 250)
    }
}
