#!/usr/bin/env python3
"""DIV (float32, int32, int8) on pip tflite-micro, for DivTests.swift.

    div_vectors.py SEED COUNT > cases.txt

Each case is a one-operator model: the converter's int8 DIV template (common.py) with the
case's broadcast shapes, types, quantization and fused activation written in. Prints one Swift
`DivCase(...)` literal per case, the expected output being pip tflite-micro's. int8 cases draw
random scales and zero points (some extreme, so the rounding shift passes 31) and set a quarter
of the divisors to the divisor's zero point (a zero divisor, undefined in TFLM; pip's x86-64
result is pinned). int32 divisors are never 0 and Int32.min is never divided by -1 (TFLM traps).
float32 divisors are sometimes 0.
"""

import sys

import numpy as np

from common import ACTIVATIONS, Model, SplitMix64, run_tflm


def draw(r: SplitMix64):
    c = {"kind": ["float32", "int32", "int8"][r.range(0, 2)]}
    rank = r.range(1, 4)
    out = [r.range(1, 4) for _ in range(rank)]
    shapes = []
    for _ in range(2):
        s = [d if r.range(0, 2) != 0 else 1 for d in out]
        shapes.append(s[r.range(0, rank - 1):] if r.range(0, 3) == 0 else s)
    # The output is the broadcast of the two (a dimension 1 in both stays 1).
    full = max(len(shapes[0]), len(shapes[1]))
    ext = [[1] * (full - len(s)) + s for s in shapes]
    c["a"], c["b"] = shapes
    c["out"] = [max(x, y) for x, y in zip(*ext)]
    c["act"] = ACTIVATIONS[r.range(0, 3)]
    na, nb = int(np.prod(c["a"])), int(np.prod(c["b"]))
    if c["kind"] == "float32":
        c["x"] = [np.float32(r.int32() / float(1 << 28)) for _ in range(na)]
        c["y"] = [np.float32(r.int32() / float(1 << 28)) if r.range(0, 7) else np.float32(0) for _ in range(nb)]
        return c
    if c["kind"] == "int32":
        c["act"] = ACTIVATIONS[r.range(0, 3)]
        c["x"] = [r.int32() >> r.range(0, 30) for _ in range(na)]
        ys = []
        for _ in range(nb):
            v = r.int32() >> r.range(0, 31)
            ys.append(v if v not in (0, -1) else 7)
        c["y"] = ys
        return c
    extreme = r.range(0, 3) == 0
    c["s1"] = r.scale(-20 if extreme else -8, 8 if extreme else 0)
    c["s2"] = r.scale(-20 if extreme else -8, 8 if extreme else 0)
    c["so"] = r.scale(-20 if extreme else -8, 8 if extreme else 0)
    c["z1"], c["z2"], c["zo"] = r.range(-128, 127), r.range(-128, 127), r.range(-128, 127)
    c["x"] = r.int8s(na)
    c["y"] = [c["z2"] if r.range(0, 3) == 0 else r.range(-128, 127) for _ in range(nb)]
    return c


def model(c) -> bytes:
    m = Model("div", "DIV")
    k = c["kind"]
    if k == "int8":
        m.set("in", 0, c["a"], k, [c["s1"]], [c["z1"]])
        m.set("in", 1, c["b"], k, [c["s2"]], [c["z2"]])
        m.set("out", 0, c["out"], k, [c["so"]], [c["zo"]])
    else:
        m.set("in", 0, c["a"], k, None, None)
        m.set("in", 1, c["b"], k, None, None)
        m.set("out", 0, c["out"], k, None, None)
    m.op.builtinOptions.fusedActivationFunction = c["act"]
    return m.bytes()


def f32(v) -> str:
    return f"0x{int(np.float32(v).view(np.uint32)):08x}"


def bits(values) -> str:
    return "[" + ", ".join(f"0x{int(v):08x}" for v in np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32)) + "]"


def ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def main(argv) -> int:
    r = SplitMix64(int(argv[0]))
    for _ in range(int(argv[1])):
        c = draw(r)
        k = c["kind"]
        dt = {"float32": np.float32, "int32": np.int32, "int8": np.int8}[k]
        x = np.array(c["x"], dtype=dt).reshape(c["a"])
        y = np.array(c["y"], dtype=dt).reshape(c["b"])
        out = run_tflm(model(c), [x, y])[0]
        head = f"{ints(c['a'])}, {ints(c['b'])}, {ints(c['out'])}, activation: {c['act']}"
        if k == "float32":
            print(f"    .float({head},\n           x: {bits(c['x'])}, y: {bits(c['y'])},\n           expected: {bits(out)}),")
        elif k == "int32":
            print(f"    .int32({head},\n           x: {ints(c['x'])}, y: {ints(c['y'])},\n           expected: {ints(out)}),")
        else:
            q = f"q: ({f32(c['s1'])}, {c['z1']}, {f32(c['s2'])}, {c['z2']}, {f32(c['so'])}, {c['zo']})"
            print(f"    .int8({head}, {q},\n          x: {ints(c['x'])}, y: {ints(c['y'])},\n          expected: {ints(out)}),")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
