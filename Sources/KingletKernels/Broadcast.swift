// numpy-style broadcasting of two inputs to one output, as TFLM's micro ADD and MUL do it.
//
// TFLM (M/add.cc, M/mul_common.cc) calls BroadcastAdd4DSlow / BroadcastMul4DSlow, which in this
// snapshot forward to the 6D versions and from there to reference_ops::BroadcastBinaryOpSimple
// (R/broadcast_loop.h): shapes are right-aligned to the largest rank (up to 8 there, 6 here),
// adjacent dimensions that broadcast the same way are fused into one loop, and the innermost
// loop is the contiguous one. When the two input shapes are equal after right-alignment TFLM
// instead runs a flat elementwise loop over the same elements in the same order.
//
// Every output element depends only on its two input elements, so the visiting order cannot
// change a result; the plan below still mirrors TFLM's loop nest.

/// Prepared loop nest for a broadcasting binary operator. Element strides, innermost loop first.
public struct BroadcastPlan: BitwiseCopyable {
    /// Number of fused loops (0 when the output is empty).
    public private(set) var loopCount: Int
    /// Total number of output elements.
    public private(set) var elementCount: Int
    @usableFromInline var extents: Shape  // loop extents, index 0 = innermost
    @usableFromInline var strides1: Shape  // element strides of input 1 (0 = broadcast)
    @usableFromInline var strides2: Shape  // element strides of input 2 (0 = broadcast)

    /// Validates that `output` is the broadcast of `input1` and `input2` (after right-aligning
    /// all three to the largest rank; a dimension of an input is either equal to the output's
    /// or 1) and fuses the loops.
    public init(input1: Shape, input2: Shape, output: Shape) throws(KernelError) {
        let rank = max(output.rank, max(input1.rank, input2.rank))
        loopCount = 0
        elementCount = 1
        extents = Shape()
        strides1 = Shape()
        strides2 = Shape()

        for index in 0..<rank {
            let a = input1.extendedDimension(index, toRank: rank)
            let b = input2.extendedDimension(index, toRank: rank)
            let o = output.extendedDimension(index, toRank: rank)
            // TFLM aborts (live DCHECKs in RunBinaryOp) or reads out of bounds otherwise.
            let expected = a == 1 ? b : a
            guard (a == b || a == 1 || b == 1), o == expected else {
                throw .shapeMismatch(name: "broadcast output dimension", expected: expected, actual: o)
            }
        }
        elementCount = try output.checkedElementCount()
        if elementCount == 0 { return }  // TFLM returns early on any empty dimension

        // Innermost dimension first, fusing into the previous loop when the strides continue.
        var accumulated1 = 1, accumulated2 = 1, accumulatedOut = 1
        var index = rank - 1
        while index >= 0 {
            let a = input1.extendedDimension(index, toRank: rank)
            let b = input2.extendedDimension(index, toRank: rank)
            let o = output.extendedDimension(index, toRank: rank)
            let stride1 = (a == 1 && o != 1) ? 0 : accumulated1
            let stride2 = (b == 1 && o != 1) ? 0 : accumulated2
            let strideOut = accumulatedOut
            if loopCount > 0
                && BroadcastPlan.canFuse(o, stride1, accumulated1, strides1[loopCount - 1])
                && BroadcastPlan.canFuse(o, stride2, accumulated2, strides2[loopCount - 1])
                && BroadcastPlan.canFuse(o, strideOut, accumulatedOut, outStride(loopCount - 1))
            {
                extents[loopCount - 1] = extents[loopCount - 1] * o
            } else {
                try extents.append(o)
                try strides1.append(stride1)
                try strides2.append(stride2)
                loopCount += 1
            }
            accumulated1 *= a
            accumulated2 *= b
            accumulatedOut *= o
            index -= 1
        }
    }

    /// Output stride of fused loop `loop`: the product of the extents inside it.
    private func outStride(_ loop: Int) -> Int {
        var stride = 1
        for inner in 0..<loop { stride *= extents[inner] }
        return stride
    }

    private static func canFuse(_ outputDimension: Int, _ stride: Int, _ expected: Int, _ nextStride: Int) -> Bool {
        if outputDimension == 1 { return true }
        if nextStride == 0 { return stride == 0 }
        return stride == expected
    }

    /// Calls `body(offset1, offset2, outputOffset)` for every output element in TFLM's order.
    /// No allocation: the loop counters live in a `Shape`.
    @inlinable
    public func forEachElement(_ body: (Int, Int, Int) -> Void) {
        if elementCount == 0 { return }
        if loopCount == 0 {  // every dimension is 1
            body(0, 0, 0)
            return
        }
        let inner = extents[0]
        let innerStride1 = strides1[0]
        let innerStride2 = strides2[0]
        var counters = Shape()
        for _ in 0..<loopCount { try? counters.append(0) }  // rank <= 6 by construction
        var base1 = 0, base2 = 0, outputOffset = 0
        while true {
            var offset1 = base1, offset2 = base2
            for _ in 0..<inner {
                body(offset1, offset2, outputOffset)
                offset1 &+= innerStride1
                offset2 &+= innerStride2
                outputOffset &+= 1
            }
            // Advance the outer loops like an odometer.
            var loop = 1
            while loop < loopCount {
                counters[loop] = counters[loop] + 1
                base1 &+= strides1[loop]
                base2 &+= strides2[loop]
                if counters[loop] < extents[loop] { break }
                base1 &-= strides1[loop] &* extents[loop]
                base2 &-= strides2[loop] &* extents[loop]
                counters[loop] = 0
                loop += 1
            }
            if loop == loopCount { return }
        }
    }
}
