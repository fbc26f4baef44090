// What the broadcasting binary kernels (ADD, SUB, MUL, DIV; BATCH_MATMUL's zero point checks)
// prepare alike: the offsets and clamp of a quantized output, ADD's and SUB's rescaling, the
// pairing and clamp of the unquantized (float32, int32) kernels.

/// The zero points, output clamp and element width of a quantized int8/int16 binary kernel.
public struct BinaryQuantization: BitwiseCopyable {
    @usableFromInline let input1Offset: Int32  // -z1
    @usableFromInline let input2Offset: Int32  // -z2
    @usableFromInline let outputOffset: Int32  // zo
    public let activationRange: QuantizedActivationRange
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// The activation range from the output's scale and zero point (int8 or int16 limits).
    init(
        input1ZeroPoint: Int32, input2ZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool
    ) throws(KernelError) {
        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint, typeRange: int16 ? .int16 : .int8)
        input1Offset = 0 &- input1ZeroPoint  // zero points are unchecked here: no trap on Int32.min
        input2Offset = 0 &- input2ZeroPoint
        outputOffset = outputZeroPoint
        elementBits = int16 ? 16 : 8
    }

    /// output = T(truncating: element(x1, x2)) for every broadcast pair, inputs widened to int32;
    /// T must be the element type the kernel was prepared for. Always inlined, so that `element`
    /// is a literal closure the loop's specialization inlines (the runtime calls this across
    /// modules; a closure value here costs an indirect call per element).
    @inlinable @inline(__always)
    func invoke<T: FixedWidthInteger & SignedInteger>(
        _ plan: BroadcastPlan, input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>,
        _ element: (Int32, Int32) -> Int32
    ) {
        precondition(T.bitWidth == elementBits, "binary kernel prepared for another element type")
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = T(truncatingIfNeeded: element(Int32(input1[offset1]), Int32(input2[offset2])))
        }
    }
}

/// Throws unless all three zero points are 0 (int16 MUL and BATCH_MATMUL: TFLM's prepare fails).
func checkZeroPointsAreZero(
    _ zeroPoints: (Int32, Int32, Int32), names: (KernelErrorName, KernelErrorName, KernelErrorName)
) throws(KernelError) {
    guard zeroPoints.0 == 0 else { throw .zeroPointMismatch(name: names.0, expected: 0, actual: zeroPoints.0) }
    guard zeroPoints.1 == 0 else { throw .zeroPointMismatch(name: names.1, expected: 0, actual: zeroPoints.1) }
    guard zeroPoints.2 == 0 else { throw .zeroPointMismatch(name: names.2, expected: 0, actual: zeroPoints.2) }
}

/// ADD's and SUB's prepared int8/int16 arithmetic (CalculateOpDataAdd and CalculateOpDataSub
/// compute the same; see the headers of Add.swift and Sub.swift): both inputs shifted left and
/// rescaled to twice the larger input scale, combined, rescaled to the output.
public struct AddSubArithmetic: BitwiseCopyable {
    public let plan: BroadcastPlan
    /// 20 for int8, 15 for int16.
    public let leftShift: Int32
    public let input1Multiplier: QuantizedMultiplier
    public let input2Multiplier: QuantizedMultiplier
    public let outputMultiplier: QuantizedMultiplier
    public let quantization: BinaryQuantization

    /// `twiceMaxInputScale`: ADD doubles the larger scale in double, SUB in float (TFLM's
    /// forms; they differ only where doubling overflows float). `names`: input 1, input 2 and
    /// output, for the errors.
    init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool, twiceMaxInputScale: Double,
        names: (KernelErrorName, KernelErrorName, KernelErrorName)
    ) throws(KernelError) {
        try checkScale(input1Scale, names.0)
        try checkScale(input2Scale, names.1)
        try checkScale(outputScale, names.2)
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        leftShift = int16 ? 15 : 20
        // The quotients in double, as the pip build computes them.
        input1Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input1Scale) / twiceMaxInputScale, name: names.0)
        input2Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input2Scale) / twiceMaxInputScale, name: names.1)
        outputMultiplier = try quantizeMultiplierSmallerThanOneExp(
            twiceMaxInputScale / (Double(Int32(1) << leftShift) * Double(outputScale)), name: names.2)
        quantization = try BinaryQuantization(
            input1ZeroPoint: input1ZeroPoint, input2ZeroPoint: input2ZeroPoint, outputScale: outputScale,
            outputZeroPoint: outputZeroPoint, activation: activation, int16: int16)
    }

    /// One element, inputs already widened to int32; `Kernel.combine` is ADD's &+ or SUB's &-
    /// (a type, not a closure: a closure kept this out of line, an indirect call per element).
    @inlinable @inline(__always)
    func evaluate<Kernel: AddSubKernel>(_ x1: Int32, _ x2: Int32, _: Kernel.Type) -> Int32 {
        // With in-range zero points |x - z| <= 2^16 - 1: the shifted values stay below 2^31 and
        // the scaled ones (multipliers <= 1/2) combine below 2^31. Out-of-range zero points wrap
        // like TFLM's int32 (x86-64's multiplication by 2^ls), as does an absurd output zero point.
        let shifted1 = (x1 &+ quantization.input1Offset) &<< leftShift
        let shifted2 = (x2 &+ quantization.input2Offset) &<< leftShift
        let scaled1 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted1, input1Multiplier.multiplier, input1Multiplier.shift)
        let scaled2 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted2, input2Multiplier.multiplier, input2Multiplier.shift)
        let rawOutput =
            multiplyByQuantizedMultiplierSmallerThanOneExp(
                Kernel.combine(scaled1, scaled2), outputMultiplier.multiplier, outputMultiplier.shift)
            &+ quantization.outputOffset
        return quantization.activationRange.clamp(rawOutput)
    }

    @inlinable @inline(__always)
    func invoke<T: FixedWidthInteger & SignedInteger, Kernel: AddSubKernel>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>, _: Kernel.Type
    ) {
        #if !arch(arm)
            // Host only: one fused loop, int8 inputs rescaled by table (HostAddSub.swift).
            if hostApplies && T.bitWidth == quantization.elementBits {
                if T.self == Int8.self {
                    hostInvoke(
                        input1: UnsafeRawPointer(input1).assumingMemoryBound(to: Int8.self),
                        input2: UnsafeRawPointer(input2).assumingMemoryBound(to: Int8.self),
                        output: UnsafeMutableRawPointer(output).assumingMemoryBound(to: Int8.self), Kernel.self)
                    return
                }
                if T.self == Int16.self {
                    hostInvoke16(
                        input1: UnsafeRawPointer(input1).assumingMemoryBound(to: Int16.self),
                        input2: UnsafeRawPointer(input2).assumingMemoryBound(to: Int16.self),
                        output: UnsafeMutableRawPointer(output).assumingMemoryBound(to: Int16.self), Kernel.self)
                    return
                }
            }
        #endif
        quantization.invoke(plan, input1: input1, input2: input2, output: output) { evaluate($0, $1, Kernel.self) }
    }
}

/// ADD or SUB, int8/int16: the shared arithmetic and what the operator adds to it.
public protocol AddSubKernel: BitwiseCopyable {
    var arithmetic: AddSubArithmetic { get }
    init(arithmetic: AddSubArithmetic)
    /// 2 · max(s1, s2) in TFLM's form for the operator.
    static func twiceMaxInputScale(_ s1: Float, _ s2: Float) -> Double
    /// Input 1, input 2 and output, for the errors.
    static var names: (KernelErrorName, KernelErrorName, KernelErrorName) { get }
    /// How the rescaled inputs combine: ADD's &+, SUB's &-.
    static func combine(_ scaled1: Int32, _ scaled2: Int32) -> Int32
}

extension AddSubKernel {
    /// - Parameter int16: `false` for int8 tensors (left shift 20), `true` for int16 (left shift 15).
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool = false
    ) throws(KernelError) {
        self.init(
            arithmetic: try AddSubArithmetic(
                input1Shape: input1Shape, input1Scale: input1Scale, input1ZeroPoint: input1ZeroPoint,
                input2Shape: input2Shape, input2Scale: input2Scale, input2ZeroPoint: input2ZeroPoint,
                outputShape: outputShape, outputScale: outputScale, outputZeroPoint: outputZeroPoint,
                activation: activation, int16: int16,
                twiceMaxInputScale: Self.twiceMaxInputScale(input1Scale, input2Scale), names: Self.names))
    }

    /// One element (TFLM's AddFunc / SubFunc), inputs already widened to int32.
    @inlinable
    public func evaluate(_ x1: Int32, _ x2: Int32) -> Int32 { arithmetic.evaluate(x1, x2, Self.self) }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable @inline(__always)
    public func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        arithmetic.invoke(input1: input1, input2: input2, output: output, Self.self)
    }
}

/// A clamp to a fused activation's bounds, for the unquantized binary kernels.
public protocol ActivationBounds: BitwiseCopyable {
    associatedtype Value
    /// CalculateActivationRange<Value>.
    init(unquantized activation: FusedActivation)
    func clamp(_ value: Value) -> Value
}

extension FloatActivationRange: ActivationBounds {
    public init(unquantized activation: FusedActivation) { self.init(activation) }
}

extension QuantizedActivationRange: ActivationBounds {}

/// What the float32 and int32 binary kernels prepare alike: the broadcast pairing of elements and
/// the fused activation's bounds; each kernel adds only its one operation.
public struct ClampedBroadcast<Bounds: ActivationBounds>: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let activationRange: Bounds

    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        activationRange = Bounds(unquantized: activation)
    }
}

public typealias FloatBroadcast = ClampedBroadcast<FloatActivationRange>
public typealias Int32Broadcast = ClampedBroadcast<QuantizedActivationRange>

/// An unquantized binary kernel: out = clamp(operation(x1, x2)) per broadcast pair.
public protocol ClampedBinaryKernel: BitwiseCopyable {
    associatedtype Bounds: ActivationBounds
    var broadcast: ClampedBroadcast<Bounds> { get }
    init(broadcast: ClampedBroadcast<Bounds>)
    static func operation(_ x1: Bounds.Value, _ x2: Bounds.Value) -> Bounds.Value
}

/// A float32 binary kernel (ADD, MUL, SUB, DIV).
public protocol FloatBinaryKernel: ClampedBinaryKernel where Bounds == FloatActivationRange {}

extension ClampedBinaryKernel {
    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        self.init(
            broadcast: try ClampedBroadcast(
                input1Shape: input1Shape, input2Shape: input2Shape, outputShape: outputShape, activation: activation))
    }

    @inlinable
    public func invoke(
        input1: UnsafePointer<Bounds.Value>, input2: UnsafePointer<Bounds.Value>,
        output: UnsafeMutablePointer<Bounds.Value>
    ) {
        let range = broadcast.activationRange
        broadcast.plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = range.clamp(Self.operation(input1[offset1], input2[offset2]))
        }
    }
}
