// LceBMaxPool2d (LCE v0.16.0 core/bmaxpool.h, tflite/kernels/bmaxpool.cc): bitpacked int32
// [N, H, W, words] -> [N, OH, OW, words]. Each output word starts at ~0 and ANDs the words of every
// window position inside the input (the window is clipped; padded positions are skipped). The AND
// of sign bits is the max of the +-1 values: any +1 (bit 0) gives +1.

/// Prepared LceBMaxPool2d.
public struct LceBMaxPool2d: BitwiseCopyable {
    public private(set) var input, output: Dims4
    public private(set) var rows, columns: WindowAxis
    public private(set) var filterHeight, filterWidth: Int32

    public init(
        input: Dims4, output: Dims4, padding: Padding, filterHeight: Int, filterWidth: Int, strideHeight: Int,
        strideWidth: Int
    ) throws(KernelError) {
        guard input.isValid, output.isValid else {
            throw .unsupportedParameter(name: "lce_bmaxpool2d dimension", value: -1)
        }
        guard output.d0 == input.d0 else {
            throw .shapeMismatch(name: "lce_bmaxpool2d batches", expected: input.d0, actual: output.d0)
        }
        guard output.d3 == input.d3 else {
            throw .shapeMismatch(name: "lce_bmaxpool2d words", expected: input.d3, actual: output.d3)
        }
        rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filterHeight, stride: strideHeight,
            name: "lce_bmaxpool2d height")
        columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filterWidth, stride: strideWidth,
            name: "lce_bmaxpool2d width")
        try rows.checkOutputSize(output.d1, name: "lce_bmaxpool2d output height")
        try columns.checkOutputSize(output.d2, name: "lce_bmaxpool2d output width")
        self.input = input
        self.output = output
        self.filterHeight = Int32(filterHeight)
        self.filterWidth = Int32(filterWidth)
    }

    public func invoke(input inputData: UnsafePointer<Int32>, output outputData: UnsafeMutablePointer<Int32>) {
        let height = input.d1, width = input.d2, words = input.d3
        var outputIndex = 0
        for batch in 0..<output.d0 {
            for outY in 0..<output.d1 {
                let yStart = outY * rows.stride - rows.paddingBefore
                let y0 = Swift.max(yStart, 0), y1 = Swift.min(yStart + Int(filterHeight), height)
                for outX in 0..<output.d2 {
                    let xStart = outX * columns.stride - columns.paddingBefore
                    let x0 = Swift.max(xStart, 0), x1 = Swift.min(xStart + Int(filterWidth), width)
                    for word in 0..<words {
                        var bits: Int32 = ~0
                        if y0 < y1 && x0 < x1 {
                            for y in y0..<y1 {
                                for x in x0..<x1 {
                                    bits &= inputData[((batch * height + y) * width + x) * words + word]
                                }
                            }
                        }
                        outputData[outputIndex] = bits
                        outputIndex += 1
                    }
                }
            }
        }
    }
}
