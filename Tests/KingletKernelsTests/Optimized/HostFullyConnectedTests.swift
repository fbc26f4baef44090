import Testing

@testable import KingletKernels

// Differential test of the host-only int8 FULLY_CONNECTED dot product (HostFullyConnected.swift,
// reached through FullyConnected.invoke on non-ARM targets), and of the device's four-rows loop
// (OptimizedFullyConnected.swift, `rowsOfFourInvoke`), against the scalar reference loop
// (`referenceInvoke`) on seeded random cases: depths to 300 (vector bodies and tails), output
// depths leaving 4-row tails, batches, per-channel or per-tensor weights (a third of those with a
// filter zero point: the scalar path), extreme input zero points, filters over the whole int8
// range (-128 too: the largest Int16 product), with and without bias. The seed is printed; a failure names the case.

@Suite struct HostFullyConnectedTests {
    static let seed: UInt64 = 0x5EED_C0DE_0F01

    @Test func matchesReference() throws {
        print("HostFullyConnectedTests.matchesReference seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        for index in 0..<300 {
            let batches = Int(random.range(1, 4))
            let depth = Int(random.range(1, 300))
            let outputDepth = Int(random.range(1, 24))
            let inputScale = random.scale(-8, -2)
            let zeroPoints: [Int32] = [-128, 127, 0]
            let inputZeroPoint =
                random.range(0, 2) == 0 ? zeroPoints[Int(random.range(0, 2))] : random.range(-128, 127)
            let perChannel = random.range(0, 1) == 1
            let filterScales = (0..<(perChannel ? outputDepth : 1)).map { _ in random.scale(-10, -4) }
            let filterZeroPoint: Int32 = !perChannel && random.range(0, 2) == 0 ? random.range(-128, 127) : 0
            let outputScale = random.scale(-6, 0)
            let outputZeroPoint = random.range(-128, 127)
            let activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
            let input = random.int8s(batches * depth)
            let filter = random.int8s(outputDepth * depth)
            let bias: [Int32]? =
                random.range(0, 3) != 0 ? (0..<outputDepth).map { _ in random.range(-500000, 500000) } : nil
            let summary =
                "batches \(batches) depth \(depth) out \(outputDepth) zp \(inputZeroPoint) fzp \(filterZeroPoint) "
                + "scales \(filterScales.count) bias \(bias != nil)"
            let (reference, host, rowsOfFour) = try withScaleList(filterScales) { scales in
                let op = try FullyConnected(
                    inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                    filterZeroPoint: filterZeroPoint, biasScale: nil, outputScale: outputScale,
                    outputZeroPoint: outputZeroPoint, activation: activation, inputElementCount: input.count,
                    filterRows: outputDepth, filterDepth: depth, outputElementCount: batches * outputDepth,
                    outputDepth: outputDepth, biasElementCount: bias?.count)
                var scratch = [Int32](repeating: 0, count: max(FullyConnected.scratchCount(filterScales: scales), 1))
                var reference = [Int8](repeating: 0, count: batches * outputDepth)
                var host = reference, rowsOfFour = reference, prepared = reference
                scratch.withUnsafeMutableBufferPointer { slots in
                    withPointers(input, filter, bias, &reference) { x, w, b, y in
                        op.referenceInvoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress)
                    }
                    withPointers(input, filter, bias, &host) { x, w, b, y in
                        op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress)
                    }
                    withPointers(input, filter, bias, &rowsOfFour) { x, w, b, y in
                        if op.rowsOfFourApplies {
                            op.rowsOfFourInvoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress)
                        } else {
                            op.referenceInvoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress)
                        }
                    }
                }
                #if !arch(arm)
                    // The registration's HostFullyConnected: tables computed once, at prepare.
                    if HostFullyConnected.applies(op) {
                        let bytes = HostFullyConnected.hostBytes(op)
                        let tables = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
                        defer { tables.deallocate() }
                        let kernel = HostFullyConnected(kernel: op, host: tables)
                        withPointers(input, filter, bias, &prepared) { x, w, b, y in
                            kernel.invoke(input: x, filter: w, bias: b, output: y)
                        }
                        #expect(firstDifference(prepared, reference) == nil, "case (prepared tables): \(summary)")
                    }
                #endif
                return (reference, host, rowsOfFour)
            }
            #expect(firstDifference(host, reference) == nil, "case \(index): \(summary)")
            #expect(firstDifference(rowsOfFour, reference) == nil, "case \(index) (rows of four): \(summary)")
        }
    }
}
