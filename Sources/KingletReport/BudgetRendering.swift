import KingletRuntime
import TFLiteModel

/// `kinglet budget` as text, JSON and SVG.
public enum BudgetRendering {
    public static func text(_ report: ArenaReport, file: String, tensorTable: Bool = true) -> String {
        let usage = report.usage
        var lines: [String] = []
        if let device = report.device {
            lines.append(
                "\(file) — Cortex-M4: RAM \(grouped(device.totalRAMBytes)) bytes, flash \(grouped(device.flashBytes)) bytes"
            )
        } else {
            lines.append(
                "\(file) — arena \(grouped(usage.totalBytes)) bytes = planned \(grouped(usage.plannedBytes)) + persistent "
                    + "\(grouped(usage.persistentBytes))"
                    + (usage.alignmentBytes > 0 ? " + alignment \(usage.alignmentBytes)" : ""))
        }
        var summary = TextTable([.init(title: ""), .init(title: "", maxWidth: 140)])
        let gap = usage.plannedBytes - usage.lowerBoundBytes
        let boundNote =
            gap == 0
            ? "at the peak-live lower bound"
            : gap < 0
                ? "\(grouped(-gap)) below the peak-live lower bound \(grouped(usage.lowerBoundBytes)) through aliasing"
                : "\(grouped(gap)) above the peak-live lower bound \(grouped(usage.lowerBoundBytes))"
        summary.add([
            "planned",
            "\(grouped(usage.plannedBytes)) bytes for \(report.tensors.count) tensors and \(report.scratch.count) scratch buffers (\(boundNote))",
        ])
        let kinds = PersistentKind.allCases.compactMap { kind -> String? in
            let bytes = usage.persistentBytes(of: kind)
            return bytes > 0 ? "\(kind.label) \(grouped(bytes))" : nil
        }.joined(separator: ", ")
        summary.add(["persistent", "\(grouped(usage.persistentBytes)) bytes: \(kinds)"])
        if let device = report.device {
            summary.add(["target", "cortex-m4 (the reference firmware, as tools/device/run.sh measures it)"])
            summary.add([
                "device arena",
                "\(grouped(device.arenaBytes)) bytes = planned \(grouped(usage.headBytes)) (deterministic planner) "
                    + "+ persistent \(grouped(usage.persistentBytesOnDevice)) (armv7em); exact",
            ])
            summary.add([
                "static RAM", "\(grouped(device.staticRAMBytes)) bytes (.data + .bss outside the arena and stack)",
            ])
            summary.add([
                "stack",
                "\(grouped(device.stackBytes)) bytes: a conservative table value (the deepest measured on the device, DeviceCodeTable)",
            ])
            summary.add(["device RAM", "\(grouped(device.totalRAMBytes)) bytes = arena + static + stack"])
            summary.add([
                "device code",
                "\(grouped(device.flashCodeBytes)) bytes linked = base \(grouped(DeviceCodeTable.baseBytes)) + "
                    + "\(grouped(device.flashCodeBytes - DeviceCodeTable.baseBytes)) for the operators (real firmwares, libc/libm/libgcc included)"
                    + (device.unmeasuredOperators.isEmpty
                        ? "" : "; no device registration: " + device.unmeasuredOperators.joined(separator: ", ")),
            ])
        } else {
            summary.add([
                "32-bit target",
                "\(grouped(usage.totalBytesOnDevice)) bytes (this plan, the persistent part laid out as on a Cortex-M4)",
            ])
        }
        if let peak = report.peak {
            let live = peak.tensors.prefix(6).map { "\($0.label) \(grouped($0.bytes))" }.joined(separator: ", ")
            summary.add([
                "peak",
                "operator \(peak.operatorIndex) (\(peak.opcode)): \(grouped(peak.liveBytes)) bytes live in "
                    + "\(peak.tensors.count) buffer\(peak.tensors.count == 1 ? "" : "s") — \(live)\(peak.tensors.count > 6 ? ", …" : "")",
            ])
        }
        if let device = report.device {
            summary.add([
                "flash",
                "\(grouped(device.flashBytes)) bytes = model \(grouped(device.flashModelBytes)) + code \(grouped(device.flashCodeBytes))",
            ])
        } else {
            summary.add([
                "flash",
                "\(grouped(report.flashBytes)) bytes = model \(grouped(report.modelBytes)) + code ≈\(grouped(report.codeBytes))",
            ])
            let operatorCode = report.codeBytes - CodeSizeTable.coreBytes
            summary.add([
                "code basis",
                "core \(grouped(CodeSizeTable.coreBytes)) + ≈\(grouped(operatorCode)) for \(report.codeBreakdown.count - 1) "
                    + "operators: Embedded Swift objects for a Cortex-M4 (armv7em, -Osize; tools/measure_code_size.sh)",
            ])
        }
        if let ram = report.budget.ramBytes, let margin = report.ramMargin {
            let board = report.budget.board.map { "\($0.name): " } ?? ""
            var line =
                "\(board)RAM \(grouped(ram)) → margin \(grouped(margin)) bytes (\(percent(report.ramBytes, of: ram)) used)"
            if let flash = report.budget.flashBytes, let flashMargin = report.flashMargin {
                line +=
                    "; flash \(grouped(flash)) → margin \(grouped(flashMargin)) bytes (\(percent(report.flashBytes, of: flash)) used)"
            }
            summary.add(["budget", line])
            summary.add(["verdict", report.fits ? "fits" : "does not fit"])
        }
        lines.append(
            contentsOf: summary.rendered().split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(
                String.init))
        if !report.fits, let shortfall = report.shortfall {
            // Each clause on its own line, so nothing is elided.
            for clause in shortfall.split(separator: ";") { lines.append("    " + String(clause).trimmingSpaces) }
        }
        if tensorTable {
            lines.append("")
            lines.append("Planned buffers (offset order)")
            var table = TextTable([
                .init(title: "#", rightAligned: true), .init(title: "name", maxWidth: 48),
                .init(title: "offset", rightAligned: true), .init(title: "bytes", rightAligned: true),
                .init(title: "first op", rightAligned: true), .init(title: "last op", rightAligned: true),
                .init(title: "shares", maxWidth: 30),
            ])
            for tensor in report.tensors {
                table.add([
                    String(tensor.index), tensor.name, grouped(tensor.offset), grouped(tensor.bytes),
                    String(tensor.first), String(tensor.last), tensor.aliases.map { "#\($0)" }.joined(separator: ","),
                ])
            }
            for entry in report.scratch {
                table.add([
                    "-", "scratch of operator \(entry.operatorIndex)", grouped(entry.offset), grouped(entry.bytes),
                    String(entry.operatorIndex), String(entry.operatorIndex), "",
                ])
            }
            lines.append(table.rendered())
        }
        return lines.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { capLine(String($0)) }.joined(separator: "\n") + "\n"
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "-" }
        return "\(Double(Int(Double(part) / Double(whole) * 1000)) / 10)%"
    }

    public static func json(_ report: ArenaReport, file: String) -> JSONValue {
        let usage = report.usage
        func tensorJSON(_ tensor: ArenaReport.PlannedTensor) -> JSONValue {
            .object([
                ("index", .int(tensor.index)), ("name", .string(tensor.name)), ("bytes", .int(tensor.bytes)),
                ("offset", .int(tensor.offset)), ("first_operator", .int(tensor.first)),
                ("last_operator", .int(tensor.last)),
                ("aliases", .ints(tensor.aliases)),
            ])
        }
        let peak: JSONValue =
            report.peak.map { peak in
                .object([
                    ("operator", .int(peak.operatorIndex)), ("opcode", .string(peak.opcode)),
                    ("live_bytes", .int(peak.liveBytes)), ("tensors", .array(peak.tensors.map(tensorJSON))),
                ])
            } ?? .null
        let device: JSONValue =
            report.device.map { device in
                .object([
                    ("arena_bytes", .int(device.arenaBytes)), ("flash_code_bytes", .int(device.flashCodeBytes)),
                    ("flash_model_bytes", .int(device.flashModelBytes)),
                    ("static_ram_bytes", .int(device.staticRAMBytes)),
                    ("stack_bytes", .int(device.stackBytes)), ("total_ram_bytes", .int(device.totalRAMBytes)),
                    ("flash_bytes", .int(device.flashBytes)), ("stack_basis", .string(DeviceCodeTable.stackBasis)),
                    ("code_basis", .string(DeviceCodeTable.measuredWith)),
                    ("unregistered_operators", .array(device.unmeasuredOperators.map { .string($0) })),
                    ("operators", .array(device.operators.map { .string($0) })),
                ])
            } ?? .null
        return .object([
            ("file", .string(file)),
            ("target", .string(report.target.rawValue)),
            ("fits", .bool(report.fits)),
            ("device", device),
            (
                "arena",
                .object([
                    ("total_bytes", .int(usage.totalBytes)), ("planned_bytes", .int(usage.plannedBytes)),
                    ("persistent_bytes", .int(usage.persistentBytes)), ("alignment_bytes", .int(usage.alignmentBytes)),
                    ("lower_bound_bytes", .int(usage.lowerBoundBytes)),
                    ("total_bytes_32bit", .int(usage.totalBytesOnDevice)),
                    (
                        "persistent",
                        .object(PersistentKind.allCases.map { ($0.label, .int(usage.persistentBytes(of: $0))) })
                    ),
                ])
            ),
            (
                "flash",
                .object([
                    ("total_bytes", .int(report.flashBytes)), ("model_bytes", .int(report.modelBytes)),
                    ("code_bytes", .int(report.codeBytes)),
                    ("code", .object(report.codeBreakdown.map { ($0.name, .int($0.bytes)) })),
                    ("code_basis", .string(CodeSizeTable.measuredWith)),
                ])
            ),
            (
                "budget",
                .object([
                    ("board", .optional(report.budget.board?.name)),
                    ("ram_bytes", report.budget.ramBytes.map { .int($0) } ?? .null),
                    ("flash_bytes", report.budget.flashBytes.map { .int($0) } ?? .null),
                    ("ram_margin_bytes", report.ramMargin.map { .int($0) } ?? .null),
                    ("flash_margin_bytes", report.flashMargin.map { .int($0) } ?? .null),
                    ("shortfall", .optional(report.shortfall)),
                ])
            ),
            ("peak", peak),
            ("tensors", .array(report.tensors.map(tensorJSON))),
            (
                "scratch",
                .array(
                    report.scratch.map {
                        .object([
                            ("operator", .int($0.operatorIndex)), ("bytes", .int($0.bytes)),
                            ("offset", .int($0.offset)),
                        ])
                    })
            ),
        ])
    }

    /// The plan as a timeline: operators along x, arena offset along y, one box per buffer, the
    /// peak operator marked.
    public static func svg(_ report: ArenaReport, file: String) -> String {
        let operators = max(report.operatorCount, 1)
        let planned = max(report.usage.plannedBytes, 16)
        let left = 90.0, top = 50.0, plotWidth = 1000.0, plotHeight = 520.0
        let step = plotWidth / Double(operators)
        func x(_ op: Int) -> Double { left + Double(op) * step }
        func y(_ offset: Int) -> Double { top + plotHeight - Double(offset) / Double(planned) * plotHeight }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(left + plotWidth + 30))" height="\(Int(top + plotHeight + 70))" \
            font-family="Helvetica, Arial, sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="22" font-size="14" font-weight="bold">\(escape(file)): \(grouped(report.usage.plannedBytes)) planned bytes \
            (lower bound \(grouped(report.usage.lowerBoundBytes))), arena \(grouped(report.usage.totalBytes))</text>

            """
        if let peak = report.peak {
            svg +=
                "<rect x=\"\(x(peak.operatorIndex))\" y=\"\(top)\" width=\"\(step)\" height=\"\(plotHeight)\" fill=\"#ffe9e6\"/>\n"
            svg +=
                "<text x=\"\(max(x(peak.operatorIndex) + step / 2, left + 80))\" y=\"\(top - 6)\" text-anchor=\"middle\" fill=\"#c0392b\">"
                + "peak: op \(peak.operatorIndex) \(escape(peak.opcode)), \(grouped(peak.liveBytes)) B</text>\n"
        }
        let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#e15759"]
        var boxes: [(ArenaReport.PlannedTensor, String)] = report.tensors.map { ($0, "#\($0.index) \($0.name)") }
        boxes += report.scratch.map {
            (
                ArenaReport.PlannedTensor(
                    index: -1, name: "scratch", bytes: $0.bytes, offset: $0.offset, first: $0.operatorIndex,
                    last: $0.operatorIndex, aliases: []), "scratch op \($0.operatorIndex)"
            )
        }
        for (number, (tensor, label)) in boxes.enumerated() {
            let bx = x(tensor.first) + 1, bw = max(Double(tensor.last - tensor.first + 1) * step - 2, 1)
            let by = y(tensor.offset + tensor.bytes), bh = max(Double(tensor.bytes) / Double(planned) * plotHeight, 1)
            let color = tensor.index < 0 ? "#bab0ac" : palette[number % palette.count]
            svg +=
                "<rect x=\"\(bx)\" y=\"\(by)\" width=\"\(bw)\" height=\"\(bh)\" fill=\"\(color)\" fill-opacity=\"0.85\" stroke=\"#333\" stroke-width=\"0.5\">"
                + "<title>\(escape(label)): \(grouped(tensor.bytes)) B at \(grouped(tensor.offset)), ops \(tensor.first)–\(tensor.last)</title></rect>\n"
            if bh >= 12 && bw >= 40 {
                let text = tensor.index < 0 ? "scratch" : "#\(tensor.index)"
                svg += "<text x=\"\(bx + 3)\" y=\"\(by + 11)\" fill=\"white\">\(text)</text>\n"
            }
        }
        // Axes: offsets on the left, operators along the bottom.
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\" stroke=\"black\"/>\n"
        svg +=
            "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"black\"/>\n"
        for tick in 0...4 {
            let offset = planned * tick / 4
            svg += "<text x=\"\(left - 6)\" y=\"\(y(offset) + 4)\" text-anchor=\"end\">\(grouped(offset))</text>\n"
            svg +=
                "<line x1=\"\(left - 3)\" y1=\"\(y(offset))\" x2=\"\(left + plotWidth)\" y2=\"\(y(offset))\" stroke=\"#ddd\"/>\n"
        }
        let labelEvery = max(1, operators / 25)
        for op in stride(from: 0, to: operators, by: labelEvery) {
            svg +=
                "<text x=\"\(x(op) + step / 2)\" y=\"\(top + plotHeight + 15)\" text-anchor=\"middle\">\(op)</text>\n"
        }
        svg +=
            "<text x=\"\(left + plotWidth / 2)\" y=\"\(top + plotHeight + 35)\" text-anchor=\"middle\">operator (execution order)</text>\n"
        svg +=
            "<text x=\"20\" y=\"\(top + plotHeight / 2)\" transform=\"rotate(-90 20 \(top + plotHeight / 2))\" text-anchor=\"middle\">arena offset (bytes)</text>\n"
        svg += "</svg>\n"
        return svg
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension PersistentKind {
    /// The report's name for this part of the arena.
    public var label: String {
        switch self {
        case .operatorData: return "operator data"
        case .nodes: return "node records"
        case .ioLists: return "I/O lists"
        case .tensorPointers: return "tensor pointers"
        case .variableTensors: return "variable tensors"
        case .hostKernelData: return "host-only kernel data"
        }
    }
}
