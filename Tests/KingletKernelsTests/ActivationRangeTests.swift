import Testing

@testable import KingletKernels

// The digest and spot values from tools/vectors/cc/act_vectors.cc (not run in CI), which calls TFLM's
// own tflite::CalculateActivationRangeQuantized (kernel_util.cc, compiled in) from a TFLM checkout
// given with -I (commit in tools/vectors/README.md) and the gemmlowp the pinned tensorflow-cpu wheel ships:
//   g++ -std=c++17 -O2 -fwrapv -I$TFLM -I<venv>/lib/python3.11/site-packages/tensorflow/include/external/gemmlowp \
//       tools/vectors/cc/act_vectors.cc $TFLM/tensorflow/lite/kernels/kernel_util.cc \
//       $TFLM/tensorflow/lite/core/c/common.cc $TFLM/tensorflow/lite/kernels/internal/quantization_util.cc \
//       $TFLM/tensorflow/lite/array.cc -o act_vectors && ./act_vectors
// It draws the same SplitMix64 sequence as matchesTFLMDigest. clampOrderMatchesTFLMWhenBoundsCross,
// floatRanges and flatbufferValues have no generator.

@Suite struct ActivationRangeTests {
    @Test func spotValues() throws {
        func range(_ activation: FusedActivation, _ scale: Float, _ zeroPoint: Int32) throws -> QuantizedActivationRange
        {
            try quantizedActivationRange(activation, outputScale: scale, outputZeroPoint: zeroPoint)
        }
        #expect(try range(.relu, 0x1.99999ap-4, -10) == QuantizedActivationRange(min: -10, max: 127))
        #expect(try range(.relu6, 0x1.99999ap-5, -128) == QuantizedActivationRange(min: -128, max: -8))
        #expect(try range(.relu6, 0x1.818174p-6, -128) == QuantizedActivationRange(min: -128, max: 127))
        #expect(try range(.reluN1To1, 0x1p-7, 0) == QuantizedActivationRange(min: -128, max: 127))
        #expect(try range(.reluN1To1, 0x1.89374cp-9, 5) == QuantizedActivationRange(min: -128, max: 127))
        #expect(try range(.relu6, 0x1.7a17a2p-5, 3) == QuantizedActivationRange(min: 3, max: 127))
        #expect(try range(.none, 0, 0) == .int8)
        #expect(try range(.relu6, 0x1.800002p-29, 0) == QuantizedActivationRange(min: 0, max: 127))
        #expect(try range(.tanh, 0.1, 7) == .int8)
        #expect(try range(.signBit, 0.1, 7) == .int8)
        // TFLM's prepare fails: 0/0 is NaN, and 6/1e-10 does not fit in int32.
        #expect(throws: KernelError.self) { try range(.relu, 0, 0) }
        #expect(throws: KernelError.self) { try range(.relu6, 0x1.b7cdfep-34, 0) }
    }

    @Test func matchesTFLMDigest() {
        var random = SplitMix64(seed: 40)
        var digest = Fnv()
        let activations: [FusedActivation] = [.none, .relu, .reluN1To1, .relu6, .tanh, .signBit]
        for _ in 0..<100_000 {
            let scale = random.scale(-12, 2)
            let zeroPoint = random.range(-128, 127)
            let activation = activations[Int(random.next() % 6)]
            let typeRange: QuantizedActivationRange = random.next() & 1 == 1 ? .int8 : .int16
            do {
                let range = try quantizedActivationRange(
                    activation, outputScale: scale, outputZeroPoint: zeroPoint, typeRange: typeRange)
                digest.mix(Int32(1))
                digest.mix(range.min)
                digest.mix(range.max)
            } catch {
                digest.mix(Int32(0))
            }
        }
        #expect(digest.hash == 0x3b16_2f56_6c75_e532)
    }

    @Test func clampOrderMatchesTFLMWhenBoundsCross() {
        // min > max can only come from a malformed zero point; TFLM's release build applies
        // max(lower) then min(upper), so the upper bound wins.
        let crossed = QuantizedActivationRange(min: 100, max: 50)
        #expect(crossed.clamp(0) == 50)
        #expect(crossed.clamp(120) == 50)
        #expect(QuantizedActivationRange.int8.clamp(-1000) == -128)
        #expect(QuantizedActivationRange.int8.clamp(1000) == 127)
    }

    @Test func floatRanges() {
        #expect(floatActivationRange(.relu6) == (0, 6))
        #expect(floatActivationRange(.reluN1To1) == (-1, 1))
        #expect(floatActivationRange(.relu) == (0, .greatestFiniteMagnitude))
        #expect(floatActivationRange(.tanh) == (-.greatestFiniteMagnitude, .greatestFiniteMagnitude))
    }

    @Test func flatbufferValues() {
        #expect(FusedActivation(flatbufferValue: 3) == .relu6)
        #expect(FusedActivation(flatbufferValue: 5) == .signBit)
        #expect(FusedActivation(flatbufferValue: 6) == nil)
    }
}
