import Testing

@testable import KingletKernels

#if canImport(Glibc)
    import Glibc
#endif

// referenceExpf was compared with glibc 2.36's expf (the FMA build that x86-64 CPUs with FMA
// select, as the pip tflite-micro reference does) on all 2^32 inputs, with 0 differences, by a
// release-built loop (not run in CI: ~60 s):
//   swiftc -O Sources/KingletKernels/Float/FloatExp.swift main.swift  (main: for every bit
//   pattern u, compare expf(Float(bitPattern: u)) with referenceExpf, NaNs equal)
// Here: values from that machine's expf, including the only two inputs where glibc's non-FMA
// build rounds differently, and a strided sample against the host libm when it is glibc.

@Suite struct FloatExpTests {
    @Test func pinnedGlibcValues() {
        let cases: [(UInt32, UInt32)] = [
            (0x4202_422F, 0x56FC_9F1C),  // the non-FMA build gives ...1B
            (0xC27C_65D9, 0x11FA_2993),  // the non-FMA build gives ...92
            (0x0000_0000, 0x3F80_0000),  // exp(0) = 1
            (0x8000_0000, 0x3F80_0000),
            (0x3F80_0000, 0x402D_F854),  // e
            (0x7F80_0000, 0x7F80_0000),  // +inf
            (0xFF80_0000, 0x0000_0000),  // -inf
            (0x42B1_7218, 0x7F80_0000),  // just above log(FLT_MAX): overflow
            (0xC2CF_F1B5, 0x0000_0000),  // below log(2^-150): underflow
        ]
        for (input, expected) in cases {
            #expect(
                referenceExpf(Float(bitPattern: input)).bitPattern == expected, "input 0x\(String(input, radix: 16))")
        }
        #expect(referenceExpf(.nan).isNaN)
    }

    #if canImport(Glibc)
        @Test func agreesWithHostGlibcOnASample() {
            // Every 997th bit pattern (~4.3 million inputs), NaN payloads aside.
            var mismatches = 0
            var bits: UInt64 = 0
            while bits <= UInt64(UInt32.max) {
                let x = Float(bitPattern: UInt32(bits))
                let expected = expf(x), actual = referenceExpf(x)
                if expected.bitPattern != actual.bitPattern && !(expected.isNaN && actual.isNaN) { mismatches += 1 }
                bits += 997
            }
            #expect(mismatches == 0)
        }
    #endif
}
