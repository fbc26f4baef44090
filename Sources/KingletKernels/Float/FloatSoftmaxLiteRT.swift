// SOFTMAX, float32, with the arithmetic of LiteRT's optimized kernel (optimized_ops.h Softmax, Eigen
// built for AVX without FMA: 8-float packets), as Larq Compute Engine's interpreter runs it, which
// also runs with denormals flushed to zero. Over the flat [rows, depth] buffer:
//   d = (x - rowMax) * beta
//   e = exp(d): the first 8 * (count / 8) elements by Eigen's packet exp (eigenPacketExpf), the
//       last count % 8 by the C library's expf (referenceExpf); subnormal results become 0
//   per row: sum = Eigen's vectorized sum (eigenPacketSum); out = e * (1 / sum), subnormals 0
// The packet and alignment boundaries assume LiteRT's 32-byte aligned tensor buffers.

extension FloatSoftmax {
    /// The same operator with LiteRT's optimized float arithmetic.
    @inlinable
    public func invokeLiteRT(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let packed = (rows &* depth) & ~7
        for row in 0..<rows {
            let x = input + row &* depth
            let y = output + row &* depth
            var maximum = -Float.greatestFiniteMagnitude
            for c in 0..<depth where maximum < x[c] { maximum = x[c] }
            for c in 0..<depth {
                let d = (x[c] - maximum) * beta
                let e = row &* depth &+ c < packed ? eigenPacketExpf(d) : referenceExpf(d)
                y[c] = flushedSubnormal(e)
            }
        }
        for row in 0..<rows {
            let y = output + row &* depth
            let scale = 1 / eigenPacketSum(UnsafePointer(y), count: depth, offset: row &* depth)
            for c in 0..<depth { y[c] = flushedSubnormal(y[c] * scale) }
        }
    }
}

/// `value`, or 0 with its sign when it is subnormal (x86 flush-to-zero).
@inlinable @inline(__always)
func flushedSubnormal(_ value: Float) -> Float {
    value.isSubnormal ? (value.sign == .minus ? -0.0 : 0) : value
}

/// Eigen's pexp_float (GenericPacketMathFunctions.h) for one lane, built without FMA: every
/// multiply-add rounds the product and then the sum.
@inlinable
public func eigenPacketExpf(_ input: Float) -> Float {
    if input < -104 { return 0 }
    let x = 88.723 < input ? 88.723 : input  // pmin(x, hi) with std::min's argument order
    let m = (x * 1.44269504088896341 + 0.5).rounded(.down)
    var r = m * -0.693359375 + x
    r = m * 2.12194440e-4 + r
    let r2 = r * r
    var even = r2 * 1.37449637986719608306884765625e-3 + 4.166965186595916748046875e-2
    let odd = r2 * 8.36894474923610687255859375e-3 + 0.16666518151760101318359375
    even = r2 * even + 0.49999988079071044921875
    var y = r * odd + even
    y = r2 * y + (r + 1)
    // pldexp_generic: y * 2^b * 2^b * 2^b * 2^(e - 3b), b = floor(e / 4), e = m clamped to +-278.
    let e = Int32(m < -278 ? -278 : (m > 278 ? 278 : m))
    let b = e >> 2
    let c = Float(bitPattern: UInt32(truncatingIfNeeded: (b &+ 127) << 23))
    let c2 = Float(bitPattern: UInt32(truncatingIfNeeded: (e &- 3 &* b &+ 127) << 23))
    let result = y * c * c * c * c2
    return input > result ? input : result  // pmax(result, x)
}

/// Eigen's vectorized sum (redux, Packet8f) of `count` floats at flat element `offset` of a
/// 32-byte aligned buffer: the elements before the first aligned one are peeled; 8-float packets
/// are summed into two accumulators alternately (plus one last packet into the first), the two
/// added lane-wise and reduced as ((a0+a4) + (a2+a6)) + ((a1+a5) + (a3+a7)); then the peeled
/// elements and the tail, in order. Fewer than 8 after the peel: a plain sum from the first.
@inlinable
public func eigenPacketSum(_ v: UnsafePointer<Float>, count: Int, offset: Int) -> Float {
    let start = Swift.min((8 &- offset & 7) & 7, count)
    let size = count &- start
    let size1 = size & ~7
    guard size1 > 0 else {
        var total = v[0]
        for i in 1..<Swift.max(count, 1) { total += v[i] }
        return total
    }
    var p0 = EightLanes(v + start)
    if size1 > 8 {
        let size2 = size & ~15
        var p1 = EightLanes(v + (start &+ 8))
        var i = start &+ 16
        while i < start &+ size2 {
            p0.add(EightLanes(v + i))
            p1.add(EightLanes(v + (i &+ 8)))
            i &+= 16
        }
        p0.add(p1)
        if size1 > size2 { p0.add(EightLanes(v + (start &+ size2))) }
    }
    var total = ((p0.a0 + p0.a4) + (p0.a2 + p0.a6)) + ((p0.a1 + p0.a5) + (p0.a3 + p0.a7))
    for i in 0..<start { total += v[i] }
    for i in (start &+ size1)..<count { total += v[i] }
    return total
}

/// One 8-float packet.
@usableFromInline
struct EightLanes {
    @usableFromInline var a0, a1, a2, a3, a4, a5, a6, a7: Float

    @inlinable
    init(_ p: UnsafePointer<Float>) {
        (a0, a1, a2, a3, a4, a5, a6, a7) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7])
    }

    @inlinable
    mutating func add(_ o: EightLanes) {
        a0 += o.a0
        a1 += o.a1
        a2 += o.a2
        a3 += o.a3
        a4 += o.a4
        a5 += o.a5
        a6 += o.a6
        a7 += o.a7
    }
}
