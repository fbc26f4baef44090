#!/usr/bin/env python3
"""MEAN, SUM, REDUCE_MAX and REDUCE_MIN on pip tflite-micro, for MeanTests.swift, SumTests.swift
and ReduceMaxMinTests.swift.

    reduce_vectors.py OP SEED COUNT > cases.txt     # OP: mean, sum, reduce_max, reduce_min

Each case is a one-operator model: the converter's int8 template of OP (common.py) with the
case's shapes, types, quantization, axes and keep_dims written in. Prints one Swift
`ReduceCase(...)` literal per case, the expected output being pip tflite-micro's. Inputs of rank
1-4 with dimensions 1-5; 1 to rank+1 axes, negative and duplicated ones included; both keep_dims
values, and MEAN's 4-D axes (1, 2) keep_dims special case. float32 values have full 24-bit
mantissas (so the summation order shows) and REDUCE_MAX/MIN inputs sometimes hold infinities
and NaNs; int8 (and int16 for MEAN/SUM) with random scales and zero points (REDUCE_MAX/MIN: the
output's equal to the input's, as TFLM requires).
"""

import sys

import numpy as np

from common import Model, SplitMix64, run_tflm

BUILTIN = {"mean": "MEAN", "sum": "SUM", "reduce_max": "REDUCE_MAX", "reduce_min": "REDUCE_MIN"}


def draw(r: SplitMix64, op: str):
    c = {}
    kinds = ["float32", "int8", "int16"] if op in ("mean", "sum") else ["float32", "int8"]
    c["kind"] = kinds[r.range(0, len(kinds) - 1)]
    if op == "mean" and r.range(0, 3) == 0:  # TFLM's Mean4D path (float) / generic (int)
        shape = [r.range(1, 2), r.range(1, 5), r.range(1, 5), r.range(1, 4)]
        axes = [1, 2] if r.range(0, 1) == 0 else [2, 1]
        keep = True
    else:
        rank = r.range(1, 4)
        shape = [r.range(1, 5) for _ in range(rank)]
        axes = [r.range(-rank, rank - 1) for _ in range(r.range(1, rank + 1))]
        keep = r.range(0, 1) == 1
    c["shape"], c["axes"], c["keep"] = shape, axes, keep
    reduced = {a % len(shape) for a in axes}
    c["output"] = [1 if i in reduced else d for i, d in enumerate(shape) if keep or i not in reduced]
    n = int(np.prod(shape))
    if c["kind"] == "float32":
        x = [np.float32(r.int32() / float(1 << 29)) for _ in range(n)]
        if op in ("reduce_max", "reduce_min") and r.range(0, 2) == 0:
            for _ in range(r.range(1, 3)):
                x[r.range(0, n - 1)] = [np.float32(np.inf), np.float32(-np.inf), np.float32(np.nan)][r.range(0, 2)]
        c["x"] = x
        return c
    int16 = c["kind"] == "int16"
    c["si"] = r.scale(-12 if int16 else -8, -1)
    c["zi"] = 0 if int16 else r.range(-128, 127)
    if op in ("reduce_max", "reduce_min"):
        c["so"], c["zo"] = c["si"], c["zi"]
    else:
        c["so"] = r.scale(-12 if int16 else -8, 1)
        c["zo"] = 0 if int16 else r.range(-128, 127)
    c["x"] = [r.range(-32768, 32767) for _ in range(n)] if int16 else r.int8s(n)
    return c


def model(op: str, c) -> bytes:
    m = Model(op, BUILTIN[op])
    kind = c["kind"]
    q_in = None if kind == "float32" else ([c["si"]], [c["zi"]])
    q_out = None if kind == "float32" else ([c["so"]], [c["zo"]])
    m.set("in", 0, c["shape"], kind, *(q_in or (None, None)))
    m.set("in", 1, [len(c["axes"])], "int32", None, None, data=c["axes"])
    m.set("out", 0, c["output"], kind, *(q_out or (None, None)))
    m.op.builtinOptions.keepDims = c["keep"]
    return m.bytes()


def bits(values) -> str:
    return "[" + ", ".join(f"0x{int(v):08x}" for v in np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32)) + "]"


def ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def main(argv) -> int:
    op = argv[0]
    r = SplitMix64(int(argv[1]))
    for _ in range(int(argv[2])):
        c = draw(r, op)
        kind = c["kind"]
        dtype = {"float32": np.float32, "int8": np.int8, "int16": np.int16}[kind]
        x = np.array(c["x"], dtype=dtype).reshape(c["shape"])
        y = run_tflm(model(op, c), [x])[0]
        head = f"{ints(c['shape'])}, axes: {ints(c['axes'])}, keepDims: {str(c['keep']).lower()}, output: {ints(c['output'])}"
        if kind == "float32":
            print(f"    .float({head},\n           x: {bits(c['x'])},\n           expected: {bits(y)}),")
        else:
            q = (f"q: (0x{int(np.float32(c['si']).view(np.uint32)):08x}, {c['zi']}, "
                 f"0x{int(np.float32(c['so']).view(np.uint32)):08x}, {c['zo']})")
            print(f"    .quantized({head}, {q}, int16: {str(kind == 'int16').lower()},\n"
                  f"               x: {ints(c['x'])},\n               expected: {ints(y)}),")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
