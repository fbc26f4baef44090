import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

/// One resource variable (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE), kept in the arena.
/// Its storage is allocated by the first ASSIGN_VARIABLE prepared, with that value's size, and
/// filled with the value's int8 zero point (0 otherwise), as TFLM's MicroResourceVariables does.
struct ResourceVariable {
    var data: UnsafeMutableRawPointer?
    var byteCount: Int
}

/// The model's resource variables, identified as TFLM does: by shared name, and by container
/// unless the VAR_HANDLE leaves the container out.
struct ResourceRegistry {
    struct Key: Equatable {
        var container: String?
        var sharedName: String
    }

    var keys: [Key] = []
    var table: UnsafeMutablePointer<ResourceVariable>?

    /// The id of `key`, creating it when none matches (TFLM's CreateIdIfNoneFound).
    mutating func id(for key: Key) -> Int {
        if let existing = find(key) { return existing }
        keys.append(key)
        return keys.count - 1
    }

    func find(_ key: Key) -> Int? {
        keys.firstIndex { ($0.container == nil || key.container == nil || $0.container == key.container) && $0.sharedName == key.sharedName }
    }

    /// The key of a VAR_HANDLE operator's options.
    static func key(of op: Operator) -> Key? {
        guard let options = op.builtinOptions, options.typeName == "VarHandleOptions" else { return nil }
        var container: String?
        var shared = ""
        for (name, value) in options.fields {
            if case .string(let text) = value {
                if name == "container" { container = text.isEmpty ? nil : text }
                if name == "shared_name" { shared = text }
            }
        }
        return Key(container: container, sharedName: shared)
    }
}
