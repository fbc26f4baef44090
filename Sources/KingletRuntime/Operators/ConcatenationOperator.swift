import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// CONCATENATION: up to 10 inputs of the output's type (and, for int8, its exact quantization).
    public static let concatenation = OpRegistration(.concatenation, inputSlots: nil) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...Concatenation.maxInputs)
        let output = try context.output(0)
        let options = try context.options(ConcatenationOptions.self)
        let axis = Int(options.axis), activation = try context.activation(options.fusedActivationFunction)
        guard let elementBits = output.type.bitsPerElement, elementBits % 8 == 0,
            output.type == .int8 || output.type == .float32 || output.type == .int32 || output.type == .int16
        else {
            throw context.fail(.unsupportedOutputType(output.type))
        }
        let outputShape = try output.shape()
        let quantized = output.type == .int8 || output.type == .int16
        var kernel = try context.kernel { () throws(KernelError) in
            try Concatenation(
                outputShape: outputShape, axis: Int32(truncatingIfNeeded: axis), activation: activation,
                elementByteSize: elementBits / 8, quantized: quantized,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint)
        }
        for position in 0..<context.inputCount {
            let input = try context.input(position)
            try context.expect(input, type: output.type, .input)
            let shape = try input.shape()
            try context.kernel { () throws(KernelError) in
                try kernel.appendInput(shape: shape, scale: input.scale, zeroPoint: input.zeroPoint)
            }
        }
        try context.kernel { () throws(KernelError) in try kernel.finish() }
        return try context.prepared(kernel, invoke: concatenate)
    }
}

private let concatenate: InvokeFunction = { data, io in
    let kernel = opData(data, as: Concatenation.self)
    let inputs = kernel.pointee.inputCount
    let output = rawSlot(io, inputs)
    for index in 0..<inputs {
        kernel.pointee.copyInput(index, from: rawSlot(io, index), to: output)
    }
    return InvokeStatus.ok
}
