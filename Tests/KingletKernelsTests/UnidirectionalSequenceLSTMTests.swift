import Testing

@testable import KingletKernels

// Vectors: one-operator UNIDIRECTIONAL_SEQUENCE_LSTM models run on pip tflite-micro
// 0.dev20261023182759 by tools/vectors/lstm_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python lstm_vectors.py 7 30
// float32 and int8 (int16 cell state) cases with random sizes, time-major and batch-major,
// cell clip on and off, random scales and zero points; one invoke from zero state (int8 states
// at their zero point); the expected outputs are pip's.
//   cd tools/vectors && python lstm_vectors.py int16 21 40   ->  0xb382a6213dd8ccb7 (40 cases)
// 16x8 cases (int16 activations, int64 biases) drawn as draw16 draws them (LSTMInt16Case); one
// invoke from zero state (TFLM resets int16 variables to 0, not the zero point).

struct LSTMCase {
    typealias Quantization = (
        input: (UInt32, Int32), hidden: (UInt32, Int32), cell: UInt32, weights: [UInt32]
    )
    enum Kind {
        case float(x: [UInt32], w: [[UInt32]], bias: [[UInt32]], expected: [UInt32])
        case int8(q: Quantization, x: [Int], w: [[Int]], bias: [[Int]], expected: [Int])
    }
    /// (batches, time steps, input size, state size)
    var sizes: (Int, Int, Int, Int)
    var timeMajor: Bool
    var clip: UInt32
    var kind: Kind

    static func float(
        sizes: (Int, Int, Int, Int), timeMajor: Bool, clip: UInt32, x: [UInt32], w: [[UInt32]], bias: [[UInt32]],
        expected: [UInt32]
    ) -> LSTMCase {
        LSTMCase(
            sizes: sizes, timeMajor: timeMajor, clip: clip, kind: .float(x: x, w: w, bias: bias, expected: expected))
    }

    static func int8(
        sizes: (Int, Int, Int, Int), timeMajor: Bool, clip: UInt32, q: Quantization, x: [Int], w: [[Int]],
        bias: [[Int]], expected: [Int]
    ) -> LSTMCase {
        LSTMCase(
            sizes: sizes, timeMajor: timeMajor, clip: clip,
            kind: .int8(q: q, x: x, w: w, bias: bias, expected: expected))
    }

    var lstmSizes: LSTMSizes {
        get throws {
            let (b, t, i, s) = sizes
            return try LSTMSizes(
                timeMajor: timeMajor, input: timeMajor ? Shape(t, b, i) : Shape(b, t, i), hiddenState: Shape(b, s),
                hiddenElements: b * s, cellElements: b * s, output: timeMajor ? Shape(t, b, s) : Shape(b, t, s))
        }
    }
}

let lstmCases: [LSTMCase] = [
    .int8(
        sizes: (1, 3, 4, 3), timeMajor: true, clip: 0x4049999a,
        q: (
            input: (0x3dd06761, 107), hidden: (0x3c5d632c, -4), cell: 0x3a000000,
            weights: [0x3c6b85f8, 0x3c7326c7, 0x3cb236f8, 0x3c8332cd, 0x3b3890ff, 0x3b9fb9e9, 0x3b7b545f, 0x3c54241d]
        ),
        x: [44, 72, 82, -127, -85, -16, -11, -121, -37, 97, 73, -64],
        w: [
            [13, 65, 123, 5, 8, -64, 109, 59, -62, -59, -50, -3],
            [-54, 59, 0, -8, 107, -115, 74, -87, 83, 80, 80, -79],
            [-56, 15, 64, 90, 85, -66, 115, 95, -5, 11, 42, 36],
            [104, 79, 47, 109, 127, 113, 91, 125, 75, 98, 19, 13],
            [0, 56, -122, 76, -118, 71, 62, -44, 96],
            [96, -127, 17, -120, -124, 68, -90, -53, 24],
            [-104, 75, 38, -5, 78, -73, -103, 16, 117],
            [99, -120, 33, 81, -2, 45, -96, -106, 86],
        ],
        bias: [
            [15774, -18625, -15843],
            [15313, 12070, 6450],
            [-22735, 13201, 15703],
            [19195, 24035, 27553],
        ],
        expected: [-4, -4, -4, -4, -4, -4, -4, -4, 52]),
    .int8(
        sizes: (1, 4, 4, 1), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3b428797, -42), hidden: (0x3c96b700, -3), cell: 0x38800000,
            weights: [0x3bbdffe7, 0x3bbc66e9, 0x3d60b026, 0x3b01bda0, 0x3c85adbb, 0x3b813888, 0x3d54750b, 0x3c92dd6f]
        ),
        x: [41, -17, 51, 68, 63, -3, 7, -43, -10, -69, -46, -104, -2, -104, -125, -36],
        w: [
            [-117, -60, 9, -98],
            [-96, 4, -27, 47],
            [-33, -106, 84, -115],
            [15, 65, 47, -14],
            [104],
            [118],
            [39],
            [90],
        ],
        bias: [
            [19950],
            [-17309],
            [-7618],
            [-16381],
        ],
        expected: [-15, -15, -10, -16]),
    .float(
        sizes: (1, 4, 1, 1), timeMajor: true, clip: 0x3f266666,
        x: [0xc058c000, 0xbf5d0000, 0x406b4000, 0xbf828000],
        w: [
            [0x3f2d8000],
            [0xbda00000],
            [0x3f6e4000],
            [0x3f698000],
            [0x3f34c000],
            [0x3f3a0000],
            [0x3f5a4000],
            [0xbe2f0000],
        ],
        bias: [
            [0xbfcdc000],
            [0xbec90000],
            [0xbec00000],
            [0xbfa98000],
        ],
        expected: [0xb977e8bf, 0xbc211d7c, 0x3f015c60, 0x3cac6372]),
    .int8(
        sizes: (1, 3, 4, 4), timeMajor: false, clip: 0x3fb9999a,
        q: (
            input: (0x3d69a3b8, -59), hidden: (0x3b7426e5, 17), cell: 0x38000000,
            weights: [0x3d5b4c09, 0x3c6273ef, 0x3bcf8404, 0x3c823c0f, 0x3b422cd4, 0x3b67a7b8, 0x3c232017, 0x3b2f5097]
        ),
        x: [19, 18, 10, -115, -74, 92, -77, 106, 104, -98, 2, -85],
        w: [
            [-44, 15, -70, -69, 78, -32, -122, -10, -116, 69, -87, 9, 13, -49, -3, 4],
            [-27, 86, -116, 112, -62, -40, -64, 94, 93, 23, -21, -36, 82, -92, -88, -7],
            [118, 107, -92, -77, 86, -18, -93, 22, 50, -59, -36, -117, -26, -54, 0, -10],
            [-29, -77, -49, -105, 77, 55, 62, 29, 104, -63, -58, -45, 71, -31, -38, -112],
            [-103, 53, 56, 119, 61, 50, 61, -36, 87, 106, -81, -40, 127, -42, 85, -43],
            [103, 79, -15, -45, 16, -6, -50, -25, -61, -103, 58, -82, -65, 122, -30, -106],
            [-3, 71, 121, 1, -32, 52, -93, 3, 74, -67, 73, -38, -5, 96, 119, 68],
            [29, 97, 31, -42, 54, 7, -3, 46, 17, 10, -7, 79, 50, -83, -52, 71],
        ],
        bias: [
            [-17441, 18223, -14477, 5392],
            [8589, -17993, 7235, 26125],
            [-20890, 28071, 21297, -6996],
            [-16694, 28449, 29275, 13225],
        ],
        expected: [17, 127, 17, -128, 17, 127, -128, 17, 17, 127, -128, -128]),
    .int8(
        sizes: (2, 4, 3, 3), timeMajor: true, clip: 0x40366666,
        q: (
            input: (0x3c8585c5, 63), hidden: (0x3b1c1825, -19), cell: 0x38800000,
            weights: [0x3c57f904, 0x3d68f926, 0x3c771366, 0x3c3146b3, 0x3cdcb522, 0x3b85fc0c, 0x3c8a9fda, 0x3c39f0ad]
        ),
        x: [
            97, 16, -125, -16, 83, -98, 24, -101, 98, -101, -124, 31, 7, 112, -52, -14, -67, -1, 32, 82, -20, 45, -75,
            -44,
        ],
        w: [
            [-79, -112, -123, -101, 50, 5, 100, -127, -107],
            [-24, -78, 51, 37, -122, 15, 26, -90, 67],
            [98, 25, 88, -20, -110, -74, -118, -41, -111],
            [-45, 7, 120, -59, -51, 102, 44, 38, -29],
            [115, 89, 31, 47, 43, -84, -55, -64, -27],
            [101, -29, -56, -77, -3, 90, -114, -2, -66],
            [104, 51, -4, 69, -68, 47, -101, 62, -78],
            [-43, 114, 61, 80, 8, 11, -127, 71, 108],
        ],
        bias: [
            [-19919, -18000, -152],
            [-3539, -8905, -16997],
            [28786, 20460, -3715],
            [23839, -3822, 27684],
        ],
        expected: [
            110, -19, 127, 127, -17, 127, 127, -15, 58, 127, 47, 127, 127, -15, 122, 127, 29, 127, 113, -17, 127, 127,
            5, 127,
        ]),
    .float(
        sizes: (1, 2, 3, 3), timeMajor: false, clip: 0x40333333,
        x: [0x403f4000, 0x3ffe8000, 0xbffd8000, 0x3fcc0000, 0x3f858000, 0xbfd90000],
        w: [
            [
                0xbf174000, 0x3f200000, 0x3f338000, 0xbd140000, 0xbe900000, 0xbf508000, 0xbec50000, 0x3f1e8000,
                0x3eba8000,
            ],
            [
                0xbf694000, 0xbebb8000, 0x3d200000, 0xbe918000, 0xbf074000, 0x3e6f0000, 0xbe3e0000, 0x3eac0000,
                0xbf028000,
            ],
            [
                0x3f3a0000, 0x3f768000, 0x3f370000, 0x3f184000, 0xbf41c000, 0xbc400000, 0x3c800000, 0xbe170000,
                0xbeda0000,
            ],
            [
                0xbe880000, 0xbeb20000, 0x3f594000, 0xbf410000, 0xbef60000, 0xbf4bc000, 0x3f2c8000, 0x3f57c000,
                0xbe808000,
            ],
            [
                0x3d380000, 0xbe938000, 0xbf710000, 0x3dfa0000, 0xbed98000, 0x3f2a4000, 0x3f0c0000, 0x3ec48000,
                0xbf700000,
            ],
            [
                0x3f514000, 0xbe440000, 0xbf4dc000, 0xbf7a0000, 0xbf364000, 0x3e5a0000, 0xbd820000, 0x3f714000,
                0x3cd80000,
            ],
            [
                0xbf3fc000, 0x3ef38000, 0x3f520000, 0xbe1f0000, 0x3ba00000, 0xbf708000, 0x3f4d4000, 0xbf2f4000,
                0xbd1c0000,
            ],
            [
                0x3f55c000, 0x3eec8000, 0xbf210000, 0xbea20000, 0xbd680000, 0xbf518000, 0xbf688000, 0x3bc00000,
                0xbde60000,
            ],
        ],
        bias: [
            [0xbf078000, 0x3f8d8000, 0x3f278000],
            [0x3fcf4000, 0x3fe5c000, 0x3f760000],
            [0xbfb9c000, 0xbf0b0000, 0xbf518000],
            [0x3e2a0000, 0x3e9e0000, 0x3ecd0000],
        ],
        expected: [0x3b50bbf8, 0xbd36354b, 0xbdddb5cf, 0xbb9ec775, 0xbe33babf, 0xbe39b4d2]),
    .float(
        sizes: (1, 2, 3, 3), timeMajor: true, clip: 0x40000000,
        x: [0xbf848000, 0xbfd70000, 0x40520000, 0xc01b4000, 0xbea20000, 0x3df80000],
        w: [
            [
                0x3f5a4000, 0xbf3b4000, 0xbef60000, 0xbee28000, 0x3f388000, 0xbf1e8000, 0xbf3cc000, 0xbf2b4000,
                0x3f524000,
            ],
            [
                0xbf180000, 0xbf580000, 0xbf504000, 0x3e808000, 0x3f420000, 0x3f484000, 0x3d6c0000, 0x3e988000,
                0xbf734000,
            ],
            [
                0x3ef18000, 0xbeb28000, 0xbe828000, 0xbed60000, 0x3f790000, 0xbebd8000, 0x3f438000, 0xbd500000,
                0x3f688000,
            ],
            [
                0x3f50c000, 0xbf164000, 0x3f540000, 0x3e760000, 0x3f4b4000, 0xbdc00000, 0x3f6d4000, 0x3f27c000,
                0xbf4ac000,
            ],
            [
                0x3f430000, 0x3e900000, 0xbef18000, 0xbf26c000, 0xbf6d8000, 0xbe740000, 0x3f49c000, 0x3f350000,
                0x3e550000,
            ],
            [
                0x3ef70000, 0xbf424000, 0x3f774000, 0xbe550000, 0x3e910000, 0xbe4f0000, 0x3e730000, 0x3f658000,
                0xbecd8000,
            ],
            [
                0x3f0a4000, 0xbf704000, 0xbd380000, 0xbed80000, 0x3f2e0000, 0xbe460000, 0x3e4d0000, 0xbdac0000,
                0xbef08000,
            ],
            [
                0x3d740000, 0x3f6b8000, 0x3f724000, 0x3f6e4000, 0x3be00000, 0x3f328000, 0x3f704000, 0xbf224000,
                0x3f56c000,
            ],
        ],
        bias: [
            [0x3f2e0000, 0xbf178000, 0x3f800000],
            [0x3fcc4000, 0x3fa44000, 0xbff7c000],
            [0x3fb34000, 0x3faf8000, 0x3f984000],
            [0x3f9a4000, 0xbf450000, 0x3f7e8000],
        ],
        expected: [0x3e521ff4, 0xbadce686, 0x3c9b53fa, 0x3defa036, 0x3db144bf, 0xbd8f5d2c]),
    .int8(
        sizes: (1, 1, 1, 1), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3b368fb2, 5), hidden: (0x3c898dc4, -7), cell: 0x3b000000,
            weights: [0x3c50979e, 0x3cc7b0a2, 0x3bbd9345, 0x3bcbc858, 0x3c89c6c3, 0x3b422fb1, 0x3be1fc8e, 0x3ce03cfd]
        ),
        x: [-98],
        w: [
            [-96],
            [-55],
            [-120],
            [-124],
            [15],
            [-120],
            [-103],
            [-56],
        ],
        bias: [
            [20817],
            [-8649],
            [-12987],
            [-406],
        ],
        expected: [-7]),
    .int8(
        sizes: (1, 1, 1, 3), timeMajor: false, clip: 0x3ff9999a,
        q: (
            input: (0x3ce8f02f, 18), hidden: (0x3c1a7c53, 4), cell: 0x3a800000,
            weights: [0x3d43cd40, 0x3c0acd6b, 0x3c2037fa, 0x3bf35b12, 0x3be27de4, 0x3cd77763, 0x3c90a128, 0x3c7d7246]
        ),
        x: [11],
        w: [
            [49, 55, -115],
            [45, 74, 99],
            [-19, 38, -42],
            [-113, 100, -65],
            [-74, -36, -75, 30, -16, -36, 89, 88, 68],
            [41, -54, 19, 103, 7, 13, 105, 4, -14],
            [-102, 110, 34, 90, 48, 88, -52, -108, 104],
            [-41, 126, 44, -86, -67, 29, 66, -95, 92],
        ],
        bias: [
            [-26338, 18543, -10106],
            [14153, 1048, -24379],
            [-27317, 9146, 15012],
            [-11492, -28004, 18211],
        ],
        expected: [4, 4, 4]),
    .float(
        sizes: (2, 1, 2, 1), timeMajor: true, clip: 0x401ccccd,
        x: [0xbf4d0000, 0xc0048000, 0xbf8d0000, 0x3f3b0000],
        w: [
            [0x3ec98000, 0xbf640000],
            [0xbf348000, 0x3d680000],
            [0x3d5c0000, 0x3f754000],
            [0x3f1bc000, 0xbf78c000],
            [0x3c200000],
            [0x3e000000],
            [0xbf690000],
            [0x3ec60000],
        ],
        bias: [
            [0x3f870000],
            [0xbf050000],
            [0x3fe1c000],
            [0x3fc0c000],
        ],
        expected: [0xbe64edd7, 0x3e74df24]),
    .int8(
        sizes: (1, 1, 4, 3), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3baf516c, 51), hidden: (0x3b5667bf, 18), cell: 0x3a800000,
            weights: [0x3c0732f6, 0x3c83070e, 0x3ca7b42b, 0x3ce1b320, 0x3bba2901, 0x3c30db28, 0x3d29c817, 0x3b8c53db]
        ),
        x: [32, 122, -107, 56],
        w: [
            [-25, 2, 74, -126, 76, 60, -28, 127, -120, -26, 94, 115],
            [-55, 47, 25, 117, -3, -46, -124, 121, -110, -77, 7, 5],
            [-70, 113, -67, -19, 33, -91, -117, -34, -113, -9, 31, 120],
            [-76, -60, -94, -63, -44, -42, -58, 41, 108, 8, 67, -100],
            [-95, 36, -64, -120, -18, 5, 37, -71, -93],
            [45, 12, -41, -82, -120, 58, -40, -62, -93],
            [125, -8, -2, 78, -87, -104, -22, -57, -101],
            [75, 90, 83, 34, 120, 100, -116, -86, 126],
        ],
        bias: [
            [15878, 9242, 19997],
            [7926, -17206, -7687],
            [-5601, -4501, -18219],
            [11982, 12012, 2912],
        ],
        expected: [127, 127, -12]),
    .int8(
        sizes: (1, 1, 3, 4), timeMajor: false, clip: 0x3ee66666,
        q: (
            input: (0x3d9d914f, 55), hidden: (0x3bf7c77a, 15), cell: 0x38000000,
            weights: [0x3c0237b2, 0x3c373551, 0x3bce47ba, 0x3c85a6f7, 0x3ce51178, 0x3c6d9fe4, 0x3c8730be, 0x3d78371f]
        ),
        x: [126, -28, -114],
        w: [
            [-37, 84, 94, -48, -30, 41, 111, -105, 10, 42, -17, 90],
            [-51, 34, 20, -45, 91, 21, 49, -38, -61, 86, -86, 121],
            [53, -37, -51, 65, 66, 35, -53, 5, -100, -65, 7, 93],
            [-127, -89, -35, -96, 33, -18, -29, 112, 9, 88, 96, -5],
            [10, 25, -56, 40, -72, -25, 59, 33, 88, -127, -81, -10, 38, -90, -125, 35],
            [72, -100, -34, -44, 19, 124, 121, 23, -2, -23, -31, 88, 122, -97, -83, 79],
            [14, 65, 119, 58, -107, -55, -127, -58, -111, 93, 30, -107, -84, -18, 17, 22],
            [34, -74, 7, 48, 40, 52, -79, 95, 30, -125, 10, 119, -9, 11, 109, -82],
        ],
        bias: [
            [19481, -24201, -23528, -6439],
            [-26266, -26859, -19318, -21152],
            [-19172, 9535, 24252, 3849],
            [6917, 21168, -2914, -7170],
        ],
        expected: [12, 15, 15, 15]),
    .int8(
        sizes: (1, 4, 2, 2), timeMajor: false, clip: 0x3f266666,
        q: (
            input: (0x3bbb42cb, 41), hidden: (0x3b38958c, 12), cell: 0x39800000,
            weights: [0x3b842a4d, 0x3c5c2dc0, 0x3d15a668, 0x3b929161, 0x3cf56f90, 0x3b46dda7, 0x3bb9a902, 0x3b117077]
        ),
        x: [73, -120, -112, -113, 92, 112, -72, 77],
        w: [
            [-31, 105, -119, -5],
            [90, 104, -17, 7],
            [37, -97, -28, 90],
            [-87, -26, 3, -3],
            [23, -112, -101, 83],
            [54, 109, 34, -38],
            [60, 1, 76, 12],
            [1, -25, -81, 37],
        ],
        bias: [
            [29635, -6063],
            [-6080, 24592],
            [219, -6609],
            [1722, 178],
        ],
        expected: [107, -63, 127, -86, -27, -79, -104, -80]),
    .float(
        sizes: (1, 2, 2, 4), timeMajor: true, clip: 0x3f4ccccd,
        x: [0xbe280000, 0xc035c000, 0xbfe80000, 0x3e380000],
        w: [
            [0xbf644000, 0xbe930000, 0x3f200000, 0xbf0e4000, 0x3f284000, 0xbf164000, 0xbee68000, 0x3f690000],
            [0xbf5f4000, 0x3e770000, 0x3e9a8000, 0xbd500000, 0xbf220000, 0xbde20000, 0x3efb0000, 0x3df40000],
            [0xbf1b0000, 0x3ea80000, 0xbf148000, 0x3f128000, 0x3d840000, 0x3f620000, 0x3f6ec000, 0x3f570000],
            [0xbe2a0000, 0xbef90000, 0xbf3e8000, 0xbe000000, 0xbf1c4000, 0xbea58000, 0xbe958000, 0xbf1b4000],
            [
                0x3f6e0000, 0xbeaa0000, 0x3f0e8000, 0x3f498000, 0x3ede0000, 0xbf6c0000, 0xbf234000, 0x3de00000,
                0x3dba0000, 0xbf110000, 0x3e1f0000, 0xbdaa0000, 0xbf2e4000, 0x3e828000, 0xbd640000, 0xbe3a0000,
            ],
            [
                0x3f768000, 0xbd0c0000, 0x3f2d4000, 0x3e8e8000, 0x3e910000, 0xbf124000, 0xbebd8000, 0xbf3c4000,
                0xbf6dc000, 0xbe908000, 0xbea58000, 0x3e918000, 0x3e330000, 0x3e140000, 0x3f190000, 0xbf1e0000,
            ],
            [
                0xbef48000, 0xbee08000, 0xbd5c0000, 0x3eac0000, 0xbf3dc000, 0xbe808000, 0xbf738000, 0xbf244000,
                0xbf11c000, 0x3f5f4000, 0x3e470000, 0x3e900000, 0xbf13c000, 0x3e828000, 0xbd500000, 0x3f144000,
            ],
            [
                0x3f6e8000, 0x3f5c0000, 0x3ed70000, 0xbf60c000, 0x3ef30000, 0xbed70000, 0xbf77c000, 0xbf210000,
                0x3e7e0000, 0xbf4f8000, 0xbeec8000, 0x3edf8000, 0x3f010000, 0x3e888000, 0xbee38000, 0xbe200000,
            ],
        ],
        bias: [
            [0xbf7d8000, 0xbf680000, 0xbfafc000, 0x3fbc0000],
            [0xbf218000, 0x3f430000, 0xbfa04000, 0xbdec0000],
            [0xbff5c000, 0xbfcc4000, 0x3edd0000, 0xbff50000],
            [0xbfc94000, 0xbfc34000, 0xbfc90000, 0x3fab4000],
        ],
        expected: [0xbe551cad, 0xbe156f0a, 0xbe3583e8, 0xbe79e0f6, 0xbdca23e7, 0xbe437fd7, 0xbdc2bf34, 0xbf106c10]),
    .int8(
        sizes: (1, 1, 1, 3), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3c09a856, -85), hidden: (0x3cf6da16, -19), cell: 0x39800000,
            weights: [0x3c6ec6f1, 0x3d1127f8, 0x3c68719d, 0x3b31f134, 0x3d74b580, 0x3d27f79d, 0x3c2510c8, 0x3bbda0c9]
        ),
        x: [-63],
        w: [
            [111, -17, -45],
            [41, -51, 80],
            [-41, -42, 72],
            [-86, 84, 116],
            [48, 61, -66, 27, 65, -82, 72, -67, 2],
            [61, -101, 87, 108, 23, -12, 44, 21, 52],
            [6, -98, -13, 54, -58, 108, 108, 35, -96],
            [-97, 121, 43, -105, -65, -105, -15, 57, 90],
        ],
        bias: [
            [24366, -15910, -14166],
            [-828, -11232, 10358],
            [-5015, 6098, -17074],
            [-15202, -6679, 12443],
        ],
        expected: [-26, -18, -21]),
    .int8(
        sizes: (2, 2, 1, 2), timeMajor: false, clip: 0x3f99999a,
        q: (
            input: (0x3b9ea2ac, -43), hidden: (0x3bc1be98, -14), cell: 0x3a000000,
            weights: [0x3b18759e, 0x3b62c132, 0x3bd36b0a, 0x3b151e4a, 0x3c5a1085, 0x3d308204, 0x3d134e74, 0x3cc9f6c8]
        ),
        x: [125, -71, -88, 96],
        w: [
            [-122, 16],
            [70, 73],
            [21, -25],
            [79, -127],
            [-56, 12, 105, -67],
            [-14, 108, -15, 77],
            [-99, -109, 124, -69],
            [-13, -73, -110, 117],
        ],
        bias: [
            [29998, -21252],
            [-856, 28281],
            [2180, 12807],
            [-17711, -5118],
        ],
        expected: [-6, -6, -23, 9, -12, 1, -22, 1]),
    .float(
        sizes: (2, 3, 2, 1), timeMajor: false, clip: 0x00000000,
        x: [
            0x40408000, 0xc0094000, 0x40344000, 0xbfce8000, 0x3f2d0000, 0xbf970000, 0xc0220000, 0xbfb60000, 0x3ee40000,
            0x403e0000, 0xc039c000, 0xc0770000,
        ],
        w: [
            [0x3f530000, 0xbefd0000],
            [0x3eef8000, 0xbf5f4000],
            [0x3d400000, 0x3f610000],
            [0x3f468000, 0x3e868000],
            [0x3f280000],
            [0xbedd0000],
            [0xbf488000],
            [0xbf1ec000],
        ],
        bias: [
            [0xbfe08000],
            [0x3fa54000],
            [0x3e5c0000],
            [0xbfc04000],
        ],
        expected: [0xbebd2b86, 0xbf06fe26, 0xbe739d62, 0xba3c172a, 0x3c97aac0, 0xb9e8a9ec]),
    .int8(
        sizes: (2, 2, 4, 1), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3b559fcf, -20), hidden: (0x3b99a760, 13), cell: 0x38800000,
            weights: [0x3b277507, 0x3b4f1d5a, 0x3c1d938a, 0x3b52888c, 0x3beac012, 0x3c26a243, 0x3c94719f, 0x3cd73955]
        ),
        x: [113, 120, 97, 109, -76, 21, 6, 61, 20, -94, -65, -105, 83, -65, 54, -94],
        w: [
            [-95, -122, -104, 93],
            [-115, 108, -26, 10],
            [-100, -123, 74, 54],
            [-104, -83, -60, -36],
            [-26],
            [68],
            [-75],
            [-123],
        ],
        bias: [
            [-3536],
            [-19423],
            [7540],
            [-9665],
        ],
        expected: [5, 34, 19, 20]),
    .float(
        sizes: (2, 1, 2, 3), timeMajor: true, clip: 0x3f333333,
        x: [0xbfdd0000, 0x40790000, 0x4015c000, 0xbf900000],
        w: [
            [0xbd2c0000, 0x3f43c000, 0x3f290000, 0xbe4e0000, 0xbd960000, 0xbf778000],
            [0x3ef00000, 0xbf694000, 0x3f360000, 0x3f588000, 0xbead8000, 0xbf3a4000],
            [0x3e898000, 0x3e240000, 0xbcb00000, 0xbf220000, 0xbe730000, 0x3f63c000],
            [0x3cf00000, 0x3f414000, 0xbf05c000, 0x3e240000, 0xbed50000, 0x3e1d0000],
            [
                0xbe878000, 0x3f0c4000, 0x3ebc0000, 0x3f4ac000, 0xbf1d0000, 0xbd880000, 0xbf070000, 0xbe9d0000,
                0xbf2ec000,
            ],
            [
                0x3f3b0000, 0xbf054000, 0x3eb28000, 0xbf2fc000, 0x3f344000, 0xbe3a0000, 0xbf798000, 0xbefa0000,
                0xbf480000,
            ],
            [
                0xbc100000, 0xbed90000, 0x3eaf8000, 0xbe110000, 0x3f53c000, 0x3f76c000, 0x3efa8000, 0x3f700000,
                0x3f144000,
            ],
            [
                0x3ed70000, 0x3f180000, 0xbf168000, 0x3f748000, 0xbef18000, 0xbe3d0000, 0x3e898000, 0xbf468000,
                0x3f578000,
            ],
        ],
        bias: [
            [0x3faac000, 0xbfd1c000, 0xbfcf0000],
            [0x3f638000, 0x3fa30000, 0x3eae0000],
            [0x3fdfc000, 0xbea90000, 0x3f408000],
            [0xbf210000, 0x3f558000, 0xbfda4000],
        ],
        expected: [0x3f0c10b9, 0xbccd050d, 0x3b09c39f, 0x3dd19f99, 0x3d7a1db7, 0xbc42a04e]),
    .int8(
        sizes: (2, 3, 1, 4), timeMajor: false, clip: 0x00000000,
        q: (
            input: (0x3d727b91, -42), hidden: (0x3cbf8194, 17), cell: 0x38000000,
            weights: [0x3cf69a01, 0x3d2a5db0, 0x3c283c9f, 0x3ba0237f, 0x3d314571, 0x3b63a62d, 0x3b58e08c, 0x3c56b11b]
        ),
        x: [-125, 56, -23, -101, 28, 3],
        w: [
            [-4, -96, 64, 40],
            [-56, 11, 58, -9],
            [99, 43, 59, 78],
            [-1, -91, -1, -30],
            [122, -94, -65, -59, -75, -47, -10, 114, -55, -9, 31, 57, -76, -64, 51, 120],
            [-13, 67, 116, 126, -50, 106, -104, -84, 26, -8, -59, 17, 98, 113, 17, -62],
            [26, -72, 17, 16, 22, -15, -34, 65, 120, 25, -101, -98, 63, 106, -91, 0],
            [123, 35, -77, -23, -127, 101, 74, 75, 56, 94, 46, -49, 37, -84, 31, -26],
        ],
        bias: [
            [-18758, -20613, -8000, 1854],
            [-20903, 26879, 23879, 19411],
            [15513, 22354, 19739, -23773],
            [17613, -8088, 9514, -4772],
        ],
        expected: [17, 17, 17, 16, 17, 17, 19, 14, 17, 17, 19, 11, 17, 17, 17, 13, 17, 17, 17, 13, 17, 17, 17, 12]),
    .float(
        sizes: (1, 4, 4, 2), timeMajor: false, clip: 0x00000000,
        x: [
            0xc00a4000, 0x3fea0000, 0xbfd88000, 0x40160000, 0xbf928000, 0x3d200000, 0xc01fc000, 0x3fee8000, 0x404a4000,
            0xc04a8000, 0x40588000, 0xc01c0000, 0x40208000, 0xc013c000, 0xbee60000, 0xc071c000,
        ],
        w: [
            [0x3f5d4000, 0x3f2f0000, 0x3f5d4000, 0xbf6c4000, 0xbebe0000, 0x3ef18000, 0xbe730000, 0xbe540000],
            [0x3f6b4000, 0x3e8b8000, 0x3e710000, 0x3e750000, 0xbf42c000, 0x3f520000, 0xbf35c000, 0x3f0f0000],
            [0xbf068000, 0xbf12c000, 0xbe440000, 0xbd180000, 0x3f670000, 0x3f6c4000, 0xbe9a8000, 0x3f73c000],
            [0x3ee88000, 0xbedd8000, 0xbf658000, 0x3f430000, 0xbf3e8000, 0xbf140000, 0xbed80000, 0x3ea98000],
            [0xbf694000, 0xbdaa0000, 0xbf534000, 0x3f128000],
            [0xbe360000, 0x3f76c000, 0x3eda0000, 0xbe8f0000],
            [0x3daa0000, 0xbf3f8000, 0xbf648000, 0x3e908000],
            [0xbf688000, 0xbf180000, 0x3f3dc000, 0xbec80000],
        ],
        bias: [
            [0x3f538000, 0xbf780000],
            [0x3f290000, 0xbfc5c000],
            [0xbf3b0000, 0x3faa0000],
            [0xbfca8000, 0xbfb60000],
        ],
        expected: [0xbbc3b942, 0x3ebda7ef, 0xbb9ae5cd, 0x3f0f3320, 0xbc56b70f, 0xb9a07920, 0xbddb664a, 0xbba09d21]),
    .int8(
        sizes: (2, 2, 2, 3), timeMajor: false, clip: 0x40333333,
        q: (
            input: (0x3b644da8, -100), hidden: (0x3bdf3705, -18), cell: 0x38000000,
            weights: [0x3b55e4c4, 0x3b036034, 0x3bde5d62, 0x3c0542ef, 0x3d5fafb5, 0x3c648871, 0x3bdeafd9, 0x3c178700]
        ),
        x: [85, -65, 77, -101, 6, -95, -42, 9],
        w: [
            [2, 12, -74, 52, -107, -33],
            [95, 3, 51, 46, -18, 36],
            [-95, 102, -45, -35, 38, -28],
            [8, 20, -27, 74, -32, 38],
            [-64, -41, -24, 106, -47, -89, 125, 16, -49],
            [-53, 86, -20, -94, -18, 28, 45, 36, 78],
            [-117, 65, 35, 41, -33, -81, 83, -71, -26],
            [-31, 54, -12, -25, -38, -115, -112, -19, 34],
        ],
        bias: [
            [-2179, 12549, -21932],
            [7423, 24141, 3888],
            [-4542, -28794, 11361],
            [2047, -11283, 19876],
        ],
        expected: [-34, -39, -5, -45, -42, -5, -30, -37, -5, -21, -48, -6]),
    .int8(
        sizes: (1, 4, 2, 1), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3d08bc57, -79), hidden: (0x3b2bf486, 2), cell: 0x3b000000,
            weights: [0x3c4712cb, 0x3be66291, 0x3d19d387, 0x3bb89789, 0x3d1d1137, 0x3ba01088, 0x3cd7cdf6, 0x3b5f0990]
        ),
        x: [36, -108, -55, -23, 64, 85, -76, 52],
        w: [
            [-92, 90],
            [97, 74],
            [72, -88],
            [119, 75],
            [-40],
            [-60],
            [36],
            [62],
        ],
        bias: [
            [-25683],
            [8697],
            [17396],
            [-28921],
        ],
        expected: [2, 2, 2, 2]),
    .float(
        sizes: (2, 2, 3, 4), timeMajor: true, clip: 0x40700000,
        x: [
            0x405cc000, 0x3eda0000, 0xbe940000, 0xc0230000, 0x4049c000, 0x40118000, 0x40044000, 0x3f320000, 0x402f4000,
            0x3f8c8000, 0xc02f8000, 0x40258000,
        ],
        w: [
            [
                0xbebd0000, 0xbf4d8000, 0x3e0a0000, 0xbe1b0000, 0x3ead8000, 0xbdb40000, 0xbd860000, 0xbe730000,
                0xbeaf0000, 0x3edc0000, 0x3f480000, 0xbebc0000,
            ],
            [
                0xbea90000, 0x3f23c000, 0x3f2e4000, 0x3d380000, 0x3f518000, 0xbe8a0000, 0x3e898000, 0x3f1c8000,
                0xbf718000, 0xbf158000, 0x3ef20000, 0xbe6e0000,
            ],
            [
                0xbf234000, 0xbe760000, 0xbf4ac000, 0xbf128000, 0x3f5ac000, 0x3f2a8000, 0x3f194000, 0xbe310000,
                0xbf240000, 0xbf0a0000, 0xbe670000, 0x3f1a4000,
            ],
            [
                0xbf3ac000, 0x3f6f4000, 0x3de60000, 0xbf748000, 0xbe898000, 0xbf570000, 0x3edb8000, 0x3f2c4000,
                0x3f128000, 0x3f6e0000, 0xbf23c000, 0x3f31c000,
            ],
            [
                0x3e790000, 0x3e880000, 0xbf3f8000, 0xbe120000, 0x3f2bc000, 0x3f240000, 0x3eb90000, 0x3f798000,
                0xbdc40000, 0x3f3c8000, 0xbf05c000, 0xbd580000, 0x3ea40000, 0x3ea68000, 0xbf0e0000, 0x3f4e0000,
            ],
            [
                0x3f020000, 0x3eae8000, 0x3f438000, 0x3e580000, 0xbeef0000, 0x3f088000, 0x3f554000, 0xbeb30000,
                0x3e3e0000, 0x3c200000, 0xbf5f4000, 0xbe660000, 0xbf6f0000, 0xbf538000, 0x3f4f4000, 0x3f724000,
            ],
            [
                0x3e5f0000, 0xbf3c0000, 0x3f0a0000, 0x3f524000, 0xbeb28000, 0xbf460000, 0x3e7c0000, 0x3f148000,
                0xbf6e4000, 0xbf020000, 0x3eca0000, 0xbece8000, 0xbf578000, 0x3ed10000, 0xbf78c000, 0x3ee40000,
            ],
            [
                0xbf168000, 0x3db00000, 0x3f3e4000, 0x3e620000, 0x3efb0000, 0xbef90000, 0xbedb0000, 0x3f798000,
                0x3f654000, 0xbf530000, 0xbf318000, 0x3f26c000, 0xbc300000, 0x3f128000, 0xbf680000, 0xbf5b8000,
            ],
        ],
        bias: [
            [0xbf1e8000, 0x3fd9c000, 0xbf638000, 0xbf1e0000],
            [0x3fc90000, 0xbf690000, 0xbfadc000, 0xbf2e0000],
            [0xbe180000, 0x3fdac000, 0xbfb90000, 0xbfb38000],
            [0xbeef0000, 0x3fbb8000, 0x3db80000, 0xbfd94000],
        ],
        expected: [
            0xbbcab6c0, 0xbc3af902, 0x3e03f1dc, 0xbef7c8a4, 0xbdd0261b, 0x3f0f95e9, 0xbdb33ae1, 0x3b3b5c6e, 0xbd86fd1c,
            0x3c8cdbbf, 0xbdaa05c2, 0xbe99fbed, 0xbcaf0552, 0x3c3e5ecc, 0xbe06c0a6, 0x3cf2edf6,
        ]),
    .float(
        sizes: (1, 2, 3, 3), timeMajor: true, clip: 0x3fb33333,
        x: [0x4008c000, 0xc05c0000, 0xc0750000, 0xc0438000, 0xbfde8000, 0xbf7d0000],
        w: [
            [
                0xbe380000, 0xbe880000, 0xbf6bc000, 0x3dba0000, 0x3f158000, 0xbe3c0000, 0x3f684000, 0x3f774000,
                0x3d820000,
            ],
            [
                0xbd040000, 0xbed20000, 0x3f120000, 0x3f788000, 0x3ecb0000, 0xbece8000, 0xbf004000, 0xbdd20000,
                0x3e938000,
            ],
            [
                0x3ed38000, 0x3f0d0000, 0xbe540000, 0x3f57c000, 0x3dd20000, 0x3f0c8000, 0xbed58000, 0xbe960000,
                0xbf47c000,
            ],
            [
                0x3e340000, 0x3f388000, 0x3e700000, 0xbf1cc000, 0x3f5ac000, 0xbd440000, 0x3f034000, 0x3f2d4000,
                0xbf6f4000,
            ],
            [
                0x3d600000, 0xbd540000, 0x3f210000, 0xbf330000, 0xbe360000, 0xbf050000, 0x3c100000, 0xbe848000,
                0xbf62c000,
            ],
            [
                0xbf734000, 0xbf4ac000, 0x3eba8000, 0xbc200000, 0xbf094000, 0x3ea20000, 0xbf6bc000, 0x3ea28000,
                0x3ea00000,
            ],
            [
                0xbf314000, 0xbe5e0000, 0xbcd00000, 0xbf108000, 0x3f1b4000, 0xbf41c000, 0x3f00c000, 0x3e918000,
                0x3f160000,
            ],
            [
                0x3e740000, 0xbdb20000, 0x3f120000, 0x3e800000, 0xbf4b8000, 0xbe988000, 0xbee50000, 0x3ef78000,
                0x3f768000,
            ],
        ],
        bias: [
            [0xbfa9c000, 0xbfde8000, 0xbfce8000],
            [0xbf868000, 0x3fe24000, 0xbe660000],
            [0xbf6d8000, 0xbf690000, 0x3ff0c000],
            [0x3ec60000, 0xbe380000, 0xbf7b0000],
        ],
        expected: [0xbd34834d, 0xba3a1dfd, 0x3cf6615a, 0xbdef2659, 0xbd13e7db, 0x3af7853d]),
    .int8(
        sizes: (2, 2, 2, 4), timeMajor: false, clip: 0x40766666,
        q: (
            input: (0x3beacc48, -10), hidden: (0x3ceaa1c0, 3), cell: 0x38000000,
            weights: [0x3bcec426, 0x3b27ac77, 0x3bf9733a, 0x3c64b119, 0x3d0c9c48, 0x3c02363d, 0x3bab9241, 0x3b83ea15]
        ),
        x: [-100, 126, 75, -43, -110, -53, -72, 78],
        w: [
            [16, 54, -50, -69, -11, 75, -65, -68],
            [-87, 67, 119, 84, 43, 76, 27, 42],
            [0, 1, -33, -24, -4, 53, 26, -3],
            [-36, -35, -105, 16, 105, -51, 109, -5],
            [88, -61, -24, 22, -58, -100, 80, -73, 119, 93, 34, 25, -42, -127, -109, 89],
            [88, 86, -104, 64, 85, 51, -77, -120, 67, 57, -46, 21, 58, -86, 57, 50],
            [-62, 22, 66, -70, 80, 20, 13, 12, 16, -68, 112, -24, -2, 0, -3, 29],
            [-107, -31, -120, -48, -118, 1, -79, 44, 28, -72, 124, -125, -28, 116, -6, -86],
        ],
        bias: [
            [6096, -1831, 14330, -28237],
            [12231, 494, -11065, -10999],
            [-23224, 8427, -5277, -29214],
            [26017, -25294, 27818, -12627],
        ],
        expected: [-13, 4, 5, 2, -9, 3, 1, -1, -11, 5, -4, 2, -13, 5, -2, 1]),
    .float(
        sizes: (2, 2, 3, 2), timeMajor: false, clip: 0x40433333,
        x: [
            0x3fb68000, 0x40564000, 0x406d4000, 0xbfcb8000, 0xc0528000, 0xc0640000, 0x406f4000, 0x3fac8000, 0x402f4000,
            0x402cc000, 0xbf8f0000, 0x3f800000,
        ],
        w: [
            [0xbe8e0000, 0xbe910000, 0xbe8b0000, 0xbf124000, 0x3e410000, 0x3e910000],
            [0x3e9b8000, 0xbeb18000, 0x3e270000, 0xbf128000, 0xbe9f8000, 0xbee20000],
            [0x3f4e8000, 0xbf200000, 0xbe290000, 0x3f308000, 0x3eb00000, 0x3f144000],
            [0x3ee18000, 0xbf728000, 0xbf20c000, 0x3ee00000, 0x3e100000, 0xbf1e8000],
            [0x3d280000, 0xbed48000, 0xbf6a4000, 0x3f220000],
            [0x3f5b4000, 0x3f754000, 0xbeba8000, 0xbf06c000],
            [0xbe9b8000, 0xbf610000, 0xbe8f8000, 0x3d5c0000],
            [0xbf3a0000, 0x3f55c000, 0x3f150000, 0xbdc20000],
        ],
        bias: [
            [0xbf498000, 0x3d600000],
            [0x3ff60000, 0xbef30000],
            [0xbf0e0000, 0xbf560000],
            [0xbe400000, 0xbf130000],
        ],
        expected: [0xb985b068, 0x3db5f95b, 0x3edfaf28, 0x3e46c978, 0x3bed8114, 0x3dca7607, 0x3e2f010e, 0x3db71864]),
    .float(
        sizes: (1, 2, 3, 1), timeMajor: true, clip: 0x00000000,
        x: [0xc0538000, 0xc0600000, 0x3f8c8000, 0xc03c4000, 0x40434000, 0xbfbd0000],
        w: [
            [0xbef00000, 0x3e8a0000, 0xbf420000],
            [0xbf3c0000, 0xbebb0000, 0xbe130000],
            [0x3dd40000, 0x3e958000, 0xbf570000],
            [0xbf654000, 0xbf10c000, 0xbd8a0000],
            [0xbe840000],
            [0x3f1b4000],
            [0x3f140000],
            [0x3f0e0000],
        ],
        bias: [
            [0x3f690000],
            [0xbf408000],
            [0x3e720000],
            [0xbf898000],
        ],
        expected: [0xbf0dec13, 0x3e5a4538]),
    .int8(
        sizes: (2, 4, 2, 1), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3da150e9, 60), hidden: (0x3bf3a914, -9), cell: 0x39800000,
            weights: [0x3c970687, 0x3c465852, 0x3b3e951c, 0x3bac398e, 0x3c4d4ad5, 0x3c96e724, 0x3b98e031, 0x3cdccb5e]
        ),
        x: [77, -54, -74, -13, 28, -11, -52, -39, 127, -127, 75, -18, 109, 38, 111, -80],
        w: [
            [63, 89],
            [23, -82],
            [28, -39],
            [-35, 58],
            [-2],
            [45],
            [45],
            [-98],
        ],
        bias: [
            [-27709],
            [-16555],
            [6531],
            [-13155],
        ],
        expected: [-9, -9, -9, -9, -9, -9, -9, -9]),
    .int8(
        sizes: (1, 1, 2, 3), timeMajor: true, clip: 0x00000000,
        q: (
            input: (0x3bd1fdcc, -109), hidden: (0x3bdd2bfa, -20), cell: 0x3a800000,
            weights: [0x3c5add09, 0x3bd250a4, 0x3d63f0c8, 0x3b2962ed, 0x3b1003b6, 0x3d48cb1e, 0x3cc9fd7a, 0x3c0eb579]
        ),
        x: [126, 124],
        w: [
            [53, 24, -9, -16, -109, -108],
            [-69, -96, -86, -92, -69, 25],
            [13, 9, -15, 124, -78, 117],
            [86, -88, 17, 69, 109, -104],
            [82, 31, -34, 34, -37, -91, -52, -94, 6],
            [-77, 103, 83, 90, -52, -118, 95, 24, 4],
            [80, 126, -80, 68, 86, 117, 101, 9, 85],
            [13, -104, -28, -76, 88, 51, -7, 125, 113],
        ],
        bias: [
            [-22751, -21399, 27715],
            [-24565, -29574, 19306],
            [-24095, 20502, -25151],
            [-12103, 24610, -21719],
        ],
        expected: [-45, -11, -27]),
]

/// A 16x8 case drawn as lstm_vectors.py's draw16 draws it.
struct LSTMInt16Case {
    var batches: Int, steps: Int, features: Int, units: Int
    var timeMajor: Bool, clip: Float
    var inputScale: Float, inputZeroPoint: Int32, hiddenScale: Float, hiddenZeroPoint: Int32, cellScale: Float
    var weightScales: [Float]
    var x: [Int16], w: [[Int8]], bias: [[Int64]]

    init(_ r: inout SplitMix64) {
        batches = Int(r.range(1, 2)); steps = Int(r.range(1, 4))
        features = Int(r.range(1, 4)); units = Int(r.range(1, 4))
        timeMajor = r.range(0, 1) == 1
        clip = r.range(0, 2) == 0 ? 0 : Float(Double(r.range(1, 80)) / 20)
        inputScale = r.scale(-15, -10); inputZeroPoint = r.range(-20, 20)
        hiddenScale = r.scale(-15, -12); hiddenZeroPoint = r.range(-20, 20)
        cellScale = Float(sign: .plus, exponent: Int(r.range(-15, -9)), significand: 1)
        weightScales = (0..<8).map { _ in r.scale(-9, -5) }
        let (b, t, i, s) = (batches, steps, features, units)
        x = (0..<b * t * i).map { _ in Int16(r.range(-32768, 32767)) }
        w = (0..<8).map { g in r.int8s(s * (g < 4 ? i : s), -127, 127) }
        bias = (0..<4).map { _ in (0..<s).map { _ in Int64(r.range(-3_000_000, 3_000_000)) } }
    }

    func run() throws -> [Int16] {
        let (b, t, i, s) = (batches, steps, features, units)
        let sizes = try LSTMSizes(
            timeMajor: timeMajor, input: timeMajor ? Shape(t, b, i) : Shape(b, t, i), hiddenState: Shape(b, s),
            hiddenElements: b * s, cellElements: b * s, output: timeMajor ? Shape(t, b, s) : Shape(b, t, s))
        let gates = try (0..<4).map {
            try LSTMGateQuantization(
                inputScale: inputScale, inputWeightScale: weightScales[$0], inputWeightZeroPoint: 0,
                hiddenScale: hiddenScale, recurrentWeightScale: weightScales[$0 + 4], recurrentWeightZeroPoint: 0)
        }
        let kernel = try UnidirectionalSequenceLSTM(
            sizes: sizes, inputGate: gates[0], forgetGate: gates[1], cellGate: gates[2], outputGate: gates[3],
            inputScale: inputScale, inputZeroPoint: inputZeroPoint, hiddenScale: hiddenScale,
            hiddenZeroPoint: hiddenZeroPoint, cellScale: cellScale, cellClip: clip)
        var hidden = [Int16](repeating: 0, count: b * s), cell = hidden
        var output = [Int16](repeating: 0, count: b * t * s)
        var buffers = [Int16](repeating: 0, count: 4 * b * s)
        UnidirectionalSequenceLSTMTests.run(w, bias, state: s) { operands in
            UnidirectionalSequenceLSTMTests.withOperands(
                input: x, gates: operands, hidden: &hidden, cell: &cell, output: &output, buffers: &buffers, n: b * s
            ) { kernel.invoke($0) }
        }
        return output
    }
}

@Suite struct UnidirectionalSequenceLSTMTests {

    /// The kernel's operands over the test's arrays (valid inside `body`), gates in tensor order and
    /// four scratch buffers of `n` elements each.
    static func withOperands<A, W, B, C, Buffer>(
        input: [A], gates: [LSTMGateOperands<W, B>], hidden: inout [A], cell: inout [C], output: inout [A],
        buffers: inout [Buffer], n: Int, _ body: (LSTMOperands<A, W, B, C, Buffer>) -> Void
    ) {
        input.withUnsafeBufferPointer { x in
            hidden.withUnsafeMutableBufferPointer { h in
                cell.withUnsafeMutableBufferPointer { c in
                    output.withUnsafeMutableBufferPointer { o in
                        buffers.withUnsafeMutableBufferPointer { all in
                            let b0 = all.baseAddress!
                            body(
                                LSTMOperands(
                                    input: x.baseAddress!, gates: (gates[0], gates[1], gates[2], gates[3]),
                                    hidden: h.baseAddress!, cell: c.baseAddress!, output: o.baseAddress!,
                                    buffers: (b0, b0 + n, b0 + 2 * n, b0 + 3 * n)))
                        }
                    }
                }
            }
        }
    }
    @Test func matchesTFLMOn16x8Cases() throws {
        var random = SplitMix64(seed: 21)
        var digest = Fnv()
        for _ in 0..<40 {
            for value in try LSTMInt16Case(&random).run() { digest.mix(Int32(value)) }
        }
        #expect(digest.hash == 0xb382_a621_3dd8_ccb7)
    }

    /// Runs the kernel as the registration does: state tensors from zero (or the zero point),
    /// four scratch buffers, each gate's operands in tensor order.
    static func run<T, B>(
        _ w: [[T]], _ bias: [[B]], state: Int, _ body: ([LSTMGateOperands<T, B>]) -> Void
    ) {
        let weights = w.map { values in
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
            p.initialize(from: values, count: values.count)
            return p
        }
        let biases = bias.map { values in
            let p = UnsafeMutablePointer<B>.allocate(capacity: max(values.count, 1))
            p.initialize(from: values, count: values.count)
            return p
        }
        defer {
            weights.forEach { $0.deallocate() }
            biases.forEach { $0.deallocate() }
        }
        let gates = (0..<4).map {
            LSTMGateOperands(
                inputWeights: UnsafePointer(weights[$0]), recurrentWeights: UnsafePointer(weights[$0 + 4]),
                bias: UnsafePointer(biases[$0]))
        }
        body(gates)
    }

    @Test(arguments: lstmCases.indices) func matchesTFLM(index: Int) throws {
        let c = lstmCases[index]
        let sizes = try c.lstmSizes
        let (b, t, _, s) = c.sizes
        let clip = Float(bitPattern: c.clip)
        switch c.kind {
        case .float(let x, let w, let bias, let expected):
            let kernel = FloatUnidirectionalSequenceLSTM(sizes: sizes, cellClip: clip)
            let input = x.map(Float.init(bitPattern:))
            var hidden = [Float](repeating: 0, count: b * s), cell = hidden
            var output = [Float](repeating: .nan, count: b * t * s)
            var buffers = [Float](repeating: 0, count: 4 * b * s)
            Self.run(w.map { $0.map(Float.init(bitPattern:)) }, bias.map { $0.map(Float.init(bitPattern:)) }, state: s)
            {
                gates in
                Self.withOperands(
                    input: input, gates: gates, hidden: &hidden, cell: &cell, output: &output, buffers: &buffers,
                    n: b * s
                ) { kernel.invoke($0) }
            }
            #expect(output.map(\.bitPattern) == expected, "case \(index)")
        case .int8(let q, let x, let w, let bias, let expected):
            let weightScales = q.weights.map(Float.init(bitPattern:))
            let inputScale = Float(bitPattern: q.input.0), hiddenScale = Float(bitPattern: q.hidden.0)
            let gates = try (0..<4).map {
                try LSTMGateQuantization(
                    inputScale: inputScale, inputWeightScale: weightScales[$0], inputWeightZeroPoint: 0,
                    hiddenScale: hiddenScale, recurrentWeightScale: weightScales[$0 + 4], recurrentWeightZeroPoint: 0)
            }
            let kernel = try UnidirectionalSequenceLSTM(
                sizes: sizes, inputGate: gates[0], forgetGate: gates[1], cellGate: gates[2], outputGate: gates[3],
                inputScale: inputScale, inputZeroPoint: q.input.1, hiddenScale: hiddenScale,
                hiddenZeroPoint: q.hidden.1,
                cellScale: Float(bitPattern: q.cell), cellClip: clip)
            let input = x.map { Int8($0) }
            var hidden = [Int8](repeating: Int8(q.hidden.1), count: b * s)
            var cell = [Int16](repeating: 0, count: b * s)
            var output = [Int8](repeating: 0, count: b * t * s)
            var buffers = [Int16](repeating: 0, count: 4 * b * s)
            Self.run(w.map { $0.map { Int8($0) } }, bias.map { $0.map { Int32($0) } }, state: s) { operands in
                Self.withOperands(
                    input: input, gates: operands, hidden: &hidden, cell: &cell, output: &output, buffers: &buffers,
                    n: b * s
                ) { kernel.invoke($0) }
            }
            #expect(output.map(Int.init) == expected, "case \(index)")
        }
    }

    @Test func refusesBadShapes() {
        #expect(throws: KernelError.self) {
            try LSTMSizes(
                timeMajor: false, input: Shape(1, 2), hiddenState: Shape(1, 3), hiddenElements: 3, cellElements: 3,
                output: Shape(1, 2, 3))
        }
        #expect(throws: KernelError.self) {
            try LSTMSizes(
                timeMajor: false, input: Shape(1, 2, 4), hiddenState: Shape(1, 3), hiddenElements: 3, cellElements: 6,
                output: Shape(1, 2, 3))
        }
    }
}
