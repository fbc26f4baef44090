// Window geometry shared by float AVERAGE_POOL_2D and MAX_POOL_2D (M/pooling_common.cc,
// R/pooling.h): NHWC, padding from SAME/VALID with dilation 1, and for each output position the
// filter window clipped to the image:
//   origin = out * stride - padding_before
//   f_start = max(0, -origin), f_end = min(filter, input - origin)

/// Prepared pooling geometry (float kernels).
public struct FloatPoolGeometry: BitwiseCopyable {
    public let batches: Int
    public let inputHeight: Int, inputWidth: Int, depth: Int
    public let outputHeight: Int, outputWidth: Int
    public let filterHeight: Int, filterWidth: Int
    public let height: WindowAxis
    public let width: WindowAxis
    public let activationRange: FloatActivationRange

    public init(
        inputShape: Shape, outputShape: Shape, padding: Padding,
        strideHeight: Int, strideWidth: Int, filterHeight: Int, filterWidth: Int, activation: FusedActivation = .none
    ) throws(KernelError) {
        guard inputShape.rank == 4 else { throw .unsupportedParameter(name: "pool input rank", value: inputShape.rank) }
        guard outputShape.rank == 4 else {
            throw .unsupportedParameter(name: "pool output rank", value: outputShape.rank)
        }
        _ = try inputShape.checkedElementCount()
        _ = try outputShape.checkedElementCount()
        (batches, inputHeight, inputWidth, depth) = inputShape.nhwc
        guard outputShape[0] == batches else {
            throw .shapeMismatch(name: "pool batches", expected: batches, actual: outputShape[0])
        }
        guard outputShape[3] == depth else {
            throw .shapeMismatch(name: "pool depth", expected: depth, actual: outputShape[3])
        }
        height = try WindowAxis(
            padding: padding, inputSize: inputHeight, filterSize: filterHeight, stride: strideHeight,
            name: "pool output height")
        width = try WindowAxis(
            padding: padding, inputSize: inputWidth, filterSize: filterWidth, stride: strideWidth,
            name: "pool output width")
        // With the computed output size every clipped window holds at least one pixel, so TFLM's
        // empty-window early return (AveragePool returns false) cannot happen.
        try height.checkOutputSize(outputShape[1], name: "pool output height")
        try width.checkOutputSize(outputShape[2], name: "pool output width")
        outputHeight = outputShape[1]
        outputWidth = outputShape[2]
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        activationRange = FloatActivationRange(activation)
    }

    /// Calls `body` once per output pixel (b, y, x), in NHWC order, with the element index of its
    /// channel 0, the window origin (`origin = out * stride - padding_before`, per axis) and the
    /// clipped filter ranges `yStart..<yEnd`, `xStart..<xEnd` (possibly empty). Tap (fy, fx) reads
    /// input pixel (b, originY + fy, originX + fx), see `inputOffset`.
    @inlinable
    public func forEachWindow(
        _ body: (
            _ outputIndex: Int, _ b: Int, _ originY: Int, _ originX: Int,
            _ yStart: Int, _ yEnd: Int, _ xStart: Int, _ xEnd: Int
        ) -> Void
    ) {
        var outputIndex = 0
        for b in 0..<batches {
            for outY in 0..<outputHeight {
                let originY = outY &* height.stride &- height.paddingBefore
                let yStart = max(0, -originY)
                let yEnd = min(filterHeight, inputHeight &- originY)
                for outX in 0..<outputWidth {
                    let originX = outX &* width.stride &- width.paddingBefore
                    let xStart = max(0, -originX)
                    let xEnd = min(filterWidth, inputWidth &- originX)
                    body(outputIndex, b, originY, originX, yStart, yEnd, xStart, xEnd)
                    outputIndex &+= depth
                }
            }
        }
    }

    /// Reduces every clipped window, channel by channel: `start` before the first tap, `tap`
    /// folds in one input value, `finish` makes the value (then clamped) from the result and the
    /// tap count (a float, counted as the reference does).
    @inlinable
    public func reduceWindows(
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, start: Float,
        tap: (inout Float, Float) -> Void, finish: (Float, _ count: Float) -> Float
    ) {
        forEachWindow { outputIndex, b, originY, originX, yStart, yEnd, xStart, xEnd in
            for channel in 0..<depth {
                var accumulator = start
                var count: Float = 0
                if yStart < yEnd && xStart < xEnd {
                    for fy in yStart..<yEnd {
                        for fx in xStart..<xEnd {
                            tap(&accumulator, input[inputOffset(b, originY &+ fy, originX &+ fx) &+ channel])
                            count += 1
                        }
                    }
                }
                output[outputIndex &+ channel] = activationRange.clamp(finish(accumulator, count))
            }
        }
    }

    /// Element offset of input pixel (b, y, x), channel 0.
    @inlinable
    public func inputOffset(_ b: Int, _ y: Int, _ x: Int) -> Int {
        ((b &* inputHeight &+ y) &* inputWidth &+ x) &* depth
    }
}

/// A float pool: its op data is the geometry, prepared the same way for either kind.
public protocol FloatPool2D: BitwiseCopyable {
    init(geometry: FloatPoolGeometry)
}

extension FloatPool2D {
    public init(
        inputShape: Shape, outputShape: Shape, padding: Padding, strideHeight: Int, strideWidth: Int,
        filterHeight: Int, filterWidth: Int, activation: FusedActivation
    ) throws(KernelError) {
        self.init(
            geometry: try FloatPoolGeometry(
                inputShape: inputShape, outputShape: outputShape, padding: padding,
                strideHeight: strideHeight, strideWidth: strideWidth,
                filterHeight: filterHeight, filterWidth: filterWidth, activation: activation))
    }
}
