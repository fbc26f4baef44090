#!/usr/bin/env python3
"""MAXIMUM / MINIMUM on pip tflite-micro, for MaximumMinimumTests.swift.

    maximum_minimum_vectors.py

prints the test's case table whole (Swift, `maximumMinimumCases`). Cases are drawn from
SplitMix64 seeded with SEED (common.py): MAXIMUM or MINIMUM, broadcastable rank 1-4 shapes (an
input may drop leading axes), int8 / int16 (each tensor with its own random scale and zero
point: TFLM compares the raw values and ignores the quantization), int32, int64 (full range) and
float32 (drawn from NaNs, signed zeros, infinities and a few values, or random). Inputs and pip
TFLM's outputs as little-endian hex bytes (activationHexBytes in ReluTests.swift).
"""

import struct
import sys

import numpy as np

from common import Model, SplitMix64, hex_bytes, pip_float, run_tflm, swift_block, swift_list

SEED = 17
COUNT = 40
TYPES = ["int8", "int16", "int32", "int64", "float32"]
RANGES = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}
# NaN, -NaN, -0, 0, +-inf, -1.5, 1.5, 2.
SPECIALS = [0x7FC00000, 0xFFC00000, 0x80000000, 0x00000000, 0x7F800000, 0xFF800000, 0xBFC00000, 0x3FC00000,
            0x40000000]


def shapes(r):
    rank = r.range(1, 4)
    out = [r.range(1, 3) for _ in range(rank)]

    def side():
        dims = [d if r.range(0, 2) != 0 else 1 for d in out]
        drop = r.range(0, rank - 1) if r.range(0, 3) == 0 else 0
        return dims[drop:]

    a, b = side(), side()
    n = max(len(a), len(b))
    ea, eb = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    return a, b, [max(x, y) for x, y in zip(ea, eb)]


def values(r, dtype, n):
    if dtype == "float32":
        bits = [SPECIALS[r.range(0, len(SPECIALS) - 1)] if r.range(0, 1) == 0
                else struct.unpack("<I", struct.pack("<f", pip_float(r, 4)))[0] for _ in range(n)]
        return np.array(bits, dtype=np.uint32).view(np.float32)
    bits = RANGES[dtype]
    return np.array([r.range(-(1 << (bits - 1)), (1 << (bits - 1)) - 1) for _ in range(n)], dtype=dtype)


def case(r):
    is_max = r.range(0, 1) == 0
    dtype = TYPES[r.range(0, len(TYPES) - 1)]
    a, b, o = shapes(r)
    x1, x2 = values(r, dtype, int(np.prod(a))), values(r, dtype, int(np.prod(b)))
    kind = "maximum" if is_max else "minimum"
    m = Model(kind, kind.upper())
    quantized = dtype in ("int8", "int16")
    for slot, i, shape in (("in", 0, a), ("in", 1, b), ("out", 0, o)):
        scale, zero = r.scale(-8, 0), r.range(-128, 127)
        m.set(slot, i, shape, dtype, [scale] if quantized else None, [zero] if quantized else None)
    y = run_tflm(m.bytes(), [x1.reshape(a), x2.reshape(b)])[0].reshape(-1)
    params = ["true" if is_max else "false", "." + dtype, swift_list(a), swift_list(b), swift_list(o)]
    return swift_block(params, [hex_bytes(x1, dtype), hex_bytes(x2, dtype), hex_bytes(y, dtype)])


def main(argv):
    r = SplitMix64(SEED)
    rows = [case(r) for _ in range(COUNT)]
    print("let maximumMinimumCases: [MaximumMinimumCase] = [\n" + "\n".join(rows) + "\n]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
