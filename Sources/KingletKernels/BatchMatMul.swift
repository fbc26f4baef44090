// BATCH_MATMUL (M/batch_matmul.cc, M/batch_matmul_common.cc, R/batch_matmul.h), float32, int8
// and int16 (lhs, rhs and output of one type).
//
// TFLM prepare: lhs and rhs ranks 2...5; broadcast batch dims (right-aligned to
// r = max(ranks); a pair that differs needs a 1 on one side); accumulation depth
// (adj_x ? lhs[r-2] : lhs[r-1]) == (adj_y ? rhs[r-1] : rhs[r-2]); then it REWRITES the output
// dims to [broadcast batch dims..., M, N] (M = adj_x ? lhs[r-1] : lhs[r-2], N = adj_y ?
// rhs[r-2] : rhs[r-1]) after requiring the model's output rank >= r and its element count to
// equal the new one — `outputShape` below is that shape (what later operators see in TFLM).
// Quantized: real = double(s_lhs) * double(s_rhs) / double(s_out) — all double in the pip build
// (the source at 90b983c rounds the product to float first; pinned in DoublePrepareTests),
// (m, s) = QuantizeMultiplier(real); no fused activation (clamp to the type's range); int16
// requires all three zero points to be 0.
// Eval: TFLM copies whichever operand needs it into transposed scratch (rhs unless adj_y, lhs if
// adj_x), swaps the shapes' last two dims, may fold lhs's last batch dim into its rows, and calls
// the reference with the operands exchanged; all of that only changes where values are read
// from. Per output element (batch, j < M, i < N), accumulating over k = 0..<K in order:
//   float: total = 0; total += rhs(k, i) * lhs(j, k)           (separate multiply and add)
//   int8:  total (int32, wrapping) += (rhs(k, i) - z_rhs) * (lhs(j, k) - z_lhs);
//          out = clamp(MultiplyByQuantizedMultiplier(total, m, s) + z_out, -128, 127)
//   int16: total in int64; out = clamp(MBQM64(total, m, s) + z_out, int16) where MBQM64 is the
//          int64 overload: m16 = m < 0x7FFF0000 ? (m + 2^15) >> 16 : 0x7FFF;
//          out = Int32((total * m16 + 2^(14 - s)) >> (15 - s))
// Kinglet reads the operands in place through strides (no scratch, no transposition).

/// Prepared BATCH_MATMUL.
public struct BatchMatMul: BitwiseCopyable {
    public static let maxRank = 5

    /// The output shape TFLM assigns (rank max(lhs rank, rhs rank)).
    public let outputShape: Shape
    public let rows: Int  // M
    public let columns: Int  // N
    public let depth: Int  // K
    @usableFromInline var batchExtents: Shape  // 3 padded batch dims of the output
    @usableFromInline var lhsBatchStrides: Shape  // element strides (0: broadcast)
    @usableFromInline var rhsBatchStrides: Shape
    @usableFromInline let lhsRowStride: Int, lhsDepthStride: Int
    @usableFromInline let rhsDepthStride: Int, rhsColumnStride: Int
    // Quantized parameters (unused for float32).
    public let multiplier: QuantizedMultiplier
    @usableFromInline let lhsZeroPoint: Int32
    @usableFromInline let rhsZeroPoint: Int32
    @usableFromInline let outputZeroPoint: Int32
    /// 32 for float32, 8 for int8, 16 for int16.
    public let elementBits: Int

    /// float32 BATCH_MATMUL.
    public static func float32(
        lhs: Shape, rhs: Shape, output: Shape, adjX: Bool, adjY: Bool
    ) throws(KernelError) -> BatchMatMul {
        try BatchMatMul(
            lhs: lhs, rhs: rhs, output: output, adjX: adjX, adjY: adjY,
            multiplier: QuantizedMultiplier(multiplier: 0, shift: 0), zeroPoints: (0, 0, 0), elementBits: 32)
    }

    /// int8 BATCH_MATMUL.
    public static func int8(
        lhs: Shape, lhsScale: Float, lhsZeroPoint: Int32, rhs: Shape, rhsScale: Float, rhsZeroPoint: Int32,
        output: Shape, outputScale: Float, outputZeroPoint: Int32, adjX: Bool, adjY: Bool
    ) throws(KernelError) -> BatchMatMul {
        let multiplier = try quantizedMultiplier(lhsScale, rhsScale, outputScale, maxShift: 31)
        return try BatchMatMul(
            lhs: lhs, rhs: rhs, output: output, adjX: adjX, adjY: adjY, multiplier: multiplier,
            zeroPoints: (lhsZeroPoint, rhsZeroPoint, outputZeroPoint), elementBits: 8)
    }

    /// int16 BATCH_MATMUL: all zero points must be 0 (TFLM's prepare fails otherwise).
    public static func int16(
        lhs: Shape, lhsScale: Float, lhsZeroPoint: Int32, rhs: Shape, rhsScale: Float, rhsZeroPoint: Int32,
        output: Shape, outputScale: Float, outputZeroPoint: Int32, adjX: Bool, adjY: Bool
    ) throws(KernelError) -> BatchMatMul {
        try checkZeroPointsAreZero(
            (lhsZeroPoint, rhsZeroPoint, outputZeroPoint),
            names: ("batch_matmul int16 lhs", "batch_matmul int16 rhs", "batch_matmul int16 output"))
        // The int64 overload shifts by 15 - s and rounds with 2^(14 - s): defined for s <= 14.
        let multiplier = try quantizedMultiplier(lhsScale, rhsScale, outputScale, maxShift: 14)
        return try BatchMatMul(
            lhs: lhs, rhs: rhs, output: output, adjX: adjX, adjY: adjY, multiplier: multiplier,
            zeroPoints: (0, 0, 0), elementBits: 16)
    }

    /// Throws for a shift above `maxShift`, where the kernel's shifts are undefined.
    static func quantizedMultiplier(
        _ lhsScale: Float, _ rhsScale: Float, _ outputScale: Float, maxShift: Int32
    ) throws(KernelError) -> QuantizedMultiplier {
        try checkScale(lhsScale, "batch_matmul lhs")
        try checkScale(rhsScale, "batch_matmul rhs")
        try checkScale(outputScale, "batch_matmul output")
        let real = Double(lhsScale) * Double(rhsScale) / Double(outputScale)  // all double, as pip computes it
        let multiplier = try quantizeMultiplier(real, name: "batch_matmul")
        guard multiplier.shift <= maxShift else { throw .multiplierOutOfRange(name: "batch_matmul", value: real) }
        return multiplier
    }

    init(
        lhs: Shape, rhs: Shape, output: Shape, adjX: Bool, adjY: Bool,
        multiplier: QuantizedMultiplier, zeroPoints: (Int32, Int32, Int32), elementBits: Int
    ) throws(KernelError) {
        guard lhs.rank >= 2, lhs.rank <= BatchMatMul.maxRank else {
            throw .unsupportedParameter(name: "batch_matmul lhs rank", value: lhs.rank)
        }
        guard rhs.rank >= 2, rhs.rank <= BatchMatMul.maxRank else {
            throw .unsupportedParameter(name: "batch_matmul rhs rank", value: rhs.rank)
        }
        _ = try lhs.checkedElementCount()
        _ = try rhs.checkedElementCount()
        let rank = max(lhs.rank, rhs.rank)
        let lhsDepth = adjX ? lhs[lhs.rank - 2] : lhs[lhs.rank - 1]
        let rhsDepth = adjY ? rhs[rhs.rank - 1] : rhs[rhs.rank - 2]
        guard lhsDepth == rhsDepth else {
            throw .shapeMismatch(name: "batch_matmul accumulation depth", expected: lhsDepth, actual: rhsDepth)
        }
        depth = lhsDepth
        rows = adjX ? lhs[lhs.rank - 1] : lhs[lhs.rank - 2]
        columns = adjY ? rhs[rhs.rank - 2] : rhs[rhs.rank - 1]
        lhsRowStride = adjX ? 1 : depth
        lhsDepthStride = adjX ? rows : 1
        rhsDepthStride = adjY ? 1 : columns
        rhsColumnStride = adjY ? depth : 1

        // Batch dims, padded to 3 (output rank 5), innermost first.
        var shape = Shape()
        batchExtents = Shape()
        lhsBatchStrides = Shape()
        rhsBatchStrides = Shape()
        for _ in 0..<3 {
            try batchExtents.append(1)
            try lhsBatchStrides.append(0)
            try rhsBatchStrides.append(0)
        }
        var lhsStride = rows * depth, rhsStride = depth * columns  // matrix sizes: <= element counts
        for padded in stride(from: 2, through: 0, by: -1) {
            let dim = padded + rank - 5  // position in the rank-r output; < 0: padding
            let l = dim >= 0 ? lhs.extendedDimension(dim, toRank: rank) : 1
            let r = dim >= 0 ? rhs.extendedDimension(dim, toRank: rank) : 1
            guard l == r || l == 1 || r == 1 else {
                throw .shapeMismatch(name: "batch_matmul batch dimension", expected: l, actual: r)
            }
            batchExtents[padded] = l == 1 ? r : l
            lhsBatchStrides[padded] = l == 1 ? 0 : lhsStride
            rhsBatchStrides[padded] = r == 1 ? 0 : rhsStride
            lhsStride *= l
            rhsStride *= r
        }
        for dim in 0..<(rank - 2) { try shape.append(batchExtents[dim + 5 - rank]) }
        try shape.append(rows)
        try shape.append(columns)
        let count = try shape.checkedElementCount()
        outputShape = shape
        // TFLM: output rank >= r and the same element count, then the dims are replaced.
        guard output.rank >= rank else {
            throw .shapeMismatch(name: "batch_matmul output rank", expected: rank, actual: output.rank)
        }
        let modelCount = try output.checkedElementCount()
        guard modelCount == count else {
            throw .shapeMismatch(name: "batch_matmul output elements", expected: count, actual: modelCount)
        }
        self.multiplier = multiplier
        (lhsZeroPoint, rhsZeroPoint, outputZeroPoint) = zeroPoints
        self.elementBits = elementBits
    }

    /// Calls `body(lhsBase, rhsBase, outputBase)` for each output matrix, in output order.
    @inlinable
    func forEachMatrix(_ body: (Int, Int, Int) -> Void) {
        let matrixSize = rows &* columns
        var outputBase = 0
        for b0 in 0..<batchExtents[0] {
            for b1 in 0..<batchExtents[1] {
                for b2 in 0..<batchExtents[2] {
                    let lhsBase = b0 &* lhsBatchStrides[0] &+ b1 &* lhsBatchStrides[1] &+ b2 &* lhsBatchStrides[2]
                    let rhsBase = b0 &* rhsBatchStrides[0] &+ b1 &* rhsBatchStrides[1] &+ b2 &* rhsBatchStrides[2]
                    body(lhsBase, rhsBase, outputBase)
                    outputBase &+= matrixSize
                }
            }
        }
    }

    /// For every output element in TFLM's order: `accumulate(&total, lhsIndex, rhsIndex)` over the
    /// depth from `zero`, then `store(outputIndex, total)`.
    @inlinable
    func forEachDotProduct<Accumulator>(
        from zero: Accumulator, _ accumulate: (inout Accumulator, Int, Int) -> Void, store: (Int, Accumulator) -> Void
    ) {
        forEachMatrix { lhsBase, rhsBase, outputBase in
            for j in 0..<rows {
                for i in 0..<columns {
                    var total = zero
                    var l = lhsBase &+ j &* lhsRowStride, r = rhsBase &+ i &* rhsColumnStride
                    for _ in 0..<depth {
                        accumulate(&total, l, r)
                        l &+= lhsDepthStride
                        r &+= rhsDepthStride
                    }
                    store(outputBase &+ j &* columns &+ i, total)
                }
            }
        }
    }

    @inlinable
    public func invoke(lhs: UnsafePointer<Float>, rhs: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        precondition(elementBits == 32, "BatchMatMul prepared for another element type")
        forEachDotProduct(from: Float(0)) { total, l, r in
            total += rhs[r] * lhs[l]
        } store: { index, total in
            output[index] = total
        }
    }

    @inlinable
    public func invoke(lhs: UnsafePointer<Int8>, rhs: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        precondition(elementBits == 8, "BatchMatMul prepared for another element type")
        forEachDotProduct(from: Int32(0)) { total, l, r in
            // int32 with wrap-around, like TFLM's accumulator.
            total = total &+ (Int32(rhs[r]) &- rhsZeroPoint) &* (Int32(lhs[l]) &- lhsZeroPoint)
        } store: { index, total in
            let scaled = multiplier.apply(total) &+ outputZeroPoint
            output[index] = Int8(min(max(scaled, -128), 127))
        }
    }

    @inlinable
    public func invoke(lhs: UnsafePointer<Int16>, rhs: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>) {
        precondition(elementBits == 16, "BatchMatMul prepared for another element type")
        let reducedMultiplier = Int64(
            multiplier.multiplier < 0x7FFF_0000 ? (multiplier.multiplier + (1 << 15)) >> 16 : 0x7FFF)
        let totalShift = Int64(15 - multiplier.shift)  // >= 1 (shift <= 14 at prepare)
        let rounding = Int64(1) << (totalShift - 1)
        forEachDotProduct(from: Int64(0)) { total, l, r in
            total = total &+ Int64(rhs[r]) &* Int64(lhs[l])  // zero points are 0
        } store: { index, total in
            // The int64 MultiplyByQuantizedMultiplier overload (truncating to int32).
            let scaled = Int32(truncatingIfNeeded: (total &* reducedMultiplier &+ rounding) >> totalShift)
            let value = scaled &+ outputZeroPoint
            output[index] = Int16(min(max(value, -32768), 32767))
        }
    }
}
