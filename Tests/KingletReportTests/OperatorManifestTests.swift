import Foundation
import KingletRuntime
import TFLiteModel
import TFLiteNames
import Testing

@testable import KingletReport

/// The operator manifest (tools/operators.tsv, through its generated OperatorTable) against what
/// the runtime registers and what the reports compute. `python3 tools/gen_operators.py --check`
/// (in CI) keeps the generated files current; these tests keep the manifest true.
@Suite struct OperatorManifestTests {
    static let zoo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("testdata/zoo")

    @Test func theManifestListsExactlyTheRegisteredOperators() {
        // A custom operator is listed as CUSTOM:<custom code>.
        let registered = OpResolver.allBuiltins.registrations.map {
            $0.customCode.map { "CUSTOM:\($0)" } ?? $0.opcode.description
        }.sorted()
        #expect(registered == OperatorTable.entries.map(\.name).sorted())
    }

    @Test func operatorsWithMACsHaveTheirCostComputedAndOthersDoNot() throws {
        var seen: [String: Bool] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.zoo.path).filter {
            $0.hasSuffix(".tflite")
        }.sorted()
        for name in files {
            let file = try ModelFile(copying: [UInt8](Data(contentsOf: Self.zoo.appendingPathComponent(name))))
            let model = file.model
            for subgraph in model.subgraphs {
                for op in subgraph.operators {
                    guard let code = model.operatorCodes.element(at: op.opcodeIndex)?.builtinCode else { continue }
                    let macs = OperatorCost.macs(of: op, code: code, in: subgraph)
                    seen[code.description] = (seen[code.description] ?? false) || macs != nil
                }
            }
            withExtendedLifetime(file) {}
        }
        for entry in OperatorTable.entries {
            guard let computed = seen[entry.name] else { continue }  // not in the zoo
            #expect(computed == (entry.cost == .macs), "\(entry.name): cost \(entry.cost), MACs computed: \(computed)")
        }
        // The zoo exercises every MAC-counted operator.
        for entry in OperatorTable.entries where entry.cost == .macs {
            #expect(seen[entry.name] == true, "\(entry.name) is in no zoo model")
        }
    }
}
