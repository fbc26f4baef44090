#if !hasFeature(Embedded)
extension OpResolver {
    /// Every operator Kinglet implements (a host's resolver; a device lists only its model's).
    /// One value for the process, so its `registrations` stay valid.
    public static let allBuiltins: OpResolver = {
        OpResolver([
            .fullyConnected, .add, .mul, .mean, .pad, .padV2, .concatenation,
            .quantize, .dequantize, .reshape, .squeeze, .expandDims, .conv2D,
            .depthwiseConv2D, .averagePool2D, .maxPool2D, .softmax, .logistic,
            .callOnce, .varHandle, .readVariable, .assignVariable,
            .stridedSlice, .split, .splitV, .pack, .unpack, .transpose,
            .sub, .relu, .relu6, .leakyRelu, .tanh, .hardSwish, .maximum, .minimum,
        ])
    }()
}
#endif
