#!/usr/bin/env python3
"""TRANSPOSE / PACK / UNPACK / SPLIT / SPLIT_V on pip tflite-micro, for TransposeTests.swift,
PackTests.swift, UnpackTests.swift and SplitTests.swift.

    move_vectors.py transpose|pack|unpack|split|split_v

prints the test's case table whole (Swift, one case a line): the case's parameters and the
64-bit FNV-1a digest (common.py) of pip TFLM's outputs, each output's values in order, as
moveDigest in SplitTests.swift folds them (int64: low then high 32 bits). Cases are drawn
from SplitMix64 seeded with the number in SEEDS. Inputs as in the tests: arange(n) in the
case's type, wrapping; SPLIT_V's size_splits has one size -1 in about half the cases (TRANSPOSE int8: arange(n) % 256 - 128; PACK input i: arange(n) + 100 i,
int8 + 30 i).
"""

import sys

import numpy as np

from common import Fnv, Model, SplitMix64, run_tflm

SEEDS = {"transpose": 7, "pack": 8, "unpack": 9, "split": 10, "split_v": 12}
COUNTS = {"transpose": 40, "pack": 32, "unpack": 32, "split": 32, "split_v": 32}
TYPES = {"int8": np.int8, "int16": np.int16, "float32": np.float32, "int32": np.int32, "int64": np.int64}


def values(n, dtype, offset=0):
    return (np.arange(n, dtype=np.int64) + offset).astype(TYPES[dtype])


def digest(outputs, dtype):
    d = Fnv()
    for out in outputs:
        for v in np.asarray(out).reshape(-1).tolist():
            v = int(v)
            d.mix(v)
            if dtype == "int64":
                d.mix(v >> 32)
    return str(d)


def lst(xs):
    return "[" + ", ".join(str(x) for x in xs) + "]"


def shape(r, rank, hi=4):
    return [r.range(1, hi) for _ in range(rank)]


def transpose(r):
    dtype = ["int8", "int16", "float32"][r.range(0, 2)]
    rank = r.range(1, 5)
    dims = shape(r, rank)
    perm = list(range(rank))
    for i in range(rank - 1, 0, -1):
        j = r.range(0, i)
        perm[i], perm[j] = perm[j], perm[i]
    out = [dims[p] for p in perm]
    m = Model("transpose", "TRANSPOSE")
    m.set("in", 0, dims, dtype)
    m.set("in", 1, [rank], "int32", data=np.array(perm, dtype=np.int32))
    m.set("out", 0, out, dtype)
    n = int(np.prod(dims))
    x = (np.arange(n) % 256 - 128).astype(np.int8) if dtype == "int8" else values(n, dtype)
    y = run_tflm(m.bytes(), [x.reshape(dims)])
    return f".init(.{dtype}, {lst(dims)}, {lst(perm)}, {digest(y, dtype)})"


def pack(r):
    dtype = ["int8", "int16", "float32", "int32", "int64"][r.range(0, 4)]
    rank = r.range(0, 3)
    dims = shape(r, rank)
    count = r.range(1, 4)
    axis = r.range(-(rank + 1), rank)
    a = axis % (rank + 1)
    out = dims[:a] + [count] + dims[a:]
    m = Model("pack", "PACK")
    m.set_inputs(count)
    for i in range(count):
        m.set("in", i, dims, dtype)
    m.set("out", 0, out, dtype)
    m.op.builtinOptions.valuesCount, m.op.builtinOptions.axis = count, axis
    n = int(np.prod(dims))
    xs = [values(n, dtype, (30 if dtype == "int8" else 100) * i).reshape(dims) for i in range(count)]
    y = run_tflm(m.bytes(), xs)
    return f".init(.{dtype}, {lst(dims)}, {count}, {axis}, {lst(out)}, {digest(y, dtype)})"


def unpack(r):
    dtype = ["int8", "int16", "float32", "int32"][r.range(0, 3)]
    rank = r.range(1, 4)
    dims = shape(r, rank)
    axis = r.range(-rank, rank - 1)
    a = axis % rank
    num, out = dims[a], dims[:a] + dims[a + 1:]
    m = Model("unpack", "UNPACK")
    m.set_outputs(num)
    m.set("in", 0, dims, dtype)
    for i in range(num):
        m.set("out", i, out, dtype)
    m.op.builtinOptions.num, m.op.builtinOptions.axis = num, axis
    y = run_tflm(m.bytes(), [values(int(np.prod(dims)), dtype).reshape(dims)], num)
    return f".init(.{dtype}, {lst(dims)}, {axis}, {num}, {lst(out)}, {digest(y, dtype)})"


def split(r, v):
    dtype = ["int8", "int16", "float32", "int32"][r.range(0, 3)]
    rank = r.range(1, 4)
    dims = shape(r, rank)
    axis = r.range(-rank, rank - 1)
    a = axis % rank
    count = r.range(1, 4)
    if v:
        sizes = [r.range(1, 3) for _ in range(count)]
        dims[a] = sum(sizes)
        given = list(sizes)
        if r.range(0, 1) == 0:
            given[r.range(0, count - 1)] = -1  # SPLIT_V infers one size
    else:
        dims[a] *= count
        sizes = [dims[a] // count] * count
    outs = [dims[:a] + [s] + dims[a + 1:] for s in sizes]
    m = Model("split_v" if v else "split", "SPLIT_V" if v else "SPLIT")
    m.set_outputs(count)
    if v:
        m.set("in", 0, dims, dtype)
        m.set("in", 1, [count], "int32", data=np.array(given, dtype=np.int32))
        m.set("in", 2, [], "int32", data=np.array(axis, dtype=np.int32))
    else:
        m.set("in", 0, [], "int32", data=np.array(axis, dtype=np.int32))
        m.set("in", 1, dims, dtype)
    for i, o in enumerate(outs):
        m.set("out", i, o, dtype)
    m.op.builtinOptions.numSplits = count
    y = run_tflm(m.bytes(), [values(int(np.prod(dims)), dtype).reshape(dims)], count)
    return f".init(.{dtype}, {lst(dims)}, {axis}, {lst(lst(o) for o in outs)}, {digest(y, dtype)})"


def main(argv):
    kind = argv[0]
    r = SplitMix64(SEEDS[kind])
    make = {"transpose": transpose, "pack": pack, "unpack": unpack,
            "split": lambda r: split(r, False), "split_v": lambda r: split(r, True)}[kind]
    name, type_ = {"transpose": ("transposeCases", "TransposeCase"), "pack": ("packCases", "PackCase"),
                   "unpack": ("unpackCases", "UnpackCase"), "split": ("splitCases", "SplitCase"),
                   "split_v": ("splitVCases", "SplitCase")}[kind]
    rows = []
    for _ in range(COUNTS[kind]):
        row = "    " + make(r) + ","
        while len(row) > 110:  # one case a line (short enough that swift-format keeps it): draw again
            row = "    " + make(r) + ","
        rows.append(row)
    print(f"let {name}: [{type_}] = [\n" + "\n".join(rows) + "\n]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
