import Testing

@testable import KingletKernels

// The host-only int8 pair table (HostPairTable.swift) against the kernels' own invoke, on seeded
// random cases of ADD, SUB and MUL: same shapes (one fused loop) and one input a scalar (a broadcast plan), at least
// 4,096 elements, random scales, zero points and activations; inputs cover all 65,536
// pairs. The seed is printed; a failure names the case.

#if !arch(arm)
    @Suite struct HostPairTableTests {
        static let seed: UInt64 = 0x5EED_7AB1_E000

        @Test func matchesKernels() throws {
            print("HostPairTableTests.matchesKernels seed \(Self.seed)")
            var random = SplitMix64(seed: Self.seed)
            let host = UnsafeMutableRawPointer.allocate(byteCount: HostPairTable.bytes, alignment: 16)
            defer { host.deallocate() }
            for index in 0..<24 {
                let scalar = index % 3 == 2
                let shape = Shape(1, 256, 256, 1)
                let shape2 = scalar ? Shape(1, 1, 1, 1) : shape
                // Every pair once (same shapes), or every x1 against one x2.
                let x1 = (0..<65_536).map { Int8(truncatingIfNeeded: $0 >> 8) }
                let x2 =
                    scalar
                    ? [Int8(truncatingIfNeeded: random.range(-128, 127))]
                    : (0..<65_536).map { Int8(truncatingIfNeeded: $0) }
                let scale1 = random.scale(-8, -2), scale2 = random.scale(-8, -2), outputScale = random.scale(-6, -1)
                let zero1 = random.range(-128, 127), zero2 = random.range(-128, 127), zeroOut = random.range(-128, 127)
                let activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
                var expected = [Int8](repeating: 0, count: 65_536)
                var actual = expected
                func run(
                    _ plan: BroadcastPlan, _ element: (Int32, Int32) -> Int32,
                    _ reference: (UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafeMutablePointer<Int8>) -> Void
                ) {
                    #expect(HostPairTable.applies(plan))
                    let table = HostPairTable(plan: plan, host: host, element)
                    x1.withUnsafeBufferPointer { a in
                        x2.withUnsafeBufferPointer { b in
                            expected.withUnsafeMutableBufferPointer {
                                reference(a.baseAddress!, b.baseAddress!, $0.baseAddress!)
                            }
                            actual.withUnsafeMutableBufferPointer {
                                table.invoke(input1: a.baseAddress!, input2: b.baseAddress!, output: $0.baseAddress!)
                            }
                        }
                    }
                }
                switch index % 4 {
                case 0, 3:
                    let add = try Add(
                        input1Shape: shape, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                        input2Scale: scale2, input2ZeroPoint: zero2, outputShape: shape,
                        outputScale: max(outputScale, scale1, scale2),
                        outputZeroPoint: zeroOut, activation: activation)
                    run(add.arithmetic.plan, { add.evaluate($0, $1) }) {
                        add.invoke(input1: $0, input2: $1, output: $2)
                    }
                case 1:
                    let sub = try Sub(
                        input1Shape: shape, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                        input2Scale: scale2, input2ZeroPoint: zero2, outputShape: shape,
                        outputScale: max(outputScale, scale1, scale2),
                        outputZeroPoint: zeroOut, activation: activation)
                    run(sub.arithmetic.plan, { sub.evaluate($0, $1) }) {
                        sub.invoke(input1: $0, input2: $1, output: $2)
                    }
                default:
                    let mul = try Mul(
                        input1Shape: shape, input1Scale: scale1, input1ZeroPoint: zero1, input2Shape: shape2,
                        input2Scale: scale2, input2ZeroPoint: zero2, outputShape: shape, outputScale: outputScale,
                        outputZeroPoint: zeroOut, activation: activation)
                    run(mul.plan, { mul.multiply($0, $1) }) { mul.invoke(input1: $0, input2: $1, output: $2) }
                }
                let first = (0..<65_536).first { actual[$0] != expected[$0] }
                #expect(
                    first == nil,
                    "case \(index): scalar \(scalar) zp \(zero1),\(zero2),\(zeroOut) at \(first ?? -1): \(first.map { (actual[$0], expected[$0]) }.debugDescription)"
                )
            }
        }
    }
#endif
