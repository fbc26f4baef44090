import Foundation
import KingletDevice
import KingletRuntime
import TFLiteModel
import TFLiteNames
import XCTest

/// The C API (include/kinglet.h) called the way C firmware calls it, on the host.
///
/// Operators are passed as closures calling the `kinglet_op_` functions: taking a C pointer to a
/// public `@_cdecl` function of another module makes Swift emit a second definition of the symbol.
final class CAPITests: XCTestCase {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("testdata")

    /// Model bytes at a 16-byte-aligned address (plus `offset`), alive for `body`.
    func withModel<R>(
        _ name: String, offset: Int = 0, truncatedTo length: Int? = nil,
        _ body: (UnsafeRawPointer, UInt32) throws -> R
    ) throws -> R {
        let data = try Data(contentsOf: CAPITests.testdata.appendingPathComponent(name))
        let count = length ?? data.count
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count + offset + 16, alignment: 16)
        defer { storage.deallocate() }
        data.prefix(count).withUnsafeBytes {
            (storage.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: count)
        }
        return try body(UnsafeRawPointer(storage.baseAddress! + offset), UInt32(count))
    }

    struct Loaded {
        var status: Int32
        var handle: UnsafeMutableRawPointer?
        var error: [Int32]  // the 8 fields of kinglet_error
    }

    func load(
        _ model: UnsafeRawPointer, _ bytes: UInt32, arena: UnsafeMutableRawBufferPointer, ops: [KingletOp?]
    ) -> Loaded {
        var handle: UnsafeMutableRawPointer? = UnsafeMutableRawPointer(bitPattern: 0x1)
        var error = [Int32](repeating: 99, count: 8)
        let status = ops.withUnsafeBufferPointer { list in
            error.withUnsafeMutableBytes { errorBytes in
                kinglet_load(
                    model, bytes, arena.baseAddress, UInt32(arena.count), list.baseAddress, UInt32(list.count),
                    &handle, errorBytes.baseAddress)
            }
        }
        return Loaded(status: status, handle: handle, error: error)
    }

    func withArena<R>(_ bytes: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes, 1), alignment: 16)
        defer { arena.deallocate() }
        return try body(UnsafeMutableRawBufferPointer(rebasing: arena[0..<bytes]))
    }

    func testRunsLikeTheSwiftInterpreterAndTheArenaIsExact() throws {
        try withModel("fc_int8.tflite") { model, bytes in
            let used: UInt32 = try withArena(1 << 16) { arena in
                let loaded = load(model, bytes, arena: arena, ops: [{ kinglet_op_FULLY_CONNECTED($0) }])
                XCTAssertEqual(loaded.status, 0)
                XCTAssertEqual(loaded.error, [0, 0, -1, -1, -1, -1, 0, 0])
                let handle = try XCTUnwrap(loaded.handle)
                XCTAssertEqual(kinglet_input_count(handle), 1)
                XCTAssertEqual(kinglet_output_count(handle), 1)

                // The same run through the Swift API.
                let verified = try Model.verify(.init(base: model, count: Int(bytes)))
                let reference = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
                defer { reference.deallocate() }
                let interpreter = try Interpreter(
                    model: verified, arena: reference, resolver: OpResolver([.fullyConnected]))
                let input = try interpreter.input(0)

                var tensor = [UInt8](repeating: 0, count: 64)
                XCTAssertEqual(tensor.withUnsafeMutableBytes { kinglet_input(handle, 0, $0.baseAddress) }, 0)
                let fields = tensorFields(tensor)
                XCTAssertEqual(fields.bytes, input.byteCount)
                XCTAssertEqual(fields.type, Int32(input.type.rawValue))
                XCTAssertEqual(fields.dims, input.shape.map(Int32.init))
                XCTAssertEqual(fields.scale, input.scale ?? 0)
                XCTAssertEqual(fields.zeroPoint, input.zeroPoint ?? 0)
                let values: [UInt8] = (0..<input.byteCount).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
                fields.data!.copyMemory(from: values, byteCount: values.count)
                try interpreter.setInput(0, bytes: values)

                XCTAssertEqual(kinglet_invoke(handle, nil), 0)
                try interpreter.invoke()
                XCTAssertEqual(tensor.withUnsafeMutableBytes { kinglet_output(handle, 0, $0.baseAddress) }, 0)
                let output = tensorFields(tensor)
                let expected = try interpreter.output(0)
                XCTAssertEqual(
                    Array(UnsafeRawBufferPointer(start: output.data, count: output.bytes)), Array(expected.bytes))
                XCTAssertEqual(tensor.withUnsafeMutableBytes { kinglet_output(handle, 1, $0.baseAddress) }, 6)
                return kinglet_arena_used(handle)
            }
            XCTAssertGreaterThan(used, 0)
            // Exactly `used` bytes work; 16 fewer fail, saying how many are needed.
            try withArena(Int(used)) { arena in
                XCTAssertEqual(load(model, bytes, arena: arena, ops: [{ kinglet_op_FULLY_CONNECTED($0) }]).status, 0)
            }
            withArena(Int(used) - 16) { arena in
                let loaded = load(model, bytes, arena: arena, ops: [{ kinglet_op_FULLY_CONNECTED($0) }])
                XCTAssertEqual(loaded.status, 5)
                XCTAssertNil(loaded.handle)
                XCTAssertEqual(loaded.error[0], 5)
                XCTAssertEqual(loaded.error[6], Int32(used), "expected: the bytes needed")
                XCTAssertEqual(loaded.error[7], Int32(used) - 16, "actual: the bytes given")
            }
        }
    }

    func testUnsupportedOperatorNamesTheOperatorAndOpcode() throws {
        try withModel("fc_int8.tflite") { model, bytes in
            withArena(1 << 16) { arena in
                let loaded = load(model, bytes, arena: arena, ops: [{ kinglet_op_CONV_2D($0) }])
                XCTAssertEqual(loaded.status, 2)
                XCTAssertNil(loaded.handle)
                XCTAssertEqual(Array(loaded.error[0...3]), [2, 1, 0, 9], "status, reason, operator 0, FULLY_CONNECTED")
            }
        }
    }

    func testTruncatedModelIsInvalidWithAnOffset() throws {
        try withModel("fc_int8.tflite", truncatedTo: 400) { model, bytes in
            withArena(1 << 16) { arena in
                let loaded = load(model, bytes, arena: arena, ops: [{ kinglet_op_FULLY_CONNECTED($0) }])
                XCTAssertEqual(loaded.status, 1)
                XCTAssertEqual(loaded.error[0], 1)
                XCTAssertTrue((1...13).contains(loaded.error[1]), "reason \(loaded.error[1])")
                XCTAssertGreaterThanOrEqual(loaded.error[5], 0, "byte offset")
            }
        }
    }

    func testBadArguments() throws {
        try withModel("fc_int8.tflite", offset: 4) { model, bytes in
            withArena(1 << 16) { arena in
                let loaded = load(model, bytes, arena: arena, ops: [{ kinglet_op_FULLY_CONNECTED($0) }])
                XCTAssertEqual(loaded.status, 6, "a model not aligned to 16 bytes")
                XCTAssertEqual(Array(loaded.error[6...7]), [16, 4])
                XCTAssertEqual(load(model - 4, bytes, arena: arena, ops: [nil]).status, 6, "a NULL operator")
            }
        }
        XCTAssertEqual(kinglet_arena_used(nil), 0)
        XCTAssertEqual(kinglet_input_count(nil), 0)
        XCTAssertEqual(kinglet_invoke(nil, nil), 6)
    }

    /// Every kinglet_op_ function registers the operator its name says, and together they are
    /// exactly OpResolver.allBuiltins.
    func testOperatorEntryPoints() throws {
        let entries: [(String, KingletOp)] = [
            ("ADD", { kinglet_op_ADD($0) }), ("ASSIGN_VARIABLE", { kinglet_op_ASSIGN_VARIABLE($0) }),
            ("AVERAGE_POOL_2D", { kinglet_op_AVERAGE_POOL_2D($0) }), ("BATCH_MATMUL", { kinglet_op_BATCH_MATMUL($0) }),
            ("CALL_ONCE", { kinglet_op_CALL_ONCE($0) }),
            ("CONCATENATION", { kinglet_op_CONCATENATION($0) }), ("CONV_2D", { kinglet_op_CONV_2D($0) }),
            ("DEPTHWISE_CONV_2D", { kinglet_op_DEPTHWISE_CONV_2D($0) }), ("DEQUANTIZE", { kinglet_op_DEQUANTIZE($0) }),
            ("EXPAND_DIMS", { kinglet_op_EXPAND_DIMS($0) }), ("FULLY_CONNECTED", { kinglet_op_FULLY_CONNECTED($0) }),
            ("HARD_SWISH", { kinglet_op_HARD_SWISH($0) }), ("LEAKY_RELU", { kinglet_op_LEAKY_RELU($0) }),
            ("LOGISTIC", { kinglet_op_LOGISTIC($0) }), ("MAXIMUM", { kinglet_op_MAXIMUM($0) }),
            ("MAX_POOL_2D", { kinglet_op_MAX_POOL_2D($0) }),
            ("MEAN", { kinglet_op_MEAN($0) }), ("MINIMUM", { kinglet_op_MINIMUM($0) }), ("MUL", { kinglet_op_MUL($0) }),
            ("PACK", { kinglet_op_PACK($0) }),
            ("PAD", { kinglet_op_PAD($0) }), ("PADV2", { kinglet_op_PADV2($0) }),
            ("QUANTIZE", { kinglet_op_QUANTIZE($0) }),
            ("READ_VARIABLE", { kinglet_op_READ_VARIABLE($0) }), ("RELU", { kinglet_op_RELU($0) }),
            ("RELU6", { kinglet_op_RELU6($0) }),
            ("RESHAPE", { kinglet_op_RESHAPE($0) }), ("SOFTMAX", { kinglet_op_SOFTMAX($0) }),
            ("SPLIT", { kinglet_op_SPLIT($0) }),
            ("SPLIT_V", { kinglet_op_SPLIT_V($0) }), ("SQUEEZE", { kinglet_op_SQUEEZE($0) }),
            ("STRIDED_SLICE", { kinglet_op_STRIDED_SLICE($0) }),
            ("SUB", { kinglet_op_SUB($0) }), ("SVDF", { kinglet_op_SVDF($0) }), ("TANH", { kinglet_op_TANH($0) }),
            ("TRANSPOSE", { kinglet_op_TRANSPOSE($0) }), ("TRANSPOSE_CONV", { kinglet_op_TRANSPOSE_CONV($0) }),
            ("UNIDIRECTIONAL_SEQUENCE_LSTM", { kinglet_op_UNIDIRECTIONAL_SEQUENCE_LSTM($0) }),
            ("CUSTOM_LceQuantize", { kinglet_op_CUSTOM_LceQuantize($0) }),
            ("CUSTOM_LceDequantize", { kinglet_op_CUSTOM_LceDequantize($0) }),
            ("CUSTOM_LceBconv2d", { kinglet_op_CUSTOM_LceBconv2d($0) }),
            ("CUSTOM_LceBMaxPool2d", { kinglet_op_CUSTOM_LceBMaxPool2d($0) }),
            ("UNPACK", { kinglet_op_UNPACK($0) }), ("VAR_HANDLE", { kinglet_op_VAR_HANDLE($0) }),
            ("CAST", { kinglet_op_CAST($0) }), ("DIV", { kinglet_op_DIV($0) }), ("FLOOR", { kinglet_op_FLOOR($0) }),
            ("SUM", { kinglet_op_SUM($0) }), ("REDUCE_MAX", { kinglet_op_REDUCE_MAX($0) }),
            ("REDUCE_MIN", { kinglet_op_REDUCE_MIN($0) }),
            // Custom operators: kinglet_op_CUSTOM_<custom code>.
            ("CUSTOM_SignalEnergy", { kinglet_op_CUSTOM_SignalEnergy($0) }),
            ("CUSTOM_SignalFftAutoScale", { kinglet_op_CUSTOM_SignalFftAutoScale($0) }),
            ("CUSTOM_SignalFilterBank", { kinglet_op_CUSTOM_SignalFilterBank($0) }),
            ("CUSTOM_SignalFilterBankLog", { kinglet_op_CUSTOM_SignalFilterBankLog($0) }),
            (
                "CUSTOM_SignalFilterBankSpectralSubtraction",
                { kinglet_op_CUSTOM_SignalFilterBankSpectralSubtraction($0) }
            ),
            ("CUSTOM_SignalFilterBankSquareRoot", { kinglet_op_CUSTOM_SignalFilterBankSquareRoot($0) }),
            ("CUSTOM_SignalPCAN", { kinglet_op_CUSTOM_SignalPCAN($0) }),
            ("CUSTOM_SignalRfft", { kinglet_op_CUSTOM_SignalRfft($0) }),
            ("CUSTOM_SignalWindow", { kinglet_op_CUSTOM_SignalWindow($0) }),
        ]
        var opcodes: [Int32] = []
        for (name, op) in entries {
            let registration = withUnsafeTemporaryAllocation(of: OpRegistration.self, capacity: 1) { slot in
                op(UnsafeMutableRawPointer(slot.baseAddress!))
                return slot.baseAddress!.move()
            }
            XCTAssertEqual(registration.customCode.map { "CUSTOM_\($0)" } ?? registration.opcode.description, name)
            opcodes.append(registration.opcode.rawValue)
        }
        XCTAssertEqual(opcodes.sorted(), OpResolver.allBuiltins.registrations.map { $0.opcode.rawValue }.sorted())
        // The header declares exactly these.
        let header = try String(
            contentsOf: CAPITests.testdata.deletingLastPathComponent().appendingPathComponent("include/kinglet.h"),
            encoding: .utf8)
        let declared = header.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("void kinglet_op_"), let end = line.firstIndex(of: "(") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: "void kinglet_op_".count)..<end])
        }
        // The int8-only variants register their operator's opcode.
        let variants: [(String, KingletOp)] = [
            ("AVERAGE_POOL_2D", { kinglet_op_AVERAGE_POOL_2D_INT8($0) }), ("CONV_2D", { kinglet_op_CONV_2D_INT8($0) }),
            ("DEPTHWISE_CONV_2D", { kinglet_op_DEPTHWISE_CONV_2D_INT8($0) }),
            ("FULLY_CONNECTED", { kinglet_op_FULLY_CONNECTED_INT8($0) }),
            ("MAX_POOL_2D", { kinglet_op_MAX_POOL_2D_INT8($0) }),
            ("SOFTMAX", { kinglet_op_SOFTMAX_INT8($0) }),
        ]
        for (name, op) in variants {
            let registration = withUnsafeTemporaryAllocation(of: OpRegistration.self, capacity: 1) { slot in
                op(UnsafeMutableRawPointer(slot.baseAddress!))
                return slot.baseAddress!.move()
            }
            XCTAssertEqual(registration.opcode.description, name)
        }
        XCTAssertEqual(declared.sorted(), (entries.map { $0.0 } + variants.map { $0.0 + "_INT8" }).sorted())
    }

    /// An int8-only variant refuses float tensors as unsupported types, and runs int8 ones.
    func testInt8VariantsRefuseFloatTensors() throws {
        let zoo = CAPITests.testdata.appendingPathComponent("zoo")
        let float = try ModelFile(
            copying: [UInt8](Data(contentsOf: zoo.appendingPathComponent("op_f32_conv2d.tflite"))))
        let int8 = try ModelFile(
            copying: [UInt8](Data(contentsOf: zoo.appendingPathComponent("op_conv2d_s2_same_relu6.tflite"))))
        let resolver = OpResolver([.conv2DInt8])
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { arena.deallocate() }
        XCTAssertNoThrow(try Interpreter(model: int8.model, arena: arena, resolver: resolver))
        do {
            _ = try Interpreter(model: float.model, arena: arena, resolver: resolver)
            XCTFail("the int8-only CONV_2D loaded a float model")
        } catch {
            guard case .unsupportedOperators(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.first.opcode, .conv2D)
            XCTAssertEqual(list.first.types.count, 3)
            XCTAssertEqual(list.first.types[0], .float32)
        }
    }

    struct TensorFields {
        var data: UnsafeMutableRawPointer?
        var bytes: Int
        var type: Int32
        var dims: [Int32]
        var scale: Float
        var zeroPoint: Int32
    }

    /// Reads a kinglet_tensor at the header's offsets.
    func tensorFields(_ raw: [UInt8]) -> TensorFields {
        raw.withUnsafeBytes { p in
            let pointerSize = MemoryLayout<UnsafeRawPointer>.size
            let data = p.load(as: UnsafeMutableRawPointer?.self)
            let field = { (i: Int) in p.load(fromByteOffset: pointerSize + 4 * i, as: Int32.self) }
            let rank = Int(field(2))
            return TensorFields(
                data: data, bytes: Int(field(0)), type: field(1), dims: (0..<rank).map { field(3 + $0) },
                scale: p.load(fromByteOffset: pointerSize + 36, as: Float.self), zeroPoint: field(10))
        }
    }
}
