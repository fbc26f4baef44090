import Foundation
import XCTest

/// Runs the built `kinglet` executable as a subprocess, from the package root, and checks its exit
/// status, stdout and stderr. Expected values come from testdata/*.json (the models' flatc sources).
final class CLITests: XCTestCase {
    /// The package root: this file is `<root>/Tests/KingletCLITests/CLITests.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedModels = packageRoot.appendingPathComponent("..").appendingPathComponent("shared")
        .appendingPathComponent("models").standardizedFileURL

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    /// `kinglet` sits next to the test bundle in the build directory.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        for base in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])] {
            candidates.append(base.appendingPathComponent("kinglet"))
            candidates.append(base.deletingLastPathComponent().appendingPathComponent("kinglet"))
            candidates.append(
                base.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("kinglet"))
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("kinglet"))
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw NSError(
            domain: "CLITests", code: 1,
            userInfo: [
                NSLocalizedDescriptionKey:
                    "kinglet not found next to the test bundle; looked at \(candidates.map(\.path))"
            ])
    }

    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let process = Process()
        process.executableURL = try CLITests.executable()
        process.arguments = arguments
        process.currentDirectoryURL = CLITests.packageRoot
        // Output goes to files, so a large report cannot fill a pipe and stall the child.
        let directory = try temporaryDirectory()
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        XCTAssertEqual(
            process.terminationReason, .exit, "kinglet \(arguments) ended by a signal", file: file, line: line)
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    var directories: [URL] = []

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directories.append(url)
        return url
    }

    override func tearDown() {
        for url in directories { try? FileManager.default.removeItem(at: url) }
        directories = []
        super.tearDown()
    }

    func source(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: CLITests.packageRoot.appendingPathComponent("testdata/\(name).json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Exit status 1 and exactly one line on stderr, which names `path`; nothing on stdout.
    func assertOneLineError(
        _ arguments: [String], naming path: String?, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try run(arguments, file: file, line: line)
        XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(
            result.stderrLines.count, 1, "\(arguments): stderr \(result.stderr.debugDescription)", file: file,
            line: line)
        XCTAssertTrue(result.stderr.hasSuffix("\n"), file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("kinglet: error: "), result.stderr, file: file, line: line)
        if let path {
            XCTAssertTrue(result.stderr.contains(path), "\(result.stderr) names \(path)", file: file, line: line)
        }
        XCTAssertEqual(result.stdout, "", "\(arguments): nothing on stdout", file: file, line: line)
    }

    // MARK: inspect

    func testInspectPrintsTheTables() throws {
        let result = try run(["inspect", "testdata/fc_int8.tflite"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("testdata/fc_int8.tflite — 768 bytes"), lines[0])
        let operators = try XCTUnwrap(lines.firstIndex(of: "Operators"))
        XCTAssertTrue(lines[operators + 1].hasPrefix("  #  opcode"), lines[operators + 1])
        // fc_int8.json: one FULLY_CONNECTED (version 4, RELU), inputs [0, 1, 2] → outputs [3]; 3 × 4 MACs.
        let row = lines[operators + 2]
        for piece in ["0", "FULLY_CONNECTED", "4", "0,1,2 → 3", "RELU", "12"] {
            XCTAssertTrue(row.contains(piece), "\(row) shows \(piece)")
        }
        let tensors = try XCTUnwrap(lines.firstIndex(of: "Tensors"))
        let source = try self.source("fc_int8")
        let sourceTensors = (source["subgraphs"] as? [[String: Any]])?.first?["tensors"] as? [[String: Any]] ?? []
        XCTAssertEqual(sourceTensors.count, 4)
        for (index, tensor) in sourceTensors.enumerated() {
            let row = lines[tensors + 2 + index]
            XCTAssertTrue(row.hasPrefix("  \(index)  \(tensor["name"] as? String ?? "?")"), row)
            XCTAssertTrue(row.contains(tensor["type"] as? String ?? "?"), row)
        }
    }

    func testInspectJSONMatchesTheSources() throws {
        for name in ["fc_int8", "conv_int8", "custom_op", "float_add", "gelu_float"] {
            let path = "testdata/\(name).tflite"
            let result = try run(["inspect", "--json", path])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stderr, "", name)
            let json = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], name)
            let source = try self.source(name)
            let size = try FileManager.default.attributesOfItem(
                atPath: CLITests.packageRoot.appendingPathComponent(path).path)[.size]
            XCTAssertEqual(json["file"] as? String, path)
            XCTAssertEqual((json["file_size"] as? NSNumber)?.intValue, (size as? NSNumber)?.intValue, name)
            XCTAssertEqual(json["format_version"] as? Int, 1)
            XCTAssertEqual(json["identifier"] as? String, "TFL3")
            XCTAssertEqual(json["version"] as? Int, (source["version"] as? NSNumber)?.intValue)
            XCTAssertEqual(json["description"] as? String, source["description"] as? String)
            XCTAssertEqual(json["buffers"] as? Int, (source["buffers"] as? [Any])?.count)
            let codes = try XCTUnwrap(json["operator_codes"] as? [[String: Any]])
            let sourceCodes = source["operator_codes"] as? [[String: Any]] ?? []
            XCTAssertEqual(
                codes.map { $0["builtin_code"] as? String }, sourceCodes.map { $0["builtin_code"] as? String }, name)
            let graph = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first)
            let sourceGraph = try XCTUnwrap((source["subgraphs"] as? [[String: Any]])?.first)
            let tensors = try XCTUnwrap(graph["tensors"] as? [[String: Any]])
            let sourceTensors = sourceGraph["tensors"] as? [[String: Any]] ?? []
            XCTAssertEqual(tensors.count, sourceTensors.count, name)
            for (tensor, sourceTensor) in zip(tensors, sourceTensors) {
                XCTAssertEqual(tensor["name"] as? String, sourceTensor["name"] as? String, name)
                XCTAssertEqual(tensor["type"] as? String, sourceTensor["type"] as? String ?? "FLOAT32", name)
                XCTAssertEqual(tensor["shape"] as? [Int], (sourceTensor["shape"] as? [NSNumber])?.map(\.intValue), name)
                XCTAssertEqual(tensor["buffer"] as? Int, (sourceTensor["buffer"] as? NSNumber)?.intValue ?? 0, name)
                let q = tensor["quantization"] as? [String: Any] ?? [:]
                let sq = sourceTensor["quantization"] as? [String: Any] ?? [:]
                XCTAssertEqual(
                    (q["scale"] as? [NSNumber])?.map { Float($0.doubleValue) },
                    (sq["scale"] as? [NSNumber] ?? []).map { Float($0.doubleValue) }, name)
                XCTAssertEqual(
                    (q["zero_point"] as? [NSNumber])?.map(\.intValue),
                    (sq["zero_point"] as? [NSNumber] ?? []).map(\.intValue), name)
            }
            let operators = try XCTUnwrap(graph["operators"] as? [[String: Any]])
            let sourceOperators = sourceGraph["operators"] as? [[String: Any]] ?? []
            XCTAssertEqual(operators.count, sourceOperators.count, name)
            for (op, sourceOp) in zip(operators, sourceOperators) {
                let code = sourceCodes[(sourceOp["opcode_index"] as? NSNumber)?.intValue ?? 0]
                XCTAssertEqual(op["opcode"] as? String, code["builtin_code"] as? String, name)
                XCTAssertEqual(op["inputs"] as? [Int], (sourceOp["inputs"] as? [NSNumber])?.map(\.intValue), name)
                XCTAssertEqual(op["outputs"] as? [Int], (sourceOp["outputs"] as? [NSNumber])?.map(\.intValue), name)
                XCTAssertEqual(op["options_type"] as? String, sourceOp["builtin_options_type"] as? String, name)
                for (key, value) in sourceOp["builtin_options"] as? [String: Any] ?? [:] {
                    let actual = (op["options"] as? [String: Any])?[key]
                    if let text = value as? String {
                        XCTAssertEqual(actual as? String, text, "\(name) \(key)")
                    } else if value is [Any] {
                        XCTAssertEqual(actual as? [Int], (value as? [NSNumber])?.map(\.intValue), "\(name) \(key)")
                    } else {
                        XCTAssertEqual(
                            (actual as? NSNumber)?.doubleValue, (value as? NSNumber)?.doubleValue, "\(name) \(key)")
                    }
                }
                XCTAssertEqual(
                    op["custom_options_bytes"] as? Int, (sourceOp["custom_options"] as? [Any])?.count ?? 0, name)
                if code["builtin_code"] as? String == "CUSTOM" {
                    XCTAssertEqual(op["custom_code"] as? String, code["custom_code"] as? String, name)
                }
            }
            let metadata = json["metadata"] as? [[String: Any]] ?? []
            XCTAssertEqual(
                metadata.map { $0["name"] as? String },
                (source["metadata"] as? [[String: Any]] ?? []).map { $0["name"] as? String })
            let signatures = json["signature_defs"] as? [[String: Any]] ?? []
            XCTAssertEqual(
                signatures.map { $0["signature_key"] as? String },
                (source["signature_defs"] as? [[String: Any]] ?? []).map { $0["signature_key"] as? String })
        }
    }

    func testInspectJSONSummaryOfFullyConnected() throws {
        let result = try run(["inspect", "--json", "testdata/fc_int8.tflite"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["quantization_scheme"] as? String, "full-int8")
        XCTAssertEqual(summary["total_macs"] as? Int, 3 * 4, "output [1,3] × depth 4")
        XCTAssertEqual(summary["weight_bytes"] as? Int, 12 + 12, "int8 [3,4] weights + int32 [3] bias")
        XCTAssertEqual(summary["operator_histogram"] as? [String: Int], ["FULLY_CONNECTED": 1])
        let custom = try run(["inspect", "--json", "testdata/custom_op.tflite"])
        let customJSON = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(custom.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((customJSON["metadata"] as? [[String: Any]])?.first?["text"] as? String, "1.14.0")
    }

    func testInspectEverySharedModel() throws {
        let files =
            ((try? FileManager.default.contentsOfDirectory(at: CLITests.sharedModels, includingPropertiesForKeys: nil))
            ?? [])
            .filter { $0.pathExtension == "tflite" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        if files.isEmpty {
            print(
                "testInspectEverySharedModel: ../shared/models is absent (looked in \(CLITests.sharedModels.path)); "
                    + "inspecting testdata/ models only")
        } else {
            print("testInspectEverySharedModel: inspecting \(files.count) models in ../shared/models")
        }
        let testdata = try FileManager.default.contentsOfDirectory(
            atPath: CLITests.packageRoot.appendingPathComponent("testdata").path
        )
        .filter { $0.hasSuffix(".tflite") }.map { "testdata/" + $0 }
        XCTAssertGreaterThanOrEqual(testdata.count, 5)
        for path in testdata + files.map({ "../shared/models/" + $0.lastPathComponent }) {
            for arguments in [["inspect", path], ["inspect", "--json", path]] {
                let result = try run(arguments)
                XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
                XCTAssertEqual(result.stderr, "", "\(arguments)")
                XCTAssertTrue(result.stdout.contains(path), "\(arguments)")
                if arguments.contains("--json") {
                    XCTAssertNotNil(
                        try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                        "\(arguments)")
                }
            }
        }
    }

    // MARK: Errors: exit 1, one line naming the file

    func testMissingFile() throws {
        try assertOneLineError(["inspect", "testdata/no_such_model.tflite"], naming: "testdata/no_such_model.tflite")
        try assertOneLineError(["verify", "testdata/no_such_model.tflite"], naming: "testdata/no_such_model.tflite")
    }

    func testDirectory() throws {
        try assertOneLineError(["inspect", "testdata"], naming: "testdata")
        let directory = try temporaryDirectory()
        try assertOneLineError(["inspect", "--json", directory.path], naming: directory.path)
    }

    func testEmptyFile() throws {
        let url = try temporaryDirectory().appendingPathComponent("empty.tflite")
        FileManager.default.createFile(atPath: url.path, contents: Data())
        try assertOneLineError(["inspect", url.path], naming: url.path)
        try assertOneLineError(["verify", url.path], naming: url.path)
    }

    func testTruncatedModel() throws {
        let bytes = try Data(contentsOf: CLITests.packageRoot.appendingPathComponent("testdata/conv_int8.tflite"))
        let url = try temporaryDirectory().appendingPathComponent("truncated.tflite")
        try bytes.prefix(100).write(to: url)
        try assertOneLineError(["inspect", url.path], naming: url.path)
        try assertOneLineError(["inspect", "--json", url.path], naming: url.path)
        try assertOneLineError(["verify", url.path], naming: url.path)
    }

    func testTextAndTinyFiles() throws {
        let directory = try temporaryDirectory()
        let text = directory.appendingPathComponent("notes.txt")
        try Data(String(repeating: "This is a text file, not a model.\n", count: 20).utf8).write(to: text)
        try assertOneLineError(["inspect", text.path], naming: text.path)
        let tiny = directory.appendingPathComponent("tiny.tflite")
        try Data("TFL3".utf8).write(to: tiny)
        try assertOneLineError(["inspect", tiny.path], naming: tiny.path)
        let garbage = directory.appendingPathComponent("garbage.tflite")
        var rng = SystemRandomNumberGenerator()
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }).write(to: garbage)
        let result = try run(["inspect", garbage.path])
        // Random bytes are (almost surely) rejected; either way one line or a report, never a crash.
        if result.status != 0 {
            XCTAssertEqual(result.status, 1)
            XCTAssertEqual(result.stderrLines.count, 1, result.stderr)
        }
    }

    func testMissingArgumentAndUnknownOptions() throws {
        try assertOneLineError(["inspect"], naming: nil)
        try assertOneLineError(["verify"], naming: nil)
        try assertOneLineError(["inspect", "--bogus", "testdata/fc_int8.tflite"], naming: nil)
        try assertOneLineError(["frobnicate"], naming: nil)
        try assertOneLineError(["verify", "--iterations", "-1", "testdata/fc_int8.tflite"], naming: nil)
        try assertOneLineError(["verify", "--iterations", "many", "testdata/fc_int8.tflite"], naming: nil)
    }

    // MARK: verify, help, version

    func testVerifyPrintsOK() throws {
        let result = try run(["verify", "testdata/fc_int8.tflite"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdout, "testdata/fc_int8.tflite: ok — 768 bytes\n")
        let timed = try run(["verify", "--iterations", "3", "testdata/conv_int8.tflite"])
        XCTAssertEqual(timed.status, 0, timed.stderr)
        XCTAssertTrue(
            timed.stdout.hasPrefix("testdata/conv_int8.tflite: ok — 1328 bytes; verify + decode over 3 passes: min "),
            timed.stdout)
        XCTAssertEqual(timed.stdout.split(separator: "\n").count, 1)
    }

    func testHelpAndVersion() throws {
        for arguments in [["--help"], ["inspect", "--help"], ["verify", "--help"], ["help"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("USAGE"), "\(arguments): \(result.stdout)")
        }
        let help = try run(["--help"])
        XCTAssertTrue(help.stdout.contains("inspect"))
        XCTAssertTrue(help.stdout.contains("verify"))
        let version = try run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
    }

    func testIdentifierLessFileWarnsOnceAndInspects() throws {
        var bytes = try Data(contentsOf: CLITests.packageRoot.appendingPathComponent("testdata/fc_int8.tflite"))
        bytes.replaceSubrange(4..<8, with: Data("XXXX".utf8))
        let url = try temporaryDirectory().appendingPathComponent("noid.tflite")
        try bytes.write(to: url)
        let result = try run(["inspect", url.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderrLines.count, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("kinglet: warning: \(url.path)"), result.stderr)
        XCTAssertTrue(result.stdout.contains("no file identifier"), result.stdout)
        let json = try run(["inspect", "--json", url.path])
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(parsed["identifier"] is NSNull)
        // A wrong identifier on bytes that are not a model is reported as such.
        bytes.replaceSubrange(0..<4, with: Data([0xF0, 0xFF, 0xFF, 0x7F]))
        try bytes.write(to: url)
        try assertOneLineError(["inspect", url.path], naming: url.path)
        XCTAssertTrue(try run(["inspect", url.path]).stderr.contains("not a TFLite model"))
    }
}
