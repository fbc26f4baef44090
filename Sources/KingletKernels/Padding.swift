// SAME/VALID window geometry (tensorflow/lite/kernels/padding.h).

/// TFLite's padding option. Flatbuffer values: SAME 0, VALID 1.
public enum Padding: BitwiseCopyable, Sendable {
    case same, valid

    public init?(flatbufferValue: Int) {
        switch flatbufferValue {
        case 0: self = .same
        case 1: self = .valid
        default: return nil
        }
    }
}

/// One spatial axis of a windowed operator: where output position 0's window starts.
public struct WindowAxis: BitwiseCopyable, Equatable, Sendable {
    public var outputSize: Int
    /// Padding before the first input element (the extra odd pixel of SAME goes after).
    public var paddingBefore: Int
    public var stride: Int
    public var dilation: Int

    public init(outputSize: Int, paddingBefore: Int, stride: Int, dilation: Int) {
        self.outputSize = outputSize
        self.paddingBefore = paddingBefore
        self.stride = stride
        self.dilation = dilation
    }

    /// ComputeOutSize + ComputePaddingWithOffset for one axis. TFLM only logs invalid arguments
    /// (and then uses zero padding); Kinglet rejects them.
    public init(
        padding: Padding, inputSize: Int, filterSize: Int, stride: Int, dilation: Int = 1,
        name: StaticString = "window"
    ) throws(KernelError) {
        guard inputSize >= 0 else { throw .unsupportedParameter(name: name, value: inputSize) }
        guard filterSize > 0 else { throw .unsupportedParameter(name: "filter size", value: filterSize) }
        guard stride > 0 else { throw .unsupportedParameter(name: "stride", value: stride) }
        guard dilation > 0 else { throw .unsupportedParameter(name: "dilation", value: dilation) }
        let effectiveFilterSize = (filterSize - 1) * dilation + 1
        let output: Int
        switch padding {
        case .same: output = (inputSize + stride - 1) / stride
        case .valid: output = (inputSize + stride - effectiveFilterSize) / stride
        }
        // Truncating division, as in C++: a small negative numerator gives 0, not an error.
        guard output >= 0 else { throw .shapeMismatch(name: name, expected: 0, actual: output) }
        let totalPadding = Swift.max(0, (output - 1) * stride + effectiveFilterSize - inputSize)
        self.init(outputSize: output, paddingBefore: totalPadding / 2, stride: stride, dilation: dilation)
    }

    /// Checks the model's stored output size against the computed one. TFLM does not compare them
    /// (it computes padding from its own size and loops over the stored one); they agree in every
    /// well-formed model, and Kinglet requires it.
    public func checkOutputSize(_ storedOutputSize: Int, name: StaticString) throws(KernelError) {
        guard storedOutputSize == outputSize else {
            throw .shapeMismatch(name: name, expected: outputSize, actual: storedOutputSize)
        }
    }
}

/// The four dimensions of a rank-4 tensor, outermost first: NHWC for activations, OHWI for
/// CONV_2D filters, 1HWO for DEPTHWISE_CONV_2D filters.
public struct Dims4: BitwiseCopyable, Equatable, Sendable {
    public var d0: Int
    public var d1: Int
    public var d2: Int
    public var d3: Int

    public init(_ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) {
        self.d0 = d0
        self.d1 = d1
        self.d2 = d2
        self.d3 = d3
    }

    var isValid: Bool { d0 >= 0 && d1 >= 0 && d2 >= 0 && d3 >= 0 }

    /// Dimension `axis`, or nil outside 0...3.
    func dimension(_ axis: Int) -> Int? {
        switch axis {
        case 0: return d0
        case 1: return d1
        case 2: return d2
        case 3: return d3
        default: return nil
        }
    }
}
