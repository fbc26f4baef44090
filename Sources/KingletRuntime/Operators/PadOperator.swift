import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// PAD: input and constant int32 paddings [rank, 2]; pads with the output zero point (int8) or 0 (int16, int32, float32).
    public static let pad = OpRegistration(.pad, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        return try preparePad(&context, constant: nil)
    }

    /// PADV2: as PAD with a third input, the constant pad value.
    public static let padV2 = OpRegistration(.padV2, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 3...3)
        return try preparePad(&context, constant: try context.input(2))
    }
}

private func preparePad(_ context: inout PrepareContext, constant: TensorSpec?) throws(RuntimeError) -> PreparedOperator
{
    let input = try context.input(0), paddings = try context.input(1), output = try context.output(0)
    try context.expect(paddings, type: .int32, .padding)
    let paddingBytes = try paddings.constantBytes(context, .padding)
    let shapes = (try input.shape(), try output.shape())
    if let constant {
        guard constant.type == input.type, constant.elementCount == 1 else {
            throw context.fail(.notScalar(role: .padValue, tensor: constant.index, type: input.type))
        }
    }
    switch (input.type, output.type) {
    case (.int8, .int8):
        let value = try constant.map { (spec: TensorSpec) throws(RuntimeError) -> Int8 in
            try spec.constantBytes(context, .padValue).load(as: Int8.self)
        }
        return try context.prepared(invoke: constant == nil ? padInt8 : padV2Int8) { () throws(KernelError) in
            try Pad.int8(
                input: shapes.0, paddings: paddingBytes, output: shapes.1,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                constantValue: value, constantScale: constant?.scale ?? 0, constantZeroPoint: constant?.zeroPoint ?? 0)
        }
    case (.int16, .int16), (.int32, .int32):
        let int16 = input.type == .int16
        let value = try constant.map { (spec: TensorSpec) throws(RuntimeError) -> Int32 in
            let bytes = try spec.constantBytes(context, .padValue)
            return int16
                ? Int32(Int16(bitPattern: bytes.loadUnaligned(as: UInt16.self)))
                : Int32(bitPattern: bytes.loadUnaligned(as: UInt32.self))
        }
        let invoke: InvokeFunction
        switch (int16, constant == nil) {
        case (true, true): invoke = padInt16
        case (true, false): invoke = padV2Int16
        case (false, true): invoke = padInt32
        case (false, false): invoke = padV2Int32
        }
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try Pad.integer(
                input: shapes.0, paddings: paddingBytes, output: shapes.1, elementByteSize: int16 ? 2 : 4,
                constantValue: value)
        }
    case (.float32, .float32):
        let value = try constant.map { (spec: TensorSpec) throws(RuntimeError) -> Float in
            Float(bitPattern: try spec.constantBytes(context, .padValue).loadUnaligned(as: UInt32.self))
        }
        return try context.prepared(invoke: constant == nil ? padFloat : padV2Float) { () throws(KernelError) in
            try Pad.float32(input: shapes.0, paddings: paddingBytes, output: shapes.1, constantValue: value)
        }
    default:
        throw context.unsupportedTypes(input, output)
    }
}

// The output follows the inputs: slot 2 for PAD, slot 3 for PADV2.
private let padInt8: InvokeFunction = { invokePad($0, $1, .int8, outputSlot: 2) }
private let padV2Int8: InvokeFunction = { invokePad($0, $1, .int8, outputSlot: 3) }
private let padInt16: InvokeFunction = { invokePad($0, $1, .int16, outputSlot: 2) }
private let padV2Int16: InvokeFunction = { invokePad($0, $1, .int16, outputSlot: 3) }
private let padInt32: InvokeFunction = { invokePad($0, $1, .int32, outputSlot: 2) }
private let padV2Int32: InvokeFunction = { invokePad($0, $1, .int32, outputSlot: 3) }
private let padFloat: InvokeFunction = { invokePad($0, $1, .float32, outputSlot: 2) }
private let padV2Float: InvokeFunction = { invokePad($0, $1, .float32, outputSlot: 3) }

/// The element type an invoke function was made for (Pad's invokes are overloads per type).
private enum PadElement {
    case int8, int16, int32, float32
}

@inline(__always)
private func invokePad(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _ element: PadElement,
    outputSlot: Int
) -> Int32 {
    let kernel = opData(data, as: Pad.self)
    switch element {
    case .int8:
        kernel.pointee.invoke(input: slot(io, 0, as: Int8.self), output: slot(io, outputSlot, as: Int8.self))
    case .int16:
        kernel.pointee.invoke(input: slot(io, 0, as: Int16.self), output: slot(io, outputSlot, as: Int16.self))
    case .int32:
        kernel.pointee.invoke(input: slot(io, 0, as: Int32.self), output: slot(io, outputSlot, as: Int32.self))
    case .float32:
        kernel.pointee.invoke(input: slot(io, 0, as: Float.self), output: slot(io, outputSlot, as: Float.self))
    }
    return InvokeStatus.ok
}
