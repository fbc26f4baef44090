import FlatBufferReader
import KingletKernels
import TFLiteModel

// The TFLM signal library's custom operators (signal/micro/kernels/*.cc), as the micro_speech
// audio preprocessors use them. Options are FlexBuffers maps (custom_options); TFLM reads them by
// position in the key-sorted map (`FlexbufferWrapper::ElementAsInt32(index)`), which for the
// maps TFLM's own op builders write is the same as the keys read here. Every option and every
// length is checked; TFLM checks ranks and types only.

extension PrepareContext {
    /// The operator's custom options as a FlexBuffers map (verified whole first).
    func customOptionsMap() throws(RuntimeError) -> FlexMap {
        let region = op.customOptions(in: model.bytes)
        do {
            return try FlexBuffer.verify(region).asMap()
        } catch {
            throw fail(.customOptions(error))
        }
    }

    /// Int option `key` of a custom-options map (the signal library's and LCE's): the map stores
    /// an int32, which `T` (Int32 or Int) holds. Every key a kernel reads is required, as there.
    func intOption<T: FixedWidthInteger & SignedInteger>(_ map: FlexMap, _ key: StaticString) throws(RuntimeError) -> T
    {
        do { return T(truncatingIfNeeded: try map.require(key).asInt32()) } catch { throw fail(.customOptions(error)) }
    }

    func boolOption(_ map: FlexMap, _ key: StaticString) throws(RuntimeError) -> Bool {
        do { return try map.require(key).asBool() } catch { throw fail(.customOptions(error)) }
    }

    func expectRank(_ tensor: TensorSpec, _ rank: Int, _ role: TensorRole) throws(RuntimeError) {
        guard tensor.rank == rank else {
            throw fail(.rank(role: role, tensor: tensor.index, expected: rank, actual: tensor.rank))
        }
    }

    /// One tensor's rank, type and role, for `expect(_:_:_:_:)`.
    typealias TensorExpectation = (tensor: TensorSpec, rank: Int, type: TensorType, role: TensorRole)

    /// Checks the ranks of two to four tensors, in order, then their types.
    func expect(
        _ a: TensorExpectation, _ b: TensorExpectation, _ c: TensorExpectation? = nil, _ d: TensorExpectation? = nil
    ) throws(RuntimeError) {
        try expectRank(a.tensor, a.rank, a.role)
        try expectRank(b.tensor, b.rank, b.role)
        if let c { try expectRank(c.tensor, c.rank, c.role) }
        if let d { try expectRank(d.tensor, d.rank, d.role) }
        try expect(a.tensor, type: a.type, a.role)
        try expect(b.tensor, type: b.type, b.role)
        if let c { try expect(c.tensor, type: c.type, c.role) }
        if let d { try expect(d.tensor, type: d.type, d.role) }
    }

    /// One input and one output of rank 1 and `types` (SignalEnergy, SignalFilterBankLog): the
    /// tensors, then the two int custom options `keys`, then the ranks and types.
    func rank1Operands(
        options keys: (StaticString, StaticString), types: (TensorType, TensorType)
    ) throws(RuntimeError) -> (input: TensorSpec, output: TensorSpec, options: (Int32, Int32)) {
        try expect(inputs: 1...1)
        let input = try input(0), output = try output(0)
        let map = try customOptionsMap()
        let options: (Int32, Int32) = (try intOption(map, keys.0), try intOption(map, keys.1))
        try expect((input, 1, types.0, .input), (output, 1, types.1, .output))
        return (input, output, options)
    }

    /// A constant int16 vector (the filter bank's tables, the PCAN gain table).
    func constantInt16(_ tensor: TensorSpec, _ role: TensorRole) throws(RuntimeError) -> UnsafeBufferPointer<Int16> {
        guard let data = try tensor.constant(as: Int16.self) else {
            throw fail(.notConstant(role: role, tensor: tensor.index))
        }
        return UnsafeBufferPointer(start: data, count: tensor.elementCount)
    }
}

extension PrepareContext {
    /// Filter bank input `position`: a constant int16 vector.
    func filterBankTable(_ position: Int) throws(RuntimeError) -> UnsafeBufferPointer<Int16> {
        let table = try input(position)
        try expectRank(table, 1, .filter)
        try expect(table, type: .int16, .filter)
        return try constantInt16(table, .filter)
    }
}

extension OpRegistration {
    /// SignalWindow: int16 frames times int16 weights, shifted and saturated.
    public static let signalWindow = OpRegistration(.custom, inputSlots: 2, customCode: "SignalWindow") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        let input = try context.input(0), weights = try context.input(1), output = try context.output(0)
        let shift: Int32 = try context.intOption(try context.customOptionsMap(), "shift")
        guard input.rank >= 1 else {
            throw context.fail(.rank(role: .input, tensor: input.index, expected: 1, actual: 0))
        }
        try context.expectRank(weights, 1, .filter)
        try context.expectRank(output, input.rank, .output)
        try context.expect(input, type: .int16, .input)
        try context.expect(weights, type: .int16, .filter)
        try context.expect(output, type: .int16, .output)
        return try context.prepared(invoke: signalWindowInvoke) { () throws(KernelError) in
            try SignalWindow(
                elementCount: input.elementCount, windowLength: weights.elementCount, outputCount: output.elementCount,
                shift: shift)
        }
    }

    /// SignalFftAutoScale: int16 scaled up to use the full range, and the shift (int32 scalar).
    public static let signalFftAutoScale = OpRegistration(.custom, inputSlots: 1, customCode: "SignalFftAutoScale") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1, outputs: 2)
        let input = try context.input(0), output = try context.output(0), scale = try context.output(1)
        try context.expect((input, 1, .int16, .input), (output, 1, .int16, .output), (scale, 0, .int32, .output))
        return try context.prepared(invoke: signalFftAutoScaleInvoke) { () throws(KernelError) in
            try SignalFftAutoScale(inputCount: input.elementCount, outputCount: output.elementCount)
        }
    }

    /// SignalRfft: real FFT of each row (kiss_fft), int16 or float32 (option T).
    public static let signalRfft = OpRegistration(.custom, inputSlots: 1, customCode: "SignalRfft") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        let options = try context.customOptionsMap()
        let type: Int32 = try context.intOption(options, "T")
        let fftLength: Int32 = try context.intOption(options, "fft_length")
        try context.expectRank(output, input.rank, .output)
        // TFLM picks the kernel by the option T and then requires both tensors to have that type.
        let float = type == Int32(TensorType.float32.rawValue)
        guard float || type == Int32(TensorType.int16.rawValue) else { throw context.unsupportedTypes(input, output) }
        try context.expect(input, type: float ? .float32 : .int16, .input)
        try context.expect(output, type: float ? .float32 : .int16, .output)
        guard input.rank >= 1 else {
            throw context.fail(.rank(role: .input, tensor: input.index, expected: 1, actual: 0))
        }
        let half = Int(fftLength) / 2
        guard fftLength >= 4, fftLength % 2 == 0, let factorCount = SignalRfftInt16.factorCount(half) else {
            throw context.fail(KernelError.unsupportedParameter(name: "signal rfft fft_length", value: Int(fftLength)))
        }
        let twiddleCount = SignalRfftInt16.twiddleCount(fftLength: Int(fftLength))
        let rows = (input: input.dimension(input.rank - 1), output: output.dimension(output.rank - 1))
        let counts = (input: input.elementCount, output: output.elementCount)
        if float {
            return try prepareRfft(
                &context, SignalRfftFloat.self, fftLength, rows, counts, twiddleCount, factorCount,
                signalRfftFloatInvoke)
        }
        return try prepareRfft(
            &context, SignalRfftInt16.self, fftLength, rows, counts, twiddleCount, factorCount, signalRfftInt16Invoke)
    }

    /// SignalEnergy: |x|² of complex int16 bins start_index..<end_index, as uint32.
    public static let signalEnergy = OpRegistration(.custom, inputSlots: 1, customCode: "SignalEnergy") {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, (end, start)) = try context.rank1Operands(
            options: ("end_index", "start_index"), types: (.int16, .uint32))
        return try context.prepared(invoke: signalEnergyInvoke) { () throws(KernelError) in
            try SignalEnergy(
                startIndex: start, endIndex: end, complexCount: input.elementCount / 2, outputCount: output.elementCount
            )
        }
    }

    /// SignalFilterBank: triangular mel filters over a uint32 energy spectrum, uint64 channels.
    public static let signalFilterBank = OpRegistration(.custom, inputSlots: 6, customCode: "SignalFilterBank") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 6...6)
        let input = try context.input(0), output = try context.output(0)
        let channels: Int32 = try context.intOption(try context.customOptionsMap(), "num_channels")
        try context.expectRank(input, 1, .input)
        try context.expect(input, type: .uint32, .input)
        let weights = try context.filterBankTable(1), unweights = try context.filterBankTable(2)
        let starts = try context.filterBankTable(3), weightStarts = try context.filterBankTable(4)
        let widths = try context.filterBankTable(5)
        try context.expectRank(output, 1, .output)
        try context.expect(output, type: .uint64, .output)
        return try context.prepared(invoke: signalFilterBankInvoke) { () throws(KernelError) in
            try SignalFilterBank(
                numChannels: channels, inputCount: input.elementCount, weights: weights, unweights: unweights,
                frequencyStarts: starts, weightStarts: weightStarts, widths: widths, outputCount: output.elementCount)
        }
    }

    /// SignalFilterBankSquareRoot: uint64 → uint32 square roots, shifted down by a runtime scalar.
    public static let signalFilterBankSquareRoot = OpRegistration(
        .custom, inputSlots: 2, customCode: "SignalFilterBankSquareRoot"
    ) { (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        let input = try context.input(0), scale = try context.input(1), output = try context.output(0)
        try context.expect((input, 1, .uint64, .input), (scale, 0, .int32, .input), (output, 1, .uint32, .output))
        return try context.prepared(invoke: signalFilterBankSquareRootInvoke) { () throws(KernelError) in
            try SignalFilterBankSquareRoot(inputCount: input.elementCount, outputCount: output.elementCount)
        }
    }

    /// SignalFilterBankSpectralSubtraction: noise estimate (state) subtracted per channel.
    public static let signalFilterBankSpectralSubtraction = OpRegistration(
        .custom, inputSlots: 1, customCode: "SignalFilterBankSpectralSubtraction"
    ) { (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1, outputs: 2)
        let input = try context.input(0), output = try context.output(0), noise = try context.output(1)
        let options = try context.customOptionsMap()
        let alternateOneMinus: Int32 = try context.intOption(options, "alternate_one_minus_smoothing")
        let alternate: Int32 = try context.intOption(options, "alternate_smoothing")
        let clamping = try context.boolOption(options, "clamping")
        let minSignal: Int32 = try context.intOption(options, "min_signal_remaining")
        let channels: Int32 = try context.intOption(options, "num_channels")
        let oneMinus: Int32 = try context.intOption(options, "one_minus_smoothing")
        let smoothing: Int32 = try context.intOption(options, "smoothing")
        let smoothingBits: Int32 = try context.intOption(options, "smoothing_bits")
        let subtractionBits: Int32 = try context.intOption(options, "spectral_subtraction_bits")
        try context.expect((input, 1, .uint32, .input), (output, 1, .uint32, .output), (noise, 1, .uint32, .output))
        guard channels >= 0 else {
            throw context.fail(
                KernelError.unsupportedParameter(name: "signal spectral subtraction num_channels", value: Int(channels))
            )
        }
        // The estimate, zeroed here as TFLM's prepare does (it has no other reset in Kinglet).
        let state = try context.persistentArray(UInt32.self, count: max(Int(channels), 1))
        return try context.prepared(invoke: signalSpectralSubtractionInvoke) { () throws(KernelError) in
            let kernel = try SignalFilterBankSpectralSubtraction(
                numChannels: channels, smoothing: smoothing, oneMinusSmoothing: oneMinus, alternateSmoothing: alternate,
                alternateOneMinusSmoothing: alternateOneMinus, minSignalRemaining: minSignal,
                smoothingBits: smoothingBits, spectralSubtractionBits: subtractionBits, clamping: clamping,
                inputCount: input.elementCount, outputCount: output.elementCount, noiseCount: noise.elementCount,
                noise: state.baseAddress.unsafelyUnwrapped)
            kernel.reset()
            return kernel
        }
    }

    /// SignalPCAN: per-channel automatic gain control from the noise estimate.
    public static let signalPcan = OpRegistration(.custom, inputSlots: 3, customCode: "SignalPCAN") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 3...3)
        let input = try context.input(0), noise = try context.input(1), table = try context.input(2)
        let output = try context.output(0)
        let shift: Int32 = try context.intOption(try context.customOptionsMap(), "snr_shift")
        try context.expect(
            (input, 1, .uint32, .input), (noise, 1, .uint32, .input), (table, 1, .int16, .filter),
            (output, 1, .uint32, .output))
        return try context.prepared(invoke: signalPcanInvoke) { () throws(KernelError) in
            try SignalPcan(
                snrShift: shift, inputCount: input.elementCount, noiseCount: noise.elementCount,
                tableCount: table.elementCount, outputCount: output.elementCount)
        }
    }

    /// SignalFilterBankLog: fixed-point natural log of each channel, int16.
    public static let signalFilterBankLog = OpRegistration(.custom, inputSlots: 1, customCode: "SignalFilterBankLog") {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, (correction, scale)) = try context.rank1Operands(
            options: ("input_correction_bits", "output_scale"), types: (.uint32, .int16))
        return try context.prepared(invoke: signalFilterBankLogInvoke) { () throws(KernelError) in
            try SignalFilterBankLog(
                inputCorrectionBits: correction, outputScale: scale, inputCount: input.elementCount,
                outputCount: output.elementCount)
        }
    }
}

private let signalWindowInvoke: InvokeFunction = { data, io in
    opData(data, as: SignalWindow.self).pointee.invoke(
        input: slot(io, 0, as: Int16.self), weights: slot(io, 1, as: Int16.self), output: slot(io, 2, as: Int16.self))
    return InvokeStatus.ok
}

private let signalFftAutoScaleInvoke: InvokeFunction = { data, io in
    opData(data, as: SignalFftAutoScale.self).pointee.invoke(
        input: slot(io, 0, as: Int16.self), output: slot(io, 1, as: Int16.self), scaleBits: slot(io, 2, as: Int32.self))
    return InvokeStatus.ok
}

private let signalRfftInt16Invoke: InvokeFunction = { invokeRfft($0, $1, SignalRfftInt16.self) }
private let signalRfftFloatInvoke: InvokeFunction = { invokeRfft($0, $1, SignalRfftFloat.self) }

/// SignalRfft's int16 and float32 kernels: the same parameters, tables and invoke over their types.
protocol SignalRfftKernel: DeviceLayout {
    associatedtype Element
    associatedtype Complex: DeviceLayout
    init(
        fftLength: Int32, inputLength: Int, inputCount: Int, outputLength: Int, outputCount: Int,
        twiddles: UnsafeMutablePointer<Complex>, factors: UnsafeMutablePointer<Int32>
    ) throws(KernelError)
    var scratchBytes: Int { get }
    func invoke(input: UnsafePointer<Element>, output: UnsafeMutablePointer<Element>, scratch: UnsafeMutableRawPointer)
}

extension SignalRfftInt16: SignalRfftKernel {}
extension SignalRfftFloat: SignalRfftKernel {}

/// The rest of SignalRfft's prepare once the type is known: the twiddle and factor tables, the
/// kernel, its scratch buffer.
private func prepareRfft<Kernel: SignalRfftKernel>(
    _ context: inout PrepareContext, _: Kernel.Type, _ fftLength: Int32, _ rows: (input: Int, output: Int),
    _ counts: (input: Int, output: Int), _ twiddleCount: Int, _ factorCount: Int, _ invoke: InvokeFunction
) throws(RuntimeError) -> PreparedOperator {
    let twiddles = try context.persistentArray(Kernel.Complex.self, count: twiddleCount)
    let factors = try context.persistentArray(Int32.self, count: 2 * factorCount)
    let kernel = try context.kernel { () throws(KernelError) in
        try Kernel(
            fftLength: fftLength, inputLength: rows.input, inputCount: counts.input, outputLength: rows.output,
            outputCount: counts.output, twiddles: twiddles.baseAddress.unsafelyUnwrapped,
            factors: factors.baseAddress.unsafelyUnwrapped)
    }
    try context.requestScratch(bytes: kernel.scratchBytes)
    return try context.prepared(kernel, invoke: invoke)
}

@inline(__always)
private func invokeRfft<Kernel: SignalRfftKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, 0, as: Kernel.Element.self), output: slot(io, 1, as: Kernel.Element.self),
        scratch: rawSlot(io, 2))
    return InvokeStatus.ok
}

private let signalEnergyInvoke: InvokeFunction = { invokeUnary($0, $1, SignalEnergy.self) }

private let signalFilterBankInvoke: InvokeFunction = { data, io in
    opData(data, as: SignalFilterBank.self).pointee.invoke(
        input: slot(io, 0, as: UInt32.self), weights: slot(io, 1, as: Int16.self),
        unweights: slot(io, 2, as: Int16.self),
        frequencyStarts: slot(io, 3, as: Int16.self), weightStarts: slot(io, 4, as: Int16.self),
        widths: slot(io, 5, as: Int16.self), output: slot(io, 6, as: UInt64.self))
    return InvokeStatus.ok
}

private let signalFilterBankSquareRootInvoke: InvokeFunction = { data, io in
    opData(data, as: SignalFilterBankSquareRoot.self).pointee.invoke(
        input: slot(io, 0, as: UInt64.self), scaleBits: slot(io, 1, as: Int32.self).pointee,
        output: slot(io, 2, as: UInt32.self))
    return InvokeStatus.ok
}

private let signalSpectralSubtractionInvoke: InvokeFunction = { data, io in
    opData(data, as: SignalFilterBankSpectralSubtraction.self).pointee.invoke(
        input: slot(io, 0, as: UInt32.self), output: slot(io, 1, as: UInt32.self),
        noiseOutput: slot(io, 2, as: UInt32.self))
    return InvokeStatus.ok
}

private let signalPcanInvoke: InvokeFunction = { data, io in
    opData(data, as: SignalPcan.self).pointee.invoke(
        input: slot(io, 0, as: UInt32.self), noise: slot(io, 1, as: UInt32.self), table: slot(io, 2, as: Int16.self),
        output: slot(io, 3, as: UInt32.self))
    return InvokeStatus.ok
}

private let signalFilterBankLogInvoke: InvokeFunction = { invokeUnary($0, $1, SignalFilterBankLog.self) }
