import Testing

@testable import KingletKernels

@Suite struct ScaleListTests {
    @Test func readsUnalignedLittleEndianFloats() {
        // One pad byte so the floats start at an odd address, as they may inside a flatbuffer.
        let values: [Float] = [0.5, 0.25, 1e-3]
        var bytes: [UInt8] = [0xEE]
        for value in values {
            let bits = value.bitPattern
            bytes += [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
        }
        bytes.withUnsafeBytes { raw in
            let list = ScaleList(base: raw.baseAddress! + 1, count: 3, quantizedDimension: 3)
            #expect(list.count == 3 && list.quantizedDimension == 3 && list.zeroPointCount == 3)
            #expect(list[0] == 0.5 && list[1] == 0.25 && list[2] == 1e-3)
            #expect(list.first == 0.5)
        }
    }

    @Test func singleAndEmpty() {
        let single = ScaleList(single: 0.125)
        #expect(single.count == 1 && single[0] == 0.125 && single.first == 0.125)
        let empty = ScaleList(base: nil, count: 0)
        #expect(empty.count == 0 && empty.first == 0)
    }
}
