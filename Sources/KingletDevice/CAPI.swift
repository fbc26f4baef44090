import FlatBufferReader
import KingletRuntime
import TFLiteModel

// The C API of include/kinglet.h, as thin as possible over KingletRuntime.
//
// The C structs are written field by field through raw pointers at the offsets the header fixes
// (kinglet.h checks them with _Static_assert), so no Swift struct has to mirror a C layout.

/// `kinglet_op`: writes one `OpRegistration` into the slot it is given.
public typealias KingletOp = RegistrationSource

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
    init(_ error: RuntimeError, failureStatus: Int32) {
        switch error {
        case .unsupportedOperators(let list):
            self.init(Status.unsupportedOperator)
            reason = list.first.types.count == 0 ? 1 : 2
            operatorIndex = clamp32(list.first.firstIndex)
            opcode = list.first.opcode.rawValue
            actual = clamp32(list.total)
        case .invalidModel(let problem):
            self.init(Status.invalidGraph)
            switch problem {
            case .readBeforeWrite(let op, let tensor), .writesConstant(let op, let tensor):
                operatorIndex = clamp32(op)
                tensorIndex = clamp32(tensor)
            case .tensorIndexOutOfRange(_, let op, let tensor, let count):
                operatorIndex = clamp32(op)
                actual = clamp32(tensor)
                expected = clamp32(count)
            case .outputNeverWritten(let tensor), .negativeDimension(let tensor), .noFixedSize(let tensor, _),
                .tensorTooLarge(let tensor, _), .bufferOutOfRange(let tensor, _, _), .bufferTooShort(let tensor, _, _),
                .rankTooHigh(let tensor, _), .misalignedData(let tensor, _):
                tensorIndex = clamp32(tensor)
            case .subgraphOutOfRange, .opcodeIndexOutOfRange, .graphTooLarge:
                break
            }
        case .operatorFailed(let failure):
            self.init(failureStatus)
            operatorIndex = clamp32(failure.index)
            opcode = failure.opcode.rawValue
            if case .invoke(let status) = failure.problem { reason = status }
        case .arenaTooSmall(let need, let have, let exact):
            self.init(Status.arenaTooSmall)
            expected = exact ? clamp32(need) : 0
            actual = clamp32(have)
        case .badInput:
            self.init(Status.badArgument)
        #if !hasFeature(Embedded)
            case .host:
                self.init(Status.badArgument)
        #endif
        }
    }

    /// The BuiltinOperator code of operator `index` of `subgraph`, -1 when there is none.
    static func opcode(of index: Int, model: Model, subgraph: Int) -> Int32 {
        guard let graph = model.subgraphs.element(at: subgraph), let op = graph.operators.element(at: index),
            let code = model.operatorCodes.element(at: op.opcodeIndex)
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
    for position in 0..<Int(opCount) where ops.unsafelyUnwrapped[position] == nil {
        return ErrorReport(Status.badArgument).store(errorOut)
    }

    let verified: Model
    do throws(VerificationError) {
        verified = try Model.verify(ByteRegion(base: model, count: Int(modelBytes)))
    } catch {
        return ErrorReport(error).store(errorOut)
    }

    // The caller's list of kinglet_op functions is the resolver: nothing is copied.
    let resolver = OpResolver(sources: UnsafeBufferPointer(start: ops, count: Int(opCount)))
    let interpreter: Interpreter
    do throws(RuntimeError) {
        interpreter = try Interpreter(
            model: verified, arena: UnsafeMutableRawBufferPointer(start: arena, count: Int(arenaBytes)),
            resolver: resolver)
    } catch {
        return ErrorReport(error, failureStatus: Status.prepareFailed).store(errorOut)
    }
    // The interpreter keeps itself in the arena's tail; the handle points there.
    interpreterOut.pointee = UnsafeMutableRawPointer(interpreter.record)
    return ErrorReport(Status.ok).store(errorOut)
}

/// The interpreter a `kinglet_interpreter *` points at.
func interpreter(_ handle: UnsafeRawPointer?) -> Interpreter? {
    handle?.assumingMemoryBound(to: Interpreter.self).pointee
}

@_cdecl("kinglet_arena_used")
public func kinglet_arena_used(_ handle: UnsafeRawPointer?) -> UInt32 {
    interpreter(handle).map { UInt32(truncatingIfNeeded: $0.usage.totalBytes) } ?? 0
}

@_cdecl("kinglet_input_count")
public func kinglet_input_count(_ handle: UnsafeRawPointer?) -> UInt32 {
    interpreter(handle).map { UInt32(truncatingIfNeeded: $0.inputCount) } ?? 0
}

@_cdecl("kinglet_output_count")
public func kinglet_output_count(_ handle: UnsafeRawPointer?) -> UInt32 {
    interpreter(handle).map { UInt32(truncatingIfNeeded: $0.outputCount) } ?? 0
}

/// Writes tensor `index` as a `kinglet_tensor`: the data pointer, then eleven 32-bit fields.
func store(tensor index: Int, of interpreter: Interpreter, to out: UnsafeMutableRawPointer) -> Bool {
    guard let spec = interpreter.spec(ofTensor: index) else { return false }
    let data = interpreter.data(ofTensor: index)
    let pointerSize = MemoryLayout<UnsafeMutableRawPointer?>.size
    out.storeBytes(of: data, as: UnsafeMutableRawPointer?.self)
    let fields = out + pointerSize
    let shape = spec.tensor.shape
    fields.storeBytes(
        of: UInt32(truncatingIfNeeded: data == nil ? 0 : spec.byteCount), toByteOffset: 0, as: UInt32.self)
    fields.storeBytes(of: Int32(spec.type.rawValue), toByteOffset: 4, as: Int32.self)
    fields.storeBytes(of: Int32(truncatingIfNeeded: shape.count), toByteOffset: 8, as: Int32.self)
    for dimension in 0..<6 {
        let value = dimension < shape.count ? shape[dimension] : 0
        fields.storeBytes(of: value, toByteOffset: 12 + 4 * dimension, as: Int32.self)
    }
    let quantized = spec.quantization != nil
    fields.storeBytes(of: quantized ? spec.scale : 0, toByteOffset: 36, as: Float.self)
    fields.storeBytes(of: quantized ? spec.zeroPoint : 0, toByteOffset: 40, as: Int32.self)
    return true
}

@_cdecl("kinglet_input")
public func kinglet_input(_ handle: UnsafeRawPointer?, _ index: UInt32, _ out: UnsafeMutableRawPointer?) -> Int32 {
    storeTensor(handle, out) { $0.inputTensorIndex(Int(index)) }
}

@_cdecl("kinglet_output")
public func kinglet_output(_ handle: UnsafeRawPointer?, _ index: UInt32, _ out: UnsafeMutableRawPointer?) -> Int32 {
    storeTensor(handle, out) { $0.outputTensorIndex(Int(index)) }
}

/// kinglet_input's and kinglet_output's body: `tensor` finds the tensor's index.
private func storeTensor(
    _ handle: UnsafeRawPointer?, _ out: UnsafeMutableRawPointer?, _ tensor: (Interpreter) -> Int?
) -> Int32 {
    guard let interpreter = interpreter(handle), let out, let tensor = tensor(interpreter),
        store(tensor: tensor, of: interpreter, to: out)
    else { return Status.badArgument }
    return Status.ok
}

@_cdecl("kinglet_invoke")
public func kinglet_invoke(_ handle: UnsafeMutableRawPointer?, _ errorOut: UnsafeMutableRawPointer?) -> Int32 {
    guard let interpreter = interpreter(handle) else { return ErrorReport(Status.badArgument).store(errorOut) }
    do throws(RuntimeError) {
        try interpreter.invoke()
    } catch {
        return ErrorReport(error, failureStatus: Status.invokeFailed).store(errorOut)
    }
    return ErrorReport(Status.ok).store(errorOut)
}
