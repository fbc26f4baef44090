import Foundation
import KingletTestSupport
import TFLiteModel
import Testing

@testable import KingletReport

/// `kinglet report`'s page (HTMLReport): self-contained, hostile names escaped, one table row per
/// operator, the peak marked in the table, the live chart and the graph. tools/report/check_html.py
/// loads the same pages in headless Chromium.
@Suite struct HTMLReportTests {
    static func zoo(_ name: String) throws -> ModelFile {
        try ModelFile(copying: Fixtures.bytes(testdata: "zoo/" + name))
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Two float ADDs whose tensor names, custom code and description are markup, quotes and
    /// control characters.
    static func hostileModel() -> TestModel {
        let float32: Int8 = 0
        var spec = TestModel()
        spec.description = Array("<script>alert('description')</script>".utf8)
        spec.operatorCodes = [
            .init(deprecatedBuiltinCode: 0, builtinCode: 0, version: 1),
            .init(deprecatedBuiltinCode: 32, builtinCode: 32, customCode: "<img src=x onerror=alert(1)>"),
        ]
        spec.subgraphs = [
            .init(
                tensors: [
                    .init("</script><script>alert(1)</script>", type: float32, shape: [1, 4]),
                    .init("\"onmouseover=\"alert(2)\" '", type: float32, shape: [1, 4]),
                    .init("a&b<c>\u{0}\u{1B}[31m\u{7F}\u{85}", type: float32, shape: [1, 4]),
                    .init("<style>*{display:none}</style>", type: float32, shape: [1, 4]),
                    .init("custom out", type: float32, shape: [1, 4]),
                ],
                inputs: [0, 1], outputs: [3, 4],
                operators: [
                    .init(opcodeIndex: 0, inputs: [0, 1], outputs: [2]),
                    .init(opcodeIndex: 0, inputs: [2, 1], outputs: [3]),
                    .init(opcodeIndex: 1, inputs: [3], outputs: [4]),
                ])
        ]
        return spec
    }

    static func hostileReport() throws -> (HTMLReport, String) {
        let file = try ModelFile(copying: hostileModel().build().bytes)
        let report = HTMLReport(file: "<b>file</b>.tflite", model: file.model, budget: Budget())
        let html = report.render()
        withExtendedLifetime(file) {}
        return (report, html)
    }

    @Test func escapesHostileNames() throws {
        let (report, html) = try Self.hostileReport()
        // The custom operator cannot be prepared: the page still renders, without a plan.
        #expect(report.arena == nil)
        #expect(html.contains("not planned"))
        #expect(Self.occurrences(of: "<script", in: html) == 1, "only the page's own script")
        #expect(Self.occurrences(of: "<style", in: html) == 1, "only the page's own style sheet")
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>file"))
        #expect(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&quot;onmouseover=&quot;alert(2)&quot; &#39;"))
        #expect(html.contains("a&amp;b&lt;c&gt;??[31m??"))
        #expect(html.contains("&lt;b&gt;file&lt;/b&gt;.tflite"))
        for scalar in html.unicodeScalars {
            #expect(scalar.value >= 0x20 || scalar == "\n", "no control characters: \(scalar.value)")
            #expect(!(0x7F...0x9F).contains(scalar.value))
        }
        #expect(HTMLReport.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
    }

    @Test(arguments: ["ds_cnn_kws", "mobilenet_v2_035", "densenet_block"])
    func containsNoExternalReferences(model: String) throws {
        let file = try Self.zoo(model)
        let html = HTMLReport(file: model, model: file.model, budget: Budget(board: try Board.named("nano33ble")))
            .render()
        withExtendedLifetime(file) {}
        let hostile = try Self.hostileReport().1
        // The hostile page holds `src=` as escaped text (`&lt;img src=x`), never as an attribute.
        for (page, forbidden) in [
            (html, ["://", "http", "src=", "@import", "<link", "url(", "<img", "<iframe", "<object", "<embed"]),
            (hostile, ["://", "http", "@import", "<link", "url(", "<img", "<iframe", "<object", "<embed"]),
        ] {
            for text in forbidden { #expect(!page.lowercased().contains(text), "\(text) in the page") }
            // Links stay inside the page.
            for part in page.components(separatedBy: "href=\"").dropFirst() {
                #expect(part.hasPrefix("#"))
            }
        }
    }

    @Test(arguments: ["ds_cnn_kws", "mobilenet_v2_035", "densenet_block"])
    func oneTableRowPerOperatorAndThePeakMarked(model: String) throws {
        let file = try Self.zoo(model)
        let report = HTMLReport(file: model, model: file.model, budget: Budget())
        let html = report.render()
        let operators = file.model.subgraphs[0].operators.count
        withExtendedLifetime(file) {}
        #expect(Self.occurrences(of: "<tr id=\"op-", in: html) == operators)
        #expect(html.contains("data-operators=\"\(operators)\""))
        for index in 0..<operators { #expect(html.contains("<tr id=\"op-\(index)\"")) }

        let arena = try #require(report.arena)
        let peak = try #require(arena.peak)
        #expect(arena.liveBytes.count == operators)
        #expect(arena.liveBytes.max() == peak.liveBytes, "the live curve peaks at the reported peak")
        #expect(arena.liveBytes[peak.operatorIndex] == peak.liveBytes)
        #expect(Self.occurrences(of: "class=\"peak\"", in: html) == 1)
        let row = "<tr id=\"op-\(peak.operatorIndex)\" class=\"peak\">"
        let rowText = try #require(
            html.components(separatedBy: row).dropFirst().first?.components(separatedBy: "</tr>").first)
        #expect(rowText.contains("<span class=\"tag\">peak</span>"))
        #expect(rowText.hasSuffix("<td class=\"num\" data-v=\"\(peak.liveBytes)\">\(grouped(peak.liveBytes))</td>"))
        #expect(Self.occurrences(of: "class=\"peak-bar\"", in: html) == 1)
        #expect(html.contains("class=\"node compute peak\" id=\"node-\(peak.operatorIndex)\""))
        #expect(html.contains("<svg id=\"arena-timeline\""))
        #expect(html.contains("<svg id=\"operator-graph\""))
    }

    @Test func budgetVerdictForKingletAndTFLM() throws {
        let file = try Self.zoo("ds_cnn_kws")
        let board = try Board.named("nano33ble")
        let unknown = HTMLReport(file: "m", model: file.model, budget: Budget(board: board)).render()
        #expect(unknown.contains("TFLM: not predicted"))
        #expect(unknown.contains("Board <b>nano33ble</b>"))
        #expect(unknown.contains("<td class=\"good\">fits</td>"))
        let small = HTMLReport(
            file: "m", model: file.model, budget: Budget(board: board), tflmArenaBytes: 300 * 1024
        ).render()
        withExtendedLifetime(file) {}
        #expect(!small.contains("not predicted"))
        #expect(small.contains("<td>TFLM</td><td class=\"num\">307,200 B RAM (arena)</td>"))
        #expect(small.contains("<td class=\"bad\">does not fit</td>"))
    }

    /// A layered graph whatever the indices say: every edge goes down at least one layer, boxes in
    /// a layer do not overlap, and the 100-operator chain with skips stays one box wide plus skips.
    @Test func graphIsLayeredOnHostileAndLongModels() throws {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 0, builtinCode: 0, version: 1)]
        var tensors: [TestModel.TensorSpec] = [.init("in", type: 0, shape: [1, 8])]
        var operators: [TestModel.OperatorSpec] = []
        for index in 0..<120 {
            tensors.append(.init("t\(index)", type: 0, shape: [1, 8]))
            let skip = Int32(index >= 3 && index % 3 == 0 ? index - 2 : index)
            operators.append(.init(opcodeIndex: 0, inputs: [Int32(index), skip], outputs: [Int32(index + 1)]))
        }
        // Hostile: reads its own output, a tensor out of range, a tensor nobody writes.
        operators.append(.init(opcodeIndex: 0, inputs: [121, -1, 5000, 120], outputs: [121]))
        tensors.append(.init("self", type: 0, shape: [1, 8]))
        spec.subgraphs = [.init(tensors: tensors, inputs: [0, 7000], outputs: [121, 121, -4], operators: operators)]
        let file = try ModelFile(copying: spec.build().bytes)
        let graph = OperatorGraph(file.model.subgraphs[0], model: file.model)
        withExtendedLifetime(file) {}
        #expect(graph.nodes.filter { if case .op = $0.kind { return true } else { return false } }.count == 121)
        for edge in graph.edges {
            let chain = graph.chain(edge)
            for (a, b) in zip(chain, chain.dropFirst()) {
                #expect(graph.nodes[b].layer == graph.nodes[a].layer + 1)
            }
        }
        #expect(graph.edges.contains { !$0.via.isEmpty }, "the skips pass through dummies")
        var layers: [Int: [OperatorGraph.Node]] = [:]
        for node in graph.nodes { layers[node.layer, default: []].append(node) }
        for (_, nodes) in layers {
            let sorted = nodes.sorted { $0.x < $1.x }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(b.x - b.width / 2 >= a.x + a.width / 2 + OperatorGraph.nodeGap - 0.001)
            }
        }
        #expect(graph.width < 3 * OperatorGraph.operatorWidth, "a chain with short skips stays narrow: \(graph.width)")
        #expect(graph.nodes.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    /// Every model the repository holds (testdata/, the hostile files, the zoo, the binarized
    /// zoo's whole models, ../shared/models): a page, one row per operator, nothing unescaped.
    @Test func everyModelGetsAPage() throws {
        var urls = try Fixtures.testdataModels() + Fixtures.sharedModelFiles()
        for folder in ["hostile", "zoo", "bnn"] {
            let directory = Fixtures.testdata.appendingPathComponent(folder)
            urls += try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "tflite" && !$0.lastPathComponent.contains(".op") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        #expect(urls.count > 40)
        for url in urls {
            guard let file = try? ModelFile(copying: Fixtures.bytes(url)) else { continue }  // does not verify
            let html = HTMLReport(file: url.lastPathComponent, model: file.model, budget: Budget()).render()
            let operators = file.model.subgraphs.first?.operators.count ?? 0
            withExtendedLifetime(file) {}
            #expect(Self.occurrences(of: "<tr id=\"op-", in: html) == operators, "\(url.lastPathComponent)")
            #expect(Self.occurrences(of: "<script", in: html) == 1, "\(url.lastPathComponent)")
            #expect(html.hasSuffix("</html>\n"))
        }
    }

    /// 4,000 operators in a chain that each also read the input: routing every edge through
    /// dummies would take 8 million; the budget keeps the graph (and the page) bounded.
    @Test func dummyNodesAreBounded() throws {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 0, builtinCode: 0, version: 1)]
        let count = 4000
        var tensors: [TestModel.TensorSpec] = [.init("in", type: 0, shape: [1, 2])]
        var operators: [TestModel.OperatorSpec] = []
        for index in 0..<count {
            tensors.append(.init(nil, type: 0, shape: [1, 2]))
            operators.append(.init(opcodeIndex: 0, inputs: [Int32(index), 0], outputs: [Int32(index + 1)]))
        }
        spec.subgraphs = [.init(tensors: tensors, inputs: [0], outputs: [Int32(count)], operators: operators)]
        let file = try ModelFile(copying: spec.build().bytes)
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure {
            html = HTMLReport(file: "chain", facts: ModelFacts(file.model), arena: nil).render()
        }
        let graph = OperatorGraph(file.model.subgraphs[0], model: file.model)
        withExtendedLifetime(file) {}
        let dummies = graph.nodes.filter { $0.kind == .dummy }.count
        #expect(dummies <= OperatorGraph.dummyBudget)
        #expect(graph.edges.count == 2 * count + 1 - 1)
        #expect(Self.occurrences(of: "<tr id=\"op-", in: html) == count)
        #expect(html.utf8.count < 16_000_000, "\(html.utf8.count) bytes")
        #expect(elapsed < .seconds(60), "\(elapsed)")
    }
}
