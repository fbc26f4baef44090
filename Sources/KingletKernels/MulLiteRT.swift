// MUL int8 with the arithmetic of LiteRT's optimized kernel (mul.cc Prepare/EvalQuantized,
// optimized_integer_ops/mul.h MulElementwise, MulSimpleBroadcast, BroadcastMulDispatch, and
// optimized_ops.h BinaryBroadcastFiveFold; NEON through NEON_2_SSE on x86), as Larq Compute
// Engine's interpreter runs it (docs/binarized.md "Bit-exactness", tools/bnn/int8_ops.py):
//   (m, s) = QuantizeMultiplier(double(s1 * s2 / so)), the quotient in float (TFLM: in double);
//   p = (x1 - z1) * (x2 - z2); r = MultiplyByQuantizedMultiplier(p, m, s) (TFLM's rounding in
//   both lanes: NEON_2_SSE's vqrdmulh and gemmlowp's RoundingDivideByPOT round as TFLM's do);
//   16-lane block: out = clamp(sat8(wrap16(sat16(r) + zo))) (vqmovn_s32, vaddq_s16, vqmovn_s16);
//   leftover lanes: out = clamp(r + zo) in int32, as TFLM.
// The two lanes part only where |r + zo| leaves int16. Which lanes are a block depends on the
// position within LiteRT's inner calls: the whole tensor when the shapes match after
// right-alignment; for a broadcast ProcessBroadcastShapes' fivefold split, whose inner call runs
// over y4 elements (y3 when y4 == 1, the scalar-broadcast path), each call's first 16 * (n / 16)
// elements a block; the generic broadcast (reference BroadcastMul6DSlow) has no block at all.

/// Prepared int8 MUL with LiteRT's optimized arithmetic.
public struct MulLiteRT: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let outputMultiplier: QuantizedMultiplier
    public let quantization: BinaryQuantization
    /// Output elements per LiteRT inner call (they run over the output in order).
    public let segment: Int
    /// The first `blockLanes` elements of each call go through the 16-lane block.
    public let blockLanes: Int

    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation
    ) throws(KernelError) {
        try checkScale(input1Scale, "mul input1")
        try checkScale(input2Scale, "mul input2")
        try checkScale(outputScale, "mul output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        let real = input1Scale * input2Scale / outputScale  // float, as LiteRT's Prepare
        outputMultiplier = try quantizeMultiplierShiftingAtMost31(Double(real), name: "mul output")
        quantization = try BinaryQuantization(
            input1ZeroPoint: input1ZeroPoint, input2ZeroPoint: input2ZeroPoint, outputScale: outputScale,
            outputZeroPoint: outputZeroPoint, activation: activation, int16: false)
        let split = MulLiteRT.innerCall(input1Shape, input2Shape, elementCount: plan.elementCount)
        segment = max(split.count, 1)
        blockLanes = split.blocks ? split.count & ~15 : 0
    }

    /// The length of LiteRT's inner calls and whether they have blocks (not the generic broadcast).
    static func innerCall(_ shape1: Shape, _ shape2: Shape, elementCount: Int) -> (count: Int, blocks: Bool) {
        let rank = max(shape1.rank, shape2.rank)
        var index = rank - 1
        var firstBroadcastsFast = false
        while index >= 0 {
            let a = shape1.extendedDimension(index, toRank: rank), b = shape2.extendedDimension(index, toRank: rank)
            if a != b {
                firstBroadcastsFast = a == 1
                break
            }
            index -= 1
        }
        if index < 0 { return (elementCount, true) }  // equal shapes: one MulElementwise
        // shapeA broadcasts fast (1 at the innermost differing dimension), shapeB does not.
        let shapeA = firstBroadcastsFast ? shape1 : shape2, shapeB = firstBroadcastsFast ? shape2 : shape1
        func a(_ i: Int) -> Int { shapeA.extendedDimension(i, toRank: rank) }
        func b(_ i: Int) -> Int { shapeB.extendedDimension(i, toRank: rank) }
        var y4 = 1, y3 = 1
        index = rank - 1
        while index >= 0 && a(index) == b(index) {
            y4 &*= b(index)
            index -= 1
        }
        while index >= 0 && a(index) == 1 {
            y3 &*= b(index)
            index -= 1
        }
        while index >= 0 && a(index) == b(index) { index -= 1 }
        while index >= 0 && b(index) == 1 { index -= 1 }
        while index >= 0 && a(index) == b(index) { index -= 1 }
        if index >= 0 { return (elementCount, false) }  // the generic broadcast: the reference loop
        return (y4 > 1 ? y4 : y3, true)
    }

    @inlinable @inline(__always)
    func requantized(_ x1: Int32, _ x2: Int32) -> Int32 {
        // |p| <= 255 * 255 with int8-range zero points; absurd ones wrap like LiteRT's int32.
        outputMultiplier.apply((x1 &+ quantization.input1Offset) &* (x2 &+ quantization.input2Offset))
    }

    /// A leftover lane (LiteRT's scalar loop): TFLM's formula with LiteRT's multiplier.
    @inlinable
    public func scalarLane(_ x1: Int32, _ x2: Int32) -> Int32 {
        quantization.activationRange.clamp(quantization.outputOffset &+ requantized(x1, x2))
    }

    /// A lane of the 16-lane block: saturated to int16, the zero point added in int16 (wrapping),
    /// saturated to int8, clamped.
    @inlinable
    public func blockLane(_ x1: Int32, _ x2: Int32) -> Int32 {
        let narrowed = min(max(requantized(x1, x2), -32_768), 32_767)
        let offset = Int32(
            Int16(truncatingIfNeeded: narrowed &+ Int32(Int16(truncatingIfNeeded: quantization.outputOffset))))
        return quantization.activationRange.clamp(min(max(offset, -128), 127))
    }

    /// Whether every lane computes the same output for every int8 pair (then the result depends on
    /// the inputs alone, not on the position). 65,536 pairs: for the host's pair table only.
    public var sameInEveryLane: Bool {
        if blockLanes == 0 || blockLanes == segment { return true }
        for x1 in Int32(-128)...127 {
            for x2 in Int32(-128)...127 where blockLane(x1, x2) != scalarLane(x1, x2) { return false }
        }
        return true
    }

    /// The output of one pair when `sameInEveryLane` (the block's when every lane is a block).
    public func element(_ x1: Int32, _ x2: Int32) -> Int32 {
        blockLanes == segment ? blockLane(x1, x2) : scalarLane(x1, x2)
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int8>, input2: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        var lane = 0
        let segment = segment, blockLanes = blockLanes
        plan.forEachElement { offset1, offset2, outputOffset in
            let x1 = Int32(input1[offset1]), x2 = Int32(input2[offset2])
            let value = lane < blockLanes ? blockLane(x1, x2) : scalarLane(x1, x2)
            lane &+= 1
            if lane == segment { lane = 0 }
            output[outputOffset] = Int8(truncatingIfNeeded: value)
        }
    }
}
