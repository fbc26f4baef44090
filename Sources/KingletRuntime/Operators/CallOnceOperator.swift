import KingletKernels
import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

/// CALL_ONCE's op data: the subgraph it runs on the first invoke, and whether it has.
struct CallOnce {
    var graph: UnsafeMutablePointer<Interpreter.GraphRecord>
    var hasRun: Bool
}

extension OpRegistration {
    /// CALL_ONCE: runs `init_subgraph_index` on the first invoke only (streaming models initialize
    /// their state variables this way).
    public static let callOnce = OpRegistration(.callOnce, inputSlots: 0) { (context: inout PrepareContext) throws(RuntimeError) in
        guard context.inputCount == 0, context.outputCount == 0 else {
            throw context.fail("expects no inputs and no outputs, has \(context.inputCount) and \(context.outputCount)")
        }
        var target = 0
        if case .int(let value)? = context.op.builtinOptions?.value(named: "init_subgraph_index") {
            target = Int(truncatingIfNeeded: value)
        }
        guard let graph = context.graphRecords[target] else {
            throw context.fail("init subgraph \(target) was not prepared")
        }
        let data = context.store(CallOnce(graph: graph, hasRun: false))
        return PreparedOperator(opData: UnsafeMutableRawPointer(data), invoke: callOnceInvoke)
    }
}

private let callOnceInvoke: InvokeFunction = { data, _ in
    let callOnce = opData(data, as: CallOnce.self)
    if callOnce.pointee.hasRun { return InvokeStatus.ok }
    let graph = callOnce.pointee.graph.pointee
    guard let nodes = graph.nodes else { return InvokeStatus.ok }
    for index in 0..<graph.nodeCount {
        let node = nodes[index]
        let status = node.invoke(node.opData, node.io)
        if status != InvokeStatus.ok { return status }
    }
    callOnce.pointee.hasRun = true
    return InvokeStatus.ok
}
