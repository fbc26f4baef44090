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
public struct Sub: BitwiseCopyable, AddSubKernel {
    public let arithmetic: AddSubArithmetic
    public init(arithmetic: AddSubArithmetic) { self.arithmetic = arithmetic }
    /// std::max(a, b) is (a < b) ? b : a; doubled in float, then widened.
    public static func twiceMaxInputScale(_ s1: Float, _ s2: Float) -> Double { Double(2 * (s1 < s2 ? s2 : s1)) }
    public static var names: (KernelErrorName, KernelErrorName, KernelErrorName) {
        ("sub input1", "sub input2", "sub output")
    }
    @inlinable public static func combine(_ scaled1: Int32, _ scaled2: Int32) -> Int32 { scaled1 &- scaled2 }
}

/// Prepared float32 SUB.
public struct FloatSub: BitwiseCopyable, FloatBinaryKernel {
    public let broadcast: FloatBroadcast

    public init(broadcast: FloatBroadcast) { self.broadcast = broadcast }

    @inlinable
    public static func operation(_ x1: Float, _ x2: Float) -> Float { x1 - x2 }
}

/// Prepared int32 SUB (unquantized tensors).
public struct Int32Sub: BitwiseCopyable, ClampedBinaryKernel {
    public let broadcast: Int32Broadcast

    public init(broadcast: Int32Broadcast) { self.broadcast = broadcast }

    /// Signed overflow is undefined in C++; x86-64 wraps, as &- does.
    @inlinable
    public static func operation(_ x1: Int32, _ x2: Int32) -> Int32 { x1 &- x2 }
}
