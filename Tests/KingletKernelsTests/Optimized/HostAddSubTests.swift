import Testing

@testable import KingletKernels

// Differential test of the host-only int8 and int16 ADD/SUB loops (HostAddSub.swift, reached
// through AddSubArithmetic.invoke on non-ARM targets) against `evaluate` over the broadcast plan,
// on seeded random cases: same shapes, one input a scalar, true broadcasts (the plan path),
// extreme and out-of-range zero points, every activation. The seed is printed; a failure names
// the case.

@Suite struct HostAddSubTests {
    static let seed: UInt64 = 0x5EED_C0DE_0A01

    @Test func matchesReferenceInt8() throws {
        print("HostAddSubTests.matchesReferenceInt8 seed \(Self.seed)")
        try Self.compare(Int8.self, seed: Self.seed, zeroPoints: [-128, 127, 0, 200, -300])
    }

    @Test func matchesReferenceInt16() throws {
        print("HostAddSubTests.matchesReferenceInt16 seed \(Self.seed + 16)")
        try Self.compare(Int16.self, seed: Self.seed + 16, zeroPoints: [0, 0, 0, -32768, 40000])
    }

    /// 400 seeded cases of `T` (Int8: left shift 20; Int16: 15).
    static func compare<T: FixedWidthInteger & SignedInteger>(
        _: T.Type, seed: UInt64, zeroPoints: [Int32]
    ) throws {
        let int16 = T.self == Int16.self
        let lo = Int32(T.min), hi = Int32(T.max)
        var random = SplitMix64(seed: seed)
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
            func zeroPoint() -> Int32 {
                random.range(0, 3) == 0 ? zeroPoints[Int(random.range(0, 4))] : random.range(lo, hi) / (int16 ? 64 : 1)
            }
            let scale1 = random.scale(-8, -2), scale2 = random.scale(-8, -2)
            var outputScale = random.scale(-7, -1)
            let shiftScale = int16 ? 32_768.0 : 1_048_576.0
            if 2.0 * Double(max(scale1, scale2)) / (shiftScale * Double(outputScale)) >= 0.99 {
                outputScale = max(scale1, scale2)
            }
            let zero1 = zeroPoint(), zero2 = zeroPoint()
            let outputZero = random.range(lo, hi) / (int16 ? 64 : 1)
            let activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
            let x1 = (0..<shape1.elementCount).map { _ in T(truncatingIfNeeded: random.range(lo, hi)) }
            let x2 = (0..<shape2.elementCount).map { _ in T(truncatingIfNeeded: random.range(lo, hi)) }
            let subtract = random.range(0, 1) == 1
            let arithmetic: AddSubArithmetic
            if subtract {
                arithmetic = try Sub(
                    input1Shape: shape1, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                    input2Scale: scale2, input2ZeroPoint: zero2, outputShape: output, outputScale: outputScale,
                    outputZeroPoint: outputZero, activation: activation, int16: int16
                ).arithmetic
            } else {
                arithmetic = try Add(
                    input1Shape: shape1, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                    input2Scale: scale2, input2ZeroPoint: zero2, outputShape: output, outputScale: outputScale,
                    outputZeroPoint: outputZero, activation: activation, int16: int16
                ).arithmetic
            }
            if arithmetic.hostApplies { fast += 1 }
            var reference = [T](repeating: 0, count: output.elementCount)
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
                host == reference,
                "case \(index): \(dims) kind \(kind) zp \(zero1),\(zero2),\(outputZero) sub \(subtract)")
        }
        #expect(fast > 250)
    }
}
