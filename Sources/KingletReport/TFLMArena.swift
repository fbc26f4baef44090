import FlatBufferReader
import TFLiteModel

/// TFLM's arena for a model, predicted from a model of its allocator (`kinglet budget --runtime
/// tflm`): `arena_used_bytes` = the head (the greedy memory planner's plan) + the tail (every
/// persistent allocation, in TFLM's order, each aligned down from the arena's end as
/// `SingleArenaBufferAllocator::AllocatePersistentBuffer` does).
///
/// Follows (TFLM 90b983c) micro_allocator.cc, recording_micro_allocator.cc, micro_interpreter.cc,
/// micro_allocation_info.cc, memory_planner/greedy_memory_planner.cc,
/// arena_allocator/single_arena_buffer_allocator.cc, core/api/flatbuffer_conversions.cc and each
/// kernel's Init/Prepare; pip's python/tflite_micro/interpreter_wrapper.cc for the host.
/// Struct sizes come from `tools/tflm/layouts.py` (TFLM's structs compiled by g++ for the host,
/// with pip's `USE_TFLM_COMPRESSION`, and by arm-none-eabi-g++ for a Cortex-M4: ILP32, short enums).
public struct TFLMArena: Sendable, Equatable {
    /// Which TFLM build the figures are for.
    public enum Target: String, Sendable, CaseIterable {
        /// pip `tflite-micro` (64-bit, built with compression support): `RecordingMicroAllocator`
        /// over the interpreter wrapper's arena (`InterpreterConfig.kAllocationRecording`).
        case host
        /// TFLM built for a Cortex-M4 (32-bit) with reference kernels and its own Makefile:
        /// `MicroInterpreter(model, resolver, arena, size)`, which creates a `MicroAllocator` with a
        /// `GreedyMemoryPlanner` in the arena; `arena_used_bytes()`.
        case cortexM4 = "cortex-m4"
    }

    /// One line of the tail: what TFLM allocated and the bytes it took with alignment.
    public struct Allocation: Sendable, Equatable {
        public var label: String
        public var bytes: Int
        public var count: Int
    }

    public var target: Target
    /// `GetNonPersistentUsedBytes()`: the greedy planner's maximum memory size.
    public var headBytes: Int
    /// `GetPersistentUsedBytes()`.
    public var tailBytes: Int
    public var totalBytes: Int { headBytes + tailBytes }
    /// The tail by kind, in first-allocation order (sums to `tailBytes`).
    public var tail: [Allocation]
    /// Operators whose allocations the model does not know (the figure then misses them).
    public var unmodeledOperators: [String]
    /// Scratch buffers requested (bytes each), planned in the head.
    public var scratchBytes: [Int]
}

/// Struct sizes and alignments of one ABI (tools/tflm/layouts.py prints them).
struct TFLMLayout {
    var pointer: Int
    /// TfLiteEvalTensor {data, dims, type}.
    var evalTensor: (Int, Int)
    /// TfLiteTensor under TF_LITE_STATIC_MEMORY.
    var tensor: (Int, Int)
    var affineQuantization: (Int, Int)
    var nodeAndRegistration: (Int, Int)
    /// SubgraphAllocations (with CompressedTensorList under USE_TFLM_COMPRESSION).
    var subgraphAllocations: (Int, Int)
    var scratchBufferHandle: (Int, Int)
    /// The allocator objects the arena's tail starts with, in order.
    var prologue: [(String, Int, Int)]
    /// MicroBuiltinDataAllocator (vtable + persistent allocator pointer).
    var builtinDataAllocator: (Int, Int)
    /// MicroResourceVariables {variables pointer, max count, count}.
    var resourceVariables: Int
    /// MicroResourceVariable {container, shared_name, resource_buffer, size_t bytes, int8 default}.
    var resourceVariable: (Int, Int)
    /// Builtin params (flatbuffer_conversions.cc's `Allocate<TfLite...Params>()`), by operator.
    var params: [String: (Int, Int)]
    /// Init's `AllocatePersistentBuffer(sizeof(OpData))`, by operator (16-byte aligned).
    var opData: [String: Int]

    static let host = TFLMLayout(
        pointer: 8, evalTensor: (24, 8), tensor: (64, 8), affineQuantization: (24, 8),
        nodeAndRegistration: (64, 8), subgraphAllocations: (24, 8), scratchBufferHandle: (8, 8),
        prologue: [
            ("RecordingSingleArenaBufferAllocator", 104, 8), ("GreedyMemoryPlanner", 72, 8),
            ("RecordingMicroAllocator", 272, 8),
        ],
        builtinDataAllocator: (16, 8), resourceVariables: 16, resourceVariable: (40, 8),
        params: paramsTable(wide: true),
        opData: opDataTable(wide: true))

    static let cortexM4 = TFLMLayout(
        pointer: 4, evalTensor: (12, 4), tensor: (32, 4), affineQuantization: (12, 4),
        nodeAndRegistration: (32, 4), subgraphAllocations: (8, 4), scratchBufferHandle: (4, 4),
        prologue: [("SingleArenaBufferAllocator", 36, 4), ("GreedyMemoryPlanner", 44, 4), ("MicroAllocator", 36, 4)],
        builtinDataAllocator: (8, 4), resourceVariables: 12, resourceVariable: (20, 4),
        params: paramsTable(wide: false),
        opData: opDataTable(wide: false))

    /// Builtin params: (size, alignment). `wide` is the host (4-byte enums); the Cortex-M4 build
    /// has arm-none-eabi's short enums, so structs of enums and bools shrink there.
    static func paramsTable(wide: Bool) -> [String: (Int, Int)] {
        [
            "CONV_2D": (28, 4),  // TfLiteConvParams
            "DEPTHWISE_CONV_2D": (28, 4),  // TfLiteDepthwiseConvParams
            // TfLiteFullyConnectedParams: 16 bytes in the mirror; pip's build (newer) allocates 32, aligned 8
            // (its tflite::micro::ParseFullyConnected: `Allocate(0x20, 8)`).
            "FULLY_CONNECTED": wide ? (32, 8) : (5, 1),
            "AVERAGE_POOL_2D": (40, 4), "MAX_POOL_2D": (40, 4),  // TfLitePoolParams
            "SOFTMAX": (4, 4),  // TfLiteSoftmaxParams
            "RESHAPE": (36, 4),  // TfLiteReshapeParams
            "ADD": wide ? (8, 4) : (2, 1),  // TfLiteAddParams
            "MUL": wide ? (4, 4) : (1, 1),  // TfLiteMulParams
            "SUB": wide ? (8, 4) : (2, 1),  // TfLiteSubParams
            "DIV": wide ? (4, 4) : (1, 1),  // TfLiteDivParams
            "CONCATENATION": (8, 4),  // TfLiteConcatenationParams
            "MEAN": (1, 1), "SUM": (1, 1), "REDUCE_MAX": (1, 1), "REDUCE_MIN": (1, 1),  // TfLiteReducerParams
            "SQUEEZE": (36, 4),  // TfLiteSqueezeParams
            "STRIDED_SLICE": (24, 4),  // TfLiteStridedSliceParams
            "SPLIT": (4, 4),  // TfLiteSplitParams
            "SPLIT_V": (4, 4),  // TfLiteSplitVParams
            "PACK": (8, 4),  // TfLitePackParams
            "UNPACK": (8, 4),  // TfLiteUnpackParams
            "LEAKY_RELU": (4, 4),  // TfLiteLeakyReluParams
            "CAST": wide ? (8, 4) : (2, 1),  // TfLiteCastParams
            "BATCH_MATMUL": (3, 1),  // TfLiteBatchMatMulParams
            "TRANSPOSE_CONV": wide ? (20, 4) : (16, 4),  // TfLiteTransposeConvParams
            "SVDF": wide ? (12, 4) : (8, 4),  // TfLiteSVDFParams
            "UNIDIRECTIONAL_SEQUENCE_LSTM": (16, 4),  // TfLiteUnidirectionalSequenceLSTMParams
            "CALL_ONCE": (4, 4),  // TfLiteCallOnceParams
            "VAR_HANDLE": wide ? (16, 8) : (8, 4),  // TfLiteVarHandleParams
            "SHAPE": wide ? (4, 4) : (1, 1),  // TfLiteShapeParams {TfLiteType out_type}
            "ARG_MAX": wide ? (4, 4) : (1, 1), "ARG_MIN": wide ? (4, 4) : (1, 1),  // TfLiteArgMaxParams, ArgMin
            "GATHER": (8, 4),  // TfLiteGatherParams {axis, batch_dims}
            "L2_NORMALIZATION": wide ? (4, 4) : (1, 1),  // TfLiteL2NormParams {activation}
            "DEPTH_TO_SPACE": (4, 4), "SPACE_TO_DEPTH": (4, 4),  // {int block_size}
            "RESIZE_NEAREST_NEIGHBOR": (2, 1), "RESIZE_BILINEAR": (2, 1),  // two bools
        ]
    }

    /// Kernel OpData sizes (Init). Host figures include pip's USE_TFLM_COMPRESSION members.
    static func opDataTable(wide: Bool) -> [String: Int] {
        [
            "CONV_2D": wide ? 80 : 56,  // OpDataConv (conv.h)
            "DEPTHWISE_CONV_2D": wide ? 80 : 56,  // OpDataConv
            "FULLY_CONNECTED": wide ? 72 : 48,  // OpDataFullyConnected (fully_connected.h)
            "SOFTMAX": wide ? 80 : 56,  // SoftmaxParams (kernels/internal/types.h)
            "AVERAGE_POOL_2D": 32, "MAX_POOL_2D": 32,  // OpDataPooling (pooling.h)
            "ADD": 60,  // OpDataAdd (add.h)
            "MUL": 36,  // OpDataMul (mul.h)
            "SUB": 52,  // OpDataSub (sub.h)
            "QUANTIZE": 32,  // OpDataQuantizeReference (quantize.h)
            "DEQUANTIZE": 32,  // DequantizeOpData (dequantize.h)
            "LOGISTIC": 16,  // OpDataLogistic (logistic.h)
            "TANH": 16,  // OpData (tanh.cc)
            "RELU": 28, "RELU6": 8,  // ReluOpData {ReluParams}, Relu6OpData (activations.h)
            "LEAKY_RELU": 24,  // LeakyReluOpData (leaky_relu.h)
            "HARD_SWISH": 20,  // HardSwishParams (types.h)
            "MEAN": 44, "SUM": 44, "REDUCE_MAX": 44, "REDUCE_MIN": 44,  // OpDataReduce (reduce.h)
            "DIV": 28,  // OpDataDiv (div.cc)
            "PAD": 56, "PADV2": 56,  // OpData (pad.h)
            "CONCATENATION": wide ? 80 : 24,  // OpData (concatenation.cc; scratch_indices[10] with compression)
            "STRIDED_SLICE": 84,  // StridedSliceParams (types.h)
            "BATCH_MATMUL": wide ? 32 : 16,  // OpDataBatchMatmul (batch_matmul.cc)
            "TRANSPOSE_CONV": wide ? 88 : 72,  // OpData (transpose_conv.cc)
            "SVDF": 36,  // OpDataSvdf (svdf.h)
            "UNIDIRECTIONAL_SEQUENCE_LSTM": 688,  // OpDataLSTM (lstm_shared.h)
            "CALL_ONCE": 8,  // OpData (call_once.cc)
            "VAR_HANDLE": 4,  // OpData (var_handle.cc)
            "ASSIGN_VARIABLE": 4,  // OpData (assign_variable.cc)
            "PRELU": 28,  // PreluParams (types.h)
            "L2_NORMALIZATION": 4,  // L2NormalizationParams (types.h)
            "ELU": 256,  // OpData {int8 table[256]} (elu.cc)
            "SQUARED_DIFFERENCE": 112,  // OpData (squared_difference.cc)
            "EQUAL": 32, "NOT_EQUAL": 32, "GREATER": 32, "GREATER_EQUAL": 32, "LESS": 32,
            "LESS_EQUAL": 32,  // OpData (comparisons.cc)
            "SELECT": 1, "SELECT_V2": 1,  // OpData {bool requires_broadcast} (select.cc)
            "ABS": 28, "RSQRT": 28,  // OpDataAbsRsqrt (elementwise.cc)
        ]
    }
}

/// Operators TFLM runs with no allocation of their own (no Init OpData, no params, nothing in
/// Prepare), or whose only allocations are the ones listed in the tables.
private let tflmNoOpData: Set<String> = [
    "RESHAPE", "SQUEEZE", "EXPAND_DIMS", "MAXIMUM", "MINIMUM", "FLOOR", "CAST", "SPLIT", "SPLIT_V", "PACK",
    "UNPACK", "TRANSPOSE", "READ_VARIABLE", "SHAPE", "ARG_MAX", "ARG_MIN", "GATHER", "RESIZE_NEAREST_NEIGHBOR",
    "RESIZE_BILINEAR", "NEG", "EXP", "LOG_SOFTMAX", "DEPTH_TO_SPACE", "SPACE_TO_DEPTH",
]
private let tflmNoParams: Set<String> = [
    "CUSTOM:SignalWindow", "CUSTOM:SignalFftAutoScale", "CUSTOM:SignalRfft", "CUSTOM:SignalEnergy",
    "CUSTOM:SignalFilterBank", "CUSTOM:SignalFilterBankSquareRoot", "CUSTOM:SignalFilterBankSpectralSubtraction",
    "CUSTOM:SignalPCAN", "CUSTOM:SignalFilterBankLog",
    "QUANTIZE", "DEQUANTIZE", "LOGISTIC", "TANH", "RELU", "RELU6", "HARD_SWISH", "MAXIMUM", "MINIMUM", "FLOOR",
    "PAD", "PADV2", "TRANSPOSE", "EXPAND_DIMS", "READ_VARIABLE", "ASSIGN_VARIABLE", "NEG", "EXP", "ABS", "RSQRT",
    "PRELU", "SQUARED_DIFFERENCE", "EQUAL", "NOT_EQUAL", "GREATER", "GREATER_EQUAL", "LESS", "LESS_EQUAL", "SELECT",
    "SELECT_V2", "ELU", "LOG_SOFTMAX",
]

extension TFLMArena {
    /// Models TFLM's allocation of `model` on `target`.
    public init(model: Model, target: Target) {
        let layout = target == .host ? TFLMLayout.host : TFLMLayout.cortexM4
        var tail = 0
        var kinds: [Allocation] = []
        func allocate(_ label: String, _ size: Int, _ alignment: Int) {
            let before = tail
            // AlignPointerDown(tail_ - size, alignment) from a 16-byte aligned arena end.
            tail = (tail + size + alignment - 1) / alignment * alignment
            if let index = kinds.firstIndex(where: { $0.label == label }) {
                kinds[index].bytes += tail - before
                kinds[index].count += 1
            } else {
                kinds.append(Allocation(label: label, bytes: tail - before, count: 1))
            }
        }
        func persistent(_ label: String, _ size: Int) { allocate(label, size, 16) }

        let subgraphs = Array(model.subgraphs)
        func opName(_ op: Operator) -> String {
            guard let code = model.operatorCodes.element(at: op.opcodeIndex) else { return "?" }
            return code.builtinCode == .custom ? "CUSTOM:" + (code.customCode ?? "") : code.builtinCode.description
        }
        func tensor(_ subgraph: SubGraph, _ index: Int32) -> Tensor? {
            index < 0 ? nil : subgraph.tensors.element(at: Int(index))
        }
        func isConstant(_ t: Tensor) -> Bool { (model.bufferData(t.buffer)?.count ?? 0) > 0 }
        func dims(_ t: Tensor?) -> [Int] { t.map { $0.shape.map { Int($0) } } ?? [] }

        // The allocator objects (host: RecordingMicroAllocator::Create; device: MicroAllocator::Create).
        for (_, size, alignment) in layout.prologue { allocate("allocator objects", size, alignment) }
        // pip's wrapper: MicroResourceVariables for the VAR_HANDLE shared names, before the interpreter.
        func utf8String(_ bytes: ByteRegion?) -> String {
            bytes.map { String(decoding: UnsafeRawBufferPointer(start: $0.base, count: $0.count), as: UTF8.self) } ?? ""
        }
        var sharedNames = Set<String>()
        for subgraph in subgraphs {
            for op in subgraph.operators where opName(op) == "VAR_HANDLE" {
                sharedNames.insert(utf8String(op.options(VarHandleOptions.self).orDefaults?.sharedName))
            }
        }
        if !sharedNames.isEmpty {
            persistent("Persistent buffer data", layout.resourceVariables)
            persistent("Persistent buffer data", layout.resourceVariable.0 * sharedNames.count)
        }
        // StartModelAllocation.
        allocate("allocator objects", layout.builtinDataAllocator.0, layout.builtinDataAllocator.1)
        allocate("subgraph allocations", layout.subgraphAllocations.0 * subgraphs.count, layout.subgraphAllocations.1)
        for subgraph in subgraphs {
            allocate("TfLiteEvalTensor data", layout.evalTensor.0 * subgraph.tensors.count, layout.evalTensor.1)
        }
        for subgraph in subgraphs {
            allocate(
                "NodeAndRegistration struct", layout.nodeAndRegistration.0 * subgraph.operators.count,
                layout.nodeAndRegistration.1)
        }
        var unmodeled: [String] = []
        // PrepareNodeAndRegistrationDataFromFlatbuffer: builtin params.
        for subgraph in subgraphs {
            for op in subgraph.operators {
                let name = opName(op)
                if let (size, alignment) = layout.params[name] {
                    allocate("builtin params", size, alignment)
                } else if !tflmNoParams.contains(name) && !tflmNoOpData.contains(name) && !unmodeled.contains(name) {
                    unmodeled.append(name)
                }
            }
        }
        // InitSubgraphs: each kernel's OpData (the signal library's Init allocate their state too).
        let wide = layout.pointer == 8
        for subgraph in subgraphs {
            for op in subgraph.operators {
                let name = opName(op)
                let first = op.inputs.first.flatMap { tensor(subgraph, $0) }
                let out = op.outputs.first.flatMap { tensor(subgraph, $0) }
                switch name {
                case "CUSTOM:SignalWindow", "CUSTOM:SignalEnergy", "CUSTOM:SignalFilterBankLog":
                    // TFLMSignalWindowParams, TFLMSignalEnergyParams, TFLMSignalLogParams: two int32.
                    persistent("Persistent buffer data", 8)
                case "CUSTOM:SignalPCAN":
                    persistent("Persistent buffer data", 4)  // TfLitePcanParams {int snr_shift}
                case "CUSTOM:SignalFftAutoScale", "CUSTOM:SignalFilterBankSquareRoot":
                    break
                case "CUSTOM:SignalRfft":
                    // TfLiteAudioFrontendRfftParams<T> (4 int32, TfLiteType, T*, int, int8*), then
                    // kiss_fftr_alloc's state for fft_length (from the output: fft_length/2+1
                    // complex values): kiss_fftr_state (3 pointers) + kiss_fft_state (nfft,
                    // inverse, factors[64], twiddles[1]) + (n-1) twiddles + n*3/2 super twiddles
                    // and buffer, n = fft_length/2, complex of 2 × T.
                    persistent("Persistent buffer data", wide ? 48 : 32)
                    let complex = first?.type == .int16 ? 4 : 8
                    let n = max((out?.elementCount ?? 0) / 2 - 1, 0)
                    let state = 3 * layout.pointer + (8 + 256 + complex) + complex * (n - 1) + complex * (n * 3 / 2)
                    persistent("Persistent buffer data", n > 0 ? state : 0)
                case "CUSTOM:SignalFilterBank":
                    // TFLMSignalFilterBankParams {FilterbankConfig, uint64* work_area}, then the
                    // (num_channels + 1) uint64 work area; num_channels is the output's size.
                    persistent("Persistent buffer data", wide ? 64 : 36)
                    persistent("Persistent buffer data", ((out?.elementCount ?? 0) + 1) * 8)
                case "CUSTOM:SignalFilterBankSpectralSubtraction":
                    // TFLMSignalSpectralSubtractionParams {SpectralSubtractionConfig (9 uint32,
                    // bool), uint32*, size_t}, then num_channels (the input's size) uint32.
                    persistent("Persistent buffer data", wide ? 56 : 48)
                    persistent("Persistent buffer data", (first?.elementCount ?? 0) * 4)
                default:
                    if let size = layout.opData[name] {
                        persistent("Persistent buffer data", size)
                    } else if !tflmNoOpData.contains(name) && !unmodeled.contains(name) {
                        unmodeled.append(name)
                    }
                }
            }
        }
        // PrepareSubgraphs: allocations and scratch requests in each kernel's Prepare.
        var requests: [(subgraph: Int, op: Int, bytes: Int)] = []
        // Resource variables: VAR_HANDLE's Prepare points its output at its OpData (so that tensor
        // is not planned) and creates an id per (container, shared_name); ASSIGN_VARIABLE's Prepare
        // then allocates the variable's buffer once per id.
        var resourceIDs: [String] = []
        var resourceTensor: [Int: [Int32: Int]] = [:]  // subgraph -> tensor -> id
        var allocatedIDs = Set<Int>()
        for (s, subgraph) in subgraphs.enumerated() {
            for (o, op) in subgraph.operators.enumerated() {
                let name = opName(op)
                let inputs = Array(op.inputs)
                let outputs = Array(op.outputs)
                func input(_ k: Int) -> Tensor? { k < inputs.count ? tensor(subgraph, inputs[k]) : nil }
                func output(_ k: Int) -> Tensor? { k < outputs.count ? tensor(subgraph, outputs[k]) : nil }
                func request(_ bytes: Int) { requests.append((s, o, bytes)) }
                func elements(_ t: Tensor?) -> Int { t?.elementCount ?? 0 }
                switch name {
                case "CUSTOM:SignalRfft":
                    // RfftPrepare: fft_length × sizeof(T) of work area.
                    let n = max((output(0)?.elementCount ?? 0) / 2 - 1, 0)
                    request(2 * n * (input(0)?.type == .int16 ? 2 : 4))
                case "LOG_SOFTMAX":
                    // No Init: Prepare allocates LogSoftmaxOpData for int8 only.
                    if input(0)?.type == .int8 { persistent("Persistent buffer data", wide ? 40 : 28) }
                case "GATHER", "DEPTH_TO_SPACE", "SPACE_TO_DEPTH":
                    // CreateWritableTensorDimsWithCopy: the output's dims move to the tail.
                    persistent("Persistent buffer data", 4 + 4 * dims(output(0)).count)
                case "RESHAPE":
                    // reshape_common.cc: an output shape with a -1 (stretch) dimension is rewritten
                    // in a persistent copy of the dims.
                    if dims(output(0)).contains(-1) {
                        persistent("Persistent buffer data", 4 + 4 * dims(output(0)).count)
                    }
                case "BATCH_MATMUL":
                    // batch_matmul.cc InitializeTemporaries: QuantizationOpDataBatchMatmul (7
                    // int32) for int8/int16; a transposed copy of LHS when adj_x and of RHS unless
                    // adj_y (TfLiteEvalTensor, its dims, its data); then ReshapeOutputTensor's
                    // persistent output dims.
                    let options = op.options(BatchMatMulOptions.self).orDefaults
                    let lhs = input(0), rhs = input(1)
                    if lhs?.type == .int8 || lhs?.type == .int16 { persistent("Persistent buffer data", 28) }
                    func transposed(_ t: Tensor?) {
                        persistent("Persistent buffer data", layout.evalTensor.0)
                        persistent("Persistent buffer data", 4 + 4 * dims(t).count)
                        persistent("Persistent buffer data", t?.byteCount ?? 0)
                    }
                    if options?.adjX == true { transposed(lhs) }
                    if options?.adjY != true { transposed(rhs) }
                    persistent("Persistent buffer data", 4 + 4 * dims(output(0)).count)
                case "VAR_HANDLE":
                    let options = op.options(VarHandleOptions.self).orDefaults
                    let key = utf8String(options?.container) + "\u{0}" + utf8String(options?.sharedName)
                    var id = resourceIDs.firstIndex(of: key) ?? -1
                    if id < 0 && resourceIDs.count < sharedNames.count {
                        resourceIDs.append(key)
                        id = resourceIDs.count - 1
                    }
                    if let out = outputs.first { resourceTensor[s, default: [:]][out] = id }
                case "ASSIGN_VARIABLE":
                    if let handle = inputs.first, let id = resourceTensor[s]?[handle], id >= 0,
                        !allocatedIDs.contains(id)
                    {
                        allocatedIDs.insert(id)
                        persistent("Persistent buffer data", input(1)?.byteCount ?? 0)
                    }
                case "CONV_2D", "DEPTHWISE_CONV_2D":
                    // Per-channel multipliers and shifts: filter dim 0 (conv) or 3 (depthwise).
                    let filter = dims(input(1))
                    let dimension = name == "CONV_2D" ? 0 : 3
                    let channels = filter.count > dimension ? filter[dimension] : 0
                    persistent("Persistent buffer data", channels * 4)
                    persistent("Persistent buffer data", channels * 4)
                case "FULLY_CONNECTED":
                    // Per-channel multipliers and shifts only for per-channel quantized filters.
                    if let q = input(1)?.quantization, q.scale.count > 1, input(0)?.type != .float32 {
                        persistent("Persistent buffer data", q.scale.count * 4)
                        persistent("Persistent buffer data", q.scale.count * 4)
                    }
                case "SOFTMAX":
                    if input(0)?.type == .int16 {  // exp and 1/(1+x) LUTs, kInt16LUTArraySize = 513
                        persistent("Persistent buffer data", 513 * 2)
                        persistent("Persistent buffer data", 513 * 2)
                    }
                case "MEAN", "SUM":
                    // reduce_common.cc PrepareMeanOrSumHelper: int32 accumulators (quantized), the
                    // input iterator, the resolved axes.
                    if input(0)?.type == .int8 || input(0)?.type == .int16 { request(4 * elements(output(0))) }
                    request(4 * dims(input(0)).count)
                    request(4 * elements(input(1)))
                case "REDUCE_MAX", "REDUCE_MIN":
                    request(4 * dims(input(0)).count)  // PrepareMinMaxHelper
                    request(4 * elements(input(1)))
                case "TRANSPOSE_CONV":
                    // Per-channel arrays (filter dim 0), then the accumulator scratch; then, in
                    // CalculateOpData, 16x8 with an int16 bias converts the bias to int64.
                    let filter = dims(input(1))
                    let channels = filter.first ?? 0
                    persistent("Persistent buffer data", channels * 4)
                    persistent("Persistent buffer data", channels * 4)
                    if input(2)?.type == .int8 { request(4 * elements(output(0))) }
                    if input(2)?.type == .int16 { request(8 * elements(output(0))) }
                    if input(2)?.type == .int16, let bias = input(3), bias.type == .int16 {
                        request(8 * elements(bias))
                    }
                case "SVDF":
                    // svdf_common.cc PrepareSvdf: batch × filters (int32 or float), and for int8
                    // batch × units int32.
                    let batch = dims(input(0)).first ?? 0
                    let filters = dims(input(1)).first ?? 0
                    let rank = op.options(SVDFOptions.self).orDefaults.map { Int($0.rank) } ?? 1
                    request(4 * batch * filters)
                    if input(0)?.type == .int8 { request(4 * batch * (rank > 0 ? filters / rank : 0)) }
                case "UNIDIRECTIONAL_SEQUENCE_LSTM":
                    // Four buffers of batch × state dimension in the cell state's type.
                    let timeMajor = op.options(UnidirectionalSequenceLSTMOptions.self).orDefaults?.timeMajor ?? false
                    let shape = dims(input(0))
                    let batch = shape.count > 1 ? (timeMajor ? shape[1] : shape[0]) : 0
                    let hidden = dims(input(18))
                    let state = hidden.count > 1 ? hidden[1] : 0
                    let cellBytes = input(19)?.type == .int16 ? 2 : 4
                    for _ in 0..<4 { request(batch * state * cellBytes) }
                default:
                    break
                }
            }
        }
        let scratch = requests.map(\.bytes)
        // FinishModelAllocation: scratch handles, then variables.
        if !scratch.isEmpty {
            allocate(
                "scratch buffer handles", layout.scratchBufferHandle.0 * scratch.count, layout.scratchBufferHandle.1)
        }
        for subgraph in subgraphs {
            for t in subgraph.tensors where t.isVariable {
                persistent("TfLiteTensor variable buffer data", t.byteCount ?? 0)
            }
        }
        // The interpreter's input and output TfLiteTensors.
        if let main = subgraphs.first {
            for list in [Array(main.inputs), Array(main.outputs)] {
                persistent("Persistent buffer data", layout.pointer * list.count)
                for index in list {
                    allocate("Persistent TfLiteTensor data", layout.tensor.0, layout.tensor.1)
                    if let t = tensor(main, index), let q = t.quantization, q.scale.count > 0, q.zeroPoint.count > 0 {
                        allocate(
                            "Persistent TfLiteTensor quantization data", layout.affineQuantization.0,
                            layout.affineQuantization.1)
                        allocate("Persistent TfLiteTensor quantization data", 4 + 4 * q.scale.count, 4)
                    }
                }
            }
        }

        // The head: TFLM's lifetimes and greedy planner.
        var buffers: [(size: Int, first: Int, last: Int)] = []
        var scope = 0
        // MarkAllocationLifetimes from subgraph 0, recursing into CALL_ONCE/IF/WHILE subgraphs.
        var scratchLifetimes = Array(repeating: (first: -1, last: -1), count: requests.count)
        var lifetimes: [[(first: Int, last: Int)]] = subgraphs.map {
            Array(repeating: (-1, -1), count: $0.tensors.count)
        }
        func mark(_ s: Int) {
            guard s >= 0, s < subgraphs.count else { return }
            let subgraph = subgraphs[s]
            func created(_ index: Int32) {
                guard index >= 0, Int(index) < lifetimes[s].count else { return }
                if lifetimes[s][Int(index)].first == -1 { lifetimes[s][Int(index)].first = scope }
            }
            func used(_ index: Int32) {
                guard index >= 0, Int(index) < lifetimes[s].count else { return }
                lifetimes[s][Int(index)].last = scope
            }
            for index in subgraph.inputs {
                created(index)
                used(index)
            }
            for (o, op) in subgraph.operators.enumerated() {
                scope += 1
                for index in op.outputs { created(index) }
                let start = scope
                if opName(op) == "CALL_ONCE" {
                    scope += 1
                    mark(Int(op.options(CallOnceOptions.self).orDefaults?.initSubgraphIndex ?? -1))
                }
                for index in op.inputs { used(index) }
                for index in op.outputs { used(index) }
                for (r, entry) in requests.enumerated() where entry.subgraph == s && entry.op == o {
                    if scratchLifetimes[r].first == -1 { scratchLifetimes[r].first = start }
                    scratchLifetimes[r].last = scope
                }
            }
            for index in subgraph.outputs {
                created(index)
                used(index)
            }
        }
        mark(0)
        for (s, subgraph) in subgraphs.enumerated() {
            for (i, t) in subgraph.tensors.enumerated() {
                let bytes = t.byteCount ?? 0
                guard !isConstant(t), !t.isVariable, bytes != 0, resourceTensor[s]?[Int32(i)] == nil else { continue }
                buffers.append(((bytes + 15) / 16 * 16, lifetimes[s][i].first, lifetimes[s][i].last))
            }
        }
        for (r, entry) in requests.enumerated() {
            buffers.append(((entry.bytes + 15) / 16 * 16, scratchLifetimes[r].first, scratchLifetimes[r].last))
        }
        headBytes = TFLMGreedyPlanner.maximumSize(buffers)
        tailBytes = tail
        self.tail = kinds
        self.target = target
        unmodeledOperators = unmodeled
        scratchBytes = scratch
    }
}

/// The planner, for tests.
public enum TFLMGreedyPlannerProbe {
    public static func maximumSize(_ buffers: [(size: Int, first: Int, last: Int)]) -> Int {
        TFLMGreedyPlanner.maximumSize(buffers)
    }
}

/// TFLM's GreedyMemoryPlanner: buffers by size, largest first (a bubble sort over the buffers in
/// reverse order, so equal sizes keep later buffers first), each at the first gap in the
/// offset-ordered list of buffers alive at the same time.
enum TFLMGreedyPlanner {
    static func maximumSize(_ buffers: [(size: Int, first: Int, last: Int)]) -> Int {
        guard !buffers.isEmpty else { return 0 }
        var ids = Array((0..<buffers.count).reversed())
        var sizes = ids.map { buffers[$0].size }
        var swapped = true
        while swapped {
            swapped = false
            for i in 1..<max(sizes.count, 1) where sizes[i - 1] < sizes[i] {
                sizes.swapAt(i - 1, i)
                ids.swapAt(i - 1, i)
                swapped = true
            }
        }
        // The offset-ordered list: (buffer id, offset).
        var placed: [(id: Int, offset: Int)] = [(ids[0], 0)]
        func overlaps(_ a: Int, _ first: Int, _ last: Int) -> Bool {
            !(buffers[a].first > last || first > buffers[a].last)
        }
        for position in 1..<ids.count {
            let id = ids[position]
            let wanted = buffers[id]
            var candidate = 0
            var prior: Int? = nil  // index into placed
            while true {
                // Next simultaneously active buffer after `prior` in offset order.
                var next: Int? = nil
                var k = prior.map { $0 + 1 } ?? 0
                while k < placed.count {
                    if overlaps(placed[k].id, wanted.first, wanted.last) {
                        next = k
                        break
                    }
                    k += 1
                }
                if let prior {
                    let end = placed[prior].offset + buffers[placed[prior].id].size
                    if end > candidate { candidate = end }
                }
                guard let next else { break }
                if placed[next].offset - candidate >= wanted.size { break }
                prior = next
            }
            // Insert after every entry with offset <= candidate (TFLM's list insertion).
            var insertAt = placed.count
            if placed[0].offset > candidate {
                insertAt = 0
            } else {
                for k in 1..<max(placed.count, 1) where placed[k].offset > candidate {
                    insertAt = k
                    break
                }
            }
            placed.insert((id, candidate), at: insertAt)
        }
        return placed.map { $0.offset + buffers[$0.id].size }.max() ?? 0
    }
}

/// `kinglet budget --runtime tflm`: TFLM's arena against a budget, in the shape of `ArenaReport`'s
/// JSON (`arena.planned_bytes` is TFLM's head, `arena.persistent_bytes` its tail). RAM is checked
/// against the arena alone and flash against the model alone: TFLM's code and static RAM are not
/// modeled.
public struct TFLMBudgetReport {
    public let arena: TFLMArena
    public let budget: Budget
    public let modelBytes: Int

    public init(arena: TFLMArena, budget: Budget, modelBytes: Int) {
        self.arena = arena
        self.budget = budget
        self.modelBytes = modelBytes
    }

    public var ramMargin: Int? { budget.ramBytes.map { $0 - arena.totalBytes } }
    public var flashMargin: Int? { budget.flashBytes.map { $0 - modelBytes } }
    public var fits: Bool { (ramMargin ?? 0) >= 0 && (flashMargin ?? 0) >= 0 }

    public var shortfall: String? {
        var reasons: [String] = []
        if let margin = ramMargin, margin < 0, let ram = budget.ramBytes {
            reasons.append(
                "RAM: TFLM's arena needs \(grouped(arena.totalBytes)) bytes, \(grouped(-margin)) more than the \(grouped(ram)) available"
            )
        }
        if let margin = flashMargin, margin < 0, let flash = budget.flashBytes {
            reasons.append(
                "flash: the model's \(grouped(modelBytes)) bytes, \(grouped(-margin)) more than the \(grouped(flash)) available"
            )
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    public func json(file: String) -> JSONValue {
        .object([
            ("file", .string(file)),
            ("runtime", .string("tflm")),
            ("target", .string(arena.target.rawValue)),
            ("fits", .bool(fits)),
            ("device", .null),
            (
                "arena",
                .object([
                    ("total_bytes", .int(arena.totalBytes)), ("planned_bytes", .int(arena.headBytes)),
                    ("persistent_bytes", .int(arena.tailBytes)), ("alignment_bytes", .int(0)),
                    ("arena_used_bytes", .int(arena.totalBytes)),
                    ("persistent", .object(arena.tail.map { ($0.label, .int($0.bytes)) })),
                    ("unmodeled_operators", .array(arena.unmodeledOperators.map { .string($0) })),
                ])
            ),
            (
                "flash",
                .object([
                    ("total_bytes", .int(modelBytes)), ("model_bytes", .int(modelBytes)), ("code_bytes", .null),
                ])
            ),
            (
                "budget",
                .object([
                    ("board", .optional(budget.board?.name)),
                    ("ram_bytes", budget.ramBytes.map { .int($0) } ?? .null),
                    ("flash_bytes", budget.flashBytes.map { .int($0) } ?? .null),
                    ("ram_margin_bytes", ramMargin.map { .int($0) } ?? .null),
                    ("flash_margin_bytes", flashMargin.map { .int($0) } ?? .null),
                    ("shortfall", .optional(shortfall)),
                ])
            ),
            ("peak", .null),
            ("tensors", .array([])),
            ("scratch", .array(arena.scratchBytes.map { .object([("bytes", .int($0))]) })),
        ])
    }

    public func text(file: String) -> String {
        var lines = ["\(file): TFLM arena on \(arena.target.rawValue) (modeled from TFLM's allocator)"]
        lines.append(
            "  arena_used_bytes \(grouped(arena.totalBytes)) = head \(grouped(arena.headBytes)) + tail \(grouped(arena.tailBytes))"
        )
        for entry in arena.tail {
            lines.append("    \(entry.label): \(grouped(entry.bytes)) bytes (\(entry.count) allocations)")
        }
        if !arena.unmodeledOperators.isEmpty {
            lines.append("  not modeled (the figure misses them): " + arena.unmodeledOperators.joined(separator: ", "))
        }
        if let margin = ramMargin { lines.append("  RAM margin \(grouped(margin)) bytes") }
        if let margin = flashMargin { lines.append("  flash margin \(grouped(margin)) bytes (model only)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
