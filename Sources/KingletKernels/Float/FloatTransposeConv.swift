// TRANSPOSE_CONV, float32 (M/transpose_conv.cc, R/transpose_conv.h). The output is zeroed, every
// product `input × filter` is added into its output element in TFLM's loop order (see
// TransposeConvGeometry.forEachTap), then each element becomes clamp(sum + bias[oc]). Multiply
// and add are separate float operations (the reference build does not fuse them).

/// Prepared float32 TRANSPOSE_CONV.
public struct FloatTransposeConv: BitwiseCopyable {
    public private(set) var input, filter, output: Dims4
    public private(set) var geometry: TransposeConvGeometry
    public private(set) var activationRange: FloatActivationRange

    public init(
        activation: FusedActivation, padding: Padding, strideHeight: Int, strideWidth: Int,
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?
    ) throws(KernelError) {
        geometry = try TransposeConvGeometry(
            padding: padding, strideHeight: strideHeight, strideWidth: strideWidth, input: input, filter: filter,
            output: output, biasElementCount: biasElementCount)
        self.input = input
        self.filter = filter
        self.output = output
        activationRange = FloatActivationRange(activation)
    }

    public func invoke(
        input inputData: UnsafePointer<Float>, filter filterData: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output outputData: UnsafeMutablePointer<Float>
    ) {
        outputData.update(repeating: 0, count: output.elementCount)
        geometry.forEachTap(input: input, filter: filter, output: output) { inputIndex, filterIndex, outputIndex in
            outputData[outputIndex] += inputData[inputIndex] * filterData[filterIndex]
        }
        let depth = output.d3
        for index in 0..<output.elementCount {
            var sum = outputData[index]
            if let bias { sum += bias[index % depth] }
            outputData[index] = activationRange.clamp(sum)
        }
    }
}
