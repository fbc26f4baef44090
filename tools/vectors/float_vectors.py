#!/usr/bin/env python3
"""float32 SOFTMAX / LOGISTIC / TANH on pip tflite-micro, for FloatSoftmaxTests.swift,
FloatLogisticTests.swift and FloatTanhTests.swift.

    float_vectors.py softmax SEED COUNT    # digest (FloatSoftmaxTests.matchesPipTFLMDigest)
    float_vectors.py logistic SEED COUNT   # digest (FloatLogisticTests.matchesPipTFLMDigest)
    float_vectors.py softmax-cases         # Swift `enum FloatSoftmaxVectors`
    float_vectors.py logistic-cases        # Swift `enum FloatLogisticVectors`
    float_vectors.py tanh-cases            # Swift `let floatTanhVector`

Each case is the converter's int8 template with every tensor patched to float32 (no
quantization). Random floats are pip_float draws (common.py, pipFloat in the tests); the
named cases draw theirs from SplitMix64(seed: 1) and append the listed special values. pip
TFLM's float kernels call the host libm (glibc's expf, expm1f); the expected values were
made on x86-64 Linux with glibc 2.36.
"""

import struct
import sys

import numpy as np

from common import Fnv, Model, SplitMix64, hex32, hex_bytes, pip_float, run_tflm, swift_array


def run(kind, x, shape, beta=None):
    m = Model(kind, kind.upper())
    m.set("in", 0, shape, "float32")
    m.set("out", 0, shape, "float32")
    if beta is not None:
        m.op.builtinOptions.beta = float(beta)
    return run_tflm(m.bytes(), [np.array(x, dtype=np.float32).reshape(shape)])[0].reshape(-1)


def bits(*patterns):
    return [struct.unpack("<f", struct.pack("<I", p))[0] for p in patterns]


# LOGISTIC: both cutoffs (16.619047, -9, and their neighbours), signed zeros, 88, -104, infinities.
LOGISTIC_SPECIALS = bits(0x4184F3CF, 0x4184F5C3, 0xC1100000, 0xC1100001, 0x00000000, 0x80000000,
                         0x42B00000, 0xC2D00000, 0x7F800000, 0xFF800000)
# TANH: NaN, signed zeros, infinities, the 22 and 1 branch boundaries, the smallest subnormal, a
# tiny negative, the expm1f reduction boundaries (ln2/2 around 0.3466, 0.5, 88.7, -88.8, 9), 1e-8.
TANH_SPECIALS = bits(0x7FC00000, 0x80000000, 0x00000000, 0x7F800000, 0xFF800000, 0x41B00000, 0xC1AFFFFF,
                     0x3F800000, 0xBF7FFFFF, 0x00000001, 0xA3B877AA, 0x3EB17218, 0x3EB17219, 0x3F000000,
                     0x42B16666, 0xC2B1999A, 0x41100000, 0x322BCC77)


def main(argv):
    what = argv[0]
    if what == "softmax-cases":
        r = SplitMix64(1)
        x = [pip_float(r, 8) for _ in range(33)]
        print("\n".join(["enum FloatSoftmaxVectors {",
                         swift_array("beta1Input", hex32(x), "UInt32"),
                         swift_array("beta1Output", hex32(run("softmax", x, [3, 11], 1.0)), "UInt32"),
                         swift_array("beta037Output", hex32(run("softmax", x, [3, 11], np.float32(0.37))), "UInt32"),
                         "}"]))
        return 0
    if what == "logistic-cases":
        r = SplitMix64(1)
        x = [pip_float(r, 24) for _ in range(120)] + LOGISTIC_SPECIALS
        print("\n".join(["enum FloatLogisticVectors {",
                         swift_array("input", hex32(x), "UInt32"),
                         swift_array("output", hex32(run("logistic", x, [len(x)])), "UInt32"),
                         "}"]))
        return 0
    if what == "tanh-cases":
        r = SplitMix64(1)
        x = TANH_SPECIALS + [pip_float(r, 6) for _ in range(110)]
        y = run("tanh", x, [len(x)])
        print(f'let floatTanhVector: (String, String) = (\n    "{hex_bytes(x, np.float32)}",\n'
              f'    "{hex_bytes(y, np.float32)}"\n)')
        return 0
    r, digest = SplitMix64(int(argv[1])), Fnv()
    for _ in range(int(argv[2])):
        if what == "softmax":
            shape = [r.range(1, 12) for _ in range(r.range(1, 3))]
            beta = np.float32(1) if r.range(0, 1) == 0 else r.scale(-2, 1)
            x = [pip_float(r, 20) for _ in range(int(np.prod(shape)))]
            y = run("softmax", x, shape, beta)
        else:
            count = r.range(1, 64)
            x = [pip_float(r, 30) for _ in range(count)]
            y = run("logistic", x, [count])
        digest.mix_all(y.view(np.uint32))
    print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
