// CONV_2D 16x8 (int16 activations, int8 weights), optimized; the oracle is Conv2D.invoke's 16x8
// loop (OptimizedConv2D16x8Tests compare the two on seeded random cases). Same arithmetic as
// TFLM's reference/integer_ops/conv.h int16 ConvPerChannel: sums of w · x (no zero points) in the
// bias's type (int64, or int32 wrapping), + bias, that type's MultiplyByQuantizedMultiplier, clamp.
// What differs is the order of the work, which exact (or mod 2^32) integer sums allow:
// - partial sums are int32 (|w · x| <= 2^22, so 511 of them cannot overflow), widened into the
//   accumulator at most every 511 taps; with int32 sums the widening is the identity and every
//   add wraps, as TFLM's do;
// - the valid taps of a filter row are one contiguous run in the input and the filter when the
//   columns are not dilated and the convolution is not grouped (zero padding has no zero point
//   to apply, so a window over the padding is a shorter run); otherwise one run per column;
// - four output channels share each input load, a tail of one to three channels goes one by one;
// - the per-channel multipliers are computed once per invoke into the reference's scratch
//   (the same slots, so the arena is the reference's); indices wrap (&+ &*): prepare proved every
//   offset inside the tensors, so the loops carry no overflow checks.

extension Conv2D {
    /// As the 16x8 `invoke` with int64 sums (same tensors, bias and scratch), faster. One entry
    /// point per accumulator, not a generic one: a caller in another module gets the
    /// specialized loop.
    public func invokeOptimized(
        input: UnsafePointer<Int16>, filter: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output: UnsafeMutablePointer<Int16>, scratch: UnsafeMutablePointer<Int32>, accumulator: Int64.Type
    ) {
        convolve16x8(input, filter, bias, output, scratch, accumulator)
    }

    /// As the 16x8 `invoke` with int32 sums, faster.
    public func invokeOptimized(
        input: UnsafePointer<Int16>, filter: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output: UnsafeMutablePointer<Int16>, scratch: UnsafeMutablePointer<Int32>, accumulator: Int32.Type
    ) {
        convolve16x8(input, filter, bias, output, scratch, accumulator)
    }

    @inline(__always)
    private func convolve16x8<Accumulator: Accumulator16x8>(
        _ inputData: UnsafePointer<Int16>, _ filterData: UnsafePointer<Int8>, _ bias: UnsafeRawPointer?,
        _ outputData: UnsafeMutablePointer<Int16>, _ scratch: UnsafeMutablePointer<Int32>, _: Accumulator.Type
    ) {
        let quantization = quantization, geometry = geometry
        let (multipliers, shifts) = quantization.multipliers(in: scratch)
        let input = geometry.input, filter = geometry.filter, output = geometry.output
        let inputDepth = input.d3, inputRow = input.d2 &* inputDepth
        let filterWidth = filter.d2, depth = filter.d3
        let filterRow = filterWidth &* depth, filterSize = filter.d1 &* filterRow
        let channels = output.d3
        let groups = inputDepth / depth, filtersPerGroup = channels / groups
        let rowStep = geometry.rows.dilation &* inputRow
        // Taps contiguous across a filter row's columns in both tensors.
        let contiguous = geometry.columns.dilation == 1 && groups == 1
        let columnStep = geometry.columns.dilation &* inputDepth

        /// Calls `run(input, filter offset, length)` for every run of valid taps of the window at
        /// `origin` (its channel-0 input offset, group applied by the caller).
        @inline(__always) func forEachRun(
            _ window: Window, _ origin: UnsafePointer<Int16>, _ run: (UnsafePointer<Int16>, Int, Int) -> Void
        ) {
            var filterY = window.rows.first
            var rowInput = origin + filterY &* rowStep
            while filterY < window.rows.end {
                let first = window.columns.first, end = window.columns.end
                if contiguous {
                    run(rowInput + first &* inputDepth, filterY &* filterRow &+ first &* depth, (end &- first) &* depth)
                } else {
                    var filterX = first
                    while filterX < end {
                        run(rowInput + filterX &* columnStep, filterY &* filterRow &+ filterX &* depth, depth)
                        filterX &+= 1
                    }
                }
                rowInput += rowStep
                filterY &+= 1
            }
        }

        @inline(__always) func store(_ sum: Accumulator, _ channel: Int, _ pixel: UnsafeMutablePointer<Int16>) {
            let biased = bias.map { sum &+ Accumulator.bias($0, channel) } ?? sum
            pixel[channel] = quantization.requantize(biased, multiplier: multipliers[channel], shift: shifts[channel])
        }

        var outputPixel = outputData
        geometry.forEachWindow { window in
            let windowOrigin = inputData + window.origin
            var group = 0
            while group < groups {
                let origin = windowOrigin + group &* depth
                let groupEnd = (group &+ 1) &* filtersPerGroup
                var channel = group &* filtersPerGroup
                while channel &+ 4 <= groupEnd {
                    let w = filterData + channel &* filterSize
                    var sums = Sums4<Accumulator>()
                    forEachRun(window, origin) { x, offset, length in
                        sums.add(x, w + offset, filterSize, length)
                    }
                    sums.flush()
                    store(sums.total.0, channel, outputPixel)
                    store(sums.total.1, channel &+ 1, outputPixel)
                    store(sums.total.2, channel &+ 2, outputPixel)
                    store(sums.total.3, channel &+ 3, outputPixel)
                    channel &+= 4
                }
                while channel < groupEnd {
                    let w = filterData + channel &* filterSize
                    var sums = Sums1<Accumulator>()
                    forEachRun(window, origin) { x, offset, length in
                        sums.add(x, w + offset, length)
                    }
                    sums.flush()
                    store(sums.total, channel, outputPixel)
                    channel &+= 1
                }
                group &+= 1
            }
            outputPixel += channels
        }
    }
}

/// Int32 partial sums over at most this many taps cannot overflow (|w · x| <= 128 · 32768 = 2^22).
@usableFromInline let int32SafeTaps = 511

/// Four channels' sums: int32 partial sums, widened into `total` before they could overflow.
struct Sums4<Accumulator: Accumulator16x8> {
    var total: (Accumulator, Accumulator, Accumulator, Accumulator) = (0, 0, 0, 0)
    var partial: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
    /// Taps in `partial` since the last flush.
    var pending = 0

    @inline(__always) mutating func flush() {
        total.0 &+= Accumulator.widen(partial.0)
        total.1 &+= Accumulator.widen(partial.1)
        total.2 &+= Accumulator.widen(partial.2)
        total.3 &+= Accumulator.widen(partial.3)
        partial = (0, 0, 0, 0)
        pending = 0
    }

    /// Adds Σ w_c[k] · x[k], k < count, for the four filters w, w + stride, w + 2·stride, w + 3·stride.
    @inline(__always) mutating func add(
        _ x: UnsafePointer<Int16>, _ w: UnsafePointer<Int8>, _ stride: Int, _ count: Int
    ) {
        var k = 0
        while k < count {
            let chunk = Swift.min(count &- k, int32SafeTaps)
            if pending &+ chunk > int32SafeTaps { flush() }
            let w0 = w + k, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride, xk = x + k
            var (a, b, c, d) = partial
            var i = 0
            while i < chunk {
                let value = Int32(xk[i])
                a &+= Int32(w0[i]) &* value
                b &+= Int32(w1[i]) &* value
                c &+= Int32(w2[i]) &* value
                d &+= Int32(w3[i]) &* value
                i &+= 1
            }
            partial = (a, b, c, d)
            pending &+= chunk
            k &+= chunk
        }
    }
}

/// One channel's sum, as Sums4.
struct Sums1<Accumulator: Accumulator16x8> {
    var total: Accumulator = 0
    var partial: Int32 = 0
    var pending = 0

    @inline(__always) mutating func flush() {
        total &+= Accumulator.widen(partial)
        partial = 0
        pending = 0
    }

    @inline(__always) mutating func add(_ x: UnsafePointer<Int16>, _ w: UnsafePointer<Int8>, _ count: Int) {
        var k = 0
        while k < count {
            let chunk = Swift.min(count &- k, int32SafeTaps)
            if pending &+ chunk > int32SafeTaps { flush() }
            let wk = w + k, xk = x + k
            var a = partial
            var i = 0
            while i < chunk {
                a &+= Int32(wk[i]) &* Int32(xk[i])
                i &+= 1
            }
            partial = a
            pending &+= chunk
            k &+= chunk
        }
    }
}
