// FULLY_CONNECTED int8 with a zero filter offset (per-channel weights, or per-tensor with filter
// zp 0: what the converter writes), the device's path; the oracle is FullyConnected.referenceInvoke
// (OptimizedFullyConnectedTests compare the two on seeded random cases). The same int32 sums of
// w · (x - input zp), wrapping (so any order gives the same bits), the same bias and
// requantization. What differs is the order of the work: four filter rows share each input value,
// loaded and offset once, and the loops index with wrapping arithmetic (the shapes were checked at
// prepare), so a multiply-add costs a byte load and an MLA instead of the reference's loads,
// offset and loop per product (fc_autoencoder: see docs/bench.md's device table).

extension FullyConnected {
    /// Whether `rowsOfFourInvoke` applies: the filter offset is 0.
    var rowsOfFourApplies: Bool { filterOffset == 0 }

    /// As the int8 `invoke`, for `rowsOfFourApplies` kernels.
    func rowsOfFourInvoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        let depth = accumulationDepth, offset = inputOffset
        forEachOutputRow(input: input, filter: filter, bias: bias, output: output, scratch: scratch) { x, w in
            dot4(x, offset, w, depth, from: 0, (0, 0, 0, 0))
        } one: { x, w in
            dot1(x, offset, w, depth, from: 0, 0)
        }
    }

    /// The walk of the fast paths (this one and the host's): per batch, the output channels four
    /// at a time, `four(input row, filter row of the first)` summing four filter rows (`depth`
    /// apart) against the batch's input row, then one at a time (`one`); each sum (bias not
    /// included) requantized as referenceInvoke does.
    @inline(__always)
    func forEachOutputRow(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?,
        four: (UnsafePointer<Int8>, UnsafePointer<Int8>) -> (Int32, Int32, Int32, Int32),
        one: (UnsafePointer<Int8>, UnsafePointer<Int8>) -> Int32
    ) {
        forEachOutputRow(
            input: input, filter: filter, bias: bias, output: output, tables: perChannelTables(in: scratch),
            four: four, one: one)
    }

    /// As above, with the per-channel multipliers and shifts already computed (nil, nil per tensor).
    @inline(__always)
    func forEachOutputRow(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, tables: (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?),
        four: (UnsafePointer<Int8>, UnsafePointer<Int8>) -> (Int32, Int32, Int32, Int32),
        one: (UnsafePointer<Int8>, UnsafePointer<Int8>) -> Int32
    ) {
        let (channelMultipliers, channelShifts) = tables
        let depth = accumulationDepth
        @inline(__always) func finish(_ sum: Int32, _ channel: Int) -> Int8 {
            requantizedOutput(sum, channel, bias, channelMultipliers, channelShifts)
        }
        var batch = 0
        while batch < batches {
            let inputRow = input + batch &* depth
            let outputRow = output + batch &* outputDepth
            var channel = 0
            while channel &+ 4 <= outputDepth {
                let sums = four(inputRow, filter + channel &* depth)
                outputRow[channel] = finish(sums.0, channel)
                outputRow[channel &+ 1] = finish(sums.1, channel &+ 1)
                outputRow[channel &+ 2] = finish(sums.2, channel &+ 2)
                outputRow[channel &+ 3] = finish(sums.3, channel &+ 3)
                channel &+= 4
            }
            while channel < outputDepth {
                outputRow[channel] = finish(one(inputRow, filter + channel &* depth), channel)
                channel &+= 1
            }
            batch &+= 1
        }
    }
}

/// `sums` + Σ w · (x + offset) over values `start..<count` of four filter rows `count` apart,
/// wrapping: each input value loaded and offset once for the four.
@inline(__always)
func dot4(
    _ x: UnsafePointer<Int8>, _ offset: Int32, _ w: UnsafePointer<Int8>, _ count: Int, from start: Int,
    _ sums: (Int32, Int32, Int32, Int32)
) -> (Int32, Int32, Int32, Int32) {
    let w1 = w + count, w2 = w1 + count, w3 = w2 + count
    var (sum0, sum1, sum2, sum3) = sums
    var index = start
    while index < count {
        let value = Int32(x[index]) &+ offset
        sum0 &+= Int32(w[index]) &* value
        sum1 &+= Int32(w1[index]) &* value
        sum2 &+= Int32(w2[index]) &* value
        sum3 &+= Int32(w3[index]) &* value
        index &+= 1
    }
    return (sum0, sum1, sum2, sum3)
}

/// `sum` + Σ w · (x + offset) over values `start..<count` of one filter row, wrapping.
@inline(__always)
func dot1(
    _ x: UnsafePointer<Int8>, _ offset: Int32, _ w: UnsafePointer<Int8>, _ count: Int, from start: Int, _ sum: Int32
) -> Int32 {
    var sum = sum, index = start
    while index < count {
        sum &+= Int32(w[index]) &* (Int32(x[index]) &+ offset)
        index &+= 1
    }
    return sum
}
