import Testing

@testable import KingletKernels

/// The other signal kernels: the checks that replace TFLM's unchecked lengths and option values,
/// and their integer helpers. Their arithmetic is compared with pip tflite-micro in
/// KingletRuntimeTests.SignalOperatorTests (testdata/signal, from tools/vectors/signal_vectors.py).
@Suite struct SignalKernelsTests {
    @Test func mostSignificantBitFollowsTheGNUCBranch() {
        #expect(signalMostSignificantBit32(0) == 32)  // TFLM's quirk: 32 for 0
        #expect(signalMostSignificantBit32(1) == 1)
        #expect(signalMostSignificantBit32(0x8000_0000) == 32)
        #expect(signalMostSignificantBit64(0) == 64)
        #expect(signalMostSignificantBit64(1 << 40) == 41)
    }

    @Test func maxAbsKeepsTFLMsOrderDependence() {
        // -(-32768) stored to int16 stays -32768; a later 5 then replaces it (TFLM's loop).
        let values: [Int16] = [-32768, 5, 3]
        #expect(SignalFftAutoScale.maxAbs(values, count: 3) == 5)
        let reversed: [Int16] = [5, -32768]
        #expect(SignalFftAutoScale.maxAbs(reversed, count: 2) == -32768)
    }

    @Test func squareRootsRoundAsTFLMs() {
        #expect(SignalFilterBankSquareRoot.sqrt32(0) == 0)
        #expect(SignalFilterBankSquareRoot.sqrt32(UInt32.max) == 0xFFFF)
        #expect(SignalFilterBankSquareRoot.sqrt32(15) == 4)  // rounds up: 15 - 9 > 3
        #expect(SignalFilterBankSquareRoot.sqrt64(UInt64.max) == 0xFFFF_FFFF)
        #expect(SignalFilterBankSquareRoot.sqrt64(1 << 32) == 65536)
    }

    @Test func optionsOutsideCsDefinedShiftsAreRefused() {
        #expect(throws: KernelError.self) {
            try SignalWindow(elementCount: 4, windowLength: 4, outputCount: 4, shift: 32)
        }
        #expect(throws: KernelError.self) {
            try SignalWindow(elementCount: 4, windowLength: 4, outputCount: 4, shift: -1)
        }
        #expect(throws: KernelError.self) {
            try SignalWindow(elementCount: 6, windowLength: 4, outputCount: 6, shift: 1)
        }
        #expect(throws: KernelError.self) {
            try SignalWindow(elementCount: 4, windowLength: 0, outputCount: 4, shift: 1)
        }
        #expect(throws: KernelError.self) {
            try SignalFilterBankLog(inputCorrectionBits: 32, outputScale: 64, inputCount: 4, outputCount: 4)
        }
        #expect(throws: KernelError.self) {
            try SignalPcan(snrShift: 64, inputCount: 4, noiseCount: 4, tableCount: 125, outputCount: 4)
        }
        #expect(throws: KernelError.self) {
            try SignalPcan(snrShift: 6, inputCount: 4, noiseCount: 4, tableCount: 124, outputCount: 4)
        }
        #expect(throws: KernelError.self) {
            try SignalEnergy(startIndex: 0, endIndex: 10, complexCount: 9, outputCount: 10)
        }
        #expect(throws: KernelError.self) {
            try SignalEnergy(startIndex: -1, endIndex: 5, complexCount: 9, outputCount: 10)
        }
    }

    @Test func filterBankBandsMustLieInsideTheirTensors() {
        let weights: [Int16] = [1, 2, 3, 4]
        let starts: [Int16] = [0, 1, 2], weightStarts: [Int16] = [0, 1, 2]
        func make(widths: [Int16], inputCount: Int = 4, channels: Int32 = 2, outputCount: Int = 2) throws(KernelError) {
            try weights.withUnsafeBufferPointer { (w) throws(KernelError) in
                try starts.withUnsafeBufferPointer { (s) throws(KernelError) in
                    try weightStarts.withUnsafeBufferPointer { (ws) throws(KernelError) in
                        try widths.withUnsafeBufferPointer { (wd) throws(KernelError) in
                            _ = try SignalFilterBank(
                                numChannels: channels, inputCount: inputCount, weights: w, unweights: w,
                                frequencyStarts: s, weightStarts: ws, widths: wd, outputCount: outputCount)
                        }
                    }
                }
            }
        }
        #expect(throws: Never.self) { try make(widths: [1, 2, 2]) }
        #expect(throws: KernelError.self) { try make(widths: [1, 2, 3]) }  // weights end at 5 > 4
        #expect(throws: KernelError.self) { try make(widths: [1, 2, 2], inputCount: 3) }  // spectrum ends at 4 > 3
        #expect(throws: KernelError.self) { try make(widths: [1, 2, 2], channels: 3) }  // tables of 3 < 4
        #expect(throws: KernelError.self) { try make(widths: [1, 2, 2], outputCount: 3) }  // output > channels
        #expect(throws: KernelError.self) { try make(widths: [1, 2, 2], channels: -1) }
    }
}
