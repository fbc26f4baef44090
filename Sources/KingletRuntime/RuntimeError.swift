import KingletKernels
import TFLiteModel

/// Why a model cannot be loaded, prepared or run — each case says what and where.
public enum RuntimeError: Error, Sendable {
    /// Operators the resolver lacks, each named once (opcode, version, custom code, first index).
    case unsupportedOperators([UnsupportedOperator])
    /// The model is structurally sound but semantically unusable (an index out of range, a shape
    /// whose size overflows, a constant buffer shorter than its tensor, ...).
    case invalidModel(String)
    /// An operator's prepare rejected its tensors or options.
    case operatorFailed(index: Int, opcode: String, reason: String)
    /// The arena cannot hold the plan: `need` is the exact total a run requires.
    case arenaTooSmall(need: Int, have: Int)
    /// An input or output access was wrong (index, type, size).
    case badInput(String)

    public var message: String {
        switch self {
        case .unsupportedOperators(let operators):
            let list = operators.map { $0.description }.joined(separator: ", ")
            return "unsupported operator\(operators.count == 1 ? "" : "s"): \(list)"
        case .invalidModel(let reason):
            return "invalid model: \(reason)"
        case .operatorFailed(let index, let opcode, let reason):
            return "operator \(index) (\(opcode)): \(reason)"
        case .arenaTooSmall(let need, let have):
            return "arena too small: need \(need) bytes, have \(have)"
        case .badInput(let reason):
            return reason
        }
    }
}

/// An operator a resolver cannot run.
public struct UnsupportedOperator: Sendable, Equatable, CustomStringConvertible {
    public var opcode: String
    public var version: Int32
    public var customCode: String?
    /// The first operator index that uses it, and how many operators do.
    public var firstIndex: Int
    public var count: Int
    /// Why, when the operator exists but not for these tensor types (e.g. `INT16/INT16/INT16`).
    public var detail: String? = nil

    public var description: String {
        var text = opcode
        if let customCode { text += " \"\(customCode)\"" }
        text += " v\(version)"
        if let detail { text += " with \(detail)" }
        text += " (operator \(firstIndex)"
        if count > 1 { text += " and \(count - 1) more" }
        return text + ")"
    }
}
