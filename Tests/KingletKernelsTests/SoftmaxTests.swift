import Testing

@testable import KingletKernels

// Reference outputs from pip tflite-micro 0.dev20261023182759 via tools/vectors/softmax_vectors.py
// (not run in CI; one-operator .tflite per case; setup in tools/vectors/README.md):
//   python3 tools/vectors/softmax_vectors.py 90 400                     ->  0x464799f3fafa7b87
//   python3 tools/vectors/softmax_vectors.py one BETA IN_SCALE 8|16 X... ->  the spot values below
// The 512-equal-values and beta*scale = 1e-8 cases make that process abort (exit 134).

struct SoftmaxCase {
    var rows = 0, depth = 0
    var beta: Float = 1, inputScale: Float = 0.1
    var int16Output = false
    var input: [Int8] = []

    init(rows: Int = 1, beta: Float, inputScale: Float, int16Output: Bool, input: [Int8]) {
        self.rows = rows
        self.depth = input.count / rows
        self.beta = beta
        self.inputScale = inputScale
        self.int16Output = int16Output
        self.input = input
    }

    init(_ random: inout SplitMix64) {
        rows = Int(random.range(1, 4))
        depth = Int(random.range(1, 40))
        beta = random.scale(-1, 1)
        inputScale = random.scale(-8, -2)
        _ = random.range(-128, 127)  // input zero point: irrelevant to softmax
        int16Output = random.range(0, 1) == 1
        let low = random.range(-128, 127)
        let high = min(127, low + random.range(0, 60))
        input = (0..<(rows * depth)).map { _ in Int8(random.range(low, high)) }
    }

    func prepare() throws -> Softmax {
        try Softmax(
            beta: beta, inputScale: inputScale,
            outputScale: int16Output ? 1.0 / 65536 : 1.0 / 256, outputZeroPoint: int16Output ? -32768 : -128,
            outputType: int16Output ? .int16 : .int8,
            inputElementCount: input.count, depth: depth, outputElementCount: input.count, outputDepth: depth)
    }

    /// Outputs widened to Int32.
    func run() throws -> [Int32] {
        let op = try prepare()
        if int16Output {
            var output = [Int16](repeating: 0, count: input.count)
            try input.withUnsafeBufferPointer { x throws(KernelError) in
                try output.withUnsafeMutableBufferPointer { y throws(KernelError) in
                    try op.invoke(input: x.baseAddress!, output: y.baseAddress!)
                }
            }
            return output.map { Int32($0) }
        }
        var output = [Int8](repeating: 0, count: input.count)
        try input.withUnsafeBufferPointer { x throws(KernelError) in
            try output.withUnsafeMutableBufferPointer { y throws(KernelError) in
                try op.invoke(input: x.baseAddress!, output: y.baseAddress!)
            }
        }
        return output.map { Int32($0) }
    }
}

@Suite struct SoftmaxTests {
    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 90)
        var digest = Fnv()
        for _ in 0..<400 {
            for value in try SoftmaxCase(&random).run() { digest.mix(value) }
        }
        #expect(digest.hash == 0x4647_99f3_fafa_7b87)
    }

    @Test func notesVectors() throws {
        let op = try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [0]).prepare()
        #expect(op.inputMultiplier == 1_717_986_944 && op.inputLeftShift == 23 && op.diffMin == -248)
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [-128, 0, 10, 20, 127]).run()
                == [-128, -128, -128, -128, 127])
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [5, 5, 5]).run() == [-43, -43, -43])
        #expect(try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [5, 5]).run() == [0, 0])
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: true, input: [5, 5, 5]).run()
                == [-10923, -10923, -10923])
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: true, input: [-128, 0, 10, 20, 127]).run()
                == [-32768, -32768, -32767, -32767, 32766])
    }

    @Test func expSumLimits() throws {
        // 511 equal values: sum just below 512, every output -127.
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: Array(repeating: 3, count: 511)).run()
                == Array(repeating: -127, count: 511))
        // 512: TFLM's TFLITE_CHECK(exponent <= 31) aborts; Kinglet throws.
        #expect(throws: KernelError.self) {
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: Array(repeating: 3, count: 512)).run()
        }
        // int16 output never aborts; from 4096 equal values the Q12.19 sum wraps, as in TFLM.
        for (count, expected) in [(4096, -32752), (4097, -32752), (5000, -32755)] as [(Int, Int32)] {
            #expect(
                try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: true, input: Array(repeating: 3, count: count))
                    .run()
                    == Array(repeating: expected, count: count))
        }
    }

    @Test func prepareFailures() {
        func prepare(
            beta: Float = 1, inputScale: Float = 0.1, outputScale: Float, zeroPoint: Int32, type: Softmax.OutputType
        ) throws {
            _ = try Softmax(
                beta: beta, inputScale: inputScale, outputScale: outputScale, outputZeroPoint: zeroPoint,
                outputType: type, inputElementCount: 4, depth: 4, outputElementCount: 4, outputDepth: 4)
        }
        // beta * input_scale <= 2^-26: TFLM aborts in QuantizeMultiplierGreaterThanOne.
        #expect(throws: KernelError.self) {
            try prepare(beta: 1e-6, inputScale: 0.01, outputScale: 1.0 / 256, zeroPoint: -128, type: .int8)
        }
        #expect(throws: KernelError.self) {
            try prepare(beta: 1, inputScale: 0x1p-26, outputScale: 1.0 / 256, zeroPoint: -128, type: .int8)
        }
        #expect(throws: Never.self) {
            try prepare(beta: 1, inputScale: 0x1.000002p-26, outputScale: 1.0 / 256, zeroPoint: -128, type: .int8)
        }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.0 / 255, zeroPoint: -128, type: .int8) }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.0 / 256, zeroPoint: 0, type: .int8) }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.0 / 65536, zeroPoint: 0, type: .int16) }
        #expect(throws: Never.self) { try prepare(outputScale: 1.0005 / 65536, zeroPoint: -32768, type: .int16) }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.002 / 65536, zeroPoint: -32768, type: .int16) }
    }

    @Test func outputsSumToAboutOne() throws {
        var random = SplitMix64(seed: 91)
        for _ in 0..<100 {
            let testCase = SoftmaxCase(&random)
            let output = try testCase.run()
            let offset: Int32 = testCase.int16Output ? 32768 : 128
            let unit = testCase.int16Output ? 65536.0 : 256.0
            for row in 0..<testCase.rows {
                let total = output[(row * testCase.depth)..<((row + 1) * testCase.depth)].reduce(0.0) {
                    $0 + Double($1 + offset)
                }
                #expect(abs(total / unit - 1) <= Double(testCase.depth) / unit + 0.01)
            }
        }
    }
}

// int16 -> int16 SOFTMAX (issue 11): pip tflite-micro cases from tools/vectors/int16_vectors.py
// (`cd tools/vectors && /tmp/venv-vectors/bin/python int16_vectors.py softmax 11 16`); scales
// 1/32768 out, zero points 0, the input scale and beta as float32 bits.
struct Int16SoftmaxCase {
    var rows: Int, depth: Int, inScale: UInt32, beta: UInt32, x: [Int16], expected: [Int16]
    init(rows: Int, depth: Int, inScale: UInt32, beta: UInt32, x: [Int16], expected: [Int16]) {
        self.rows = rows; self.depth = depth; self.inScale = inScale; self.beta = beta; self.x = x
        self.expected = expected
    }
}

@Suite struct Int16SoftmaxTests {
    func prepare(_ c: Int16SoftmaxCase, _ tables: UnsafeMutableBufferPointer<Int32>) throws -> Int16Softmax {
        try Int16Softmax(
            beta: Float(bitPattern: c.beta), inputScale: Float(bitPattern: c.inScale), inputZeroPoint: 0,
            outputScale: 1.0 / 32768, outputZeroPoint: 0, inputElementCount: c.rows * c.depth, depth: c.depth,
            outputElementCount: c.rows * c.depth, outputDepth: c.depth, tables: tables)
    }

    @Test func matchesPipTFLM() throws {
        var tables = [Int32](repeating: 0, count: Int16Softmax.tableSize)
        for (index, c) in int16SoftmaxCases.enumerated() {
            var output = [Int16](repeating: 0, count: c.expected.count)
            try tables.withUnsafeMutableBufferPointer { t in
                let op = try prepare(c, t)
                c.x.withUnsafeBufferPointer { x in
                    output.withUnsafeMutableBufferPointer { y in
                        op.invoke(input: x.baseAddress!, output: y.baseAddress!)
                    }
                }
            }
            #expect(output == c.expected, "case \(index)")
        }
    }

    @Test func rejectsWhatTFLMPrepareRejects() {
        var tables = [Int32](repeating: 0, count: Int16Softmax.tableSize)
        tables.withUnsafeMutableBufferPointer { t in
            // Output zero point must be 0 and the output scale 1/32768 within 0.1%.
            #expect(throws: KernelError.self) {
                try Int16Softmax(
                    beta: 1, inputScale: 0.001, inputZeroPoint: 0, outputScale: 1.0 / 32768, outputZeroPoint: 1,
                    inputElementCount: 4, depth: 4, outputElementCount: 4, outputDepth: 4, tables: t)
            }
            #expect(throws: KernelError.self) {
                try Int16Softmax(
                    beta: 1, inputScale: 0.001, inputZeroPoint: 0, outputScale: 1.0 / 32000, outputZeroPoint: 0,
                    inputElementCount: 4, depth: 4, outputElementCount: 4, outputDepth: 4, tables: t)
            }
        }
    }
}

let int16SoftmaxCases: [Int16SoftmaxCase] = [
    .init(
        rows: 1, depth: 26, inScale: 0x389b126d, beta: 0x3f800000,
        x: [
            2676, -1079, 2635, -10431, 2744, -2769, -2826, -25354, 12094, -1220, 2208, -1112, 2137, -1411, -18769, 1242,
            1766, -17737, -301, -3231, -23, 2003, 15720, -1793, -2121, -572,
        ],
        expected: [
            1484, 1124, 1479, 563, 1491, 992, 988, 187, 2977, 1112, 1433, 1121, 1426, 1097, 304, 1334, 1387, 328, 1190,
            959, 1215, 1412, 3892, 1066, 1041, 1167,
        ]),
    .init(
        rows: 1, depth: 1, inScale: 0x3a599f2f, beta: 0x3ed1d37a,
        x: [6968],
        expected: [32767]),
    .init(
        rows: 3, depth: 31, inScale: 0x37f50c9d, beta: 0x3f000000,
        x: [
            1858, -1391, 17645, 1668, 2183, 4486, 32442, -2682, 2387, 11410, 11770, 2657, 2684, -1788, 22981, -2846,
            -15130, 110, -2376, 1955, 1431, -6157, -23698, 28, -1760, 31384, 29365, -1334, 795, -10661, -1446, -464,
            -32327, -1371, 13729, -13421, 4856, 1076, -13485, 17258, -1783, -6649, -19044, -8267, -25656, 2577, -807,
            -20975, -25448, 11479, -105, -930, -12349, -777, -318, -10458, -17703, -1289, -1812, 8123, -2471, -11794,
            9789, 828, -9867, 9559, -12208, -315, 7497, 2566, -1583, -392, -25724, -30760, 1708, -14542, 12742, -19440,
            303, -180, 299, -2791, -2163, -31322, 25351, 21200, -22824, 23342, -257, 653, -870, 2527, -2103,
        ],
        expected: [
            1015, 968, 1278, 1012, 1020, 1055, 1587, 950, 1023, 1167, 1173, 1027, 1027, 962, 1382, 948, 792, 989, 954,
            1017, 1009, 903, 699, 988, 963, 1562, 1517, 969, 999, 845, 967, 1122, 705, 1107, 1380, 928, 1213, 1147, 928,
            1453, 1101, 1025, 855, 1001, 777, 1173, 1116, 831, 779, 1336, 1128, 1114, 943, 1117, 1124, 970, 872, 1109,
            1100, 1272, 1089, 951, 1229, 1078, 922, 1225, 891, 1060, 1189, 1106, 1041, 1059, 732, 680, 1092, 861, 1283,
            802, 1070, 1063, 1070, 1023, 1032, 674, 1543, 1452, 763, 1498, 1061, 1076, 1052, 1105, 1033,
        ]),
    .init(
        rows: 3, depth: 14, inScale: 0x3908c821, beta: 0x3f000000,
        x: [
            -2337, 2900, -8876, -25511, 7449, -28525, -574, 4716, 32222, -323, 2279, -2532, -26386, -2688, 31503, -2597,
            2723, -765, 2889, 1636, -9496, -1081, -2514, -16341, -2040, 30110, -2619, 1349, -8249, 806, 8282, -1158,
            -2733, 7545, 25951, 2137, -32173, -2728, -16996, -21885, -501, -556,
        ],
        expected: [
            1473, 2072, 961, 325, 2788, 267, 1652, 2333, 14028, 1679, 1990, 1454, 307, 1439, 9946, 1076, 1522, 1212,
            1539, 1418, 686, 1188, 1082, 439, 1116, 9081, 1074, 1392, 1139, 2056, 3348, 1809, 1632, 3191, 10599, 2243,
            239, 1632, 644, 468, 1888, 1881,
        ]),
    .init(
        rows: 3, depth: 35, inScale: 0x387751b9, beta: 0x3f800000,
        x: [
            -2555, -1541, 1975, -4254, 2280, 29306, 451, 307, 403, -1455, 2664, -1727, -2388, 2289, -2632, -19228, 9083,
            2097, -45, -987, -1374, -2366, 24950, -17509, -16835, -22921, 1811, -1950, 1787, 1808, -2717, 5259, -28667,
            2208, -18644, 2173, -360, 2706, -1611, -139, 29666, -1488, -8302, 1782, -1573, 197, 12097, 659, -72, -590,
            -14911, -26696, 15041, -13207, -28171, -13460, 16750, 29370, -1189, -7826, -26990, 36, 1810, -29697, -28214,
            -15190, 2134, 25048, -1018, -2691, 5050, -12621, 1185, 1039, 649, -1801, -20090, 1418, -2496, -2214, -1920,
            2860, -5336, 354, 13108, 1783, 2997, -17725, -1331, 625, -10874, -345, -522, 2719, 1186, -1137, -3623, 741,
            -1081, -2240, 615, 2756, 30150, 3273, -2171,
        ],
        expected: [
            710, 753, 927, 642, 944, 4645, 847, 840, 845, 757, 965, 745, 717, 944, 706, 266, 1410, 934, 823, 779, 761,
            718, 3593, 294, 306, 214, 918, 735, 917, 918, 703, 1125, 152, 940, 275, 828, 713, 854, 662, 722, 4188, 667,
            446, 809, 664, 737, 1486, 757, 725, 703, 302, 151, 1768, 334, 138, 329, 1955, 4115, 679, 459, 148, 730, 810,
            126, 138, 297, 826, 3189, 686, 622, 1126, 397, 897, 889, 869, 752, 256, 909, 722, 734, 747, 990, 610, 854,
            1811, 929, 998, 294, 773, 867, 440, 819, 811, 982, 897, 782, 675, 873, 784, 733, 867, 984, 4947, 1014, 736,
        ]),
    .init(
        rows: 1, depth: 10, inScale: 0x39d2528d, beta: 0x3f000000,
        x: [-26921, 2857, 1318, 1520, 10016, 1938, 28111, 27873, -22484, -2198],
        expected: [1, 103, 76, 79, 434, 86, 16356, 15594, 1, 37]),
    .init(
        rows: 2, depth: 7, inScale: 0x39353ab0, beta: 0x3f800000,
        x: [-2072, 25422, 1942, -2602, -8799, 2475, 15397, 10130, -646, -23558, 13370, -1289, -1496, -606],
        expected: [229, 26592, 459, 209, 71, 504, 4702, 9816, 1524, 29, 17184, 1364, 1317, 1535]),
    .init(
        rows: 1, depth: 27, inScale: 0x3a71314a, beta: 0x3ed1e59e,
        x: [
            -10152, 822, 735, -1706, -10201, -29279, -2166, -2502, 4278, 2732, 1486, -9460, -30389, -1030, 26298, 17303,
            27466, -767, 2297, -640, 1044, 2750, -1746, 24326, -3854, 25191, 2070,
        ],
        expected: [1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 8801, 296, 13672, 1, 1, 1, 1, 1, 1, 4183, 1, 5796, 1]),
    .init(
        rows: 1, depth: 10, inScale: 0x39c80218, beta: 0x3f800000,
        x: [714, -2635, 10241, -182, -50, -992, -149, -687, 19438, -32556],
        expected: [25, 7, 949, 18, 18, 14, 18, 15, 31702, 2]),
    .init(
        rows: 3, depth: 27, inScale: 0x394ffad7, beta: 0x3f000000,
        x: [
            513, 2031, 32370, 14297, -2, 2022, 1143, -21545, -865, 6007, 14171, -5759, 747, 15525, 26957, -817, -2754,
            21478, 17277, 27247, 21872, 1164, -883, -1626, -2732, 8827, 15245, 11840, 8004, 2052, -24317, 3545, 18871,
            -996, 1939, -31348, 1264, -199, -934, 6187, -32552, -30393, 643, -2360, -30361, -2480, 278, -2853, 2064,
            -14169, 1453, 27341, 9383, -27467, 365, -2381, -15520, -5224, 1672, -10892, -18264, 596, -1942, -19543,
            23287, 5220, -248, -11425, -576, 1082, 760, 11724, -1942, 778, 30013, -1790, -655, -1468, -1326, 4400,
            -11946,
        ],
        expected: [
            307, 357, 7241, 1206, 292, 357, 327, 34, 268, 530, 1191, 165, 315, 1363, 4234, 269, 222, 2459, 1621, 4357,
            2557, 328, 268, 249, 223, 701, 1325, 2277, 1557, 863, 63, 1000, 4573, 638, 853, 31, 798, 690, 641, 1300, 28,
            35, 750, 557, 35, 550, 723, 531, 864, 173, 813, 10593, 1785, 46, 645, 492, 134, 371, 735, 211, 101, 661,
            514, 89, 6270, 1045, 608, 201, 588, 693, 672, 1992, 514, 673, 12216, 522, 584, 538, 546, 964, 190,
        ]),
    .init(
        rows: 2, depth: 28, inScale: 0x395ed927, beta: 0x3f000000,
        x: [
            2294, 1424, -213, 20049, -1357, -28213, -1010, -2550, 25604, -28331, 29085, -2977, 1465, -28256, -20427,
            19388, 15787, -21717, -19895, 1999, -315, -7641, 27902, -30805, -8938, -116, 894, 11223, -17520, -789,
            -1842, 769, 12672, -841, 27314, -2, 2123, 271, 576, -31921, 1851, -11606, 18610, -27162, 2176, 32411, 32378,
            2224, 619, 17211, 3180, -8717, -2292, 729, -93, -26252,
        ],
        expected: [
            440, 401, 337, 2904, 299, 17, 310, 263, 5241, 17, 7587, 252, 403, 17, 39, 2708, 1847, 34, 42, 427, 334, 153,
            6691, 13, 133, 341, 380, 1137, 44, 259, 232, 306, 1084, 258, 5138, 282, 353, 290, 300, 10, 343, 82, 2037,
            16, 356, 8831, 8801, 357, 301, 1756, 395, 112, 221, 305, 279, 18,
        ]),
    .init(
        rows: 3, depth: 14, inScale: 0x3957519f, beta: 0x3f800000,
        x: [
            16777, 23008, -16458, -9976, 12155, -2634, -28235, 4540, 2176, -13598, 1209, -32091, -1712, -2283, 1142,
            -2334, 2157, -2673, -487, -902, -1304, 1319, -16981, -2077, 7325, -984, 1317, 922, -1265, -13696, -9312,
            -6138, 2074, -1912, -9560, -1884, 22018, 1486, 2045, 894, -1643, 307,
        ],
        expected: [
            6275, 22556, 7, 25, 2429, 116, 1, 509, 313, 12, 257, 1, 140, 125, 2534, 1241, 3121, 1157, 1813, 1666, 1534,
            2628, 61, 1308, 9019, 1637, 2626, 2422, 247, 20, 48, 91, 492, 217, 45, 218, 29511, 435, 489, 386, 229, 341,
        ]),
    .init(
        rows: 2, depth: 13, inScale: 0x396bff45, beta: 0x3ef5d56f,
        x: [
            6075, -5665, -561, -830, -2953, 2889, -436, -2583, -9576, 25323, 1449, 1961, -20490, -1647, -18151, -15968,
            4537, 498, 595, 1338, 2803, 4766, -29800, -16875, -26463, -2840,
        ],
        expected: [
            2390, 672, 1167, 1133, 901, 1694, 1183, 938, 441, 19131, 1450, 1532, 135, 2719, 457, 578, 5304, 3428, 3464,
            3753, 4398, 5437, 130, 525, 186, 2390,
        ]),
    .init(
        rows: 1, depth: 10, inScale: 0x37a0b6ca, beta: 0x40000000,
        x: [2724, 15198, 421, -7671, 264, 31256, 16467, 2655, -2792, 17421],
        expected: [2455, 3958, 2247, 1648, 2234, 7324, 4156, 2448, 1987, 4311]),
    .init(
        rows: 2, depth: 13, inScale: 0x3a7b2ac9, beta: 0x3f800000,
        x: [
            -22878, -1917, -1969, 2798, 1364, -1752, 2024, 2468, -30397, -2513, -97, 2091, -13443, 24798, -18250, -1413,
            1709, -1140, 2388, -26269, -1692, 1211, 2307, 22523, 8762, 30193,
        ],
        expected: [
            1, 117, 111, 10676, 2702, 137, 5085, 7782, 1, 66, 666, 5423, 1, 185, 2, 2, 2, 2, 2, 2, 2, 2, 2, 21, 2,
            32543,
        ]),
    .init(
        rows: 3, depth: 14, inScale: 0x3a1863ad, beta: 0x3f000000,
        x: [
            2880, -1852, 71, -21955, 4070, -28413, -7980, 734, -2895, 22071, 11916, -4493, 27857, 20113, -312, -14409,
            -2765, -18855, 31778, -18803, -4830, 2725, 1933, -17682, -14826, -31568, -17992, 10860, -2975, -20415,
            -24953, -22440, 13869, -15393, 174, -14572, -21660, 334, -2389, -27402, -2553, 26387,
        ],
        expected: [
            18, 5, 8, 2, 25, 2, 2, 9, 3, 4675, 245, 2, 25127, 2646, 3, 2, 2, 2, 32659, 2, 2, 7, 6, 2, 2, 2, 2, 75, 7, 2,
            2, 2, 837, 2, 16, 2, 2, 17, 8, 2, 7, 31863,
        ]),
]
