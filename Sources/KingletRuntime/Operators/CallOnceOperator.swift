import KingletKernels
import TFLiteModel

/// CALL_ONCE's op data: the subgraph it runs on the first invoke, and whether it has.
struct CallOnce {
    var graph: UnsafeMutablePointer<GraphRecord>
    var hasRun: Bool
}

extension OpRegistration {
    /// CALL_ONCE: runs `init_subgraph_index` on the first invoke only (streaming models initialize
    /// their state variables this way).
    public static let callOnce = OpRegistration(.callOnce, inputSlots: 0) {
        (context: inout PrepareContext) throws(RuntimeError) in
        guard context.inputCount == 0, context.outputCount == 0 else {
            throw context.fail(
                context.inputCount != 0
                    ? .inputCount(minimum: 0, maximum: 0, actual: context.inputCount)
                    : .outputCount(minimum: 0, maximum: 0, actual: context.outputCount))
        }
        let target = Int(try context.options(CallOnceOptions.self).initSubgraphIndex)
        guard let graph = context.graphRecord(forSubgraph: target) else {
            throw context.fail(.subgraphNotPrepared(target))
        }
        return try context.prepared(CallOnce(graph: graph, hasRun: false), invoke: callOnceInvoke)
    }
}

private let callOnceInvoke: InvokeFunction = { data, _ in
    let callOnce = opData(data, as: CallOnce.self)
    if callOnce.pointee.hasRun { return InvokeStatus.ok }
    let graph = callOnce.pointee.graph.pointee
    let nodes = graph.nodes
    for index in 0..<graph.nodeCount {
        let node = nodes[index]
        let status = node.invoke(node.opData, node.io)
        if status != InvokeStatus.ok { return status }
    }
    callOnce.pointee.hasRun = true
    return InvokeStatus.ok
}
