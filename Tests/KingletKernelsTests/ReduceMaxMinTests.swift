import Testing

@testable import KingletKernels

// REDUCE_MAX and REDUCE_MIN: pip-made cases (ReduceCase, MeanTests.swift), float32 (some with
// infinities and NaNs) and int8.
// cd tools/vectors && python reduce_vectors.py reduce_max 33 20
let pipReduceMaxCases: [ReduceCase] = [
    .float(
        [4, 3, 4], axes: [2], keepDims: true, output: [4, 3, 1],
        x: [
            0xc06b2044, 0x400140e7, 0x40660173, 0xc03c1388, 0xbfd51ae5, 0x3ecda37d, 0x3fa44384, 0x40294e6f, 0xbe806d2e,
            0xbdb8232e, 0x7fc00000, 0xc00ea9c9, 0x400b9f9e, 0x4001afbb, 0x3e9e95a4, 0x3f52f312, 0xbf1c0b5b, 0x40749146,
            0x3fac75e3, 0x3fbc6529, 0xbfc71e8b, 0xbdd12d01, 0x3fc9c9e5, 0x407de016, 0xc00d9682, 0xbf7bc014, 0x400622d6,
            0xff800000, 0xbf1b12c6, 0x402194d8, 0xbf906c5c, 0x405eb334, 0xc00a99d2, 0xc01e6741, 0x3f1be3cc, 0x3fc45e39,
            0x401d536d, 0x403b4563, 0xbed530d4, 0x3f300219, 0x40595e9c, 0xbfbc77d8, 0x7f800000, 0x3fd83c4b, 0xbe93385a,
            0x3fcc4e1f, 0x3fb175a7, 0x4014e5db,
        ],
        expected: [
            0x40660173, 0x40294e6f, 0xbdb8232e, 0x400b9f9e, 0x40749146, 0x407de016, 0x400622d6, 0x405eb334, 0x3fc45e39,
            0x403b4563, 0x7f800000, 0x4014e5db,
        ]),
    .quantized(
        [3, 5, 5, 2], axes: [1, 2], keepDims: true, output: [3, 1, 1, 2], q: (0x3c394a80, -123, 0x3c394a80, -123),
        int16: false,
        x: [
            51, 47, -2, -79, -37, 117, 23, 51, -24, -21, 18, 24, 52, -118, 72, -102, -15, -79, 84, -117, 17, -65, 95,
            19, -120, 66, 126, 121, -121, -40, 65, 102, -70, 104, 121, -127, -109, -85, 108, 77, 41, -52, 86, -7, 6,
            -102, 74, -70, 100, 119, 37, -105, -2, 49, -71, -24, 32, 91, -53, -119, -121, -23, -32, 34, 117, 81, -15,
            -83, -124, -59, 47, 21, -72, -38, -108, -57, 42, 94, -55, -50, -46, -48, -66, -76, -79, 71, -64, -118, -53,
            8, -42, -92, 51, 81, 83, 32, -83, -110, 21, -28, -2, -116, -40, -108, -26, 108, 64, -32, -56, 12, 27, 100,
            24, 124, 13, -49, -68, -99, 73, 73, 54, -82, -35, 117, 24, -90, 115, -58, 30, -59, -13, -50, 127, -17, -55,
            -114, -40, -54, 107, 28, -125, 89, 36, 77, -2, -75, 107, -16, -108, 96,
        ],
        expected: [126, 121, 117, 94, 127, 124]),
    .quantized(
        [2, 2, 2, 3], axes: [0, -4, 1, -2, -2], keepDims: true, output: [1, 1, 1, 3],
        q: (0x3cd9e6f2, -96, 0x3cd9e6f2, -96), int16: false,
        x: [
            35, -80, 61, 73, 109, -34, -85, -46, -113, 86, 17, -108, -33, 3, -35, -79, -96, 31, -81, -66, 40, 123, -42,
            -76,
        ],
        expected: [123, 109, 61]),
    .float(
        [5], axes: [0, 0], keepDims: false, output: [],
        x: [0xc06d13d0, 0x3e22f380, 0x40751e2f, 0x40154e69, 0xc0638b96],
        expected: [0x40751e2f]),
    .float(
        [2, 2, 4], axes: [-3, 0], keepDims: false, output: [2, 4],
        x: [
            0x3f8d2e06, 0xc00a142d, 0xbecba97f, 0x4030de5e, 0xbe5c41b4, 0xbf5f80d3, 0xbfb63891, 0xc0283cab, 0xbf52ced7,
            0x3e3f4fc2, 0x401049ba, 0xbfd5aaa5, 0x404a3d5c, 0x4060b431, 0x40336340, 0x3eec915b,
        ],
        expected: [0x3f8d2e06, 0x3e3f4fc2, 0x401049ba, 0x4030de5e, 0x404a3d5c, 0x4060b431, 0x40336340, 0x3eec915b]),
    .quantized(
        [5, 2, 1], axes: [2], keepDims: false, output: [5, 2], q: (0x3cd988ec, 44, 0x3cd988ec, 44), int16: false,
        x: [78, -127, -80, 77, -105, -1, 20, 102, -20, -18],
        expected: [78, -127, -80, 77, -105, -1, 20, 102, -20, -18]),
    .quantized(
        [1], axes: [-1], keepDims: true, output: [1], q: (0x3f6e4b9e, 65, 0x3f6e4b9e, 65), int16: false,
        x: [-111],
        expected: [-111]),
    .float(
        [4, 1, 1, 5], axes: [-1, 3, 3, 0, 2], keepDims: true, output: [1, 1, 1, 1],
        x: [
            0xc076db32, 0xc023c97b, 0xc06d54c6, 0x3fdef3cf, 0x405ed544, 0xbf9e86ec, 0xc06007ae, 0xc024b5ab, 0x405acaa5,
            0xbfe60f15, 0xbfec169e, 0xc076a2d4, 0x40310451, 0x403fd6aa, 0x403e461e, 0x3f556746, 0x3d50122a, 0x3fad6b4a,
            0xbf2125ad, 0xc05d467c,
        ],
        expected: [0x405ed544]),
    .float(
        [3, 5, 5], axes: [-1], keepDims: false, output: [3, 5],
        x: [
            0xc0604eb5, 0xc001317a, 0x40533a8d, 0x406878a9, 0x40426dc8, 0xc00f530e, 0xc022aa7e, 0xc007b64e, 0xc05d7875,
            0x40118b00, 0xbf65b6e3, 0x3fab141a, 0xc07d7196, 0xc01dbab3, 0x401ff204, 0x4042165e, 0x403707fd, 0x3fe62752,
            0x4065334a, 0xbf65e3c9, 0x404c73ac, 0x3e8fa9af, 0xbfe50504, 0xc07ffbdb, 0x405f6d6f, 0xbf02726a, 0x4011787f,
            0xc07e5cd3, 0x406ec321, 0x4035f569, 0x406a85b4, 0x4027dc59, 0x3f6c487e, 0xc02ec766, 0x401bd4e7, 0xbfaf63f2,
            0xc03019fd, 0x3e8cb54c, 0xbfe3f3c5, 0xbffa0aa5, 0xbf888ea4, 0x3f94c9d9, 0xbdcf4b07, 0x3f2354a5, 0xc019cfc2,
            0x3fd1dc04, 0xbfa16bf0, 0xbfa0f3dd, 0xbd4c5bb6, 0xc0269ff1, 0x4060f78a, 0x401d4b48, 0xbfbc513d, 0xbfb7fb5b,
            0x4070d081, 0xbfe9c1a9, 0x3f7d9858, 0x40152daa, 0x40525d3d, 0xc0040b65, 0xc07f81c5, 0xc0685282, 0xbfe8ab28,
            0x3fb0a128, 0xc075b300, 0xc03d28fc, 0xbee1d862, 0x40614d75, 0xbff08e6a, 0xc04fd66b, 0xbfae6a9d, 0xbff0936b,
            0xbbcde4b4, 0xc01c6b6d, 0x4002c1ae,
        ],
        expected: [
            0x406878a9, 0x40118b00, 0x401ff204, 0x4065334a, 0x405f6d6f, 0x406ec321, 0x406a85b4, 0x3e8cb54c, 0x3f94c9d9,
            0x3fd1dc04, 0x4070d081, 0x40525d3d, 0x3fb0a128, 0x40614d75, 0x4002c1ae,
        ]),
    .float(
        [3], axes: [0], keepDims: true, output: [1],
        x: [0x7f800000, 0x7fc00000, 0xff800000],
        expected: [0x7f800000]),
    .quantized(
        [2], axes: [-1, 0], keepDims: true, output: [1], q: (0x3d62c4b2, 97, 0x3d62c4b2, 97), int16: false,
        x: [126, -122],
        expected: [126]),
    .quantized(
        [4, 5], axes: [0], keepDims: true, output: [1, 5], q: (0x3d4a950b, 53, 0x3d4a950b, 53), int16: false,
        x: [-127, 46, 66, 59, 58, 105, -123, -6, -122, 100, -18, 59, -64, 47, 14, -25, 53, -91, 125, 35],
        expected: [105, 59, 66, 125, 100]),
    .float(
        [4], axes: [0, 0], keepDims: true, output: [1],
        x: [0xc0444c8d, 0xff800000, 0x40308fec, 0x7fc00000],
        expected: [0x40308fec]),
    .quantized(
        [2, 4], axes: [-2, -2, -2], keepDims: false, output: [4], q: (0x3d8c89cb, 73, 0x3d8c89cb, 73), int16: false,
        x: [2, 55, 7, 29, 107, -95, 11, -118],
        expected: [107, 55, 11, 29]),
    .quantized(
        [2, 4, 1, 3], axes: [-1, -2, 3, -4, 1], keepDims: true, output: [1, 1, 1, 1],
        q: (0x3e54c086, 117, 0x3e54c086, 117), int16: false,
        x: [
            127, 33, -105, -111, 122, 4, -99, 13, 6, 86, -77, -49, 52, -91, -100, 62, -24, -111, -98, 34, 30, -127, 13,
            -109,
        ],
        expected: [127]),
    .quantized(
        [3, 2, 1, 4], axes: [3, -3, -4, 2], keepDims: false, output: [], q: (0x3dfd7d56, 17, 0x3dfd7d56, 17),
        int16: false,
        x: [
            -34, 100, -114, -114, 34, 98, -72, 118, 53, -97, 26, -8, -24, 118, -45, -63, 26, 97, 22, -103, -74, -120,
            31, 11,
        ],
        expected: [118]),
    .float(
        [4, 2], axes: [1], keepDims: true, output: [4, 1],
        x: [0x3fba5800, 0x3fc7fc6d, 0xff800000, 0x40052078, 0xc0118adf, 0xbfca4edf, 0xc041bc63, 0x7fc00000],
        expected: [0x3fc7fc6d, 0x40052078, 0xbfca4edf, 0xc041bc63]),
    .float(
        [1, 3, 2], axes: [1, -3, -3, -1], keepDims: false, output: [],
        x: [0x40115e07, 0x7f800000, 0xc02fba63, 0x3ff82315, 0xff800000, 0xff800000],
        expected: [0x7f800000]),
    .quantized(
        [5, 5], axes: [1], keepDims: true, output: [5, 1], q: (0x3bf1b009, -3, 0x3bf1b009, -3), int16: false,
        x: [
            70, 2, 1, 64, 11, 98, -14, -16, 29, 104, 79, 29, 83, 108, 115, 63, 62, 113, 115, 6, 116, -39, -77, 50, 105,
        ],
        expected: [70, 104, 115, 115, 116]),
    .quantized(
        [3, 1, 2, 1], axes: [3, 3], keepDims: false, output: [3, 1, 2], q: (0x3e50bf5f, -26, 0x3e50bf5f, -26),
        int16: false,
        x: [1, -105, 55, -24, 79, -2],
        expected: [1, -105, 55, -24, 79, -2]),
]

// cd tools/vectors && python reduce_vectors.py reduce_min 34 20
let pipReduceMinCases: [ReduceCase] = [
    .quantized(
        [3, 5], axes: [-1, 1, 0], keepDims: false, output: [], q: (0x3ec99e06, -69, 0x3ec99e06, -69), int16: false,
        x: [-27, 20, -76, 31, -61, -33, -19, -24, 107, -32, -109, -35, -110, -63, 82],
        expected: [-110]),
    .quantized(
        [5, 3, 3], axes: [2, 2], keepDims: false, output: [5, 3], q: (0x3d416eab, 103, 0x3d416eab, 103), int16: false,
        x: [
            -47, 3, -43, 31, 123, -120, -1, -36, 9, -72, -94, -6, 69, -77, 121, -96, -121, -51, -120, 83, -117, 104,
            116, 113, -116, -30, 11, 123, -61, 90, 63, 37, -21, -113, 14, 37, -27, -37, -15, -69, 3, -113, 21, 102, -18,
        ],
        expected: [-47, -120, -36, -94, -77, -121, -120, 104, -116, -61, -21, -113, -37, -113, -18]),
    .quantized(
        [2, 3, 5], axes: [0, -1, -3], keepDims: false, output: [3], q: (0x3d11c204, -99, 0x3d11c204, -99), int16: false,
        x: [
            46, -100, -123, -74, 95, 40, 11, -33, 47, 52, 29, 76, 89, -47, 8, 84, -38, 75, 77, 42, -55, -35, 80, -41,
            -46, 83, 127, 8, -76, -74,
        ],
        expected: [-123, -55, -76]),
    .float(
        [3, 4, 3], axes: [-3, 2, 0, 2], keepDims: false, output: [4],
        x: [
            0x3f9aa81b, 0x4046e8fa, 0x3fef2ff3, 0xbf3dfa7c, 0x3f7cc634, 0xc0612139, 0x4022f282, 0xbff787b4, 0x405f1697,
            0x40414950, 0xbe3d75bc, 0xbfe9ea0c, 0xbf7e9ad9, 0xc04c27cb, 0x406509c2, 0x3f8bfa31, 0xc066c58f, 0xc06e89be,
            0xc0320860, 0xc06dc2bb, 0xbeef0f98, 0x3f4cc6aa, 0x3f44337a, 0xc01ca593, 0xc058466f, 0xc03943c9, 0xc05abcdc,
            0x406bf7c0, 0x3e985f70, 0xbf95d1a9, 0xbfc84ec1, 0x3bb0943c, 0x4005c394, 0xbfbdb395, 0x401c3f91, 0xc022fbcc,
        ],
        expected: [0xc05abcdc, 0xc06e89be, 0xc06dc2bb, 0xc022fbcc]),
    .float(
        [3, 2, 1], axes: [1, 2, 2, 0], keepDims: false, output: [],
        x: [0xbfb9f1a1, 0x7f800000, 0x7fc00000, 0xc0788c8e, 0x3f539fb7, 0x7fc00000],
        expected: [0xc0788c8e]),
    .quantized(
        [1, 1], axes: [0], keepDims: true, output: [1, 1], q: (0x3f3e664b, -82, 0x3f3e664b, -82), int16: false,
        x: [103],
        expected: [103]),
    .quantized(
        [3, 1, 5, 2], axes: [-3], keepDims: true, output: [3, 1, 5, 2], q: (0x3e96befc, -109, 0x3e96befc, -109),
        int16: false,
        x: [
            43, -127, -62, 118, -76, 98, -23, 96, -25, 111, -30, -55, -10, 57, -116, -37, -30, -95, -63, -36, -38, 27,
            12, -71, 43, 89, -63, -16, 124, 52,
        ],
        expected: [
            43, -127, -62, 118, -76, 98, -23, 96, -25, 111, -30, -55, -10, 57, -116, -37, -30, -95, -63, -36, -38, 27,
            12, -71, 43, 89, -63, -16, 124, 52,
        ]),
    .quantized(
        [5, 4, 3, 2], axes: [-3], keepDims: true, output: [5, 1, 3, 2], q: (0x3bc15a86, -107, 0x3bc15a86, -107),
        int16: false,
        x: [
            4, -124, -7, 121, -82, -6, -84, -91, -77, -114, -74, -103, 72, 72, -69, 47, -54, 28, 64, -81, -95, -83,
            -107, -128, 104, 65, -112, -36, 88, 19, 17, -38, -11, -102, 18, -55, 95, -104, -121, -40, 22, -54, -25, 113,
            -12, -94, -95, -84, 12, -9, 8, -19, -107, -3, 86, -15, -23, 32, 63, -65, 106, 110, 120, 119, -27, -83, -108,
            104, 113, 99, 126, -3, -88, -61, 88, 5, 61, -70, -18, -72, 107, -13, -14, -46, 98, -55, 52, -63, -78, 33,
            -23, -41, -81, 36, -88, 46, 50, 107, -49, 0, -128, 18, 121, 13, 79, 6, 79, 2, -6, 9, 114, 75, -107, 109, 58,
            -109, 57, 23, 95, -125,
        ],
        expected: [
            -84, -124, -95, -114, -107, -128, -25, -104, -121, -102, -95, -84, -108, -15, -23, -19, -107, -83, -88, -72,
            -81, -63, -88, -70, -6, -109, -49, 0, -128, -125,
        ]),
    .quantized(
        [2, 2], axes: [-2], keepDims: true, output: [1, 2], q: (0x3c4d523e, -111, 0x3c4d523e, -111), int16: false,
        x: [-15, 127, 81, 27],
        expected: [-15, 27]),
    .float(
        [2, 3], axes: [1, 1], keepDims: false, output: [2],
        x: [0xbf949c2a, 0x3f852b37, 0x7f800000, 0x7fc00000, 0xbff7f364, 0xc051b06b],
        expected: [0xbf949c2a, 0xc051b06b]),
    .quantized(
        [2, 2, 2], axes: [-3, 0, -3], keepDims: true, output: [1, 2, 2], q: (0x3d04b981, -59, 0x3d04b981, -59),
        int16: false,
        x: [89, 44, -116, -11, -67, 59, 77, 17],
        expected: [-67, 44, -116, -11]),
    .quantized(
        [1, 1], axes: [0, -1, 1], keepDims: true, output: [1, 1], q: (0x3ccf3cec, -69, 0x3ccf3cec, -69), int16: false,
        x: [-103],
        expected: [-103]),
    .quantized(
        [3], axes: [-1], keepDims: false, output: [], q: (0x3c0a2ac9, 54, 0x3c0a2ac9, 54), int16: false,
        x: [-6, 48, 41],
        expected: [-6]),
    .quantized(
        [2], axes: [-1, -1], keepDims: false, output: [], q: (0x3b8e4356, -59, 0x3b8e4356, -59), int16: false,
        x: [30, 27],
        expected: [27]),
    .quantized(
        [5, 1], axes: [-2], keepDims: false, output: [1], q: (0x3dad7fc9, 107, 0x3dad7fc9, 107), int16: false,
        x: [17, -17, -4, -46, 8],
        expected: [-46]),
    .float(
        [4, 4, 3], axes: [-1, 0, -3], keepDims: true, output: [1, 4, 1],
        x: [
            0x3fb0cd4b, 0x40643f89, 0x3fae29ad, 0x40281152, 0xbeef2550, 0xbdf7a4b7, 0x3f7c8f13, 0xc021e1ac, 0xc02a22dd,
            0xc0631ffd, 0x3ff6c729, 0xc0679cd2, 0x4038aa13, 0x3f930812, 0x407e648e, 0x404f7435, 0xc067f6b7, 0xc06f14a6,
            0x3f587b98, 0xbe30c540, 0xc04f5c98, 0xbf45c1ec, 0x3f30bf4b, 0x407b6495, 0xc0269739, 0x401bd4a4, 0x3f816d35,
            0xc0008569, 0xc06593e3, 0xbeb2054a, 0xbfbfa34b, 0x3fe978ba, 0xc06c6a3d, 0xc06d9a94, 0x3f693e4c, 0xc00e8c52,
            0xbf2343b4, 0xbf8279d3, 0xc04db6c7, 0xbf13d999, 0x40343475, 0xbe629a7e, 0xc001b294, 0xbf8b2f19, 0xc013bf57,
            0x402a3cac, 0x3f4557b1, 0x403b9250,
        ],
        expected: [0xc04db6c7, 0xc06f14a6, 0xc06c6a3d, 0xc06d9a94]),
    .float(
        [2, 1, 1, 1], axes: [-3, -2, -2, 2, 3], keepDims: true, output: [2, 1, 1, 1],
        x: [0x4025f023, 0x7f800000],
        expected: [0x4025f023, 0x7f7fffff]),
    .float(
        [2, 4, 1], axes: [1, -1, 0], keepDims: false, output: [],
        x: [0xbe5f0472, 0xbeb73b9c, 0x407e9a7f, 0x3fdf5c65, 0x4074f0aa, 0x4062a299, 0x4059b99c, 0x4026301e],
        expected: [0xbeb73b9c]),
    .float(
        [1], axes: [0], keepDims: true, output: [1],
        x: [0xc03879a4],
        expected: [0xc03879a4]),
    .quantized(
        [1, 2, 4, 2], axes: [-2, 3, 2, -4], keepDims: false, output: [2], q: (0x3d0e67e2, -69, 0x3d0e67e2, -69),
        int16: false,
        x: [-94, 125, -90, 15, 76, -91, -127, -75, 61, -91, -72, -70, -114, -128, 113, -119],
        expected: [-127, -128]),
]

func runReduceMaxMin(_ c: ReduceCase, isMaximum: Bool) throws -> [Int] {
    try runReduceCase(
        c,
        float: { axes, x, y in
            try ReduceMaxMin(input: c.inputShape, axes: axes, output: c.outputShape, isMaximum: isMaximum)
                .invoke(input: x, output: y)
        },
        quantized: { axes, q, _, x, y in
            try ReduceMaxMin.checkQuantization(
                inputScale: q.0, inputZeroPoint: q.1, outputScale: q.2, outputZeroPoint: q.3)
            try ReduceMaxMin(input: c.inputShape, axes: axes, output: c.outputShape, isMaximum: isMaximum)
                .invoke(input: x.assumingMemoryBound(to: Int8.self), output: y.assumingMemoryBound(to: Int8.self))
        })
}

@Suite struct ReduceMaxMinTests {
    @Test func maxMatchesPipTFLM() throws {
        for (index, c) in pipReduceMaxCases.enumerated() {
            #expect(try runReduceMaxMin(c, isMaximum: true) == c.expected, "case \(index)")
        }
    }

    @Test func minMatchesPipTFLM() throws {
        for (index, c) in pipReduceMinCases.enumerated() {
            #expect(try runReduceMaxMin(c, isMaximum: false) == c.expected, "case \(index)")
        }
    }

    @Test func allMinusInfinityGivesLowestFinite() throws {
        let y = try withUnalignedInt32Bytes([0]) { axes in
            let op = try ReduceMaxMin(input: Shape(2), axes: axes, output: Shape(1), isMaximum: true)
            var y: [Float] = [0]
            let x: [Float] = [-.infinity, -.infinity]
            x.withUnsafeBufferPointer { i in
                y.withUnsafeMutableBufferPointer { o in op.invoke(input: i.baseAddress!, output: o.baseAddress!) }
            }
            return y[0]
        }
        #expect(y == -Float.greatestFiniteMagnitude)
    }

    @Test func int8NeedsEqualQuantization() {
        #expect(throws: KernelError.self) {
            try ReduceMaxMin.checkQuantization(
                inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.25, outputZeroPoint: 0)
        }
        #expect(throws: KernelError.self) {
            try ReduceMaxMin.checkQuantization(inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 1)
        }
    }
}
