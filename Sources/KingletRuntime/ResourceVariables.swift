import FlatBufferReader
import TFLiteModel

/// One resource variable (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE), kept in the arena.
/// Its storage is allocated by the first ASSIGN_VARIABLE prepared, with that value's size, and
/// filled with the value's int8 zero point (0 otherwise), as TFLM's MicroResourceVariables does.
struct ResourceVariable {
    var data: UnsafeMutableRawPointer?
    var byteCount: Int
    /// The VAR_HANDLE that created this variable's id: its key is read from that operator's options.
    var keySubgraph: Int32
    var keyOperator: Int32
}

/// The model's resource variables, identified as TFLM does: by shared name, and by container
/// unless a VAR_HANDLE leaves the container out. The table lives in the arena's tail; keys are
/// compared as bytes in the model.
struct ResourceVariables {
    var table: UnsafeMutablePointer<ResourceVariable>?
    var count = 0

    /// A VAR_HANDLE's key: its options' container (nil when absent or empty) and shared name.
    struct Key {
        var container: UnsafeRawBufferPointer?
        var sharedName: UnsafeRawBufferPointer

        func matches(_ other: Key) -> Bool {
            guard sameBytes(sharedName, other.sharedName) else { return false }
            guard let container, let otherContainer = other.container else { return true }
            return sameBytes(container, otherContainer)
        }
    }

    /// The key of a VAR_HANDLE operator's options, nil when it has none.
    static func key(of op: Operator) -> Key? {
        guard case .present(let options) = op.options(VarHandleOptions.self) else { return nil }
        func bytes(_ region: ByteRegion?) -> UnsafeRawBufferPointer? {
            region.map { UnsafeRawBufferPointer(start: $0.base, count: $0.count) }
        }
        let container = bytes(options.container).flatMap { $0.isEmpty ? nil : $0 }
        return Key(
            container: container, sharedName: bytes(options.sharedName) ?? UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// The id of the first variable whose key matches.
    func find(_ key: Key, model: Model) -> Int? {
        guard let table else { return nil }
        for id in 0..<count {
            let entry = table[id]
            let op = model.subgraphs[Int(entry.keySubgraph)].operators[Int(entry.keyOperator)]
            if let existing = ResourceVariables.key(of: op), existing.matches(key) { return id }
        }
        return nil
    }
}

extension Loader {
    /// Creates one variable per distinct key over the prepared graphs' VAR_HANDLE operators, in
    /// order (TFLM's CreateIdIfNoneFound). The creating operators are collected in the temporary
    /// area first, so the table holds exactly one entry per variable.
    mutating func createResourceVariables() throws(RuntimeError) {
        var handles = 0
        try forEachVarHandle { (_, _, _) throws(RuntimeError) in handles += 1 }
        guard handles > 0 else { return }
        let mark = temporary.used
        defer { temporary.reset(to: mark) }
        // Fixed-width entries, so the temporary area's size is the same on every target.
        guard let creators = temporary.allocate(OperatorReference.self, count: handles) else {
            throw .arenaTooSmall(need: allocator.leadingPadding + temporary.peak, have: arenaBytes, needIsExact: false)
        }
        var distinct = 0
        try forEachVarHandle { (graph, index, key) throws(RuntimeError) in
            for id in 0..<distinct {
                let creator = model.subgraphs[Int(creators[id].subgraph)].operators[Int(creators[id].index)]
                if let existing = ResourceVariables.key(of: creator), existing.matches(key) { return }
            }
            creators[distinct] = OperatorReference(
                subgraph: Int32(truncatingIfNeeded: graph), index: Int32(truncatingIfNeeded: index))
            distinct += 1
        }
        guard let table = allocator.allocatePersistent(ResourceVariable.self, count: distinct, kind: .operatorData)
        else {
            throw arenaFull()
        }
        for id in 0..<distinct {
            table[id] = ResourceVariable(
                data: nil, byteCount: 0, keySubgraph: creators[id].subgraph, keyOperator: creators[id].index)
        }
        resources = ResourceVariables(table: table, count: distinct)
    }

    /// Calls `body` with every VAR_HANDLE of the prepared graphs and its key.
    func forEachVarHandle(_ body: (Int, Int, ResourceVariables.Key) throws(RuntimeError) -> Void) throws(RuntimeError) {
        try forEachGraph { (_, graph) throws(RuntimeError) in
            let operators = model.subgraphs[graph].operators
            for index in 0..<operators.count {
                let op = operators[index]
                guard model.operatorCodes[op.opcodeIndex].builtinCode == .varHandle else { continue }
                guard let key = ResourceVariables.key(of: op) else {
                    throw operatorFailure(graph, index, .missingOptions)
                }
                try body(graph, index, key)
            }
        }
    }
}

/// An operator of some subgraph, in fixed-width fields (temporary arrays are the same size on every target).
struct OperatorReference {
    var subgraph: Int32
    var index: Int32
}

/// Whether two byte ranges hold the same bytes.
func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    for index in 0..<a.count where a[index] != b[index] { return false }
    return true
}
