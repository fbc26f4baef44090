import Testing

@testable import KingletKernels

// Vectors: single-MAXIMUM / MINIMUM models built and run on pip tflite-micro 0.dev20261023182759
// by /tmp/kgen/gen_act2.py (not part of the project; random.seed(17)): broadcastable rank 1-4
// shapes, int8/int16 (with DIFFERENT input quantizations — TFLM compares raw values), int32,
// int64 and float32 drawn from NaN, signed zeros, infinities and a few values. Inputs and
// expected outputs as little-endian hex bytes.

struct MaximumMinimumCase {
    var isMaximum: Bool, type: MoveElement, a: [Int], x1: String, b: [Int], x2: String, o: [Int], expected: String
    init(
        _ isMaximum: Bool, _ type: MoveElement, _ a: [Int], _ x1: String, _ b: [Int], _ x2: String, _ o: [Int],
        _ expected: String
    ) {
        self.isMaximum = isMaximum; self.type = type; self.a = a; self.x1 = x1; self.b = b; self.x2 = x2; self.o = o
        self.expected = expected
    }
}

let maximumMinimumCases: [MaximumMinimumCase] = [
    .init(true, .int16, [2], "ac8a2f2a", [1], "7526", [2], "75262f2a"),
    .init(false, .int16, [2], "2574eb00", [1], "8caf", [2], "8caf8caf"),
    .init(true, .int32, [2], "a85c9def0f8a61af", [2], "ed19a3864876796e", [2], "a85c9def4876796e"),
    .init(
        false, .int64, [2, 1, 1, 2], "98061b126a00000083e606d7f9ffffffc8630f1fb80000001563be9100000000", [2, 1, 1, 1],
        "934ae36ffd0000006babcc04caffffff", [2, 1, 1, 2],
        "98061b126a00000083e606d7f9ffffff6babcc04caffffff6babcc04caffffff"),
    .init(
        true, .int64, [2, 1], "ae208fe67affffffc5c2352cb7000000", [1, 1], "68f909db81000000", [2, 1],
        "68f909db81000000c5c2352cb7000000"),
    .init(
        false, .int64, [1], "ce48200e63000000", [2], "bde6d1d4ef00000076dc1d5de6000000", [2],
        "ce48200e63000000ce48200e63000000"),
    .init(true, .int64, [1], "c9ca8df28a000000", [1], "d4a79b35e3ffffff", [1], "c9ca8df28a000000"),
    .init(
        false, .int32, [1, 1, 1, 2], "aff08893c4e432ba", [2, 1, 1, 1], "19c2a847f629a8d1", [2, 1, 1, 2],
        "aff08893c4e432baaff08893c4e432ba"),
    .init(
        true, .float32, [1, 1, 1, 2], "0000807f000080ff", [1, 1, 1, 1], "00000080", [1, 1, 1, 2], "0000807f00000080"),
    .init(false, .int8, [3], "fedcfe", [3], "7536b8", [3], "fedcb8"),
    .init(
        true, .int32, [1, 1], "09457545", [2, 3, 1], "7d9c7bcce4ff4f850f729dfe40c53622716d69f17b9cb13f", [2, 3, 1],
        "094575450945754509457545094575450945754509457545"),
    .init(false, .int8, [1, 3], "193fd0", [1, 3], "dbd137", [1, 3], "dbd1d0"),
    .init(true, .int8, [3], "cb1b06", [3], "7d7102", [3], "7d7106"),
    .init(
        false, .int64, [1, 3, 1], "b0b87a9b5200000010de03dc4affffff62839ae4e6ffffff", [1, 1, 1], "9900dd2df4ffffff",
        [1, 3, 1], "9900dd2df4ffffff10de03dc4affffff62839ae4e6ffffff"),
    .init(
        true, .int64, [3], "583501ec6bffffff96c9b9a80c000000f9aec45d47000000", [3],
        "ea322526660000008a7687339cffffff3d9ad438d0ffffff", [3], "ea3225266600000096c9b9a80c000000f9aec45d47000000"),
    .init(false, .float32, [2], "0000c07f0000c03f", [2], "000080ff0000c03f", [2], "000080ff0000c03f"),
    .init(true, .int8, [1, 3], "296ef9", [1, 1], "c5", [1, 3], "296ef9"),
    .init(
        false, .int32, [1, 1, 3, 2], "6f2a6fcbf1fc88ae8f88d40786b51f58968107b139a58c63", [1, 2, 1, 1],
        "f0ea6191add78b4e", [1, 2, 3, 2],
        "f0ea6191f0ea6191f0ea6191f0ea6191f0ea6191f0ea61916f2a6fcbf1fc88ae8f88d407add78b4e968107b1add78b4e"),
    .init(
        true, .int32, [1, 1, 3, 1], "2aed7e261371759378646501", [2, 1, 1, 1], "458bc0eebe06ec60", [2, 1, 3, 1],
        "2aed7e26458bc0ee78646501be06ec60be06ec60be06ec60"),
    .init(false, .int16, [1], "5d76", [2, 1, 1], "6eaaf5c2", [2, 1, 1], "6eaaf5c2"),
    .init(
        true, .int16, [3, 3, 3],
        "633ddae90f11dfdc9cdbdafc893994654b8f16d74786a24ce0bb766c28a2d5d5da011ae7fbaad3331007fd2ae60ee6fabe6c90946992",
        [3, 3, 1], "65ef07f3e5b1ff54e21b06241a598d6ecbcf", [3, 3, 3],
        "633d65ef0f1107f307f3dafc89399465e5b1ff54ff54ff54e21b766ce21b0624062406241a591a591a598d6e8d6e8d6ebe6ccbcfcbcf"),
    .init(
        false, .int32, [3, 1, 1, 1], "c93b798ccf149d4c381703ca", [1, 1, 1, 1], "04230a2e", [3, 1, 1, 1],
        "c93b798c04230a2e381703ca"),
    .init(
        true, .float32, [3, 3, 2],
        "0000c03f000080ff000080ff0000c07f000080ff0000c0bf0000c0bf0000807f000080ff0000c07f00000040000080ff0000c03f000000000000c0bf000080ff0000c03f0000c07f",
        [3, 1, 2], "000000000000c03f00000040000000000000008000000040", [3, 3, 2],
        "0000c03f0000c03f000000000000c03f000000000000c03f000000400000807f000000400000000000000040000000000000c03f0000004000000080000000400000c03f00000040"
    ),
    .init(
        false, .int64, [1, 2, 2, 3],
        "e6f249ab53ffffffc9675b2f28ffffffe8251cc8b6000000eda8eb921fffffff5b412171cc0000005a4e1a2f27ffffffb3cf8d1999ffffff7b273b3806ffffff0cb655d5ad000000c27e406d31ffffffd5af2bc1cb000000c09432ffc5ffffff",
        [1, 1, 2, 3],
        "157205000cffffff292dd8f930ffffff5a874b6b4fffffff398c7aaebe000000a155acc093000000271a3094bbffffff",
        [1, 2, 2, 3],
        "157205000cffffffc9675b2f28ffffff5a874b6b4fffffffeda8eb921fffffffa155acc0930000005a4e1a2f27ffffff157205000cffffff7b273b3806ffffff5a874b6b4fffffffc27e406d31ffffffa155acc093000000271a3094bbffffff"
    ),
    .init(true, .float32, [1], "00000000", [3], "0000807f0000c07f00000040", [3], "0000807f0000c07f00000040"),
    .init(
        false, .int32, [3, 1, 1, 1], "8474c05e3e613132da191015", [1, 1], "8f68e9ee", [3, 1, 1, 1],
        "8f68e9ee8f68e9ee8f68e9ee"),
    .init(
        true, .float32, [1, 1, 1, 2], "0000c03f0000c0bf", [1, 1, 2, 2], "0000c0bf0000c07f000000800000c0bf",
        [1, 1, 2, 2], "0000c03f0000c07f0000c03f0000c0bf"),
    .init(false, .int32, [1], "1314fcec", [1, 2, 1], "b8ce15fb488f8850", [1, 2, 1], "1314fcec1314fcec"),
    .init(
        true, .int64, [2, 1], "f90fbb2b0100000016f5bc4905ffffff", [1, 3],
        "201c0c2af40000005740a66503000000c0f853508cffffff", [2, 3],
        "201c0c2af40000005740a66503000000f90fbb2b01000000201c0c2af40000005740a66503000000c0f853508cffffff"),
    .init(false, .int8, [1], "55", [1], "f3", [1], "f3"),
]

func runMaximumMinimum<T: Comparable & BitwiseCopyable>(
    _ op: MaximumMinimum, _ x1: [UInt8], _ x2: [UInt8], count: Int, _: T.Type
) -> [UInt8] {
    let a = x1.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    let b = x2.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    var out = [UInt8](repeating: 0xEE, count: count * MemoryLayout<T>.stride)
    a.withUnsafeBufferPointer { p1 in
        b.withUnsafeBufferPointer { p2 in
            out.withUnsafeMutableBytes { o in
                op.invoke(
                    input1: p1.baseAddress!, input2: p2.baseAddress!,
                    output: o.baseAddress!.assumingMemoryBound(to: T.self))
            }
        }
    }
    return out
}

@Suite struct MaximumMinimumTests {
    @Test func matchesPipTFLM() throws {
        for c in maximumMinimumCases {
            let op = try MaximumMinimum(
                input1Shape: sliceShape(c.a), input2Shape: sliceShape(c.b), outputShape: sliceShape(c.o),
                isMaximum: c.isMaximum)
            let x1 = activationHexBytes(c.x1), x2 = activationHexBytes(c.x2), n = c.o.reduce(1, *)
            let got: [UInt8]
            switch c.type {
            case .int8: got = runMaximumMinimum(op, x1, x2, count: n, Int8.self)
            case .int16: got = runMaximumMinimum(op, x1, x2, count: n, Int16.self)
            case .int32: got = runMaximumMinimum(op, x1, x2, count: n, Int32.self)
            case .int64: got = runMaximumMinimum(op, x1, x2, count: n, Int64.self)
            case .float32: got = runMaximumMinimum(op, x1, x2, count: n, Float.self)
            }
            #expect(got == activationHexBytes(c.expected), "\(c)")
        }
    }

    @Test func rejectsNonBroadcastOutput() {
        #expect(throws: KernelError.self) {
            try MaximumMinimum(input1Shape: Shape(2, 3), input2Shape: Shape(3), outputShape: Shape(3), isMaximum: true)
        }
        #expect(throws: KernelError.self) {
            try MaximumMinimum(input1Shape: Shape(2), input2Shape: Shape(3), outputShape: Shape(3), isMaximum: false)
        }
    }
}
