// An int8 elementwise kernel (HARD_SWISH) on a host as one lookup per element (compiled out of
// the Cortex-M4 build). Its output is a function of the one int8 input, so prepare evaluates the
// kernel's own element function (the oracle) on all 256 values into a 256-byte table in
// host-only persistent memory; invoke reads table[x]. The bits are the reference's by
// construction; HostByteTableTests check it through the kernel's invoke.

#if !arch(arm)
    public struct HostByteTable {
        /// [x + 128].
        let table: UnsafePointer<Int8>
        public let elementCount: Int

        /// Bytes of the host-only table.
        public static var bytes: Int { 256 }

        /// Fills `host` (`bytes` bytes) with `element(x)` for every int8 x.
        public init(elementCount: Int, host: UnsafeMutableRawPointer, _ element: (Int8) -> Int8) {
            let target = host.assumingMemoryBound(to: Int8.self)
            for x in -128...127 { target[x &+ 128] = element(Int8(x)) }
            table = UnsafePointer(target)
            self.elementCount = elementCount
        }

        public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
            let rows = table + 128
            var index = 0
            while index < elementCount {
                output[index] = rows[Int(input[index])]
                index &+= 1
            }
        }
    }
#endif
