// RELU6 int8 with the arithmetic of LiteRT's kernel (activations.cc ReluPrepare, Relu6Eval,
// QuantizedReluX), as Larq Compute Engine's interpreter runs it (docs/binarized.md
// "Bit-exactness", tools/bnn/int8_ops.py). Unlike TFLM's RELU6, which clamps the raw input in the
// input's quantization, LiteRT requantizes exactly as RELU does, with the bounds of [0, 6]:
//   (m, s) = QuantizeMultiplier(double(in_s / out_s)) (the ratio divided in float, as the source);
//   lower = max(-128, zo + Int32(roundf(0 / out_s))) = max(-128, zo);
//   upper = min(127, zo + Int32(roundf(6 / out_s))) (x86's conversion for out-of-range values);
//   out = min(max(zo + MultiplyByQuantizedMultiplier(x - zi, m, s), lower), upper).
// So it runs on Relu's invoke.

extension Relu {
    /// LiteRT's int8 RELU6, prepared for `Relu`'s invoke.
    public init(
        liteRTRelu6Shape shape: Shape, inputScale: Float, inputZeroPoint: Int32, outputScale: Float,
        outputZeroPoint: Int32
    ) throws(KernelError) {
        try checkScale(inputScale, "relu6 input")
        try checkScale(outputScale, "relu6 output")
        let ratio = inputScale / outputScale
        multiplier = try quantizeMultiplierShiftingAtMost31(Double(ratio), name: "relu6")
        elementCount = try shape.checkedElementCount()
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        let six = outputZeroPoint &+ truncateToInt32LikeX86((6 / outputScale).rounded(.toNearestOrAwayFromZero))
        activationRange = QuantizedActivationRange(min: max(-128, outputZeroPoint), max: min(127, six))
        elementBits = 8
    }
}
