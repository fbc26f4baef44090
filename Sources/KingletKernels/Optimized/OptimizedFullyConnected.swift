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
        let (channelMultipliers, channelShifts) = perChannelTables(in: scratch)
        let depth = accumulationDepth, offset = inputOffset
        @inline(__always) func finish(_ sum: Int32, _ channel: Int) -> Int8 {
            requantizedOutput(sum, channel, bias, channelMultipliers, channelShifts)
        }
        var batch = 0
        while batch < batches {
            let inputRow = input + batch &* depth
            let outputRow = output + batch &* outputDepth
            var channel = 0
            while channel &+ 4 <= outputDepth {
                let row0 = filter + channel &* depth
                let row1 = row0 + depth, row2 = row1 + depth, row3 = row2 + depth
                var sum0: Int32 = 0, sum1: Int32 = 0, sum2: Int32 = 0, sum3: Int32 = 0
                var index = 0
                while index < depth {
                    let x = Int32(inputRow[index]) &+ offset
                    sum0 &+= Int32(row0[index]) &* x
                    sum1 &+= Int32(row1[index]) &* x
                    sum2 &+= Int32(row2[index]) &* x
                    sum3 &+= Int32(row3[index]) &* x
                    index &+= 1
                }
                outputRow[channel] = finish(sum0, channel)
                outputRow[channel &+ 1] = finish(sum1, channel &+ 1)
                outputRow[channel &+ 2] = finish(sum2, channel &+ 2)
                outputRow[channel &+ 3] = finish(sum3, channel &+ 3)
                channel &+= 4
            }
            while channel < outputDepth {
                let row = filter + channel &* depth
                var sum: Int32 = 0
                var index = 0
                while index < depth {
                    sum &+= Int32(row[index]) &* (Int32(inputRow[index]) &+ offset)
                    index &+= 1
                }
                outputRow[channel] = finish(sum, channel)
                channel &+= 1
            }
            batch &+= 1
        }
    }
}
