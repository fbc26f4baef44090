import KingletKernels
import TFLiteModel

/// READ_VARIABLE / ASSIGN_VARIABLE op data: the variable and the size every access must have.
struct VariableAccess {
    var variable: UnsafeMutablePointer<ResourceVariable>
    var byteCount: Int
}

extension PrepareContext {
    /// The resource variable whose handle is this operator's input 0: the handle must come from a
    /// VAR_HANDLE of the same subgraph (TFLM resolves the same pairing, at run time).
    func resourceVariable() throws(RuntimeError) -> UnsafeMutablePointer<ResourceVariable> {
        let handle = try input(0)
        guard handle.type == .resource || handle.type == .int32, handle.elementCount == 1 else {
            throw fail(.notAResourceHandle(role: .handle, tensor: handle.index))
        }
        for producer in subgraph.operators {
            guard producer.outputs.count == 1, Int(producer.outputs[0]) == handle.index,
                let key = ResourceVariables.key(of: producer), let id = resources.find(key, model: model),
                let table = resources.table
            else { continue }
            return table + id
        }
        throw fail(.handleWithoutVarHandle(tensor: handle.index))
    }
}

extension OpRegistration {
    static func createResourceVariables(_ loader: inout Loader) throws(RuntimeError) {
        try loader.createResourceVariables()
    }

    /// VAR_HANDLE: names a resource variable; the output is its handle.
    /// The variables are created at load, before any operator is prepared, by this registration's
    /// set-up step: a firmware without VAR_HANDLE links none of that code.
    public static let varHandle = OpRegistration(.varHandle, inputSlots: 0, setUp: createResourceVariables) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 0...0, outputs: 1)
        // The handle is one int32 id: the output must hold exactly that.
        let output = try context.output(0)
        guard output.type == .resource || output.type == .int32, output.byteCount == 4 else {
            throw context.fail(.notAResourceHandle(role: .output, tensor: output.index))
        }
        guard let key = ResourceVariables.key(of: context.op),
            let id = context.resources.find(key, model: context.model)
        else {
            throw context.fail(.missingOptions)
        }
        return try context.prepared(Int32(truncatingIfNeeded: id), invoke: varHandleInvoke)
    }

    /// READ_VARIABLE: copies the variable into the output.
    public static let readVariable = OpRegistration(.readVariable, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let variable = try context.resourceVariable()
        let output = try context.output(0)
        return try context.prepared(
            VariableAccess(variable: variable, byteCount: output.byteCount), invoke: readVariableInvoke)
    }

    /// ASSIGN_VARIABLE: copies input 1 into the variable; the first one prepared allocates it.
    public static let assignVariable = OpRegistration(.assignVariable, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2, outputs: 0)
        let variable = try context.resourceVariable()
        let value = try context.input(1)
        if variable.pointee.data == nil && variable.pointee.byteCount == 0 {
            // nil storage: the arena is too small; loading fails after counting what it needs.
            let storage = context.allocator.allocatePersistentData(value.byteCount, kind: .variableTensors)
            if storage == nil && !context.countsOverflow { throw context.arenaFull() }
            // TFLM fills new variables with the value tensor's zero point (as a byte), else 0.
            let fill = value.quantization != nil ? UInt8(truncatingIfNeeded: value.zeroPoint) : 0
            storage?.initializeMemory(as: UInt8.self, repeating: fill, count: value.byteCount)
            variable.pointee.data = storage
            variable.pointee.byteCount = value.byteCount
        }
        guard variable.pointee.byteCount == value.byteCount else {
            throw context.fail(.variableSize(expected: variable.pointee.byteCount, actual: value.byteCount))
        }
        return try context.prepared(
            VariableAccess(variable: variable, byteCount: value.byteCount), invoke: assignVariableInvoke)
    }
}

private let varHandleInvoke: InvokeFunction = { data, io in
    slot(io, 0, as: Int32.self).pointee = opData(data, as: Int32.self).pointee
    return InvokeStatus.ok
}

private let readVariableInvoke: InvokeFunction = { data, io in
    let access = opData(data, as: VariableAccess.self).pointee
    let variable = access.variable.pointee
    // A variable no ASSIGN_VARIABLE created, or of another size: TFLM fails (or DCHECKs) here too.
    guard let source = variable.data, variable.byteCount == access.byteCount else {
        return InvokeStatus.variableMismatch
    }
    rawSlot(io, 1).copyMemory(from: source, byteCount: access.byteCount)
    return InvokeStatus.ok
}

private let assignVariableInvoke: InvokeFunction = { data, io in
    let access = opData(data, as: VariableAccess.self).pointee
    guard let destination = access.variable.pointee.data else { return InvokeStatus.variableMismatch }
    destination.copyMemory(from: rawSlot(io, 1), byteCount: access.byteCount)
    return InvokeStatus.ok
}
