// The loop geometry shared by the reductions MEAN, SUM, REDUCE_MAX and REDUCE_MIN
// (M/reduce_common.cc, R/reduce.h ResolveAxis / Reduce / ReducedOutputOffset / NextIndex).
//
// TFLM walks the whole input once in row-major order and folds each element into the output
// element its kept indices select. For one output element that visits the reduced elements in
// row-major order of the reduced indices (innermost reduced dimension fastest); Kinglet visits
// them in exactly that order, output by output, so float results (sums in particular) match
// TFLM bit for bit. That needs none of TFLM's scratch buffers (input_iter, resolved_axis,
// temp_sum), only this plan.
//
// Axes: negative values count from the end (+ rank); duplicates collapse; an axis out of range
// fails TFLM's eval (ResolveAxis returns false) and fails Kinglet's prepare. A scalar input
// ignores its axes. keep_dims only changes the output shape: the output element order is the
// input order with the reduced dimensions dropped either way, so only the output's element
// count is checked.

/// Prepared reduction geometry.
public struct ReductionPlan: BitwiseCopyable {
    @usableFromInline var input: Shape
    /// Input strides, indexed like `input`.
    @usableFromInline var strides: Shape
    /// Kept dimensions (indices into `input`), outermost first.
    @usableFromInline var kept: Shape
    /// Reduced dimensions (indices into `input`), outermost first.
    @usableFromInline var reduced: Shape
    public let outputCount: Int
    /// N, the number of input elements folded into each output.
    public let reducedCount: Int
    /// Some input dimension is 0 (TFLM then leaves every output at the reduction's initial value).
    public let isEmpty: Bool

    /// - Parameters:
    ///   - axes: raw bytes of the constant int32 axis tensor (little-endian, any alignment).
    ///   - output: the output tensor's shape from the model.
    public init(input: Shape, axes: UnsafeRawBufferPointer, output: Shape) throws(KernelError) {
        guard axes.count % 4 == 0 else { throw .unsupportedParameter(name: "reduce axis bytes", value: axes.count) }
        self.input = input
        _ = try input.checkedElementCount()

        var isReduced = Shape()
        for _ in 0..<input.rank { try isReduced.append(0) }
        if input.rank > 0 {
            for index in 0..<(axes.count / 4) {
                let raw = Int(loadInt32LittleEndian(axes, index))
                let axis = raw < 0 ? raw + input.rank : raw
                guard axis >= 0, axis < input.rank else {
                    throw .unsupportedParameter(name: "reduce axis", value: raw)
                }
                isReduced[axis] = 1
            }
        }
        strides = Shape()
        kept = Shape()
        reduced = Shape()
        for _ in 0..<input.rank { try strides.append(0) }
        var stride = 1
        var index = input.rank - 1
        while index >= 0 {
            strides[index] = stride
            stride *= input[index]
            index -= 1
        }
        var outputElements = 1
        var count = 1
        for index in 0..<input.rank {
            if isReduced[index] == 1 {
                try reduced.append(index)
                count *= input[index]
            } else {
                try kept.append(index)
                outputElements *= input[index]
            }
        }
        isEmpty = (try input.checkedElementCount()) == 0
        outputCount = try output.checkedElementCount()
        reducedCount = count
        // TFLM sizes its output loop by the output tensor and indexes it by the kept input
        // indices; anything but equal counts reads or writes out of bounds there.
        guard outputCount == outputElements || isEmpty else {
            throw .shapeMismatch(name: "reduce output elements", expected: outputElements, actual: outputCount)
        }
    }

    /// Calls `body(outputIndex, base)` for every output element in order, `base` being the input
    /// offset of its first reduced element. Not called for an empty input.
    @inlinable
    public func forEachOutput(_ body: (Int, Int) -> Void) {
        if isEmpty { return }
        var counters = Shape()
        for _ in 0..<kept.rank { try? counters.append(0) }  // rank <= 6
        var base = 0
        for outputIndex in 0..<outputCount {
            body(outputIndex, base)
            // Next kept position (innermost kept dimension fastest).
            _ = advance(&counters, &base, over: kept, from: kept.rank - 1)
        }
    }

    /// Calls `body(offset)` for the input offset of every element reduced into the output whose
    /// first element is at `base`, in TFLM's order (row-major over the reduced indices).
    @inlinable
    public func forEachReduced(from base: Int, _ body: (Int) -> Void) {
        if reduced.rank == 0 {
            body(base)
            return
        }
        let innerDimension = reduced[reduced.rank - 1]
        let innerCount = input[innerDimension]
        let innerStride = strides[innerDimension]
        var counters = Shape()
        for _ in 0..<reduced.rank { try? counters.append(0) }  // rank <= 6
        var offset = base
        while true {
            var inner = offset
            for _ in 0..<innerCount {
                body(inner)
                inner &+= innerStride
            }
            guard advance(&counters, &offset, over: reduced, from: reduced.rank - 2) else { return }
        }
    }

    /// Steps an odometer over the input dimensions `dimensions[0...last]` (the last fastest):
    /// their counters and the input offset move to the next position; false once all wrapped.
    @inlinable
    func advance(_ counters: inout Shape, _ offset: inout Int, over dimensions: Shape, from last: Int) -> Bool {
        var position = last
        while position >= 0 {
            let dimension = dimensions[position]
            counters[position] = counters[position] + 1
            offset &+= strides[dimension]
            if counters[position] < input[dimension] { return true }
            offset &-= strides[dimension] &* input[dimension]
            counters[position] = 0
            position -= 1
        }
        return false
    }
}
