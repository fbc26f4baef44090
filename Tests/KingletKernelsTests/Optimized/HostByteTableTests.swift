import Testing

@testable import KingletKernels

// The host-only int8 byte table (HostByteTable.swift) against HARD_SWISH's own invoke, on seeded
// random scales and zero points; the input holds all 256 int8 values. The seed is printed; a
// failure names the case.

#if !arch(arm)
    @Suite struct HostByteTableTests {
        static let seed: UInt64 = 0x5EED_B17E_0000

        @Test func hardSwishMatchesKernel() throws {
            print("HostByteTableTests.hardSwishMatchesKernel seed \(Self.seed)")
            var random = SplitMix64(seed: Self.seed)
            let host = UnsafeMutableRawPointer.allocate(byteCount: HostByteTable.bytes, alignment: 16)
            defer { host.deallocate() }
            let input = (0..<512).map { Int8(truncatingIfNeeded: $0 &* 7) }
            var ran = 0
            for index in 0..<200 {
                let inputScale = random.scale(-10, 0), outputScale = random.scale(-10, 0)
                let inputZeroPoint = random.range(-128, 127), outputZeroPoint = random.range(-128, 127)
                guard
                    let op = try? HardSwish(
                        shape: Shape(input.count), inputScale: inputScale, inputZeroPoint: inputZeroPoint,
                        outputScale: outputScale, outputZeroPoint: outputZeroPoint)
                else { continue }
                ran += 1
                var expected = [Int8](repeating: 0, count: input.count)
                var actual = [Int8](repeating: 0, count: input.count)
                let table = HostByteTable(elementCount: op.elementCount, host: host, op.hardSwish)
                input.withUnsafeBufferPointer { x in
                    expected.withUnsafeMutableBufferPointer {
                        op.invoke(input: x.baseAddress!, output: $0.baseAddress!)
                    }
                    actual.withUnsafeMutableBufferPointer {
                        table.invoke(input: x.baseAddress!, output: $0.baseAddress!)
                    }
                }
                #expect(
                    actual == expected,
                    "case \(index): scales \(inputScale) \(outputScale) zero points \(inputZeroPoint) \(outputZeroPoint)"
                )
            }
            #expect(ran > 100)
        }
    }
#endif
