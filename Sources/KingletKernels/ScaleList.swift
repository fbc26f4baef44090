// Quantization scales as stored in the model: one float32, or a little-endian float32 array read
// in place (no copy) from the flatbuffer.

public struct ScaleList: BitwiseCopyable {
    /// Start of `count` little-endian float32 values, or nil when the single scale is held inline.
    public var base: UnsafeRawPointer?
    public var count: Int
    /// The flatbuffer's quantized_dimension (the axis per-channel scales run along).
    public var quantizedDimension: Int
    /// Length of the zero-point array next to it. Informational: TFLM's allocator expands a single
    /// zero point to one per scale, so no kernel check depends on it.
    public var zeroPointCount: Int
    private var inlineScale: Float

    /// Scales read in place; `base` may be unaligned.
    public init(base: UnsafeRawPointer?, count: Int, quantizedDimension: Int = 0, zeroPointCount: Int? = nil) {
        self.base = base
        self.count = base == nil ? 0 : count
        self.quantizedDimension = quantizedDimension
        self.zeroPointCount = zeroPointCount ?? self.count
        self.inlineScale = 0
    }

    /// A single per-tensor scale.
    public init(single scale: Float) {
        base = nil
        count = 1
        quantizedDimension = 0
        zeroPointCount = 1
        inlineScale = scale
    }

    /// Scale `index` (0 ..< count).
    @inline(__always)
    public subscript(index: Int) -> Float {
        guard let base else { return inlineScale }
        let bits = base.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self)
        return Float(bitPattern: UInt32(littleEndian: bits))
    }

    /// TFLM's per-tensor `params.scale`: the first scale, or 0 when there is none.
    public var first: Float { count > 0 ? self[0] : 0 }
}
