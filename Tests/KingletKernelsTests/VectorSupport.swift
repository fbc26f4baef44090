@testable import KingletKernels

// Deterministic PRNG and hash shared with the g++ vector generators (common_harness.h in the
// generator sources quoted by each test file), so a single 64-bit digest can stand for a
// large table of TFLM reference outputs.

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int32() -> Int32 { Int32(truncatingIfNeeded: UInt32(truncatingIfNeeded: next())) }
    /// Uniform in lo...hi, drawn exactly like the C++ `range`.
    mutating func range(_ lo: Int32, _ hi: Int32) -> Int32 {
        let span = UInt64(Int64(hi) - Int64(lo) + 1)
        return Int32(Int64(lo) + Int64(next() % span))
    }
    /// Positive float with a random mantissa and binary exponent in lo...hi.
    mutating func scale(_ lo: Int32, _ hi: Int32) -> Float {
        let mantissa = UInt32(truncatingIfNeeded: next() & 0x7F_FFFF)
        let exponent = range(lo, hi)
        return Float(bitPattern: (UInt32(exponent + 127) << 23) | mantissa)
    }
}

struct Fnv {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    mutating func mix(_ value: UInt32) {
        hash ^= UInt64(value)
        hash &*= 0x0000_0100_0000_01B3
    }
    mutating func mix(_ value: Int32) { mix(UInt32(bitPattern: value)) }
    mutating func mix(_ value: Int) { mix(UInt32(truncatingIfNeeded: value)) }
}

extension SplitMix64 {
    mutating func int8s(_ count: Int, _ lo: Int32 = -128, _ hi: Int32 = 127) -> [Int8] {
        (0..<count).map { _ in Int8(range(lo, hi)) }
    }
}

/// Little-endian float32 bytes, as scales are stored in a flatbuffer.
func littleEndianBytes(_ values: [Float]) -> [UInt8] {
    var bytes: [UInt8] = []
    for value in values {
        let bits = value.bitPattern
        bytes += [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
    }
    return bytes
}

/// Calls `body` with a ScaleList over `scales`: inline for one scale, else read from bytes.
func withScaleList<R>(_ scales: [Float], quantizedDimension: Int = 0, _ body: (ScaleList) throws -> R) rethrows -> R {
    if scales.count == 1 { return try body(ScaleList(single: scales[0])) }
    let bytes = littleEndianBytes(scales)
    return try bytes.withUnsafeBytes { raw in
        try body(ScaleList(base: raw.baseAddress, count: scales.count, quantizedDimension: quantizedDimension))
    }
}

let activationsByFlatbufferValue: [FusedActivation] = [.none, .relu, .reluN1To1, .relu6, .tanh, .signBit]
