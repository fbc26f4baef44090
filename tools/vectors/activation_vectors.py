#!/usr/bin/env python3
"""RELU / RELU6 / LEAKY_RELU / TANH / HARD_SWISH on pip tflite-micro, for ReluTests.swift,
Relu6Tests.swift, LeakyReluTests.swift, TanhTests.swift and HardSwishTests.swift.

    activation_vectors.py relu|relu6|leaky_relu|tanh|hard_swish

prints the test's case tables whole (Swift). int8 cases run all 256 inputs (allInt8Values in
ReluTests.swift); int16 cases run inputs drawn from SplitMix64; float32 runs a fixed list of
special values (NaNs, signed zeros, subnormals, infinities, the clamp points). Each operator
draws its random parameters from SplitMix64 seeded with the number listed in SEEDS; the first
cases of a table are the fixed ones listed here. Expected values are pip TFLM's outputs as
little-endian hex bytes (activationHexBytes in ReluTests.swift).
"""

import struct
import sys

import numpy as np

from common import Model, SplitMix64, hex_bytes, pip_float, run_tflm

SEEDS = {"relu": 13, "relu6": 14, "leaky_relu": 15, "tanh": 17, "hard_swish": 18}
ALL_INT8 = np.arange(-128, 128, dtype=np.int8)


def floats(*patterns):
    return np.array([struct.unpack("<f", struct.pack("<I", p))[0] for p in patterns], dtype=np.float32)


# NaN, -NaN, -0, 0, -+min subnormal, -1.5, 1.5, 5.999, 6, 6.0001, +-inf, 3e38.
RELU_FLOATS = floats(0x7FC00000, 0xFFC00000, 0x80000000, 0x00000000, 0x80000001, 0x00000001, 0xBFC00000,
                     0x3FC00000, 0x40BFF7CF, 0x40C00000, 0x40C000D2, 0x7F800000, 0xFF800000, 0x7F61B1E6)
# NaN, -0, 0, -+min subnormal, -1.5, 1.5, +-inf, -3e38.
LEAKY_FLOATS = floats(0x7FC00000, 0x80000000, 0x00000000, 0x80000001, 0x00000001, 0xBFC00000, 0x3FC00000,
                      0x7F800000, 0xFF800000, 0xFF61B1E6)
# NaN, -0, 0, +-inf, -3, 3, just below -3, just below 3, +-min subnormal, +-3e38 (then 64
# pip_float(_, 8) draws).
HARD_SWISH_FLOATS = floats(0x7FC00000, 0x80000000, 0x00000000, 0x7F800000, 0xFF800000, 0xC0400000,
                           0x40400000, 0xC0400001, 0x403FFFFF, 0x00000001, 0x80000001, 0x7F61B1E6, 0xFF61B1E6)


def f(x) -> str:
    return repr(float(x))


def run(kind, dtype, x, si=None, zi=None, so=None, zo=None, alpha=None):
    m = Model(kind, kind.upper())
    q = dtype != "float32"
    m.set("in", 0, [len(x)], dtype, [si] if q else None, [zi] if q else None)
    m.set("out", 0, [len(x)], dtype, [so] if q else None, [zo] if q else None)
    if alpha is not None:
        m.op.builtinOptions.alpha = float(alpha)
    return run_tflm(m.bytes(), [np.array(x, dtype=dtype)])[0].reshape(-1)


def block(params, strings):
    body = ",\n".join(f'        "{s}"' for s in strings)
    return f"    .init(\n        {', '.join(params)},\n{body}\n    ),"


def table(name, type_, rows):
    return f"let {name}: [{type_}] = [\n" + "\n".join(rows) + "\n]\n"


def tuple_block(params, strings):
    body = ",\n".join(f'        "{s}"' for s in strings)
    return f"    (\n        {', '.join(params)},\n{body}\n    ),"


def float_vector(name, kind, x, alpha=None):
    y = run(kind, "float32", x, alpha=alpha)
    return f'let {name}: (String, String) = (\n    "{hex_bytes(x, np.float32)}",\n    "{hex_bytes(y, np.float32)}"\n)\n'


def relu_like(kind, r, fixed8):
    """int8 over all inputs (fixed cases, then random; every fourth with equal quantization) and int16."""
    rows8 = []
    for i in range(16):
        if i < len(fixed8):
            si, zi, so, zo = fixed8[i]
        else:
            si, zi = r.scale(-8, 1), r.range(-128, 127)
            so, zo = (si, zi) if i % 4 == 0 else (r.scale(-8, 1), r.range(-128, 127))
        y = run(kind, "int8", ALL_INT8, np.float32(si), zi, np.float32(so), zo)
        rows8.append(block([f(si), str(zi), f(so), str(zo)], [hex_bytes(y, np.int8)]))
    rows16 = []
    for i in range(6):
        si = r.scale(-14, -1)
        so = si if i % 2 == 0 else r.scale(-14, -1)
        # RELU6 allows nonzero int16 input zero points (TFLM only checks RELU's), RELU does not.
        zi = r.range(-128, 255) if kind == "relu6" else 0
        x = [r.range(-32768, 32767) for _ in range(69)]
        y = run(kind, "int16", x, si, zi, so, 0)
        rows16.append(block([f(si), str(zi), f(so), "0"], [hex_bytes(x, np.int16), hex_bytes(y, np.int16)]))
    return rows8, rows16


def main(argv):
    kind = argv[0]
    r = SplitMix64(SEEDS[kind])
    out = []
    if kind in ("relu", "relu6"):
        # A scale of 0.01 with zero point 127 (six clamps to 127) and one of 100 (six rounds to the
        # zero point); RELU6 ignores the output quantization, RELU requantizes.
        fixed = ([(0.01, 127, 0.025639954954385757, -92), (100.0, 92, 0.006815203931182623, -64)]
                 if kind == "relu" else
                 [(0.01, 127, 0.36158907413482666, -61), (100.0, 101, 0.5430219173431396, -87)])
        rows8, rows16 = relu_like(kind, r, fixed)
        name = "relu" if kind == "relu" else "relu6"
        out += [table(f"{name}Int8Cases", "QuantizedActivationCase", rows8),
                table(f"{name}Int16Cases", "QuantizedActivationCase", rows16),
                float_vector(f"{name}FloatVector", kind, RELU_FLOATS)]
    elif kind == "leaky_relu":
        rows = []
        for i in range(24):
            int16 = i >= 18
            if i == 0:
                alpha = np.float32(0.2)
            elif i == 22:
                alpha = np.float32(0)
            else:
                alpha = pip_float(r, 3)
            dtype = "int16" if int16 else "int8"
            si = r.scale(-14, -4) if int16 else r.scale(-8, 0)
            so = si if i % 3 == 0 else (r.scale(-14, -4) if int16 else r.scale(-8, 0))
            zi = 0 if int16 else r.range(-128, 127)
            zo = 0 if int16 else r.range(-128, 127)
            x = [r.range(-32768, 32767) for _ in range(67)] if int16 else ALL_INT8
            y = run(kind, dtype, x, si, zi, so, zo, alpha)
            rows.append(block(["true" if int16 else "false", f(alpha), f(si), str(zi), f(so), str(zo)],
                              [hex_bytes(x, dtype), hex_bytes(y, dtype)]))
        out.append(table("leakyReluCases", "LeakyReluCase", rows))
        frows = [tuple_block([f(a)] + [f'"{hex_bytes(LEAKY_FLOATS, np.float32)}"'],
                             [hex_bytes(run(kind, "float32", LEAKY_FLOATS, alpha=np.float32(a)), np.float32)])
                 for a in (0.2, -0.5, 0.0)]
        out.append(table("leakyReluFloatCases", "(Float, String, String)", frows))
    elif kind == "tanh":
        rows = []
        for i in range(24):
            # Input scales 2^-28 (left shift 0) and 2^3 (radius 0), then random ones.
            si = np.float32(2.0**-28) if i == 0 else np.float32(8) if i == 1 else r.scale(-12, 4)
            zi = r.range(-128, 127)
            so, zo = (np.float32(1 / 128), 0) if r.range(0, 1) == 0 else (r.scale(-8, 0), r.range(-128, 127))
            y = run(kind, "int8", ALL_INT8, si, zi, so, zo)
            rows.append(tuple_block([f(si), str(zi)], [hex_bytes(y, np.int8)]))
        out.append(table("tanhCases", "(Float, Int32, String)", rows))
    elif kind == "hard_swish":
        fixed = [(0.0235, -3, 0.0137, -101), (0.5, 10, 0.25, -100), (0.01, 0, 0.125, -128)]
        rows = []
        while len(rows) < 24:
            if len(rows) < len(fixed):
                si, zi, so, zo = (np.float32(v) if k % 2 == 0 else v for k, v in enumerate(fixed[len(rows)]))
            else:
                si, zi, so, zo = r.scale(-8, 2), r.range(-128, 127), r.scale(-8, 2), r.range(-128, 127)
                # TFLM DCHECKs a non-positive output multiplier exponent: (si / 128) / so < 1.
                if float(si) / 128 / float(so) >= 0.5:
                    continue
            y = run(kind, "int8", ALL_INT8, si, zi, so, zo)
            rows.append(tuple_block([f(si), str(zi), f(so), str(zo)], [hex_bytes(y, np.int8)]))
        out.append(table("hardSwishCases", "(Float, Int32, Float, Int32, String)", rows))
        x = np.concatenate([HARD_SWISH_FLOATS, np.array([pip_float(r, 8) for _ in range(64)], dtype=np.float32)])
        out.append(float_vector("hardSwishFloatVector", kind, x))
    print("\n".join(out), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
