import Foundation
import KingletTestSupport

/// A reading of schema/tflite.fbs, independent of tools/gen_schema_tables.py: enums with their
/// values, unions with their members, tables with each field's vtable id, type, default and
/// attributes. Ids follow FlatBuffers: declaration order, a union field taking two (type, value),
/// deprecated fields keeping theirs.
struct SchemaFile {
    struct Field: Equatable {
        var name: String
        var id: Int
        var type: String
        var defaultValue: String?
        var deprecated: Bool
        var isUnion: Bool
    }

    var enums: [String: (base: String, values: [(label: String, value: Int64)])] = [:]
    var enumOrder: [String] = []
    var unions: [String: [String]] = [:]
    var tables: [String: [Field]] = [:]
    var tableAttributes: [String: String] = [:]

    static func load() throws -> SchemaFile {
        let url = Fixtures.packageRoot.appendingPathComponent("schema").appendingPathComponent("tflite.fbs")
        return try SchemaFile(text: String(contentsOf: url, encoding: .utf8))
    }

    init(text: String) throws {
        // Drop comments, then split into declarations `kind name [: base] [(attrs)] { body }`.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            if let range = line.range(of: "//") { return line[..<range.lowerBound] }
            return line
        }
        let source = lines.joined(separator: "\n")
        var declarations: [(kind: String, header: String, body: String)] = []
        var cursor = source.startIndex
        while let open = source[cursor...].firstIndex(of: "{") {
            guard let close = source[open...].firstIndex(of: "}") else { break }
            let header = source[cursor..<open]
            // The header is the text after the last ';' (or '}' already consumed) before '{'.
            let start = header.lastIndex(of: ";").map { header.index(after: $0) } ?? header.startIndex
            let words = header[start...].trimmingCharacters(in: .whitespacesAndNewlines)
            let kind = String(words.prefix { !$0.isWhitespace })
            declarations.append(
                (kind, String(words.dropFirst(kind.count)), String(source[source.index(after: open)..<close])))
            cursor = source.index(after: close)
        }
        let unionNames = Set(declarations.filter { $0.kind == "union" }.map { SchemaFile.firstWord($0.header) })

        for (kind, header, body) in declarations {
            let name = SchemaFile.firstWord(header)
            switch kind {
            case "enum":
                let base = header.split(separator: ":").dropFirst().first.map { SchemaFile.firstWord(String($0)) } ?? ""
                var values: [(String, Int64)] = []
                var next: Int64 = 0
                for item in body.split(separator: ",") {
                    let entry = SchemaFile.strippingAttributes(String(item)).trimmingCharacters(
                        in: .whitespacesAndNewlines)
                    if entry.isEmpty { continue }
                    let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                    if parts.count == 2 { next = try SchemaFile.integer(parts[1]) }
                    values.append((parts[0], next))
                    next += 1
                }
                enums[name] = (base, values)
                enumOrder.append(name)
            case "union":
                unions[name] = body.split(separator: ",")
                    .map { SchemaFile.strippingAttributes(String($0)).trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { !$0.isEmpty }
            case "table", "struct":
                tableAttributes[name] = header
                var fields: [Field] = []
                var id = 0
                for declaration in body.split(separator: ";") {
                    let text = declaration.trimmingCharacters(in: .whitespacesAndNewlines)
                    if text.isEmpty { continue }
                    guard let colon = text.firstIndex(of: ":") else { throw SchemaError.unreadable(text) }
                    let fieldName = text[..<colon].trimmingCharacters(in: .whitespaces)
                    var rest = String(text[text.index(after: colon)...])
                    let attributes = rest.firstIndex(of: "(").map { String(rest[$0...]) } ?? ""
                    rest = SchemaFile.strippingAttributes(rest)
                    let sides = rest.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    let type = sides[0].replacingOccurrences(of: " ", with: "")
                    if attributes.contains("id:") {
                        throw SchemaError.unreadable("explicit ids are not handled: \(text)")
                    }
                    let isUnion = unionNames.contains(type)
                    fields.append(
                        Field(
                            name: fieldName, id: id, type: type, defaultValue: sides.count > 1 ? sides[1] : nil,
                            deprecated: attributes.contains("deprecated"), isUnion: isUnion))
                    id += isUnion ? 2 : 1
                }
                tables[name] = fields
            default:
                continue
            }
        }
    }

    enum SchemaError: Error { case unreadable(String) }

    static func firstWord(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    static func strippingAttributes(_ text: String) -> String {
        guard let open = text.firstIndex(of: "(") else { return text }
        return String(text[..<open])
    }

    static func integer(_ text: String) throws -> Int64 {
        if text.hasPrefix("0x") { if let v = Int64(text.dropFirst(2), radix: 16) { return v } }
        guard let value = Int64(text) else { throw SchemaError.unreadable(text) }
        return value
    }

    /// The vtable ids of a table's fields by name; a union field `u` also gives `u_type` (its type slot).
    func ids(of table: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for field in tables[table] ?? [] {
            if field.isUnion {
                result[field.name + "_type"] = field.id
                result[field.name] = field.id + 1
            } else {
                result[field.name] = field.id
            }
        }
        return result
    }
}
