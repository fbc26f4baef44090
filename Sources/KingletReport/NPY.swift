/// NumPy `.npy` files (format versions 1.0–3.0): little-endian, C-order arrays of the dtypes TFLite
/// tensors use. Parsing trusts nothing: every header field is checked, sizes are overflow-checked.
public struct NPYArray: Equatable, Sendable {
    /// NumPy dtype descriptor without byte order, e.g. `i1`, `f4`.
    public var dtype: NPYType
    public var shape: [Int]
    /// Element bytes, little-endian, C order.
    public var data: [UInt8]

    public init(dtype: NPYType, shape: [Int], data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    public var elementCount: Int { shape.reduce(1, *) }
}

/// The element types Kinglet reads and writes.
public enum NPYType: String, Sendable, CaseIterable {
    case int8 = "i1", uint8 = "u1", int16 = "i2", uint16 = "u2", int32 = "i4", uint32 = "u4"
    case int64 = "i8", uint64 = "u8", float16 = "f2", float32 = "f4", float64 = "f8", bool = "b1"

    public var size: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .int16, .uint16, .float16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// The descriptor as NumPy writes it: `|i1` for single bytes, `<f4` otherwise.
    public var descriptor: String { (size == 1 ? "|" : "<") + rawValue }

    /// NumPy's name, for messages: `int8`, `float32`.
    public var name: String {
        switch self {
        case .int8: return "int8"
        case .uint8: return "uint8"
        case .int16: return "int16"
        case .uint16: return "uint16"
        case .int32: return "int32"
        case .uint32: return "uint32"
        case .int64: return "int64"
        case .uint64: return "uint64"
        case .float16: return "float16"
        case .float32: return "float32"
        case .float64: return "float64"
        case .bool: return "bool"
        }
    }
}

public struct NPYError: Error, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension NPYArray {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// Headers longer than this are refused (NumPy itself limits them to 10 KB by default).
    static let maxHeaderLength = 65_536

    /// Parses `.npy` bytes.
    public init(parsing bytes: [UInt8]) throws(NPYError) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == NPYArray.magic else {
            throw NPYError("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw NPYError("truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw NPYError("unsupported .npy format version \(major).\(bytes[7])")
        }
        guard headerLength <= NPYArray.maxHeaderLength else {
            throw NPYError(".npy header of \(headerLength) bytes is larger than \(NPYArray.maxHeaderLength)")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw NPYError(
                "truncated .npy header: \(headerLength) bytes declared, \(bytes.count - headerStart) present")
        }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        guard let header = String(validating: headerBytes, as: UTF8.self) else {
            throw NPYError(".npy header is not UTF-8 text")
        }
        let fields = try NPYHeader.parse(header)
        guard let descr = fields.descr else { throw NPYError(".npy header has no 'descr'") }
        guard let fortran = fields.fortranOrder else { throw NPYError(".npy header has no 'fortran_order'") }
        guard let shape = fields.shape else { throw NPYError(".npy header has no 'shape'") }
        guard !fortran else { throw NPYError("Fortran-order .npy arrays are not supported; save with C order") }
        let order = descr.first
        var code = descr
        if order == "<" || order == "|" || order == "=" {
            code.removeFirst()
        } else if order == ">" {
            throw NPYError("big-endian .npy data ('\(descr)') is not supported")
        }
        guard let dtype = NPYType(rawValue: code) else { throw NPYError("unsupported .npy dtype '\(descr)'") }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !overflow else { throw NPYError(".npy shape \(shape) is too large") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        let dataStart = headerStart + headerLength
        guard !overflow, byteCount <= bytes.count - dataStart else {
            throw NPYError(
                "truncated .npy data: shape \(shape) of \(dtype.name) needs \(byteCount) bytes, "
                    + "\(bytes.count - dataStart) present")
        }
        self.init(dtype: dtype, shape: shape, data: Array(bytes[dataStart..<(dataStart + byteCount)]))
    }

    /// The array as `.npy` version 1.0 bytes.
    public func serialized() -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(dtype.descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so that magic + length + header + newline is a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes = NPYArray.magic + [1, 0]
        let length = header.utf8.count
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes += data
        return bytes
    }
}

/// The Python-literal dictionary of an `.npy` header, parsed just far enough.
enum NPYHeader {
    struct Fields {
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
    }

    static func parse(_ text: String) throws(NPYError) -> Fields {
        var fields = Fields()
        var scanner = Scanner(Array(text.unicodeScalars))
        scanner.skipSpace()
        guard scanner.take("{") else { throw NPYError(".npy header is not a dictionary") }
        while true {
            scanner.skipSpace()
            if scanner.take("}") { break }
            guard let key = scanner.quoted() else { throw NPYError(".npy header: expected a quoted key") }
            scanner.skipSpace()
            guard scanner.take(":") else { throw NPYError(".npy header: expected ':' after '\(key)'") }
            scanner.skipSpace()
            switch key {
            case "descr":
                guard let value = scanner.quoted() else { throw NPYError(".npy header: 'descr' is not a string") }
                fields.descr = value
            case "fortran_order":
                if scanner.take("True") {
                    fields.fortranOrder = true
                } else if scanner.take("False") {
                    fields.fortranOrder = false
                } else {
                    throw NPYError(".npy header: 'fortran_order' is not True or False")
                }
            case "shape":
                guard scanner.take("(") else { throw NPYError(".npy header: 'shape' is not a tuple") }
                var shape: [Int] = []
                while true {
                    scanner.skipSpace()
                    if scanner.take(")") { break }
                    guard let value = scanner.integer() else { throw NPYError(".npy header: bad 'shape' entry") }
                    guard shape.count < 32 else { throw NPYError(".npy header: 'shape' has more than 32 dimensions") }
                    shape.append(value)
                    scanner.skipSpace()
                    if scanner.take(",") { continue }
                    guard scanner.take(")") else { throw NPYError(".npy header: bad 'shape' tuple") }
                    break
                }
                fields.shape = shape
            default:
                throw NPYError(".npy header: unexpected key '\(key)'")
            }
            scanner.skipSpace()
            if scanner.take(",") { continue }
            scanner.skipSpace()
            guard scanner.take("}") else { throw NPYError(".npy header: expected ',' or '}'") }
            break
        }
        return fields
    }

    struct Scanner {
        let scalars: [Unicode.Scalar]
        var position = 0
        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func skipSpace() {
            while position < scalars.count, scalars[position] == " " || scalars[position] == "\n" { position += 1 }
        }

        mutating func take(_ literal: String) -> Bool {
            let expected = Array(literal.unicodeScalars)
            guard position + expected.count <= scalars.count,
                Array(scalars[position..<(position + expected.count)]) == expected
            else { return false }
            position += expected.count
            return true
        }

        mutating func quoted() -> String? {
            guard position < scalars.count, scalars[position] == "'" || scalars[position] == "\"" else { return nil }
            let quote = scalars[position]
            var end = position + 1
            while end < scalars.count, scalars[end] != quote { end += 1 }
            guard end < scalars.count else { return nil }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[(position + 1)..<end])
            position = end + 1
            return text
        }

        mutating func integer() -> Int? {
            var end = position
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            guard end > position, end - position <= 18 else { return nil }
            var value = 0
            for scalar in scalars[position..<end] { value = value * 10 + Int(scalar.value - 48) }
            position = end
            // NumPy writes `3L` in old Python 2 files.
            if position < scalars.count, scalars[position] == "L" { position += 1 }
            return value
        }
    }
}
