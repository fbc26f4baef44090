import Testing

@testable import KingletKernels

// Vectors: single-BATCH_MATMUL models built and run on pip tflite-micro 0.dev20261023182759 by
// /tmp/kgen/gen_bmm.py (not part of the project; random.seed(23)): lhs/rhs ranks 2-5 with
// broadcast batch dims, M, N in 1...4, K in 1...5, random adj_x/adj_y, float32 (randn),
// int8 (random scales and zero points) and int16 (zero points 0) operands; data and TFLM's
// outputs as little-endian hex bytes. Also checked there: a [1, 2, 4] model output for [2, 3] x
// [3, 4] is accepted (TFLM rewrites it to [2, 4]); an [8] output fails prepare
// ("output_rank <= NumDimensions(output)").

enum MatMulKind { case f, i8, i16 }

struct BatchMatMulCase {
    var kind: MatMulKind
    var lhs: [Int], x: String, lq: (Float, Int32), rhs: [Int], y: String, rq: (Float, Int32)
    var output: [Int], oq: (Float, Int32), adjX: Bool, adjY: Bool, expected: String
    init(
        _ kind: MatMulKind, _ lhs: [Int], _ x: String, _ lq: (Float, Int32), _ rhs: [Int], _ y: String,
        _ rq: (Float, Int32),
        _ output: [Int], _ oq: (Float, Int32), _ adjX: Bool, _ adjY: Bool, _ expected: String
    ) {
        self.kind = kind; self.lhs = lhs; self.x = x; self.lq = lq; self.rhs = rhs; self.y = y; self.rq = rq
        self.output = output; self.oq = oq; self.adjX = adjX; self.adjY = adjY; self.expected = expected
    }
}

let batchMatMulCases: [BatchMatMulCase] = [
    .init(
        .f, [1, 3, 4, 3],
        "78cce13f68e1cc3e938e7a3fcb6a0f40240cef3fe22e7abfff38733f62fd1abe6864d3bdf839d23e2880133ea225ba3f5ed3423fc030f93d0b42e33e5dd7aa3efc3dbf3f021552be694aa03e05a65abf2f6423c08c53273fb14b5d3f87fe3dbfa9431140a828babf486d3b3d20ad3fbe1c32c43ff313bc3f8aaa1e3e859ec13eed4563bfbd8afdbf8b21b2bef219203e",
        (0, 0), [1, 4], "2a7a9d3f95e7993fb34fc6be6dc79abe", (0, 0), [1, 3, 3, 1], (0, 0), true, true,
        "31ec8b40942f304075bcbdbe2563823f3a000140f69cc13f99cb4640f8094b3ce3a70740"),
    .init(
        .i8, [4, 4], "a56b0cc87f094b05cf4010014cc76d7c", (0.013834173791110516, -110), [4, 1], "06993294",
        (0.012415027245879173, -18), [4, 1], (0.030792737379670143, 60), false, false, "eb30ea19"),
    .init(
        .i8, [1, 1, 2, 2], "288f6dc8", (0.006180851254612207, -78), [3, 1, 2, 2], "96ab52cbe8872231dfcb55af",
        (0.08913390338420868, 13), [3, 1, 2, 2], (0.030313966795802116, 41), false, false, "80818080cc80b48099d7a980"),
    .init(
        .i8, [1, 5], "ea18790338", (0.010377047583460808, -77), [2, 3, 5, 1],
        "4880957d134aeb79290a15f72660142cdd270e789ad15a16c2823fbc0133", (0.015198956243693829, 102), [2, 3, 1, 1],
        (0.007714868988841772, 85), false, false, "808080808080"),
    .init(
        .i8, [1, 1, 1, 1, 3], "fa2e37", (0.0162030216306448, 110), [1, 3], "4501e8", (0.048383571207523346, 23),
        [1, 1, 1, 1, 1], (0.004749808926135302, -42), false, true, "80"),
    .init(
        .i8, [2, 2, 4], "e34e6f3d66f610c98864673e1bf01e50", (0.04830619692802429, 81), [1, 1, 2, 4], "874c0ff13567d09b",
        (0.0811784416437149, -102), [1, 2, 4, 4], (0.007134925574064255, -116), true, false,
        "7f8080808080808080808c7f80808080808080808080807f8080807ffd808080"),
    .init(
        .i8, [3, 1, 2], "0a496354eaed", (0.03137318789958954, -116), [1, 3, 2, 4],
        "cfead0be9981cbcd399a6f216ceec42188024c545b9f4205", (0.013950007036328316, 77), [1, 3, 1, 4],
        (0.15044882893562317, -113), false, false, "808080809580808080808c80"),
    .init(
        .i16, [1, 3, 3], "af70c4641942f6a94316d350978367b65c05", (8.40664652059786e-05, 0), [1, 1, 1, 1, 3],
        "b96c8e5d178a", (0.0016341471346095204, 0), [1, 1, 1, 3, 1], (0.0027575462590903044, 0), true, true,
        "ff7fff7fff7f"),
    .init(
        .i8, [2, 2, 1, 1, 3], "43d471e9055a08d3e83fb0ed", (0.005869023036211729, 108), [1, 1, 4, 1], "d5bc31f3",
        (0.031090209260582924, 98), [2, 2, 1, 3, 4], (0.00393590098246932, 4), true, true,
        "7f7f617f7f7f7f7fe3ddf9ea7f7f7f7f7f7f7f7f7a7f2d617f7f7f7f7f7f7f7f7f7f7f7f7f7f6a7f7f7f7f7f7f7f7f7f"),
    .init(
        .f, [3, 1], "ec4c913a1f3f94be43db8ebf", (0, 0), [3, 2, 3],
        "331253bc98b8c1be6057f6bee837c2bf9353fbbef87476bee2df25bfc2c9223f2abcde3fbbe6973ef61e353f0752e93fc28ddc3e2a78c53faa9566bf806a0cbe1217a63f92de2c3f",
        (0, 0), [3, 1, 2], (0, 0), true, true, "2382253fa470d13e821f08c0444a0fc0281e0f3fa59390bf"),
    .init(
        .i8, [1, 2, 1], "89fd", (0.02295118197798729, -104), [1, 3, 1, 2, 1], "648fc0f1fb1c",
        (0.11385174840688705, -76), [1, 3, 1, 2, 2], (0.010366086848080158, 51), false, true, "807f7f8005807f7f80807f7f"
    ),
    .init(
        .i16, [3, 5], "99a7bf0e50d45b9c51fdb70f0dc54c61a1f64742527318cf6d1a5c16b0e2", (0.0016244270373135805, 0),
        [1, 5, 2], "fd1ea0bd2d0fec347d6a8473229a8ca0817f4a67", (0.0016125176334753633, 0), [1, 3, 2],
        (0.0018803369021043181, 0), false, false, "ff7fff7fff7fff7f00800080"),
    .init(
        .i16, [1, 2, 2, 3, 2],
        "4bb79b168665fdccf11c820e03a5c3774cafb07116813160b4bf853f8dced9d1a221cba176a64a94807975ad68c4cccc",
        (0.00017975180526264012, 0), [2, 4, 3],
        "0d3d5210596023a5be8f643ca391a11d9ed6772cbf31606d92f0d635b23bd040d4bb86847b4a6d3a49a2ad969e91f092",
        (0.0007760422886349261, 0), [1, 2, 2, 2, 4], (0.0026690287049859762, 0), true, true,
        "16004bd7ff7fab42071adc3c5ec2ba000080ff7f6005ff7fff7f00809b5700800aecff7fb8380eea5eb0faab12c40080673afca57950b321e2b17a425794ff7f"
    ),
    .init(
        .i16, [4, 5], "5201b0384a00105ee66a6203f4d69980ece2ba0fe3bf9a63f4b47e5ac267ae7bb645e548cdaf4a7e",
        (0.0009673481108620763, 0), [2, 1, 5, 2],
        "49a74b9334af027ba02c936b95d893c58bdcd63df5034b000110924a18959ce90b60285d4c433a15", (0.0008985344902612269, 0),
        [2, 1, 4, 2], (0.0015987202059477568, 0), false, false,
        "0080ff7f008000800080ff7f0080ff7fff7fff7fff7f0080ff7fff7f00800080"),
    .init(
        .i8, [4, 4], "ebd88c16c779e66a1c0a50bd68ed1a99", (0.01343135628849268, -96), [4, 3], "57766ba077844d0a0a8056d4",
        (0.10945011675357819, 109), [4, 3], (0.006025384180247784, -94), false, false, "801c80808080808080808080"),
    .init(
        .i8, [1, 1, 3, 3, 3], "48750c05f7001c1b474bd5f62f5d916d1f9720be8a0f44e9a7a593", (0.005227262619882822, -16),
        [3, 1, 1, 3, 3], "ac4d3c1dcfe68fb8f231811fe0d51a22cbb24168b546a92228963f", (0.11189765483140945, -50),
        [3, 1, 3, 3, 3], (0.26583027839660645, -57), false, true,
        "ecd8b7cbccc5e5d3c6bad7bccacdb1b5d8ac9dcabbdaccbea1b5cdc9d1d5cdcbcad9d8c9e0cbd8b1bbd8cabee3c8b7d6bec8cdb3b3c009d9cfcecfcedcdfe0d5e2de01bdaefbd4c4c8c5bdecc7c1a0a9ab"
    ),
    .init(
        .i16, [1, 4], "a91aee3c79884502", (0.00012160999176558107, 0), [1, 1, 1, 4], "41457b02c4117dc1",
        (0.00022894835274200886, 0), [1, 1, 1, 1], (0.0002344365930184722, 0), false, true, "dbf7"),
    .init(
        .f, [1, 2, 3], "b9728d3e7464edbffcb71f3f8f99923fa8c2843f627df13f", (0, 0), [1, 1, 3],
        "13c2e4bd5965b9be453e183e", (0, 0), [1, 2, 1], (0, 0), false, true, "42c43b3f705a64be"),
    .init(
        .f, [3, 1, 1, 4, 1],
        "61aba23d472c0c402b210abed35e243e4ba9e23e95961f3fc023813ffadac93ee13aacbe205a25bf7a324e3fff37d53e", (0, 0),
        [1, 4], "481a133f91038dbf63a87ebffb39ac3f", (0, 0), [3, 1, 1, 1, 1], (0, 0), true, true,
        "cb1701c010d167bfb0048e3e"),
    .init(
        .f, [1, 2, 2], "ae4e623e6e51aebe54e713bf39ddcebe", (0, 0), [1, 2, 2], "2d711abf69b479be2586843f41ac143f",
        (0, 0), [1, 2, 2], (0, 0), false, false, "5abef8be1fd480be5cdf8ebde003c0bd"),
    .init(
        .f, [1, 3, 1, 5, 1],
        "d246623fd790483e070fb73e01f815c0cbdb8abf42480f3f1081703fbc7d7abff4ca003f8f15d03eae9ca53e5aa0fcbe9dc14abf6da557bfbec6a3bf",
        (0, 0), [3, 2, 5],
        "c29c7b3e9b0535bd2fa8c83fbb8a863f860fd03e90b12cbe17244cc07e608f3f7a98aa3fcc2d79bec52605be8044dfbd1e31c73f79de033ee34804c0aeaf62bfdc628dbf54d06e3f63d4034018586fbf7776cebf0bee063f788ac6bf14c3a83eb47991bfa44eadbe4856a43edc301abfa9b9c53f07a4253f",
        (0, 0), [1, 3, 3, 1, 2], (0, 0), true, true,
        "5fa108c08fdf4ec0b7141740a74b8fc03f4fb5bfd9be98c022723ebf286367c002481ec0ea17e5bf4c64503f16ebde3f5aec22c0a28437bec55ea83f457382bffcc5cf3f58c0f5bf"
    ),
    .init(
        .f, [1, 2, 3], "77d854bdc1bae3bd9959853fd5dca0bfbad13e3fcf03dbbf", (0, 0), [2, 1, 3, 3, 1],
        "1dce52be753370be0667903f14dd4ebcb2fa1cbf06d5af3ffc34ce3f447130bfea21313f696fe5be1b3d263e89b3833e2342a3bfc214833debea87bf3f477dbfb35aeabeaaf9fdbf",
        (0, 0), [2, 1, 3, 2, 1], (0, 0), false, false,
        "5d259b3f4458ecbf3afebf3f8caa32c097b9363f79396ec0cae28b3e8ce5793ea50686bfceeb5d40be7efbbffa828940"),
    .init(
        .i8, [1, 4, 1], "f504ac40", (0.0543256439268589, 44), [1, 4, 1], "e4e6766b", (0.040646813809871674, 117),
        [1, 1, 1], (0.006990988738834858, 78), true, false, "7f"),
    .init(
        .i8, [3, 1, 1, 2, 1], "d366a8493668", (0.011011655442416668, 12), [3, 1, 1, 1, 3], "9f6d4cdba7da193386",
        (0.09516729414463043, 77), [3, 1, 1, 2, 3], (0.013086900115013123, 9), false, false,
        "7f800e807f027f7f7f80808080b180808080"),
    .init(
        .i8, [1, 1, 1, 4, 1], "220340d7", (0.029732707887887955, 89), [1, 1, 1, 4], "111101e4",
        (0.01480525080114603, -81), [1, 1, 1, 1, 1], (0.11338421702384949, 5), true, true, "ad"),
    .init(
        .i16, [1, 3, 4, 3],
        "84f43ee1da998fe83d7d760bff609704ac5bb267fdd288049c9c846759c7fdcc9f8bf421c579811aa7f003bf58bcb7fb031d54b32d3b83f8015b96999f5330512f96c97c905eec75",
        (0.0001129122611018829, 0), [3, 3, 4],
        "6d883212d523243289caa00c8afe3c1b2ff16aec0157d667db06b1e5929d5cb2243362fd9ed5e53b6863eb60f07aa63a740a827c05e13914c9351610f06b0bb5021eab205a923d2f",
        (0.0004265353491064161, 0), [1, 3, 3, 3], (0.0001942376111401245, 0), true, true,
        "ff7fff7fff7fff7f837e0080ff7fff7fff7f008000800080ff7fd81a2c94a82300800080ced39a460080ff7f7cc1008000800080ff7f"),
    .init(
        .i8, [1, 2], "b5be", (0.0052935038693249226, 58), [2, 1], "8630", (0.08329173177480698, 105), [2, 2],
        (0.11983469873666763, -23), true, true, "58055103"),
    .init(
        .i16, [1, 1, 1, 2, 1], "1394b84e", (0.0017375811003148556, 0), [1, 1, 4, 2], "480f1fba387ff09225f518dc19be8d10",
        (0.00023017120838630944, 0), [1, 1, 1, 1, 4], (0.0016640769317746162, 0), true, true, "008000802e9aff7f"),
    .init(
        .i16, [1, 3, 1], "0125f98f05e6", (0.00017348847177345306, 0), [3, 3], "1675f457209c031d57c08c50c078b3ef97b5",
        (0.00013620599929708987, 0), [1, 1, 3], (0.00011822653323179111, 0), true, true, "0080ff7fff7f"),
    .init(
        .f, [3, 1, 1, 1, 4],
        "38c0d5be85be343ffd3ef53f861209c01d14383f2424ef3eee47443f5fcb613f490a4f3f657972bfa72204be128021bf", (0, 0),
        [2, 1], "3d1eb8bfe7f6263f", (0, 0), [3, 1, 1, 4, 2], (0, 0), true, true,
        "68bb193fcc688bbe49fe81bfb9c3eb3e3e6230c060f39f3f022b45406dccb2bf336484bf281df03e39fe2bbf14f89b3ee22a8dbff303003fd864a2bfa543133fd9e794bf5a08073fe563ae3f93241ebf07113e3ed25bacbd414e683f9da9d2be"
    ),
    .init(
        .i16, [3, 1, 5], "2517a591ad3b2d2ff4018c349783823335f7fb129154aebd83e4a9290741", (0.00011450907186372206, 0),
        [5, 1], "7737418fb112ad57bdfd", (0.00023030207375995815, 0), [3, 1, 1], (0.00031006813514977694, 0), false,
        false, "ff7fff7fff7f"),
    .init(
        .i8, [2, 1], "52d7", (0.05779924988746643, 8), [1, 2], "90fe", (0.09353366494178772, -105), [1, 1],
        (0.116960309445858, -41), true, true, "80"),
    .init(
        .i8, [3, 1], "57ab05", (0.028807830065488815, 31), [3, 3, 2, 3],
        "b6fc3ed8137cc77ed983656a89840b5183c122a398aad20a5432e4e439457926cd8bbe0bf85a1db45dda6fc00b06eede44be691e5053",
        (0.010104263201355934, 87), [3, 3, 1, 2], (0.004846557974815369, -100), true, true,
        "209180807f7f7f7f7f807f7f80807f7f7f80"),
    .init(
        .f, [5, 1], "c440a3be782ecdbf0582c4bfcb0512bf06ee5dbe", (0, 0), [1, 3, 2, 5],
        "e27e823e680919bea9b00040c636c6bdd12ad83e65df66be3d5023bfdb6a85bce5a8853f5cdd8abfdf2d0dc0178373bfbb3d553fd20680bf59daaf3e52e4c53f25a9303f43ef02c03c3fab3ea33624bf30d663bee97c9dbfe2c9523e6545523fc8d0fcbe5953b4bf80b09bbf83fddd3fb9c053be3fb23bbf",
        (0, 0), [1, 3, 1, 2], (0, 0), true, true, "60c23dc0234e423f2204b93f01b6be3f0ccfae3f806f593c"),
    .init(
        .i8, [2, 3], "21fa6ae976d5", (0.01520084124058485, 46), [3, 1, 1, 2, 4],
        "c4a3450b6a4e1d929dd9789de6f5f69465e0be8514339355", (0.009021596051752567, -48), [3, 1, 1, 3, 4],
        (0.028395311906933784, 117), true, false,
        "424e547f7f7f72512f32767f71685e7f7f7f586d5d687f7f55537f4d677f647f7f4f7f26"),
    .init(
        .i16, [1, 5, 1], "c9960f45ec7fb723213c", (0.0008610084187239408, 0), [1, 1, 1, 5, 4],
        "ec5bbfcbc0bdf9cce80a8bb68b0eb8b0c8503912b7a4de7facf07e87dbe1372c38b7c030e9bf4c8a", (0.0005248123779892921, 0),
        [1, 1, 1, 1, 4], (0.021064145490527153, 0), true, false, "bcec990797d00d3b"),
]

func runMatMul<T: BitwiseCopyable>(
    _ x: [UInt8], _ y: [UInt8], count: Int, _: T.Type,
    _ body: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
) -> [UInt8] {
    let a = x.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    let b = y.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    var out = [UInt8](repeating: 0xEE, count: count * MemoryLayout<T>.stride)
    a.withUnsafeBufferPointer { p1 in
        b.withUnsafeBufferPointer { p2 in
            out.withUnsafeMutableBytes {
                body(p1.baseAddress!, p2.baseAddress!, $0.baseAddress!.assumingMemoryBound(to: T.self))
            }
        }
    }
    return out
}

@Suite struct BatchMatMulTests {
    @Test func matchesPipTFLM() throws {
        for c in batchMatMulCases {
            let lhs = sliceShape(c.lhs), rhs = sliceShape(c.rhs), output = sliceShape(c.output)
            let x = activationHexBytes(c.x), y = activationHexBytes(c.y), n = c.output.reduce(1, *)
            let got: [UInt8]
            switch c.kind {
            case .f:
                let op = try BatchMatMul.float32(lhs: lhs, rhs: rhs, output: output, adjX: c.adjX, adjY: c.adjY)
                #expect(op.outputShape == output)
                got = runMatMul(x, y, count: n, Float.self) { op.invoke(lhs: $0, rhs: $1, output: $2) }
            case .i8:
                let op = try BatchMatMul.int8(
                    lhs: lhs, lhsScale: c.lq.0, lhsZeroPoint: c.lq.1, rhs: rhs, rhsScale: c.rq.0,
                    rhsZeroPoint: c.rq.1, output: output, outputScale: c.oq.0, outputZeroPoint: c.oq.1,
                    adjX: c.adjX, adjY: c.adjY)
                got = runMatMul(x, y, count: n, Int8.self) { op.invoke(lhs: $0, rhs: $1, output: $2) }
            case .i16:
                let op = try BatchMatMul.int16(
                    lhs: lhs, lhsScale: c.lq.0, lhsZeroPoint: c.lq.1, rhs: rhs, rhsScale: c.rq.0,
                    rhsZeroPoint: c.rq.1, output: output, outputScale: c.oq.0, outputZeroPoint: c.oq.1,
                    adjX: c.adjX, adjY: c.adjY)
                got = runMatMul(x, y, count: n, Int16.self) { op.invoke(lhs: $0, rhs: $1, output: $2) }
            }
            #expect(got == activationHexBytes(c.expected), "\(c.kind) \(c.lhs) \(c.rhs) adj \(c.adjX) \(c.adjY)")
        }
    }

    @Test func outputShapeRewrite() throws {
        let op = try BatchMatMul.float32(
            lhs: Shape(2, 3), rhs: Shape(3, 4), output: Shape(1, 2, 4), adjX: false, adjY: false)
        #expect(op.outputShape == Shape(2, 4))
        #expect(throws: KernelError.self) {
            try BatchMatMul.float32(lhs: Shape(2, 3), rhs: Shape(3, 4), output: Shape(8), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {
            try BatchMatMul.float32(lhs: Shape(2, 3), rhs: Shape(3, 4), output: Shape(2, 5), adjX: false, adjY: false)
        }
    }

    @Test func prepareErrors() {
        #expect(throws: KernelError.self) {  // depth mismatch
            try BatchMatMul.float32(lhs: Shape(2, 3), rhs: Shape(2, 4), output: Shape(2, 4), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // batch dims 2 vs 3
            try BatchMatMul.float32(
                lhs: Shape(2, 2, 3), rhs: Shape(3, 3, 4), output: Shape(3, 2, 4), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // rank 1
            try BatchMatMul.float32(lhs: Shape(3), rhs: Shape(3, 4), output: Shape(4), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // rank 6
            try BatchMatMul.float32(
                lhs: Shape(1, 1, 1, 1, 2, 3), rhs: Shape(3, 4), output: Shape(1, 1, 1, 1, 2, 4),
                adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // int16 zero point
            try BatchMatMul.int16(
                lhs: Shape(2, 3), lhsScale: 1, lhsZeroPoint: 1, rhs: Shape(3, 4), rhsScale: 1, rhsZeroPoint: 0,
                output: Shape(2, 4), outputScale: 1, outputZeroPoint: 0, adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // bad scale
            try BatchMatMul.int8(
                lhs: Shape(2, 3), lhsScale: 0, lhsZeroPoint: 0, rhs: Shape(3, 4), rhsScale: 1, rhsZeroPoint: 0,
                output: Shape(2, 4), outputScale: 1, outputZeroPoint: 0, adjX: false, adjY: false)
        }
    }
}
