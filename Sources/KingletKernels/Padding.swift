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
    // Stored as Int32 (model dimensions and options are int32) to keep op data small in the arena.
    private var storedOutputSize: Int32
    private var storedPaddingBefore: Int32
    private var storedStride: Int32
    private var storedDilation: Int32

    public var outputSize: Int { Int(storedOutputSize) }
    /// Padding before the first input element (the extra odd pixel of SAME goes after).
    public var paddingBefore: Int { Int(storedPaddingBefore) }
    public var stride: Int { Int(storedStride) }
    public var dilation: Int { Int(storedDilation) }

    public init(outputSize: Int, paddingBefore: Int, stride: Int, dilation: Int) {
        storedOutputSize = Int32(clamping: outputSize)
        storedPaddingBefore = Int32(clamping: paddingBefore)
        storedStride = Int32(clamping: stride)
        storedDilation = Int32(clamping: dilation)
    }

    /// ComputeOutSize + ComputePaddingWithOffset for one axis. TFLM only logs invalid arguments
    /// (and then uses zero padding); Kinglet rejects them.
    public init(
        padding: Padding, inputSize: Int, filterSize: Int, stride: Int, dilation: Int = 1,
        name: KernelErrorName = "window"
    ) throws(KernelError) {
        guard inputSize >= 0 else { throw .unsupportedParameter(name: name, value: inputSize) }
        guard filterSize > 0 else { throw .unsupportedParameter(name: "filter size", value: filterSize) }
        guard stride > 0 else { throw .unsupportedParameter(name: "stride", value: stride) }
        guard dilation > 0 else { throw .unsupportedParameter(name: "dilation", value: dilation) }
        // Everything must fit the int32 fields (and int32 arithmetic on a 32-bit target).
        let (span, overflow) = (filterSize - 1).multipliedReportingOverflow(by: dilation)
        guard !overflow, span < Int(Int32.max) / 2, inputSize < Int(Int32.max) / 2, stride < Int(Int32.max) / 2 else {
            throw .unsupportedParameter(name: name, value: Int(Int32.max))
        }
        let effectiveFilterSize = span + 1
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
    public func checkOutputSize(_ storedOutputSize: Int, name: KernelErrorName) throws(KernelError) {
        guard storedOutputSize == outputSize else {
            throw .shapeMismatch(name: name, expected: outputSize, actual: storedOutputSize)
        }
    }
}

/// The four dimensions of a rank-4 tensor, outermost first: NHWC for activations, OHWI for
/// CONV_2D filters, 1HWO for DEPTHWISE_CONV_2D filters.
public struct Dims4: BitwiseCopyable, Equatable, Sendable {
    // Stored as Int32 (tensor dimensions are int32 in the model) to keep op data small in the arena.
    private var dims: (Int32, Int32, Int32, Int32)

    public var d0: Int {
        get { Int(dims.0) }
        set { dims.0 = Int32(clamping: newValue) }
    }
    public var d1: Int {
        get { Int(dims.1) }
        set { dims.1 = Int32(clamping: newValue) }
    }
    public var d2: Int {
        get { Int(dims.2) }
        set { dims.2 = Int32(clamping: newValue) }
    }
    public var d3: Int {
        get { Int(dims.3) }
        set { dims.3 = Int32(clamping: newValue) }
    }

    /// Values outside int32 clamp (model dimensions are int32, so only hand-made values can).
    public init(_ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) {
        dims = (Int32(clamping: d0), Int32(clamping: d1), Int32(clamping: d2), Int32(clamping: d3))
    }

    public static func == (lhs: Dims4, rhs: Dims4) -> Bool {
        lhs.dims.0 == rhs.dims.0 && lhs.dims.1 == rhs.dims.1 && lhs.dims.2 == rhs.dims.2 && lhs.dims.3 == rhs.dims.3
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
