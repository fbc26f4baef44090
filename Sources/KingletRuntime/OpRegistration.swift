import KingletKernels
import TFLiteModel

/// Runs one prepared operator. `opData` is the kernel's prepared data in the arena; `io` lists the
/// data pointers of the operator's inputs (padded with nil to the registration's `inputSlots`; nil
/// for an omitted optional input), then outputs, then scratch buffers. Returns 0, or a nonzero `InvokeStatus` when a data-dependent check fails.
/// A C function pointer: stored in the arena, called with no reference counting or allocation.
public typealias InvokeFunction =
    @convention(c) (
        _ opData: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?
    ) -> Int32

/// Failures kernels can only detect at invoke (TFLM aborts in these places).
public enum InvokeStatus {
    public static let ok: Int32 = 0
    public static let softmaxExponentOutOfRange: Int32 = 1
    public static let variableMismatch: Int32 = 2
    /// int32 DIV by zero, or Int32.min / -1 (TFLM traps).
    public static let integerDivisionByZero: Int32 = 3
}

/// A prepared operator: its op data and the invoke function chosen for its types.
public struct PreparedOperator {
    public var opData: UnsafeMutableRawPointer?
    public var invoke: InvokeFunction

    public init(opData: UnsafeMutableRawPointer?, invoke: InvokeFunction) {
        self.opData = opData
        self.invoke = invoke
    }
}

/// One operator implementation: which code it handles and how to prepare it. Plain data: a
/// registration is a few words, and a resolver a table of them.
public struct OpRegistration: Sendable {
    public var opcode: BuiltinOperator
    /// For CUSTOM operators, the custom code it handles (compared byte for byte).
    public var customCode: StaticString?
    /// Whether the output may share the first input's bytes (the operator only reinterprets the
    /// shape): the planner then gives both one buffer.
    public var outputAliasesInput: Bool
    /// The number of input slots invoke reads: optional trailing inputs the model leaves out arrive
    /// as nil, so outputs always start at slot `inputSlots`. Nil for operators with a variable
    /// number of inputs (outputs then follow the model's inputs).
    public var inputSlots: Int?
    /// Checks tensors and options, computes the op data into the arena, picks the invoke function.
    public var prepare: @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator
    /// A loading step that operators of this kind need before any operator is prepared (resource
    /// variables for VAR_HANDLE); nil for most. Reached only through the registration, so a
    /// firmware that does not register the operator does not link it.
    var setUp: (@Sendable (inout Loader) throws(RuntimeError) -> Void)?

    public init(
        _ opcode: BuiltinOperator, inputSlots: Int?, customCode: StaticString? = nil, outputAliasesInput: Bool = false,
        prepare: @escaping @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator
    ) {
        self.opcode = opcode
        self.customCode = customCode
        self.outputAliasesInput = outputAliasesInput
        self.inputSlots = inputSlots
        self.prepare = prepare
    }

    init(
        _ opcode: BuiltinOperator, inputSlots: Int?,
        setUp: @escaping @Sendable (inout Loader) throws(RuntimeError) -> Void,
        prepare: @escaping @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator
    ) {
        self.init(opcode, inputSlots: inputSlots, prepare: prepare)
        self.setUp = setUp
    }

    /// Whether this registration runs operators of `code`.
    public func handles(_ code: OperatorCode) -> Bool {
        let builtin = code.builtinCode
        guard builtin == opcode else { return false }
        guard builtin == .custom else { return true }
        guard let customCode else { return false }
        return code.customCodeMatches(customCode)
    }

    func handles(same other: OpRegistration) -> Bool {
        guard opcode == other.opcode else { return false }
        switch (customCode, other.customCode) {
        case (nil, nil): return true
        case (let a?, let b?):
            return a.withUTF8Buffer { x in
                b.withUTF8Buffer { y in x.count == y.count && (0..<x.count).allSatisfy { x[$0] == y[$0] } }
            }
        default: return false
        }
    }
}

/// The operators an interpreter may run, like TFLM's `MicroMutableOpResolver`: a table of
/// registrations, looked up by `BuiltinOperator` (and custom code). Hold only what a model needs
/// to keep a device build small (the linker drops every kernel no table names), or
/// `.allBuiltins` on a host. A device passes a table it owns (`init(borrowing:)`: a static array
/// or stack memory), so nothing is allocated.
public struct OpResolver: @unchecked Sendable {
    /// The registrations, later ones first when two handle the same code. Valid while the
    /// resolver (or, for `init(borrowing:)`, the caller's table) lives.
    public let registrations: UnsafeBufferPointer<OpRegistration>
    /// Or functions that each write one registration (a C caller's list, e.g. `kinglet_op_CONV_2D`).
    let sources: UnsafeBufferPointer<RegistrationSource?>
    #if !hasFeature(Embedded)
        private let storage: RegistrationStorage?
    #endif

    /// A resolver over `registrations`, which must outlive it.
    public init(borrowing registrations: UnsafeBufferPointer<OpRegistration>) {
        self.registrations = registrations
        sources = UnsafeBufferPointer(start: nil, count: 0)
        #if !hasFeature(Embedded)
            storage = nil
        #endif
    }

    /// A resolver over functions that write registrations (called on each lookup, into one slot
    /// on the stack, so no table is kept); `sources` must outlive it.
    public init(sources: UnsafeBufferPointer<RegistrationSource?>) {
        registrations = UnsafeBufferPointer(start: nil, count: 0)
        self.sources = sources
        #if !hasFeature(Embedded)
            storage = nil
        #endif
    }

    public func registration(for code: OperatorCode) -> OpRegistration? {
        var index = registrations.count
        while index > 0 {
            index -= 1
            if registrations[index].handles(code) { return registrations[index] }
        }
        index = sources.count
        while index > 0 {
            index -= 1
            guard let source = sources[index] else { continue }
            let found = withUnsafeTemporaryAllocation(of: OpRegistration.self, capacity: 1) { slot -> OpRegistration? in
                let pointer = slot.baseAddress.unsafelyUnwrapped
                source(UnsafeMutableRawPointer(pointer))
                let registration = pointer.move()
                return registration.handles(code) ? registration : nil
            }
            if let found { return found }
        }
        return nil
    }
}

/// A function that initializes the `OpRegistration` at its argument (C's `kinglet_op`).
public typealias RegistrationSource = @convention(c) (UnsafeMutableRawPointer?) -> Void

#if !hasFeature(Embedded)
    extension OpResolver {
        public init() { self.init([]) }

        /// A resolver owning a copy of `list` (a registration given twice: the later one wins).
        public init(_ list: [OpRegistration]) {
            var unique: [OpRegistration] = []
            for registration in list {
                unique.removeAll { $0.handles(same: registration) }
                unique.append(registration)
            }
            let storage = RegistrationStorage(unique)
            registrations = UnsafeBufferPointer(rebasing: storage.buffer[0..<unique.count])
            sources = UnsafeBufferPointer(start: nil, count: 0)
            self.storage = storage
        }

        /// A resolver with `registration` added (or replacing the one for its code).
        public func adding(_ registration: OpRegistration) -> OpResolver {
            OpResolver(Array(registrations) + [registration])
        }

        public mutating func add(_ registration: OpRegistration) {
            self = adding(registration)
        }
    }

    /// A host resolver's registrations.
    private final class RegistrationStorage {
        let buffer: UnsafeMutableBufferPointer<OpRegistration>
        let count: Int

        init(_ list: [OpRegistration]) {
            buffer = .allocate(capacity: max(list.count, 1))
            count = list.count
            _ = buffer.initialize(from: list)
        }

        deinit {
            _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<count]).deinitialize()
            buffer.deallocate()
        }
    }
#endif

/// Which tensor types a registration's prepare accepts, known at compile time: each prepare is
/// specialized for it, so a variant without float support drops the float kernels from the link.
public protocol TypeSupport {
    static var float: Bool { get }
    /// int16 tensors (and int8 inputs with int16 outputs).
    static var int16: Bool { get }
}

/// Every type the operator's kernels support.
public enum AllTypes: TypeSupport {
    public static var float: Bool { true }
    public static var int16: Bool { true }
}

/// int8 tensors only.
public enum Int8Only: TypeSupport {
    public static var float: Bool { false }
    public static var int16: Bool { false }
}

/// An operator registered twice (TFLM's `Register_X` and `Register_X_INT8`), from one prepare
/// generic over the types it accepts: `prepare: Kind.allTypes` and `prepare: Kind.int8Only`. The
/// closures capture nothing, and the int8-only one is compiled without the float and int16 branches.
protocol TypedPrepare: SendableMetatype {
    static func prepare<Types: TypeSupport>(
        _ context: inout PrepareContext, _: Types.Type
    ) throws(RuntimeError) -> PreparedOperator
}

extension TypedPrepare {
    static var allTypes: @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
        { (context: inout PrepareContext) throws(RuntimeError) in try prepare(&context, AllTypes.self) }
    }

    static var int8Only: @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
        { (context: inout PrepareContext) throws(RuntimeError) in try prepare(&context, Int8Only.self) }
    }
}
