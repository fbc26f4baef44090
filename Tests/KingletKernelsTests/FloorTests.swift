import Testing

@testable import KingletKernels

// Vectors: one-operator FLOOR models run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/cast_floor_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python cast_floor_vectors.py floor 52 12
// float32 bit patterns, NaN, infinities and signed zeros included.

struct FloorCase {
    var x: [UInt32], expected: [UInt32]
}

let pipFloorCases: [FloorCase] = [
    FloorCase(
        x: [0xc300e666, 0xcc76b384, 0x4ff955bd],
        expected: [0xc3010000, 0xcc76b384, 0x4ff955bd]),
    FloorCase(
        x: [0xc8800d0b],
        expected: [0xc8800d20]),
    FloorCase(
        x: [0xc300e666, 0x4d32e4ff, 0x4dc80f04, 0x4893f46b, 0xc75ced49, 0x44082082, 0x3f000000],
        expected: [0xc3010000, 0x4d32e4ff, 0x4dc80f04, 0x4893f460, 0xc75cee00, 0x44080000, 0x0]),
    FloorCase(
        x: [0xc55d0524, 0xc08e1dd6, 0xbf400000],
        expected: [0xc55d1000, 0xc0a00000, 0xbf800000]),
    FloorCase(
        x: [0xcd891ac6, 0xc400727b, 0x46ffffcd],
        expected: [0xcd891ac6, 0xc4008000, 0x46fffe00]),
    FloorCase(
        x: [0xbeddb45c, 0x4f000000, 0x49865af1, 0x80000000, 0xcb6b2c93, 0x4b2cde53, 0x4effffff],
        expected: [0xbf800000, 0x4f000000, 0x49865af0, 0x80000000, 0xcb6b2c93, 0x4b2cde53, 0x4effffff]),
    FloorCase(
        x: [
            0xc75bdfbf, 0xc89836a7, 0x4404874c, 0xc98afa68, 0x4ae5b6a9, 0xc3f3caf0, 0x4f7fffff, 0xc7000080, 0xcdb763e6,
            0x4b2145e8,
        ],
        expected: [
            0xc75be000, 0xc89836c0, 0x44048000, 0xc98afa68, 0x4ae5b6a8, 0xc3f40000, 0x4f7fffff, 0xc7000100, 0xcdb763e6,
            0x4b2145e8,
        ]),
    FloorCase(
        x: [0x0, 0xc51b7fb1, 0x0, 0xc860702c, 0x4f000000, 0x48acd074, 0xcb86942c, 0xc300e666],
        expected: [0x0, 0xc51b8000, 0x0, 0xc8607040, 0x4f000000, 0x48acd060, 0xcb86942c, 0xc3010000]),
    FloorCase(
        x: [0x43775d84, 0x42ff0000, 0xcd9833ba, 0xcbcc0392, 0x0],
        expected: [0x43770000, 0x42fe0000, 0xcd9833ba, 0xcbcc0392, 0x0]),
    FloorCase(
        x: [0xd0a1d396, 0x4f000000, 0xcf000001, 0xcb55ae36, 0x40c75967, 0xcc993daf, 0x4eef07c7],
        expected: [0xd0a1d396, 0x4f000000, 0xcf000001, 0xcb55ae36, 0x40c00000, 0xcc993daf, 0x4eef07c7]),
    FloorCase(
        x: [0x40950d2b, 0xcbfeb27e, 0xcf000001, 0xc471a72c, 0x4d68c11f, 0xce7d183a],
        expected: [0x40800000, 0xcbfeb27e, 0xcf000001, 0xc471c000, 0x4d68c11f, 0xce7d183a]),
    FloorCase(
        x: [0x40e1f0e1, 0x42451118, 0xc7000080, 0xcb65c6b5, 0x3ff8f042, 0x47be3e93],
        expected: [0x40e00000, 0x42440000, 0xc7000100, 0xcb65c6b5, 0x3f800000, 0x47be3e80]),
]

@Suite struct FloorTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in pipFloorCases.enumerated() {
            var shape = Shape()
            try shape.append(c.x.count)
            let op = try FloatFloor(shape: shape)
            let x = c.x.map { Float(bitPattern: $0) }
            var y = [Float](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { i in
                y.withUnsafeMutableBufferPointer { o in op.invoke(input: i.baseAddress!, output: o.baseAddress!) }
            }
            #expect(y.map { $0.bitPattern } == c.expected, "case \(index)")
        }
    }
}
