// CONV_2D int8, AVX-512 tier (this module is compiled with -target-cpu cascadelake: AVX-512
// F/BW/DQ/VL/CD/VNNI on 256-bit vectors; call it only when kinglet_host_isa() says AVX512). The
// oracle is Conv2D.invoke (HostConv2DTests run every tier the CPU has against it). It takes the
// baseline HostConv2D's im2col block (int16 `x + input offset`, padding taps 0, rows padded with
// zeros to a multiple of 8 taps) and its Requantizer table, and changes what is vectorized, the
// way ruy's AVX kernels do: output channels, not taps.
// - prepare repacks the constant filter (OHWI) into host-only memory as int16 pairs
//   [channels / 16][taps / 2][16 channels][2 taps] (channels and taps padded with zeros);
// - an invoke multiplies 4 pixels × 16 channels per micro-tile: per pair of taps, one 64-byte
//   load of the filter (two 8-channel halves), each pixel's pair broadcast to every lane, and
//   one `madd` per half and pixel, which LLVM lowers to vpdpwssd (AVX-512 VNNI: 8 int16 pair
//   products summed into 8 int32 lanes). |x + offset| <= 255 and |w| <= 128: no pair leaves
//   int32, and the int32 sums wrap mod 2^32 as the reference's, so the order does not change
//   the bits;
// - requantization is the Requantizer's in 8 int64 lanes (per-lane left shift, the 64-bit
//   product, the sign-dependent nudge, the arithmetic right shift), + output zero point, clamp:
//   the same bits as fastMultiplyByQuantizedMultiplier. A layer whose multipliers the
//   Requantizer does not take (HostConv2D.shortcut false) runs the baseline kernel.
// Host memory (persistent, on top of the baseline's): 64 bytes per 16 channels per tap pair
// (4 bytes per weight of the padded filter: twice the int8 filter as int16, padding aside) and
// 32 bytes per padded channel of requantization table.

import KingletKernels

public struct HostConv2DAVX512 {
    public let base: HostConv2D
    /// [blocks][pairs][16][2] int16.
    let packed: UnsafePointer<Int16>
    /// Per block of 16 channels, eight runs of 16 int32: left shift, multiplier, right shift,
    /// nudge, negative nudge (padding channels 0).
    let table: UnsafePointer<Int32>
    let pairs: Int, blocks: Int

    static func pairs(_ reference: Conv2D) -> Int {
        let filter = reference.geometry.filter
        return (filter.d1 &* filter.d2 &* filter.d3 &+ 1) / 2
    }

    static func blocks(_ reference: Conv2D) -> Int { (reference.geometry.filter.d0 &+ 15) / 16 }

    /// Bytes of host-only persistent memory `init` takes (besides the baseline's), 64-byte aligned.
    public static func hostBytes(_ reference: Conv2D) -> Int {
        blocks(reference) &* (64 &* pairs(reference) &+ 8 &* 64)
    }

    /// `base` is the baseline kernel of the same layer; `host` holds `hostBytes` bytes.
    public init(base: HostConv2D, host: UnsafeMutableRawPointer) {
        let reference = base.optimized.reference
        let channels = reference.geometry.filter.d0, taps = base.taps
        let pairs = Self.pairs(reference), blocks = Self.blocks(reference)
        self.base = base
        self.pairs = pairs
        self.blocks = blocks
        let packed = host.bindMemory(to: Int16.self, capacity: blocks &* pairs &* 32)
        packed.initialize(repeating: 0, count: blocks &* pairs &* 32)
        var channel = 0
        while channel < channels {
            let row = base.weights + channel &* taps
            let block = packed + ((channel / 16) &* pairs &* 32 &+ (channel % 16) &* 2)
            var tap = 0
            while tap < taps {
                block[(tap / 2) &* 32 &+ (tap & 1)] = Int16(row[tap])
                tap &+= 1
            }
            channel &+= 1
        }
        self.packed = UnsafePointer(packed)
        let table = (host + 2 &* blocks &* pairs &* 32).bindMemory(to: Int32.self, capacity: blocks &* 128)
        table.initialize(repeating: 0, count: blocks &* 128)
        channel = 0
        while channel < channels {
            let entry = table + ((channel / 16) &* 128 &+ channel % 16)
            let source = UnsafePointer(base.multipliers) + channel
            entry[0] = source[2 &* channels]  // left
            entry[16] = source[0]  // multiplier
            entry[32] = source[3 &* channels]  // right
            entry[48] = source[4 &* channels]  // nudge
            entry[64] = source[5 &* channels]  // negative nudge
            channel &+= 1
        }
        self.table = UnsafePointer(table)
    }

    /// As Conv2D.invoke (the filter was repacked at prepare).
    public func invoke(input: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>) {
        guard base.shortcut else {
            base.invoke(input: input, bias: bias, output: output)
            return
        }
        let reference = base.optimized.reference, quantization = reference.quantization
        let out = reference.geometry.output
        let channels = out.d3, pixels = out.d0 &* out.d1 &* out.d2
        let stride = base.paddedTaps, columns = UnsafePointer(base.columns), blockPixels = base.blockPixels
        let pairs = pairs, blocks = blocks, packed = packed, table = table
        let zeroPoint = SIMD8<Int32>(repeating: quantization.outputZeroPoint)
        let low = SIMD8<Int32>(repeating: quantization.activationRange.min)
        let high = SIMD8<Int32>(repeating: quantization.activationRange.max)
        var walker = WindowWalker(reference.geometry, offset: Int16(truncatingIfNeeded: quantization.inputOffset))
        var start = 0
        while start < pixels {
            let count = Swift.min(blockPixels, pixels &- start)
            var row = 0
            while row < count {
                walker.gather(input, into: base.columns + row &* stride)
                row &+= 1
            }
            var block = 0
            while block < blocks {
                let channel = block &* 16
                let valid = Swift.min(channels &- channel, 16)
                var biases = (SIMD8<Int32>(), SIMD8<Int32>())
                if let bias {
                    if valid == 16 {
                        biases.0 = UnsafeRawPointer(bias + channel).loadUnaligned(as: SIMD8<Int32>.self)
                        biases.1 = UnsafeRawPointer(bias + (channel &+ 8)).loadUnaligned(as: SIMD8<Int32>.self)
                    } else {
                        var j = 0
                        while j < valid {
                            if j < 8 { biases.0[j] = bias[channel &+ j] } else { biases.1[j &- 8] = bias[channel &+ j] }
                            j &+= 1
                        }
                    }
                }
                let entry = table + block &* 128
                let weights = packed + block &* pairs &* 32
                let epilogue = Epilogue(
                    requantizers: (Requantizer8(entry, 0), Requantizer8(entry, 8)), biases: biases,
                    zeroPoint: zeroPoint, low: low, high: high, valid: valid)
                let y = output + (start &* channels &+ channel)
                var pixel = 0
                while pixel < count {
                    // Rows past the block's last pixel repeat it (their sums discarded).
                    let last = count &- 1
                    let a0 = columns + pixel &* stride
                    let a1 = columns + Swift.min(pixel &+ 1, last) &* stride
                    let a2 = columns + Swift.min(pixel &+ 2, last) &* stride
                    let a3 = columns + Swift.min(pixel &+ 3, last) &* stride
                    let sums = tile(a0, a1, a2, a3, weights, pairs)
                    let y0 = y + pixel &* channels
                    epilogue.store(sums.0, y0)
                    if pixel &+ 1 < count { epilogue.store(sums.1, y0 + channels) }
                    if pixel &+ 2 < count { epilogue.store(sums.2, y0 + 2 &* channels) }
                    if pixel &+ 3 < count { epilogue.store(sums.3, y0 + 3 &* channels) }
                    pixel &+= 4
                }
                block &+= 1
            }
            start &+= count
        }
    }
}

/// A 16-channel block's bias, requantization, zero point and clamp, stored as bytes.
struct Epilogue {
    let requantizers: (Requantizer8, Requantizer8)
    let biases: (SIMD8<Int32>, SIMD8<Int32>)
    let zeroPoint: SIMD8<Int32>, low: SIMD8<Int32>, high: SIMD8<Int32>
    /// Channels of the block that exist (the rest are not stored).
    let valid: Int

    @inline(__always)
    func store(_ sums: (SIMD8<Int32>, SIMD8<Int32>), _ y: UnsafeMutablePointer<Int8>) {
        let v0 = requantizers.0.scale(sums.0 &+ biases.0) &+ zeroPoint
        let v1 = requantizers.1.scale(sums.1 &+ biases.1) &+ zeroPoint
        let bytes = SIMD16<Int8>(
            lowHalf: narrow(v0.clamped(lowerBound: low, upperBound: high)),
            highHalf: narrow(v1.clamped(lowerBound: low, upperBound: high)))
        if valid == 16 {
            UnsafeMutableRawPointer(y).storeBytes(of: bytes, as: SIMD16<Int8>.self)
        } else {
            var j = 0
            while j < valid {
                y[j] = bytes[j]
                j &+= 1
            }
        }
    }
}

/// Eight lanes of the Requantizer (HostConv2D): `high = (x·2^left · m + 2^30) >> 31`, then
/// `(high + nudge) >> right` with the nudge for high >= 0 or high < 0, in int64 lanes.
struct Requantizer8 {
    let left: SIMD8<Int32>
    let multiplier: SIMD8<Int64>, right: SIMD8<Int64>, nudge: SIMD8<Int64>, negativeNudge: SIMD8<Int64>

    /// Lanes `lane..<lane+8` of a table block (five runs of 16).
    @inline(__always)
    init(_ block: UnsafePointer<Int32>, _ lane: Int) {
        @inline(__always) func load(_ run: Int) -> SIMD8<Int32> {
            UnsafeRawPointer(block + (run &* 16 &+ lane)).loadUnaligned(as: SIMD8<Int32>.self)
        }
        left = load(0)
        multiplier = wide(load(1))
        right = wide(load(2))
        nudge = wide(load(3))
        negativeNudge = wide(load(4))
    }

    @inline(__always)
    func scale(_ x: SIMD8<Int32>) -> SIMD8<Int32> {
        let a = wide(x &<< left)
        let high = wide(narrow32((a &* multiplier &+ SIMD8(repeating: 1 << 30)) &>> 31))
        // negativeNudge where high < 0, in arithmetic (a SIMD mask select became a lane loop).
        let nudges = nudge &+ ((negativeNudge &- nudge) & (high &>> 63))
        return narrow32((high &+ nudges) &>> right)
    }
}

@inline(__always)
func wide(_ v: SIMD8<Int32>) -> SIMD8<Int64> {
    SIMD8(
        Int64(v[0]), Int64(v[1]), Int64(v[2]), Int64(v[3]), Int64(v[4]), Int64(v[5]), Int64(v[6]), Int64(v[7]))
}

@inline(__always)
func narrow32(_ v: SIMD8<Int64>) -> SIMD8<Int32> {
    SIMD8(
        Int32(truncatingIfNeeded: v[0]), Int32(truncatingIfNeeded: v[1]), Int32(truncatingIfNeeded: v[2]),
        Int32(truncatingIfNeeded: v[3]), Int32(truncatingIfNeeded: v[4]), Int32(truncatingIfNeeded: v[5]),
        Int32(truncatingIfNeeded: v[6]), Int32(truncatingIfNeeded: v[7]))
}

/// Clamped lanes to bytes (truncating: they lie in -128...127).
@inline(__always)
func narrow(_ v: SIMD8<Int32>) -> SIMD8<Int8> {
    SIMD8(
        Int8(truncatingIfNeeded: v[0]), Int8(truncatingIfNeeded: v[1]), Int8(truncatingIfNeeded: v[2]),
        Int8(truncatingIfNeeded: v[3]), Int8(truncatingIfNeeded: v[4]), Int8(truncatingIfNeeded: v[5]),
        Int8(truncatingIfNeeded: v[6]), Int8(truncatingIfNeeded: v[7]))
}

/// 16 int16 lanes (8 pairs) multiplied and summed in pairs into 8 int32 lanes: vpdpwssd.
@inline(__always)
func madd(_ a: SIMD16<Int16>, _ b: SIMD16<Int16>) -> SIMD8<Int32> {
    let products = widen(a) &* widen(b)
    return products.evenHalf &+ products.oddHalf
}

/// Sign extension in two halves (the stdlib's SIMD16 conversion stays a call).
@inline(__always)
func widen(_ a: SIMD16<Int16>) -> SIMD16<Int32> {
    SIMD16(lowHalf: SIMD8<Int32>(truncatingIfNeeded: a.lowHalf), highHalf: SIMD8<Int32>(truncatingIfNeeded: a.highHalf))
}

/// One pixel's tap pair `pair` in every lane.
@inline(__always)
func broadcast(_ row: UnsafePointer<Int16>, _ pair: Int) -> SIMD16<Int16> {
    unsafeBitCast(
        SIMD8<Int32>(repeating: UnsafeRawPointer(row + 2 &* pair).loadUnaligned(as: Int32.self)),
        to: SIMD16<Int16>.self)
}

typealias Sums16 = (SIMD8<Int32>, SIMD8<Int32>)

/// Four pixels' im2col rows times a 16-channel block of the packed filter: each pixel's 16
/// channel sums (two halves of 8).
@inline(__always)
func tile(
    _ a0: UnsafePointer<Int16>, _ a1: UnsafePointer<Int16>, _ a2: UnsafePointer<Int16>, _ a3: UnsafePointer<Int16>,
    _ weights: UnsafePointer<Int16>, _ pairs: Int
) -> (Sums16, Sums16, Sums16, Sums16) {
    var s00 = SIMD8<Int32>(), s01 = SIMD8<Int32>(), s10 = SIMD8<Int32>(), s11 = SIMD8<Int32>()
    var s20 = SIMD8<Int32>(), s21 = SIMD8<Int32>(), s30 = SIMD8<Int32>(), s31 = SIMD8<Int32>()
    var k = 0
    while k < pairs {
        let w = UnsafeRawPointer(weights + k &* 32)
        let w0 = w.loadUnaligned(as: SIMD16<Int16>.self)
        let w1 = w.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self)
        let x0 = broadcast(a0, k), x1 = broadcast(a1, k), x2 = broadcast(a2, k), x3 = broadcast(a3, k)
        s00 &+= madd(x0, w0)
        s01 &+= madd(x0, w1)
        s10 &+= madd(x1, w0)
        s11 &+= madd(x1, w1)
        s20 &+= madd(x2, w0)
        s21 &+= madd(x2, w1)
        s30 &+= madd(x3, w0)
        s31 &+= madd(x3, w1)
        k &+= 1
    }
    return ((s00, s01), (s10, s11), (s20, s21), (s30, s31))
}
