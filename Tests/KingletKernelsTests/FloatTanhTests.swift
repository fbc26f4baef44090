import Testing

@testable import KingletKernels

// Vectors: a single-TANH float32 model built and run on pip tflite-micro 0.dev20261023182759 by
// /tmp/kgen/gen_tanhf.py (not part of the project): NaN, signed zeros, infinities, the 22 and
// 1 branch boundaries, subnormals, the expm1f reduction boundaries, and 110 random values;
// inputs and outputs as little-endian hex bytes. Beyond these, referenceTanhf and
// referenceExpm1f were compared with glibc 2.36's tanhf / expm1f for all 2^32 inputs by a
// throwaway release-build harness (/tmp/tanhcheck, importing Glibc): 0 mismatches.

let floatTanhVector: (String, String) = (
    "0000c07f00000080000000000000807f000080ff0000b041ffffafc10000803fffff7fbf01000000aa77b8a31872b13e1972b13e0000003f6666b1429a99b1c20000104177cc2b3259a21fbe11ccaabe65064840404b71c04c1d0f40db42a4c0961a1ebf982634bf899a5840cf251bbd0a78ebbfc5df8340bda79a40f35404c06fd904408e13acbfa85bf93e4e8d453f35e374c0239f443e60e04bc06ff53dc006c4afbf3f7bbec00bbd8dc05106323f6f5bf73f899b2340e52eb2bfa0db0540468496406548624020dc84c07abea7c05ca59a3fd2f06e40577392bd9ce43640df213c3f4a1b2c3fe6d9633fe289293f2a8ca2bfd62db14079a93040663dd6bf860d5bbf56ec47c03c76b83f3b0789c0d8f27fbfb57b0f40d020d73fe24ddc3fa4ba62c015d01240536acebe97547e40e34b54bfa53ca140136c9f3f0c8e0f404fbb96bf48079cbf342a94bf582c4040f9e8abbf184eb2be68736040eafec53fc30a46bf4aea5a3f36d786c035df90c034c6a63f7b3d04413e09c14006e9f1404c0cdb3f952ecabfa8c5da3d7aa4f4bd816a92be55c12d3d12afd33dfa6c903d44bf1e3e06c29c3d1cd90d3d60d2d7bd862754bc31f5f1bda61217bd30d7423ea633ac3c274c1a3d391e8ebd9843853e70164bbe59d2bdbd32b8c13d3ab899bd1aaaa2bd6e3d503d3246993db1cd8b3dfb57afbd79459a3d0dc3f7bd1de9bbbd",
    "0000c07f00000080000000000000803f000080bf0000803f000080bfd6f7423fd5f742bf01000000aa77b8a3abaaaa3eacaaaa3e9f9aec3e0000803f000080bfffff7f3f77cc2b327b5a1ebe44bba4bea8037f3f6aba7fbff8377a3f71fb7fbfc2a80cbffe511bbf92697f3fd3121bbdcc6473bf7fdd7f3fb1f77f3f49f077bfe110783f146a5fbf6659e73e67dd253fcec17fbf863d423e39207fbf9ea67ebf2e2161bf1dff7fbf5fed7fbf56f8193fa67c753fb9ef7c3f143562bff44e783f3df57f3fcd907f3f8edf7fbf55fc7fbfa00c563f1cb57f3f923392bd90517e3fc044203fe323163f4f1f363f1372143fc0905abff7fd7f3f66f57d3f8a9a6ebf78ab31bfda027fbffbd7643fffe67fbf50f242bfbd487a3fdfd56e3fad20703f57927fbfe1d77a3f12eac3beb1d17f3f6e1a2ebf7efa7f3fd6d5583ff94b7a3ffea153bfb0df56bffbfa51bfa7bd7e3fc0555fbf1d6eabbe418a7f3f99cb693f1b2626bf3399313f55e37fbfaff07fbf17cb5c3ffeff7f3f3fff7f3ff7ff7f3fadd26f3fda246bbf99f1d93d477cf3bd1b8d8ebeaba62d3de8eed23dcf2f903dcd7c1d3ed6739c3d9aca0d3dc106d7bd7d2454bc9bd6f0bd1f0117bdd685403e282dac3c7a391a3df0e38dbd8355823e557748beab47bdbdd124c13d7e6e99bdc152a2bd8c0f503d1afd983d34968b3d9eeaaebdf1fa993d6c8ff6bd9262bbbd"
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
