// int8 ADD, SUB and MUL over one fused loop of many elements, on a host, by one lookup per
// element (compiled out of the Cortex-M4 build). An int8 output is a function of the two int8
// inputs alone, so prepare evaluates the kernel's own element function (the oracle) on all
// 256 x 256 pairs into a 64 KiB table in host-only persistent memory; invoke then reads
// table[x1][x2]. The bits are the reference's by construction; HostPairTableTests check it
// through the kernels' invoke. Worth its prepare (65,536 evaluations) and memory only for large
// tensors: `applies` asks for at least 4,096 elements. One fused loop runs as a flat loop, any
// other broadcast through the plan.

#if !arch(arm)
    /// A prepared int8 binary kernel as a table of its outputs.
    public struct HostPairTable {
        /// [x1 + 128][x2 + 128].
        let table: UnsafePointer<Int8>
        let plan: BroadcastPlan

        /// Bytes of the host-only table.
        public static var bytes: Int { 65_536 }

        /// Whether the table pays: at least 4,096 elements.
        public static func applies(_ plan: BroadcastPlan) -> Bool { plan.elementCount >= 4_096 }

        /// Fills `host` (`bytes` bytes) with `element(x1, x2)` for every int8 pair.
        public init(plan: BroadcastPlan, host: UnsafeMutableRawPointer, _ element: (Int32, Int32) -> Int32) {
            let target = host.assumingMemoryBound(to: Int8.self)
            for x1 in -128...127 {
                let row = target + (x1 &+ 128) &* 256
                for x2 in -128...127 {
                    row[x2 &+ 128] = Int8(truncatingIfNeeded: element(Int32(x1), Int32(x2)))
                }
            }
            table = UnsafePointer(target)
            self.plan = plan
        }

        public func invoke(input1: UnsafePointer<Int8>, input2: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>)
        {
            let rows = table + (128 &* 256 &+ 128)
            guard plan.loopCount == 1 else {
                plan.forEachElement { offset1, offset2, outputOffset in
                    output[outputOffset] = rows[Int(input1[offset1]) &* 256 &+ Int(input2[offset2])]
                }
                return
            }
            let count = plan.elementCount, stride1 = plan.strides1[0], stride2 = plan.strides2[0]
            var x1 = input1, x2 = input2
            var index = 0
            while index < count {
                output[index] = rows[Int(x1.pointee) &* 256 &+ Int(x2.pointee)]
                x1 += stride1
                x2 += stride2
                index &+= 1
            }
        }
    }
#endif
