import Testing

@testable import KingletKernels

// Vectors: single-SUB models built and run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/sub_vectors.py (SplitMix64 seed 11: broadcastable rank 1-4 shapes, an input may
// drop leading axes; int8 and int16 (left shift 15; nonzero int16 zero points too) tensors with
// random scales and zero points; fused activations NONE/RELU/RELU_N1_TO_1/RELU6; float32 inputs
// from NaNs, signed zeros, infinities, subnormals and random values; int32 inputs full range
// (wrapping around) or small). Inputs and TFLM's outputs as little-endian hex bytes. The generator
// prints the tables below whole (see tools/vectors/README.md):
//   cd tools/vectors && python sub_vectors.py
// TFLM aborts (SIGABRT, QuantizeMultiplierSmallerThanOneExp's CHECK) for scales (0.5, 0.5, 2^-21)
// and (0.25, 1, 2^-21), where the output multiplier reaches 1: Kinglet throws (prepareErrors).

struct QuantizedSubCase {
    var int16: Bool
    var a: [Int], s1: Float, z1: Int32, b: [Int], s2: Float, z2: Int32
    var o: [Int], so: Float, zo: Int32, activation: Int, x1: String, x2: String, expected: String
    init(
        _ int16: Bool, _ a: [Int], _ s1: Float, _ z1: Int32, _ b: [Int], _ s2: Float, _ z2: Int32, _ o: [Int],
        _ so: Float, _ zo: Int32, _ activation: Int, _ x1: String, _ x2: String, _ expected: String
    ) {
        self.int16 = int16; self.a = a; self.s1 = s1; self.z1 = z1; self.b = b; self.s2 = s2; self.z2 = z2
        self.o = o; self.so = so; self.zo = zo; self.activation = activation; self.x1 = x1; self.x2 = x2
        self.expected = expected
    }
}

/// A float32 or int32 case: shapes, activation, then inputs and TFLM's output as hex bytes.
struct UnquantizedSubCase {
    var a: [Int], b: [Int], o: [Int], activation: Int, x1: String, x2: String, expected: String
    init(_ a: [Int], _ b: [Int], _ o: [Int], _ activation: Int, _ x1: String, _ x2: String, _ expected: String) {
        self.a = a; self.b = b; self.o = o; self.activation = activation; self.x1 = x1; self.x2 = x2
        self.expected = expected
    }
}
typealias FloatSubCase = UnquantizedSubCase
typealias Int32SubCase = UnquantizedSubCase

/// Little-endian int32 values of a hex string.
func subInt32s(_ text: String) -> [Int32] { activationFloatBits(text).map { Int32(bitPattern: $0) } }

let quantizedSubCases: [QuantizedSubCase] = [
    .init(
        false, [1, 3], 0.035776418, -51, [3], 0.4772282, -58, [1, 3], 0.007861605, -8, 1,
        "7665be",
        "d6969a",
        "f87f7f"
    ),
    .init(
        false, [1, 1, 3], 0.013006789, -60, [3, 3, 1], 0.14792478, -94, [3, 3, 3], 0.21410467, 70, 0,
        "d5e870",
        "a3328cb2258148afed",
        "464750e4e5ed5657603c3d45edeef65e5f67d4d5de3e3f4713141d"
    ),
    .init(
        false, [2], 0.06337489, 116, [2], 0.038552802, 73, [2], 0.045840494, 71, 1,
        "841c",
        "ded7",
        "4747"
    ),
    .init(
        false, [3, 2, 1], 0.033012383, 69, [3, 1, 1], 0.004539352, 66, [3, 2, 1], 0.0029056217, 67, 1,
        "66b4dc3e51e6",
        "3b1ee2",
        "7f4343437f43"
    ),
    .init(
        false, [1, 2, 2, 1], 0.013143147, 57, [1, 2, 1], 0.22146685, 95, [1, 2, 2, 1], 0.14569746, 37, 1,
        "211513ab",
        "7875",
        "25252525"
    ),
    .init(
        true, [1], 0.054023273, 0, [3, 1, 1, 1], 0.102183394, 0, [3, 1, 1, 1], 0.07307222, 32, 2,
        "f5ad",
        "6d73c3cf3e41",
        "12002e001200"
    ),
    .init(
        false, [1, 2, 1], 0.015881903, 38, [1, 1, 1], 0.029205574, -75, [1, 2, 1], 0.014296972, -119, 1,
        "67d7",
        "65",
        "8989"
    ),
    .init(
        true, [3], 0.7596737, 0, [1], 0.11356576, 54, [3], 0.018286979, 0, 1,
        "32c74107c631",
        "f5be",
        "0000ff7fff7f"
    ),
    .init(
        true, [2, 1, 1], 0.39040396, 0, [2, 1, 2], 0.033648312, -88, [2, 1, 2], 0.0028862264, 0, 2,
        "f50f9afc",
        "867ca1188af4ab87",
        "5a015a01a6fe5a01"
    ),
    .init(
        false, [3, 1], 0.012789566, -103, [3, 1], 0.035977677, 55, [3, 1], 0.15342845, 19, 1,
        "4259ec",
        "e15ed8",
        "351a30"
    ),
    .init(
        false, [1, 3, 1], 0.027424712, 40, [3, 1, 1], 0.065904975, -119, [3, 3, 1], 0.007295357, -125, 0,
        "0252aa",
        "69c5ab",
        "808080808080808080"
    ),
    .init(
        true, [3, 1], 0.017536594, -3, [1, 2], 0.0067329826, 0, [3, 2], 0.14060146, 0, 3,
        "d0f73ee5411f",
        "53828243",
        "2b0000002b0000002b002b00"
    ),
    .init(
        false, [2, 3], 0.007547584, -49, [1, 3], 0.23974349, 0, [2, 3], 0.549737, -47, 0,
        "e0f7e2b22229",
        "fad029",
        "d4e6bfd3e7c0"
    ),
    .init(
        false, [1, 1, 1, 1], 0.056864064, -2, [1, 1, 1, 1], 0.20794182, -94, [1, 1, 1, 1], 0.2895087, 84, 3,
        "a0",
        "b7",
        "54"
    ),
    .init(
        true, [2], 0.012954292, 0, [2], 0.4163091, 116, [2], 0.17827582, 0, 1,
        "fc4c5402",
        "7deb8b14",
        "8d360000"
    ),
    .init(
        false, [1, 1], 0.40193477, 98, [1, 1], 0.11238946, 120, [1, 1], 0.10199498, -26, 3,
        "12",
        "f6",
        "e6"
    ),
    .init(
        false, [2, 1, 1], 0.015902402, -23, [2, 1], 0.87145567, 83, [2, 2, 1], 0.013655365, 117, 3,
        "ec37",
        "ee57",
        "7f757f75"
    ),
    .init(
        false, [1], 0.018258944, -3, [1], 0.03450437, 74, [1], 0.14026727, 35, 2,
        "fe",
        "4c",
        "23"
    ),
    .init(
        false, [1], 0.0028952176, 82, [1], 0.01061737, -8, [1], 0.009656211, -107, 3,
        "25",
        "06",
        "95"
    ),
    .init(
        false, [2, 1, 1, 3], 0.012465951, -121, [1, 3], 0.011732508, -62, [2, 1, 1, 3], 0.010512057, -72, 3,
        "065c04dc99a4",
        "906649",
        "7ffeb855b8b8"
    ),
    .init(
        false, [1, 1, 2, 1], 0.10718752, 13, [1, 1, 1, 1], 0.012299129, -20, [1, 1, 2, 1], 0.20169017, -72, 1,
        "49d3",
        "57",
        "d1b8"
    ),
    .init(
        false, [1], 0.0049040643, -84, [1], 0.18059467, 58, [1], 0.2177005, -43, 3,
        "9e",
        "30",
        "dd"
    ),
    .init(
        false, [1, 1], 0.01816526, -91, [1, 1], 0.0034193152, -91, [1, 1], 0.0020508254, 67, 2,
        "56",
        "54",
        "7f"
    ),
    .init(
        false, [1, 1, 1], 0.46342435, -64, [1, 1, 1], 0.0021940349, 44, [1, 1, 1], 0.7099431, 14, 1,
        "bc",
        "16",
        "0e"
    ),
    .init(
        false, [1, 1, 2, 3], 0.1367542, 23, [1, 2, 3], 0.96534747, -17, [1, 1, 2, 3], 0.005581704, -54, 0,
        "d3ea7010d94c",
        "ae68beb0ec2d",
        "7f807f7f8080"
    ),
    .init(
        false, [1, 2], 0.17614487, 13, [1, 1], 0.020301804, 49, [1, 2], 0.0031814117, -127, 0,
        "e138",
        "5d",
        "807f"
    ),
    .init(
        true, [2], 0.042822283, 63, [1], 0.21531509, 0, [2], 0.025388164, 0, 2,
        "32aa9fd4",
        "0559",
        "d9ffd9ff"
    ),
    .init(
        false, [3, 3, 3, 1], 0.00490467, 37, [1, 3, 1, 1], 0.042581085, -119, [3, 3, 3, 1], 0.027172783, -51, 0,
        "266c6fd96657fd2def3ff0aef0b06584bd86af75fb610d1bc069c4",
        "60aed1",
        "808080859f9c80808080808089809f8080808080809e8f91808080"
    ),
    .init(
        false, [1, 1], 0.6055534, 85, [1, 1], 0.010833742, -11, [1, 1], 0.003272964, -85, 1,
        "58",
        "43",
        "7f"
    ),
    .init(
        false, [1, 1, 1], 0.05995958, 9, [1, 1], 0.0033263778, 39, [1, 1, 1], 0.10421959, -57, 1,
        "3a",
        "20",
        "e3"
    ),
    .init(
        false, [1, 1, 2], 0.44783628, 119, [1, 1, 1], 0.029354293, -39, [1, 1, 2], 0.015771704, -28, 0,
        "e2db",
        "df",
        "8080"
    ),
    .init(
        false, [1], 0.043378636, -67, [1], 0.07946373, 82, [1], 0.012738463, -93, 3,
        "f1",
        "9d",
        "7f"
    ),
    .init(
        true, [1, 1, 1], 0.28007093, 0, [1, 1, 1], 0.03470664, 0, [1, 1, 1], 0.010987411, 0, 2,
        "ec98",
        "e7a5",
        "a5ff"
    ),
    .init(
        false, [2, 3, 1], 0.25266242, 13, [2, 1, 1], 0.72942036, 60, [2, 3, 1], 0.9380595, 85, 3,
        "1dab11c9cb4f",
        "78a0",
        "5555555b5b5b"
    ),
    .init(
        false, [2, 2, 3, 2], 0.28046194, 0, [2, 2, 3, 2], 0.0053510666, -110, [2, 2, 3, 2], 0.12765157, 46, 1,
        "32b629aacde0d09406afcfa88b772a6d322366286a071b41",
        "fa3e36aa3ef9bb49ecb973e04f96cdb04581f41f0d1f1d66",
        "7f2e7f2e2e2e2e2e372e2e2e2e7f7f7f7f7c7f7f7f37637f"
    ),
    .init(
        false, [1], 0.020660263, -112, [1], 0.18198025, -43, [1], 0.026450863, 53, 3,
        "3c",
        "6a",
        "35"
    ),
    .init(
        true, [3, 2, 1, 1], 0.028978594, 18, [3, 1, 1, 1], 0.77913755, 0, [3, 2, 1, 1], 0.06370132, 120, 3,
        "abbde47fbe50dd6c9d1cf300",
        "28fcd5ee2505",
        "d600d600d600d60078007800"
    ),
    .init(
        true, [2, 1], 0.02208447, -51, [2, 1], 0.0071600033, 0, [2, 1], 0.6104445, 0, 0,
        "7771522f",
        "4a358add",
        "7d032002"
    ),
    .init(
        false, [3], 0.1387916, 61, [3], 0.025975369, 95, [3], 0.003767492, -23, 3,
        "7634d0",
        "bbbfc9",
        "7f7fe9"
    ),
    .init(
        false, [2, 1], 0.38161936, -103, [2, 2], 0.03153988, 125, [2, 2], 0.19639106, 32, 3,
        "3920",
        "e89c8f54",
        "3f3f3f3f"
    ),
    .init(
        false, [1, 1, 1], 0.2817197, -4, [1, 1, 3], 0.002173367, -96, [1, 1, 3], 0.48587713, -5, 2,
        "86",
        "3d1389",
        "f9f9f9"
    ),
    .init(
        false, [2, 2, 1, 1], 0.0038144356, 36, [1, 2, 1, 3], 0.0022717938, 113, [2, 2, 1, 3], 0.104565874, -49, 2,
        "b5c4d26e",
        "ef4a9fa0e533",
        "ceccd0d0cfcdcfcdd1d6d5d3"
    ),
    .init(
        false, [2], 0.031799342, -26, [1], 0.5329204, 51, [2], 0.009385343, -60, 1,
        "dec8",
        "36",
        "c4c4"
    ),
    .init(
        false, [1, 2, 1, 2], 0.08206544, 50, [2, 1, 1, 2], 0.07175019, -114, [2, 2, 1, 2], 0.096745595, -88, 0,
        "d2f4b7bd",
        "87668783",
        "8080808080808080"
    ),
    .init(
        false, [1], 0.07413905, 81, [1], 0.006582087, 73, [1], 0.7321541, 17, 0,
        "90",
        "f3",
        "fe"
    ),
    .init(
        false, [1], 0.0036617077, 76, [3], 0.34043846, 106, [3], 0.6304314, -99, 2,
        "03",
        "969330",
        "9f9f9f"
    ),
    .init(
        false, [1], 0.016450344, 95, [1], 0.013141396, 95, [1], 0.035425898, -40, 0,
        "0d",
        "94",
        "fd"
    ),
    .init(
        false, [3], 0.1245517, 20, [3], 0.0279605, -121, [3], 0.6754009, 123, 2,
        "f9107e",
        "2559bf",
        "7a7a7c"
    ),
    .init(
        true, [2, 1], 0.0037840954, 0, [1, 1], 0.0069109364, 0, [2, 1], 0.97223395, 0, 1,
        "67a02ca7",
        "a950",
        "00000000"
    ),
    .init(
        false, [1], 0.121246055, -75, [1, 1], 0.12872973, 42, [1, 1], 0.11569258, 116, 0,
        "51",
        "75",
        "7f"
    ),
    .init(
        false, [1], 0.0064943526, 8, [1, 1, 1], 0.86052626, 126, [1, 1, 1], 0.019301016, 49, 0,
        "2e",
        "a1",
        "7f"
    ),
    .init(
        false, [1], 0.0029944803, -70, [1], 0.0049885698, 98, [1], 0.05454615, 98, 2,
        "e9",
        "e8",
        "70"
    ),
    .init(
        true, [3], 0.6483946, 0, [3, 1], 0.8637113, 0, [3, 3], 0.15654846, 0, 1,
        "d64da5ec24a8",
        "df5ae25801a1",
        "000000000000000000000000ff7fff7fff7f"
    ),
    .init(
        false, [1, 1, 3], 0.00738822, -121, [1, 2, 3], 0.0039840452, -109, [1, 2, 3], 0.07832443, 1, 1,
        "06347f",
        "74098adebaab",
        "020b19090f17"
    ),
    .init(
        false, [3, 1, 3], 0.22075121, 49, [3, 1, 1], 0.15497996, -44, [3, 1, 3], 0.9326274, -44, 0,
        "0bc2787872ad59b87b",
        "39ee09",
        "baa9d4e0dfb0d5afdd"
    ),
    .init(
        false, [1], 0.01362343, -36, [1], 0.10190513, 9, [1], 0.0021617697, -108, 2,
        "f6",
        "1b",
        "80"
    ),
    .init(
        false, [1, 1], 0.11247444, 43, [1, 1], 0.07593376, 50, [1, 1], 0.01238549, -89, 2,
        "89",
        "a6",
        "80"
    ),
    .init(
        false, [1], 0.0024629398, 2, [3], 0.018066095, -105, [3], 0.0052042, -35, 0,
        "e5",
        "03e29b",
        "8080c1"
    ),
    .init(
        true, [2], 0.043106325, -126, [1], 0.38783786, 0, [2], 0.0068245716, 0, 0,
        "57200dba",
        "b399",
        "ff7fff7f"
    ),
    .init(
        false, [1, 1], 0.14086258, -13, [1, 1], 0.124190815, -58, [1, 1], 0.09452373, 110, 1,
        "5b",
        "87",
        "7f"
    ),
]

let floatSubCases: [FloatSubCase] = [
    .init(
        [1, 2], [3, 2], [3, 2], 2,
        "5517f03f3b1c35c0",
        "0f98d940e6b1617fffb3263f2aada3c0f08b13406cd01f40",
        "000080bf000080bf0000803f0000803f2c02dcbe000080bf"
    ),
    .init(
        [3, 1, 1, 1], [3, 1, 1, 1], [3, 1, 1, 1], 2,
        "49db5c40b8e9cb40361f173e",
        "ffff7f7f000080ff2ded543d",
        "000080bf0000803fd6c7c33d"
    ),
    .init(
        [3], [1, 1, 1], [1, 1, 3], 3,
        "ffff7fff3baa84c0691e3cc0",
        "ecbe9bc0",
        "0000000088a5383fdebef63f"
    ),
    .init(
        [3, 2], [3, 1], [3, 2], 3,
        "7ff5acc03bc63d403197fe4094169c40e6b1617ff358f3bf",
        "0d1bcd3fd043cb40d48194bf",
        "000000006971ae3f844dcd3f000000000000c04000000000"
    ),
    .init(
        [1, 1, 1], [1, 1, 1], [1, 1, 1], 2,
        "e6b1617f",
        "8290f4bf",
        "0000803f"
    ),
    .init(
        [1, 1, 2], [1, 1, 1], [1, 1, 2], 0,
        "61ff25bfffff7f7f",
        "7b30efc0",
        "8f70da40ffff7f7f"
    ),
    .init(
        [1, 1], [1, 1], [1, 1], 2,
        "0000803f",
        "1558aac0",
        "0000803f"
    ),
    .init(
        [1, 2], [1, 1], [1, 2], 3,
        "3718e6400000c0bf",
        "0000803f",
        "0000c04000000000"
    ),
    .init(
        [1], [1], [1], 0,
        "e6b1617f",
        "00000080",
        "e6b1617f"
    ),
    .init(
        [2], [1], [2], 0,
        "ed9b7b3f01000000",
        "f8fbed3f",
        "035c60bff8fbedbf"
    ),
    .init(
        [1, 2], [1, 2], [1, 2], 0,
        "4b005240412df2c0",
        "0000807f90ddb5bf",
        "ffff7fffddb5c4c0"
    ),
    .init(
        [1, 1, 3], [1, 3, 1], [1, 3, 3], 3,
        "039763c00000c040e6b1617f",
        "ffff7fff0000c07f0000c0bf",
        "0000c0400000c0400000c0400000c07f0000c07f0000c07f000000000000c0400000c040"
    ),
    .init(
        [3], [2, 3], [2, 3], 2,
        "000080bf0000c0ff1e313ac0",
        "ffff7fff4a9bc0c06613a03f0000803f00000000c9590840",
        "0000803f0000c0ff000080bf000080bf0000c0ff000080bf"
    ),
    .init(
        [1, 1, 1], [1, 1, 1], [1, 1, 1], 3,
        "ea202740",
        "698ba33f",
        "6bb6aa3f"
    ),
    .init(
        [1], [1], [1], 0,
        "01000080",
        "f2418340",
        "f24183c0"
    ),
    .init(
        [1], [1], [1], 3,
        "68aeb3c0",
        "5e114040",
        "00000000"
    ),
]

let int32SubCases: [Int32SubCase] = [
    .init(
        [3], [3], [3], 2,
        "130000000b0000000c000000",
        "f2ffffffecffffff10000000",
        "0100000001000000ffffffff"
    ),
    .init(
        [1, 1, 3, 1], [1, 1, 1, 1], [1, 1, 3, 1], 3,
        "34ebacadd72838f94261cf5e",
        "c81a9d30",
        "060000000000000006000000"
    ),
    .init(
        [1, 2], [1, 1], [1, 2], 2,
        "0323b1bc9e526cbd",
        "a826d28c",
        "0100000001000000"
    ),
    .init(
        [1, 2], [3, 2], [3, 2], 0,
        "fefffffff9ffffff",
        "0c000000f3ffffffecffffffecffffff0a000000f3ffffff",
        "f2ffffff06000000120000000d000000f4ffffff06000000"
    ),
    .init(
        [1, 1], [1, 1], [1, 1], 0,
        "fcffffff",
        "0b000000",
        "f1ffffff"
    ),
    .init(
        [3, 3], [3, 3], [3, 3], 1,
        "fefffffff2ffffff01000000fafffffffffffffffcffffff0e0000000a00000002000000",
        "07000000f2ffffff0200000009000000f3ffffff0a000000f8fffffff1fffffff1ffffff",
        "000000000000000000000000000000000c00000000000000160000001900000011000000"
    ),
    .init(
        [1, 3, 2, 2], [1, 1, 1, 2], [1, 3, 2, 2], 0,
        "725b2cb02093476c64c846328302c0976c65aab869ac4e3e8de53d32fe90b428caf963c4a5e6e60670843e6b57f85644",
        "4a50438e4cc4d0d4",
        "280be921d4ce76971a7803a4373eefc22215672a1de87d694395faa3b2cce35380a92036592216322634fbdc0b34866f"
    ),
    .init(
        [1, 1, 3], [1, 1, 3], [1, 1, 3], 0,
        "0504252d7f5b7627e05a5338",
        "4bd099b97bea0f69f9991021",
        "ba338b73047166bee7c04217"
    ),
    .init(
        [1, 3, 1], [1, 3, 2], [1, 3, 2], 2,
        "16a0aa3f4bf3eaebce7dbf98",
        "b678f699fa1874cf150e2b97aa03dd945e73554253524321",
        "ffffffff0100000001000000010000000100000001000000"
    ),
    .init(
        [1, 3, 3, 3], [1, 3, 1, 3], [1, 3, 3, 3], 0,
        "04000000f7ffffff1100000012000000f2ffffff08000000edfffffffafffffff8fffffffaffffff0f000000f9ffffff1300000001000000060000000b00000001000000f6fffffffbffffff06000000f6ffffff11000000080000000c000000edffffff0600000010000000",
        "09000000f7fffffffcfffffffcffffff0b0000000a0000000700000002000000ffffffff",
        "fbffffff000000001500000009000000fbffffff0c000000e4ffffff03000000fcfffffffeffffff04000000efffffff17000000f6fffffffcffffff0f000000f6ffffffecfffffff4ffffff04000000f7ffffff0a000000060000000d000000e6ffffff0400000011000000"
    ),
    .init(
        [2, 3, 3, 3], [2, 3, 3, 3], [2, 3, 3, 3], 1,
        "51a9c0b40f1aec1676623e52c86ab62cbbd69c9c0f49a33c99e5e1a9a0b5bbc62be406d35beb3ed634a4fc7c8841b238e15e1f93c9b8fda5ff7445f5801e692bb00b13504e6faef6e9eb6e87d111f7c1485b15b371ab16966405cb1293ff7a99cd9b661628ab0341cf4c5ad3a5298d369f3ed8f78351b578f0250fa73e6c108fc8cc99ebeda679c61fa2facae669b3c9a0336a4f0c9a4ff28f8f040d90b9a5789e4ee5454a6697be41cce8935127c9323a03f707c4245e7592a992c3c6153c6cc1fd7335e9709617d699af57e882c86f323a02da0087221d",
        "52d5404265011e582e123e4e4bdd6dfb7dd47d59dbdf3924f33547c89565fd28b441ec890438cc0260ee2bbbd5be85d89e26a3f8df2c05e17967f1e016328a699cc250adbbb5048e65fdfaf1ac06be4cb834a50a1662c01dcf579047c3372bf2de7afe20fb9a96fa0d4b6fdb448a7f9b147cc2f19388630bf5e29bec1c4096bbca739a9c28479ba402c6159e7c970ec8aaa7b017a71166ff5882bbde67231ddd397c4884ed7bb772150157f339f1f42ca6dc546c84e9f39b625ad9c88cc80ff20f087a807eba7eff0f8d42f6d24fe1abade3033eb17e6a19",
        "ffd37f7200000000485000047d8d48313e021f4334696918000000000000000077a21a490000000000000000b3822c600000000000000000860d5414000000000000000093b9a96800000000250b3975000000005b4956780000000000000000000000002d106d4600000000000000008bc21506f0c8516d0000000000000000fe58ff4ec55fde211ddce42c6ad2a401f68bb93700000000370d492e00000000000000005deadf4b000000001836d4050000000000000000000000003a4d2c7a000000006bb61718c70c6d6100000000000000004f08b803"
    ),
    .init(
        [1, 1], [1, 1], [1, 1], 2,
        "ffffffff",
        "fdffffff",
        "01000000"
    ),
    .init(
        [2], [2], [2], 0,
        "afb4d5ee1f43d5b8",
        "b2e8b435cae35cd7",
        "fdcb20b9555f78e1"
    ),
    .init(
        [1], [1], [1], 2,
        "942826f2",
        "c1895cbe",
        "01000000"
    ),
    .init(
        [2, 1, 3, 2], [2, 1, 3, 2], [2, 1, 3, 2], 0,
        "06000000fbfffffffbffffff12000000feffffffffffffff0d000000ecffffff0d000000f8fffffff3ffffff08000000",
        "eeffffffeefffffffdffffff03000000efffffff0e0000000b000000f7ffffffefffffff04000000f6ffffff09000000",
        "180000000d000000feffffff0f0000000f000000f1ffffff02000000f5ffffff1e000000f4fffffffdffffffffffffff"
    ),
    .init(
        [1], [1], [1], 3,
        "0d000000",
        "0a000000",
        "03000000"
    ),
]

func runQuantizedSub<T: FixedWidthInteger & SignedInteger>(_ c: QuantizedSubCase, _ type: T.Type) throws -> [Int] {
    let op = try Sub(
        input1Shape: sliceShape(c.a), input1Scale: c.s1, input1ZeroPoint: c.z1,
        input2Shape: sliceShape(c.b), input2Scale: c.s2, input2ZeroPoint: c.z2,
        outputShape: sliceShape(c.o), outputScale: c.so, outputZeroPoint: c.zo,
        activation: activationsByFlatbufferValue[c.activation], int16: c.int16)
    func values(_ text: String) -> [T] {
        c.int16 ? activationInt16s(text).map { T($0) } : activationInt8s(text).map { T($0) }
    }
    let x1 = values(c.x1), x2 = values(c.x2)
    var y = [T](repeating: 0, count: c.o.reduce(1, *))
    x1.withUnsafeBufferPointer { p1 in
        x2.withUnsafeBufferPointer { p2 in
            y.withUnsafeMutableBufferPointer {
                op.invoke(input1: p1.baseAddress!, input2: p2.baseAddress!, output: $0.baseAddress!)
            }
        }
    }
    return y.map { Int($0) }
}

@Suite struct SubTests {
    @Test func quantizedMatchesPipTFLM() throws {
        for c in quantizedSubCases {
            let got = c.int16 ? try runQuantizedSub(c, Int16.self) : try runQuantizedSub(c, Int8.self)
            let expected =
                c.int16 ? activationInt16s(c.expected).map(Int.init) : activationInt8s(c.expected).map(Int.init)
            #expect(got == expected, "\(c)")
        }
    }

    @Test func floatMatchesPipTFLM() throws {
        for c in floatSubCases {
            let op = try FloatSub(
                input1Shape: sliceShape(c.a), input2Shape: sliceShape(c.b), outputShape: sliceShape(c.o),
                activation: activationsByFlatbufferValue[c.activation])
            let x1 = activationFloatBits(c.x1).map(Float.init(bitPattern:))
            let x2 = activationFloatBits(c.x2).map(Float.init(bitPattern:))
            var y = [Float](repeating: 0, count: c.o.reduce(1, *))
            x1.withUnsafeBufferPointer { p1 in
                x2.withUnsafeBufferPointer { p2 in
                    y.withUnsafeMutableBufferPointer {
                        op.invoke(input1: p1.baseAddress!, input2: p2.baseAddress!, output: $0.baseAddress!)
                    }
                }
            }
            #expect(y.map(\.bitPattern) == activationFloatBits(c.expected), "\(c)")
        }
    }

    @Test func int32MatchesPipTFLM() throws {
        for c in int32SubCases {
            let op = try Int32Sub(
                input1Shape: sliceShape(c.a), input2Shape: sliceShape(c.b), outputShape: sliceShape(c.o),
                activation: activationsByFlatbufferValue[c.activation])
            var y = [Int32](repeating: 0, count: c.o.reduce(1, *))
            let x1 = subInt32s(c.x1), x2 = subInt32s(c.x2)
            x1.withUnsafeBufferPointer { p1 in
                x2.withUnsafeBufferPointer { p2 in
                    y.withUnsafeMutableBufferPointer {
                        op.invoke(input1: p1.baseAddress!, input2: p2.baseAddress!, output: $0.baseAddress!)
                    }
                }
            }
            #expect(y == subInt32s(c.expected), "\(c)")
        }
    }

    @Test func prepareErrors() {
        func make(_ s1: Float, _ s2: Float, _ so: Float, output: Shape = Shape(2)) throws {
            _ = try Sub(
                input1Shape: Shape(2), input1Scale: s1, input1ZeroPoint: 0, input2Shape: Shape(2), input2Scale: s2,
                input2ZeroPoint: 0, outputShape: output, outputScale: so, outputZeroPoint: 0, activation: .none)
        }
        // Output multiplier >= 1: TFLM aborts (checked on pip TFLM, see above).
        #expect(throws: KernelError.self) { try make(0.5, 0.5, 0x1p-21) }
        #expect(throws: KernelError.self) { try make(0.25, 1, 0x1p-21) }
        #expect(throws: KernelError.self) { try make(0, 1, 1) }
        #expect(throws: KernelError.self) { try make(1, .nan, 1) }
        #expect(throws: KernelError.self) { try make(1, 1, -1) }
        #expect(throws: KernelError.self) { try make(1, 1, 1, output: Shape(3)) }  // not the broadcast shape
        #expect(throws: KernelError.self) {
            try FloatSub(input1Shape: Shape(2), input2Shape: Shape(3), outputShape: Shape(3), activation: .none)
        }
        #expect(throws: KernelError.self) {
            try Int32Sub(input1Shape: Shape(2, 1), input2Shape: Shape(3), outputShape: Shape(3), activation: .none)
        }
    }
}
