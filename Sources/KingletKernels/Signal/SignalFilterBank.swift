// SignalFilterBank (TFLM signal/micro/kernels/filter_bank.cc, signal/src/filter_bank.cc),
// uint32 spectrum → uint64 channels.
//
// For channel i in 0...num_channels (channel 0 is TFLM's scratch, dropped):
//   for j in 0..<widths[i]: w += UInt64(weights[ws + j]) * UInt64(in[fs + j]),
//                           u += UInt64(unweights[ws + j]) * UInt64(in[fs + j])
//   (the int16 weight converted to uint64 modulo 2^64, products and sums wrapping, as C's)
//   channel[i] = w; w = u; u = 0
// out[k] = channel[k + 1] for the output's element count. TFLM keeps the channels in a persistent
// work area and copies; here each channel is written as it completes. The five config tensors
// must be constant (their ranges are checked once, here: TFLM checks none of them).

/// Prepared SignalFilterBank.
public struct SignalFilterBank: BitwiseCopyable {
    public let channelCount: Int
    public let outputCount: Int

    /// Checks every band against the input and weight lengths.
    public init(
        numChannels: Int32, inputCount: Int, weights: UnsafeBufferPointer<Int16>, unweights: UnsafeBufferPointer<Int16>,
        frequencyStarts: UnsafeBufferPointer<Int16>, weightStarts: UnsafeBufferPointer<Int16>,
        widths: UnsafeBufferPointer<Int16>, outputCount: Int
    ) throws(KernelError) {
        guard numChannels >= 0 else {
            throw .unsupportedParameter(name: "signal filter bank num_channels", value: Int(numChannels))
        }
        let channels = Int(numChannels) + 1
        let shortest = min(frequencyStarts.count, weightStarts.count, widths.count)
        guard shortest >= channels else {
            throw .shapeMismatch(name: "signal filter bank channel table", expected: channels, actual: shortest)
        }
        guard outputCount <= Int(numChannels) else {
            throw .shapeMismatch(name: "signal filter bank output", expected: Int(numChannels), actual: outputCount)
        }
        for channel in 0..<channels {
            let width = Int(widths[channel])
            guard width > 0 else { continue }
            let start = Int(frequencyStarts[channel]), weightStart = Int(weightStarts[channel])
            guard start >= 0, start + width <= inputCount else {
                throw .unsupportedParameter(name: "signal filter bank channel frequency start", value: start)
            }
            guard weightStart >= 0, weightStart + width <= weights.count, weightStart + width <= unweights.count else {
                throw .unsupportedParameter(name: "signal filter bank channel weight start", value: weightStart)
            }
        }
        channelCount = channels
        self.outputCount = outputCount
    }

    @inlinable
    public func invoke(
        input: UnsafePointer<UInt32>, weights: UnsafePointer<Int16>, unweights: UnsafePointer<Int16>,
        frequencyStarts: UnsafePointer<Int16>, weightStarts: UnsafePointer<Int16>, widths: UnsafePointer<Int16>,
        output: UnsafeMutablePointer<UInt64>
    ) {
        var weighted: UInt64 = 0
        var unweighted: UInt64 = 0
        for channel in 0..<channelCount {
            let start = Int(frequencyStarts[channel]), weightStart = Int(weightStarts[channel])
            let width = Int(widths[channel])
            var j = 0
            while j < width {
                let x = UInt64(input[start + j])
                weighted = weighted &+ UInt64(bitPattern: Int64(weights[weightStart + j])) &* x
                unweighted = unweighted &+ UInt64(bitPattern: Int64(unweights[weightStart + j])) &* x
                j += 1
            }
            if channel >= 1 && channel - 1 < outputCount { output[channel - 1] = weighted }
            weighted = unweighted
            unweighted = 0
        }
    }
}
