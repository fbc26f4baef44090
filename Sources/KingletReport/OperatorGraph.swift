import TFLiteModel

/// A subgraph's operators laid out as a layered DAG for the HTML report: operators (and the
/// subgraph's inputs and outputs) are boxes, activation tensors are edges. Layers are the longest
/// path from the inputs, edges that skip layers pass through dummy points, and each layer is
/// ordered by the barycenter of its neighbours, then placed near them without overlapping.
///
/// Every index comes from the model and is checked: a tensor index out of range, a tensor read
/// before any operator writes it or an operator reading its own output adds no edge, so the graph
/// is acyclic whatever the model says.
struct OperatorGraph {
    enum Kind: Equatable {
        case op(Int)
        case input(Int)
        case output(Int)
        case dummy
    }

    struct Node {
        var kind: Kind
        var layer: Int
        var width: Double
        /// Centre x and top y, set by `layout`.
        var x = 0.0
        var y = 0.0
    }

    /// One tensor from a producer to a consumer; `points` run through the dummy nodes between.
    struct Edge {
        var from: Int
        var to: Int
        var tensor: Int
        /// Which of the consumer's inputs this is, and how many it has: spreads the arrows.
        var port: Int
        var ports: Int
        var via: [Int] = []
    }

    static let boxHeight = 38.0, layerGap = 46.0, nodeGap = 22.0, margin = 16.0
    static let operatorWidth = 172.0, terminalWidth = 132.0, dummyWidth = 10.0
    static let dummyBudget = 4000

    private(set) var nodes: [Node] = []
    private(set) var edges: [Edge] = []
    private(set) var width = 0.0
    private(set) var height = 0.0

    init(_ subgraph: SubGraph, model: Model) {
        let tensors = subgraph.tensors
        func activation(_ index: Int32) -> Int? {
            let index = Int(index)
            guard index >= 0, let tensor = tensors.element(at: index), !ModelFacts.isConstant(tensor, in: model)
            else { return nil }
            return index
        }
        var producer: [Int: Int] = [:]
        var predecessors: [[Int]] = []
        func add(_ kind: Kind, layer: Int, width: Double) -> Int {
            nodes.append(Node(kind: kind, layer: layer, width: width))
            predecessors.append([])
            return nodes.count - 1
        }
        for input in subgraph.inputs {
            guard let tensor = activation(input), producer[tensor] == nil else { continue }
            producer[tensor] = add(.input(tensor), layer: 0, width: Self.terminalWidth)
        }
        for (index, op) in subgraph.operators.enumerated() {
            let node = add(.op(index), layer: 0, width: Self.operatorWidth)
            var sources: [(node: Int, tensor: Int)] = []
            for input in op.inputs {
                guard let tensor = activation(input), let source = producer[tensor],
                    !sources.contains(where: { $0.tensor == tensor })
                else { continue }
                sources.append((source, tensor))
            }
            for (port, source) in sources.enumerated() {
                edges.append(Edge(from: source.node, to: node, tensor: source.tensor, port: port, ports: sources.count))
                predecessors[node].append(source.node)
                nodes[node].layer = max(nodes[node].layer, nodes[source.node].layer + 1)
            }
            for output in op.outputs {
                if let tensor = activation(output) { producer[tensor] = node }
            }
        }
        var seenOutputs: [Int] = []
        for output in subgraph.outputs {
            guard let tensor = activation(output), !seenOutputs.contains(tensor), let source = producer[tensor] else {
                continue
            }
            seenOutputs.append(tensor)
            let node = add(.output(tensor), layer: nodes[source].layer + 1, width: Self.terminalWidth)
            edges.append(Edge(from: source, to: node, tensor: tensor, port: 0, ports: 1))
            predecessors[node].append(source)
        }
        // Operators fed by nothing planned (constants only) sit just above their first consumer,
        // not all in the top layer.
        var successors = [[Int]](repeating: [], count: nodes.count)
        for edge in edges { successors[edge.from].append(edge.to) }
        for node in nodes.indices.reversed() where predecessors[node].isEmpty && !successors[node].isEmpty {
            if case .op = nodes[node].kind {
                nodes[node].layer = max((successors[node].map { nodes[$0].layer }.min() ?? 1) - 1, 0)
            }
        }
        // Edges spanning several layers pass through one dummy node per layer they cross, shortest
        // spans first, up to `dummyBudget`: a hostile model whose every operator reads the input
        // would need operators² dummies; the edges past the budget are drawn direct.
        var dummies = 0
        let spans = edges.indices.map { nodes[edges[$0].to].layer - nodes[edges[$0].from].layer }
        for index in edges.indices.sorted(by: { spans[$0] != spans[$1] ? spans[$0] < spans[$1] : $0 < $1 }) {
            let edge = edges[index]
            guard spans[index] > 1, dummies + spans[index] - 1 <= Self.dummyBudget else { continue }
            for layer in stride(from: nodes[edge.from].layer + 1, to: nodes[edge.to].layer, by: 1) {
                edges[index].via.append(add(.dummy, layer: layer, width: Self.dummyWidth))
            }
            dummies += spans[index] - 1
        }
        layout()
        // Each consumer's input arrows enter left to right in the order their sources stand, so
        // two inputs do not cross just above the box.
        var incoming = [[Int]](repeating: [], count: nodes.count)
        for (index, edge) in edges.enumerated() { incoming[edge.to].append(index) }
        for list in incoming where list.count > 1 {
            let sorted = list.sorted { a, b in
                let sourceA = nodes[chain(edges[a]).dropLast().last ?? edges[a].from].x
                let sourceB = nodes[chain(edges[b]).dropLast().last ?? edges[b].from].x
                return sourceA != sourceB ? sourceA < sourceB : edges[a].port < edges[b].port
            }
            for (port, edge) in sorted.enumerated() { edges[edge].port = port }
        }
    }

    /// The chain of nodes an edge passes: its producer, its dummies, its consumer.
    func chain(_ edge: Edge) -> [Int] { [edge.from] + edge.via + [edge.to] }

    private mutating func layout() {
        let layerCount = (nodes.map(\.layer).max() ?? -1) + 1
        var layers = [[Int]](repeating: [], count: layerCount)
        for (index, node) in nodes.enumerated() { layers[node.layer].append(index) }
        // Neighbours one layer up and down, through the dummy chains.
        var up = [[Int]](repeating: [], count: nodes.count)
        var down = [[Int]](repeating: [], count: nodes.count)
        for edge in edges {
            let chain = chain(edge)
            for (a, b) in zip(chain, chain.dropFirst()) {
                down[a].append(b)
                up[b].append(a)
            }
        }
        var position = [Double](repeating: 0, count: nodes.count)
        func number(_ layer: [Int]) { for (rank, node) in layer.enumerated() { position[node] = Double(rank) } }
        for layer in layers { number(layer) }
        // Barycenter ordering: a few sweeps down and up keep crossings low on real models.
        for sweep in 0..<8 {
            let downward = sweep % 2 == 0
            for layerIndex in downward ? Array(1..<max(layerCount, 1)) : Array((0..<max(layerCount - 1, 0)).reversed())
            {
                let neighbours = downward ? up : down
                let keyed = layers[layerIndex].map { node -> (node: Int, key: Double) in
                    let around = neighbours[node]
                    let key =
                        around.isEmpty
                        ? position[node] : around.reduce(0.0) { $0 + position[$1] } / Double(around.count)
                    return (node, key)
                }
                layers[layerIndex] = keyed.enumerated().sorted {
                    $0.element.key != $1.element.key ? $0.element.key < $1.element.key : $0.offset < $1.offset
                }.map(\.element.node)
                number(layers[layerIndex])
            }
        }
        // Coordinates: each node goes to the mean x of its neighbours, pushed right as far as the
        // gap to its left neighbour needs, then the layer shifts back by the mean push.
        var x = [Double](repeating: 0, count: nodes.count)
        for layer in layers {
            var cursor = 0.0
            for node in layer {
                x[node] = cursor + nodes[node].width / 2
                cursor += nodes[node].width + Self.nodeGap
            }
        }
        for sweep in 0..<6 {
            let neighbours = sweep % 2 == 0 ? up : down
            for layer in sweep % 2 == 0 ? layers : layers.reversed() {
                guard !layer.isEmpty else { continue }
                let desired = layer.map { node -> Double in
                    let around = neighbours[node]
                    return around.isEmpty ? x[node] : around.reduce(0.0) { $0 + x[$1] } / Double(around.count)
                }
                var placed = desired
                for index in 1..<layer.count {
                    let least =
                        placed[index - 1] + (nodes[layer[index - 1]].width + nodes[layer[index]].width) / 2
                        + Self.nodeGap
                    placed[index] = max(placed[index], least)
                }
                let shift = zip(desired, placed).reduce(0.0) { $0 + $1.0 - $1.1 } / Double(layer.count)
                for (index, node) in layer.enumerated() { x[node] = placed[index] + shift }
            }
        }
        let left = nodes.indices.map { x[$0] - nodes[$0].width / 2 }.min() ?? 0
        let right = nodes.indices.map { x[$0] + nodes[$0].width / 2 }.max() ?? 0
        for index in nodes.indices {
            nodes[index].x = x[index] - left + Self.margin
            nodes[index].y = Self.margin + 10 + Double(nodes[index].layer) * (Self.boxHeight + Self.layerGap)
        }
        width = right - left + 2 * Self.margin
        height = 2 * Self.margin + 10 + Double(layerCount) * (Self.boxHeight + Self.layerGap) - Self.layerGap
    }
}
