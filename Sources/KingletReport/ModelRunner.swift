import KingletRuntime
import TFLiteModel

/// Runs a model for the CLI and for users' tests: sizes the arena exactly, converts `.npy` inputs
/// and outputs, and generates seeded inputs.
public final class ModelRunner {
    public let interpreter: Interpreter
    private let arena: UnsafeMutableRawBufferPointer

    /// The largest arena a host run allocates (a hostile model can ask for any size).
    public static let maximumArenaBytes = 1 << 30
    /// The most multiply-accumulates (and pooling window visits) one run may take by default:
    /// about a minute on a host. Real microcontroller models are under 10^9; a hostile file can
    /// claim shapes that would take hours.
    public static let defaultMaximumMACs: Int64 = 50_000_000_000

    /// Loads `model` into an arena of `arenaBytes`, or, when nil, of exactly the size it needs
    /// (found by preparing once in a small arena, which reports the need).
    public init(
        model: Model, resolver: OpResolver = .allBuiltins, arenaBytes: Int? = nil,
        maximumMACs: Int64 = ModelRunner.defaultMaximumMACs
    ) throws(RuntimeError) {
        let macs = ModelFacts(model).totalWork
        guard macs <= maximumMACs else {
            throw .host(
                "invalid model: one run would take \(macs) multiply-accumulates, more than the \(maximumMACs) Kinglet runs on a host"
            )
        }
        if let arenaBytes, arenaBytes > ModelRunner.maximumArenaBytes {
            throw .host(
                "an arena of \(arenaBytes) bytes is larger than the \(ModelRunner.maximumArenaBytes) Kinglet allocates")
        }
        var size = arenaBytes ?? 4096
        while true {
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
            do {
                interpreter = try Interpreter(model: model, arena: arena, resolver: resolver)
                self.arena = arena
                return
            } catch {
                arena.deallocate()
                if arenaBytes == nil, case .arenaTooSmall(let need, _, _) = error, need > size {
                    guard need <= ModelRunner.maximumArenaBytes else {
                        throw .host(
                            "invalid model: the model needs an arena of \(need) bytes, more than the "
                                + "\(ModelRunner.maximumArenaBytes) Kinglet allocates on a host")
                    }
                    size = need
                    continue
                }
                throw error
            }
        }
    }

    deinit { arena.deallocate() }

    public var arenaBytes: Int { arena.count }

    /// The arena's bytes (taken right after loading: the state a fresh run starts from).
    public func arenaSnapshot() -> [UInt8] { Array(UnsafeRawBufferPointer(arena)) }

    /// Puts the arena back to `snapshot` (from `arenaSnapshot()` of this runner), so the next
    /// invoke starts from that state: variables, streaming buffers and CALL_ONCE as loading left them.
    public func restoreArena(_ snapshot: [UInt8]) {
        precondition(snapshot.count == arena.count, "a snapshot of another arena")
        snapshot.withUnsafeBytes { arena.copyMemory(from: $0) }
    }

    /// Sets input `position` from `array`. A float32 array for an int8/int16 input is quantized with
    /// the tensor's scale and zero point; the returned note says so.
    @discardableResult
    public func setInput(_ position: Int, _ array: NPYArray) throws(RuntimeError) -> String? {
        let tensor = try interpreter.input(position)
        let expectedType = NPYType(tensorType: tensor.type)
        guard array.elementCount == tensor.shape.reduce(1, *) else {
            throw .host(
                "input \(position) \"\(tensor.name)\" expects shape \(tensor.shape) "
                    + "(\(tensor.shape.reduce(1, *)) elements), got \(array.shape)")
        }
        if array.dtype == expectedType {
            try interpreter.setInput(position, bytes: array.data)
            return nil
        }
        if array.dtype == .float32, let scale = tensor.scale, let zeroPoint = tensor.zeroPoint,
            tensor.type == .int8 || tensor.type == .int16
        {
            let values = array.floatValues()
            let quantized = Quantization.quantize(values, scale: scale, zeroPoint: zeroPoint, type: tensor.type)
            try interpreter.setInput(position, bytes: quantized)
            return
                "input \(position): quantized float32 values to \(tensor.type) with scale \(scale), zero point \(zeroPoint)"
        }
        throw .host(
            "input \(position) \"\(tensor.name)\" expects \(expectedType?.name ?? tensor.type.description)"
                + " \(tensor.shape), got \(array.dtype.name) \(array.shape)")
    }

    /// Output `position` as an array in the tensor's type.
    public func outputArray(_ position: Int) throws(RuntimeError) -> NPYArray {
        try array(of: interpreter.output(position))
    }

    /// The tensor's bytes as an array in its type (for outputs and traces).
    public func array(of tensor: TensorHandle) throws(RuntimeError) -> NPYArray {
        guard let dtype = NPYType(tensorType: tensor.type) else {
            throw .host("tensor \(tensor.index) has type \(tensor.type), which .npy output does not support")
        }
        return NPYArray(dtype: dtype, shape: tensor.shape, data: Array(tensor.bytes))
    }

    /// Deterministic inputs from `seed`: integers uniform over the type's range, floats in [-1, 1).
    public func seededInputs(seed: UInt64) throws(RuntimeError) -> [NPYArray] {
        var generator = SplitMix64(seed: seed)
        var arrays: [NPYArray] = []
        for position in 0..<interpreter.inputCount {
            let tensor = try interpreter.input(position)
            guard let dtype = NPYType(tensorType: tensor.type) else {
                throw .host("input \(position) has type \(tensor.type), which Kinglet cannot generate")
            }
            var data = [UInt8](repeating: 0, count: tensor.byteCount)
            switch dtype {
            case .float32:
                for index in 0..<(tensor.byteCount / 4) {
                    let value = Float(Double(generator.next() >> 11) / Double(1 << 53) * 2 - 1)
                    withUnsafeBytes(of: value.bitPattern.littleEndian) {
                        data.replaceSubrange((4 * index)..<(4 * index + 4), with: $0)
                    }
                }
            case .bool:
                for index in data.indices { data[index] = UInt8(generator.next() & 1) }
            default:
                for index in data.indices { data[index] = UInt8(truncatingIfNeeded: generator.next()) }
            }
            arrays.append(NPYArray(dtype: dtype, shape: tensor.shape, data: data))
        }
        return arrays
    }
}

extension NPYType {
    /// The `.npy` dtype that holds a tensor of `type`, or nil for types without one.
    public init?(tensorType type: TensorType) {
        switch type {
        case .int8: self = .int8
        case .uint8: self = .uint8
        case .int16: self = .int16
        case .uint16: self = .uint16
        case .int32: self = .int32
        case .uint32: self = .uint32
        case .int64: self = .int64
        case .uint64: self = .uint64
        case .float16: self = .float16
        case .float32: self = .float32
        case .float64: self = .float64
        case .bool: self = .bool
        default: return nil
        }
    }
}

extension NPYArray {
    func floatValues() -> [Float] {
        (0..<(data.count / 4)).map { index -> Float in
            var bits: UInt32 = 0
            for byte in 0..<4 { bits |= UInt32(data[4 * index + byte]) << UInt32(8 * byte) }
            return Float(bitPattern: bits)
        }
    }

    /// Element `index` as a little-endian integer of type `T`.
    func element<T: FixedWidthInteger>(_ index: Int, as: T.Type) -> T {
        var value: T = 0
        for byte in 0..<MemoryLayout<T>.size {
            value |= T(truncatingIfNeeded: data[index * MemoryLayout<T>.size + byte]) << (8 * byte)
        }
        return value
    }

    /// Every element of an integer dtype (bool as bytes) through `signed` or `unsigned`, widened to
    /// 64 bits (exactly); nil for floating-point dtypes.
    private func integerElements<R>(_ signed: (Int64) -> R, _ unsigned: (UInt64) -> R) -> [R]? {
        func read<T: FixedWidthInteger>(_: T.Type, _ widen: (T) -> R) -> [R] {
            (0..<(data.count / MemoryLayout<T>.size)).map { widen(element($0, as: T.self)) }
        }
        switch dtype {
        case .int8: return read(Int8.self) { signed(Int64($0)) }
        case .uint8, .bool: return read(UInt8.self) { unsigned(UInt64($0)) }
        case .int16: return read(Int16.self) { signed(Int64($0)) }
        case .uint16: return read(UInt16.self) { unsigned(UInt64($0)) }
        case .int32: return read(Int32.self) { signed(Int64($0)) }
        case .uint32: return read(UInt32.self) { unsigned(UInt64($0)) }
        case .int64: return read(Int64.self, signed)
        case .uint64: return read(UInt64.self, unsigned)
        case .float16, .float32, .float64: return nil
        }
    }

    /// Integer elements exactly, as text (no Double round trip, so 64-bit values print whole);
    /// nil for floating-point dtypes.
    public func integerStrings() -> [String]? {
        integerElements({ String($0) }, { String($0) })
    }

    /// Values as Double, for printing (integers as is; use `dequantized` for real values).
    public func doubleValues() -> [Double] {
        switch dtype {
        case .float32: return floatValues().map(Double.init)
        case .float64: return (0..<(data.count / 8)).map { Double(bitPattern: element($0, as: UInt64.self)) }
        case .float16: return (0..<(data.count / 2)).map { Double(Float16(bitPattern: element($0, as: UInt16.self))) }
        default: return integerElements({ Double($0) }, { Double($0) }) ?? []
        }
    }
}

/// Float → integer quantization as TFLM's QUANTIZE does it: round(x / scale) + zero point, clamped.
enum Quantization {
    static func quantize(_ values: [Float], scale: Float, zeroPoint: Int32, type: TensorType) -> [UInt8] {
        let (low, high): (Int32, Int32) = type == .int16 ? (-32768, 32767) : (-128, 127)
        var bytes: [UInt8] = []
        for value in values {
            let scaled = (value / scale).rounded(.toNearestOrAwayFromZero)
            let clampedReal = max(min(scaled, 2_000_000_000), -2_000_000_000)
            let quantized = min(max(Int32(clampedReal.isNaN ? 0 : clampedReal) &+ zeroPoint, low), high)
            if type == .int16 {
                let bits = UInt16(bitPattern: Int16(quantized))
                bytes += [UInt8(bits & 0xFF), UInt8(bits >> 8)]
            } else {
                bytes.append(UInt8(bitPattern: Int8(quantized)))
            }
        }
        return bytes
    }
}

/// A small, fast, seedable generator (SplitMix64) so generated inputs are the same everywhere.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
