import Testing

@testable import KingletKernels

// Reference outputs from pip tflite-micro 0.dev20261023182759 via tools/vectors/logistic_vectors.py
// (not run in CI; one-operator .tflite per case; setup in tools/vectors/README.md):
//   python3 tools/vectors/logistic_vectors.py 120 300          ->  0x35deca1289a57ec9 (all 256 inputs per case)
//   python3 tools/vectors/logistic_vectors.py one 0.1 -10 X... ->  the notes' vector below

func runLogistic(inputScale: Float, inputZeroPoint: Int32, _ input: [Int8]) throws -> [Int8] {
    let op = try Logistic(
        inputScale: inputScale, inputZeroPoint: inputZeroPoint, outputZeroPoint: -128,
        inputElementCount: input.count, outputElementCount: input.count)
    var output = [Int8](repeating: 0, count: input.count)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
    }
    return output
}

@Suite struct LogisticTests {
    @Test func matchesTFLMOnRandomScales() throws {
        var random = SplitMix64(seed: 120)
        var digest = Fnv()
        let everyInput = (-128...127).map { Int8($0) }
        for _ in 0..<300 {
            let inputScale = random.scale(-10, 1)
            let inputZeroPoint = random.range(-128, 127)
            _ = random.scale(-10, 0)  // output scale: TFLM ignores it
            for value in try runLogistic(inputScale: inputScale, inputZeroPoint: inputZeroPoint, everyInput) {
                digest.mix(Int32(value))
            }
        }
        #expect(digest.hash == 0x35de_ca12_89a5_7ec9)
    }

    @Test func notesVector() throws {
        #expect(
            try runLogistic(inputScale: 0.1, inputZeroPoint: -10, [-128, -50, -10, 0, 30, 127])
                == [-128, -123, 0, 59, 123, 127])
    }

    @Test func isMonotonic() throws {
        var random = SplitMix64(seed: 121)
        let everyInput = (-128...127).map { Int8($0) }
        for _ in 0..<50 {
            let output = try runLogistic(
                inputScale: random.scale(-10, 1), inputZeroPoint: random.range(-128, 127), everyInput)
            for index in 1..<output.count { #expect(output[index - 1] <= output[index]) }
        }
    }

    @Test func prepareChecks() {
        #expect(throws: KernelError.self) {
            _ = try Logistic(
                inputScale: 0.1, inputZeroPoint: 0, outputZeroPoint: 0, inputElementCount: 1, outputElementCount: 1)
        }
        #expect(throws: KernelError.self) {
            _ = try Logistic(
                inputScale: 0, inputZeroPoint: 0, outputZeroPoint: -128, inputElementCount: 1, outputElementCount: 1)
        }
    }
}

// int16 LOGISTIC and TANH (issue 11): pip tflite-micro cases from tools/vectors/int16_vectors.py
// (`cd tools/vectors && /tmp/venv-vectors/bin/python int16_vectors.py sigmoid 11 24`): output scale
// 2^-15, zero points 0, power-of-two and random input scales (float32 bits).
struct Int16SigmoidCase {
    var tanh: Bool, inScale: UInt32, x: [Int16], expected: [Int16]
    init(tanh: Bool, inScale: UInt32, x: [Int16], expected: [Int16]) {
        self.tanh = tanh; self.inScale = inScale; self.x = x; self.expected = expected
    }
}

@Suite struct Int16LogisticTanhTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in int16SigmoidCases.enumerated() {
            var output = [Int16](repeating: 0, count: c.x.count)
            let scale = Float(bitPattern: c.inScale)
            try c.x.withUnsafeBufferPointer { x in
                try output.withUnsafeMutableBufferPointer { y in
                    if c.tanh {
                        try Int16Tanh(
                            shape: Shape(c.x.count), inputScale: scale, inputZeroPoint: 0, outputScale: 1.0 / 32768,
                            outputZeroPoint: 0
                        ).invoke(input: x.baseAddress!, output: y.baseAddress!)
                    } else {
                        try Int16Logistic(
                            shape: Shape(c.x.count), inputScale: scale, inputZeroPoint: 0, outputScale: 1.0 / 32768,
                            outputZeroPoint: 0
                        ).invoke(input: x.baseAddress!, output: y.baseAddress!)
                    }
                }
            }
            #expect(output == c.expected, "case \(index)")
        }
    }

    @Test func sigmoidTableEndpoints() {
        // sigmoid(0) = 1/2 and the last entry is just below 1 in unsigned Q0.16.
        #expect(sigmoidTableUInt16[0] == 32768)
        #expect(sigmoidTableUInt16[255] > 65500)
        #expect((0..<255).allSatisfy { sigmoidTableUInt16[$0] <= sigmoidTableUInt16[$0 + 1] })
    }

    @Test func rejectsWhatTFLMPrepareRejects() {
        // Output scale must be 2^-15; zero points 0.
        #expect(throws: KernelError.self) {
            try Int16Logistic(
                shape: Shape(1), inputScale: 0.001, inputZeroPoint: 0, outputScale: 1.0 / 16384, outputZeroPoint: 0)
        }
        #expect(throws: KernelError.self) {
            try Int16Tanh(
                shape: Shape(1), inputScale: 0.001, inputZeroPoint: 3, outputScale: 1.0 / 32768, outputZeroPoint: 0)
        }
    }
}

let int16SigmoidCases: [Int16SigmoidCase] = [
    .init(
        tanh: true, inScale: 0x38000000,
        x: [-996],
        expected: [-995]),
    .init(
        tanh: false, inScale: 0x3c9ac976,
        x: [
            2635, -10431, 846, -737, 1066, -25354, 12094, -1229, -1697, -1010, 386, 431, -18769, 465, 708, -17737, 188,
            -3231, -1560, -254, 15720, 471, -1759, 480, -5688,
        ],
        expected: [
            32767, 1, 32767, 1, 32767, 1, 32767, 1, 1, 1, 32746, 32759, 1, 32763, 32767, 1, 31855, 1, 1, 267, 32767,
            32764, 1, 32764, 1,
        ]),
    .init(
        tanh: true, inScale: 0x3a800000,
        x: [
            19323, 1798, 1012, -32, 2553, -109, 1293, 17645, -1858, 847, 4486, 32442, 765, -600, 11410, 11770, -78,
            1607, 267, 22981, -872, -15130, 1682, -1922, 323,
        ],
        expected: [
            32767, 30868, 24792, -1024, 32323, -3475, 27912, 32767, -31073, 22247, 32758, 32767, 20755, -17268, 32767,
            32767, -2491, 30045, 8355, 32767, -22672, -32767, 30403, -31268, 10007,
        ]),
    .init(
        tanh: false, inScale: 0x3d2c3cd1,
        x: [
            -182, 1819, -395, 536, 27444, 1570, 1801, -22262, -30270, -4837, 30687, 21293, -363, 6955, -1445, -190,
            11195, 242, -14589, -21223, -1308, -23831, 812, -14462, 233, 9955, 197, -11544, -1322, 29549, 16702, 966,
            -6621, -1556, -2262, -21378,
        ],
        expected: [
            16, 32767, 1, 32767, 32767, 32767, 32767, 1, 1, 1, 32767, 32767, 1, 32767, 1, 11, 32767, 32767, 1, 1, 1, 1,
            32767, 1, 32766, 32767, 32760, 1, 1, 32767, 32767, 32767, 1, 1, 1, 1,
        ]),
    .init(
        tanh: true, inScale: 0x3b000000,
        x: [
            -1610, 1831, 1446, 12297, -1049, -24603, -1665, -376, -14882, -1542, 5418, -1346, -452, -498, 5149, -284,
            1855, 1245, 31424, 555, 502,
        ],
        expected: [
            -32647, 32716, 32538, 32767, -31697, -32767, -32670, -20504, -32767, -32610, 32767, -32429, -23194, -24571,
            32767, -16515, 32721, 32265, 32767, 26040, 24683,
        ]),
    .init(
        tanh: false, inScale: 0x3d127a2e,
        x: [
            25351, 21200, -22824, 23342, -1677, -1010, -870, -163, -725, -878, 1197, 13497, -31240, 1433, -1282, 319,
            -5873, 2487, -29979, 859, -1035, -602, 19402,
        ],
        expected: [
            32767, 32767, 1, 32767, 1, 1, 1, 96, 1, 1, 32767, 32767, 1, 32767, 1, 32767, 1, 32767, 1, 32767, 1, 1,
            32767,
        ]),
    .init(
        tanh: false, inScale: 0x39555aee,
        x: [
            1843, 31503, -1184, 1722, 16, 742, -325, -9496, 1494, 7, -16341, 1778, 30110, 1327, 1125, -8249, -1016,
            8282, 1995, -1727, 7545, 25951, 1949, -32173, -1090, -16996, -21885, -19, -141, 382, 13259,
        ],
        expected: [
            19421, 32714, 14420, 19225, 16411, 17618, 15842, 4146, 18855, 16396, 1138, 19315, 32697, 18582, 18251, 5155,
            14697, 27642, 19664, 13535, 26960, 32602, 19591, 47, 14575, 1000, 377, 16352, 16149, 17021, 30700,
        ]),
    .init(
        tanh: true, inScale: 0x3b8cbb90,
        x: [
            -758, 224, -4254, 511, 29306, 1173, 992, -1782, -362, 1478, -711, 255, -1041, -1325, -19228, 9083, 430,
            1216, -474, -398, 752, 24950, -17509, -16835,
        ],
        expected: [
            -32671, 24418, -32767, 31964, 32767, 32765, 32755, -32767, -29968, 32767, -32622, 26172, -32760, -32767,
            -32767, 32767, 31177, 32766, -31669, -30690, 32665, 32767, -32767, -32767,
        ]),
    .init(
        tanh: true, inScale: 0x3a800000,
        x: [
            14, 703, -1830, -1378, 5259, -28667, 169, -18644, -1270, -360, -339, 1138, 1596, 29666, 1289, -8302, 913,
            -354, -714, 12097, 1783, -1725, 1508, -14911, -26696,
        ],
        expected: [
            448, 19522, -30981, -28607, 32766, -32767, 5360, -32767, -27706, -11068, -10469, 26363, 29989, 32767, 27876,
            -32767, 23337, -10897, -19746, 32767, 30814, -30587, 29493, -32767, -32767,
        ]),
    .init(
        tanh: true, inScale: 0x38000000,
        x: [
            -28171, -13460, 16750, 29370, 1017, -7826, -26990, -35, 505, -29697, -28214, -15190, -1192, 25048, 1089,
            -950, 5050, -12621, -435, -779, -1476, -1801, -20090, 600, -1994, -2214,
        ],
        expected: [
            -22810, -12749, 15428, 23414, 1016, -7681, -22185, -35, 504, -23571, -22832, -14187, -1192, 21091, 1088,
            -949, 5011, -12032, -435, -779, -1474, -1798, -17901, 600, -1992, -2210,
        ]),
    .init(
        tanh: false, inScale: 0x38202dd4,
        x: [
            -1191, -750, 733, -25386, 2265, 1164, 9282, -1885, 793, 234, 25380, 46, 23509, -24109, 4188, -1637, 8760,
            9822,
        ],
        expected: [
            16011, 16149, 16613, 9011, 17092, 16748, 19258, 15794, 16632, 16457, 23755, 16399, 23281, 9333, 17691,
            15872, 19100, 19421,
        ]),
    .init(
        tanh: false, inScale: 0x3a72d9c4,
        x: [
            3273, -2171, -1742, -21396, 755, 4179, -13290, -1867, -872, -16317, -1328, 1596, -19143, -20603, 297,
            -12661, 504, -30023, 25732, 1762, 25422, 1942, 349,
        ],
        expected: [
            31261, 3868, 5442, 1, 21891, 32100, 1, 4937, 10105, 1, 7410, 26684, 1, 1, 18624, 1, 20141, 1, 32767, 27410,
            32767, 28116, 19010,
        ]),
    .init(
        tanh: true, inScale: 0x39000000,
        x: [
            15397, 10130, 1987, -23558, 13370, 350, -1930, -1222, 18434, 781, -1498, 16085, 1802, 844, -3012, -1913,
            15721, 2210, -6806, 188, -610,
        ],
        expected: [
            31275, 27671, 7797, -32560, 30355, 1400, -7580, -4852, 32048, 3116, -5926, 31502, 7094, 3364, -11532, -7515,
            31387, 8632, -22312, 752, -2435,
        ]),
    .init(
        tanh: true, inScale: 0x386e255b,
        x: [-30389, -205, 26298, 17303, 27466, 1314, -1969, -180, 1354, -762, 1909, 24326, -3854],
        expected: [-30753, -382, 29619, 24710, 29994, 2441, -3648, -336, 2515, -1418, 3538, 28876, -7058]),
    .init(
        tanh: true, inScale: 0x3b000000,
        x: [
            25833, 1215, -696, -573, 29798, -13647, -24848, 22200, 13596, 805, 142, 466, -238, -1242, 1073, -7684,
            -6259, 1927, -1405, 32370, 14297, -1085, 709, 470, -21545, 1159, 6007, 14171, -5759, 1572, 15525, 26957,
            1714, 911, 21478,
        ],
        expected: [
            32767, 32204, -28713, -26453, 32767, -32767, -32767, 32767, 32767, 30061, 8862, 23632, -14222, -32260,
            31792, -32767, -32767, 32733, -32498, 32767, 32767, -31835, 28902, 23755, -32767, 32067, 32767, 32767,
            -32767, 32627, 32767, 32767, 32687, 30953, 32767,
        ]),
    .init(
        tanh: true, inScale: 0x39000000,
        x: [
            21872, 861, 1189, -59, 1856, 8827, 15245, 11840, 8004, 678, -24317, 3545, 18871, -1914, 190, -31348, 730,
            -199, 1402, 6187, -32552, -30393, 805, -2360, -30361, -2480, -1477, -1311, 77, -14169, -641, 27341, 9383,
            -27467, -580, -248, -15520, -5224, 1475, -10892,
        ],
        expected: [
            32455, 3433, 4724, -235, 7300, 25961, 31220, 29319, 24635, 2706, -32595, 13357, 32121, -7520, 760, -32737,
            2912, -795, 5554, 20915, -32745, -32729, 3211, -9187, -32729, -9628, -5843, -5198, 309, -30770, -2558,
            32686, 26746, -32688, -2316, -992, -31318, -18459, 5838, -28481,
        ]),
    .init(
        tanh: true, inScale: 0x3c84acd2,
        x: [
            827, -12895, -22695, -153, -1216, -28270, 1344, 382, 21907, 1928, 22528, -1689, 32210, 21935, -2019, -1295,
        ],
        expected: [
            32767, -32767, -32767, -32310, -32767, -32767, 32767, 32767, 32767, 32767, 32767, -32767, 32767, 32767,
            -32767, -32767,
        ]),
    .init(
        tanh: true, inScale: 0x39000000,
        x: [
            -1248, 22823, 18284, -6795, -1214, -1705, -213, 20049, 382, -28213, -315, 227, 25604, -28331, 29085, -153,
            -898, -28256,
        ],
        expected: [
            -4953, 32520, 32022, -22288, -4821, -6722, -851, 32281, 1527, -32701, -1258, 909, 32642, -32703, 32714,
            -611, -3577, -32702,
        ]),
    .init(
        tanh: true, inScale: 0x3b000000,
        x: [15787, -21717, -19895, 1999, 1358, -7641, 27902, -30805, -8938, -626, -528, 11223, -17520],
        expected: [32767, -32767, -32767, 32741, 32444, -32767, 32767, -32767, -32767, -27539, -25376, 32767, -32767]),
    .init(
        tanh: false, inScale: 0x39000000,
        x: [1315, 12672, 1278, 27314, 1500, -1317, 223, 1999, -31921],
        expected: [17697, 27016, 17660, 31640, 17880, 15070, 16607, 18373, 652]),
    .init(
        tanh: false, inScale: 0x38000000,
        x: [
            18610, -27162, 1343, 32411, 32378, -598, 1383, 17211, 3180, -8717, -1568, 1978, 738, -26252, -8051, -2147,
            -845, -178, 10243, -1455, 313, 1286, 17990, 1588, -2481, -1065, 321,
        ],
        expected: [
            20915, 9957, 16720, 23885, 23878, 16235, 16730, 20590, 17179, 14218, 15992, 16879, 16569, 10151, 14381,
            15847, 16173, 16339, 18924, 16020, 16462, 16705, 20772, 16781, 15764, 16118, 16464,
        ]),
    .init(
        tanh: false, inScale: 0x3f71e960,
        x: [-686, 1883, 1142, 1160, -1552, -2673],
        expected: [1, 32767, 32767, 32767, 1, 1]),
    .init(
        tanh: false, inScale: 0x3e84c744,
        x: [
            -13676, -1228, 32740, 1201, 243, -1487, -18320, 29286, -1063, 1690, -1510, 663, 628, -14825, -529, -27623,
            330, 12114, -164, -15484, 9802, 26564, 569, 21871, 1114, 6075, -5665,
        ],
        expected: [
            1, 1, 32767, 32767, 32767, 1, 1, 32767, 1, 32767, 1, 32767, 32767, 1, 1, 1, 32767, 32767, 1, 1, 32767,
            32767, 32767, 32767, 32767, 32767, 1,
        ]),
    .init(
        tanh: true, inScale: 0x3a000000,
        x: [
            734, 2889, -575, 1416, -9576, 25323, 1078, 348, -20490, -1884, -18151, -15968, 4537, 36, 1161, 1263, 717,
            4766, -29800, -16875, -26463, -459, -17007, 847, 17635, -1299, -1631, -1477, -30317, 24506, -12181, -1533,
            662, -10306, -898, -17850, -1774,
        ],
        expected: [
            11266, 29086, -8965, 19624, -32762, 32767, 15813, 5515, -32767, -23785, -32767, -32767, 31997, 576, 16812,
            17984, 11025, 32150, -32767, -32767, -32767, -7223, -32767, 12829, 32767, -18382, -21692, -20239, -32767,
            32767, -32767, -20784, 10238, -32765, -13513, -32767, -22919,
        ]),
]
