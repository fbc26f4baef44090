import FlatBufferReader

/// The two unions an operator's builtin options come from (`Operator.builtin_options` and
/// `Operator.builtin_options_2`).
public enum OptionsUnion: UInt8, Sendable, Equatable {
    case builtinOptions = 1
    case builtinOptions2 = 2
}

/// A typed view of one options table (generated from the schema, e.g. `Conv2DOptions`): every
/// accessor reads its field by vtable id, with the schema's default when the field is absent.
public protocol OptionsTable {
    /// A view of a verified options table of this type.
    init(_ table: Table)
    /// The union this table is a member of.
    static var union: OptionsUnion { get }
    /// Its member number (union type) in that union.
    static var member: UInt8 { get }
    /// The table read (`Table.empty` for `defaults`).
    var table: Table { get }
}

extension OptionsTable {
    /// The options of an operator that has none: every field at the schema's default.
    @inlinable
    public static var defaults: Self { Self(Table.empty) }
}

/// What `Operator.options(_:)` found.
public enum OptionsLookup<T: OptionsTable> {
    /// The operator has no builtin options: the schema's defaults apply (`T.defaults`).
    case absent
    /// The operator's options are a `T`.
    case present(T)
    /// The operator's options are member `type` of `union`, not a `T`.
    case otherType(union: OptionsUnion, type: UInt8)

    /// The options to use: the table when present, the defaults when absent, nil for another type.
    @inlinable
    public var orDefaults: T? {
        switch self {
        case .absent: return T.defaults
        case .present(let options): return options
        case .otherType: return nil
        }
    }
}
