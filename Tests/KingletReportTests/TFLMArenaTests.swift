import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import Testing

/// `kinglet budget --runtime tflm`: the model of TFLM's allocator (Sources/KingletReport/TFLMArena.swift).
/// The host figures are checked live against pip by tools/tflm_arena_check.py (CI); here the
/// Cortex-M4 figures measured on the device (TFLM built with its Makefile for cortex-m4,
/// reference kernels: ../shared/notes/device.md) and the planner's rules.
@Suite struct TFLMArenaTests {
    /// Reads ../shared/models/<name>.tflite, or nil (after saying so) when ../shared is absent.
    static func shared(_ name: String) throws -> ModelFile? {
        let url = Fixtures.sharedModels.appendingPathComponent(name + ".tflite")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("TFLMArenaTests: \(url.path) is absent (no ../shared/models); skipping \(name)")
            return nil
        }
        return try ModelFile(copying: Fixtures.bytes(url))
    }

    @Test func cortexM4MatchesTheDevice() throws {
        // arena_used_bytes measured on the board: 6,788 and 82,292 (../shared/notes/device.md).
        for (name, measured) in [("micro_speech_quantized", 6788), ("person_detect", 82292)] {
            guard let file = try Self.shared(name) else { continue }
            let arena = TFLMArena(model: file.model, target: .cortexM4)
            #expect(arena.totalBytes == measured, "\(name)")
            #expect(arena.unmodeledOperators.isEmpty)
            #expect(arena.tail.reduce(0) { $0 + $1.bytes } == arena.tailBytes)
        }
    }

    @Test func hostMatchesPip() throws {
        // pip tflite-micro's RecordingMicroAllocator (tools/tflm_arena_check.py prints them):
        // micro_speech_quantized 7,584 = 5,968 + 1,616; person_detect 85,264 = 55,296 + 29,968.
        for (name, head, tail) in [("micro_speech_quantized", 5968, 1616), ("person_detect", 55296, 29968)] {
            guard let file = try Self.shared(name) else { continue }
            let arena = TFLMArena(model: file.model, target: .host)
            #expect(arena.headBytes == head, "\(name)")
            #expect(arena.tailBytes == tail, "\(name)")
        }
    }

    @Test func greedyPlannerPlacesLargestFirstInTheFirstGap() {
        // Two buffers alive together stack; a third alive only later reuses offset 0.
        let size = TFLMGreedyPlannerProbe.maximumSize([(64, 0, 1), (32, 1, 2), (48, 3, 4)])
        #expect(size == 96)
        #expect(TFLMGreedyPlannerProbe.maximumSize([]) == 0)
    }

    @Test func zooModelsNeedNoUnmodeledOperators() throws {
        let file = try Fixtures.load("conv_int8")
        let arena = TFLMArena(model: file.model, target: .host)
        #expect(arena.unmodeledOperators.isEmpty)
        #expect(arena.totalBytes == arena.headBytes + arena.tailBytes)
    }
}
