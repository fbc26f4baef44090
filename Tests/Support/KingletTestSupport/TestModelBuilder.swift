// A small FlatBuffer writer for tests, and a TFLite model builder on top of it.
//
// The writer works front to back: a parent table is appended before its children, and its offset
// slots are linked once the children exist, so every uoffset points forward as FlatBuffers requires.
// It can also append to an existing file (a real model), to graft new tables onto it.
//
// Field ids in `TestModel.build()` are the schema's (schema/tflite.fbs): declaration order, a union
// field taking two ids (type, then value), deprecated fields keeping theirs.
// Shared by the TFLiteModel and KingletReport test targets (the KingletTestSupport target).

public struct FlatBufferWriter {
    public private(set) var bytes: [UInt8]

    /// A new buffer: root offset (linked by `setRoot`) and a 4-byte identifier (zeros when nil).
    public init(identifier: String? = "TFL3") {
        bytes = [0, 0, 0, 0]
        let id = identifier.map { Array($0.utf8) } ?? [0, 0, 0, 0]
        precondition(id.count == 4, "an identifier has exactly 4 bytes")
        bytes += id
    }

    /// Continues an existing buffer (e.g. a real model) so new tables can be appended to it.
    public init(appendingTo existing: [UInt8]) {
        bytes = existing
    }

    public enum Value {
        case bool(Bool), u8(UInt8), i8(Int8), i16(Int16), i32(Int32), u32(UInt32), i64(Int64), u64(UInt64), f32(Float)
        /// A uoffset, linked later with `link(_:to:)`.
        case offset

        public var size: Int {
            switch self {
            case .bool, .u8, .i8: return 1
            case .i16: return 2
            case .i32, .u32, .f32, .offset: return 4
            case .i64, .u64: return 8
            }
        }
    }

    public mutating func pad(to alignment: Int, remainder: Int = 0) {
        while bytes.count % alignment != remainder { bytes.append(0) }
    }

    public mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    public mutating func set<T: FixedWidthInteger>(_ value: T, at position: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[position + index] = byte }
        }
    }

    public func get<T: FixedWidthInteger>(_: T.Type, at position: Int) -> T {
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<raw.count { raw[index] = bytes[position + index] }
        }
        return T(littleEndian: value)
    }

    public mutating func appendBytes(_ data: [UInt8]) { bytes += data }

    /// Appends a vtable and then a table holding `fields` (vtable id, value). Returns the table's
    /// position and each field's position (for linking `.offset` fields or patching values).
    @discardableResult
    public mutating func table(_ fields: [(Int, Value)]) -> (position: Int, slots: [Int: Int]) {
        // Table layout: soffset, then 8-byte, 4-byte, 2-byte and 1-byte fields, each naturally aligned
        // (the table starts 8-aligned, so offsets that are multiples of 8 are 8-aligned in the file).
        var offsets: [Int: Int] = [:]
        var cursor = 4
        for size in [8, 4, 2, 1] {
            for (id, value) in fields where value.size == size {
                precondition(offsets[id] == nil, "field \(id) given twice")
                cursor = (cursor + size - 1) / size * size
                offsets[id] = cursor
                cursor += size
            }
        }
        let tableSize = (cursor + 3) / 4 * 4
        let slotCount = (fields.map(\.0).max() ?? -1) + 1
        pad(to: 2)
        let vtable = bytes.count
        append(UInt16(4 + 2 * slotCount))
        append(UInt16(tableSize))
        for id in 0..<slotCount { append(UInt16(offsets[id] ?? 0)) }
        pad(to: 8)
        let position = bytes.count
        append(Int32(position - vtable))
        bytes += [UInt8](repeating: 0, count: tableSize - 4)
        var slots: [Int: Int] = [:]
        for (id, value) in fields {
            let at = position + offsets[id]!
            slots[id] = at
            switch value {
            case .bool(let v): set(UInt8(v ? 1 : 0), at: at)
            case .u8(let v): set(v, at: at)
            case .i8(let v): set(v, at: at)
            case .i16(let v): set(v, at: at)
            case .i32(let v): set(v, at: at)
            case .u32(let v): set(v, at: at)
            case .i64(let v): set(v, at: at)
            case .u64(let v): set(v, at: at)
            case .f32(let v): set(v.bitPattern, at: at)
            case .offset: break
            }
        }
        return (position, slots)
    }

    /// Appends a vector of scalars with its elements aligned to `alignment` (at least their size and 4);
    /// returns the position of its length field.
    @discardableResult
    public mutating func vector<T: FixedWidthInteger>(_ values: [T], alignment: Int = 4) -> Int {
        let align = max(4, MemoryLayout<T>.size, alignment)
        pad(to: align, remainder: (align - 4) % align)
        let position = bytes.count
        append(UInt32(values.count))
        for value in values { append(value) }
        return position
    }

    @discardableResult
    public mutating func floats(_ values: [Float]) -> Int { vector(values.map(\.bitPattern)) }

    /// Appends a zero-terminated string of raw bytes (which need not be UTF-8).
    @discardableResult
    public mutating func string(bytes text: [UInt8]) -> Int {
        pad(to: 4)
        let position = bytes.count
        append(UInt32(text.count))
        bytes += text
        bytes.append(0)
        return position
    }

    @discardableResult
    public mutating func string(_ text: String) -> Int { string(bytes: Array(text.utf8)) }

    /// Appends a vector of `count` uoffsets to be linked; returns its position and its slots.
    public mutating func offsetVector(count: Int) -> (position: Int, slots: [Int]) {
        pad(to: 4)
        let position = bytes.count
        append(UInt32(count))
        let slots = (0..<count).map { position + 4 + 4 * $0 }
        bytes += [UInt8](repeating: 0, count: 4 * count)
        return (position, slots)
    }

    /// Writes the uoffset at `slot` so that it points at `target` (which must come after it).
    public mutating func link(_ slot: Int, to target: Int) {
        precondition(target > slot, "uoffsets point forward")
        set(UInt32(target - slot), at: slot)
    }

    public mutating func setRoot(_ table: Int) { link(0, to: table) }
}

/// A TFLite model described field by field; nil means "leave the field out" (schema default).
public struct TestModel {
    public struct OpCode {
        public var deprecatedBuiltinCode: Int8? = nil
        public var builtinCode: Int32? = nil
        public var customCode: String? = nil
        public var version: Int32? = nil

        public init(
            deprecatedBuiltinCode: Int8? = nil, builtinCode: Int32? = nil, customCode: String? = nil,
            version: Int32? = nil
        ) {
            self.deprecatedBuiltinCode = deprecatedBuiltinCode
            self.builtinCode = builtinCode
            self.customCode = customCode
            self.version = version
        }
    }

    public struct Quantization {
        public var min: [Float]? = nil
        public var max: [Float]? = nil
        public var scale: [Float]? = nil
        public var zeroPoint: [Int64]? = nil
        /// QuantizationDetails union type; an empty table is written as its value.
        public var detailsType: UInt8? = nil
        public var quantizedDimension: Int32? = nil

        public init(
            min: [Float]? = nil, max: [Float]? = nil, scale: [Float]? = nil, zeroPoint: [Int64]? = nil,
            detailsType: UInt8? = nil, quantizedDimension: Int32? = nil
        ) {
            self.min = min
            self.max = max
            self.scale = scale
            self.zeroPoint = zeroPoint
            self.detailsType = detailsType
            self.quantizedDimension = quantizedDimension
        }
    }

    public struct TensorSpec {
        public var name: [UInt8]? = nil
        public var type: Int8? = nil
        public var shape: [Int32]? = nil
        public var buffer: UInt32? = nil
        public var quantization: Quantization? = nil
        public var isVariable: Bool? = nil
        /// Writes an empty SparsityParameters table.
        public var sparsity = false
        public var shapeSignature: [Int32]? = nil
        public var hasRank: Bool? = nil

        public init(
            _ name: String? = nil, type: Int8? = nil, shape: [Int32]? = nil, buffer: UInt32? = nil,
            quantization: Quantization? = nil
        ) {
            self.name = name.map { Array($0.utf8) }
            self.type = type
            self.shape = shape
            self.buffer = buffer
            self.quantization = quantization
        }
    }

    public struct OperatorSpec {
        public var opcodeIndex: UInt32? = nil
        public var inputs: [Int32]? = nil
        public var outputs: [Int32]? = nil
        public var optionsType: UInt8? = nil
        /// Fields of the options table; written only when `optionsType` is set (or `forceOptions`).
        public var options: [(Int, FlatBufferWriter.Value)] = []
        public var forceOptionsTable = false
        public var customOptions: [UInt8]? = nil
        public var customOptionsFormat: Int8? = nil
        public var intermediates: [Int32]? = nil
        public var largeCustomOptionsOffset: Offset? = nil
        public var largeCustomOptionsSize: UInt64? = nil
        public var options2Type: UInt8? = nil
        public var options2: [(Int, FlatBufferWriter.Value)] = []

        public init(
            opcodeIndex: UInt32? = nil, inputs: [Int32]? = nil, outputs: [Int32]? = nil,
            optionsType: UInt8? = nil, options: [(Int, FlatBufferWriter.Value)] = []
        ) {
            self.opcodeIndex = opcodeIndex
            self.inputs = inputs
            self.outputs = outputs
            self.optionsType = optionsType
            self.options = options
        }
    }

    public struct SubGraphSpec {
        public var tensors: [TensorSpec]? = nil
        public var inputs: [Int32]? = nil
        public var outputs: [Int32]? = nil
        public var operators: [OperatorSpec]? = nil
        public var name: String? = nil

        public init(
            tensors: [TensorSpec]? = nil, inputs: [Int32]? = nil, outputs: [Int32]? = nil,
            operators: [OperatorSpec]? = nil, name: String? = nil
        ) {
            self.tensors = tensors
            self.inputs = inputs
            self.outputs = outputs
            self.operators = operators
            self.name = name
        }
    }

    /// Where offset-form data lives: an absolute file offset, or a position in `trailer`.
    public enum Offset {
        case absolute(UInt64)
        case trailer(Int)
    }

    public struct BufferSpec {
        public var data: [UInt8]? = nil
        public var offset: Offset? = nil
        public var size: UInt64? = nil

        public init(data: [UInt8]? = nil, offset: Offset? = nil, size: UInt64? = nil) {
            self.data = data
            self.offset = offset
            self.size = size
        }
    }

    public struct MetadataSpec {
        public var name: String? = nil
        public var buffer: UInt32? = nil

        public init(name: String? = nil, buffer: UInt32? = nil) {
            self.name = name
            self.buffer = buffer
        }
    }

    public struct SignatureSpec {
        public var key: String? = nil
        public var subgraphIndex: UInt32? = nil
        public var inputs: [(String?, UInt32?)] = []
        public var outputs: [(String?, UInt32?)] = []

        public init(
            key: String? = nil, subgraphIndex: UInt32? = nil, inputs: [(String?, UInt32?)] = [],
            outputs: [(String?, UInt32?)] = []
        ) {
            self.key = key
            self.subgraphIndex = subgraphIndex
            self.inputs = inputs
            self.outputs = outputs
        }
    }

    public var identifier: String? = "TFL3"
    public var version: UInt32? = 3
    public var description: [UInt8]? = nil
    public var operatorCodes: [OpCode]? = nil
    public var subgraphs: [SubGraphSpec]? = nil
    public var buffers: [BufferSpec]? = [BufferSpec()]
    public var metadataBuffer: [Int32]? = nil
    public var metadata: [MetadataSpec]? = nil
    public var signatureDefs: [SignatureSpec]? = nil
    /// Bytes appended after the flatbuffer (16-aligned), for offset-form buffers and custom options.
    public var trailer: [UInt8] = []

    public init() {}

    /// The model's bytes, and where `trailer` starts in them.
    public func build() -> (bytes: [UInt8], trailerStart: Int) {
        var w = FlatBufferWriter(identifier: identifier)
        var offsetPatches: [(slot: Int, offset: Offset)] = []

        func tables<T>(_ items: [T]?, _ slot: Int?, _ write: (inout FlatBufferWriter, T) -> Int) {
            guard let items, let slot else { return }
            let vector = w.offsetVector(count: items.count)
            w.link(slot, to: vector.position)
            for (item, itemSlot) in zip(items, vector.slots) {
                let table = write(&w, item)
                w.link(itemSlot, to: table)
            }
        }
        func ints<T: FixedWidthInteger>(_ values: [T]?, _ slot: Int?, alignment: Int = 4) {
            guard let values, let slot else { return }
            w.link(slot, to: w.vector(values, alignment: alignment))
        }
        func string(_ text: [UInt8]?, _ slot: Int?) {
            guard let text, let slot else { return }
            w.link(slot, to: w.string(bytes: text))
        }

        // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4,
        // metadata_buffer 5, metadata 6, signature_defs 7.
        let model = w.table(
            TestModel.present([
                (0, version.map { .u32($0) }),
                (1, operatorCodes.map { _ in .offset }),
                (2, subgraphs.map { _ in .offset }),
                (3, description.map { _ in .offset }),
                (4, buffers.map { _ in .offset }),
                (5, metadataBuffer.map { _ in .offset }),
                (6, metadata.map { _ in .offset }),
                (7, signatureDefs.map { _ in .offset }),
            ]))
        w.setRoot(model.position)

        // OperatorCode: deprecated_builtin_code 0, custom_code 1, version 2, builtin_code 3.
        tables(operatorCodes, model.slots[1]) { w, code in
            let t = w.table(
                TestModel.present([
                    (0, code.deprecatedBuiltinCode.map { .i8($0) }),
                    (1, code.customCode.map { _ in .offset }),
                    (2, code.version.map { .i32($0) }),
                    (3, code.builtinCode.map { .i32($0) }),
                ]))
            if let text = code.customCode, let slot = t.slots[1] { w.link(slot, to: w.string(text)) }
            return t.position
        }

        // SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4.
        tables(subgraphs, model.slots[2]) { w, subgraph in
            let t = w.table(
                TestModel.present([
                    (0, subgraph.tensors.map { _ in .offset }),
                    (1, subgraph.inputs.map { _ in .offset }),
                    (2, subgraph.outputs.map { _ in .offset }),
                    (3, subgraph.operators.map { _ in .offset }),
                    (4, subgraph.name.map { _ in .offset }),
                ]))
            if let values = subgraph.inputs, let slot = t.slots[1] { w.link(slot, to: w.vector(values)) }
            if let values = subgraph.outputs, let slot = t.slots[2] { w.link(slot, to: w.vector(values)) }
            if let text = subgraph.name, let slot = t.slots[4] { w.link(slot, to: w.string(text)) }
            if let tensors = subgraph.tensors, let slot = t.slots[0] {
                let vector = w.offsetVector(count: tensors.count)
                w.link(slot, to: vector.position)
                for (tensor, itemSlot) in zip(tensors, vector.slots) {
                    w.link(itemSlot, to: TestModel.writeTensor(&w, tensor))
                }
            }
            if let operators = subgraph.operators, let slot = t.slots[3] {
                let vector = w.offsetVector(count: operators.count)
                w.link(slot, to: vector.position)
                for (op, itemSlot) in zip(operators, vector.slots) {
                    let written = TestModel.writeOperator(&w, op)
                    w.link(itemSlot, to: written.position)
                    if let offset = op.largeCustomOptionsOffset, let at = written.largeOffsetSlot {
                        offsetPatches.append((at, offset))
                    }
                }
            }
            return t.position
        }

        string(description, model.slots[3])

        // Buffer: data 0 (force_align 16), offset 1, size 2.
        tables(buffers, model.slots[4]) { w, buffer in
            let t = w.table(
                TestModel.present([
                    (0, buffer.data.map { _ in .offset }),
                    (1, buffer.offset.map { _ in .u64(0) }),
                    (2, buffer.size.map { .u64($0) }),
                ]))
            if let data = buffer.data, let slot = t.slots[0] { w.link(slot, to: w.vector(data, alignment: 16)) }
            if let offset = buffer.offset, let slot = t.slots[1] { offsetPatches.append((slot, offset)) }
            return t.position
        }

        ints(metadataBuffer, model.slots[5])

        // Metadata: name 0, buffer 1.
        tables(metadata, model.slots[6]) { w, entry in
            let t = w.table(
                TestModel.present([(0, entry.name.map { _ in .offset }), (1, entry.buffer.map { .u32($0) })]))
            if let text = entry.name, let slot = t.slots[0] { w.link(slot, to: w.string(text)) }
            return t.position
        }

        // SignatureDef: inputs 0, outputs 1, signature_key 2, (deprecated_tag 3), subgraph_index 4.
        // TensorMap: name 0, tensor_index 1.
        tables(signatureDefs, model.slots[7]) { w, signature in
            let t = w.table(
                TestModel.present([
                    (0, .offset), (1, .offset),
                    (2, signature.key.map { _ in .offset }),
                    (4, signature.subgraphIndex.map { .u32($0) }),
                ]))
            for (slot, maps) in [(t.slots[0]!, signature.inputs), (t.slots[1]!, signature.outputs)] {
                let vector = w.offsetVector(count: maps.count)
                w.link(slot, to: vector.position)
                for ((name, index), itemSlot) in zip(maps, vector.slots) {
                    let map = w.table(TestModel.present([(0, name.map { _ in .offset }), (1, index.map { .u32($0) })]))
                    if let name, let nameSlot = map.slots[0] { w.link(nameSlot, to: w.string(name)) }
                    w.link(itemSlot, to: map.position)
                }
            }
            if let key = signature.key, let slot = t.slots[2] { w.link(slot, to: w.string(key)) }
            return t.position
        }

        w.pad(to: 16)
        let trailerStart = w.bytes.count
        w.appendBytes(trailer)
        for (slot, offset) in offsetPatches {
            switch offset {
            case .absolute(let value): w.set(value, at: slot)
            case .trailer(let position): w.set(UInt64(trailerStart + position), at: slot)
            }
        }
        return (w.bytes, trailerStart)
    }

    /// The fields whose value is given.
    public static func present(_ list: [(Int, FlatBufferWriter.Value?)]) -> [(Int, FlatBufferWriter.Value)] {
        list.compactMap { id, value in value.map { (id, $0) } }
    }

    // Tensor: shape 0, type 1, buffer 2, name 3, quantization 4, is_variable 5, sparsity 6,
    // shape_signature 7, has_rank 8.
    public static func writeTensor(_ w: inout FlatBufferWriter, _ tensor: TensorSpec) -> Int {
        let t = w.table(
            TestModel.present([
                (0, tensor.shape.map { _ in .offset }),
                (1, tensor.type.map { .i8($0) }),
                (2, tensor.buffer.map { .u32($0) }),
                (3, tensor.name.map { _ in .offset }),
                (4, tensor.quantization.map { _ in .offset }),
                (5, tensor.isVariable.map { .bool($0) }),
                (6, tensor.sparsity ? .offset : nil),
                (7, tensor.shapeSignature.map { _ in .offset }),
                (8, tensor.hasRank.map { .bool($0) }),
            ]))
        if let shape = tensor.shape { w.link(t.slots[0]!, to: w.vector(shape)) }
        if let name = tensor.name { w.link(t.slots[3]!, to: w.string(bytes: name)) }
        if tensor.sparsity { w.link(t.slots[6]!, to: w.table([]).position) }
        if let signature = tensor.shapeSignature { w.link(t.slots[7]!, to: w.vector(signature)) }
        if let q = tensor.quantization {
            // QuantizationParameters: min 0, max 1, scale 2, zero_point 3, details_type 4, details 5,
            // quantized_dimension 6.
            let qt = w.table(
                TestModel.present([
                    (0, q.min.map { _ in .offset }),
                    (1, q.max.map { _ in .offset }),
                    (2, q.scale.map { _ in .offset }),
                    (3, q.zeroPoint.map { _ in .offset }),
                    (4, q.detailsType.map { .u8($0) }),
                    (5, q.detailsType.map { _ in .offset }),
                    (6, q.quantizedDimension.map { .i32($0) }),
                ]))
            w.link(t.slots[4]!, to: qt.position)
            if let values = q.min { w.link(qt.slots[0]!, to: w.floats(values)) }
            if let values = q.max { w.link(qt.slots[1]!, to: w.floats(values)) }
            if let values = q.scale { w.link(qt.slots[2]!, to: w.floats(values)) }
            if let values = q.zeroPoint { w.link(qt.slots[3]!, to: w.vector(values)) }
            if q.detailsType != nil { w.link(qt.slots[5]!, to: w.table([]).position) }
        }
        return t.position
    }

    // Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4,
    // custom_options 5, custom_options_format 6, mutating_variable_inputs 7, intermediates 8,
    // large_custom_options_offset 9, large_custom_options_size 10, builtin_options_2_type 11,
    // builtin_options_2 12.
    public static func writeOperator(
        _ w: inout FlatBufferWriter, _ op: OperatorSpec
    ) -> (position: Int, largeOffsetSlot: Int?) {
        let writeOptions = op.optionsType != nil || op.forceOptionsTable
        let t = w.table(
            TestModel.present([
                (0, op.opcodeIndex.map { .u32($0) }),
                (1, op.inputs.map { _ in .offset }),
                (2, op.outputs.map { _ in .offset }),
                (3, op.optionsType.map { .u8($0) }),
                (4, writeOptions ? .offset : nil),
                (5, op.customOptions.map { _ in .offset }),
                (6, op.customOptionsFormat.map { .i8($0) }),
                (8, op.intermediates.map { _ in .offset }),
                (9, op.largeCustomOptionsOffset.map { _ in .u64(0) }),
                (10, op.largeCustomOptionsSize.map { .u64($0) }),
                (11, op.options2Type.map { .u8($0) }),
                (12, op.options2Type.map { _ in .offset }),
            ]))
        if let values = op.inputs { w.link(t.slots[1]!, to: w.vector(values)) }
        if let values = op.outputs { w.link(t.slots[2]!, to: w.vector(values)) }
        if writeOptions { w.link(t.slots[4]!, to: w.table(op.options).position) }
        if let bytes = op.customOptions { w.link(t.slots[5]!, to: w.vector(bytes)) }
        if let values = op.intermediates { w.link(t.slots[8]!, to: w.vector(values)) }
        if op.options2Type != nil { w.link(t.slots[12]!, to: w.table(op.options2).position) }
        return (t.position, t.slots[9])
    }
}
