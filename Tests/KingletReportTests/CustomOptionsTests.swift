import FlatBufferReader
import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import Testing

/// `inspect` shows custom operators' FlexBuffers options decoded (text: `key=value` lines under
/// "Custom options"; JSON: `custom_options` with typed values), and other options as bytes.
@Suite struct CustomOptionsTests {
    /// TFLM's audio preprocessors (../shared/tflm-suite, micro_speech): every signal operator's
    /// options, as pip flatbuffers' `flexbuffers.Loads` decodes them.
    static let suite = Fixtures.packageRoot.appendingPathComponent("../shared/tflm-suite").standardizedFileURL
    static let preprocessors = ["audio_preprocessor_int8", "audio_preprocessor_float"]
    static let expectedLines = [
        "  #0 SignalWindow: shift=12",
        "  #2 SignalFftAutoScale: {} (empty map)",
        "  #3 SignalRfft: T=7 fft_length=512",
        "  #4 SignalEnergy: end_index=241 start_index=5",
        "  #9 SignalFilterBank: num_channels=40",
        "  #10 SignalFilterBankSquareRoot: {} (empty map)",
        "  #11 SignalFilterBankSpectralSubtraction: alternate_one_minus_smoothing=15401 alternate_smoothing=983 "
            + "clamping=false min_signal_remaining=819 num_channels=40",
        "      one_minus_smoothing=15975 smoothing=409 smoothing_bits=10 spectral_subtraction_bits=14",
        "  #12 SignalPCAN: snr_shift=6",
        "  #13 SignalFilterBankLog: input_correction_bits=3 output_scale=64",
    ]

    @Test(arguments: preprocessors)
    func audioPreprocessorOptionsAreDecoded(name: String) throws {
        let url = Self.suite.appendingPathComponent(
            "tensorflow/lite/micro/examples/micro_speech/models/\(name).tflite")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("CustomOptionsTests: \(url.path) is absent (../shared/tflm-suite); skipping \(name)")
            return
        }
        let reports = try Reports(bytes: try Fixtures.bytes(url), display: name)
        #expect(reports.section("Custom options") == Self.expectedLines)
        let json = try reports.parsedJSON()
        let operators = try #require((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [[String: Any]])
        func options(_ index: Int) -> [String: Any]? { operators[index]["custom_options"] as? [String: Any] }
        #expect(options(0) as? [String: Int] == ["shift": 12])
        #expect(options(2)?.isEmpty == true)
        #expect(options(3) as? [String: Int] == ["T": 7, "fft_length": 512])
        #expect(options(4) as? [String: Int] == ["end_index": 241, "start_index": 5])
        #expect(options(9) as? [String: Int] == ["num_channels": 40])
        let subtraction = try #require(options(11))
        #expect(subtraction["clamping"] as? Bool == false)
        #expect(subtraction["num_channels"] as? Int == 40)
        #expect(subtraction["spectral_subtraction_bits"] as? Int == 14)
        #expect(subtraction.count == 9)
        #expect(options(13) as? [String: Int] == ["input_correction_bits": 3, "output_scale": 64])
        // Builtin operators have none.
        #expect(operators[1]["custom_options"] is NSNull)
        for op in operators {
            #expect(op["custom_options_hex"] is NSNull && op["custom_options_error"] is NSNull)
        }
        // The JSON text keeps the keys in their (sorted) stored order.
        #expect(reports.json.contains("\"T\": 7,\n") && reports.json.contains("\"fft_length\": 512\n"))
    }

    /// pip flatbuffers' bytes (tools/vectors/flexbuffer_vectors.py, cases mixedMap and
    /// uintsEveryWidth): a map of every scalar kind, an 8-byte wide one; a root vector of uints.
    static let mixedMap = hexBytes(
        "696e740075696e7400666c6f617400646f75626c6500796573006e6f006e616d65000b68616e6e2077696e646f7700626c6f"
            + "620005000102feff6e6f7468696e67006b0061206b65792076616c756500020d0110040a27484f59183e42235a490a00000000"
            + "00000001000000000000000a0000000000000043000000000000009a9999999999b93f000000000000f83ffbffffffffffffff"
            + "47000000000000007d0000000000000000000000000000000000000000000000c8000000000000000100000000000000640f0f"
            + "0728146b030b6b5a2701")
    static let uints = hexBytes(
        "09000000000000000000000000000000ff000000000000000001000000000000ffff0000000000000000010000000000ffffff"
            + "ff0000000000000000010000000000000000000080ffffffffffffffff0b0b0b0b0b0b0b0b0b512b01")

    /// A model of custom operators, one per options payload.
    static func model(_ payloads: [(options: [UInt8], format: Int8?)]) throws -> Reports {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 32, builtinCode: 32, customCode: "MyOp")]
        var operators: [TestModel.OperatorSpec] = []
        for payload in payloads {
            var op = TestModel.OperatorSpec(opcodeIndex: 0, inputs: [0], outputs: [1])
            op.customOptions = payload.options
            op.customOptionsFormat = payload.format
            operators.append(op)
        }
        spec.subgraphs = [
            .init(
                tensors: [.init("x", type: 0, shape: [1]), .init("y", type: 0, shape: [1])], inputs: [0], outputs: [1],
                operators: operators)
        ]
        return try Reports(bytes: spec.build().bytes, display: "custom.tflite")
    }

    @Test func builtModelShowsTypedValuesAndBytes() throws {
        let reports = try Self.model([
            (Self.mixedMap, nil), (Self.uints, 0), ([1, 2, 3, 4, 5], nil), (Array(repeating: 0xFF, count: 300), nil),
            (Self.mixedMap, 1), ([], nil),
        ])
        let json = try reports.parsedJSON()
        let operators = try #require((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [[String: Any]])
        let mixed = try #require(operators[0]["custom_options"] as? [String: Any])
        #expect(mixed["int"] as? Int == -5)
        #expect(mixed["uint"] as? Int == 200)
        #expect(mixed["float"] as? Double == 1.5)
        #expect(mixed["double"] as? Double == 0.1)
        #expect(mixed["yes"] as? Bool == true && mixed["no"] as? Bool == false)
        #expect(mixed["name"] as? String == "hann window")
        #expect(mixed["blob"] as? [Int] == [0, 1, 2, 254, 255])
        #expect(mixed["nothing"] is NSNull)
        let vector = try #require(mixed["k"] as? [Any])
        #expect(vector.first as? String == "a key value" && vector.last as? Int == 1)
        // UInt64.max stays exact in the JSON text.
        #expect(reports.json.contains("18446744073709551615"))
        #expect((operators[1]["custom_options"] as? [Any])?.count == 9)
        // Not FlexBuffers: bytes in hex when short, and why.
        #expect(operators[2]["custom_options"] is NSNull)
        #expect(operators[2]["custom_options_hex"] as? String == "0102030405")
        #expect(operators[2]["custom_options_error"] as? String == "bad byte width at byte 4")
        #expect(operators[3]["custom_options_hex"] is NSNull, "300 bytes are too many to show")
        #expect(operators[3]["custom_options_error"] as? String == "bad byte width at byte 299")
        // Another format: not read as FlexBuffers.
        #expect(operators[4]["custom_options"] is NSNull && operators[4]["custom_options_error"] is NSNull)
        #expect(operators[4]["custom_options_bytes"] as? Int == Self.mixedMap.count)
        #expect(operators[5]["custom_options"] is NSNull && operators[5]["custom_options_bytes"] as? Int == 0)

        let lines = reports.section("Custom options")
        #expect(
            lines.first
                == "  #0 MyOp: blob=blob[5](000102feff) double=0.1 float=1.5 int=-5 k=[\"a key value\",1] "
                + "name=\"hann window\" no=false nothing=null uint=200 yes=true")
        #expect(
            lines.dropFirst().first
                == "  #1 MyOp: [0,255,256,65535,65536,4294967295,4294967296,9223372036854775808,18446744073709551615]")
        #expect(lines.contains("  #2 MyOp: 5 B, not FlexBuffers (bad byte width at byte 4): 01 02 03 04 05"))
        #expect(lines.contains("  #3 MyOp: 300 B, not FlexBuffers (bad byte width at byte 299)"))
        #expect(lines.contains("  #4 MyOp: \(Self.mixedMap.count) B (not FlexBuffers format)"))
        #expect(lines.count == 5, "no line for the operator without options")
    }

    @Test func longOptionsWrapUnderTheOperator() throws {
        // A map of 40 keys: more than one line; every line within the report's width.
        var keys: [UInt8] = []
        // Built by hand: keys "k00".."k39", a 1-byte keys vector, a 1-byte map of INT values.
        var keyStarts: [Int] = []
        for index in 0..<40 {
            keyStarts.append(keys.count)
            keys += Array("k\(index < 10 ? "0" : "")\(index)".utf8) + [0]
        }
        var bytes = keys
        bytes.append(40)  // keys vector size
        let keysStart = bytes.count
        for index in 0..<40 { bytes.append(UInt8(keysStart + index - keyStarts[index])) }
        let slot = bytes.count
        bytes += [UInt8(slot - keysStart), 1, 40]  // keys offset, keys width, size
        let valuesStart = bytes.count
        for index in 0..<40 { bytes.append(UInt8(index)) }
        bytes += Array(repeating: 1 << 2, count: 40)  // INT, width 1
        bytes += [UInt8(bytes.count - valuesStart), 9 << 2, 1]
        let reports = try Self.model([(bytes, nil)])
        let lines = reports.section("Custom options")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.count <= 160 })
        #expect(lines.first?.hasPrefix("  #0 MyOp: k00=0 k01=1 ") == true)
        #expect(lines.last?.hasPrefix("      k") == true && lines.last?.hasSuffix("k39=39") == true)
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var digits = hex.utf8.makeIterator()
    while let high = digits.next(), let low = digits.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return bytes
}
