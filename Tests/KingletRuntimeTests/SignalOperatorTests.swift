import FlatBufferReader
import Foundation
import KingletReport
import KingletRuntime
import MallocCounter
import TFLiteModel
import Testing

/// The TFLM signal library's custom operators (SignalWindow ... SignalFilterBankLog) against pip
/// tflite-micro. testdata/signal holds each operator cut out of TFLM's micro_speech audio
/// preprocessors (and SignalRfft at other fft lengths, int16 and float32: every butterfly), a seeded input sequence
/// whose first step starts with each type's edge values (and operators 0-4 and 9-13 of the int8
/// preprocessor, chained), and pip's outputs, one row a step (one
/// interpreter: SignalFilterBankSpectralSubtraction's noise estimate carries over). Regenerate with
///
///     /tmp/venv-vectors/bin/python tools/vectors/signal_vectors.py --write testdata/signal --seed 11 --steps 4
///
/// (`signal_vectors.py --kinglet .build/release/kinglet --cases N` compares fresh random cases.)
/// Serialized: invoke is checked to allocate nothing, and the malloc counter is process-wide.
@Suite(.serialized) struct SignalOperatorTests {
    static let folder = TestModels.testdata.appendingPathComponent("signal")

    struct Entry: Sendable, CustomStringConvertible {
        var name: String
        var file: String
        var inputs: [String]
        var outputs: [String]
        var steps: Int
        var compare: [Int]?
        var description: String { name }
    }

    static func entries() throws -> [Entry] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try #require(root["models"] as? [[String: Any]])
        return try models.map { model in
            Entry(
                name: try #require(model["name"] as? String), file: try #require(model["file"] as? String),
                inputs: try #require(model["inputs"] as? [String]),
                outputs: try #require(model["outputs"] as? [String]),
                steps: try #require(model["steps"] as? Int), compare: model["compare"] as? [Int])
        }
    }

    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(parsing: [UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
    }

    static let allEntries: [Entry] = (try? entries()) ?? []

    @Test func theFixturesCoverEveryOperator() {
        let names = Set(Self.allEntries.map { $0.name.prefix { !$0.isNumber } }.filter { $0.hasPrefix("Signal") })
        #expect(
            names == [
                "SignalWindow", "SignalFftAutoScale", "SignalRfft", "SignalRfftFloat", "SignalEnergy",
                "SignalFilterBank",
                "SignalFilterBankSquareRoot", "SignalFilterBankSpectralSubtraction", "SignalPCAN",
                "SignalFilterBankLog",
            ])
        #expect(Self.allEntries.count >= 20)
        // And the preprocessors' runs of signal operators (with a RESHAPE) that need no CAST or DIV.
        #expect(Self.allEntries.contains { $0.name == "int8_ops_0to4" })
        #expect(Self.allEntries.contains { $0.name == "int8_ops_9to13" })
    }

    @Test(arguments: allEntries)
    func matchesPipTFLM(entry: Entry) throws {
        let file = try TestModels.load(Self.folder.appendingPathComponent(entry.file))
        let runner = try ModelRunner(model: file.model)
        let inputs = try entry.inputs.map(Self.npy)
        let expected = try entry.outputs.map(Self.npy)
        for step in 0..<entry.steps {
            for (position, input) in inputs.enumerated() {
                let stride = input.data.count / entry.steps
                try runner.setInput(
                    position,
                    NPYArray(
                        dtype: input.dtype, shape: Array(input.shape.dropFirst()),
                        data: Array(input.data[(step * stride)..<((step + 1) * stride)])))
            }
            // From the second step: the first initializes lazy globals (invoke functions, tables).
            let counting = kinglet_malloc_counter_available() != 0 && step > 0
            kinglet_malloc_counter_start()
            try runner.interpreter.invoke()
            let allocations = kinglet_malloc_counter_stop()
            if counting { #expect(allocations == 0, "\(entry.name): invoke allocated") }
            for (position, output) in expected.enumerated() {
                let actual = try runner.outputArray(position).data
                let stride = output.data.count / entry.steps
                var want = Array(output.data[(step * stride)..<((step + 1) * stride)])
                var got = actual
                if let range = entry.compare, want.count >= range[1] * 4 {  // SignalEnergy writes only these bins
                    want = Array(want[(range[0] * 4)..<(range[1] * 4)])
                    got = Array(got[(range[0] * 4)..<(range[1] * 4)])
                }
                #expect(got == want, "\(entry.name) step \(step) output \(position)")
            }
        }
        withExtendedLifetime(file) {}
    }

    // MARK: Hostile options: typed errors

    /// `model` with its operator's custom options replaced by `payload` (no longer than the
    /// original: written in place, the vector's length field shortened).
    static func replacingOptions(_ name: String, _ payload: [UInt8]) throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name + ".tflite")))
        let file = try ModelFile(copying: bytes)
        let op = try #require(file.model.subgraphs.first?.operators.first)
        let region = op.customOptions(in: file.model.bytes)
        let offset = region.base - file.model.bytes.base
        #expect(payload.count <= region.count)
        var patched = bytes
        patched.replaceSubrange(offset..<(offset + payload.count), with: payload)
        let length = UInt32(payload.count)
        for k in 0..<4 { patched[offset - 4 + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))) }
        return patched
    }

    static func hex(_ text: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            result.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    enum Expected { case options, kernel, unsupported, tensorType }

    /// pip flatbuffers' `flexbuffers.Dumps` of each map (the comment).
    static let hostile: [(model: String, payload: String, expected: Expected)] = [
        ("SignalWindow", "73686966740001070101012804022401", .kernel),  // {'shift': 40}
        ("SignalWindow", "73686966750001070101010c04022401", .options),  // {'shifu': 12}
        ("SignalWindow", "010203", .options),  // not a FlexBuffer
        ("SignalWindow", "", .options),  // no options
        ("SignalRfft", "54006666745f6c656e67746800020e0d020102070e0404042401", .kernel),  // fft_length 14 (radix 7)
        ("SignalRfft", "54006666745f6c656e67746800020e0d0200010002000700ff010505062501", .kernel),  // 511 (odd)
        ("SignalRfft", "54006666745f6c656e67746800020e0d02010207020404042401", .kernel),  // 2
        // T=1 (float16): no such kernel.
        ("SignalRfft", "54006666745f6c656e67746800020e0d020001000200010000020505062501", .unsupported),
        // T=0 (float32) on int16 tensors: TFLM's prepare fails on the tensor type.
        ("SignalRfft", "54006666745f6c656e67746800020e0d020001000200000000020505062501", .tensorType),
        (
            "SignalEnergy", "656e645f696e6465780073746172745f696e6465780002170e000300010002002c0105000505062501",
            .kernel
        ),  // end_index 300
        (
            "SignalEnergy", "656e645f696e6465780073746172745f696e6465780002170e00030001000200f100ffff0505062501",
            .kernel
        ),  // start_index -1
        (
            "SignalFilterBankLog",
            "696e7075745f636f7272656374696f6e5f62697473006f75747075745f7363616c650002240f02010220400404042401", .kernel
        ),  // input_correction_bits 32
        ("SignalPCAN", "736e725f736869667400010b0101014004022401", .kernel),  // snr_shift 64
        ("SignalFilterBank", "6e756d5f6368616e6e656c7300010e0101012904022401", .kernel),  // num_channels 41
        (
            "SignalFilterBankSpectralSubtraction",
            "616c7465726e6174655f6f6e655f6d696e75735f736d6f6f7468696e6700616c7465726e6174655f736d6f6f7468696e6700636c"
                + "616d70696e67006d696e5f7369676e616c5f72656d61696e696e67006e756d5f6368616e6e656c73006f6e655f6d696e75"
                + "735f736d6f6f7468696e6700736d6f6f7468696e6700736d6f6f7468696e675f6269747300737065637472616c5f737562"
                + "7472616374696f6e5f626974730009a588756d594d3a3123090001000900293cd703000033032800673e990120000e0005"
                + "05690505050505051b2501", .kernel
        ),  // smoothing_bits 32
    ]

    @Test(arguments: 0..<hostile.count)
    func hostileOptionsAreTypedErrors(index: Int) throws {
        let (name, payload, expected) = Self.hostile[index]
        let file = try ModelFile(copying: try Self.replacingOptions(name, Self.hex(payload)))
        do {
            _ = try ModelRunner(model: file.model)
            Issue.record("\(name) #\(index): loaded")
        } catch {
            switch (error, expected) {
            case (.operatorFailed(let failure), .options):
                guard case .customOptions = failure.problem else {
                    Issue.record("\(name) #\(index): \(failure.problem)")
                    return
                }
            case (.operatorFailed(let failure), .kernel):
                guard case .kernel = failure.problem else {
                    Issue.record("\(name) #\(index): \(failure.problem)")
                    return
                }
            case (.operatorFailed(let failure), .tensorType):
                guard case .tensorType = failure.problem else {
                    Issue.record("\(name) #\(index): \(failure.problem)")
                    return
                }
            case (.unsupportedOperators, .unsupported): break
            default: Issue.record("\(name) #\(index): \(error)")
            }
        }
        withExtendedLifetime(file) {}
    }
}
