// Window geometry and checks shared by AVERAGE_POOL_2D and MAX_POOL_2D
// (TFLM: micro/kernels/pooling_common.cc PoolingPrepare).

public struct PoolGeometry: BitwiseCopyable {
    public private(set) var input: Dims4  // NHWC
    public private(set) var output: Dims4  // NHWC
    public private(set) var filterHeight: Int
    public private(set) var filterWidth: Int
    public private(set) var rows: WindowAxis
    public private(set) var columns: WindowAxis
    public private(set) var activationRange: QuantizedActivationRange

    /// Input and output must share the zero point and (within 1e-6) the scale. `typeRange` is the
    /// element type's range (int8 or int16) the fused activation's bounds are clipped to.
    public init(
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding,
        strideHeight: Int, strideWidth: Int, filterHeight: Int, filterWidth: Int,
        input: Dims4, output: Dims4, name: KernelErrorName, typeRange: QuantizedActivationRange = .int8
    ) throws(KernelError) {
        // std::abs of the float difference, compared in double.
        let scaleDifference = Double((inputScale - outputScale).magnitude)
        guard scaleDifference <= 1.0e-6 else {
            throw .quantizationMismatch(name: name, expected: inputScale, actual: outputScale)
        }
        guard inputZeroPoint == outputZeroPoint else {
            throw .zeroPointMismatch(name: name, expected: inputZeroPoint, actual: outputZeroPoint)
        }
        guard input.isValid, output.isValid else { throw .unsupportedParameter(name: name, value: -1) }
        // MatchingDim DCHECKs in the reference kernel (off in TFLM's release build).
        guard output.d0 == input.d0 else { throw .shapeMismatch(name: name, expected: input.d0, actual: output.d0) }
        guard output.d3 == input.d3 else { throw .shapeMismatch(name: name, expected: input.d3, actual: output.d3) }
        rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filterHeight, stride: strideHeight, name: name)
        columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filterWidth, stride: strideWidth, name: name)
        try rows.checkOutputSize(output.d1, name: name)
        try columns.checkOutputSize(output.d2, name: name)
        self.input = input
        self.output = output
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint, typeRange: typeRange)
    }

    /// Visits every output element in NHWC order with its window clipped to the image:
    /// (batch input base, first/last+1 filter row, first/last+1 filter column, input row/column
    /// origin, channel, output index). Returns early when `body` returns false.
    @inline(__always)
    func forEachWindow(
        _ body: (
            _ batch: Int, _ yStart: Int, _ yEnd: Int, _ xStart: Int, _ xEnd: Int,
            _ inYOrigin: Int, _ inXOrigin: Int, _ channel: Int, _ outputIndex: Int
        ) -> Bool
    ) {
        var outputIndex = 0
        for batch in 0..<output.d0 {
            for outY in 0..<output.d1 {
                let inYOrigin = outY * rows.stride - rows.paddingBefore
                let yStart = Swift.max(0, -inYOrigin)
                let yEnd = Swift.min(filterHeight, input.d1 - inYOrigin)
                for outX in 0..<output.d2 {
                    let inXOrigin = outX * columns.stride - columns.paddingBefore
                    let xStart = Swift.max(0, -inXOrigin)
                    let xEnd = Swift.min(filterWidth, input.d2 - inXOrigin)
                    for channel in 0..<output.d3 {
                        guard body(batch, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin, channel, outputIndex) else {
                            return
                        }
                        outputIndex += 1
                    }
                }
            }
        }
    }

    /// Reduces every window clipped to the image, in NHWC output order: `start` before the first
    /// tap, `tap` folds in one input value, `finish` makes the output value from the result and
    /// the tap count, or nil to stop there. One loop for int8 and int16 elements.
    @inline(__always)
    func reduceWindows<Element, Accumulator>(
        input: UnsafePointer<Element>, output: UnsafeMutablePointer<Element>, start: Accumulator,
        tap: (inout Accumulator, Element) -> Void, finish: (Accumulator, _ count: Int32) -> Element?
    ) {
        let height = self.input.d1, width = self.input.d2, depth = self.input.d3
        forEachWindow { batch, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin, channel, outputIndex in
            var accumulator = start
            var count: Int32 = 0
            if yStart < yEnd && xStart < xEnd {
                for filterY in yStart..<yEnd {
                    let rowBase = ((batch * height + inYOrigin + filterY) * width + inXOrigin) * depth + channel
                    for filterX in xStart..<xEnd {
                        tap(&accumulator, input[rowBase + filterX * depth])
                        count &+= 1  // at most the window's area
                    }
                }
            }
            guard let value = finish(accumulator, count) else { return false }
            output[outputIndex] = value
            return true
        }
    }
}

/// An int8 or int16 pool (AVERAGE_POOL_2D, MAX_POOL_2D): its op data is the geometry, prepared
/// the same way for either kind and either element type (only the activation bounds differ).
public protocol QuantizedPool2D: BitwiseCopyable {
    /// The name its errors carry.
    static var errorName: KernelErrorName { get }
    init(geometry: PoolGeometry)
    /// The pool over int8 or int16 elements, NHWC in and out.
    func pool<T: FixedWidthInteger & SignedInteger>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>)
}

extension QuantizedPool2D {
    /// int8 tensors (prepared with `int16: false`).
    @inline(__always)
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        pool(input: input, output: output)
    }

    /// int16 tensors (prepared with `int16: true`).
    @inline(__always)
    public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>) {
        pool(input: input, output: output)
    }

    public init(
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding,
        strideHeight: Int, strideWidth: Int, filterHeight: Int, filterWidth: Int,
        input: Dims4, output: Dims4, int16: Bool = false
    ) throws(KernelError) {
        self.init(
            geometry: try PoolGeometry(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint,
                outputScale: outputScale, outputZeroPoint: outputZeroPoint,
                activation: activation, padding: padding,
                strideHeight: strideHeight, strideWidth: strideWidth,
                filterHeight: filterHeight, filterWidth: filterWidth,
                input: input, output: output, name: Self.errorName, typeRange: int16 ? .int16 : .int8))
    }
}
