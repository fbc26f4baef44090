// FULLY_CONNECTED, float32, with the arithmetic of LiteRT's optimized kernel (optimized_ops.h
// FullyConnected -> cpu_backend_gemm, LiteRTFloatGemm.swift): for Larq Compute Engine models.
// filter [output depth, depth] x input [depth, batches]:
//   one batch, output depth >= 4, depth >= 4: out = clamp(gemvDot(w[o], x) + bias[o])
//   otherwise (ruy): acc = bias[o] (or 0); acc = fma(w[o, d], x[b, d], acc) for d in order; clamp

extension FloatFullyConnected {
    /// The same operator with LiteRT's optimized float arithmetic.
    @inlinable
    public func invokeLiteRT(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        let depth = accumulationDepth
        if liteRTUsesCustomGemv(rows: outputDepth, depth: depth, columns: batches) {
            for o in 0..<outputDepth {
                var total = liteRTGemvDot(filter + o &* depth, depth: depth) { input[$0] }
                if let bias { total += bias[o] }
                output[o] = activationRange.clampX86(total)
            }
            return
        }
        for b in 0..<batches {
            let x = input + b &* depth
            for o in 0..<outputDepth {
                let w = filter + o &* depth
                var total: Float = bias.map { $0[o] } ?? 0
                for d in 0..<depth { total = total.addingProduct(w[d], x[d]) }
                output[o &+ outputDepth &* b] = activationRange.clampX86(total)
            }
        }
    }
}
