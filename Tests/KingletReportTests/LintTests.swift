import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import Testing

/// `kinglet lint` on the purpose-built models of testdata/lint (built by
/// `/tmp/venv-vectors/bin/python tools/lint/build_lint_models.py`): each hazard model yields exactly
/// its finding (beside the informational input/output lines), on both runtimes; the clean ones,
/// testdata/ and the zoo yield no error.
@Suite struct LintTests {
    /// Model → (finding id, severity). pip tflite-micro aborts loading softmax_beta, add_multiplier
    /// and sub_multiplier (SIGABRT in prepare), refuses hybrid, softmax_output and
    /// unsupported_operator at AllocateTensors and unsupported_types at Invoke.
    static let hazards: [(String, String, LintFinding.Severity)] = [
        ("softmax_output", "prepare-failed", .error),  // a warning for TFLM: Kinglet's prepare speaks for it
        ("hybrid", "hybrid-model", .error),
        ("float_operator", "float-operator", .warning),
        ("softmax_beta", "softmax-beta-scale", .error),
        ("add_multiplier", "add-sub-multiplier", .error),
        ("sub_multiplier", "add-sub-multiplier", .error),
        ("per_tensor", "per-tensor-weights", .warning),
        ("unused", "unused-tensor", .warning),
        ("unsupported_types", "unsupported-types", .error),
        ("unsupported_operator", "unsupported-operator", .error),
    ]

    static func lint(_ name: String, _ runtime: LintRuntime) throws -> LintReport {
        let file = try Fixtures.load(name)
        return withExtendedLifetime(file) { LintReport(model: file.model, runtime: runtime) }
    }

    @Test(arguments: LintRuntime.allCases)
    func eachHazardModelYieldsItsFinding(runtime: LintRuntime) throws {
        for (model, id, severity) in Self.hazards {
            let report = try Self.lint("lint/" + model, runtime)
            let findings = report.findings.filter { $0.severity != .info }
            var expected = [id]
            if model == "unused" { expected.append("unused-buffer") }  // the model has one of each
            #expect(findings.map(\.id) == expected, "\(model) on \(runtime): \(findings.map(\.message))")
            let expectedSeverity: LintFinding.Severity =
                model == "softmax_output" && runtime == .tflm ? .warning : severity
            #expect(findings.first?.severity == expectedSeverity, "\(model)")
            #expect(report.hasErrors == (expectedSeverity == .error), "\(model)")
            let json = report.json(file: model).rendered()
            #expect(json.contains("\"id\": \"\(id)\""), "\(model)")
        }
    }

    @Test(arguments: LintRuntime.allCases)
    func cleanModelsAreQuiet(runtime: LintRuntime) throws {
        for model in ["lint/clean_int8", "lint/clean_float", "conv_int8", "fc_int8", "float_add"] {
            let report = try Self.lint(model, runtime)
            #expect(report.findings.filter { $0.severity != .info }.isEmpty, "\(model): \(report.findings)")
            #expect(report.io.count >= 2)
        }
    }

    /// Every zoo model (converter-made, run by pip TFLM and Kinglet): no error on either runtime.
    @Test(arguments: LintRuntime.allCases)
    func zooModelsHaveNoErrors(runtime: LintRuntime) throws {
        let zoo = Fixtures.testdata.appendingPathComponent("zoo")
        let files = try FileManager.default.contentsOfDirectory(at: zoo, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "tflite" }
        #expect(files.count > 50)
        for url in files {
            let file = try ModelFile(copying: Fixtures.bytes(url))
            let report = withExtendedLifetime(file) { LintReport(model: file.model, runtime: runtime) }
            let errors = report.findings.filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(url.lastPathComponent) on \(runtime): \(errors.map(\.message))")
        }
    }

    @Test func ioSummarySaysHowToFeedTheModel() throws {
        let report = try Self.lint("conv_int8", .tflm)
        let input = try #require(report.io.first { $0.isInput })
        #expect(input.type == "int8" && input.scale != nil && input.zeroPoint == -1)
        #expect(input.advice.hasSuffix(") - 1, -128, 127)"), "\(input.advice)")
        let output = try #require(report.io.first { !$0.isInput })
        #expect(output.advice == "dequantize each value q as x = (q + 128) × 0.00390625")
    }

    @Test func softmaxHazardNamesTheProduct() throws {
        let report = try Self.lint("lint/softmax_beta", .tflm)
        let finding = try #require(report.findings.first { $0.id == "softmax-beta-scale" })
        #expect(finding.operatorIndex == 0 && finding.opcode == "SOFTMAX")
        #expect(finding.message.contains("2^26"))
    }
}

/// `kinglet resolver`: one Add per operator code, N their count, int8-only registrations only
/// where every use is int8.
@Suite struct ResolverListingTests {
    static func listing(_ name: String, _ flavor: ResolverListing.Flavor) throws -> String {
        let file = try Fixtures.load(name)
        return withExtendedLifetime(file) { ResolverListing.render(flavor, model: file.model, file: name) }
    }

    @Test func tflmListsExactlyTheModelsOperators() throws {
        let text = try Self.listing("conv_int8", .tflm)
        #expect(text.contains("tflite::MicroMutableOpResolver<3>"))
        #expect(text.contains("op_resolver.AddConv2D(tflite::Register_CONV_2D_INT8())"))
        #expect(text.contains("op_resolver.AddReshape()"))
        #expect(text.contains("op_resolver.AddSoftmax(tflite::Register_SOFTMAX_INT8())"))
        #expect(text.components(separatedBy: "op_resolver.Add").count - 1 == 3)
    }

    @Test func nEqualsTheOperatorCountOnEveryZooModel() throws {
        let zoo = Fixtures.testdata.appendingPathComponent("zoo")
        for url in try FileManager.default.contentsOfDirectory(at: zoo, includingPropertiesForKeys: nil)
        where url.pathExtension == "tflite" {
            let file = try ModelFile(copying: Fixtures.bytes(url))
            let (text, codes) = withExtendedLifetime(file) {
                (
                    ResolverListing.render(.tflm, model: file.model, file: url.lastPathComponent),
                    ResolverListing.usedOperators(file.model).count
                )
            }
            let calls = text.components(separatedBy: "TF_LITE_ENSURE_STATUS(op_resolver.Add").count - 1
            let missing = text.components(separatedBy: "TFLM has no kernel").count - 1
            #expect(calls + missing == codes, "\(url.lastPathComponent)")
            #expect(text.contains("MicroMutableOpResolver<\(calls)>"), "\(url.lastPathComponent)")
        }
    }

    @Test func floatUsesKeepTheGenericRegistration() throws {
        let text = try Self.listing("lint/float_operator", .tflm)
        // FULLY_CONNECTED is int8 everywhere; FLOOR is float (no int8 variant exists anyway).
        #expect(text.contains("AddFullyConnected(tflite::Register_FULLY_CONNECTED_INT8())"))
        #expect(text.contains("AddFloor()"))
        let float = try Self.listing("lint/clean_float", .tflm)
        #expect(float.contains("AddFullyConnected()"))
    }

    @Test func customOperatorsGetTheirOwnLines() throws {
        let lce = try Self.listing("bnn/larq_mnist", .tflm)
        #expect(lce.contains("AddCustom(\"LceBconv2d\", Register_LCEBCONV2D())"))
        #expect(lce.contains("TFLMRegistration* Register_LCEBCONV2D();"))
        #expect(lce.contains("Larq Compute Engine"))
        let signal = try FileManager.default.contentsOfDirectory(
            at: Fixtures.testdata.appendingPathComponent("signal"), includingPropertiesForKeys: nil
        ).filter { $0.pathExtension == "tflite" }
        for url in signal {
            let file = try ModelFile(copying: Fixtures.bytes(url))
            let text = withExtendedLifetime(file) { ResolverListing.render(.tflm, model: file.model, file: "") }
            #expect(!text.contains("AddCustom("), "\(url.lastPathComponent): TFLM has Add methods for the signal ops")
        }
    }

    @Test func swiftAndCListsUseTheInt8Variants() throws {
        let swift = try Self.listing("conv_int8", .swift)
        #expect(
            swift.contains("to: .conv2DInt8") && swift.contains("to: .softmaxInt8") && swift.contains("to: .reshape"))
        #expect(swift.contains("capacity: 3"))
        let c = try Self.listing("conv_int8", .c)
        #expect(c.contains("kinglet_op_CONV_2D_INT8,") && c.contains("kinglet_op_SOFTMAX_INT8,"))
        let float = try Self.listing("float_add", .c)
        #expect(float.contains("kinglet_op_ADD,"))
    }
}
