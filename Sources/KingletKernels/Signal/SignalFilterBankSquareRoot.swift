// SignalFilterBankSquareRoot (TFLM signal/micro/kernels/filter_bank_square_root.cc,
// filter_bank_square_root_common.cc, signal/src/filter_bank_square_root.cc, square_root_32.cc,
// square_root_64.cc), uint64 → uint32 with an int32 scalar of scale bits.
//
// out[i] = Sqrt64(in[i]) >> scale_bits. Sqrt64 takes Sqrt32 when the upper word is clear (uint16
// result), else the bitwise method on 64 bits with TFLM's rounding step (`num > res` and res not
// all ones: ++res), truncated to uint32. The shift is a uint32 shift by a runtime int32: C leaves
// counts outside 0...31 undefined; this shifts by the count mod 32, as x86's shr does.

/// Prepared SignalFilterBankSquareRoot.
public struct SignalFilterBankSquareRoot: BitwiseCopyable {
    public let count: Int

    public init(inputCount: Int, outputCount: Int) throws(KernelError) {
        guard inputCount == outputCount else {
            throw .shapeMismatch(
                name: "signal filter bank square root output", expected: inputCount, actual: outputCount)
        }
        count = inputCount
    }

    /// TFLM's Sqrt32.
    @inlinable
    public static func sqrt32(_ value: UInt32) -> UInt16 {
        if value == 0 { return 0 }
        var num = value
        var res: UInt32 = 0
        let maxBit = (32 - signalMostSignificantBit32(num)) | 1
        var bit: UInt32 = 1 << UInt32(31 - maxBit)
        var iterations = (31 - maxBit) / 2 + 1
        while iterations > 0 {
            iterations -= 1
            if num >= res &+ bit {
                num = num &- (res &+ bit)
                res = (res >> 1) &+ bit
            } else {
                res >>= 1
            }
            bit >>= 2
        }
        if num > res && res != 0xFFFF { res &+= 1 }
        return UInt16(truncatingIfNeeded: res)
    }

    /// TFLM's Sqrt64.
    @inlinable
    public static func sqrt64(_ value: UInt64) -> UInt32 {
        if value >> 32 == 0 { return UInt32(sqrt32(UInt32(truncatingIfNeeded: value))) }
        var num = value
        var res: UInt64 = 0
        let maxBit = (64 - signalMostSignificantBit64(num)) | 1
        var bit: UInt64 = 1 << UInt64(63 - maxBit)
        var iterations = (63 - maxBit) / 2 + 1
        while iterations > 0 {
            iterations -= 1
            if num >= res &+ bit {
                num = num &- (res &+ bit)
                res = (res >> 1) &+ bit
            } else {
                res >>= 1
            }
            bit >>= 2
        }
        if num > res && res != 0xFFFF_FFFF { res &+= 1 }
        return UInt32(truncatingIfNeeded: res)
    }

    @inlinable
    public func invoke(input: UnsafePointer<UInt64>, scaleBits: Int32, output: UnsafeMutablePointer<UInt32>) {
        let shift = UInt32(bitPattern: scaleBits)
        for index in 0..<count {
            output[index] = Self.sqrt64(input[index]) &>> shift
        }
    }
}
