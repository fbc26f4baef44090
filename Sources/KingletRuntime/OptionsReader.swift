import FlatBufferReader
import KingletKernels
import TFLiteModel

/// Reads one operator's builtin options by vtable field index, with the schema's default when the
/// table or the field is absent (`schema/tflite.fbs` gives each field's index and default; the
/// call sites name them). No names, no allocation.
public struct OptionsReader {
    let table: Table?
    let context: PrepareContext

    /// Options of BuiltinOptions member `type` (see `OptionsType`).
    public init(_ context: PrepareContext, type: UInt8) throws(RuntimeError) {
        self.context = context
        table = try context.options(type: type)
    }

    /// An int32 field (enums are read with `int8`).
    public func int(_ field: Int, default value: Int32 = 0) -> Int {
        Int(table?.scalar(field, default: value) ?? value)
    }

    public func int8(_ field: Int, default value: Int8 = 0) -> Int {
        Int(table?.scalar(field, default: value) ?? value)
    }

    public func bool(_ field: Int, default value: Bool = false) -> Bool {
        table?.bool(field, default: value) ?? value
    }

    public func float(_ field: Int, default value: Float = 0) -> Float {
        table?.float(field, default: value) ?? value
    }

    /// An int32 vector field, zero-copy (empty when absent).
    public func ints(_ field: Int) -> ScalarVector<Int32> {
        guard let table, let span = table.vector(field) else {
            return ScalarVector(buffer: context.model.bytes, span: VectorSpan(start: 0, count: 0))
        }
        return ScalarVector(buffer: table.buffer, span: span)
    }

    /// The `fused_activation_function` field (an ActivationFunctionType byte) at `field`.
    public func activation(_ field: Int) throws(RuntimeError) -> FusedActivation {
        let raw = int8(field)
        guard let activation = FusedActivation(flatbufferValue: raw) else { throw context.fail(.unknownActivation(raw)) }
        return activation
    }

    /// The `padding` field (a Padding byte) at `field`.
    public func padding(_ field: Int = 0) throws(RuntimeError) -> Padding {
        let raw = int8(field)
        guard let padding = Padding(flatbufferValue: raw) else { throw context.fail(.unknownPadding(raw)) }
        return padding
    }
}

/// BuiltinOptions union member numbers of the options the runtime reads (checked by a test
/// against the generated schema tables).
public enum OptionsType {
    public static let conv2D: UInt8 = 1
    public static let depthwiseConv2D: UInt8 = 2
    public static let pool2D: UInt8 = 5
    public static let fullyConnected: UInt8 = 8
    public static let softmax: UInt8 = 9
    public static let concatenation: UInt8 = 10
    public static let add: UInt8 = 11
    public static let reshape: UInt8 = 17
    public static let mul: UInt8 = 21
    public static let pad: UInt8 = 22
    public static let reducer: UInt8 = 27
    public static let sub: UInt8 = 28
    public static let squeeze: UInt8 = 30
    public static let stridedSlice: UInt8 = 32
    public static let dequantize: UInt8 = 38
    public static let padV2: UInt8 = 43
    public static let expandDims: UInt8 = 52
    public static let pack: UInt8 = 59
    public static let unpack: UInt8 = 64
    public static let leakyRelu: UInt8 = 75
    public static let quantize: UInt8 = 89
    public static let callOnce: UInt8 = 103
    public static let varHandle: UInt8 = 111
}
