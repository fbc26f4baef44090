#!/usr/bin/env python3
"""SUB on pip tflite-micro, for SubTests.swift.

    sub_vectors.py

prints the test's three case tables whole (Swift): quantizedSubCases (int8, and int16 with left
shift 15), floatSubCases and int32SubCases. Cases are drawn from SplitMix64 seeded with SEED
(common.py): broadcastable rank 1-4 shapes (an input may drop leading axes), fused activations
NONE/RELU/RELU_N1_TO_1/RELU6; int8/int16 with random scales and zero points (int16 zero points
are 0 in three of four tensors, TFLM does not require 0); float32 values drawn from NaNs, signed
zeros, infinities, subnormals, the clamp points and random values; int32 values either full range
(wrapping around) or small (so the activations clamp). Inputs and pip TFLM's outputs as
little-endian hex bytes (activationHexBytes in ReluTests.swift).

TFLM aborts the process (QuantizeMultiplierSmallerThanOneExp's CHECK) when the output multiplier
2 max(s1, s2) / (2^shift so) reaches 1; such draws get so = max(s1, s2) instead.
"""

import struct
import sys

import numpy as np

from common import Model, SplitMix64, f32, hex_bytes, pip_float, run_tflm, swift_block, swift_list

SEED = 11
COUNTS = {"quantized": 60, "float32": 16, "int32": 16}


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


def run(dtype, a, x1, b, x2, o, act, q=None):
    m = Model("sub", "SUB")
    s1, z1, s2, z2, so, zo = q if q else (None,) * 6
    m.set("in", 0, a, dtype, q and [s1], q and [z1])
    m.set("in", 1, b, dtype, q and [s2], q and [z2])
    m.set("out", 0, o, dtype, q and [so], q and [zo])
    m.op.builtinOptions.fusedActivationFunction = act
    x = [np.array(x1, dtype=dtype).reshape(a), np.array(x2, dtype=dtype).reshape(b)]
    return run_tflm(m.bytes(), x)[0].reshape(-1)


def quantized(r):
    int16 = r.range(0, 3) == 0
    dtype = "int16" if int16 else "int8"
    a, b, o = shapes(r)
    s1, s2, so = r.scale(-9, -1), r.scale(-9, -1), r.scale(-9, -1)
    shift = 15 if int16 else 20
    if 2.0 * float(max(s1, s2)) / (float(1 << shift) * float(so)) >= 0.99:
        so = max(s1, s2)

    def zero():
        if int16:
            return r.range(-128, 127) if r.range(0, 3) == 0 else 0
        return r.range(-128, 127)

    z1, z2, zo = zero(), zero(), zero()
    act = r.range(0, 3)
    lo, hi = (-32768, 32767) if int16 else (-128, 127)
    x1 = [r.range(lo, hi) for _ in range(int(np.prod(a)))]
    x2 = [r.range(lo, hi) for _ in range(int(np.prod(b)))]
    y = run(dtype, a, x1, b, x2, o, act, (s1, z1, s2, z2, so, zo))
    params = ["true" if int16 else "false", swift_list(a), f32(s1), str(z1), swift_list(b), f32(s2), str(z2),
              swift_list(o), f32(so), str(zo), str(act)]
    return swift_block(params, [hex_bytes(x1, dtype), hex_bytes(x2, dtype), hex_bytes(y, dtype)])


# NaN, -NaN, -0, 0, +-inf, +-max, +-min subnormal, -1.5, 1.5, -1, 1, 6, 3e38.
SPECIALS = [0x7FC00000, 0xFFC00000, 0x80000000, 0x00000000, 0x7F800000, 0xFF800000, 0x7F7FFFFF, 0xFF7FFFFF,
            0x00000001, 0x80000001, 0xBFC00000, 0x3FC00000, 0xBF800000, 0x3F800000, 0x40C00000, 0x7F61B1E6]


def float_bits(r, n):
    out = []
    for _ in range(n):
        if r.range(0, 2) == 0:
            out.append(SPECIALS[r.range(0, len(SPECIALS) - 1)])
        else:
            out.append(struct.unpack("<I", struct.pack("<f", pip_float(r, 8)))[0])
    return np.array(out, dtype=np.uint32).view(np.float32)


def floats(r):
    a, b, o = shapes(r)
    act = r.range(0, 3)
    x1, x2 = float_bits(r, int(np.prod(a))), float_bits(r, int(np.prod(b)))
    y = run("float32", a, x1, b, x2, o, act)
    params = [swift_list(a), swift_list(b), swift_list(o), str(act)]
    return swift_block(params, [hex_bytes(x1, np.float32), hex_bytes(x2, np.float32), hex_bytes(y, np.float32)])


def int32s(r):
    a, b, o = shapes(r)
    act = r.range(0, 3)
    lo, hi = (-(1 << 31), (1 << 31) - 1) if r.range(0, 1) == 0 else (-20, 20)
    x1 = [r.range(lo, hi) for _ in range(int(np.prod(a)))]
    x2 = [r.range(lo, hi) for _ in range(int(np.prod(b)))]
    y = run("int32", a, x1, b, x2, o, act)
    params = [swift_list(a), swift_list(b), swift_list(o), str(act)]
    return swift_block(params, [hex_bytes(x1, np.int32), hex_bytes(x2, np.int32), hex_bytes(y, np.int32)])


def table(name, type_, make, r, count):
    rows = []
    while len(rows) < count:
        row = make(r)
        if max(len(line) for line in row.split("\n")[:2]) <= 120:  # the parameter line fits
            rows.append(row)
    return f"let {name}: [{type_}] = [\n" + "\n".join(rows) + "\n]"


def main(argv):
    r = SplitMix64(SEED)
    print(table("quantizedSubCases", "QuantizedSubCase", quantized, r, COUNTS["quantized"]))
    print()
    print(table("floatSubCases", "FloatSubCase", floats, r, COUNTS["float32"]))
    print()
    print(table("int32SubCases", "Int32SubCase", int32s, r, COUNTS["int32"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
