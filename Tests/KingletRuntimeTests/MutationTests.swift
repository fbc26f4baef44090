import Foundation
import KingletReport
import KingletRuntime
import KingletTestSupport
import TFLiteModel
import XCTest

/// Thousands of seeded mutants of real models — truncations, bit flips, hostile 32-bit words at
/// aligned positions — each through the inspect path and the run path (`HostilePath.check`): every
/// one must end in success or a typed error, never a trap.
///
/// Deterministic: the seed is fixed (KINGLET_MUTATION_SEED overrides it, KINGLET_MUTATION_SCALE
/// multiplies the mutant counts). KINGLET_MUTATION_TRACE=1 prints each mutant before it runs, so
/// the last line before a trap names the model, the seed and the edit.
final class MutationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared/models")

    /// A representative zoo subset: every operator family, int8 and float, plus two whole networks.
    static let zooModels = [
        "op_conv2d_s2_same_relu6", "op_conv2d_d2_valid_none", "op_dwconv_m2_d2_valid_relu6", "op_fc_per_channel",
        "op_fc_per_tensor_keep_num_dims", "op_mean_hw_keepdims", "op_pad", "op_padv2", "op_concat_3inputs",
        "op_quantize_requant_concat", "op_quantize_dequantize_reshape", "op_softmax_4d", "op_logistic",
        "op_avgpool_3x3_s2_same", "op_maxpool_3x3_s1_same", "op_add_rank5", "op_mul_bcast_both", "op_squeeze_all",
        "op_expand_dims", "op_f32_conv2d", "op_f32_dwconv", "op_f32_fc", "op_f32_softmax", "op_f32_maxpool",
        "mnist_dnn", "mnist_cnn",
    ]

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["KINGLET_MUTATION_SEED"].flatMap { UInt64($0) } ?? 0x4B49_4E47_4C45_5401
    }
    static var scale: Int {
        ProcessInfo.processInfo.environment["KINGLET_MUTATION_SCALE"].flatMap { Int($0) }.map { max($0, 1) } ?? 1
    }
    static let trace = ProcessInfo.processInfo.environment["KINGLET_MUTATION_TRACE"] != nil

    struct Subject {
        var name: String
        var bytes: [UInt8]
        var mutants: Int
    }

    static func subjects() throws -> [Subject] {
        var urls = try FileManager.default.contentsOfDirectory(
            at: root.appendingPathComponent("testdata"), includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "tflite" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
        urls += zooModels.map { root.appendingPathComponent("testdata/zoo/\($0).tflite") }
        if FileManager.default.fileExists(atPath: shared.path) {
            urls += try FileManager.default.contentsOfDirectory(at: shared, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "tflite" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } else {
            print("mutation: \(shared.path) is absent; mutating testdata models only")
        }
        return try urls.map { url in
            let bytes = try [UInt8](Data(contentsOf: url))
            // Large models verify and report more slowly: fewer mutants there.
            let mutants = bytes.count > 100_000 ? 40 : bytes.count > 10_000 ? 100 : 160
            return Subject(
                name: url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent,
                bytes: bytes, mutants: mutants * scale)
        }
    }

    func testMutantsOfRealModelsEndInSuccessOrTypedError() throws {
        let seed = Self.seed
        let subjects = try Self.subjects()
        print("mutation: seed \(seed), scale \(Self.scale), \(subjects.count) models")
        var total = HostilePath.Tally()
        var slowest: (seconds: Double, what: String) = (0, "")
        let clock = ContinuousClock()
        let start = clock.now
        for (subjectIndex, subject) in subjects.enumerated() {
            var rng = SplitMix64(seed: seed &+ UInt64(subjectIndex) &* 0x9E37_79B9)
            let structural =
                (try? ModelFile(copying: subject.bytes)).map { file in
                    withExtendedLifetime(file) { Mutations.structuralPositions(file.model) }
                } ?? []
            var tally = HostilePath.Tally()
            for index in 0..<subject.mutants {
                let mutation = Mutations.mutation(index, count: subject.bytes.count, structural: structural, &rng)
                let what = "\(subject.name) mutant \(index) (seed \(seed)): \(mutation)"
                if Self.trace { print("mutation: " + what) }
                let mutantStart = clock.now
                // Debug kernels are slow: invoke only models of modest work.
                let outcome = HostilePath.check(
                    mutation.apply(to: subject.bytes), invokeMACLimit: 2_000_000, seed: UInt64(index))
                let elapsed = (clock.now - mutantStart) / .seconds(1)
                if elapsed > slowest.seconds { slowest = (elapsed, what) }
                tally.add(outcome)
            }
            total.failedVerification += tally.failedVerification
            total.refused += tally.refused
            total.notInvoked += tally.notInvoked
            total.runFailed += tally.runFailed
            total.ran += tally.ran
            print("mutation: \(subject.name): \(tally)")
        }
        let seconds = (clock.now - start) / .seconds(1)
        print("mutation: total \(total)")
        print(
            "mutation: \(String(format: "%.1f", seconds)) s; slowest mutant \(String(format: "%.2f", slowest.seconds)) s: \(slowest.what)"
        )
        let expected = subjects.reduce(0) { $0 + $1.mutants }
        XCTAssertEqual(total.total, expected)
        XCTAssertGreaterThanOrEqual(total.total, 4000 * Self.scale)
        // Some mutants must get past verification and some must run, or the test exercises little.
        XCTAssertGreaterThan(total.verified, total.total / 10)
        XCTAssertGreaterThan(total.ran, 0)
    }
}
