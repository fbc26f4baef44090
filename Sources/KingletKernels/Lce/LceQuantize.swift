// LceQuantize (LCE v0.16.0 tflite/kernels/quantization.cc): float32, int8 or bool in, bitpacked
// int32 out, one row (the last axis) at a time. Bit 1 (-1) for: float x < 0 (so +0, -0 and NaN
// give +1, larq's sign(0) = +1); int8 q < the input zero point (the scale plays no part); bool
// false. The padding bits of each row's last word stay 0.

/// Prepared LceQuantize.
public struct LceQuantize: BitwiseCopyable {
    public private(set) var rows: BitpackedRows
    @usableFromInline var zeroPoint: Int32

    public init(input: Shape, output: Shape, inputZeroPoint: Int32 = 0) throws(KernelError) {
        rows = try BitpackedRows(unpacked: input, name: "lce_quantize channels")
        try rows.checkPacked(output, name: "lce_quantize output words")
        zeroPoint = inputZeroPoint
    }

    /// Packs every row: `isMinusOne(i)` says whether element `i` of the flat input is -1.
    @inline(__always)
    func pack(into output: UnsafeMutablePointer<Int32>, _ isMinusOne: (Int) -> Bool) {
        let channels = Int(rows.channels), words = rows.words
        for row in 0..<Int(rows.rows) {
            let base = row * channels
            for word in 0..<words {
                var bits: UInt32 = 0
                let first = word * 32
                for bit in 0..<Swift.min(32, channels - first) where isMinusOne(base + first + bit) {
                    bits |= 1 << UInt32(bit)
                }
                output[row * words + word] = Int32(bitPattern: bits)
            }
        }
    }

    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Int32>) {
        pack(into: output) { input[$0] < 0 }
    }

    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int32>) {
        let zeroPoint = self.zeroPoint
        pack(into: output) { Int32(input[$0]) < zeroPoint }
    }

    /// bool tensors hold one byte per value (0 false, anything else true).
    public func invoke(input: UnsafePointer<UInt8>, output: UnsafeMutablePointer<Int32>) {
        pack(into: output) { input[$0] == 0 }
    }
}
