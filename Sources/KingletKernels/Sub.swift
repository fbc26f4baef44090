// SUB (M/sub.cc, M/sub_common.cc, R/sub.h), int8/int16, float32 and int32, with numpy
// broadcasting (Broadcast.swift; TFLM takes a flat loop when the right-aligned input shapes are
// equal and BroadcastBinaryOpSimple otherwise — the same pairing of elements).
//
// Quantized prepare (CalculateOpDataSub):
//   left_shift = 20 (int8) or 15 (int16)
//   tm = 2 * max(s1, s2)                        (float; exact)
//   m1 = double(s1) / double(tm), m2 = double(s2) / double(tm)
//   mo = double(tm) / ((1 << left_shift) * double(so))
// The pip build computes these quotients in double (TFLM #1501's form); the source at 90b983c
// divides in float and widens, which differs by 1 LSB on some of TFLM's own int16 models
// (pinned in SubTests).
// each through QuantizeMultiplierSmallerThanOneExp, whose TFLITE_CHECKs abort unless
// 0 < m < 1 (Kinglet throws). Activation range from the output (int8 or int16 limits).
// Eval per element, int32 with wrap-around (the pip build compiles out the DCHECKs on the
// zero points and on activation min <= max):
//   a = (x1 - z1) * 2^ls; b = (x2 - z2) * 2^ls
//   out = clamp(MBQMSmallerThanOneExp(MBQMSmallerThanOneExp(a, m1) - MBQMSmallerThanOneExp(b, m2), mo) + zo)
// float32: clamp(x1 - x2) with the float activation range (FloatActivation.swift).
// int32 (TFLM requires unquantized tensors — the runtime's check): clamp(x1 - x2) with int32
// wrap-around and CalculateActivationRange<int32_t> bounds (RELU [0, max], RELU6 [0, 6],
// RELU_N1_TO_1 [-1, 1], others the full range).

/// Prepared int8 or int16 SUB.
public struct Sub: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let leftShift: Int32
    public let input1Multiplier: QuantizedMultiplier
    public let input2Multiplier: QuantizedMultiplier
    public let outputMultiplier: QuantizedMultiplier
    @usableFromInline let input1Offset: Int32  // -z1
    @usableFromInline let input2Offset: Int32  // -z2
    @usableFromInline let outputOffset: Int32  // zo
    public let activationRange: QuantizedActivationRange
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// - Parameter int16: `false` for int8 tensors (left shift 20), `true` for int16 (left shift 15).
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool = false
    ) throws(KernelError) {
        try checkScale(input1Scale, "sub input1")
        try checkScale(input2Scale, "sub input2")
        try checkScale(outputScale, "sub output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        leftShift = int16 ? 15 : 20
        elementBits = int16 ? 16 : 8

        // std::max(a, b) is (a < b) ? b : a; scales are positive and finite here.
        let twiceMaxInputScale: Float = 2 * (input1Scale < input2Scale ? input2Scale : input1Scale)
        // The quotients in double, as the pip build computes them (see the header).
        input1Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input1Scale) / Double(twiceMaxInputScale), name: "sub input1")
        input2Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input2Scale) / Double(twiceMaxInputScale), name: "sub input2")
        let shiftedOutputScale = Double(Int32(1) << leftShift) * Double(outputScale)
        outputMultiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(twiceMaxInputScale) / shiftedOutputScale, name: "sub output")

        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint,
            typeRange: int16 ? .int16 : .int8)
        input1Offset = 0 &- input1ZeroPoint  // no trap for Int32.min
        input2Offset = 0 &- input2ZeroPoint
        outputOffset = outputZeroPoint
    }

    /// One element, inputs already widened to int32.
    @inlinable
    public func subtract(_ x1: Int32, _ x2: Int32) -> Int32 {
        // (x - z) * 2^ls in int32, wrapping like TFLM's multiplication.
        let shifted1 = (x1 &+ input1Offset) &<< leftShift
        let shifted2 = (x2 &+ input2Offset) &<< leftShift
        let scaled1 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted1, input1Multiplier.multiplier, input1Multiplier.shift)
        let scaled2 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted2, input2Multiplier.multiplier, input2Multiplier.shift)
        let rawOutput =
            multiplyByQuantizedMultiplierSmallerThanOneExp(
                scaled1 &- scaled2, outputMultiplier.multiplier, outputMultiplier.shift) &+ outputOffset
        return activationRange.clamp(rawOutput)
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        precondition(T.bitWidth == elementBits, "Sub prepared for another element type")
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = T(truncatingIfNeeded: subtract(Int32(input1[offset1]), Int32(input2[offset2])))
        }
    }
}

/// Prepared float32 SUB.
public struct FloatSub: BitwiseCopyable, FloatBinaryKernel {
    public let broadcast: FloatBroadcast

    public init(broadcast: FloatBroadcast) { self.broadcast = broadcast }

    @inlinable
    public static func operation(_ x1: Float, _ x2: Float) -> Float { x1 - x2 }
}

/// Prepared int32 SUB (unquantized tensors).
public struct Int32Sub: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let activationMin: Int32
    public let activationMax: Int32

    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        switch activation {
        case .relu: (activationMin, activationMax) = (0, Int32.max)
        case .relu6: (activationMin, activationMax) = (0, 6)
        case .reluN1To1: (activationMin, activationMax) = (-1, 1)
        case .none, .tanh, .signBit: (activationMin, activationMax) = (Int32.min, Int32.max)
        }
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int32>, input2: UnsafePointer<Int32>, output: UnsafeMutablePointer<Int32>)
    {
        plan.forEachElement { offset1, offset2, outputOffset in
            // Signed overflow is undefined in C++; x86-64 wraps, as &- does.
            output[outputOffset] = min(max(input1[offset1] &- input2[offset2], activationMin), activationMax)
        }
    }
}
