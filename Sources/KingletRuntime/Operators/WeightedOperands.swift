import KingletKernels
import TFLiteModel

/// What CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED prepare alike: an input, a filter, an
/// optional bias and one output, and the checks TFLM makes of them per type.
struct WeightedOperands {
    let input: TensorSpec, filter: TensorSpec, output: TensorSpec
    let bias: TensorSpec?

    init(_ context: PrepareContext) throws(RuntimeError) {
        try context.expect(inputs: 2...3)
        input = try context.input(0)
        filter = try context.input(1)
        output = try context.output(0)
        bias = try context.optionalInput(2)
    }

    /// An optimized int8 convolution's op data: by default scratch for its ChannelTable, which
    /// each invoke computes; with `KINGLET_PERSISTENT_CHANNEL_TABLES` the table in the persistent
    /// arena, folded at prepare when the filter and the bias (if any) are constant.
    func optimized<Kernel: OptimizedConvolution & DeviceLayout>(
        _ context: inout PrepareContext, _ reference: Kernel.Reference, as _: Kernel.Type, invoke: InvokeFunction
    ) throws(RuntimeError) -> PreparedOperator {
        #if KINGLET_PERSISTENT_CHANNEL_TABLES
            let table = try context.persistentArray(Int32.self, count: Kernel.tableCount(reference))
            let biasValues = try bias?.constant(as: Int32.self)
            let foldable = bias == nil || biasValues != nil
            let kernel = Kernel(
                reference, table: table.baseAddress, filter: foldable ? try filter.constant(as: Int8.self) : nil,
                bias: biasValues)
        #else
            try context.requestScratch(bytes: 4 * Kernel.scratchCount(reference))
            let kernel = Kernel(reference, table: nil, filter: nil, bias: nil)
        #endif
        return try context.prepared(kernel, invoke: invoke)
    }

    /// Quantized: an int32 bias, its constant data aligned for typed reads.
    func checkQuantizedBias(_ context: PrepareContext) throws(RuntimeError) {
        guard let bias else { return }
        try context.expect(bias, type: .int32, .bias)
        _ = try bias.constant(as: Int32.self)
    }

    /// 16x8: the accumulator TFLM's int16 kernel template takes from the bias type: an int32 bias
    /// (when `int32Sums`, CONV_2D and FULLY_CONNECTED) gives int32 sums, an int64 bias int64; with
    /// no bias, `quantizedBiasType` INT32 picks int32 sums. Any other bias type is refused
    /// (DEPTHWISE_CONV_2D would read an int32 bias as int64). Biases are read unaligned.
    func arithmetic16x8(
        _ context: PrepareContext, quantizedBiasType: Int8, int32Sums: Bool
    ) throws(RuntimeError) -> QuantizedArithmetic {
        guard let bias else {
            return int32Sums && quantizedBiasType == TensorType.int32.rawValue ? .int16x8Narrow : .int16x8Wide
        }
        switch bias.type {
        case .int64: return .int16x8Wide
        case .int32 where int32Sums: return .int16x8Narrow
        default: throw context.unsupportedTypes(input, filter, bias)
        }
    }

    /// float32: a float32 bias, and the filter's and bias's constant data aligned for typed reads.
    func checkFloat(_ context: PrepareContext) throws(RuntimeError) {
        if let bias {
            try context.expect(bias, type: .float32, .bias)
            _ = try bias.constant(as: Float.self)
        }
        _ = try filter.constant(as: Float.self)
    }

    /// The input, filter and output as four dimensions (2-D convolutions).
    func dims4(_ context: PrepareContext) throws(RuntimeError) -> (Dims4, Dims4, Dims4) {
        (try input.dims4(context, .input), try filter.dims4(context, .filter), try output.dims4(context, .output))
    }

    func unsupportedTypes(_ context: PrepareContext) -> RuntimeError {
        context.unsupportedTypes(input, filter, output)
    }
}

/// A 2-D convolution's geometry options (CONV_2D and DEPTHWISE_CONV_2D have the same fields).
struct ConvolutionOptions {
    var padding: Padding, activation: FusedActivation
    var strideW: Int, strideH: Int, dilationW: Int, dilationH: Int

    init(_ context: PrepareContext, _ options: Conv2DOptions) throws(RuntimeError) {
        try self.init(
            context, padding: options.padding, activation: options.fusedActivationFunction,
            stride: (options.strideW, options.strideH), dilation: (options.dilationWFactor, options.dilationHFactor))
    }

    init(_ context: PrepareContext, _ options: DepthwiseConv2DOptions) throws(RuntimeError) {
        try self.init(
            context, padding: options.padding, activation: options.fusedActivationFunction,
            stride: (options.strideW, options.strideH), dilation: (options.dilationWFactor, options.dilationHFactor))
    }

    private init(
        _ context: PrepareContext, padding: Int8, activation: Int8, stride: (Int32, Int32), dilation: (Int32, Int32)
    ) throws(RuntimeError) {
        self.padding = try context.padding(padding)
        self.activation = try context.activation(activation)
        strideW = Int(stride.0)
        strideH = Int(stride.1)
        dilationW = Int(dilation.0)
        dilationH = Int(dilation.1)
    }
}

/// What the binary elementwise operators (ADD, MUL, SUB, MAXIMUM, MINIMUM) prepare alike: two
/// inputs and one output with numpy broadcasting, and their shapes.
struct BinaryOperands {
    let input1: TensorSpec, input2: TensorSpec, output: TensorSpec
    let shapes: (Shape, Shape, Shape)

    init(_ context: PrepareContext) throws(RuntimeError) {
        try context.expect(inputs: 2...2)
        input1 = try context.input(0)
        input2 = try context.input(1)
        output = try context.output(0)
        shapes = (try input1.shape(), try input2.shape(), try output.shape())
    }

    func unsupportedTypes(_ context: PrepareContext) -> RuntimeError {
        context.unsupportedTypes(input1, input2, output)
    }
}

/// An int8 convolution's invoke slots: input, filter, bias (nil when absent), output, and the
/// channel table's scratch (nil when the table persists: `ChannelTable.persistent`).
@inline(__always)
func int8WeightedSlots(
    _ io: UnsafePointer<UnsafeMutableRawPointer?>?
) -> (
    UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int32>?, UnsafeMutablePointer<Int8>,
    UnsafeMutablePointer<Int32>?
) {
    (
        UnsafePointer(slot(io, WeightedSlots.input, as: Int8.self)),
        UnsafePointer(slot(io, WeightedSlots.filter, as: Int8.self)),
        io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) },
        slot(io, WeightedSlots.output, as: Int8.self),
        ChannelTable.persistent ? nil : slot(io, WeightedSlots.scratch, as: Int32.self)
    )
}

/// The int8 and float32 kernels of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, each read
/// from the same slots (`WeightedSlots`): one invoke body per kind of kernel, a C function per
/// operator (`{ invokeWeighted($0, $1, Kernel.self) }`).
protocol Int8WeightedKernel: DeviceLayout {
    func invoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>
    )
}

protocol OptimizedInt8WeightedKernel: DeviceLayout {
    func invoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    )
}

#if !arch(arm)
    /// A host int8 convolution whose filter was read (or repacked) at prepare: only the input,
    /// bias and output are passed (HostConv2D and the AVX-512 tier's kernels).
    protocol HostInt8WeightedKernel: DeviceLayout {
        func invoke(input: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>)
    }

    @inline(__always)
    func invokeWeighted<Kernel: HostInt8WeightedKernel>(
        _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
    ) -> Int32 {
        let (input, _, bias, output, _) = int8WeightedSlots(io)
        opData(data, as: Kernel.self).pointee.invoke(input: input, bias: bias, output: output)
        return InvokeStatus.ok
    }
#endif

/// TFLM's float arithmetic (`invoke`) or, for an LCE model, LiteRT's (`invokeLiteRT`).
protocol FloatWeightedKernel: DeviceLayout {
    func invoke(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>)
    func invokeLiteRT(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>)
}

extension Conv2D: Int8WeightedKernel {}
extension DepthwiseConv2D: Int8WeightedKernel {}
extension OptimizedConv2D: OptimizedInt8WeightedKernel {}
extension OptimizedDepthwiseConv2D: OptimizedInt8WeightedKernel {}
extension FloatConv2D: FloatWeightedKernel {}
extension FloatDepthwiseConv2D: FloatWeightedKernel {}
extension FloatFullyConnected: FloatWeightedKernel {}

@inline(__always)
func invokeWeighted<Kernel: Int8WeightedKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Int8.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) },
        output: slot(io, WeightedSlots.output, as: Int8.self), scratch: slot(io, WeightedSlots.scratch, as: Int32.self))
    return InvokeStatus.ok
}

@inline(__always)
func invokeWeighted<Kernel: OptimizedInt8WeightedKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    let (input, filter, bias, output, scratch) = int8WeightedSlots(io)
    opData(data, as: Kernel.self).pointee.invoke(
        input: input, filter: filter, bias: bias, output: output, scratch: scratch)
    return InvokeStatus.ok
}

@inline(__always)
func invokeWeighted<Kernel: FloatWeightedKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, liteRT: Bool
) -> Int32 {
    let kernel = opData(data, as: Kernel.self)
    let input = slot(io, WeightedSlots.input, as: Float.self), filter = slot(io, WeightedSlots.filter, as: Float.self)
    let bias = io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Float.self)) }
    let output = slot(io, WeightedSlots.output, as: Float.self)
    if liteRT {
        kernel.pointee.invokeLiteRT(input: input, filter: filter, bias: bias, output: output)
    } else {
        kernel.pointee.invoke(input: input, filter: filter, bias: bias, output: output)
    }
    return InvokeStatus.ok
}
