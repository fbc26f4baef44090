import FlatBufferReader

extension OperatorCode {
    /// The custom code's UTF-8 bytes in the model (zero-copy), or nil when absent: what a device
    /// compares against a registration's custom code, without decoding a String.
    public var customCodeUTF8: UnsafeRawBufferPointer? {
        guard let span = table.vector(Field.customCode) else { return nil }
        return UnsafeRawBufferPointer(start: table.buffer.base + span.start, count: span.count)
    }

    /// Whether the custom code is exactly `text` (byte for byte).
    public func hasCustomCode(_ text: StaticString) -> Bool {
        guard let bytes = customCodeUTF8 else { return false }
        return text.withUTF8Buffer { expected in
            expected.count == bytes.count && (0..<bytes.count).allSatisfy { expected[$0] == bytes[$0] }
        }
    }
}
