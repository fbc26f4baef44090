import KingletRuntime
import TFLiteModel

/// `kinglet report`: one self-contained HTML page about a model — the summary, the operator graph
/// as a DAG, a sortable per-layer table (MACs, parameters, weight, activation and live arena
/// bytes), the arena timeline with its peak, the budget verdict for Kinglet and TFLM, and the
/// quantization of every tensor.
///
/// The page loads nothing: CSS and the sorting script are inline, the graph and the charts are
/// inline SVG laid out here, fonts are the browser's own. Every string from the model (tensor and
/// operator names, the description) is hostile input and goes through `HTMLReport.escape`.
public struct HTMLReport {
    public var file: String
    public var facts: ModelFacts
    /// The arena plan on the budget's target, or nil when the model cannot be prepared.
    public var arena: ArenaReport?
    /// Why there is no plan (the runtime's message), when `arena` is nil.
    public var arenaProblem: String?
    public var budget: Budget
    /// TFLM's arena for this model when a predictor gives it (`budget --runtime tflm`); until
    /// then the verdict says "TFLM: not predicted".
    public var tflmArenaBytes: Int?

    public init(
        file: String, facts: ModelFacts, arena: ArenaReport?, arenaProblem: String? = nil, budget: Budget? = nil,
        tflmArenaBytes: Int? = nil
    ) {
        self.file = file
        self.facts = facts
        self.arena = arena
        self.arenaProblem = arenaProblem
        self.budget = budget ?? arena?.budget ?? Budget()
        self.tflmArenaBytes = tflmArenaBytes
    }

    /// Plans the model's arena for `budget` (keeping the runtime's message when it cannot).
    public init(
        file: String, model: Model, budget: Budget, resolver: OpResolver = .allBuiltins, tflmArenaBytes: Int? = nil
    ) {
        let facts = ModelFacts(model)
        do throws(RuntimeError) {
            let arena = try ArenaReport(model: model, budget: budget, resolver: resolver)
            self.init(file: file, facts: facts, arena: arena, budget: budget, tflmArenaBytes: tflmArenaBytes)
        } catch {
            self.init(
                file: file, facts: facts, arena: nil, arenaProblem: error.message, budget: budget,
                tflmArenaBytes: tflmArenaBytes)
        }
    }

    var model: Model { facts.model }

    /// One row of the per-layer table.
    struct Layer {
        var index: Int
        var name: String
        var inputs: [Int]
        var outputs: [Int]
        var macs: Int64?
        var bops: Int64?
        var parameters: Int
        var weightBytes: Int
        var activationBytes: Int
        var liveBytes: Int?
    }

    /// The main subgraph's operators with their figures.
    func layers(_ subgraph: SubGraph) -> [Layer] {
        let tensors = subgraph.tensors
        var result: [Layer] = []
        for (index, op) in subgraph.operators.enumerated() {
            var layer = Layer(
                index: index, name: Self.operatorName(op, model: model), inputs: op.inputs.map(Int.init),
                outputs: op.outputs.map(Int.init), macs: facts.macs.first?.element(at: index) ?? nil,
                bops: facts.bops.first?.element(at: index) ?? nil, parameters: 0, weightBytes: 0, activationBytes: 0,
                liveBytes: arena?.liveBytes.element(at: index))
            var weightBuffers: [Int] = []
            for input in op.inputs {
                guard let tensor = tensors.element(at: Int(input)) else { continue }
                if ModelFacts.isConstant(tensor, in: model) {
                    layer.parameters += tensor.elementCount ?? 0
                    if !weightBuffers.contains(tensor.buffer) {
                        weightBuffers.append(tensor.buffer)
                        layer.weightBytes += model.bufferData(tensor.buffer)?.count ?? 0
                    }
                } else {
                    layer.activationBytes += tensor.byteCount ?? 0
                }
            }
            for output in op.outputs {
                if let tensor = tensors.element(at: Int(output)) { layer.activationBytes += tensor.byteCount ?? 0 }
            }
            result.append(layer)
        }
        return result
    }

    public func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Kinglet report: \(Self.escape(file))</title>
            <style>\(Self.css)</style>
            </head>
            <body>

            """
        html += header()
        html += "<div class=\"row\">\n" + summarySection() + budgetSection() + "</div>\n"
        if let arena { html += liveSection(arena) }
        if let subgraph = model.subgraphs.first {
            html += "<div class=\"row\">\n" + graphSection(subgraph) + layerSection(subgraph) + "</div>\n"
        }
        if let arena { html += timelineSection(arena) }
        if let subgraph = model.subgraphs.first { html += quantizationSection(subgraph) }
        html +=
            "<footer>Written by <code>kinglet report</code>. The page loads nothing: no network, no fonts.</footer>\n"
        html += "<script>\(Self.script)</script>\n</body>\n</html>\n"
        return html
    }

    // MARK: Sections

    func header() -> String {
        let identifier = model.identifier.map { "identifier \(Self.escape($0))" } ?? "no file identifier"
        return """
            <header><h1>\(Self.escape(file))</h1>
            <p class="sub">\(grouped(model.bytes.count)) bytes · TFLite schema v\(model.version) · \(identifier) · \
            \(model.subgraphs.count) subgraph\(model.subgraphs.count == 1 ? "" : "s")</p></header>

            """
    }

    func summarySection() -> String {
        var rows: [(String, String)] = []
        if let description = model.description { rows.append(("description", Self.escape(Self.clip(description)))) }
        let operatorCount = facts.histogram.reduce(0) { $0 + $1.count }
        let histogram = facts.histogram.map { "\(Self.escape(Self.clip($0.name, 40))) ×\($0.count)" }
            .joined(separator: ", ")
        rows.append(("operators", "\(operatorCount)" + (histogram.isEmpty ? "" : " — " + histogram)))
        let constants = model.subgraphs.reduce(0) { count, subgraph in
            count + subgraph.tensors.filter { ModelFacts.isConstant($0, in: model) }.count
        }
        rows.append(("weights", "\(grouped(facts.weightBytes)) bytes in \(constants) constant tensors"))
        var scheme = facts.scheme.rawValue
        if let main = model.subgraphs.first {
            func types(_ indices: ScalarVector<Int32>) -> String {
                indices.map { main.tensors.element(at: Int($0)).map { $0.type.description } ?? "?" }
                    .joined(separator: ",")
            }
            scheme += " (input \(types(main.inputs)), output \(types(main.outputs)))"
        }
        rows.append(("quantization", Self.escape(scheme)))
        rows.append(
            (
                "compute",
                "\(grouped(facts.totalMACs)) MACs" + (facts.totalBOPs > 0 ? ", \(grouped(facts.totalBOPs)) BOPs" : "")
            ))
        if let arena {
            let usage = arena.usage
            rows.append(
                (
                    "arena",
                    "\(grouped(usage.totalBytes)) bytes = planned \(grouped(usage.plannedBytes)) + persistent "
                        + "\(grouped(usage.persistentBytes))"
                        + (arena.device.map { "; on a Cortex-M4 \(grouped($0.arenaBytes))" } ?? "")
                ))
            if let peak = arena.peak {
                rows.append(
                    (
                        "peak",
                        "operator <a href=\"#op-\(peak.operatorIndex)\">\(peak.operatorIndex)</a> "
                            + "(\(Self.escape(peak.opcode))): \(grouped(peak.liveBytes)) bytes live in "
                            + "\(peak.tensors.count) buffer\(peak.tensors.count == 1 ? "" : "s")"
                    ))
            }
            rows.append(
                (
                    "flash",
                    "\(grouped(arena.flashBytes)) bytes = model \(grouped(arena.modelBytes)) + code "
                        + (arena.device == nil ? "≈" : "") + grouped(arena.flashCodeBytes)
                ))
        } else {
            rows.append(("arena", "<span class=\"bad\">not planned</span>: " + Self.escape(arenaProblem ?? "unknown")))
        }
        return "<section id=\"summary\"><h2>Summary</h2>\n" + Self.keyValueTable(rows) + "</section>\n"
    }

    func budgetSection() -> String {
        var html = "<section id=\"budget\"><h2>Budget</h2>\n"
        if let board = budget.board {
            html +=
                "<p>Board <b>\(Self.escape(board.name))</b> — \(Self.escape(board.description)): RAM "
                + "\(grouped(board.ramBytes / 1024)) KiB, flash \(grouped(board.flashBytes / 1024)) KiB; "
                + "figures for \(Self.escape(budget.target.rawValue)).</p>\n"
        } else if budget.ramBytes != nil || budget.flashBytes != nil {
            html +=
                "<p>RAM \(budget.ramBytes.map(grouped) ?? "any") bytes, flash \(budget.flashBytes.map(grouped) ?? "any") "
                + "bytes; figures for \(Self.escape(budget.target.rawValue)).</p>\n"
        } else {
            html +=
                "<p>No board given: <code>--board NAME</code> checks one (<code>kinglet budget --board list</code>).</p>\n"
        }
        html +=
            "<table class=\"verdict\"><thead><tr><th>runtime</th><th>needs</th><th>budget</th><th>margin</th>"
            + "<th>verdict</th></tr></thead><tbody>\n"
        func row(_ runtime: String, _ what: String, needs: Int?, budget: Int?, unknown: String) -> String {
            guard let needs else {
                return "<tr><td>\(runtime)</td><td colspan=\"4\" class=\"muted\">\(unknown)</td></tr>\n"
            }
            var cells = "<td>\(runtime)</td><td class=\"num\">\(grouped(needs)) B \(what)</td>"
            if let budget {
                let margin = budget - needs
                cells += "<td class=\"num\">\(grouped(budget)) B</td><td class=\"num\">\(grouped(margin)) B</td>"
                cells += margin >= 0 ? "<td class=\"good\">fits</td>" : "<td class=\"bad\">does not fit</td>"
            } else {
                cells += "<td class=\"muted\">—</td><td class=\"muted\">—</td><td class=\"muted\">no budget</td>"
            }
            return "<tr>\(cells)</tr>\n"
        }
        if let arena {
            let ramWhat = arena.device == nil ? "RAM (arena)" : "RAM (arena + static + stack)"
            html += row("Kinglet", ramWhat, needs: arena.ramBytes, budget: budget.ramBytes, unknown: "")
            html += row(
                "Kinglet", "flash (model + code)", needs: arena.flashBytes, budget: budget.flashBytes, unknown: "")
        } else {
            html += row(
                "Kinglet", "", needs: nil, budget: nil,
                unknown: "not planned: " + Self.escape(arenaProblem ?? "unknown"))
        }
        html += row(
            "TFLM", "RAM (arena)", needs: tflmArenaBytes, budget: budget.ramBytes, unknown: "TFLM: not predicted")
        html += "</tbody></table>\n"
        if let shortfall = arena?.shortfall { html += "<p class=\"bad\">\(Self.escape(shortfall))</p>\n" }
        return html + "</section>\n"
    }

    /// Live planned bytes per operator as bars, the peak's in red.
    func liveSection(_ arena: ArenaReport) -> String {
        let live = arena.liveBytes
        let plotWidth = 1200.0, plotHeight = 110.0, left = 70.0, top = 18.0
        let highest = max(live.max() ?? 0, 1)
        let step = plotWidth / Double(max(live.count, 1))
        var svg =
            "<svg id=\"live-bytes\" width=\"\(Self.number(left + plotWidth + 10))\" height=\"\(Self.number(top + plotHeight + 30))\" "
            + "role=\"img\" aria-label=\"live arena bytes per operator\">\n"
        svg +=
            "<text x=\"\(Self.number(left - 6))\" y=\"\(Self.number(top + 8))\" text-anchor=\"end\" class=\"axis\">\(Self.short(Int64(highest)))</text>\n"
            + "<text x=\"\(Self.number(left - 6))\" y=\"\(Self.number(top + plotHeight))\" text-anchor=\"end\" class=\"axis\">0</text>\n"
            + "<line x1=\"\(Self.number(left))\" y1=\"\(Self.number(top + plotHeight))\" x2=\"\(Self.number(left + plotWidth))\" "
            + "y2=\"\(Self.number(top + plotHeight))\" stroke=\"#888\"/>\n"
        for (index, bytes) in live.enumerated() {
            let height = max(Double(bytes) / Double(highest) * plotHeight, bytes > 0 ? 1 : 0)
            let isPeak = arena.peak?.operatorIndex == index
            svg +=
                "<rect x=\"\(Self.number(left + Double(index) * step + step * 0.1))\" y=\"\(Self.number(top + plotHeight - height))\" "
                + "width=\"\(Self.number(max(step * 0.8, 0.5)))\" height=\"\(Self.number(height))\" "
                + (isPeak ? "class=\"peak-bar\" fill=\"#c0392b\"" : "fill=\"#4e79a7\"")
                + "><title>operator \(index): \(grouped(bytes)) bytes live</title></rect>\n"
        }
        if let peak = arena.peak {
            let x = left + (Double(peak.operatorIndex) + 0.5) * step
            svg +=
                "<text x=\"\(Self.number(min(max(x, left + 90), left + plotWidth - 90)))\" y=\"\(Self.number(top - 5))\" "
                + "text-anchor=\"middle\" fill=\"#c0392b\">peak: operator \(peak.operatorIndex) "
                + "(\(Self.escape(peak.opcode))), \(grouped(peak.liveBytes)) B</text>\n"
        }
        svg +=
            "<text x=\"\(Self.number(left + plotWidth / 2))\" y=\"\(Self.number(top + plotHeight + 22))\" text-anchor=\"middle\" "
            + "class=\"axis\">operator (execution order) → planned bytes alive</text>\n</svg>\n"
        return
            "<section id=\"live\"><h2>Live arena bytes per operator</h2>\n<div class=\"scroll\">\(svg)</div></section>\n"
    }

    func graphSection(_ subgraph: SubGraph) -> String {
        let graph = OperatorGraph(subgraph, model: model)
        let others = model.subgraphs.count - 1
        let note = others > 0 ? " (subgraph 0; \(others) more not drawn)" : ""
        return "<section id=\"graph\"><h2>Operator graph\(note)</h2>\n<div class=\"scroll tall\">"
            + graphSVG(graph, subgraph: subgraph) + "</div></section>\n"
    }

    func graphSVG(_ graph: OperatorGraph, subgraph: SubGraph) -> String {
        let tensors = subgraph.tensors
        let number = Self.number
        let box = OperatorGraph.boxHeight
        var svg =
            "<svg id=\"operator-graph\" width=\"\(number(graph.width))\" height=\"\(number(graph.height))\" "
            + "role=\"img\" aria-label=\"operator graph\">\n"
        func tensorTitle(_ index: Int) -> String {
            guard let tensor = tensors.element(at: index) else { return "#\(index)" }
            return "#\(index) \(Self.escape(Self.clip(tensor.name ?? "", 200))) \(tensor.type.description) "
                + Self.shapeText(tensor)
        }
        for edge in graph.edges {
            let from = graph.nodes[edge.from], to = graph.nodes[edge.to]
            var d = "M\(number(from.x)) \(number(from.y + box))"
            var current = (x: from.x, y: from.y + box)
            func curve(to x: Double, _ y: Double) {
                let middle = (current.y + y) / 2
                d += " C\(number(current.x)) \(number(middle)) \(number(x)) \(number(middle)) \(number(x)) \(number(y))"
                current = (x, y)
            }
            for dummy in edge.via.map({ graph.nodes[$0] }) {
                curve(to: dummy.x, dummy.y)
                d += " L\(number(dummy.x)) \(number(dummy.y + box))"
                current = (dummy.x, dummy.y + box)
            }
            let endX = to.x - to.width / 2 + to.width * Double(edge.port + 1) / Double(edge.ports + 1)
            let endY = to.y
            curve(to: endX, endY - 6)
            let label = tensors.element(at: edge.tensor).map(Self.shapeText) ?? "?"
            let labelY = endY - 10 - Double(edge.port % 2) * 11
            svg +=
                "<g class=\"edge\"><title>\(tensorTitle(edge.tensor))</title><path d=\"\(d)\"/>"
                + "<polygon points=\"\(number(endX - 4)),\(number(endY - 7)) \(number(endX + 4)),\(number(endY - 7)) "
                + "\(number(endX)),\(number(endY))\"/>"
                + "<text x=\"\(number(endX + 5))\" y=\"\(number(labelY))\">\(Self.escape(label))</text></g>\n"
        }
        let peak = arena?.peak?.operatorIndex
        for node in graph.nodes {
            let left = node.x - node.width / 2
            switch node.kind {
            case .dummy:
                continue
            case .op(let index):
                guard let op = subgraph.operators.element(at: index) else { continue }
                let name = Self.operatorName(op, model: model)
                var detail = "#\(index)"
                if let macs = facts.macs.first?.element(at: index) ?? nil { detail += " · \(Self.short(macs)) MACs" }
                if let bops = facts.bops.first?.element(at: index) ?? nil { detail += " · \(Self.short(bops)) BOPs" }
                let inputs = op.inputs.map { String($0) }.joined(separator: ",")
                let outputs = op.outputs.map { String($0) }.joined(separator: ",")
                svg +=
                    "<g class=\"node \(Self.category(name))\(peak == index ? " peak" : "")\" id=\"node-\(index)\">"
                    + "<title>operator \(index) \(Self.escape(Self.clip(name, 200))): inputs \(inputs) → outputs \(outputs)</title>"
                    + "<rect x=\"\(number(left))\" y=\"\(number(node.y))\" width=\"\(number(node.width))\" height=\"\(number(box))\" rx=\"5\"/>"
                    + "<text x=\"\(number(node.x))\" y=\"\(number(node.y + 16))\" class=\"name\">\(Self.escape(Self.clip(name, 22)))</text>"
                    + "<text x=\"\(number(node.x))\" y=\"\(number(node.y + 31))\">\(detail)</text></g>\n"
            case .input(let tensor), .output(let tensor):
                let isInput = node.kind == .input(tensor)
                let name = tensors.element(at: tensor)?.name ?? ""
                svg +=
                    "<g class=\"node terminal\"><title>\(isInput ? "input" : "output") \(tensorTitle(tensor))</title>"
                    + "<rect x=\"\(number(left))\" y=\"\(number(node.y))\" width=\"\(number(node.width))\" height=\"\(number(box))\" rx=\"19\"/>"
                    + "<text x=\"\(number(node.x))\" y=\"\(number(node.y + 16))\" class=\"name\">\(isInput ? "input" : "output") #\(tensor)</text>"
                    + "<text x=\"\(number(node.x))\" y=\"\(number(node.y + 31))\">\(Self.escape(Self.clip(name, 20)))</text></g>\n"
            }
        }
        return svg + "</svg>\n"
    }

    func layerSection(_ subgraph: SubGraph) -> String {
        let tensors = subgraph.tensors
        let rows = layers(subgraph)
        let showBOPs = facts.totalBOPs > 0
        let peak = arena?.peak?.operatorIndex
        var html =
            "<section id=\"layers\"><h2>Layers</h2>\n<p class=\"muted\">Click a column to sort. Activation bytes: "
            + "the operator's non-constant inputs and outputs; live: planned arena bytes alive while it runs.</p>\n"
            + "<div class=\"scroll tall\"><table class=\"sortable\" id=\"layer-table\" data-operators=\"\(rows.count)\">"
            + "<thead><tr><th data-type=\"number\">#</th><th>operator</th><th>inputs → outputs</th>"
            + "<th data-type=\"number\" data-key=\"macs\">MACs</th>"
            + (showBOPs ? "<th data-type=\"number\">BOPs</th>" : "")
            + "<th data-type=\"number\">params</th><th data-type=\"number\">weight B</th>"
            + "<th data-type=\"number\">activation B</th><th data-type=\"number\">live arena B</th></tr></thead>\n<tbody>\n"
        func shapes(_ list: [Int]) -> String {
            list.map { index in
                guard let tensor = tensors.element(at: index) else { return "#\(index)" }
                return ModelFacts.isConstant(tensor, in: model) ? "" : Self.shapeText(tensor)
            }.filter { !$0.isEmpty }.joined(separator: ", ")
        }
        func numberCell(_ value: Int64?) -> String {
            guard let value else { return "<td class=\"num muted\" data-v=\"-1\">—</td>" }
            return "<td class=\"num\" data-v=\"\(value)\">\(grouped(value))</td>"
        }
        for layer in rows {
            let isPeak = peak == layer.index
            html +=
                "<tr id=\"op-\(layer.index)\"\(isPeak ? " class=\"peak\"" : "")><td class=\"num\" data-v=\"\(layer.index)\">\(layer.index)</td>"
                + "<td>\(Self.escape(Self.clip(layer.name, 40)))\(isPeak ? " <span class=\"tag\">peak</span>" : "")</td>"
                + "<td class=\"shapes\">\(Self.escape(shapes(layer.inputs))) → \(Self.escape(shapes(layer.outputs)))</td>"
                + numberCell(layer.macs) + (showBOPs ? numberCell(layer.bops) : "")
                + numberCell(Int64(layer.parameters)) + numberCell(Int64(layer.weightBytes))
                + numberCell(Int64(layer.activationBytes)) + numberCell(layer.liveBytes.map(Int64.init)) + "</tr>\n"
        }
        return html + "</tbody></table></div></section>\n"
    }

    func timelineSection(_ arena: ArenaReport) -> String {
        // The same drawing as `kinglet budget --svg`, inline: HTML needs no namespace attribute.
        var svg = BudgetRendering.svg(arena, file: file)
        let opening = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        if svg.hasPrefix(opening) { svg = "<svg id=\"arena-timeline\" " + svg.dropFirst(opening.count) }
        return "<section id=\"timeline\"><h2>Arena timeline</h2>\n<p class=\"muted\">Each box is a planned "
            + "buffer: its operators along x, its offset in the arena along y; the peak operator is shaded.</p>\n"
            + "<div class=\"scroll\">\(svg)</div></section>\n"
    }

    func quantizationSection(_ subgraph: SubGraph) -> String {
        let inputs = Set(subgraph.inputs.map(Int.init)), outputs = Set(subgraph.outputs.map(Int.init))
        var html =
            "<section id=\"quantization\"><h2>Tensors and their quantization</h2>\n"
            + "<div class=\"scroll tall\"><table class=\"sortable\" id=\"tensor-table\"><thead><tr>"
            + "<th data-type=\"number\">#</th><th>name</th><th>type</th><th>shape</th><th>kind</th>"
            + "<th data-type=\"number\">bytes</th><th>scheme</th><th>quantization</th></tr></thead>\n<tbody>\n"
        for (index, tensor) in subgraph.tensors.enumerated() {
            var kind =
                ModelFacts.isConstant(tensor, in: model) ? "const" : (tensor.isVariable ? "variable" : "activation")
            if inputs.contains(index) { kind = "input" }
            if outputs.contains(index) { kind = kind == "input" ? "input/output" : "output" }
            var scheme = ""
            if let parameters = tensor.quantization, parameters.isQuantized {
                scheme = parameters.scale.count == 1 ? "per-tensor" : "per-channel"
            }
            let name = tensor.name ?? ""
            html +=
                "<tr><td class=\"num\" data-v=\"\(index)\">\(index)</td>"
                + "<td title=\"\(Self.escape(Self.clip(name, 400)))\">\(Self.escape(Self.clip(name, 48)))</td>"
                + "<td>\(Self.escape(tensor.type.description))</td><td>\(Self.escape(TextReport.shape(tensor)))</td>"
                + "<td>\(kind)</td><td class=\"num\" data-v=\"\(tensor.byteCount ?? -1)\">\(tensor.byteCount.map(grouped) ?? "?")</td>"
                + "<td>\(scheme)</td><td>\(Self.escape(TextReport.quantization(tensor)))</td></tr>\n"
        }
        return html + "</tbody></table></div></section>\n"
    }

    // MARK: Pieces

    static func keyValueTable(_ rows: [(String, String)]) -> String {
        "<table class=\"facts\"><tbody>\n"
            + rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>\n" }.joined() + "</tbody></table>\n"
    }

    /// `CONV_2D`, or a custom operator's code (`LceBconv2d`), or `?`.
    static func operatorName(_ op: Operator, model: Model) -> String {
        let code = model.operatorCodes.element(at: op.opcodeIndex)
        if let code, code.builtinCode == .custom { return code.customCode ?? "CUSTOM" }
        return ModelFacts.opcodeName(code)
    }

    /// A box's colour class in the graph.
    static func category(_ name: String) -> String {
        switch name {
        case "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "TRANSPOSE_CONV", "BATCH_MATMUL", "SVDF",
            "UNIDIRECTIONAL_SEQUENCE_LSTM", "LceBconv2d":
            return "compute"
        case "AVERAGE_POOL_2D", "MAX_POOL_2D", "MEAN", "SUM", "REDUCE_MAX", "REDUCE_MIN", "LceBMaxPool2d":
            return "pool"
        case "RESHAPE", "SQUEEZE", "EXPAND_DIMS", "CONCATENATION", "PACK", "UNPACK", "SPLIT", "SPLIT_V", "TRANSPOSE",
            "STRIDED_SLICE", "SLICE", "PAD", "PADV2", "SHAPE", "GATHER":
            return "layout"
        case "QUANTIZE", "DEQUANTIZE", "CAST", "LceQuantize", "LceDequantize":
            return "convert"
        default:
            return "elementwise"
        }
    }

    /// `1×49×10×1` (a scalar is `scalar`).
    static func shapeText(_ tensor: Tensor) -> String {
        let shape = tensor.shape
        return shape.isEmpty ? "scalar" : shape.map { String($0) }.joined(separator: "×")
    }

    /// `12.3M`, `4.5k`, `999`.
    static func short(_ value: Int64) -> String {
        let magnitude = Double(value.magnitude)
        let sign = value < 0 ? "-" : ""
        for (limit, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= limit {
            let scaled = magnitude / limit
            let text = scaled >= 100 ? String(Int(scaled.rounded())) : String((scaled * 10).rounded() / 10)
            return sign + text + suffix
        }
        return String(value)
    }

    /// A coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }

    /// `text` cut to `limit` characters, ending in `…` when cut.
    static func clip(_ text: String, _ limit: Int = 400) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(max(limit - 1, 0))) + "…"
    }

    /// Text safe in HTML content and in quoted attributes: markup characters as entities, control
    /// characters (a hostile name's NUL, escape or newline) as `?`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            // C0 and C1 controls, DEL, and the noncharacters HTML reports as parse errors.
            let value = scalar.value
            if let entity = entities[scalar] {
                out += entity
            } else if value < 0x20 || (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value)
                || value & 0xFFFE == 0xFFFE
            {
                out += "?"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The markup characters, as entities.
    private static let entities: [Unicode.Scalar: String] = [
        "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;",
    ]

    static let css = """
        :root{color-scheme:light;--ink:#1d2733;--muted:#687585;--line:#d8dee6;--peak:#c0392b}
        *{box-sizing:border-box}
        body{margin:0;padding:18px 24px;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:#f4f6f9}
        header h1{margin:0;font-size:20px;word-break:break-all}
        .sub,.muted{color:var(--muted)}
        .sub{margin:2px 0 12px}
        h2{font-size:15px;margin:0 0 8px}
        section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:0 0 14px;min-width:0}
        .row{display:flex;gap:14px;align-items:flex-start}
        .row>section{flex:1 1 0}
        #graph{flex:0 0 auto;max-width:46%}
        .scroll{overflow:auto}
        .tall{max-height:820px}
        table{border-collapse:collapse;width:100%}
        th,td{padding:3px 8px;border-bottom:1px solid #edf0f4;text-align:left;vertical-align:top}
        thead th{position:sticky;top:0;background:#eef2f7;cursor:pointer;white-space:nowrap;user-select:none}
        thead th[aria-sort=ascending]::after{content:" ▲"}
        thead th[aria-sort=descending]::after{content:" ▼"}
        table.facts th{width:1%;white-space:nowrap;color:var(--muted);font-weight:600}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .shapes{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
        tr.peak td{background:#ffe9e6}
        .tag{background:var(--peak);color:#fff;border-radius:3px;padding:0 4px;font-size:11px}
        .good{color:#1e7b34;font-weight:600}
        .bad{color:var(--peak);font-weight:600}
        code{font-family:ui-monospace,Menlo,Consolas,monospace}
        a{color:#2a5db0}
        svg text{font-size:11px;fill:var(--ink)}
        svg .axis{fill:var(--muted)}
        #operator-graph .edge path{fill:none;stroke:#8a96a6;stroke-width:1.2}
        #operator-graph .edge polygon{fill:#8a96a6}
        #operator-graph .edge text{font-size:9.5px;fill:#4a5664;paint-order:stroke;stroke:#fff;stroke-width:3px}
        #operator-graph .node rect{stroke:#5b6b7f;stroke-width:1;fill:#fdf1dc}
        #operator-graph .node text{text-anchor:middle;font-size:10.5px}
        #operator-graph .node text.name{font-weight:600;font-size:11.5px}
        #operator-graph .compute rect{fill:#dbe8f6}
        #operator-graph .pool rect{fill:#e3f1dd}
        #operator-graph .layout rect{fill:#eeeeee}
        #operator-graph .convert rect{fill:#efe4f5}
        #operator-graph .terminal rect{fill:#fff;stroke-dasharray:3 2}
        #operator-graph .peak rect{stroke:var(--peak);stroke-width:2.5}
        footer{color:var(--muted);font-size:12px;margin-top:4px}
        """

    /// Sorting for `table.sortable`, and a self-check that marks `<html>` with
    /// `data-kinglet-selfcheck="ok"` (or what failed) for tools/report/check_html.py.
    static let script = """
        (function () {
          'use strict';
          var root = document.documentElement;
          var errors = [];
          window.addEventListener('error', function (event) {
            errors.push(String(event.message));
            root.setAttribute('data-kinglet-errors', errors.join(' | '));
          });
          function key(row, column, numeric) {
            var cell = row.cells[column];
            if (!cell) { return numeric ? -Infinity : ''; }
            var value = cell.getAttribute('data-v');
            var text = value === null ? cell.textContent : value;
            if (!numeric) { return text.toLowerCase(); }
            var number = parseFloat(text);
            return isNaN(number) ? -Infinity : number;
          }
          function sortBy(table, column) {
            var heads = table.tHead.rows[0].cells;
            var header = heads[column];
            var numeric = header.getAttribute('data-type') === 'number';
            var ascending = header.getAttribute('aria-sort') !== 'ascending';
            for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute('aria-sort'); }
            header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            var body = table.tBodies[0];
            var keyed = Array.prototype.map.call(body.rows, function (row, index) {
              return { row: row, key: key(row, column, numeric), index: index };
            });
            keyed.sort(function (a, b) {
              if (a.key < b.key) { return ascending ? -1 : 1; }
              if (a.key > b.key) { return ascending ? 1 : -1; }
              return a.index - b.index;
            });
            keyed.forEach(function (entry) { body.appendChild(entry.row); });
          }
          Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
              header.tabIndex = 0;
              header.addEventListener('click', function () { sortBy(table, column); });
              header.addEventListener('keydown', function (event) {
                if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sortBy(table, column); }
              });
            });
          });
          var problems = [];
          var layers = document.getElementById('layer-table');
          if (!document.getElementById('summary')) { problems.push('no summary'); }
          if (layers) {
            var rows = layers.tBodies[0].rows;
            if (rows.length !== parseInt(layers.getAttribute('data-operators'), 10)) { problems.push('layer rows'); }
            var macs = layers.querySelector('th[data-key=macs]').cellIndex;
            sortBy(layers, macs);
            sortBy(layers, macs);
            for (var r = 1; r < rows.length; r++) {
              if (key(rows[r - 1], macs, true) < key(rows[r], macs, true)) { problems.push('sort by MACs'); break; }
            }
            sortBy(layers, 0);
            for (var s = 0; s < rows.length; s++) {
              if (key(rows[s], 0, true) !== s) { problems.push('sort by index'); break; }
            }
            if (!document.getElementById('operator-graph')) { problems.push('no graph'); }
          }
          root.setAttribute('data-kinglet-selfcheck', problems.length ? 'failed: ' + problems.join(', ') : 'ok');
        })();
        """
}

extension Array {
    /// Element `index`, or nil when out of range.
    fileprivate func element(at index: Int) -> Element? {
        index >= 0 && index < count ? self[index] : nil
    }
}
