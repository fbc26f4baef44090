import Foundation
import KingletTestSupport
import TFLiteModel
import Testing

@testable import KingletReport

/// BOPs (Larq's LceBconv2d XNOR-popcount terms) are counted apart from MACs: output pixels ×
/// output channels × KH × KW × channels_in / groups, with channels_in from the custom options.
@Suite struct BinaryOperationsTests {
    @Test func bconvCountsBOPsAndNotMACs() throws {
        let bytes = try [UInt8](
            Data(contentsOf: Fixtures.testdata.appendingPathComponent("bnn/bconv_bmaxpool_relu.tflite")))
        let file = try ModelFile(copying: bytes)
        let facts = ModelFacts(file.model)
        // Op 2: [1, 8, 8] pixels × 48 channels × 3 × 3 × 16; op 4: [1, 2, 2] × 64 × 3 × 3 × 48.
        #expect(facts.bops[0][2] == Int64(8 * 8 * 48 * 9 * 16))
        #expect(facts.bops[0][4] == Int64(2 * 2 * 64 * 9 * 48))
        #expect(facts.macs[0][2] == nil)
        #expect(facts.totalBOPs == 442_368 + 110_592)
        #expect(facts.bops[0][0] == nil)  // the float CONV_2D has MACs
        #expect(facts.macs[0][0] != nil)
        withExtendedLifetime(file) {}
    }
}
