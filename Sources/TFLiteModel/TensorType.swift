/// `tflite.TensorType`: an open enum, so types newer than this schema still inspect.
/// Its names (`INT8`) are host-only, in TFLiteNames.
public struct TensorType: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int8
    public init(rawValue: Int8) { self.rawValue = rawValue }

    public static let float32 = TensorType(rawValue: 0)
    public static let float16 = TensorType(rawValue: 1)
    public static let int32 = TensorType(rawValue: 2)
    public static let uint8 = TensorType(rawValue: 3)
    public static let int64 = TensorType(rawValue: 4)
    public static let string = TensorType(rawValue: 5)
    public static let bool = TensorType(rawValue: 6)
    public static let int16 = TensorType(rawValue: 7)
    public static let complex64 = TensorType(rawValue: 8)
    public static let int8 = TensorType(rawValue: 9)
    public static let float64 = TensorType(rawValue: 10)
    public static let complex128 = TensorType(rawValue: 11)
    public static let uint64 = TensorType(rawValue: 12)
    public static let resource = TensorType(rawValue: 13)
    public static let variant = TensorType(rawValue: 14)
    public static let uint32 = TensorType(rawValue: 15)
    public static let uint16 = TensorType(rawValue: 16)
    public static let int4 = TensorType(rawValue: 17)
    public static let bfloat16 = TensorType(rawValue: 18)
    public static let int2 = TensorType(rawValue: 19)
    public static let uint4 = TensorType(rawValue: 20)
    public static let float8e4m3fn = TensorType(rawValue: 21)
    public static let float8e5m2 = TensorType(rawValue: 22)

    /// Bits per element, or nil for types without a fixed size (STRING, RESOURCE, VARIANT, unknown).
    public var bitsPerElement: Int? {
        switch rawValue {
        case 0, 2, 15: return 32
        case 1, 7, 16, 18: return 16
        case 3, 6, 9, 21, 22: return 8
        case 4, 8, 10, 12: return 64
        case 11: return 128
        case 17, 20: return 4
        case 19: return 2
        default: return nil
        }
    }

    /// Bytes for `elements` elements (sub-byte types packed, rounded up), or nil on overflow or
    /// for types without a fixed size.
    public func byteCount(elements: Int) -> Int? {
        guard let bits = bitsPerElement, elements >= 0 else { return nil }
        let (totalBits, overflow) = elements.multipliedReportingOverflow(by: bits)
        guard !overflow else { return nil }
        return totalBits / 8 + (totalBits % 8 == 0 ? 0 : 1)
    }
}
