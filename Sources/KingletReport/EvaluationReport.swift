import Foundation

/// What `kinglet eval` prints: samples, threads and throughput; each output's stacked shape; and,
/// with labels, accuracy, top-k and the confusion matrix.
public enum EvaluationReport {
    /// Confusion matrices with more classes than this are left to the JSON.
    public static let textConfusionLimit = 32

    public static func text(
        _ result: EvaluationResult, classification: Classification?, written: [String], file: String
    ) -> String {
        var lines = [
            "\(file): \(grouped(result.samples)) samples on \(result.threads) thread\(result.threads == 1 ? "" : "s") "
                + "in \(String(format: "%.3f", result.seconds)) s (\(String(format: "%.3f", result.cpuSeconds)) CPU s): "
                + "\(throughput(result.samplesPerSecond)) samples/s "
                + "(\(microseconds(result)) CPU µs per sample; \(grouped(result.arenaBytes))-byte arena per thread)"
        ]
        for (position, array) in result.outputs.enumerated() {
            let tensor = result.outputTensors[position]
            let destination = position < written.count ? " → \(written[position])" : ""
            lines.append("output \(position) \"\(tensor.name)\" \(tensor.type) \(array.shape)\(destination)")
        }
        if let classification {
            let c = classification
            lines.append(
                "accuracy: \(percent(c.accuracy)) (\(grouped(c.correct))/\(grouped(c.samples))), top-\(c.topK): "
                    + "\(percent(c.topKAccuracy)) (\(grouped(c.topKCorrect))/\(grouped(c.samples))), \(c.classes) classes"
            )
            if c.classes <= textConfusionLimit {
                lines.append("confusion matrix (rows: label, columns: predicted class)")
                let width = max(String(c.confusion.joined().max() ?? 0).count, String(c.classes - 1).count) + 1
                func cell(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
                let labelWidth = String(c.classes - 1).count + 2
                lines.append(
                    String(repeating: " ", count: labelWidth) + (0..<c.classes).map { cell(String($0)) }.joined())
                for (label, row) in c.confusion.enumerated() {
                    let name = String(label)
                    lines.append(
                        String(repeating: " ", count: labelWidth - name.count) + name
                            + row.map { cell(String($0)) }.joined())
                }
            } else {
                lines.append("confusion matrix: \(c.classes) × \(c.classes), in --json")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(
        _ result: EvaluationResult, classification: Classification?, inputs: [String], labels: String?,
        written: [String], file: String
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("file", .string(file)), ("inputs", .array(inputs.map(JSONValue.string))),
            ("labels", .optional(labels)), ("samples", .int(result.samples)), ("threads", .int(result.threads)),
            ("seconds", .double(result.seconds)), ("cpu_seconds", .double(result.cpuSeconds)),
            ("samples_per_second", .double(result.samplesPerSecond)),
            ("arena_bytes", .int(result.arenaBytes)), ("notes", .array(result.notes.map(JSONValue.string))),
            (
                "outputs",
                .array(
                    result.outputs.enumerated().map { position, array in
                        let tensor = result.outputTensors[position]
                        return .object([
                            ("index", .int(position)), ("tensor", .int(tensor.index)), ("name", .string(tensor.name)),
                            ("type", .string(tensor.type.description)), ("shape", .ints(array.shape)),
                            ("file", .optional(position < written.count ? written[position] : nil)),
                        ])
                    })
            ),
        ]
        if let c = classification {
            members.append(
                (
                    "classification",
                    .object([
                        ("output", .int(0)), ("classes", .int(c.classes)), ("correct", .int(c.correct)),
                        ("accuracy", .double(c.accuracy)), ("top_k", .int(c.topK)),
                        ("top_k_correct", .int(c.topKCorrect)), ("top_k_accuracy", .double(c.topKAccuracy)),
                        ("confusion", .array(c.confusion.map { .ints($0) })),
                    ])
                ))
        } else {
            members.append(("classification", .null))
        }
        return .object(members)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.2f %%", fraction * 100) }

    static func throughput(_ value: Double) -> String {
        value >= 100 ? grouped(Int(value.rounded())) : String(format: "%.1f", value)
    }

    /// CPU time per sample: what one sample costs one thread, however busy the machine is.
    static func microseconds(_ result: EvaluationResult) -> String {
        guard result.samples > 0 else { return "0" }
        let value = result.cpuSeconds * 1e6 / Double(result.samples)
        return value >= 100 ? grouped(Int(value.rounded())) : String(format: "%.2f", value)
    }
}
