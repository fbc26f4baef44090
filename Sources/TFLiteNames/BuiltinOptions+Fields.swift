import FlatBufferReader
import TFLiteModel

// Host-only: BuiltinOptions read by field name through the schema's name tables, for printing.

extension BuiltinOptions {
    public var schema: OptionsTableSchema {
        switch union {
        case .builtinOptions: return BuiltinOptionsSchema.tables[Int(type)]
        case .builtinOptions2: return BuiltinOptions2Schema.tables[Int(type)]
        }
    }

    /// The options table's schema name, e.g. `Conv2DOptions`.
    public var typeName: String { schema.name.description }

    /// Every field of the table with schema defaults filled in, in schema order.
    public var fields: [(name: String, value: OptionValue)] {
        schema.fields.compactMap { field in
            value(of: field).map { (name: field.name.description, value: $0) }
        }
    }

    /// The value of the field named `name` (schema spelling), defaults filled in; nil when the
    /// table has no such field.
    public func value(named name: StaticString) -> OptionValue? {
        for field in schema.fields where sameText(field.name, name) {
            return value(of: field)
        }
        return nil
    }

    public func value(of field: OptionField) -> OptionValue? {
        let buffer = table.buffer
        switch field.kind {
        case .bool(let fallback):
            return .bool(table.bool(field.id, default: fallback))
        case .int(let bits, let signed, let fallback):
            return .int(readInteger(field.id, bits: bits, signed: signed, default: fallback))
        case .float(let bits, let fallback):
            if bits == 64 {
                let offset = table.fieldOffset(field.id)
                return .float(offset == 0 ? fallback : buffer.readDoubleUnchecked(at: table.position + offset))
            }
            return .float(Double(table.float(field.id, default: Float(fallback))))
        case .enumeration(let names, let bits, let signed, let fallback):
            let raw = readInteger(field.id, bits: bits, signed: signed, default: fallback)
            return .enumeration(raw, names.describe(raw))
        case .intVector(let bits, let signed):
            guard let span = table.vector(field.id) else { return .ints([]) }
            return .ints((0..<span.count).map { readElement(span.start + $0 * bits / 8, bits: bits, signed: signed) })
        case .floatVector(let bits):
            guard let span = table.vector(field.id) else { return .floats([]) }
            return .floats(
                (0..<span.count).map {
                    bits == 64
                        ? buffer.readDoubleUnchecked(at: span.start + 8 * $0)
                        : Double(buffer.readFloatUnchecked(at: span.start + 4 * $0))
                })
        case .boolVector:
            guard let span = table.vector(field.id) else { return .bools([]) }
            return .bools((0..<span.count).map { buffer.readUnchecked(UInt8.self, at: span.start + $0) != 0 })
        case .string:
            return table.optionText(field.id).map(OptionValue.string) ?? nil
        case .stringVector:
            guard let span = table.vector(field.id) else { return .strings([]) }
            return .strings(
                (0..<span.count).map { index in
                    let slot = span.start + 4 * index
                    let target = slot + Int(buffer.readUnchecked(UInt32.self, at: slot))
                    return buffer.optionText(VectorSpan.atVerified(buffer, target))
                })
        case .unsupported:
            return nil
        }
    }

    private func readInteger(_ id: Int, bits: Int, signed: Bool, default fallback: Int64) -> Int64 {
        let offset = table.fieldOffset(id)
        return offset == 0 ? fallback : readElement(table.position + offset, bits: bits, signed: signed)
    }

    private func readElement(_ position: Int, bits: Int, signed: Bool) -> Int64 {
        let buffer = table.buffer
        switch (bits, signed) {
        case (8, true): return Int64(buffer.readUnchecked(Int8.self, at: position))
        case (8, false): return Int64(buffer.readUnchecked(UInt8.self, at: position))
        case (16, true): return Int64(buffer.readUnchecked(Int16.self, at: position))
        case (16, false): return Int64(buffer.readUnchecked(UInt16.self, at: position))
        case (32, true): return Int64(buffer.readUnchecked(Int32.self, at: position))
        case (32, false): return Int64(buffer.readUnchecked(UInt32.self, at: position))
        // uint64 values above Int64.max print as negative: no TFLite option uses that range.
        default: return buffer.readUnchecked(Int64.self, at: position)
        }
    }

}

/// A decoded options field value.
public enum OptionValue: Equatable, Sendable {
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// Raw value and the schema's spelling (e.g. `RELU6`).
    case enumeration(Int64, String)
    case ints([Int64])
    case floats([Double])
    case bools([Bool])
    case string(String)
    case strings([String])
}

/// Whether two static strings spell the same text (no Foundation, no allocation).
public func sameText(_ a: StaticString, _ b: StaticString) -> Bool {
    guard a.utf8CodeUnitCount == b.utf8CodeUnitCount else { return false }
    for index in 0..<a.utf8CodeUnitCount where a.utf8Start[index] != b.utf8Start[index] { return false }
    return true
}

extension Table {
    /// A string field decoded as UTF-8 (invalid sequences repaired), or nil when absent.
    func optionText(_ field: Int) -> String? {
        guard let span = vector(field) else { return nil }
        return buffer.optionText(span)
    }
}

extension ByteRegion {
    /// The bytes of a verified span decoded as UTF-8, invalid sequences replaced.
    func optionText(_ span: VectorSpan) -> String {
        String(decoding: UnsafeRawBufferPointer(start: base + span.start, count: span.count), as: UTF8.self)
    }
}
