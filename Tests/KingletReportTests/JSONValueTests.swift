import Foundation
import KingletReport
import KingletTestSupport
import XCTest

/// `JSONValue.rendered()`: valid JSON for every value — escaped strings, non-finite floats as null,
/// floats that read back to the same float32, ordered keys.
final class JSONValueTests: XCTestCase {
    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    func testStringsAreEscaped() throws {
        XCTAssertEqual(JSONValue.string("a\"b").rendered(), #""a\"b""#)
        XCTAssertEqual(JSONValue.string("a\\b").rendered(), #""a\\b""#)
        XCTAssertEqual(JSONValue.string("line\nnext\r\ttab").rendered(), #""line\nnext\r\ttab""#)
        XCTAssertEqual(JSONValue.string("\u{0}\u{1}\u{1F}").rendered(), #""\u0000\u0001\u001f""#)
        XCTAssertEqual(JSONValue.string("é→🙂").rendered(), "\"é→🙂\"", "non-ASCII is written as UTF-8")
        XCTAssertEqual(JSONValue.string("/").rendered(), "\"/\"")

        // Every control character, and characters JSON parsers are picky about, read back unchanged.
        var tricky = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        tricky += ["\"", "\\", "\u{7F}", "\u{2028}", "\u{2029}", "\u{FFFD}", "🙂", "a\"\\\n\u{0}b", "</script>", ""]
        for text in tricky {
            let rendered = JSONValue.array([.string(text)]).rendered()
            let parsed = try XCTUnwrap(try parse(rendered) as? [String], rendered)
            XCTAssertEqual(parsed, [text], rendered)
            XCTAssertFalse(
                rendered.unicodeScalars.contains { $0.value < 0x20 }, "no raw control characters: \(rendered)")
        }
    }

    func testObjectKeysAreEscapedAndKeepTheirOrder() throws {
        let value = JSONValue.object([("z", .int(1)), ("a\"b\n", .int(2)), ("m", .null)])
        let rendered = value.rendered()
        XCTAssertEqual(rendered, "{\n  \"z\": 1,\n  \"a\\\"b\\n\": 2,\n  \"m\": null\n}")
        let parsed = try XCTUnwrap(try parse(rendered) as? [String: Any])
        XCTAssertEqual(parsed["a\"b\n"] as? Int, 2)
        XCTAssertTrue(parsed["m"] is NSNull)
    }

    func testNonFiniteFloatsAreNull() throws {
        for value in [Float.nan, .infinity, -.infinity, .signalingNaN] {
            XCTAssertEqual(JSONValue.float(value).rendered(), "null", "\(value)")
        }
        for value in [Double.nan, .infinity, -.infinity] {
            XCTAssertEqual(JSONValue.double(value).rendered(), "null", "\(value)")
        }
        let rendered = JSONValue.array([.float(.nan), .float(1.5), .double(-.infinity), .double(2.25)]).rendered()
        XCTAssertEqual(rendered, "[null, 1.5, null, 2.25]")
        let parsed = try XCTUnwrap(try parse(rendered) as? [Any])
        XCTAssertTrue(parsed[0] is NSNull)
        XCTAssertEqual((parsed[1] as? NSNumber)?.doubleValue, 1.5)
    }

    func testFloatsReadBackExactly() throws {
        var rng = TestSeed.generator(42)
        var values: [Float] = [
            0, -0.0, 1, -1, 0.1, 0.007843138, 9.647059e-05, 1e-7, 1e-45, .leastNormalMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 16_777_217, 3e38, 123_456_789,
        ]
        for _ in 0..<2000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if value.isFinite { values.append(value) }
        }
        let rendered = JSONValue.array(values.map(JSONValue.float)).rendered()
        let parsed = try XCTUnwrap(try parse(rendered) as? [NSNumber])
        XCTAssertEqual(parsed.count, values.count)
        for (value, number) in zip(values, parsed) {
            XCTAssertEqual(Float(number.doubleValue), value, "\(value) → \(JSONValue.float(value).rendered())")
        }
        for value in [0.1, 1e-300, 1.7976931348623157e308, -2.5e-5] {
            let text = JSONValue.double(value).rendered()
            XCTAssertEqual((try parse(text) as? NSNumber)?.doubleValue, value, text)
        }
    }

    func testIntegersAndLiterals() throws {
        XCTAssertEqual(JSONValue.int(Int64.min).rendered(), "-9223372036854775808")
        XCTAssertEqual(JSONValue.int(UInt32.max).rendered(), "4294967295")
        XCTAssertEqual(JSONValue.int(Int8(-128)).rendered(), "-128")
        XCTAssertEqual(JSONValue.bool(true).rendered(), "true")
        XCTAssertEqual(JSONValue.bool(false).rendered(), "false")
        XCTAssertEqual(JSONValue.null.rendered(), "null")
        XCTAssertEqual(JSONValue.optional(nil).rendered(), "null")
        XCTAssertEqual(JSONValue.optional("x").rendered(), "\"x\"")
        XCTAssertEqual(JSONValue.ints([Int32(-1), 0, 7]).rendered(), "[-1, 0, 7]")
        XCTAssertEqual((try parse(JSONValue.int(Int64.max).rendered()) as? NSNumber)?.int64Value, Int64.max)
    }

    func testLayout() throws {
        XCTAssertEqual(JSONValue.array([]).rendered(), "[]")
        XCTAssertEqual(JSONValue.object([]).rendered(), "{}")
        let nested = JSONValue.object([
            ("list", .array([.object([("a", .int(1))]), .array([])])), ("empty", .object([])),
        ])
        XCTAssertEqual(
            nested.rendered(),
            """
            {
              "list": [
                {
                  "a": 1
                },
                []
              ],
              "empty": {}
            }
            """)
        XCTAssertNotNil(try parse(nested.rendered()) as? [String: Any])
    }

    func testEquality() {
        XCTAssertEqual(JSONValue.float(.nan), .float(.nan), "NaN equals NaN so reports compare")
        XCTAssertNotEqual(JSONValue.float(1), .double(1))
        XCTAssertNotEqual(
            JSONValue.object([("a", .int(1)), ("b", .int(2))]), .object([("b", .int(2)), ("a", .int(1))]))
        XCTAssertEqual(JSONValue.object([("a", .array([.null]))]), .object([("a", .array([.null]))]))
    }
}
