// SignalPCAN (TFLM signal/micro/kernels/pcan.cc, signal/src/pcan_argc_fixed.cc), per-channel
// automatic gain control: uint32 channels, uint32 noise estimate, int16 gain table → uint32.
//
// gain = UInt32(bitPattern: Int32(WideDynamicFunction(noise[i], lut))) (the int16 sign-extended)
//   WideDynamicFunction: x <= 2: lut[x]; else interval = msb32(x), l = lut + 4*interval - 6,
//   frac = Int16((interval < 11 ? x << (11 - interval) : x >> (interval - 11)) & 0x3FF),
//   r = (l[2] * frac) >> 5; r += Int32(UInt32(l[1]) << 5); r *= frac; r = (r + 2^14) >> 15;
//   r += l[0]; Int16(truncating: r)  (int32, wrapping)
// snr = UInt32(truncating: (UInt64(in[i]) * gain) >> snr_shift)
// out[i] = snr < 2 << 12 ? (snr * snr) >> 20 : (snr >> 6) - 64   (PcanShrink, uint32)
// TFLM copies the input to the output first (output bytes from the input): equal lengths here.
// The table is read at index up to 4*32 - 6 + 2 = 124: at least 125 entries. snr_shift is a
// uint64 shift count: 0...63.

/// Prepared SignalPCAN.
public struct SignalPcan: BitwiseCopyable {
    public let count: Int
    public let snrShift: Int32

    public static let minimumTableCount = 125

    public init(
        snrShift: Int32, inputCount: Int, noiseCount: Int, tableCount: Int, outputCount: Int
    ) throws(KernelError) {
        guard (0...63).contains(snrShift) else {
            throw .unsupportedParameter(name: "signal pcan snr_shift", value: Int(snrShift))
        }
        guard tableCount >= Self.minimumTableCount else {
            throw .shapeMismatch(name: "signal pcan gain table", expected: Self.minimumTableCount, actual: tableCount)
        }
        let wrong = noiseCount != inputCount ? noiseCount : outputCount
        guard wrong == inputCount else {
            throw .shapeMismatch(name: "signal pcan channels", expected: inputCount, actual: wrong)
        }
        count = inputCount
        self.snrShift = snrShift
    }

    @inlinable
    public static func wideDynamicFunction(_ x: UInt32, _ lut: UnsafePointer<Int16>) -> Int16 {
        if x <= 2 { return lut[Int(x)] }
        let interval = signalMostSignificantBit32(x)
        let l = lut + Int(4 * interval - 6)
        let shifted = interval < 11 ? x << UInt32(11 - interval) : x >> UInt32(interval - 11)
        let frac = Int32(Int16(truncatingIfNeeded: shifted & 0x3FF))
        var result = (Int32(l[2]) &* frac) >> 5
        result = result &+ Int32(bitPattern: UInt32(bitPattern: Int32(l[1])) << 5)
        result = result &* frac
        result = (result &+ (1 << 14)) >> 15
        result = result &+ Int32(l[0])
        return Int16(truncatingIfNeeded: result)
    }

    @inlinable
    public static func shrink(_ x: UInt32) -> UInt32 {
        x < 2 << 12 ? (x &* x) >> 20 : (x >> 6) &- (1 << 6)
    }

    @inlinable
    public func invoke(
        input: UnsafePointer<UInt32>, noise: UnsafePointer<UInt32>, table: UnsafePointer<Int16>,
        output: UnsafeMutablePointer<UInt32>
    ) {
        for i in 0..<count {
            let gain = UInt32(bitPattern: Int32(Self.wideDynamicFunction(noise[i], table)))
            let snr = UInt32(truncatingIfNeeded: (UInt64(input[i]) &* UInt64(gain)) >> UInt64(snrShift))
            output[i] = Self.shrink(snr)
        }
    }
}
