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

    /// Input and output must share the zero point and (within 1e-6) the scale.
    public init(
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding,
        strideHeight: Int, strideWidth: Int, filterHeight: Int, filterWidth: Int,
        input: Dims4, output: Dims4, name: KernelErrorName
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
        let rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filterHeight, stride: strideHeight, name: name)
        let columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filterWidth, stride: strideWidth, name: name)
        try rows.checkOutputSize(output.d1, name: name)
        try columns.checkOutputSize(output.d2, name: name)
        self.input = input
        self.output = output
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.rows = rows
        self.columns = columns
        self.activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint)
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
}
