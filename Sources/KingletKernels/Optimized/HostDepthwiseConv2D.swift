// DEPTHWISE_CONV_2D int8 with depth multiplier 1 or input depth 1, host only (compiled out of the Cortex-M4
// build: the firmware does not grow); the oracle is DepthwiseConv2D.invoke
// (HostDepthwiseConv2DTests compare the two on seeded random cases). Channels innermost: for
// each output pixel, a block of 16 (then 8) channels is summed at once in SIMD lanes, one tap
// after the other, so the loads are contiguous and LLVM emits SSE2 (pmullw, widening adds); with
// one input channel (micro_speech: depth multiplier 8) every lane takes the same input value.
// The arithmetic is OptimizedDepthwiseConv2D's (the same folded biases, the same int32 sums mod
// 2^32, the same requantizeFast), with one extra fact: every product w · (x + offset) fits an
// Int16 (|x + offset| <= 255 and |w| <= 128 give at most 32,640), so the multiply is 16-bit and
// only the sum is widened. A zero point outside int8 (hostile: 128 would give 256 · -128) keeps
// the scalar path, as does any other depth multiplier.

#if !arch(arm)
    extension OptimizedDepthwiseConv2D {
        /// Whether `hostInvoke` applies: depth multiplier 1 or one input channel, and an input
        /// offset (-zp, zp in int8) with Int16 products.
        var hostApplies: Bool {
            (reference.depthMultiplier == 1 || reference.geometry.input.d3 == 1)
                && reference.quantization.inputOffset >= -127 && reference.quantization.inputOffset <= 128
        }

        /// As `invoke`, for `hostApplies` kernels.
        func hostInvoke(
            input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>,
            bias: UnsafePointer<Int32>?, output outputData: UnsafeMutablePointer<Int8>,
            scratch: UnsafeMutablePointer<Int32>?
        ) {
            let quantization = reference.quantization, geometry = reference.geometry
            let channels = geometry.output.d3
            let (multipliers, shifts, folded) = channelTable.begin(filter: filterData, bias: bias, scratch: scratch)
            let input = geometry.input, filter = geometry.filter
            let rows = geometry.rows, columns = geometry.columns
            let inputOffset = quantization.inputOffset
            let inputRowBytes = input.d2 &* input.d3
            let rowStep = rows.dilation &* inputRowBytes, columnStep = columns.dilation &* input.d3
            // Output channel c reads input channel c (depth multiplier 1) or 0 (one input channel).
            let single = input.d3 == 1 && channels != 1
            let inputLaneStep = single ? 0 : 1
            let filterRowStep = filter.d2 &* channels
            // The tail of fewer than 8 channels, as the scalar kernel sums it.
            let tail = channels & ~7

            var outputPixel = outputData
            geometry.forEachWindow { window in
                let (firstY, endY) = window.rows, (firstX, endX) = window.columns
                let origin = inputData + (window.origin &+ firstY &* rowStep &+ firstX &* columnStep)
                let filterOrigin = filterData + (firstY &* filterRowStep &+ firstX &* channels)
                let inside = window.inside
                let offset: Int32 = inside ? 0 : inputOffset
                let start: UnsafePointer<Int32>? = inside ? folded : bias
                let taps = Taps(
                    input: origin, filter: filterOrigin, rows: endY &- firstY, columns: endX &- firstX,
                    rowStep: rowStep, columnStep: columnStep, filterRowStep: filterRowStep, filterColumnStep: channels,
                    offset: Int16(truncatingIfNeeded: offset), broadcast: single)
                var channel = 0
                while channel &+ 16 <= channels {
                    // Stored once and read back lane by lane (indexing the vector spilled it per lane).
                    withUnsafeBytes(of: taps.sum16(at: channel, start)) { raw in
                        let sums = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: Int32.self)
                        var lane = 0
                        while lane < 16 {
                            outputPixel[channel &+ lane] = quantization.requantizeFast(
                                sums[lane], multiplier: multipliers[channel &+ lane], shift: shifts[channel &+ lane])
                            lane &+= 1
                        }
                    }
                    channel &+= 16
                }
                if channel < tail {
                    // Stored once and read back lane by lane (indexing the vector spilled it per lane).
                    withUnsafeBytes(of: taps.sum8(at: channel, start)) { raw in
                        let sums = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: Int32.self)
                        var lane = 0
                        while lane < 8 {
                            outputPixel[channel &+ lane] = quantization.requantizeFast(
                                sums[lane], multiplier: multipliers[channel &+ lane], shift: shifts[channel &+ lane])
                            lane &+= 1
                        }
                    }
                    channel &+= 8
                }
                while channel < channels {
                    var sum = start?[channel] ?? 0
                    var rowX = origin + channel &* inputLaneStep, rowW = filterOrigin + channel
                    var filterY = firstY
                    while filterY < endY {
                        var xTap = rowX, wTap = rowW
                        var filterX = firstX
                        while filterX < endX {
                            sum &+= Int32(wTap.pointee) &* (Int32(xTap.pointee) &+ offset)
                            xTap += columnStep
                            wTap += channels
                            filterX &+= 1
                        }
                        rowX += rowStep
                        rowW += filterRowStep
                        filterY &+= 1
                    }
                    outputPixel[channel] = quantization.requantizeFast(
                        sum, multiplier: multipliers[channel], shift: shifts[channel])
                    channel &+= 1
                }
                outputPixel += channels
            }
        }
    }

    /// One window's valid taps: the first tap's input and filter (channel 0), how many rows and
    /// columns, and the steps between them.
    private struct Taps {
        let input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>
        let rows: Int, columns: Int
        let rowStep: Int, columnStep: Int, filterRowStep: Int, filterColumnStep: Int
        let offset: Int16
        /// One input channel: every lane takes the tap's one input value.
        let broadcast: Bool

        /// `start` (or 0) + Σ w · (x + offset) over the taps, for the lanes' channels from `channel`.
        @inline(__always)
        func sum16(at channel: Int, _ start: UnsafePointer<Int32>?) -> SIMD16<Int32> {
            var sums =
                start.map { UnsafeRawPointer($0 + channel).loadUnaligned(as: SIMD16<Int32>.self) } ?? SIMD16<Int32>()
            let offsets = SIMD16<Int16>(repeating: offset)
            var rowX = broadcast ? input : input + channel, rowW = filter + channel
            var row = 0
            while row < rows {
                var x = rowX, w = rowW
                var column = 0
                while column < columns {
                    let xs =
                        broadcast
                        ? SIMD16<Int16>(repeating: Int16(x.pointee))
                        : widen(UnsafeRawPointer(x).loadUnaligned(as: SIMD16<Int8>.self))
                    let ws = widen(UnsafeRawPointer(w).loadUnaligned(as: SIMD16<Int8>.self))
                    // Fits Int16 (see the header): the 16-bit product is exact.
                    sums &+= widen((xs &+ offsets) &* ws)
                    x += columnStep
                    w += filterColumnStep
                    column &+= 1
                }
                rowX += rowStep
                rowW += filterRowStep
                row &+= 1
            }
            return sums
        }

        /// As sum16, 8 channels.
        @inline(__always)
        func sum8(at channel: Int, _ start: UnsafePointer<Int32>?) -> SIMD8<Int32> {
            var sums =
                start.map { UnsafeRawPointer($0 + channel).loadUnaligned(as: SIMD8<Int32>.self) } ?? SIMD8<Int32>()
            let offsets = SIMD8<Int16>(repeating: offset)
            var rowX = broadcast ? input : input + channel, rowW = filter + channel
            var row = 0
            while row < rows {
                var x = rowX, w = rowW
                var column = 0
                while column < columns {
                    let xs =
                        broadcast
                        ? SIMD8<Int16>(repeating: Int16(x.pointee))
                        : widen(UnsafeRawPointer(x).loadUnaligned(as: SIMD8<Int8>.self))
                    let ws = widen(UnsafeRawPointer(w).loadUnaligned(as: SIMD8<Int8>.self))
                    // Fits Int16 (see the header): the 16-bit product is exact.
                    sums &+= widen((xs &+ offsets) &* ws)
                    x += columnStep
                    w += filterColumnStep
                    column &+= 1
                }
                rowX += rowStep
                rowW += filterRowStep
                row &+= 1
            }
            return sums
        }
    }

    // Lane by lane, so LLVM inlines the SSE2 sign extensions (the stdlib's
    // `init(truncatingIfNeeded:)` stays a call per vector).
    @inline(__always)
    private func widen(_ v: SIMD16<Int8>) -> SIMD16<Int16> {
        var wide = SIMD16<Int16>()
        for lane in 0..<16 { wide[lane] = Int16(v[lane]) }
        return wide
    }

    @inline(__always)
    private func widen(_ v: SIMD16<Int16>) -> SIMD16<Int32> {
        var wide = SIMD16<Int32>()
        for lane in 0..<16 { wide[lane] = Int32(v[lane]) }
        return wide
    }

    @inline(__always)
    private func widen(_ v: SIMD8<Int8>) -> SIMD8<Int16> {
        var wide = SIMD8<Int16>()
        for lane in 0..<8 { wide[lane] = Int16(v[lane]) }
        return wide
    }

    @inline(__always)
    private func widen(_ v: SIMD8<Int16>) -> SIMD8<Int32> {
        var wide = SIMD8<Int32>()
        for lane in 0..<8 { wide[lane] = Int32(v[lane]) }
        return wide
    }
#endif
