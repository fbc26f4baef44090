#!/usr/bin/env python3
"""BATCH_MATMUL on pip tflite-micro, for BatchMatMulTests.swift.

    batch_matmul_vectors.py

prints the test's case table whole (Swift, `batchMatMulCases`). Cases are drawn from SplitMix64
seeded with SEED (common.py): lhs/rhs ranks 2-5 with broadcast batch dims (each side may be
shorter or have 1s), M, N in 1...4, K in 1...5, random adj_x/adj_y; float32 (random values),
int8 (random scales and zero points) and int16 (zero points 0, as TFLM requires) operands; the
output scale is s_lhs * s_rhs times a random power-of-two range, so that outputs are not all
saturated. Operands and pip TFLM's outputs as little-endian hex bytes.

Before the table it checks on pip (assertions, nothing printed) the output-shape claims
BatchMatMulTests.outputShapeRewrite relies on: a [1, 2, 4] output for [2, 3] x [3, 4] is accepted
(TFLM computes the [2, 4] shape), and an [8] output fails prepare.
"""

import sys

import numpy as np

from common import Model, SplitMix64, f32, hex_bytes, pip_float, run_tflm, swift_block, swift_list

SEED = 23
COUNT = 48


def model(dtype, lhs, rhs, out, adj_x, adj_y, q=None):
    m = Model("batch_matmul", "BATCH_MATMUL")
    for (slot, i, shape), (s, z) in zip((("in", 0, lhs), ("in", 1, rhs), ("out", 0, out)), q or [(None, None)] * 3):
        m.set(slot, i, shape, dtype, None if s is None else [s], None if s is None else [z])
    m.op.builtinOptions.adjX, m.op.builtinOptions.adjY = adj_x, adj_y
    return m.bytes()


def check_output_shapes():
    x, y = np.ones((2, 3), np.float32), np.ones((3, 4), np.float32)
    got = run_tflm(model("float32", [2, 3], [3, 4], [1, 2, 4], False, False), [x, y])[0]
    assert got.size == 8 and np.all(got == 3), got
    try:
        run_tflm(model("float32", [2, 3], [3, 4], [8], False, False), [x, y])
    except Exception:
        return
    raise AssertionError("an [8] output passed pip's prepare")


def case(r):
    dtype = ["float32", "int8", "int16"][r.range(0, 2)]
    m, n, k = r.range(1, 4), r.range(1, 4), r.range(1, 5)
    adj_x, adj_y = r.range(0, 1) == 1, r.range(0, 1) == 1
    rank = r.range(2, 5)
    batch = [r.range(1, 3) for _ in range(rank - 2)]

    def side(core):
        dims = [d if r.range(0, 2) != 0 else 1 for d in batch]
        drop = r.range(0, len(dims)) if r.range(0, 2) == 0 else 0
        return dims[drop:] + core

    lhs = side([k, m] if adj_x else [m, k])
    rhs = side([n, k] if adj_y else [k, n])
    lb, rb = lhs[:-2], rhs[:-2]
    lb, rb = [1] * (rank - 2 - len(lb)) + lb, [1] * (rank - 2 - len(rb)) + rb
    out = [max(a, b) for a, b in zip(lb, rb)] + [m, n]
    out = out[len(out) - max(len(lhs), len(rhs)):]  # output rank: max(lhs rank, rhs rank)
    nl, nr = int(np.prod(lhs)), int(np.prod(rhs))
    if dtype == "float32":
        x = np.array([pip_float(r, 2) for _ in range(nl)], dtype=np.float32)
        y = np.array([pip_float(r, 2) for _ in range(nr)], dtype=np.float32)
        q = [(0, 0)] * 3
        qm = None
    else:
        bits = 8 if dtype == "int8" else 16
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        x = np.array([r.range(lo, hi) for _ in range(nl)], dtype=dtype)
        y = np.array([r.range(lo, hi) for _ in range(nr)], dtype=dtype)
        sl, sr = r.scale(-10, -3), r.scale(-10, -3)
        so = np.float32(float(sl) * float(sr) * float(r.scale(5, 10) if bits == 8 else r.scale(13, 18)))
        if bits == 8:
            q = [(sl, r.range(-128, 127)), (sr, r.range(-128, 127)), (so, r.range(-128, 127))]
        else:
            q = [(sl, 0), (sr, 0), (so, 0)]
        qm = q
    got = run_tflm(model(dtype, lhs, rhs, out, adj_x, adj_y, qm), [x.reshape(lhs), y.reshape(rhs)])[0]
    kind = {"float32": ".f", "int8": ".i8", "int16": ".i16"}[dtype]
    quant = [f"({f32(s) if dtype != 'float32' else 0}, {z})" for s, z in q]
    params = [kind, swift_list(lhs), quant[0], swift_list(rhs), quant[1], swift_list(out), quant[2],
              "true" if adj_x else "false", "true" if adj_y else "false"]
    return swift_block(params, [hex_bytes(x, dtype), hex_bytes(y, dtype), hex_bytes(got.reshape(-1), dtype)])


def main(argv):
    check_output_shapes()
    r = SplitMix64(SEED)
    rows = []
    while len(rows) < COUNT:
        row = case(r)
        if len(row.split("\n")[1]) <= 120:  # the parameter line fits
            rows.append(row)
    print("let batchMatMulCases: [BatchMatMulCase] = [\n" + "\n".join(rows) + "\n]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
