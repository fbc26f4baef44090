// LceDequantize (LCE v0.16.0 tflite/kernels/quantization.cc): bitpacked int32 in; float32, int8 or
// bool out, whose last dimension C gives the channel count (ceil(C / 32) = the input's words).
//   float: bit 0 -> +1.0, bit 1 -> -1.0
//   int8:  off = round(1.0f / scale) (float division, half away from zero);
//          bit 0 -> min(127, zp + off), bit 1 -> max(-128, zp - off)
//   bool:  bit 0 -> true, bit 1 -> false

/// Prepared LceDequantize.
public struct LceDequantize: BitwiseCopyable {
    public private(set) var rows: BitpackedRows
    @usableFromInline var plusOne: Int8
    @usableFromInline var minusOne: Int8

    public init(
        input: Shape, output: Shape, outputScale: Float = 1, outputZeroPoint: Int32 = 0, int8: Bool = false
    )
        throws(KernelError)
    {
        rows = try BitpackedRows(unpacked: output, name: "lce_dequantize channels")
        try rows.checkPacked(input, name: "lce_dequantize input words")
        plusOne = 1
        minusOne = -1
        if int8 {
            try checkScale(outputScale, "lce_dequantize output")
            let offset = (1 / outputScale).rounded(.toNearestOrAwayFromZero)
            // Clamped before the conversion: a tiny scale gives an offset far outside int32.
            let off = Int64(Swift.max(Swift.min(offset, 1e9), 0))
            plusOne = Int8(Swift.min(127, Int64(outputZeroPoint) + off))
            minusOne = Int8(Swift.max(-128, Int64(outputZeroPoint) - off))
            guard (-128...127).contains(outputZeroPoint) else {
                throw .unsupportedParameter(name: "lce_dequantize zero point", value: Int(outputZeroPoint))
            }
        }
    }

    /// Calls `body(i, isMinusOne)` for every element `i` of the flat output.
    @inline(__always)
    func unpack(_ input: UnsafePointer<Int32>, _ body: (Int, Bool) -> Void) {
        let channels = Int(rows.channels), words = rows.words
        for row in 0..<Int(rows.rows) {
            for channel in 0..<channels {
                let word = UInt32(bitPattern: input[row * words + channel / 32])
                body(row * channels + channel, (word >> UInt32(channel % 32)) & 1 == 1)
            }
        }
    }

    public func invoke(input: UnsafePointer<Int32>, output: UnsafeMutablePointer<Float>) {
        unpack(input) { output[$0] = $1 ? -1 : 1 }
    }

    public func invoke(input: UnsafePointer<Int32>, output: UnsafeMutablePointer<Int8>) {
        let plusOne = self.plusOne, minusOne = self.minusOne
        unpack(input) { output[$0] = $1 ? minusOne : plusOne }
    }

    public func invoke(input: UnsafePointer<Int32>, output: UnsafeMutablePointer<UInt8>) {
        unpack(input) { output[$0] = $1 ? 0 : 1 }
    }
}
