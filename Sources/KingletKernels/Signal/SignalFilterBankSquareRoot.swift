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
        return UInt16(
            truncatingIfNeeded: bitwiseSquareRoot(value, mostSignificantBit: signalMostSignificantBit32(value)))
    }

    /// TFLM's Sqrt64.
    @inlinable
    public static func sqrt64(_ value: UInt64) -> UInt32 {
        if value >> 32 == 0 { return UInt32(sqrt32(UInt32(truncatingIfNeeded: value))) }
        return UInt32(
            truncatingIfNeeded: bitwiseSquareRoot(value, mostSignificantBit: signalMostSignificantBit64(value)))
    }

    /// The bitwise method of Sqrt32 and Sqrt64 on a nonzero value of their width, with their
    /// rounding step (the remainder above the root and the root below half-width all ones: + 1).
    @inlinable
    static func bitwiseSquareRoot<T: FixedWidthInteger & UnsignedInteger>(_ value: T, mostSignificantBit: Int32) -> T {
        let width = Int32(T.bitWidth)
        var num = value
        var res: T = 0
        let maxBit = (width - mostSignificantBit) | 1
        var bit: T = 1 << (width - 1 - maxBit)
        var iterations = (width - 1 - maxBit) / 2 + 1
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
        if num > res && res != T.max >> (T.bitWidth / 2) { res &+= 1 }
        return res
    }

    @inlinable
    public func invoke(input: UnsafePointer<UInt64>, scaleBits: Int32, output: UnsafeMutablePointer<UInt32>) {
        let shift = UInt32(bitPattern: scaleBits)
        for index in 0..<count {
            output[index] = Self.sqrt64(input[index]) &>> shift
        }
    }
}
