// QUANTIZE int8 -> int8 (requantization) with the arithmetic of LiteRT's optimized kernel
// (optimized_ops.h Requantize<int8_t, int8_t>), as Larq Compute Engine's interpreter runs it
// (docs/binarized.md "Bit-exactness", tools/bnn/int8_ops.py): the same multiplier as TFLM's
// (QuantizeMultiplier(double(in_s) / double(out_s))), but the first 16 * (count / 16) elements go
// through the NEON block (QuantizedMultiplier.applyNeon: both roundings half up); the rest take
// the scalar MultiplyByQuantizedMultiplier (TFLM's, half away from zero). Then + out_zp, clamp.

extension Requantize {
    /// int8 -> int8 with LiteRT's optimized arithmetic.
    @inlinable
    public func invokeLiteRT(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        let blocks = elementCount & ~15
        for index in 0..<elementCount {
            let centered = Int32(input[index]) &- inputZeroPoint
            let scaled = index < blocks ? multiplier.applyNeon(centered) : multiplier.apply(centered)
            output[index] = Int8(truncatingIfNeeded: min(max(scaled &+ outputZeroPoint, -128), 127))
        }
    }
}
