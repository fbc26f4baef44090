import KingletRuntime
import TFLiteModel

/// What `kinglet run` prints: each output raw and dequantized, top classes for classifiers.
public enum RunReport {
    public static func text(_ runner: ModelRunner, sources: [String], outputs: [NPYArray], file: String) -> String {
        let interpreter = runner.interpreter
        let usage = interpreter.usage
        var lines = [
            "\(file): ran \(interpreter.operatorCount) operators in a \(grouped(usage.totalBytes))-byte arena "
                + "(planned \(grouped(usage.plannedBytes)) + persistent \(grouped(usage.persistentBytes)))"
        ]
        for position in 0..<interpreter.inputCount {
            guard let tensor = try? interpreter.input(position) else { continue }
            let source = position < sources.count ? sources[position] : ""
            lines.append("input \(position) \"\(tensor.name)\" \(tensor.type) \(tensor.shape) ← \(source)")
        }
        for (position, array) in outputs.enumerated() {
            guard let tensor = try? interpreter.output(position) else { continue }
            lines.append("output \(position) \"\(tensor.name)\" \(tensor.type) \(tensor.shape)")
            let raw = array.doubleValues()
            let isInteger = array.dtype != .float32 && array.dtype != .float64 && array.dtype != .float16
            lines.append(
                "  values       " + preview(array.integerStrings() ?? raw.map { compact(Float($0), digits: 6) }))
            let real = dequantized(raw, tensor)
            if let real, isInteger {
                lines.append("  dequantized  " + preview(real.map { compact(Float($0), digits: 5) }))
            }
            let scores = real ?? raw
            if isClassifier(tensor), scores.count >= 2 {
                let top = scores.enumerated().sorted {
                    $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset
                }.prefix(5)
                lines.append(
                    "  top-\(top.count)        "
                        + top.map { "class \($0.offset): \(compact(Float($0.element), digits: 4))" }.joined(
                            separator: ", "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(
        _ runner: ModelRunner, sources: [String], outputs: [NPYArray], notes: [String], file: String
    ) -> JSONValue {
        let interpreter = runner.interpreter
        let usage = interpreter.usage
        var outputValues: [JSONValue] = []
        for (position, array) in outputs.enumerated() {
            guard let tensor = try? interpreter.output(position) else { continue }
            let raw = array.doubleValues()
            let isFloat = array.dtype == .float32 || array.dtype == .float64 || array.dtype == .float16
            var members: [(String, JSONValue)] = [
                ("index", .int(position)), ("tensor", .int(tensor.index)), ("name", .string(tensor.name)),
                ("type", .string(tensor.type.description)), ("shape", .ints(tensor.shape)),
                // Integers exactly (uint64 above Int64.max as the nearest double); floats as doubles.
                (
                    "values",
                    .array(
                        isFloat
                            ? raw.map { .double($0) }
                            : (array.integerStrings() ?? []).map { text in
                                Int64(text).map { .integer($0) } ?? .double(Double(text) ?? 0)
                            })
                ),
            ]
            if let real = dequantized(raw, tensor), !isFloat {
                members.append(("dequantized", .array(real.map { .double($0) })))
            }
            outputValues.append(.object(members))
        }
        return .object([
            ("file", .string(file)),
            (
                "arena",
                .object([
                    ("total_bytes", .int(usage.totalBytes)), ("planned_bytes", .int(usage.plannedBytes)),
                    ("persistent_bytes", .int(usage.persistentBytes)),
                ])
            ),
            ("inputs", .array(sources.map(JSONValue.string))),
            ("notes", .array(notes.map(JSONValue.string))),
            ("outputs", .array(outputValues)),
        ])
    }

    static func dequantized(_ raw: [Double], _ tensor: TensorHandle) -> [Double]? {
        guard let scale = tensor.scale, let zeroPoint = tensor.zeroPoint, tensor.type != .float32 else { return nil }
        return raw.map { Double(scale) * ($0 - Double(zeroPoint)) }
    }

    /// A classifier-shaped output: one row of 2…10,000 scores.
    static func isClassifier(_ tensor: TensorHandle) -> Bool {
        let nonUnit = tensor.shape.filter { $0 != 1 }
        return nonUnit.count == 1 && nonUnit[0] >= 2 && nonUnit[0] <= 10_000
    }

    static func preview(_ values: [String], limit: Int = 16) -> String {
        if values.count <= limit { return "[" + values.joined(separator: ", ") + "]" }
        return "[" + values.prefix(limit).joined(separator: ", ") + ", … (\(values.count) values)]"
    }
}
