import FlatBufferReader
import TFLiteModel

// Host-only text for the core's typed values: the schema's names for operators, tensor types and
// fields, and the one-line message of a verification error. The device core carries none of this.

extension BuiltinOperator: CustomStringConvertible {
    /// The schema's spelling, e.g. `CONV_2D`; `UNKNOWN(300)` for codes this schema lacks.
    public var description: String { SchemaEnums.builtinOperator.describe(Int64(rawValue)) }
}

extension TensorType: CustomStringConvertible {
    /// The schema's spelling, e.g. `INT8`.
    public var description: String { SchemaEnums.tensorType.describe(Int64(rawValue)) }
}

extension SchemaFieldNames {
    /// The schema's name of field `field` of table number `table` (a `SchemaTable` value), e.g.
    /// `operator_codes`; `field <n>` when the schema has no such table or field.
    public static func fieldName(table: UInt16, field: UInt16) -> String {
        if Int(table) < tables.count {
            let fields = tables[Int(table)].fields
            if Int(field) < fields.count, fields[Int(field)].utf8CodeUnitCount > 0 {
                return fields[Int(field)].description
            }
        }
        return "field \(field)"
    }
}

#if !hasFeature(Embedded)
    // Messages are built on a host only (the renderers they use are host-only too).

    extension VerificationPath {
        /// The path in the schema's names, e.g. `subgraphs[0].tensors[17].shape`.
        public var text: String { rendered(fieldName: SchemaFieldNames.fieldName) }
    }

    extension VerificationError: CustomStringConvertible {
        /// The one-line message, e.g. `4-byte read past the end of the buffer at
        /// subgraphs[0].tensors[17].shape (byte 1234)`.
        public var description: String { message(fieldName: SchemaFieldNames.fieldName) }
    }

    extension Model {
        /// The 4-byte file identifier (`TFL3`), or nil when the file has none.
        public var identifier: String? { hasIdentifier ? FileIdentifier.text(Model.fileIdentifier) : nil }
    }
#endif
