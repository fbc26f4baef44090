import KingletReport
import KingletRuntime
import KingletTestSupport
import TFLiteModel
import Testing

/// A refused model names every missing operator and every refused type combination in one error,
/// whatever comes first in the graph (issue 11): a host prepares the operators it has after
/// noting the ones it lacks.
@Suite struct UnsupportedOperatorsTests {
    /// STABLEHLO_WHILE (no kernel) first, then an ADD of bool tensors (no such kernel type).
    static func model() throws -> ModelFile {
        var spec = TestModel()
        spec.operatorCodes = [
            .init(deprecatedBuiltinCode: 127, builtinCode: 200), .init(deprecatedBuiltinCode: 0, builtinCode: 0),
        ]
        let bool: Int8 = 6
        spec.subgraphs = [
            .init(
                tensors: [
                    .init("a", type: bool, shape: [2]), .init("b", type: bool, shape: [2]),
                    .init("c", type: bool, shape: [2]),
                ],
                inputs: [0], outputs: [2],
                operators: [
                    .init(opcodeIndex: 0, inputs: [0], outputs: [1]),
                    .init(opcodeIndex: 1, inputs: [1, 0], outputs: [2]),
                ])
        ]
        spec.buffers = [.init()]
        return try ModelFile(copying: spec.build().bytes)
    }

    @Test func oneErrorNamesTheMissingOpcodeAndTheRefusedTypes() throws {
        let file = try Self.model()
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { arena.deallocate() }
        do {
            _ = try Interpreter(model: file.model, arena: arena, resolver: .allBuiltins)
            Issue.record("the model loaded")
        } catch {
            guard case .unsupportedOperators(let list) = error else {
                Issue.record("\(error)")
                return
            }
            let message = error.message(in: file.model)
            #expect(message.contains("STABLEHLO_WHILE"), "\(message)")
            #expect(message.contains("ADD v1 with BOOL/BOOL/BOOL tensors (operator 1)"), "\(message)")
            #expect(list.total == 2)
        }
    }
}
