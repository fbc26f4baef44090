/// `tflite.BuiltinOperator`: an open enum, so operators newer than this schema still inspect.
public struct BuiltinOperator: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let add = BuiltinOperator(rawValue: 0)
    public static let averagePool2D = BuiltinOperator(rawValue: 1)
    public static let concatenation = BuiltinOperator(rawValue: 2)
    public static let conv2D = BuiltinOperator(rawValue: 3)
    public static let depthwiseConv2D = BuiltinOperator(rawValue: 4)
    public static let dequantize = BuiltinOperator(rawValue: 6)
    public static let fullyConnected = BuiltinOperator(rawValue: 9)
    public static let logistic = BuiltinOperator(rawValue: 14)
    public static let maxPool2D = BuiltinOperator(rawValue: 17)
    public static let mul = BuiltinOperator(rawValue: 18)
    public static let relu = BuiltinOperator(rawValue: 19)
    public static let relu6 = BuiltinOperator(rawValue: 21)
    public static let reshape = BuiltinOperator(rawValue: 22)
    public static let softmax = BuiltinOperator(rawValue: 25)
    public static let tanh = BuiltinOperator(rawValue: 28)
    public static let pad = BuiltinOperator(rawValue: 34)
    public static let mean = BuiltinOperator(rawValue: 40)
    public static let squeeze = BuiltinOperator(rawValue: 43)
    public static let sub = BuiltinOperator(rawValue: 41)
    public static let custom = BuiltinOperator(rawValue: 32)
    public static let expandDims = BuiltinOperator(rawValue: 70)
    public static let padV2 = BuiltinOperator(rawValue: 60)
    public static let quantize = BuiltinOperator(rawValue: 114)
    public static let reluN1To1 = BuiltinOperator(rawValue: 20)
    public static let transpose = BuiltinOperator(rawValue: 39)
    public static let stridedSlice = BuiltinOperator(rawValue: 45)
    public static let split = BuiltinOperator(rawValue: 49)
    public static let maximum = BuiltinOperator(rawValue: 55)
    public static let minimum = BuiltinOperator(rawValue: 57)
    public static let pack = BuiltinOperator(rawValue: 83)
    public static let unpack = BuiltinOperator(rawValue: 88)
    public static let leakyRelu = BuiltinOperator(rawValue: 98)
    public static let splitV = BuiltinOperator(rawValue: 102)
    public static let hardSwish = BuiltinOperator(rawValue: 117)
    public static let callOnce = BuiltinOperator(rawValue: 129)
    public static let varHandle = BuiltinOperator(rawValue: 142)
    public static let readVariable = BuiltinOperator(rawValue: 143)
    public static let assignVariable = BuiltinOperator(rawValue: 144)

    /// The schema's spelling, e.g. `CONV_2D`; `UNKNOWN(300)` for codes this schema lacks.
    public var description: String { SchemaEnums.builtinOperator.describe(Int64(rawValue)) }
}
