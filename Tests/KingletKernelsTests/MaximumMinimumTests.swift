import Testing

@testable import KingletKernels

// Vectors: single-MAXIMUM / MINIMUM models built and run on pip tflite-micro 0.dev20261023182759
// by tools/vectors/maximum_minimum_vectors.py (SplitMix64 seed 17: broadcastable rank 1-4 shapes,
// an input may drop leading axes; int8/int16 with DIFFERENT quantizations per tensor, since TFLM
// compares raw values; int32 and int64 full range; float32 from NaNs, signed zeros, infinities
// and a few values, or random). Inputs and expected outputs as little-endian hex bytes. The
// generator prints the table below whole (see tools/vectors/README.md):
//   cd tools/vectors && python maximum_minimum_vectors.py

struct MaximumMinimumCase {
    var isMaximum: Bool, type: MoveElement, a: [Int], b: [Int], o: [Int], x1: String, x2: String, expected: String
    init(
        _ isMaximum: Bool, _ type: MoveElement, _ a: [Int], _ b: [Int], _ o: [Int], _ x1: String, _ x2: String,
        _ expected: String
    ) {
        self.isMaximum = isMaximum; self.type = type; self.a = a; self.b = b; self.o = o; self.x1 = x1; self.x2 = x2
        self.expected = expected
    }
}

let maximumMinimumCases: [MaximumMinimumCase] = [
    .init(
        false, .int64, [1], [1], [1],
        "3abd893a52247c86",
        "201b73f3b4057d35",
        "3abd893a52247c86"
    ),
    .init(
        false, .int32, [2], [2], [2],
        "b769e4d8c187a8bd",
        "681263e6b9851753",
        "b769e4d8c187a8bd"
    ),
    .init(
        false, .int8, [1], [3, 1], [3, 1],
        "5b",
        "1cd67a",
        "1cd65b"
    ),
    .init(
        true, .float32, [1], [3], [3],
        "6dad59c0",
        "db4c4bc0a070fa3f3ba644c0",
        "db4c4bc0a070fa3f3ba644c0"
    ),
    .init(
        false, .int32, [1], [1, 1, 3], [1, 1, 3],
        "f62a1b96",
        "19d101e146747bc33e02e4e7",
        "f62a1b96f62a1b96f62a1b96"
    ),
    .init(
        false, .float32, [1, 1, 3], [1, 1, 1], [1, 1, 3],
        "0000004046d361c00000807f",
        "0000c07f",
        "0000c07f0000c07f0000c07f"
    ),
    .init(
        true, .int8, [2, 1, 1, 2], [2, 1, 1, 1], [2, 1, 1, 2],
        "2e80944c",
        "15f7",
        "2e15f74c"
    ),
    .init(
        false, .int8, [1, 1, 3], [1, 1, 3], [1, 1, 3],
        "7299de",
        "670411",
        "6799de"
    ),
    .init(
        true, .float32, [1, 3, 1, 1], [1, 1, 1, 1], [1, 3, 1, 1],
        "00000080000000800000807f",
        "0000c0bf",
        "00000080000000800000807f"
    ),
    .init(
        true, .int64, [2, 1], [1, 2], [2, 2],
        "144e5e2925fbaefd5551c86760b6888b",
        "e6c7037c1da750c2fa4e3f9d99c1b672",
        "144e5e2925fbaefdfa4e3f9d99c1b672e6c7037c1da750c2fa4e3f9d99c1b672"
    ),
    .init(
        false, .int8, [1, 1], [1, 1], [1, 1],
        "e7",
        "be",
        "be"
    ),
    .init(
        false, .int32, [1, 1, 1], [1, 1, 1], [1, 1, 1],
        "df7e9c04",
        "cb8cd957",
        "df7e9c04"
    ),
    .init(
        false, .int8, [2], [1], [2],
        "3051",
        "a8",
        "a8a8"
    ),
    .init(
        false, .int64, [3], [3], [3],
        "40bd52205c99667c656eb1a2f60e57c85bef6132ac2d23da",
        "fb3f4f66d704a36534fe8c1ad743301d42c0d9ad7e3df44a",
        "fb3f4f66d704a365656eb1a2f60e57c85bef6132ac2d23da"
    ),
    .init(
        true, .float32, [1, 2, 1, 1], [2, 1, 1, 2], [2, 2, 1, 2],
        "0000c0ff0000c03f",
        "fb241b400000000060ca5440000080ff",
        "fb241b4000000000fb241b400000c03f60ca5440000080ff60ca54400000c03f"
    ),
    .init(
        false, .int32, [2, 3, 1], [1], [2, 3, 1],
        "41105357084ac622d9ab8b840b93a3d924101c9c9980f58e",
        "2f25704b",
        "2f25704b084ac622d9ab8b840b93a3d924101c9c9980f58e"
    ),
    .init(
        false, .int32, [2, 3], [1, 3], [2, 3],
        "02642cc2af6f2ea2a3f2710386109a85d7d98079fb802a57",
        "797985f5f15320579803e2c0",
        "02642cc2af6f2ea29803e2c086109a85f15320579803e2c0"
    ),
    .init(
        false, .int8, [1, 1, 1, 2], [1, 1, 1, 1], [1, 1, 1, 2],
        "290b",
        "73",
        "290b"
    ),
    .init(
        false, .int64, [3], [3], [3],
        "69f8c0f3947689945f0a9ea543fc8b7b7c9ab47ebf48ce66",
        "f0e8cf70c077c587fc1f9b7331615cc7491dec8f0b482701",
        "f0e8cf70c077c587fc1f9b7331615cc7491dec8f0b482701"
    ),
    .init(
        false, .float32, [1], [3], [3],
        "7cb9d73f",
        "92083f400000807faef337bf",
        "7cb9d73f7cb9d73faef337bf"
    ),
    .init(
        true, .int16, [1, 1, 3, 2], [1, 3, 1, 2], [1, 3, 3, 2],
        "5696c86e4275c38ce82301b6",
        "3df941ebc36c99609a2a8630",
        "3df9c86e427541ebe82341ebc36cc86e42759960c36c99609a2ac86e427586309a2a8630"
    ),
    .init(
        false, .int32, [3, 2], [3, 2], [3, 2],
        "ebaa6b0d0cd5d02b8d73b01a1dc45652a6569dc49ce527b5",
        "f1c616772c28b2db49325ca7f3b5f39f29e5291093d04432",
        "ebaa6b0d2c28b2db49325ca7f3b5f39fa6569dc49ce527b5"
    ),
    .init(
        false, .int32, [1], [1], [1],
        "1e9893a9",
        "8161f12d",
        "1e9893a9"
    ),
    .init(
        true, .int16, [2, 1, 3], [2, 2, 1], [2, 2, 3],
        "ad1b7ba3488986f524bb8ce7",
        "1f01bb34ea98c9db",
        "ad1b1f011f01bb34bb34bb3486f524bb8ce786f5c9db8ce7"
    ),
    .init(
        true, .int8, [1, 2, 1], [1, 1, 1], [1, 2, 1],
        "4abb",
        "bc",
        "4abc"
    ),
    .init(
        false, .int8, [3, 2, 1], [3, 1, 3], [3, 2, 3],
        "3621bbd3060c",
        "1f3dd2719369652751",
        "1f36d21f21d2bb93bbd393d30606060c0c0c"
    ),
    .init(
        true, .int8, [1], [1], [1],
        "5c",
        "9f",
        "5c"
    ),
    .init(
        true, .int8, [1], [1], [1],
        "fa",
        "0e",
        "0e"
    ),
    .init(
        false, .int16, [1, 1, 1], [2, 1, 2], [2, 1, 2],
        "06e7",
        "403fe9ca2ec1d148",
        "06e7e9ca2ec106e7"
    ),
    .init(
        false, .int32, [1], [1], [1],
        "b6635c21",
        "934d0e84",
        "934d0e84"
    ),
    .init(
        true, .int64, [3, 1, 2], [3, 1, 2], [3, 1, 2],
        "259b3df277b8bfffe7510f175c0f41bf9a6642680c43d76a79db3bc4d02f2dab7618d8585e39c34ee38358e4e8988b98",
        "60a8e063128f6c771f71c99d107d13cf96836f463d112437f9137ea00c26db00c546523682c78d9967463526f5b32aea",
        "60a8e063128f6c771f71c99d107d13cf9a6642680c43d76af9137ea00c26db007618d8585e39c34e67463526f5b32aea"
    ),
    .init(
        false, .int32, [2, 1, 3], [1, 3], [2, 1, 3],
        "16b8f6a72b488ffadafd189f86b492b34d668a0bb221070a",
        "cea5a52668a01f04ec606120",
        "16b8f6a72b488ffadafd189f86b492b368a01f04b221070a"
    ),
    .init(
        true, .int64, [2, 1], [1, 1], [2, 1],
        "7d0efc6c76d730f73f77edcd153a3e95",
        "1e56e70b782cb387",
        "7d0efc6c76d730f73f77edcd153a3e95"
    ),
    .init(
        true, .float32, [1], [1], [1],
        "957f4bc0",
        "b1fdb03f",
        "b1fdb03f"
    ),
    .init(
        false, .int32, [3], [3], [3],
        "66bb6d2e920804208e61b994",
        "5553965eff754acc2534c4ba",
        "66bb6d2eff754acc8e61b994"
    ),
    .init(
        false, .int16, [1], [1], [1],
        "dab0",
        "acab",
        "acab"
    ),
    .init(
        true, .int32, [1, 2, 3, 1], [3, 1], [1, 2, 3, 1],
        "1767f6421423c2f81832fa3f77ce4ac8aed6af4fd8db738a",
        "e3928c56d926d0c037c22132",
        "e3928c561423c2f81832fa3fe3928c56aed6af4f37c22132"
    ),
    .init(
        false, .int64, [1, 1, 1], [1, 3, 2], [1, 3, 2],
        "f9846b98cecc99ce",
        "0823aa730ce93b4f0ebc5050d1db42491a8d6d355abaef941f25611ea463ff9c4ee9ea75162d1f4ff11c5ae98b398039",
        "f9846b98cecc99cef9846b98cecc99ce1a8d6d355abaef941f25611ea463ff9cf9846b98cecc99cef9846b98cecc99ce"
    ),
    .init(
        true, .float32, [3, 1, 1], [3, 1, 1], [3, 1, 1],
        "0000c0ff0000c03f0000c0bf",
        "0000807f89b318c04e62acbf",
        "0000807f0000c03f4e62acbf"
    ),
    .init(
        true, .float32, [1, 1], [1], [1, 1],
        "2b4cffbe",
        "0000c07f",
        "0000c07f"
    ),
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
