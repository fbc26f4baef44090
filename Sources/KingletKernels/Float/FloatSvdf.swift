// SVDF, float32 (TFLM: micro/kernels/svdf_common.cc, EvalFloatSvdfReference and
// ApplyTimeWeightsBiasAndActivation). The steps of the int8 kernel (Svdf.swift) without
// quantization, all in float with separate multiplies and adds, in TFLM's order:
//   state shifts left by one element over its whole length;
//   newest[b, f] = Σ_c w_f[f, c] · x[b, c]            (from 0.0)
//   scratch[b, f] = Σ_t w_t[f, t] · state[b, f, t]     (from 0.0)
//   out[b, u] = (bias[u] or 0.0) + scratch[b, u·rank] + ... + scratch[b, u·rank + rank - 1]
//   out = ActivationValFloat(activation, out)
// ActivationValFloat clamps with TfLiteMax/TfLiteMin, which are std::fmax/std::fmin in this build
// (a NaN operand yields the other one: RELU of NaN is 0, RELU6 of NaN is 6), TANH is tanhf and
// SIGN_BIT is std::signbit as 0.0 or 1.0.

/// Prepared float32 SVDF.
public struct FloatSvdf: BitwiseCopyable {
    public private(set) var geometry: SvdfGeometry
    public private(set) var activation: FusedActivation

    public init(geometry: SvdfGeometry, activation: FusedActivation) {
        self.geometry = geometry
        self.activation = activation
    }

    /// Float slots of the scratch buffer: one time dot product per batch and filter.
    public var scratchCount: Int { Int(geometry.batches) &* Int(geometry.filters) }

    public func invoke(
        input: UnsafePointer<Float>, weightsFeature: UnsafePointer<Float>, weightsTime: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, state: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let (batches, inputSize, filters, memory, rank) = geometry.sizes
        let units = filters / rank
        geometry.shiftState(state) { inputOffset, weightsOffset in
            let x = input + inputOffset, w = weightsFeature + weightsOffset
            var sum: Float = 0
            for c in 0..<inputSize {
                let product = w[c] * x[c]  // rounded on its own: TFLM's build does not fuse
                sum += product
            }
            return sum
        }
        geometry.forEachTimeDotProduct { index, weightsOffset, stateOffset in
            let w = weightsTime + weightsOffset, row = state + stateOffset
            var sum: Float = 0
            for t in 0..<memory {
                let product = w[t] * row[t]
                sum += product
            }
            scratch[index] = sum
        }
        for batch in 0..<batches {
            for unit in 0..<units {
                var sum: Float = bias?[unit] ?? 0
                let group = scratch + (batch &* filters &+ unit &* rank)
                for r in 0..<rank { sum += group[r] }
                output[batch &* units &+ unit] = Self.activate(activation, sum)
            }
        }
    }

    /// ActivationValFloat (micro/kernels/activation_utils.h).
    @inline(__always)
    static func activate(_ activation: FusedActivation, _ a: Float) -> Float {
        switch activation {
        case .none: return a
        case .relu: return fmax(0, a)
        case .reluN1To1: return fmax(-1, fmin(a, 1))
        case .relu6: return fmax(0, fmin(a, 6))
        case .tanh: return referenceTanhf(a)
        case .signBit: return a.sign == .minus ? 1 : 0
        }
    }

    /// C's fmaxf for the operands that can reach it: a NaN operand yields the other one.
    @inline(__always)
    static func fmax(_ x: Float, _ y: Float) -> Float {
        if x.isNaN { return y }
        if y.isNaN { return x }
        return x < y ? y : x
    }

    /// C's fminf likewise.
    @inline(__always)
    static func fmin(_ x: Float, _ y: Float) -> Float {
        if x.isNaN { return y }
        if y.isNaN { return x }
        return y < x ? y : x
    }
}
