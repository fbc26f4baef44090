// SignalFilterBankLog (TFLM signal/micro/kernels/filter_bank_log.cc, signal/src/filter_bank_log.cc,
// signal/src/log.cc), uint32 → int16.
//
// scaled = in[i] << input_correction_bits (uint32); scaled <= 1 → 0; else
// Log32(scaled, UInt32(bitPattern: output_scale)): integer = msb32(x) - 1,
//   frac = Int32(truncating: x - 2^integer) shifted to 16 fraction bits (left below 16, right above),
//   seg = frac >> 9, c0/c1 = kLogLut[seg], [seg + 1], rel = ((c1 - c0) * (frac - 512 * seg)) >> 16,
//   log2 = (integer << 16) + frac + c0 + rel,
//   loge = UInt32(truncating: (45426 * UInt64(log2) + 32768) >> 16),
//   scaled = (out_scale * loge + 32768) >> 16   (uint32, wrapping)
// out = min(that, 32767). The correction shift is a uint32 shift count: 0...31.

/// Prepared SignalFilterBankLog.
public struct SignalFilterBankLog: BitwiseCopyable {
    public let count: Int
    public let correctionBits: UInt32
    public let outputScale: UInt32

    public init(inputCorrectionBits: Int32, outputScale: Int32, inputCount: Int, outputCount: Int) throws(KernelError) {
        guard (0...31).contains(inputCorrectionBits) else {
            throw .unsupportedParameter(
                name: "signal filter bank log input_correction_bits", value: Int(inputCorrectionBits))
        }
        guard inputCount == outputCount else {
            throw .shapeMismatch(name: "signal filter bank log output", expected: inputCount, actual: outputCount)
        }
        count = inputCount
        correctionBits = UInt32(inputCorrectionBits)
        self.outputScale = UInt32(bitPattern: outputScale)
    }

    @usableFromInline static var logTable: SignalLogTable { SignalLogTable() }

    @inlinable
    public static func log32(_ x: UInt32, outputScale: UInt32) -> UInt32 {
        let integer = UInt32(bitPattern: signalMostSignificantBit32(x) &- 1)
        var frac = Int32(truncatingIfNeeded: Int64(x) - (Int64(1) << Int64(integer)))
        if integer < 16 {
            frac <<= Int32(16 - integer)
        } else {
            frac >>= Int32(integer - 16)
        }
        let segment = Int(UInt32(bitPattern: frac) >> 9)
        let c0 = Int32(logTable[segment]), c1 = Int32(logTable[segment + 1])
        let segmentBase = Int32(512 * segment)
        let relative = ((c1 &- c0) &* (frac &- segmentBase)) >> 16
        let fraction = UInt32(bitPattern: frac &+ c0 &+ relative)
        let log2 = (integer << 16) &+ fraction
        let loge = UInt32(truncatingIfNeeded: (UInt64(45426) &* UInt64(log2) &+ 32768) >> 16)
        return (outputScale &* loge &+ 32768) >> 16
    }

    @inlinable
    public func invoke(input: UnsafePointer<UInt32>, output: UnsafeMutablePointer<Int16>) {
        for i in 0..<count {
            let scaled = input[i] << correctionBits
            if scaled > 1 {
                let value = Self.log32(scaled, outputScale: outputScale)
                output[i] = Int16(truncatingIfNeeded: value < 32767 ? value : 32767)
            } else {
                output[i] = 0
            }
        }
    }
}

/// TFLM's kLogLut (log.cc): 130 entries, read as a tuple (no array: nothing allocates on a device).
@usableFromInline struct SignalLogTable {
    @usableFromInline init() {}

    @inlinable subscript(index: Int) -> UInt16 {
        withUnsafeBytes(of: signalLogTableStorage) { $0.load(fromByteOffset: index * 2, as: UInt16.self) }
    }
}

/// Ten entries of the table (a tuple of tuples of UInt16 is laid out as 130 contiguous UInt16s).
@usableFromInline typealias SignalLogTableRow = (
    UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16
)

@usableFromInline let signalLogTableStorage:
    (
        SignalLogTableRow, SignalLogTableRow, SignalLogTableRow, SignalLogTableRow, SignalLogTableRow,
        SignalLogTableRow, SignalLogTableRow, SignalLogTableRow, SignalLogTableRow, SignalLogTableRow,
        SignalLogTableRow, SignalLogTableRow, SignalLogTableRow
    ) = (
        (0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817),
        (1992, 2163, 2329, 2490, 2646, 2797, 2944, 3087, 3224, 3358),
        (3487, 3611, 3732, 3848, 3960, 4068, 4172, 4272, 4368, 4460),
        (4549, 4633, 4714, 4791, 4864, 4934, 5001, 5063, 5123, 5178),
        (5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507, 5533, 5557),
        (5578, 5595, 5610, 5622, 5631, 5637, 5640, 5641, 5638, 5633),
        (5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498, 5470, 5439),
        (5406, 5370, 5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000),
        (4944, 4885, 4825, 4762, 4697, 4630, 4561, 4490, 4416, 4341),
        (4264, 4184, 4103, 4020, 3935, 3848, 3759, 3668, 3575, 3481),
        (3384, 3286, 3186, 3084, 2981, 2875, 2768, 2659, 2549, 2437),
        (2323, 2207, 2090, 1971, 1851, 1729, 1605, 1480, 1353, 1224),
        (1094, 963, 830, 695, 559, 421, 282, 142, 0, 0)
    )
