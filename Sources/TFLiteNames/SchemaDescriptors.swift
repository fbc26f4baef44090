/// The names of one schema enum's values (enums may be sparse or signed, so pairs, not an array).
public struct EnumNames: Sendable {
    public let name: StaticString
    public let values: [(value: Int64, label: StaticString)]

    public init(name: StaticString, _ values: [(Int64, StaticString)]) {
        self.name = name
        self.values = values.map { (value: $0.0, label: $0.1) }
    }

    /// The schema's spelling of `value`, or nil for a value the schema does not name.
    public func label(for value: Int64) -> StaticString? {
        // Most enums are dense from zero: try the direct index first.
        if value >= 0, value < Int64(values.count), values[Int(value)].value == value {
            return values[Int(value)].label
        }
        for entry in values where entry.value == value { return entry.label }
        return nil
    }

    /// The schema's spelling of `value`, or `UNKNOWN(value)` for a value this schema version lacks.
    public func describe(_ value: Int64) -> String {
        if let label = label(for: value) { return label.description }
        return "UNKNOWN(\(value))"
    }
}

/// How an options-table field is stored and what it defaults to.
public enum OptionFieldKind: Sendable {
    case bool(default: Bool)
    case int(bits: Int, signed: Bool, default: Int64)
    case float(bits: Int, default: Double)
    case enumeration(EnumNames, bits: Int, signed: Bool, default: Int64)
    case intVector(bits: Int, signed: Bool)
    case floatVector(bits: Int)
    case boolVector
    case string
    case stringVector
    /// A nested table or vector of tables: neither verified nor read.
    case unsupported

    /// Byte width of the stored scalar, or of one vector element.
    var width: Int {
        switch self {
        case .bool, .boolVector: return 1
        case .int(let bits, _, _), .float(let bits, _), .enumeration(_, let bits, _, _),
            .intVector(let bits, _), .floatVector(let bits):
            return bits / 8
        case .string, .stringVector, .unsupported: return 4
        }
    }
}

/// One field of an options table: its schema name, vtable slot and kind.
public struct OptionField: Sendable {
    public let name: StaticString
    public let id: Int
    public let kind: OptionFieldKind

    public init(_ name: StaticString, id: Int, _ kind: OptionFieldKind) {
        self.name = name
        self.id = id
        self.kind = kind
    }
}

/// The layout of one options table (a member of the BuiltinOptions or BuiltinOptions2 union).
public struct OptionsTableSchema: Sendable {
    public let name: StaticString
    public let fields: [OptionField]

    public init(name: StaticString, fields: [OptionField]) {
        self.name = name
        self.fields = fields
    }
}
