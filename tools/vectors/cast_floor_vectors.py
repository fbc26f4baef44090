#!/usr/bin/env python3
"""CAST (every type pair TFLM supports) and FLOOR (float32) on pip tflite-micro, for
CastTests.swift and FloorTests.swift.

    cast_floor_vectors.py cast SEED COUNT > cases.txt
    cast_floor_vectors.py floor SEED COUNT > cases.txt

Each case is a one-operator model: the converter's float CAST or FLOOR template (common.py)
with the case's types and shape written in. CAST inputs: int8, int16, int32, uint32, float32,
bool; outputs: int8, int16, int32, uint32, float32. Integers span their type's full range;
floats mix NaN, infinities, signed zeros, values past every integer range and values of random
magnitude 2^-3..2^34. Prints one Swift literal per case, the expected output being pip's (all
values as raw bit patterns of their type, zero-extended).
"""

import sys

import numpy as np

from common import Model, SplitMix64, run_tflm

INPUTS = ["int8", "int16", "int32", "uint32", "float32", "bool"]
OUTPUTS = ["int8", "int16", "int32", "uint32", "float32"]
NP = {"int8": np.int8, "int16": np.int16, "int32": np.int32, "uint32": np.uint32, "float32": np.float32,
      "bool": np.bool_}
SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 127.5, -128.9, 32767.9, -32768.5, 2147483520.0, 2147483648.0,
            -2147483904.0, 4294967040.0, 4294967296.0, -0.75, 0.5, -1.0]


def random_float(r: SplitMix64) -> np.float32:
    if r.range(0, 3) == 0:
        return np.float32(SPECIALS[r.range(0, len(SPECIALS) - 1)])
    mant = 1.0 + (r.next() & 0x7FFFFF) / float(1 << 23)
    v = mant * 2.0 ** r.range(-3, 34)
    return np.float32(-v if r.range(0, 1) else v)


def values(r: SplitMix64, t: str, n: int):
    if t == "float32":
        return np.array([random_float(r) for _ in range(n)], np.float32)
    if t == "bool":
        return np.array([r.range(0, 1) == 1 for _ in range(n)], np.bool_)
    info = np.iinfo(NP[t])
    return np.array([r.range(int(info.min), int(info.max)) for _ in range(n)], NP[t])


def model(kind: str, src: str, dst: str, n: int) -> bytes:
    m = Model(kind, kind.upper())
    m.set("in", 0, [n], src, None, None)
    m.set("out", 0, [n], dst, None, None)
    return m.bytes()


def raw(a: np.ndarray) -> str:
    if a.dtype == np.float32:
        u = a.view(np.uint32)
    elif a.dtype == np.bool_:
        u = a.astype(np.uint8)
    else:
        u = a.view({1: np.uint8, 2: np.uint16, 4: np.uint32}[a.dtype.itemsize])
    return "[" + ", ".join(f"0x{int(v):x}" for v in u.reshape(-1)) + "]"


def main(argv) -> int:
    kind = argv[0]
    r = SplitMix64(int(argv[1]))
    for _ in range(int(argv[2])):
        n = r.range(1, 12)
        if kind == "floor":
            x = values(r, "float32", n)
            y = run_tflm(model("floor", "float32", "float32", n), [x])[0]
            print(f"    FloorCase(x: {raw(x)},\n              expected: {raw(y)}),")
            continue
        src, dst = INPUTS[r.range(0, len(INPUTS) - 1)], OUTPUTS[r.range(0, len(OUTPUTS) - 1)]
        x = values(r, src, n)
        y = run_tflm(model("cast", src, dst, n), [x])[0]
        print(f"    CastCase(.{src}, .{dst}, x: {raw(x)},\n             expected: {raw(y)}),")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
