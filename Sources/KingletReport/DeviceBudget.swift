import KingletRuntime
import TFLiteModel

/// What `kinglet budget` sizes a model for: this host's build, or Kinglet's reference firmware
/// on a Cortex-M4F (`tools/device/run.sh`).
public enum BudgetTarget: String, Sendable, Equatable, CaseIterable {
    /// Today's host figures: the host's planner, persistent part at host sizes, code from
    /// Embedded Swift objects (`CodeSizeTable`).
    case host
    /// The device: the device's deterministic planner, the persistent part laid out as on armv7em,
    /// linked code from real firmwares (`DeviceCodeTable`), static RAM and stack.
    case cortexM4 = "cortex-m4"

    public static func named(_ name: String) throws(BudgetError) -> BudgetTarget {
        guard let target = BudgetTarget(rawValue: name.lowercased()) else {
            throw BudgetError(
                "unknown target \"\(name)\"; known targets: "
                    + BudgetTarget.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return target
    }
}

/// A model's figures on the Cortex-M4 reference firmware, the same quantities `tools/device/run.sh
/// --json` measures.
public struct DeviceFigures: Sendable, Equatable {
    /// `kinglet_arena_used`: the load with the device's planner, persistent part at armv7em sizes.
    public var arenaBytes: Int
    /// Linked .text + .rodata + .data without the model (DeviceCodeTable, from real firmwares).
    public var flashCodeBytes: Int
    public var flashModelBytes: Int
    /// .data + .bss outside the arena and the stack (the firmware's and the runtime's).
    public var staticRAMBytes: Int
    /// Stack high-water mark: a conservative table value (`DeviceCodeTable.stackBasis`).
    public var stackBytes: Int
    /// Operators of the model the device has no registration for (they add no code; the device
    /// refuses the model).
    public var unmeasuredOperators: [String]
    /// The `kinglet_op_` entry points (without the prefix) a firmware for the model registers.
    public var operators: [String] = []

    public var totalRAMBytes: Int { arenaBytes + staticRAMBytes + stackBytes }
    public var flashBytes: Int { flashCodeBytes + flashModelBytes }
}

extension DeviceFigures {
    /// The figures for a model loaded with the device's planner (`PlannerKind.deterministic`):
    /// the arena from the load, the rest from `DeviceCodeTable`.
    public init(interpreter: Interpreter) {
        let model = interpreter.model
        // The entry points tools/device/run.sh registers for this model.
        let names = DeviceOperators.entryPoints(for: model)
        let code = DeviceCodeTable.codeBytes(for: names)
        self.init(
            arenaBytes: interpreter.usage.totalBytesOnDevice, flashCodeBytes: code.bytes,
            flashModelBytes: model.bytes.count, staticRAMBytes: DeviceCodeTable.staticRAMBytes(for: names),
            stackBytes: DeviceCodeTable.stackBytes, unmeasuredOperators: code.unknown, operators: names)
    }
}

/// Loads a model the way the device does (the deterministic planner) in an exactly sized host
/// arena, for reports.
enum DeviceLoad {
    static func report(_ model: Model, budget: Budget, resolver: OpResolver) throws(RuntimeError) -> ArenaReport {
        let macs = ModelFacts(model).totalWork
        guard macs <= ModelRunner.defaultMaximumMACs else {
            throw .host(
                "invalid model: one run would take \(macs) multiply-accumulates, more than the "
                    + "\(ModelRunner.defaultMaximumMACs) Kinglet runs on a host")
        }
        var size = 4096
        while true {
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { arena.deallocate() }
            do {
                let interpreter = try Interpreter(
                    model: model, arena: arena, resolver: resolver, planner: .deterministic)
                return ArenaReport(interpreter: interpreter, budget: budget)
            } catch {
                guard case .arenaTooSmall(let need, _, _) = error else { throw error }
                let next = need > size ? need : size * 2
                guard next <= ModelRunner.maximumArenaBytes else {
                    throw .host(
                        "invalid model: the model needs an arena of \(next) bytes, more than the "
                            + "\(ModelRunner.maximumArenaBytes) Kinglet allocates on a host")
                }
                size = next
            }
        }
    }
}

/// Which `kinglet_op_` entry points a firmware registers for a model: one per operator code it
/// uses, the int8-only variant (`CONV_2D_INT8`, ...: no float or int16 kernels linked) where
/// every operator of that code has only int8 tensors (and int32 biases). In a Larq Compute Engine
/// model (PrepareContext.followsLiteRT) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED keep the full
/// entry point: only it links LiteRT's int8 requantization, which such a model needs.
public enum DeviceOperators {
    /// Operators with an int8-only variant in kinglet.h (the manifest, tools/operators.tsv).
    static let int8Variants = Set(OperatorTable.entries.filter(\.int8Variant).map(\.name))
    /// The int8-only variants an LCE model does not take.
    static let liteRTOperators: Set<String> = ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"]

    public static func entryPoints(for model: Model) -> [String] {
        var names: [String] = []
        var int8Only: [String: Bool] = [:]
        let lce = model.operatorCodes.contains { $0.builtinCode == .custom && ($0.customCode ?? "").hasPrefix("Lce") }
        for subgraph in model.subgraphs {
            for op in subgraph.operators {
                guard let code = model.operatorCodes.element(at: op.opcodeIndex) else { continue }
                // Custom operators' entry points are kinglet_op_CUSTOM_<custom code>.
                let name =
                    code.builtinCode == .custom ? "CUSTOM_" + (code.customCode ?? "") : code.builtinCode.description
                if !names.contains(name) { names.append(name) }
                var quantized = true
                for tensor in Array(op.inputs) + Array(op.outputs) where tensor >= 0 {
                    guard let type = subgraph.tensors.element(at: Int(tensor))?.type else { continue }
                    if type != .int8 && type != .int32 { quantized = false }
                }
                int8Only[name] = (int8Only[name] ?? true) && quantized
            }
        }
        return names.map { name in
            let variant = int8Variants.contains(name) && !(lce && liteRTOperators.contains(name))
            return variant && int8Only[name] == true ? name + "_INT8" : name
        }
    }
}
