import FlatBufferReader
import KingletRuntime
import TFLiteModel

// The C API of include/kinglet.h, as thin as possible over KingletRuntime.
//
// The C structs are written field by field through raw pointers at the offsets the header fixes
// (kinglet.h checks them with _Static_assert), so no Swift struct has to mirror a C layout.

/// `kinglet_op`: writes one `OpRegistration` into the slot it is given.
public typealias KingletOp = @convention(c) (UnsafeMutableRawPointer?) -> Void

/// `kinglet_status` values.
enum Status {
    static let ok: Int32 = 0
    static let invalidModel: Int32 = 1
    static let unsupportedOperator: Int32 = 2
    static let invalidGraph: Int32 = 3
    static let prepareFailed: Int32 = 4
    static let arenaTooSmall: Int32 = 5
    static let badArgument: Int32 = 6
    static let invokeFailed: Int32 = 7
}

/// What a `kinglet_interpreter *` points at: the first bytes of the caller's arena.
struct DeviceRecord {
    var interpreter: Unmanaged<Interpreter>
    /// Bytes from the start of the caller's arena to the end of what the interpreter uses.
    var arenaUsed: UInt32

    /// The record and the padding after it, so the interpreter's own arena starts 16-byte aligned.
    static var reservedBytes: Int { (MemoryLayout<DeviceRecord>.size + 15) & ~15 }
}

/// `kinglet_error`, filled in one place.
struct ErrorReport {
    var status: Int32
    var reason: Int32 = 0
    var operatorIndex: Int32 = -1
    var opcode: Int32 = -1
    var tensorIndex: Int32 = -1
    var byteOffset: Int32 = -1
    var expected: Int32 = 0
    var actual: Int32 = 0

    init(_ status: Int32) { self.status = status }

    /// Writes the report to `out` (a `kinglet_error *`, may be nil) and returns its status.
    func store(_ out: UnsafeMutableRawPointer?) -> Int32 {
        if let out {
            // Field by field: no array, so nothing is allocated.
            out.storeBytes(of: status, toByteOffset: 0, as: Int32.self)
            out.storeBytes(of: reason, toByteOffset: 4, as: Int32.self)
            out.storeBytes(of: operatorIndex, toByteOffset: 8, as: Int32.self)
            out.storeBytes(of: opcode, toByteOffset: 12, as: Int32.self)
            out.storeBytes(of: tensorIndex, toByteOffset: 16, as: Int32.self)
            out.storeBytes(of: byteOffset, toByteOffset: 20, as: Int32.self)
            out.storeBytes(of: expected, toByteOffset: 24, as: Int32.self)
            out.storeBytes(of: actual, toByteOffset: 28, as: Int32.self)
        }
        return status
    }
}

func clamp32(_ value: Int) -> Int32 { Int32(clamping: value) }

extension ErrorReport {
    init(_ error: VerificationError) {
        self.init(Status.invalidModel)
        byteOffset = clamp32(error.offset)
        switch error.kind {
        case .bufferSize(let size): reason = 1; actual = clamp32(size)
        case .outOfBounds(let length): reason = 2; expected = clamp32(length)
        case .misaligned(let alignment): reason = 3; expected = clamp32(alignment)
        case .invalidVTable(let size): reason = 4; actual = clamp32(size)
        case .fieldOutsideTable(let field): reason = 5; actual = clamp32(field)
        case .vectorTooLong(let elements): reason = 6; actual = Int32(truncatingIfNeeded: elements)
        case .unterminatedString: reason = 7
        case .unionTypeWithoutValue(let type): reason = 8; actual = Int32(type)
        case .unknownUnionType(let type): reason = 9; actual = Int32(type)
        case .missingField: reason = 10
        case .depthLimit(let limit): reason = 11; expected = clamp32(limit)
        case .tableLimit(let limit): reason = 12; expected = clamp32(limit)
        case .identifierMismatch: reason = 13
        }
    }

    /// `failureStatus`: what an operator failure means here (prepare at load, invoke at run).
    /// `reserved`: the bytes the C layer keeps before the interpreter's arena.
    init(_ error: RuntimeError, model: Model, subgraph: Int, failureStatus: Int32, reserved: Int) {
        switch error {
        case .unsupportedOperators(let list):
            self.init(Status.unsupportedOperator)
            if let first = list.min(by: { $0.firstIndex < $1.firstIndex }) {
                reason = first.detail == nil ? 1 : 2
                operatorIndex = clamp32(first.firstIndex)
                opcode = ErrorReport.opcode(of: first.firstIndex, model: model, subgraph: subgraph)
            }
        case .invalidModel:
            self.init(Status.invalidGraph)
        case .operatorFailed(let index, _, _):
            self.init(failureStatus)
            operatorIndex = clamp32(index)
            opcode = ErrorReport.opcode(of: index, model: model, subgraph: subgraph)
        case .arenaTooSmall(let need, let have):
            self.init(Status.arenaTooSmall)
            expected = clamp32(need + reserved)
            actual = clamp32(have + reserved)
        case .badInput:
            self.init(Status.badArgument)
        }
    }

    /// The BuiltinOperator code of operator `index` of `subgraph`, -1 when there is none.
    static func opcode(of index: Int, model: Model, subgraph: Int) -> Int32 {
        guard let graph = model.subgraphs.element(at: subgraph), let op = graph.operators.element(at: index),
              let code = model.operatorCodes.element(at: Int(op.opcodeIndex))
        else { return -1 }
        return code.builtinCode.rawValue
    }
}

@_cdecl("kinglet_load")
public func kinglet_load(
    _ model: UnsafeRawPointer?, _ modelBytes: UInt32, _ arena: UnsafeMutableRawPointer?, _ arenaBytes: UInt32,
    _ ops: UnsafePointer<KingletOp?>?, _ opCount: UInt32,
    _ interpreterOut: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ errorOut: UnsafeMutableRawPointer?
) -> Int32 {
    interpreterOut?.pointee = nil
    guard let model, let arena, let interpreterOut, ops != nil || opCount == 0 else {
        return ErrorReport(Status.badArgument).store(errorOut)
    }
    // The verifier reads scalars at their natural alignment relative to the start of the buffer.
    guard Int(bitPattern: model) % 16 == 0 else {
        var report = ErrorReport(Status.badArgument)
        report.expected = 16
        report.actual = Int32(Int(bitPattern: model) % 16)
        return report.store(errorOut)
    }
    // The record sits at the arena's first 16-byte boundary; the interpreter gets the rest.
    let padding = (16 - Int(bitPattern: arena) % 16) % 16
    let reserved = padding + DeviceRecord.reservedBytes
    guard Int(arenaBytes) >= reserved else {
        var report = ErrorReport(Status.arenaTooSmall)
        report.actual = Int32(truncatingIfNeeded: arenaBytes)
        return report.store(errorOut)
    }

    for position in 0..<Int(opCount) where ops.unsafelyUnwrapped[position] == nil {
        return ErrorReport(Status.badArgument).store(errorOut)
    }

    let verified: Model
    do {
        verified = try Model.verify(ByteRegion(base: model, count: Int(modelBytes)))
    } catch {
        return ErrorReport(error).store(errorOut)
    }

    var resolver = OpResolver()
    for position in 0..<Int(opCount) {
        let op = ops.unsafelyUnwrapped[position].unsafelyUnwrapped
        withUnsafeTemporaryAllocation(of: OpRegistration.self, capacity: 1) { slot in
            let pointer = slot.baseAddress.unsafelyUnwrapped
            op(UnsafeMutableRawPointer(pointer))
            resolver.add(pointer.move())
        }
    }

    let recordAddress = arena + padding
    let interpreterArena = UnsafeMutableRawBufferPointer(
        start: recordAddress + DeviceRecord.reservedBytes, count: Int(arenaBytes) - reserved)
    let interpreter: Interpreter
    do {
        interpreter = try Interpreter(model: verified, arena: interpreterArena, resolver: resolver)
    } catch {
        return ErrorReport(error, model: verified, subgraph: 0, failureStatus: Status.prepareFailed, reserved: reserved)
            .store(errorOut)
    }
    let record = DeviceRecord(
        interpreter: .passRetained(interpreter), arenaUsed: UInt32(truncatingIfNeeded: reserved + interpreter.usage.totalBytes))
    recordAddress.bindMemory(to: DeviceRecord.self, capacity: 1).initialize(to: record)
    interpreterOut.pointee = recordAddress
    return ErrorReport(Status.ok).store(errorOut)
}

func record(_ handle: UnsafeRawPointer?) -> DeviceRecord? {
    handle?.assumingMemoryBound(to: DeviceRecord.self).pointee
}

@_cdecl("kinglet_arena_used")
public func kinglet_arena_used(_ handle: UnsafeRawPointer?) -> UInt32 {
    record(handle)?.arenaUsed ?? 0
}

@_cdecl("kinglet_input_count")
public func kinglet_input_count(_ handle: UnsafeRawPointer?) -> UInt32 {
    guard let record = record(handle) else { return 0 }
    return UInt32(truncatingIfNeeded: record.interpreter.takeUnretainedValue().inputCount)
}

@_cdecl("kinglet_output_count")
public func kinglet_output_count(_ handle: UnsafeRawPointer?) -> UInt32 {
    guard let record = record(handle) else { return 0 }
    return UInt32(truncatingIfNeeded: record.interpreter.takeUnretainedValue().outputCount)
}

/// Writes `tensor` as a `kinglet_tensor`: the data pointer, then eleven 32-bit fields.
func store(_ tensor: TensorHandle, to out: UnsafeMutableRawPointer) {
    let pointerSize = MemoryLayout<UnsafeMutableRawPointer?>.size
    out.storeBytes(of: tensor.data, as: UnsafeMutableRawPointer?.self)
    let fields = out + pointerSize
    fields.storeBytes(of: UInt32(truncatingIfNeeded: tensor.data == nil ? 0 : tensor.byteCount), toByteOffset: 0, as: UInt32.self)
    fields.storeBytes(of: Int32(tensor.type.rawValue), toByteOffset: 4, as: Int32.self)
    fields.storeBytes(of: Int32(truncatingIfNeeded: tensor.shape.count), toByteOffset: 8, as: Int32.self)
    for dimension in 0..<6 {
        let value = dimension < tensor.shape.count ? Int32(truncatingIfNeeded: tensor.shape[dimension]) : 0
        fields.storeBytes(of: value, toByteOffset: 12 + 4 * dimension, as: Int32.self)
    }
    fields.storeBytes(of: tensor.scale ?? 0, toByteOffset: 36, as: Float.self)
    fields.storeBytes(of: tensor.zeroPoint ?? 0, toByteOffset: 40, as: Int32.self)
}

@_cdecl("kinglet_input")
public func kinglet_input(_ handle: UnsafeRawPointer?, _ index: UInt32, _ out: UnsafeMutableRawPointer?) -> Int32 {
    guard let record = record(handle), let out else { return Status.badArgument }
    guard let tensor = try? record.interpreter.takeUnretainedValue().input(Int(index)) else { return Status.badArgument }
    store(tensor, to: out)
    return Status.ok
}

@_cdecl("kinglet_output")
public func kinglet_output(_ handle: UnsafeRawPointer?, _ index: UInt32, _ out: UnsafeMutableRawPointer?) -> Int32 {
    guard let record = record(handle), let out else { return Status.badArgument }
    guard let tensor = try? record.interpreter.takeUnretainedValue().output(Int(index)) else { return Status.badArgument }
    store(tensor, to: out)
    return Status.ok
}

@_cdecl("kinglet_invoke")
public func kinglet_invoke(_ handle: UnsafeMutableRawPointer?, _ errorOut: UnsafeMutableRawPointer?) -> Int32 {
    guard let record = record(handle) else { return ErrorReport(Status.badArgument).store(errorOut) }
    let interpreter = record.interpreter.takeUnretainedValue()
    do {
        try interpreter.invoke()
    } catch {
        return ErrorReport(error, model: interpreter.model, subgraph: interpreter.subgraphIndex,
                           failureStatus: Status.invokeFailed, reserved: 0).store(errorOut)
    }
    return ErrorReport(Status.ok).store(errorOut)
}
