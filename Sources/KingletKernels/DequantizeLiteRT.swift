// DEQUANTIZE int8 -> float32 with the arithmetic of LiteRT's optimized kernel (optimized_ops.h
// Dequantize, NEON through NEON_2_SSE on x86), as Larq Compute Engine's interpreter runs it
// (docs/binarized.md "Bit-exactness", tools/bnn/int8_ops.py). The first 8 * (count / 8) elements:
// Float(x) * Float(scale) + Float(-zp * scale) in float32, each operation rounded (vmlaq_f32 is
// not fused); the rest as TFLM: Float(double(scale) * (x - zp)).

extension Dequantize {
    /// int8 -> float32 with LiteRT's optimized arithmetic.
    @inlinable
    public func invokeLiteRT(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Float>) {
        let blocks = elementCount & ~7
        // The scale came from a Float: converting back is exact. -zp * scale is exact in double.
        let floatScale = Float(scale), offset = Float(-Double(zeroPoint) * scale)
        for index in 0..<elementCount {
            if index < blocks {
                let product = Float(input[index]) * floatScale
                output[index] = product + offset
            } else {
                output[index] = Float(scale * Double(Int32(input[index]) &- zeroPoint))
            }
        }
    }
}
