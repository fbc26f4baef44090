// FULLY_CONNECTED int8 with a zero filter offset (per-channel weights, or per-tensor with filter
// zp 0), host only (compiled out of the Cortex-M4 build: the firmware does not grow); the oracle
// is FullyConnected.referenceInvoke (HostFullyConnectedTests compare the two on seeded random
// cases). The same int32 sums of w · (x - input zp) mod 2^32 (any order), the same bias and
// requantization; only the dot product differs: 16 values at once in SIMD lanes, four output
// rows sharing one widened input vector. Every product fits an Int16 (|x - zp| <= 255 and
// |w| <= 128 give at most 32,640), so the multiply is SSE2's pmullw and the products are summed
// in pairs into int32 lanes. Other offsets (hostile zero points, a per-tensor filter zero
// point) keep the scalar loop. With per-channel weights the registration prepares a
// HostFullyConnected, which computes the multipliers and shifts once at prepare into host-only
// memory (8 bytes a channel) instead of into scratch at every invoke.

#if !arch(arm)
    extension FullyConnected {
        /// Whether `hostInvoke` applies: filter offset 0, input offset with Int16 products.
        var hostApplies: Bool { filterOffset == 0 && inputOffset >= -127 && inputOffset <= 128 }

        /// As the int8 `invoke`, for `hostApplies` kernels.
        func hostInvoke(
            input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
            output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
        ) {
            hostInvoke(input: input, filter: filter, bias: bias, output: output, tables: perChannelTables(in: scratch))
        }

        /// As above, the per-channel tables computed (nil, nil per tensor).
        @inline(__always)
        func hostInvoke(
            input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
            output: UnsafeMutablePointer<Int8>, tables: (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?)
        ) {
            let depth = accumulationDepth
            let offset = Int16(truncatingIfNeeded: inputOffset)
            forEachOutputRow(input: input, filter: filter, bias: bias, output: output, tables: tables) { x, w in
                simdDot4(x, offset, w, depth)
            } one: { x, w in
                simdDot1(x, offset, w, depth)
            }
        }
    }

    /// A host's per-channel int8 FULLY_CONNECTED (`hostApplies`) with its multipliers and shifts
    /// computed once at prepare into host-only persistent memory (8 bytes a channel), not at each
    /// invoke into scratch (ChannelMultipliers.compute: the same values).
    public struct HostFullyConnected {
        public let kernel: FullyConnected
        let tables: UnsafeMutablePointer<Int32>

        /// Whether it applies: the host dot product and per-channel weights.
        public static func applies(_ kernel: FullyConnected) -> Bool {
            kernel.hostApplies && kernel.channelMultipliers != nil
        }

        /// Bytes of host-only memory `init` takes.
        public static func hostBytes(_ kernel: FullyConnected) -> Int { 8 &* (kernel.channelMultipliers?.count ?? 0) }

        /// `host` holds `hostBytes` bytes, 4-byte aligned.
        public init(kernel: FullyConnected, host: UnsafeMutableRawPointer) {
            let count = kernel.channelMultipliers?.count ?? 0
            tables = host.bindMemory(to: Int32.self, capacity: 2 &* count)
            kernel.channelMultipliers?.compute(into: tables)
            self.kernel = kernel
        }

        public func invoke(
            input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
            output: UnsafeMutablePointer<Int8>
        ) {
            let count = kernel.channelMultipliers?.count ?? 0
            kernel.hostInvoke(
                input: input, filter: filter, bias: bias, output: output, tables: (tables, tables + count))
        }
    }

    /// Σ w · (x + offset) over `count` values for four filter rows `count` apart, wrapping.
    @inline(__always)
    private func simdDot4(
        _ x: UnsafePointer<Int8>, _ offset: Int16, _ w: UnsafePointer<Int8>, _ count: Int
    ) -> (Int32, Int32, Int32, Int32) {
        var sum0 = SIMD8<Int32>(), sum1 = SIMD8<Int32>(), sum2 = SIMD8<Int32>(), sum3 = SIMD8<Int32>()
        let offsets = SIMD16<Int16>(repeating: offset)
        let w1 = w + count, w2 = w + 2 &* count, w3 = w + 3 &* count
        var index = 0
        while index &+ 16 <= count {
            let xs = load16(x + index) &+ offsets
            sum0 &+= pairSums(xs &* load16(w + index))
            sum1 &+= pairSums(xs &* load16(w1 + index))
            sum2 &+= pairSums(xs &* load16(w2 + index))
            sum3 &+= pairSums(xs &* load16(w3 + index))
            index &+= 16
        }
        return dot4(
            x, Int32(offset), w, count, from: index,
            (sum0.wrappedSum(), sum1.wrappedSum(), sum2.wrappedSum(), sum3.wrappedSum()))
    }

    /// Σ w · (x + offset) over `count` values of one filter row, wrapping.
    @inline(__always)
    private func simdDot1(_ x: UnsafePointer<Int8>, _ offset: Int16, _ w: UnsafePointer<Int8>, _ count: Int) -> Int32 {
        var sum = SIMD8<Int32>()
        let offsets = SIMD16<Int16>(repeating: offset)
        var index = 0
        while index &+ 16 <= count {
            sum &+= pairSums((load16(x + index) &+ offsets) &* load16(w + index))
            index &+= 16
        }
        return dot1(x, Int32(offset), w, count, from: index, sum.wrappedSum())
    }

    /// 16 bytes, sign-extended lane by lane (LLVM inlines SSE2 unpacks; the stdlib's
    /// `init(truncatingIfNeeded:)` stays a call per vector).
    @inline(__always)
    private func load16(_ bytes: UnsafePointer<Int8>) -> SIMD16<Int16> {
        let v = UnsafeRawPointer(bytes).loadUnaligned(as: SIMD16<Int8>.self)
        var wide = SIMD16<Int16>()
        for lane in 0..<16 { wide[lane] = Int16(v[lane]) }
        return wide
    }

    /// Adjacent Int16 lanes summed into Int32 lanes (sign-extending both halves of each word pair).
    @inline(__always)
    private func pairSums(_ products: SIMD16<Int16>) -> SIMD8<Int32> {
        let words = unsafeBitCast(products, to: SIMD8<Int32>.self)
        return ((words &<< 16) &>> 16) &+ (words &>> 16)
    }
#endif
