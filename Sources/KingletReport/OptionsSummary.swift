import TFLiteModel
import TFLiteNames

/// The key options of an operator in a few words: `SAME 2x2 RELU6`, `beta=1`, `axis=3`.
enum OptionsSummary {
    static func text(_ options: BuiltinOptions) -> String {
        var values: [String: OptionValue] = [:]
        for (name, value) in options.fields { values[name] = value }
        func int(_ name: String) -> Int64? { if case .int(let v)? = values[name] { return v }; return nil }
        func label(_ name: String) -> String? {
            if case .enumeration(_, let l)? = values[name] { return l }; return nil
        }
        var parts: [String] = []
        if let padding = label("padding") { parts.append(padding) }
        if let width = int("filter_width"), let height = int("filter_height") { parts.append("\(height)x\(width)") }
        if let strideW = int("stride_w"), let strideH = int("stride_h") { parts.append("stride \(strideH)x\(strideW)") }
        if let dilationW = int("dilation_w_factor"), let dilationH = int("dilation_h_factor"),
            dilationW != 1 || dilationH != 1
        {
            parts.append("dilation \(dilationH)x\(dilationW)")
        }
        if let multiplier = int("depth_multiplier") { parts.append("dm \(multiplier)") }
        let handled: Set<String> = [
            "padding", "filter_width", "filter_height", "stride_w", "stride_h",
            "dilation_w_factor", "dilation_h_factor", "depth_multiplier", "fused_activation_function",
        ]
        // Other fields: only those that differ from the schema default, so the column stays short.
        for field in options.schema.fields where !handled.contains(field.name.description) {
            guard let value = values[field.name.description], !isDefault(value, field.kind) else { continue }
            parts.append("\(field.name)=\(describe(value))")
        }
        if let activation = label("fused_activation_function"), activation != "NONE" { parts.append(activation) }
        return parts.joined(separator: " ")
    }

    static func isDefault(_ value: OptionValue, _ kind: OptionFieldKind) -> Bool {
        switch (value, kind) {
        case (.bool(let v), .bool(let d)): return v == d
        case (.int(let v), .int(_, _, let d)): return v == d
        case (.float(let v), .float(_, let d)): return v == d
        case (.enumeration(let v, _), .enumeration(_, _, _, let d)): return v == d
        case (.ints(let v), _): return v.isEmpty
        case (.floats(let v), _): return v.isEmpty
        case (.bools(let v), _): return v.isEmpty
        case (.strings(let v), _): return v.isEmpty
        case (.string(let v), _): return v.isEmpty
        default: return false
        }
    }

    static func describe(_ value: OptionValue) -> String {
        switch value {
        case .bool(let v): return String(v)
        case .int(let v): return String(v)
        case .float(let v): return compact(Float(v))
        case .enumeration(_, let label): return label
        case .ints(let v): return "[" + v.map(String.init).joined(separator: ",") + "]"
        case .floats(let v): return "[" + v.map { compact(Float($0)) }.joined(separator: ",") + "]"
        case .bools(let v): return "[" + v.map { $0 ? "1" : "0" }.joined(separator: ",") + "]"
        case .string(let v): return "\"\(v)\""
        case .strings(let v): return "[" + v.joined(separator: ",") + "]"
        }
    }
}
