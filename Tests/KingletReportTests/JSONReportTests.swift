import FlatBufferReader
import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import XCTest

/// `kinglet inspect --json`: Foundation parses it for every model, it has every key
/// docs/inspect-json.md lists, and its values are those of the testdata JSON sources.
final class JSONReportTests: XCTestCase {
    // MARK: The documented keys

    /// Every key of the example in docs/inspect-json.md, as a path from the top
    /// (`subgraphs.tensors.quantization.scale`: arrays are stepped through).
    static func documentedKeyPaths() throws -> [[String]] {
        let url = Fixtures.packageRoot.appendingPathComponent("docs").appendingPathComponent("inspect-json.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        guard let start = doc.range(of: "```jsonc\n"),
            let end = doc.range(of: "\n```", range: start.upperBound..<doc.endIndex)
        else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let block = Array(doc[start.upperBound..<end.lowerBound])
        var paths: [[String]] = []
        var stack: [String?] = []  // the key each open container was opened under
        var pendingKey: String?
        var index = 0
        while index < block.count {
            let character = block[index]
            if character == "/" && index + 1 < block.count && block[index + 1] == "/" {
                while index < block.count && block[index] != "\n" { index += 1 }
                continue
            }
            switch character {
            case "\"":
                var text = ""
                index += 1
                while index < block.count && block[index] != "\"" {
                    if block[index] == "\\" { index += 1 }
                    text.append(block[index])
                    index += 1
                }
                var next = index + 1
                while next < block.count && block[next].isWhitespace { next += 1 }
                if next < block.count && block[next] == ":" {
                    pendingKey = text
                    paths.append(stack.compactMap { $0 } + [text])
                }
            case "{", "[":
                stack.append(pendingKey)
                pendingKey = nil
            case "}", "]":
                _ = stack.popLast()
                pendingKey = nil
            case ",":
                pendingKey = nil
            default:
                break
            }
            index += 1
        }
        return paths
    }

    /// How many objects the parent path reaches in `json`, and how many of them lack the last key.
    static func count(_ path: [String], in json: Any) -> (parents: Int, missing: Int) {
        func objects(at path: ArraySlice<String>, in value: Any) -> [[String: Any]] {
            if let array = value as? [Any] { return array.flatMap { objects(at: path, in: $0) } }
            guard let object = value as? [String: Any] else { return [] }
            guard let key = path.first else { return [object] }
            return object[key].map { objects(at: path.dropFirst(), in: $0) } ?? []
        }
        let parents = objects(at: path.dropLast()[...], in: json)
        return (parents.count, parents.filter { $0[path.last!] == nil }.count)
    }

    func testDocumentedKeysAreReadCorrectly() throws {
        let paths = try JSONReportTests.documentedKeyPaths()
        // Spot checks that the reading of the doc follows its nesting.
        XCTAssertTrue(paths.contains(["format_version"]))
        XCTAssertTrue(paths.contains(["subgraphs", "tensors", "quantization", "details_type"]))
        XCTAssertTrue(paths.contains(["subgraphs", "operators", "options", "dilation_h_factor"]))
        XCTAssertTrue(paths.contains(["signature_defs", "inputs", "tensor_index"]))
        XCTAssertTrue(paths.contains(["summary", "operator_histogram", "CONV_2D"]))
        XCTAssertGreaterThan(paths.count, 60)
    }

    func testEveryDocumentedKeyIsPresent() throws {
        let paths = try JSONReportTests.documentedKeyPaths()
        // Keys whose presence depends on the model: example option fields, example histogram entries,
        // and `custom_code`, "present only for CUSTOM operators".
        func conditional(_ path: [String]) -> Bool {
            path.starts(with: ["subgraphs", "operators", "options"])
                || path.starts(with: ["summary", "operator_histogram"])
                || path == ["subgraphs", "operators", "custom_code"]
        }
        var seen = [[String]: Int]()
        for (display, bytes) in try Fixtures.allModels() {
            let json = try Reports(bytes: bytes, display: display).parsedJSON()
            for path in paths {
                let (parents, missing) = JSONReportTests.count(path, in: json)
                seen[path, default: 0] += parents - missing
                if !conditional(path) {
                    XCTAssertEqual(
                        missing, 0, "\(display): \(path.joined(separator: ".")) missing in \(missing) of \(parents)")
                }
            }
        }
        for path in paths where !path.starts(with: ["summary", "operator_histogram"]) {
            XCTAssertGreaterThan(seen[path] ?? 0, 0, "\(path.joined(separator: ".")) appears in some report")
        }
    }

    func testEveryModelsReportParses() throws {
        for (display, bytes) in try Fixtures.allModels() {
            let reports = try Reports(bytes: bytes, display: display)
            let json = try reports.parsedJSON()
            let model = reports.model
            XCTAssertEqual(json["format_version"] as? Int, 1, display)
            XCTAssertEqual(json["file"] as? String, display)
            XCTAssertEqual(json["file_size"] as? Int, bytes.count, display)
            XCTAssertEqual(json["identifier"] as? String, "TFL3", display)
            XCTAssertEqual((json["subgraphs"] as? [Any])?.count, model.subgraphs.count, display)
            XCTAssertEqual((json["buffer_table"] as? [Any])?.count, model.buffers.count, display)
            let summary = try XCTUnwrap(json["summary"] as? [String: Any], display)
            let histogram = try XCTUnwrap(summary["operator_histogram"] as? [String: Int], display)
            XCTAssertEqual(
                histogram.values.reduce(0, +), model.subgraphs.reduce(0) { $0 + $1.operators.count }, display)
            XCTAssertEqual((summary["total_macs"] as? NSNumber)?.int64Value, reports.facts.totalMACs, display)
            XCTAssertEqual(summary["weight_bytes"] as? Int, reports.facts.weightBytes, display)
            XCTAssertEqual(summary["quantization_scheme"] as? String, reports.facts.scheme.rawValue, display)
            // Operator MACs add up to the total (none of these models saturates).
            let operators = (json["subgraphs"] as? [[String: Any]] ?? []).flatMap {
                $0["operators"] as? [[String: Any]] ?? []
            }
            let sum = operators.compactMap { ($0["macs"] as? NSNumber)?.int64Value }.reduce(0, +)
            XCTAssertEqual(sum, reports.facts.totalMACs, display)
        }
    }

    // MARK: Values against the JSON sources

    func testValuesMatchTheJSONSources() throws {
        for name in Fixtures.sourcedModels {
            let source = try Fixtures.source(name)
            let reports = try Reports.testdata(name)
            let json = try reports.parsedJSON()
            XCTAssertEqual(json["version"] as? Int, Int(JSONField.int(source["version"]) ?? 0), name)
            XCTAssertEqual(json["description"] as? String, source["description"] as? String, name)
            let buffers = JSONField.objects(source["buffers"])
            XCTAssertEqual(json["buffers"] as? Int, buffers.count, name)
            let table = try XCTUnwrap(json["buffer_table"] as? [[String: Any]])
            for (index, (entry, buffer)) in zip(table, buffers).enumerated() {
                let bytes = JSONField.bytes(buffer["data"])?.count ?? 0
                XCTAssertEqual(entry["index"] as? Int, index, name)
                XCTAssertEqual(entry["bytes"] as? Int, bytes, name)
                XCTAssertEqual(entry["form"] as? String, bytes > 0 ? "inline" : "empty", name)
                XCTAssertTrue(entry["offset"] is NSNull, name)
            }
            let codes = try XCTUnwrap(json["operator_codes"] as? [[String: Any]])
            let sourceCodes = JSONField.objects(source["operator_codes"])
            XCTAssertEqual(codes.count, sourceCodes.count, name)
            for (code, sourceCode) in zip(codes, sourceCodes) {
                XCTAssertEqual(code["builtin_code"] as? String, sourceCode["builtin_code"] as? String, name)
                XCTAssertEqual(
                    code["deprecated_builtin_code"] as? Int,
                    Int(JSONField.int(sourceCode["deprecated_builtin_code"]) ?? 0), name)
                XCTAssertEqual(code["version"] as? Int, Int(JSONField.int(sourceCode["version"]) ?? 1), name)
                XCTAssertEqual(code["custom_code"] as? String, sourceCode["custom_code"] as? String, name)
            }
            let graph = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first)
            let sourceGraph = try XCTUnwrap(JSONField.objects(source["subgraphs"]).first)
            XCTAssertEqual(graph["name"] as? String, sourceGraph["name"] as? String, name)
            XCTAssertEqual(
                graph["inputs"] as? [Int], (JSONField.ints(sourceGraph["inputs"]) ?? []).map { Int($0) }, name)
            XCTAssertEqual(
                graph["outputs"] as? [Int], (JSONField.ints(sourceGraph["outputs"]) ?? []).map { Int($0) }, name)
            compareTensors(
                try XCTUnwrap(graph["tensors"] as? [[String: Any]]), JSONField.objects(sourceGraph["tensors"]), name)
            compareOperators(
                try XCTUnwrap(graph["operators"] as? [[String: Any]]), JSONField.objects(sourceGraph["operators"]),
                codes: sourceCodes, name)
        }
    }

    func compareTensors(_ tensors: [[String: Any]], _ sources: [[String: Any]], _ name: String) {
        XCTAssertEqual(tensors.count, sources.count, name)
        for (index, (tensor, source)) in zip(tensors, sources).enumerated() {
            let at = "\(name) tensor \(index)"
            XCTAssertEqual(tensor["index"] as? Int, index, at)
            XCTAssertEqual(tensor["name"] as? String, source["name"] as? String, at)
            XCTAssertEqual(tensor["type"] as? String, (source["type"] as? String) ?? "FLOAT32", at)
            XCTAssertEqual((tensor["shape"] as? [Int])?.map(Int64.init), JSONField.ints(source["shape"]) ?? [], at)
            if let signature = JSONField.ints(source["shape_signature"]) {
                XCTAssertEqual((tensor["shape_signature"] as? [Int])?.map(Int64.init), signature, at)
            } else {
                XCTAssertTrue(tensor["shape_signature"] is NSNull, at)
            }
            XCTAssertEqual(tensor["buffer"] as? Int, Int(JSONField.int(source["buffer"]) ?? 0), at)
            XCTAssertEqual(tensor["is_variable"] as? Bool, false, at)
            XCTAssertEqual(tensor["has_sparsity"] as? Bool, false, at)
            let quantization = tensor["quantization"] as? [String: Any] ?? [:]
            let sourceQuantization = source["quantization"] as? [String: Any] ?? [:]
            let scales = (quantization["scale"] as? [NSNumber])?.map { Float($0.doubleValue) }
            XCTAssertEqual(
                scales, (JSONField.doubles(sourceQuantization["scale"]) ?? []).map { Float($0) },
                "\(at): scales read back exactly")
            XCTAssertEqual(
                (quantization["zero_point"] as? [Int])?.map(Int64.init),
                JSONField.ints(sourceQuantization["zero_point"]) ?? [], at)
            XCTAssertEqual(
                quantization["quantized_dimension"] as? Int,
                Int(JSONField.int(sourceQuantization["quantized_dimension"]) ?? 0), at)
            XCTAssertEqual((quantization["min"] as? [Any])?.count, 0, at)
            XCTAssertTrue(quantization["details_type"] is NSNull, at)
        }
    }

    func compareOperators(
        _ operators: [[String: Any]], _ sources: [[String: Any]], codes: [[String: Any]], _ name: String
    ) {
        XCTAssertEqual(operators.count, sources.count, name)
        for (index, (op, source)) in zip(operators, sources).enumerated() {
            let at = "\(name) operator \(index)"
            let opcodeIndex = Int(JSONField.int(source["opcode_index"]) ?? 0)
            XCTAssertEqual(op["opcode_index"] as? Int, opcodeIndex, at)
            let code = codes[opcodeIndex]
            XCTAssertEqual(op["opcode"] as? String, code["builtin_code"] as? String, at)
            XCTAssertEqual(op["version"] as? Int, Int(JSONField.int(code["version"]) ?? 1), at)
            if code["builtin_code"] as? String == "CUSTOM" {
                XCTAssertEqual(op["custom_code"] as? String, code["custom_code"] as? String, at)
            } else {
                XCTAssertNil(op["custom_code"], "\(at): custom_code only for CUSTOM operators")
            }
            XCTAssertEqual((op["inputs"] as? [Int])?.map(Int64.init), JSONField.ints(source["inputs"]) ?? [], at)
            XCTAssertEqual((op["outputs"] as? [Int])?.map(Int64.init), JSONField.ints(source["outputs"]) ?? [], at)
            XCTAssertEqual(
                op["custom_options_bytes"] as? Int, JSONField.bytes(source["custom_options"])?.count ?? 0, at)
            let optionsType = source["builtin_options_type"] as? String
            if let optionsType {
                XCTAssertEqual(op["options_type"] as? String, optionsType, at)
            } else {
                XCTAssertTrue(op["options_type"] is NSNull, at)
            }
            // Every option the source sets, by name and value (enums by their schema spelling).
            let options = op["options"] as? [String: Any] ?? [:]
            for (key, value) in source["builtin_options"] as? [String: Any] ?? [:] {
                if let text = value as? String {
                    XCTAssertEqual(options[key] as? String, text, "\(at).\(key)")
                } else if let list = value as? [Any] {
                    XCTAssertEqual((options[key] as? [Any])?.count, list.count, "\(at).\(key)")
                    XCTAssertEqual(
                        (options[key] as? [NSNumber])?.map(\.int64Value), JSONField.ints(list), "\(at).\(key)")
                } else {
                    XCTAssertEqual((options[key] as? NSNumber)?.doubleValue, JSONField.double(value), "\(at).\(key)")
                }
            }
        }
    }

    func testConvolutionOptionsAreComplete() throws {
        let json = try Reports.testdata("conv_int8").parsedJSON()
        let op = try XCTUnwrap(
            ((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [[String: Any]])?.first)
        let options = try XCTUnwrap(op["options"] as? [String: Any])
        // Every Conv2DOptions field, schema defaults filled in.
        XCTAssertEqual(
            Set(options.keys),
            [
                "padding", "stride_w", "stride_h", "fused_activation_function",
                "dilation_w_factor", "dilation_h_factor", "quantized_bias_type",
            ])
        XCTAssertEqual(options["padding"] as? String, "SAME")
        XCTAssertEqual(options["dilation_h_factor"] as? Int, 1)
        XCTAssertEqual(options["quantized_bias_type"] as? String, "FLOAT32")
        XCTAssertEqual(op["options_decoded"] as? Bool, true)
        XCTAssertEqual(op["macs"] as? Int, 450)
    }

    func testCustomOperatorMetadataAndSignature() throws {
        let json = try Reports.testdata("custom_op").parsedJSON()
        let metadata = try XCTUnwrap(json["metadata"] as? [[String: Any]])
        XCTAssertEqual(metadata.count, 1)
        XCTAssertEqual(metadata[0]["name"] as? String, "min_runtime_version")
        XCTAssertEqual(metadata[0]["buffer"] as? Int, 1)
        XCTAssertEqual(metadata[0]["bytes"] as? Int, 16)
        XCTAssertEqual(metadata[0]["text"] as? String, "1.14.0")
        let signatures = try XCTUnwrap(json["signature_defs"] as? [[String: Any]])
        XCTAssertEqual(signatures.count, 1)
        XCTAssertEqual(signatures[0]["signature_key"] as? String, "serving_default")
        XCTAssertEqual(signatures[0]["subgraph_index"] as? Int, 0)
        XCTAssertEqual((signatures[0]["inputs"] as? [[String: Any]])?.first?["name"] as? String, "x")
        XCTAssertEqual((signatures[0]["inputs"] as? [[String: Any]])?.first?["tensor_index"] as? Int, 0)
        XCTAssertEqual((signatures[0]["outputs"] as? [[String: Any]])?.first?["name"] as? String, "y")
        XCTAssertEqual((signatures[0]["outputs"] as? [[String: Any]])?.first?["tensor_index"] as? Int, 1)
        let op = try XCTUnwrap(
            ((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [[String: Any]])?.first)
        XCTAssertEqual(op["opcode"] as? String, "CUSTOM")
        XCTAssertEqual(op["custom_code"] as? String, "MyCustomOp")
        XCTAssertEqual(op["custom_options_bytes"] as? Int, 5)
        XCTAssertTrue(op["macs"] is NSNull)
        XCTAssertEqual((op["options"] as? [String: Any])?.count, 0)
    }

    func testOffsetFormBuffersAreDescribed() throws {
        var spec = TestModel()
        spec.buffers = [
            .init(), .init(offset: .trailer(0), size: 4), .init(offset: .absolute(1), size: 9), .init(data: [1]),
        ]
        spec.trailer = [1, 2, 3, 4]
        let built = spec.build()
        let json = try Reports(bytes: built.bytes, display: "offset.tflite").parsedJSON()
        let table = try XCTUnwrap(json["buffer_table"] as? [[String: Any]])
        XCTAssertEqual(table.map { $0["form"] as? String }, ["empty", "offset", "empty", "inline"])
        XCTAssertEqual(table.map { $0["bytes"] as? Int }, [0, 4, 0, 1])
        XCTAssertEqual(table[1]["offset"] as? Int, built.trailerStart)
        XCTAssertTrue(table[2]["offset"] is NSNull, "offset 1 is not the offset form")
    }
}
