// int8 and int16 ADD and SUB over one fused loop (same shapes, or one input a scalar), host only
// (compiled out of the Cortex-M4 build: the firmware does not grow); the oracle is
// AddSubArithmetic.evaluate over the broadcast plan (HostAddSubTests compare the two on seeded
// random cases). An int8 input has 256 values, so each input's shifted and rescaled value
// (`(x - z) << 20`, then MultiplyByQuantizedMultiplierSmallerThanOneExp) is looked up in a
// 256-entry table filled per invoke by the same functions; only the combined value's rescaling
// to the output and the clamp run per element. int16 (65,536 values: no table) rescales all three
// per element. Every rescaling here is fastMultiplyByQuantizedMultiplier (the same bits as
// MultiplyByQuantizedMultiplierSmallerThanOneExp: prepare keeps shift <= 0), branch-free.

#if !arch(arm)
    extension AddSubArithmetic {
        /// Whether `hostInvoke` (int8) or `hostInvoke16` (int16) applies: one fused loop.
        @usableFromInline var hostApplies: Bool { plan.loopCount == 1 }

        /// As `invoke` for Int16 tensors, for `hostApplies` kernels.
        @usableFromInline
        func hostInvoke16<Kernel: AddSubKernel>(
            input1: UnsafePointer<Int16>, input2: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>,
            _: Kernel.Type
        ) {
            let count = plan.elementCount
            let stride1 = plan.strides1[0], stride2 = plan.strides2[0]
            let offset1 = quantization.input1Offset, offset2 = quantization.input2Offset
            let outputOffset = quantization.outputOffset, range = quantization.activationRange
            let m1 = input1Multiplier, m2 = input2Multiplier, mo = outputMultiplier
            var x1 = input1, x2 = input2
            var index = 0
            while index < count {
                let scaled1 = fastMultiplyByQuantizedMultiplier(
                    (Int32(x1.pointee) &+ offset1) &<< leftShift, m1.multiplier, m1.shift)
                let scaled2 = fastMultiplyByQuantizedMultiplier(
                    (Int32(x2.pointee) &+ offset2) &<< leftShift, m2.multiplier, m2.shift)
                let raw =
                    fastMultiplyByQuantizedMultiplier(Kernel.combine(scaled1, scaled2), mo.multiplier, mo.shift)
                    &+ outputOffset
                output[index] = Int16(truncatingIfNeeded: range.clamp(raw))
                x1 += stride1
                x2 += stride2
                index &+= 1
            }
        }

        /// As `invoke` for Int8 tensors, for `hostApplies` kernels.
        @usableFromInline
        func hostInvoke<Kernel: AddSubKernel>(
            input1: UnsafePointer<Int8>, input2: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
            _: Kernel.Type
        ) {
            // Two tables of 256 Int32 on the stack (invoke allocates nothing).
            var storage = ScaledTables()
            withUnsafeMutableBytes(of: &storage) { raw in
                let table1 = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: Int32.self) + 128
                let table2 = table1 + 256
                var value: Int32 = -128
                while value <= 127 {
                    table1[Int(value)] = multiplyByQuantizedMultiplierSmallerThanOneExp(
                        (value &+ quantization.input1Offset) &<< leftShift, input1Multiplier.multiplier,
                        input1Multiplier.shift)
                    table2[Int(value)] = multiplyByQuantizedMultiplierSmallerThanOneExp(
                        (value &+ quantization.input2Offset) &<< leftShift, input2Multiplier.multiplier,
                        input2Multiplier.shift)
                    value &+= 1
                }
                let count = plan.elementCount
                let stride1 = plan.strides1[0], stride2 = plan.strides2[0]
                let multiplier = outputMultiplier.multiplier, shift = outputMultiplier.shift
                let outputOffset = quantization.outputOffset, range = quantization.activationRange
                var x1 = input1, x2 = input2
                var index = 0
                while index < count {
                    let combined = Kernel.combine(table1[Int(x1.pointee)], table2[Int(x2.pointee)])
                    let raw =
                        fastMultiplyByQuantizedMultiplier(combined, multiplier, shift) &+ outputOffset
                    output[index] = Int8(truncatingIfNeeded: range.clamp(raw))
                    x1 += stride1
                    x2 += stride2
                    index &+= 1
                }
            }
        }
    }

    /// 512 Int32: the two inputs' tables.
    private struct ScaledTables {
        var storage = (
            SIMD64<Int32>(), SIMD64<Int32>(), SIMD64<Int32>(), SIMD64<Int32>(),
            SIMD64<Int32>(), SIMD64<Int32>(), SIMD64<Int32>(), SIMD64<Int32>()
        )
    }
#endif
