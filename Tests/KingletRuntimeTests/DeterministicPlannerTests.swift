import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel
import Testing

/// The device's planner (`PlannerKind.deterministic`, in the arena's free middle) on the host: every
/// zoo model runs bit-exact with TFLM's goldens in an arena of exactly the size it reports, and
/// 16 bytes less fails with the exact need.
@Suite struct DeterministicPlannerTests {
    @Test func everyZooModelRunsBitExactInItsExactArena() throws {
        var checked = 0
        for entry in try ZooConformanceTests.entries() where !entry.sequence {
            let file = try TestModels.load(ZooConformanceTests.zoo.appendingPathComponent(entry.file))
            let inputs = try entry.inputs.map(ZooConformanceTests.npy)
            let expected = try entry.outputs.map(ZooConformanceTests.npy)
            // First in a large arena, to learn the need; then in exactly that.
            let large = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
            defer { large.deallocate() }
            let probe = try Interpreter(
                model: file.model, arena: large, resolver: .allBuiltins, planner: .deterministic)
            let need = probe.usage.totalBytes
            #expect(probe.usage.plannedBytes >= probe.usage.lowerBoundBytes, "\(entry.name)")
            #expect(need % 16 == 0, "\(entry.name)")
            let exact = UnsafeMutableRawBufferPointer.allocate(byteCount: need, alignment: 16)
            defer { exact.deallocate() }
            let interpreter = try Interpreter(
                model: file.model, arena: exact, resolver: .allBuiltins, planner: .deterministic)
            #expect(interpreter.usage == probe.usage, "\(entry.name)")
            for (position, input) in inputs.enumerated() {
                try interpreter.setInput(position, bytes: input.data)
            }
            try interpreter.invoke()
            for (position, output) in expected.enumerated() {
                let index = try #require(interpreter.outputTensorIndex(position))
                let data = try #require(interpreter.data(ofTensor: index))
                let actual = [UInt8](UnsafeRawBufferPointer(start: data, count: output.data.count))
                #expect(actual == output.data, "\(entry.name) output \(position)")
            }
            let short = UnsafeMutableRawBufferPointer(rebasing: exact[0..<(need - 16)])
            do {
                _ = try Interpreter(model: file.model, arena: short, resolver: .allBuiltins, planner: .deterministic)
                Issue.record("\(entry.name): loaded in \(need - 16) bytes, reported \(need)")
            } catch {
                guard case .arenaTooSmall(let reported, _, let isExact) = error else {
                    Issue.record("\(entry.name): \(error.message)")
                    continue
                }
                #expect(reported == need && isExact, "\(entry.name)")
            }
            withExtendedLifetime(file) {}
            checked += 1
        }
        #expect(checked > 50)
    }

    @Test func theSearchNeverPlansMoreThanTheDeterministicPlanner() throws {
        for entry in try ZooConformanceTests.entries() {
            let file = try TestModels.load(ZooConformanceTests.zoo.appendingPathComponent(entry.file))
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
            defer { arena.deallocate() }
            let device = try Interpreter(
                model: file.model, arena: arena, resolver: .allBuiltins, planner: .deterministic)
            let deviceBytes = device.usage.plannedBytes
            let host = try Interpreter(model: file.model, arena: arena, resolver: .allBuiltins, planner: .search)
            #expect(host.usage.plannedBytes <= deviceBytes, "\(entry.name)")
            withExtendedLifetime(file) {}
        }
    }
}
