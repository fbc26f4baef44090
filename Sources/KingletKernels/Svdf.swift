// SVDF, int8 input and output with an int16 or int8 activation state (TFLM: micro/kernels/svdf.cc,
// svdf_common.cc, EvalIntegerSvdfReference). A rank-grouped, time-filtered fully connected layer:
//
// 1. The state [batch, filters · memory] (a variable tensor kept across invokes) shifts left by
//    one element over its whole length (TFLM's flat copy: each filter's row moves one step back
//    in time, its oldest entry taking the next row's first; the newest column is rewritten next).
// 2. Feature matmul, per batch and filter: int32 Σ w_f · (x - input zp), wrapping;
//    MultiplyByQuantizedMultiplier(·, m1, s1); clamp to the state type; + state zp, stored
//    truncated to the state type (TFLM's implicit conversion) as the filter's newest entry.
// 3. Time dot product, per batch and filter: int32 Σ w_t · (state - state zp) over memory.
// 4. Per unit: bias (int32; zeros when absent) + the rank consecutive filters' sums;
//    MultiplyByQuantizedMultiplier(·, m2, s2) + output zp, clamped to int8. TFLM applies no fused
//    activation on this path.
// Multipliers: m1 from s_in · s_wf / s_state and m2 from s_state · s_wt / s_out, all in double as
// pip computes them (the 90b983c source rounds the float products first; verified on pip by
// tools/vectors/svdf_vectors.py, whose cases pick scales where the two formulas differ).
// TFLM requires the bias scale to equal s_state · s_wt within 1e-5.

/// Prepared quantized SVDF (int8 input/output; int16 or int8 state and time weights).
public struct Svdf: BitwiseCopyable {
    public private(set) var geometry: SvdfGeometry
    public private(set) var feature: QuantizedMultiplier
    public private(set) var output: QuantizedMultiplier
    @usableFromInline var inputZeroPoint: Int32
    @usableFromInline var stateZeroPoint: Int32
    @usableFromInline var outputZeroPoint: Int32
    /// 16: int16 state and time weights; 8: int8.
    public private(set) var stateBits: Int32

    public var units: Int { Int(geometry.filters / geometry.rank) }
    /// Int32 slots of the first scratch buffer: one time dot product per batch and filter.
    public var filterScratchCount: Int { Int(geometry.batches) &* Int(geometry.filters) }
    /// Int32 slots of the second scratch buffer: one sum per batch and unit.
    public var unitScratchCount: Int { Int(geometry.batches) &* units }

    /// - Parameters:
    ///   - geometry: the shapes, checked by `SvdfGeometry`.
    ///   - biasScale: the bias tensor's scale (TFLM's prepare requires a bias on this path).
    public init(
        geometry: SvdfGeometry, inputScale: Float, inputZeroPoint: Int32, featureScale: Float, timeScale: Float,
        biasScale: Float, stateScale: Float, stateZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        int16State: Bool
    ) throws(KernelError) {
        try checkScale(inputScale, "svdf input")
        try checkScale(featureScale, "svdf weights_feature")
        try checkScale(timeScale, "svdf weights_time")
        try checkScale(stateScale, "svdf activation_state")
        try checkScale(outputScale, "svdf output")
        let expectedBias = Double(stateScale) * Double(timeScale)
        guard biasScale.isFinite, abs(Double(biasScale) - expectedBias) < 1e-5 else {
            throw .quantizationMismatch(name: "svdf bias scale", expected: Float(expectedBias), actual: biasScale)
        }
        // All in double, as pip computes them.
        feature = try quantizeMultiplier(
            Double(inputScale) * Double(featureScale) / Double(stateScale), name: "svdf feature")
        output = try quantizeMultiplier(
            Double(stateScale) * Double(timeScale) / Double(outputScale), name: "svdf output")
        self.geometry = geometry
        self.inputZeroPoint = inputZeroPoint
        self.stateZeroPoint = stateZeroPoint
        self.outputZeroPoint = outputZeroPoint
        stateBits = int16State ? 16 : 8
    }

    /// int16 (prepared with `int16State`) or int8 state and time weights. `state` is the variable
    /// tensor (updated in place); `filterScratch` and `unitScratch` hold `filterScratchCount` and
    /// `unitScratchCount` slots.
    public func invoke(
        input: UnsafePointer<Int8>, weightsFeature: UnsafePointer<Int8>, weightsTime: UnsafePointer<Int16>,
        bias: UnsafePointer<Int32>?, state: UnsafeMutablePointer<Int16>, output: UnsafeMutablePointer<Int8>,
        filterScratch: UnsafeMutablePointer<Int32>, unitScratch: UnsafeMutablePointer<Int32>
    ) {
        invokeSpecialized(
            input: input, weightsFeature: weightsFeature, weightsTime: weightsTime, bias: bias, state: state,
            output: output, filterScratch: filterScratch, unitScratch: unitScratch)
    }

    /// As above, with int8 time weights and state.
    public func invoke(
        input: UnsafePointer<Int8>, weightsFeature: UnsafePointer<Int8>, weightsTime: UnsafePointer<Int8>,
        bias: UnsafePointer<Int32>?, state: UnsafeMutablePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        filterScratch: UnsafeMutablePointer<Int32>, unitScratch: UnsafeMutablePointer<Int32>
    ) {
        invokeSpecialized(
            input: input, weightsFeature: weightsFeature, weightsTime: weightsTime, bias: bias, state: state,
            output: output, filterScratch: filterScratch, unitScratch: unitScratch)
    }

    /// The int8 invoke for either state type. Called through the two concrete entry points above:
    /// called generically from another module, a host build would run it unspecialized (a witness
    /// call per value: keyword_scrambled_8bit took 20x its specialized time).
    @inline(__always)
    func invokeSpecialized<T: FixedWidthInteger & SignedInteger>(
        input: UnsafePointer<Int8>, weightsFeature: UnsafePointer<Int8>, weightsTime: UnsafePointer<T>,
        bias: UnsafePointer<Int32>?, state: UnsafeMutablePointer<T>, output outputData: UnsafeMutablePointer<Int8>,
        filterScratch: UnsafeMutablePointer<Int32>, unitScratch: UnsafeMutablePointer<Int32>
    ) {
        let (batches, inputSize, filters, memory, rank) = geometry.sizes
        let units = self.units
        // 1-2. Shift, then the feature matmul into each filter's newest entry.
        let stateMin = Int32(truncatingIfNeeded: T.min), stateMax = Int32(truncatingIfNeeded: T.max)
        geometry.shiftState(state) { inputOffset, weightsOffset in
            let x = input + inputOffset, w = weightsFeature + weightsOffset
            var sum: Int32 = 0
            for c in 0..<inputSize { sum &+= Int32(w[c]) &* (Int32(x[c]) &- inputZeroPoint) }
            let scaled = Swift.min(Swift.max(stateMin, feature.apply(sum)), stateMax)
            return T(truncatingIfNeeded: stateZeroPoint &+ scaled)
        }
        // 3. Time dot products.
        geometry.forEachTimeDotProduct { index, weightsOffset, stateOffset in
            let w = weightsTime + weightsOffset, row = state + stateOffset
            var sum: Int32 = 0
            for t in 0..<memory { sum &+= Int32(w[t]) &* (Int32(row[t]) &- stateZeroPoint) }
            filterScratch[index] = sum
        }
        // 4. Bias, rank-grouped sums, requantization.
        for batch in 0..<batches {
            for unit in 0..<units {
                var sum = bias?[unit] ?? 0
                let group = filterScratch + (batch &* filters &+ unit &* rank)
                for r in 0..<rank { sum &+= group[r] }
                unitScratch[batch &* units &+ unit] = sum
            }
        }
        for index in 0..<(batches &* units) {
            let value = output.apply(unitScratch[index]) &+ outputZeroPoint
            outputData[index] = Int8(truncatingIfNeeded: Swift.min(Swift.max(-128, value), 127))
        }
    }
}

/// SVDF's shapes, shared by the quantized and float kernels: input [batch, input size],
/// weights_feature [filters, input size], weights_time [filters, memory], bias [units],
/// activation state [batch, memory · filters], output [batch, units], units = filters / rank.
public struct SvdfGeometry: BitwiseCopyable {
    public private(set) var batches, inputSize, filters, memory, rank: Int32

    /// batches, input size, filters, memory and rank as Int.
    @inlinable
    public var sizes: (batches: Int, inputSize: Int, filters: Int, memory: Int, rank: Int) {
        (Int(batches), Int(inputSize), Int(filters), Int(memory), Int(rank))
    }

    /// Steps 1 and 2 of both kernels: the state shifted one slot toward index 0 over the whole
    /// buffer (low index first), then each filter's newest entry set to `newest(input offset,
    /// weights_feature offset)` of its batch's input row and its feature row, batch by batch.
    @inlinable
    func shiftState<State>(
        _ state: UnsafeMutablePointer<State>, newest: (_ inputOffset: Int, _ weightsOffset: Int) -> State
    ) {
        let (batches, inputSize, filters, memory, _) = sizes
        let stateCount = batches &* filters &* memory
        for index in 0..<(stateCount &- 1) { state[index] = state[index &+ 1] }
        for batch in 0..<batches {
            var entry = state + batch &* filters &* memory + (memory &- 1)
            for filter in 0..<filters {
                entry.pointee = newest(batch &* inputSize, filter &* inputSize)
                entry += memory
            }
        }
    }

    /// Step 3: for every batch and filter, in order, `body(batch · filters + filter, weights_time
    /// row offset, state row offset)`.
    @inlinable
    func forEachTimeDotProduct(_ body: (_ index: Int, _ weightsOffset: Int, _ stateOffset: Int) -> Void) {
        let (batches, _, filters, memory, _) = sizes
        for batch in 0..<batches {
            for filter in 0..<filters {
                let index = batch &* filters &+ filter
                body(index, filter &* memory, index &* memory)
            }
        }
    }

    /// Shapes as [d0, d1] pairs (each tensor rank 2, checked by the caller); the state's element
    /// count is checked too. TFLM divides by rank, and indexes the state at memory - 1 and shifts
    /// it by one, so zero rank, memory or state sizes are refused.
    public init(
        rank: Int, input: (Int, Int), weightsFeature: (Int, Int), weightsTime: (Int, Int), biasUnits: Int?,
        state: (Int, Int), output: (Int, Int)
    ) throws(KernelError) {
        guard rank > 0 else { throw .unsupportedParameter(name: "svdf rank", value: rank) }
        let (batches, inputSize) = input
        let filters = weightsFeature.0, memory = weightsTime.1
        guard batches > 0 else { throw .unsupportedParameter(name: "svdf batches", value: batches) }
        guard filters > 0, filters % rank == 0 else {
            throw .unsupportedParameter(name: "svdf filters (a multiple of rank)", value: filters)
        }
        guard memory > 0 else { throw .unsupportedParameter(name: "svdf memory size", value: memory) }
        let units = filters / rank
        guard weightsFeature.1 == inputSize else {
            throw .shapeMismatch(name: "svdf weights_feature input size", expected: inputSize, actual: weightsFeature.1)
        }
        guard weightsTime.0 == filters else {
            throw .shapeMismatch(name: "svdf weights_time filters", expected: filters, actual: weightsTime.0)
        }
        if let biasUnits, biasUnits != units {
            throw .shapeMismatch(name: "svdf bias units", expected: units, actual: biasUnits)
        }
        guard output.0 == batches else {
            throw .shapeMismatch(name: "svdf output batches", expected: batches, actual: output.0)
        }
        guard output.1 == units else {
            throw .shapeMismatch(name: "svdf output units", expected: units, actual: output.1)
        }
        guard state.0 == batches else {
            throw .shapeMismatch(name: "svdf activation_state batches", expected: batches, actual: state.0)
        }
        // The tensors' byte sizes were checked (< 2 GiB), so these products fit.
        guard state.1 == memory &* filters else {
            throw .shapeMismatch(name: "svdf activation_state size", expected: memory &* filters, actual: state.1)
        }
        guard Int32(exactly: inputSize) != nil, Int32(exactly: batches &* memory &* filters) != nil else {
            throw .unsupportedParameter(name: "svdf size", value: inputSize)
        }
        self.batches = Int32(batches)
        self.inputSize = Int32(inputSize)
        self.filters = Int32(filters)
        self.memory = Int32(memory)
        self.rank = Int32(rank)
    }
}
