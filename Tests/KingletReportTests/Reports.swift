import FlatBufferReader
import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import XCTest

/// A model with both of its reports, made the way `kinglet inspect` makes them.
struct Reports {
    let file: ModelFile
    let facts: ModelFacts
    let text: String
    let json: String

    init(_ file: ModelFile, display: String) {
        self.file = file
        facts = ModelFacts(file.model)
        text = TextReport.make(facts, file: display)
        json = JSONReport.make(facts, file: display).rendered()
    }

    init(bytes: [UInt8], display: String) throws {
        try self.init(ModelFile(copying: bytes), display: display)
    }

    static func testdata(_ name: String) throws -> Reports {
        try Reports(Fixtures.load(name), display: "testdata/\(name).tflite")
    }

    var model: Model { file.model }
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The JSON report parsed by Foundation (which fails the test when it is not JSON).
    func parsedJSON(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        return try XCTUnwrap(object as? [String: Any], "top level is an object", file: file, line: line)
    }

    /// The text report's lines from the `title` line up to the next blank line.
    func section(_ title: String, after start: String? = nil) -> [String] {
        var lines = self.lines[...]
        if let start, let index = lines.firstIndex(where: { $0.hasPrefix(start) }) { lines = lines[index...] }
        guard let index = lines.firstIndex(of: title) else { return [] }
        return Array(lines[(index + 1)...].prefix { !$0.isEmpty })
    }
}

/// Splits a table row on runs of two or more spaces (cells never hold two spaces in a row).
func cells(_ row: String) -> [String] {
    var result: [String] = []
    var current = ""
    var spaces = 0
    for character in row.drop(while: { $0 == " " }) {
        if character == " " {
            spaces += 1
            continue
        }
        if spaces >= 2 {
            result.append(current)
            current = ""
        } else if spaces == 1 {
            current += " "
        }
        spaces = 0
        current.append(character)
    }
    if !current.isEmpty { result.append(current) }
    return result
}
