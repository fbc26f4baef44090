import Testing

@testable import KingletKernels

// Vectors: one-operator SVDF models run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/svdf_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python svdf_vectors.py 21 30
// float32 and int8 (int16 and int8 state) cases with random shapes, ranks, activations, scales and
// zero points; each runs `steps` invokes on one interpreter, so the state carried between invokes
// is pinned too. Inputs and expected outputs are the steps concatenated.
// `svdf_vectors.py --formula 1 300` showed pip computes the effective scales in double
// (D 300/300, the source's float formula 206/300).

struct SvdfCase {
    enum Kind {
        case float(x: [UInt32], wf: [UInt32], wt: [UInt32], bias: [UInt32], expected: [UInt32])
        case quantized(
            int16State: Bool,
            q: (
                inScale: UInt32, inZeroPoint: Int32, wfScale: UInt32, wtScale: UInt32, biasScale: UInt32,
                stateScale: UInt32, stateZeroPoint: Int32, outScale: UInt32, outZeroPoint: Int32
            ), x: [Int], wf: [Int], wt: [Int], bias: [Int], expected: [Int])
    }
    var batch: Int, inputSize: Int, filters: Int, memory: Int, rank: Int, steps: Int, activation: Int
    var kind: Kind

    static func float(
        batch: Int, inputSize: Int, filters: Int, memory: Int, rank: Int, steps: Int, activation: Int,
        x: [UInt32], wf: [UInt32], wt: [UInt32], bias: [UInt32], expected: [UInt32]
    ) -> SvdfCase {
        SvdfCase(
            batch: batch, inputSize: inputSize, filters: filters, memory: memory, rank: rank, steps: steps,
            activation: activation, kind: .float(x: x, wf: wf, wt: wt, bias: bias, expected: expected))
    }

    static func quantized(
        batch: Int, inputSize: Int, filters: Int, memory: Int, rank: Int, steps: Int, activation: Int,
        int16State: Bool, q: (UInt32, Int32, UInt32, UInt32, UInt32, UInt32, Int32, UInt32, Int32),
        x: [Int], wf: [Int], wt: [Int], bias: [Int], expected: [Int]
    ) -> SvdfCase {
        SvdfCase(
            batch: batch, inputSize: inputSize, filters: filters, memory: memory, rank: rank, steps: steps,
            activation: activation,
            kind: .quantized(int16State: int16State, q: q, x: x, wf: wf, wt: wt, bias: bias, expected: expected))
    }

    var geometry: SvdfGeometry {
        get throws {
            try SvdfGeometry(
                rank: rank, input: (batch, inputSize), weightsFeature: (filters, inputSize),
                weightsTime: (filters, memory), biasUnits: filters / rank, state: (batch, memory * filters),
                output: (batch, filters / rank))
        }
    }
}

let svdfCases: [SvdfCase] = [
    .quantized(
        batch: 2, inputSize: 8, filters: 4, memory: 2, rank: 2, steps: 3, activation: 1, int16State: true,
        q: (0x3e3788fe, 112, 0x3bf1795b, 0x3c27562d, 0x3786f71d, 0x3ace7a08, -1, 0x41c87eb2, -110),
        x: [
            -5, -90, 119, -37, -36, 70, -39, 56, -110, 54, 108, -23, -39, 20, -1, -75, -74, 90, 49, 3, 44, -69, 110, 76,
            -59, -58, -61, -94, -49, -26, -9, 6, -79, 33, 110, -12, 14, 92, 110, 105, -107, -15, -57, -90, 75, -77, 97,
            106,
        ],
        wf: [
            125, -10, 62, 44, -43, 82, -97, -88, -63, 54, 78, 26, -76, 122, -125, 97, -43, -85, -2, 17, -21, -84, -50,
            -118, -67, -120, 27, 119, 37, 12, 97, 44,
        ],
        wt: [1462, 1003, 153, 901, 2527, 1396, -2524, -2264],
        bias: [12070, -413],
        expected: [-102, -70, -112, -56, -93, -16, -128, 26, -90, -53, -123, 4]),
    .float(
        batch: 2, inputSize: 5, filters: 8, memory: 3, rank: 2, steps: 4, activation: 4,
        x: [
            0xc0730000, 0xbf6c0000, 0x40564000, 0xbfce8000, 0x3d800000, 0xbfb50000, 0xc04b8000, 0x406b0000, 0xc0518000,
            0xbf310000, 0x3fe90000, 0x40110000, 0xbed40000, 0xc0038000, 0x4023c000, 0x4040c000, 0xbf7a0000, 0x40078000,
            0xbf998000, 0x404a8000, 0x40274000, 0x402ac000, 0xc04dc000, 0xbe080000, 0x40554000, 0xc0194000, 0xbfc68000,
            0x3f9d8000, 0x40274000, 0x3ebe0000, 0xbfc30000, 0x40398000, 0xc0160000, 0xc05cc000, 0x40684000, 0x3ff78000,
            0xc0764000, 0xc0134000, 0x40744000, 0xbfa78000,
        ],
        wf: [
            0xbf360000, 0x3fdf4000, 0x3ff80000, 0xbf110000, 0x3faf8000, 0x3f960000, 0x3d580000, 0xbd9c0000, 0x3fc54000,
            0x3f4c0000, 0x3f8b0000, 0x3f038000, 0xbf820000, 0xbf280000, 0x3fbec000, 0xbf3a0000, 0xbfc00000, 0xbe700000,
            0x3fa4c000, 0x3ff14000, 0xbf894000, 0xbf998000, 0x3f158000, 0xbf410000, 0x3f600000, 0x3f0b0000, 0xbff98000,
            0xbef60000, 0x3f500000, 0x3e300000, 0xbfef0000, 0xbf894000, 0x3d8c0000, 0x3e740000, 0xbfc38000, 0x3fc94000,
            0xbfda8000, 0xbfe50000, 0xbf9c4000, 0x3fa30000,
        ],
        wt: [
            0x3f7d0000, 0xbfb0c000, 0xbfe48000, 0x3e960000, 0x3fa2c000, 0x3f910000, 0xbfc0c000, 0xbf1c0000, 0xbf498000,
            0xbf860000, 0xbe040000, 0x3d980000, 0x3f4f0000, 0xbf538000, 0x3f798000, 0xbfde0000, 0x3f980000, 0xbf0d8000,
            0x3fe24000, 0x3fb28000, 0x3e8f0000, 0x3f050000, 0x3ed90000, 0x3f0b0000,
        ],
        bias: [0xbfdc0000, 0x403ec000, 0x404f8000, 0x3c800000],
        expected: [
            0xbf800000, 0x3f7fffff, 0x3f800000, 0xbf7b25ca, 0xbf800000, 0x3f7ffff5, 0x3f800000, 0x3f70017b, 0xbf800000,
            0xbd9ac3ab, 0xbf7fff57, 0x3f7ffff6, 0xbf800000, 0x3f76be6f, 0xbf723ff0, 0x3f800000, 0x3f6d1742, 0xbf7ea3a0,
            0x3f7ffff4, 0xbf2e09fd, 0xbf76079e, 0x3f800000, 0x3f800000, 0x3dd4fa6c, 0xbf7fffff, 0xbf800000, 0x3f800000,
            0xbf800000, 0x3f800000, 0xbf7ff953, 0xbf7fffce, 0xbf69275e,
        ]),
    .quantized(
        batch: 1, inputSize: 6, filters: 9, memory: 4, rank: 3, steps: 3, activation: 2, int16State: true,
        q: (0x3df6f382, -35, 0x3b540959, 0x3ce2d994, 0x377e388a, 0x3a0f71ad, -13, 0x41bc08b6, -116),
        x: [-54, -39, -28, 125, -25, -107, -13, -36, -89, 106, 79, -90, -48, 103, -5, -14, 116, 61],
        wf: [
            -74, -104, 48, 11, -25, -112, -22, 47, -109, 11, -19, 49, 51, -26, -22, -115, -113, 18, -102, -75, -69, 117,
            101, 88, 46, -105, -37, 21, 46, 120, -127, -107, 39, 30, -24, 127, -102, 51, 101, 83, -51, -54, 29, 1, 87,
            115, 28, 65, -10, 4, -30, -24, -18, -22,
        ],
        wt: [
            1343, 105, -2510, -770, -1385, -1980, -99, -1165, -2843, 2755, -2840, 1404, 363, 866, -1787, -2822, 1726,
            -1633, -220, -1374, -2141, 2043, 1781, 1240, -1022, -1206, 550, 734, 2753, -353, 1864, 1018, -1963, -465,
            -1460, -1319,
        ],
        bias: [-16986, -11252, 13524],
        expected: [-128, -128, -101, -120, -128, -90, -114, -128, -105]),
    .quantized(
        batch: 1, inputSize: 8, filters: 4, memory: 3, rank: 2, steps: 2, activation: 2, int16State: true,
        q: (0x3eb11921, -13, 0x3c1324db, 0x3de1b5bf, 0x3b07c876, 0x3c9a0148, -20, 0x4222718a, -104),
        x: [0, -102, 122, -68, 86, 106, 111, 69, 66, 8, -118, -89, 83, 108, -46, 14],
        wf: [
            5, 58, 32, -21, 37, -29, -29, 117, -71, 62, 85, 86, 6, 112, 80, 61, -89, 42, 15, -39, -119, -24, 97, 12, 59,
            -76, 42, -70, 3, -73, -93, 71,
        ],
        wt: [666, -517, -258, 2210, 434, 170, -506, -1577, -820, -2400, -2579, 666],
        bias: [-15185, 14753],
        expected: [-74, -78, -42, 15]),
    .float(
        batch: 1, inputSize: 3, filters: 3, memory: 1, rank: 1, steps: 3, activation: 5,
        x: [
            0xbe6c0000, 0x3fa88000, 0x3f380000, 0x3ecc0000, 0x3f450000, 0xbe040000, 0x3f980000, 0xc0074000, 0x4054c000,
        ],
        wf: [
            0xbe500000, 0x3f9a4000, 0xbf000000, 0x3fdb8000, 0x3fec0000, 0x3f178000, 0x3fe0c000, 0xbf680000, 0xbfec8000,
        ],
        wt: [0x3fe84000, 0xbf2a0000, 0x3eb60000],
        bias: [0xbfd28000, 0x40118000, 0xc0280000],
        expected: [
            0x00000000, 0x00000000, 0x3f800000, 0x00000000, 0x00000000, 0x3f800000, 0x3f800000, 0x00000000, 0x3f800000,
        ]),
    .quantized(
        batch: 1, inputSize: 2, filters: 1, memory: 4, rank: 1, steps: 1, activation: 3, int16State: true,
        q: (0x3b817703, 17, 0x3aafc7dc, 0x3a97ae86, 0x337479e7, 0x384e4e81, 18, 0x38d3a28c, -103),
        x: [-4, -17],
        wf: [-29, -63],
        wt: [1722, -1241, -2869, 584],
        bias: [-13739],
        expected: [11]),
    .quantized(
        batch: 2, inputSize: 7, filters: 6, memory: 1, rank: 2, steps: 1, activation: 3, int16State: false,
        q: (0x3ca7ffca, -116, 0x3c8c1575, 0x3acbab0f, 0x38c0eb01, 0x3d727cd1, 9, 0x3d0dea41, 73),
        x: [-117, -99, 2, -106, -64, 33, -97, 105, -9, 58, 106, 32, 54, -49],
        wf: [
            -41, -50, -81, -61, -109, 55, -11, -114, -58, 74, -16, -102, 97, 66, 86, 21, 48, -90, -109, 80, -63, 76,
            -112, -58, 17, -69, 54, -117, 78, 116, 95, 67, -51, -101, 42, 127, -52, 76, -119, 12, -49, 12,
        ],
        wt: [13, 16, 123, -52, 85, 93],
        bias: [-4611, 2435, -13963],
        expected: [64, 104, 32, 52, 93, 12]),
    .quantized(
        batch: 2, inputSize: 7, filters: 4, memory: 1, rank: 2, steps: 4, activation: 0, int16State: true,
        q: (0x3c041c2d, 34, 0x3b4b4846, 0x3d4d3ba4, 0x366ee7a8, 0x38950025, -20, 0x3f80f22a, -26),
        x: [
            -40, 38, 12, -121, -18, 125, 3, -55, 91, -20, -116, 53, 95, -43, 36, 116, 121, -22, -85, -123, -12, 39, -75,
            71, 109, -44, -76, -84, 19, -112, -25, -9, -3, 81, 92, 73, -33, -29, -43, 27, -77, -71, 52, -56, 26, -100,
            18, 111, -29, -23, -7, 77, -22, -70, -46, -104,
        ],
        wf: [
            -81, -41, -16, -107, -120, -7, -83, -108, -3, -41, 104, -83, -120, 92, 53, 68, -98, 118, -123, -70, 66, 35,
            -39, 62, 113, 59, 105, 108,
        ],
        wt: [970, 2960, -665, 2991],
        bias: [-12532, -17883],
        expected: [-50, -77, -69, -104, 52, -128, 47, -83, -1, -1, -22, -128, -105, -45, 33, -128]),
    .quantized(
        batch: 2, inputSize: 5, filters: 4, memory: 3, rank: 1, steps: 2, activation: 2, int16State: true,
        q: (0x3de8d75f, -7, 0x3b31836a, 0x3b2cdfb7, 0x367969ac, 0x3ab8abd7, 6, 0x3e808bb1, -28),
        x: [38, -5, 4, -110, -127, -100, -45, -39, -79, -65, -32, -42, -12, 48, 13, 116, -17, -34, 104, -100],
        wf: [-88, 38, 87, 56, -27, 30, -87, -72, 87, 69, -46, -68, -102, 44, -36, -101, -121, 61, 17, -58],
        wt: [-2262, -326, -789, -1068, 847, -2919, 1505, 881, 2107, 1713, 1300, -471],
        bias: [5409, -16814, 2550, 5275],
        expected: [-14, 127, -52, -30, -31, 42, 33, -50, -30, -128, 1, -33, -17, -128, 39, 40]),
    .float(
        batch: 1, inputSize: 5, filters: 2, memory: 5, rank: 1, steps: 1, activation: 3,
        x: [0x3fdb0000, 0x3f560000, 0xbfa90000, 0xbfda8000, 0x403d0000],
        wf: [
            0xbfe08000, 0xbf220000, 0x3f078000, 0xbf418000, 0xbf190000, 0x3fba4000, 0xbf7f0000, 0x3f5b0000, 0xbf498000,
            0xbde40000,
        ],
        wt: [
            0x3f640000, 0x3d840000, 0xbf640000, 0x3fb60000, 0x3f9c0000, 0xbfcb0000, 0x3d580000, 0xbfdd0000, 0xbfd34000,
            0xbfb0c000,
        ],
        bias: [0x3da00000, 0xbe7c0000],
        expected: [0x00000000, 0x00000000]),
    .float(
        batch: 2, inputSize: 7, filters: 6, memory: 1, rank: 3, steps: 1, activation: 4,
        x: [
            0x400ac000, 0x3f3e0000, 0x4041c000, 0x40394000, 0x3e900000, 0x3fe20000, 0xbfe40000, 0x402ac000, 0xc01e8000,
            0x3f040000, 0xbedc0000, 0xbfa88000, 0xbda00000, 0xc05a0000,
        ],
        wf: [
            0x3f5a0000, 0xbfd0c000, 0xbf088000, 0x3f4e0000, 0xbf598000, 0xbf530000, 0xbfdb4000, 0xbfd34000, 0x3fbc4000,
            0x3f058000, 0x3fe10000, 0x3eaa0000, 0xbee70000, 0xbf380000, 0x3f310000, 0x3f550000, 0xbf3f8000, 0x3fc44000,
            0x3fcfc000, 0x3fca4000, 0x3f9a4000, 0xbf7a8000, 0x3ed70000, 0x3f92c000, 0x3fa5c000, 0xbfc04000, 0xbfad0000,
            0xbf3f8000, 0x3dd80000, 0xbf888000, 0xbfcb0000, 0x3ff8c000, 0xbe220000, 0xbfdd0000, 0x3fd48000, 0x3f970000,
            0xbf968000, 0x3fd60000, 0x3f830000, 0xbfe08000, 0xbfb1c000, 0x3fba8000,
        ],
        wt: [0x3c900000, 0xbf728000, 0x3d880000, 0x3ff4c000, 0xbf600000, 0xbf874000],
        bias: [0x3fbd8000, 0x3eac0000],
        expected: [0xbf7d4da8, 0x3f7fffff, 0x3f7ffff2, 0x3f6df342]),
    .quantized(
        batch: 2, inputSize: 4, filters: 12, memory: 5, rank: 3, steps: 2, activation: 1, int16State: false,
        q: (0x3c2ffd5e, 26, 0x3da64da7, 0x3c4de116, 0x3b1246ca, 0x3e35e31c, 26, 0x3fa1b339, 9),
        x: [87, 95, 95, 38, 24, -106, -103, -72, -90, 9, -58, 21, -44, -55, 36, 120],
        wf: [
            36, -17, -46, 22, 48, 60, -16, 10, 40, -86, -94, -100, 118, 32, -18, -14, -84, -58, 57, -126, -89, 66, -108,
            -46, -119, -109, -37, 93, 126, -48, -22, 119, -119, -98, 33, 0, -121, -127, -25, 121, -7, -125, 85, -19,
            -16, 114, 112, 72,
        ],
        wt: [
            -43, 1, -109, 55, 17, -18, 81, 78, -99, 57, -58, 62, -82, -6, 108, 97, 41, 24, 113, 119, 27, 87, -96, -57,
            -102, -58, -49, 120, 44, -72, 90, -7, -48, 127, 69, 62, 3, -61, -72, 61, 20, 109, 31, 58, 68, 0, -53, -91,
            1, 113, -2, 64, -98, 115, -52, 85, -56, -38, 127, -55,
        ],
        bias: [18386, 1020, 19626, 19058],
        expected: [34, 31, 29, 21, 14, -8, 54, 60, 38, -12, 29, 80, 42, -2, 58, -9]),
    .quantized(
        batch: 2, inputSize: 2, filters: 3, memory: 1, rank: 1, steps: 3, activation: 2, int16State: true,
        q: (0x3e68f7fb, -40, 0x3ba017a2, 0x3c11bf94, 0x38d2db61, 0x3c392e19, 3, 0x4017378b, -77),
        x: [-60, -33, -10, -53, -121, -103, 106, -100, -84, 6, -126, -91],
        wf: [28, -29, 88, 6, -82, 102],
        wt: [2395, -2261, 875],
        bias: [435, 3542, -3184],
        expected: [-85, -61, -68, -65, -101, -91, -81, -6, -76, -19, -128, -128, -103, -43, -47, -86, -2, -70]),
    .quantized(
        batch: 2, inputSize: 4, filters: 8, memory: 1, rank: 2, steps: 1, activation: 1, int16State: true,
        q: (0x3bed4b2a, -108, 0x3d0c81a0, 0x3b82504f, 0x36764445, 0x3a71e4ed, -4, 0x3ecc8aa1, 29),
        x: [7, -94, -122, -77, -67, -125, 20, -81],
        wf: [
            -53, 81, 24, -46, 0, 69, 12, 8, 33, -110, -95, -43, 91, -60, 110, 46, -87, 105, 105, 107, 8, -77, 126, -80,
            -40, -43, -50, -24, 39, -54, -123, -67,
        ],
        wt: [184, 2011, -939, 142, 2136, -522, -2512, 227],
        bias: [10337, -15273, 14740, 1631],
        expected: [31, 27, -1, 64, 31, 59, 67, 70]),
    .float(
        batch: 1, inputSize: 7, filters: 6, memory: 5, rank: 2, steps: 3, activation: 0,
        x: [
            0xbf550000, 0x3ff98000, 0xc0400000, 0xc0028000, 0xbe080000, 0xbe940000, 0xc0528000, 0x4073c000, 0xc01e4000,
            0x3f800000, 0x3df80000, 0x3fba8000, 0x3db80000, 0x3fba0000, 0x40308000, 0x3ea80000, 0xc0038000, 0x3fd60000,
            0xc0080000, 0x40590000, 0xbfd48000,
        ],
        wf: [
            0x3d780000, 0xbf814000, 0x3f818000, 0xbf480000, 0xbdfc0000, 0xbf7e0000, 0x3ef40000, 0xbf568000, 0xbfe10000,
            0x3c900000, 0xbf740000, 0xbfc28000, 0xbf880000, 0xbfc30000, 0xbdfc0000, 0xbe840000, 0xbf848000, 0x3f560000,
            0x3fc40000, 0x3e8c0000, 0x3e3c0000, 0x3f4c8000, 0x3eee0000, 0xbf918000, 0x3fe78000, 0xbe850000, 0x3db00000,
            0x3db40000, 0xbf450000, 0xbfa28000, 0x3d480000, 0x3fae4000, 0xbf288000, 0x3f8e4000, 0xbfe28000, 0x3f598000,
            0x3fe7c000, 0xbce00000, 0x3f8ec000, 0xbeb50000, 0xbfde0000, 0x3f958000,
        ],
        wt: [
            0x3f698000, 0x3ff34000, 0xbf4b0000, 0xbe040000, 0xbf8d0000, 0x3f1d0000, 0xbf658000, 0x3fcb8000, 0x3fd98000,
            0xbec50000, 0x3faa4000, 0x3f278000, 0x3fccc000, 0xbf850000, 0xbf548000, 0x3fa44000, 0xbe830000, 0xbfc74000,
            0xbf040000, 0x3e220000, 0x3f9e4000, 0x3f420000, 0xbeee0000, 0xbf9c8000, 0xbfc00000, 0xbd100000, 0xbeab0000,
            0x3feb0000, 0xbf9f0000, 0xbff84000,
        ],
        bias: [0x40120000, 0xbf080000, 0xc05dc000],
        expected: [
            0x40b5ebfe, 0xbf2d1efb, 0x3ee92da0, 0x40f64882, 0xbfea49ae, 0x40632592, 0x418150ea, 0xbf8f30d8, 0xc1440bea,
        ]),
    .quantized(
        batch: 1, inputSize: 1, filters: 4, memory: 5, rank: 1, steps: 1, activation: 2, int16State: false,
        q: (0x3e09cef9, 91, 0x3abdfb45, 0x3cc36194, 0x3ad3d2ba, 0x3d8ac58a, 0, 0x3ead9deb, -27),
        x: [-58],
        wf: [85, -47, 88, -87],
        wt: [26, 96, -30, -115, 31, 35, 43, 118, -39, 116, -110, 91, 78, -47, 81, -53, 115, -55, 40, -45],
        bias: [19161, -5545, -11043, 18498],
        expected: [59, -42, -94, 53]),
    .quantized(
        batch: 1, inputSize: 3, filters: 3, memory: 5, rank: 3, steps: 2, activation: 3, int16State: false,
        q: (0x3b821dee, -37, 0x3c47fa5a, 0x3b364608, 0x396e584d, 0x3da76029, -46, 0x3c71f55d, -34),
        x: [22, -82, 76, 15, -15, -16],
        wf: [34, -57, -83, 93, 10, 32, -31, -123, 82],
        wt: [-10, -58, 74, 84, 3, -46, 33, 109, -14, 16, -84, 55, -33, -43, -126],
        bias: [-5625],
        expected: [-128, -126]),
    .quantized(
        batch: 1, inputSize: 2, filters: 12, memory: 1, rank: 3, steps: 4, activation: 3, int16State: false,
        q: (0x3d716a89, 5, 0x3b0d1e2b, 0x3b6fc76f, 0x39324fed, 0x3d3e5ffe, 101, 0x3cee9cac, 5),
        x: [22, -85, -41, 90, -26, 0, -51, -73],
        wf: [
            2, 102, 53, 49, 55, 57, -71, 63, -26, -74, 108, -94, 20, 116, -89, -99, -25, -16, -12, 110, 26, -35, 33, 87,
        ],
        wt: [-86, 25, -34, -117, -92, -63, -100, -64, -24, 38, 4, 7],
        bias: [-5513, -11362, -4784, -15346],
        expected: [-14, 26, -14, -91, -39, -57, -32, -128, -26, -63, -25, -85, -15, -72, 75, -90]),
    .quantized(
        batch: 2, inputSize: 7, filters: 1, memory: 4, rank: 1, steps: 1, activation: 1, int16State: false,
        q: (0x3d0e97be, 26, 0x3ab9c4a1, 0x3c02141d, 0x3a34ed82, 0x3db20963, -92, 0x3e188436, -41),
        x: [7, 5, -48, -60, -126, 124, 84, -58, -31, 52, -30, 39, -113, 18],
        wf: [-114, -56, -27, -12, 8, 83, 84],
        wt: [-124, -34, 122, 113],
        bias: [11818],
        expected: [19, 14]),
    .float(
        batch: 2, inputSize: 1, filters: 9, memory: 1, rank: 3, steps: 1, activation: 3,
        x: [0x40448000, 0xbf1e0000],
        wf: [
            0x3f398000, 0xbfbec000, 0x3fdfc000, 0xbfa7c000, 0x3fee8000, 0xbf060000, 0x3d000000, 0x3da40000, 0x3fa2c000,
        ],
        wt: [
            0x3fd8c000, 0xbf928000, 0xbfb3c000, 0x3fbd4000, 0x3fed0000, 0x3fbd0000, 0x3e4a0000, 0x3f508000, 0x3f0a8000,
        ],
        bias: [0x3fee8000, 0x40164000, 0xc05d8000],
        expected: [0x405526a0, 0x4093c621, 0x00000000, 0x3fc8bf9e, 0x3ff215c6, 0x00000000]),
    .quantized(
        batch: 1, inputSize: 6, filters: 6, memory: 4, rank: 2, steps: 4, activation: 1, int16State: false,
        q: (0x3db9afe6, -10, 0x3a9bc641, 0x3b754d1f, 0x38ac129e, 0x3cb393df, -86, 0x3c761658, 62),
        x: [
            95, 116, 15, 58, 72, 49, 55, -44, -108, -113, -15, 2, -19, -23, -39, 118, 97, -94, 92, 78, 115, -100, -7,
            -8,
        ],
        wf: [
            -69, 14, -15, 7, -94, 91, 92, -37, -24, -19, 50, -76, 100, -108, 8, 46, 36, 38, -45, 112, -53, -117, -78,
            78, -15, -62, -16, -10, 107, 23, -14, -83, 36, 89, -108, -61,
        ],
        wt: [
            73, -39, 31, 110, -87, 17, -44, -81, 7, 12, 96, -12, 44, -47, -21, -105, -66, 40, 113, -87, 73, 126, 124,
            -88,
        ],
        bias: [-18357, 16174, -13954],
        expected: [-67, 127, -95, -78, 127, -5, 43, 84, 127, -69, 114, 127]),
    .quantized(
        batch: 2, inputSize: 2, filters: 2, memory: 2, rank: 1, steps: 4, activation: 0, int16State: true,
        q: (0x3b995179, 46, 0x3ba0124e, 0x3b4f1aa4, 0x358c345a, 0x39ad4e4e, -7, 0x3d9e3941, -101),
        x: [-82, 50, 24, 77, 56, -18, -86, -37, -10, 16, -73, 123, -126, -44, 80, -109],
        wf: [14, 120, -98, 87],
        wt: [-2513, 555, 679, -1980],
        bias: [11430, 15155],
        expected: [-102, -125, -99, -110, -102, -80, -115, -108, -85, -110, -69, -128, -97, -116, -128, -58]),
    .float(
        batch: 2, inputSize: 3, filters: 6, memory: 2, rank: 3, steps: 1, activation: 1,
        x: [0x3fea8000, 0xc074c000, 0xc071c000, 0x403d0000, 0x40124000, 0x40634000],
        wf: [
            0x3e980000, 0x3fd0c000, 0x3fcd8000, 0xbfcc0000, 0xbfa64000, 0xbfa48000, 0x3f378000, 0xbfe1c000, 0xbf648000,
            0xbf310000, 0xbf598000, 0xbff94000, 0x3f228000, 0xbca00000, 0xbff44000, 0xbf360000, 0x3f708000, 0x3e660000,
        ],
        wt: [
            0xbf280000, 0x3faa4000, 0x3f010000, 0x3f7d0000, 0x3fbf0000, 0x3f1a8000, 0xbf8c8000, 0xbfed4000, 0x3f838000,
            0x3ea60000, 0xbf9d4000, 0x3fd20000,
        ],
        bias: [0x3fcd8000, 0x3ff40000],
        expected: [0x00000000, 0x00000000, 0x3e185480, 0x41af1a16]),
    .quantized(
        batch: 2, inputSize: 7, filters: 6, memory: 1, rank: 3, steps: 2, activation: 0, int16State: false,
        q: (0x3c9ba988, -128, 0x3d191957, 0x3c339f10, 0x3b773dd5, 0x3eb02fd5, 5, 0x3eef1b60, 37),
        x: [
            -18, 123, -98, 124, -105, -63, -26, 23, 79, 40, 23, -20, -92, 88, -33, 123, 117, -117, -47, -71, 114, 63,
            -103, -31, -97, 114, -25, 111,
        ],
        wf: [
            -103, -44, 36, 100, 22, 29, 3, 69, 35, 100, 121, 41, -121, -2, -81, -114, -48, 112, 79, -31, -12, -51, -75,
            -67, 63, -35, 3, -45, 50, 92, -29, -54, 76, -39, 27, -84, 79, -4, -116, 59, -72, 120,
        ],
        wt: [-61, -102, 6, 107, 45, 99],
        bias: [19835, 7378],
        expected: [117, 64, 106, 73, 127, 90, 127, 84]),
    .quantized(
        batch: 2, inputSize: 6, filters: 4, memory: 4, rank: 1, steps: 2, activation: 0, int16State: false,
        q: (0x3c18111f, -122, 0x3c20af5a, 0x3bada4d4, 0x3a69fb2f, 0x3e2c7a24, -84, 0x3de4a94b, -100),
        x: [
            -85, 7, 17, -122, 17, -90, -43, 93, -71, -42, 96, -10, 15, -65, 84, -62, 102, 49, 42, -30, -3, -107, -91,
            -123,
        ],
        wf: [
            83, 34, -119, 29, -4, 114, -119, 26, -61, 8, 126, -103, 30, -1, -49, -27, 62, -95, -26, -111, 91, -66, 57,
            -44,
        ],
        wt: [100, 77, 95, 63, -3, 122, -94, -35, -30, -48, -5, -96, 75, -111, -34, 88],
        bias: [-7854, -9185, -10987, 19142],
        expected: [-128, -128, -128, 54, -128, -128, -128, 46, -128, -128, -128, 56, -128, -128, -128, 54]),
    .quantized(
        batch: 1, inputSize: 4, filters: 9, memory: 1, rank: 3, steps: 2, activation: 1, int16State: false,
        q: (0x3c9e692b, 54, 0x3c00971d, 0x3b0571f2, 0x3923156b, 0x3d9c6de0, -49, 0x3d0c127a, -22),
        x: [31, -89, 94, -30, 40, -30, -100, 62],
        wf: [
            61, -44, -36, 55, -96, 127, -81, 91, -88, -62, -113, 43, 11, 87, -91, -30, 107, -94, 115, 118, 31, -109,
            -59, -7, 45, -114, -24, -73, 115, -22, -48, 22, -98, -66, -86, 99,
        ],
        wt: [101, 66, 19, -44, -78, 111, -8, 88, 83],
        bias: [16531, 8266, -18653],
        expected: [37, 30, -111, 68, 38, -85]),
    .quantized(
        batch: 1, inputSize: 6, filters: 4, memory: 4, rank: 2, steps: 3, activation: 0, int16State: false,
        q: (0x3c8d7b1f, -60, 0x3c697755, 0x3cc9f4be, 0x3c1d11a0, 0x3ec719d4, -17, 0x3f98fd38, 103),
        x: [-102, -25, 33, -15, -68, 84, -82, -54, -29, -76, -117, -18, -69, 86, -101, 44, 55, -117],
        wf: [18, 28, -4, 12, -14, 28, 29, 62, 21, -97, -36, -46, 120, 4, -89, 4, 46, 71, 112, -40, 41, -68, 62, 41],
        wt: [-123, -100, 99, 18, 14, 109, 69, -92, 40, -11, -73, -65, -76, 60, 99, 27],
        bias: [18686, 3889],
        expected: [127, 127, 127, 127, 127, 127]),
    .quantized(
        batch: 2, inputSize: 3, filters: 6, memory: 1, rank: 3, steps: 1, activation: 0, int16State: true,
        q: (0x3d094c56, -40, 0x3c0ee1c1, 0x3d43e0d5, 0x379cdfa3, 0x39cd0601, 20, 0x40347863, 119),
        x: [-12, -52, -73, -89, -31, -127],
        wf: [22, 71, 12, -104, 2, 94, -24, -77, -110, 60, 61, 19, -31, 119, -2, 113, -101, -95],
        wt: [-934, 1372, 2811, 734, -1255, -2750],
        bias: [-19347, -2384],
        expected: [127, 32, 127, 62]),
    .quantized(
        batch: 1, inputSize: 8, filters: 2, memory: 2, rank: 2, steps: 1, activation: 2, int16State: true,
        q: (0x3c863a0c, 38, 0x3ce5a674, 0x3c2a95ac, 0x383497ff, 0x3b8782ab, -8, 0x3fed6140, -95),
        x: [92, 109, 30, -12, -63, -119, -25, -114],
        wf: [75, -20, -50, -3, 46, -96, -76, -8, 29, 113, -109, -62, -25, 67, -64, -64],
        wt: [501, -211, -103, -2489],
        bias: [-14411],
        expected: [-128]),
    .quantized(
        batch: 2, inputSize: 6, filters: 12, memory: 5, rank: 3, steps: 4, activation: 1, int16State: false,
        q: (0x3e04885d, -25, 0x3b531745, 0x3cdea47e, 0x3c17863b, 0x3eae39fb, -64, 0x3fb77c8b, -58),
        x: [
            -43, 30, -74, 46, 64, -1, -20, -75, -66, -47, 85, -12, 7, -111, 39, 59, 81, 87, -94, -14, 50, -119, -24,
            -101, -6, 13, -101, 35, 10, 44, 81, 44, -65, -101, 33, 89, -65, 51, 104, 84, -82, -58, -20, 92, -117, 93,
            70, 78,
        ],
        wf: [
            -85, -19, 81, 50, 81, -25, -11, -88, 3, -101, -31, 112, -119, -34, -124, -35, 84, -97, 74, 88, 28, 18, 48,
            -25, -59, -16, -70, -30, -39, -50, 36, -78, 75, 118, 102, -100, 44, -102, 96, 40, -74, -59, -12, 7, -80,
            117, -27, -70, -32, 52, 0, -61, 64, -55, -112, -85, -57, 35, -21, -99, 114, -107, 42, 105, -16, 35, -106,
            91, -125, -27, -86, -23,
        ],
        wt: [
            -89, 61, -4, 126, 47, 91, -52, 87, 69, -49, 60, -103, 109, 48, 106, 78, -33, -44, -90, 18, -6, 123, -25, 9,
            -50, -63, 48, -73, -88, -67, 76, 39, 36, -101, 36, -53, 94, 105, -31, -116, -122, -75, 72, -90, 37, 74, -25,
            124, -65, 102, 68, -102, 24, 56, -7, -73, -83, 6, -9, 107,
        ],
        bias: [9239, 4305, 12716, 16587],
        expected: [
            16, -31, 12, 51, 14, -34, 26, 43, -5, -45, 38, 10, 25, -37, 43, 58, 13, -49, 21, 65, 8, -17, 22, 9, -14,
            -45, 22, 44, -10, -17, 15, 69,
        ]),
]

@Suite struct SvdfTests {
    @Test func floatMatchesPip() throws {
        var count = 0
        for (index, c) in svdfCases.enumerated() {
            guard case .float(let x, let wf, let wt, let bias, let expected) = c.kind else { continue }
            let activation = try #require(FusedActivation(flatbufferValue: c.activation))
            let kernel = FloatSvdf(geometry: try c.geometry, activation: activation)
            let floats = { (bits: [UInt32]) in bits.map { Float(bitPattern: $0) } }
            let (xs, wfs, wts, biases) = (floats(x), floats(wf), floats(wt), floats(bias))
            var state = [Float](repeating: 0, count: c.batch * c.memory * c.filters)
            var scratch = [Float](repeating: 0, count: kernel.scratchCount)
            let units = c.filters / c.rank
            var got: [UInt32] = []
            for step in 0..<c.steps {
                var output = [Float](repeating: 0, count: c.batch * units)
                let stepInput = Array(xs[(step * c.batch * c.inputSize)..<((step + 1) * c.batch * c.inputSize)])
                kernel.invoke(
                    input: stepInput, weightsFeature: wfs, weightsTime: wts, bias: biases, state: &state,
                    output: &output, scratch: &scratch)
                got += output.map(\.bitPattern)
            }
            #expect(got == expected, "case \(index)")
            count += 1
        }
        #expect(count > 0)
    }

    @Test func quantizedMatchesPip() throws {
        var count = (int16: 0, int8: 0)
        for (index, c) in svdfCases.enumerated() {
            guard case .quantized(let int16State, let q, let x, let wf, let wt, let bias, let expected) = c.kind
            else { continue }
            let kernel = try Svdf(
                geometry: try c.geometry, inputScale: Float(bitPattern: q.inScale), inputZeroPoint: q.inZeroPoint,
                featureScale: Float(bitPattern: q.wfScale), timeScale: Float(bitPattern: q.wtScale),
                biasScale: Float(bitPattern: q.biasScale), stateScale: Float(bitPattern: q.stateScale),
                stateZeroPoint: q.stateZeroPoint, outputScale: Float(bitPattern: q.outScale),
                outputZeroPoint: q.outZeroPoint, int16State: int16State)
            let units = c.filters / c.rank
            let xs = x.map { Int8($0) }, wfs = wf.map { Int8($0) }, biases = bias.map { Int32($0) }
            var filterScratch = [Int32](repeating: 0, count: kernel.filterScratchCount)
            var unitScratch = [Int32](repeating: 0, count: kernel.unitScratchCount)
            let stateCount = c.batch * c.memory * c.filters
            // TFLM resets variable tensors to the zero point for int8, to zero otherwise.
            var state16 = [Int16](repeating: 0, count: stateCount)
            var state8 = [Int8](repeating: Int8(truncatingIfNeeded: q.stateZeroPoint), count: stateCount)
            let wt16 = wt.map { Int16($0) }, wt8 = int16State ? [] : wt.map { Int8($0) }
            var got: [Int] = []
            for step in 0..<c.steps {
                var output = [Int8](repeating: 0, count: c.batch * units)
                let stepInput = Array(xs[(step * c.batch * c.inputSize)..<((step + 1) * c.batch * c.inputSize)])
                if int16State {
                    kernel.invoke(
                        input: stepInput, weightsFeature: wfs, weightsTime: wt16, bias: biases, state: &state16,
                        output: &output, filterScratch: &filterScratch, unitScratch: &unitScratch)
                } else {
                    kernel.invoke(
                        input: stepInput, weightsFeature: wfs, weightsTime: wt8, bias: biases, state: &state8,
                        output: &output, filterScratch: &filterScratch, unitScratch: &unitScratch)
                }
                got += output.map { Int($0) }
            }
            #expect(got == expected, "case \(index)")
            if int16State { count.int16 += 1 } else { count.int8 += 1 }
        }
        #expect(count.int16 > 0 && count.int8 > 0)
    }

    @Test func refusesBadGeometry() {
        #expect(throws: KernelError.self) {
            try SvdfGeometry(
                rank: 0, input: (1, 4), weightsFeature: (4, 4), weightsTime: (4, 2), biasUnits: 4, state: (1, 8),
                output: (1, 4))
        }
        #expect(throws: KernelError.self) {  // filters not a multiple of rank
            try SvdfGeometry(
                rank: 3, input: (1, 4), weightsFeature: (4, 4), weightsTime: (4, 2), biasUnits: 1, state: (1, 8),
                output: (1, 1))
        }
        #expect(throws: KernelError.self) {  // zero memory: TFLM would index the state at -1
            try SvdfGeometry(
                rank: 1, input: (1, 4), weightsFeature: (4, 4), weightsTime: (4, 0), biasUnits: 4, state: (1, 0),
                output: (1, 4))
        }
        #expect(throws: KernelError.self) {  // state size not memory · filters
            try SvdfGeometry(
                rank: 1, input: (1, 4), weightsFeature: (4, 4), weightsTime: (4, 2), biasUnits: 4, state: (1, 9),
                output: (1, 4))
        }
    }
}
