import Testing

@testable import KingletKernels

// Vectors: a single-TANH float32 model built and run on pip tflite-micro 0.dev20261023182759
// (x86-64 Linux, glibc 2.36) by tools/vectors/float_vectors.py, which prints floatTanhVector
// whole: NaN, signed zeros, infinities, the 22 and 1 branch boundaries, subnormals, the expm1f
// reduction boundaries, then 110 pipFloat(_:6) draws from SplitMix64(seed: 1); inputs and
// outputs as little-endian hex bytes (see tools/vectors/README.md):
//   cd tools/vectors && python float_vectors.py tanh-cases

let floatTanhVector: (String, String) = (
    "0000c07f00000080000000000000807f000080ff0000b041ffffafc10000803fffff7fbf01000000aa77b8a31872b13e1972b13e0000003f6666b1429a99b1c20000104177cc2b325abfedbfa49dbe40c8ffadc0b9032cc00eda033f8c25bfc07e2cacc0b1344c40da56a5c0454b8fc086064a400e311040469b5840e8df484016c1b3c09e46cabeb70e80c0376e1ec05119133f0745664057d10ac0003c74c0ba158d406b2b9e3ee6ccd63d9371ca3f9d589ec0a379b8be5cb29a400bc39d403a0a10c0b4e95cc0709799c0c9af42c0afef7b3f0a3246bfaa4becbf9df68940386e75c00f82a5c042961c40cc2896bd002214c06591ae3ebc945840920a164082ab0940af70bdc096d094c0014481c0c1936d40d55d9f3fb1b7ac4045e989c0845ba7c0119da84065aba240c07da7bf86839e40194ca0c091d8b7c093ae5cc06dc798c073a03040c5754cbe1de9d0bf53b7eb3fc4d31ec0657fbfc0642619bf747eb2c0efb998c092088340554e8b3eda001ec031d2b93feace533d1730bfbfb39c31402e7567c058e921c079287840354816c0bee066c0cba3893f639c82c08dbbf13e7a54c43e12a3b53fb667d23fae831940958d93406084b5405b9c313d58f494c0f0ed984011a8863eb13755c0e288a440e38e70c06c97943fdd5e8440fea0adc0fb2198bf8c32bfc0967c7ac0ab415ec071ae9fbf639ca0c0e1497340",
    "0000c07f00000080000000000000803f000080bf0000803f000080bfd6f7423fd5f742bf01000000aa77b8a3abaaaa3eacaaaa3e9f9aec3e0000803f000080bfffff7f3f77cc2b32fdd273bf1fff7f3f85fd7fbf16a47dbfc19ef23e27ff7fbf38fd7fbf82227f3fbdfb7fbf19ef7fbfec127f3f6c687a3f96697f3f410a7f3f45fe7fbfbd5ec0be34d47fbff7667cbfb2cb043fd19d7f3f066679bf86c07fbf98ec7f3faa52993e2604d63dc1396b3f67f97fbfe0e2b0beb6f77f3f28f97f3fb2617abf817c7fbf1ef77fbff3d57ebf9e3d413fd43c26bf358d73bf6ae87f3fdac27fbfc8fb7fbfc1307c3f10e495bdb60c7bbf9a1aa83e77697f3f6a557b3f2129793f0eff7fbf07f47fbf63d77fbfdab17f3fc9cd583f50fd7f3f57e87fbf3efc7fbf87fc7f3ff7fa7f3faa285dbf78f97f3f29fa7fbfa9fe7fbf8e7b7fbfa8f67fbfd3f47d3f1cc949be10266dbfef70733f3c727cbf2bff7fbf062a09bf20fe7fbfa0f67fbfa2db7f3f9ff7873ead5a7cbf7962653fa29e533d396c67bfa1047e3f65a17fbf4dc57cbfd8c77f3f495e7bbfaa9f7fbfb79c4a3fa9da7fbf733de13ecd3dbb3e9baf633f71916d3f46cf7b3f0cf37f3f73fe7f3fe17f313d22f47fbfbef67f3fa7a2833ecd587fbf85fb7f3fccb87fbf4242523f8cde7f3f76fd7fbf0c8354bf27ff7fbfc9cb7fbfe8817fbf48fb58bf46fa7fbf9ebe7f3f"
)

@Suite struct FloatTanhTests {
    @Test func matchesPipTFLM() throws {
        let input = activationFloatBits(floatTanhVector.0).map(Float.init(bitPattern:))
        let op = try FloatTanh(shape: Shape(input.count))
        let output = runElementwise(input, zero: 0) { op.invoke(input: $0, output: $1) }
        #expect(output.map(\.bitPattern) == activationFloatBits(floatTanhVector.1))
    }

    @Test func expm1Landmarks() {
        #expect(referenceExpm1f(0) == 0)
        #expect(referenceExpm1f(-0.0).sign == .minus)
        #expect(referenceExpm1f(.infinity) == .infinity)
        #expect(referenceExpm1f(-.infinity) == -1)
        #expect(referenceExpm1f(-100) == -1)
        #expect(referenceExpm1f(89) == .infinity)
        #expect(referenceExpm1f(.nan).isNaN)
        #expect(referenceExpm1f(1e-30) == 1e-30)
        #expect(referenceTanhf(30) == 1)
        #expect(referenceTanhf(-30) == -1)
    }
}
