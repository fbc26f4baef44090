#!/usr/bin/env python3
"""ADD / MUL (int8) on pip tflite-micro, for AddTests.swift and MulTests.swift.

    binary_vectors.py add|mul SEED COUNT   # digest (PipBinaryCase in AddTests.swift)
    binary_vectors.py add-cases|mul-cases  # the named cases: Swift `enum AddVectors` / `MulVectors`

Cases are drawn exactly as PipBinaryCase.init(_:isAdd:) draws them (SplitMix64, common.py).
The named cases draw their inputs with SplitMix64(seed: 1) in the order the enum lists them.
"""

import sys

import numpy as np

from common import ACTIVATIONS, Fnv, Model, SplitMix64, run_tflm, swift_array


def broadcast_case(r: SplitMix64, is_add: bool):
    rank = r.range(1, 6)
    out = [r.range(1, 4) for _ in range(rank)]

    def side():
        dims = [d if r.range(0, 2) != 0 else 1 for d in out]
        drop = r.range(0, rank - 1) if r.range(0, 3) == 0 else 0
        return dims[drop:]

    da = side()
    db = side()
    n = max(len(da), len(db))
    ea, eb = [1] * (n - len(da)) + da, [1] * (n - len(db)) + db
    o = [max(x, y) for x, y in zip(ea, eb)]
    s1, s2 = r.scale(-8, -2), r.scale(-8, -2)
    so = r.scale(-7, -1) if is_add else r.scale(-8, 0)
    if is_add and 2.0 * float(max(s1, s2)) / (1048576.0 * float(so)) >= 0.99:
        so = max(s1, s2)
    z1, z2, zo = r.range(-128, 127), r.range(-128, 127), r.range(-128, 127)
    act = ACTIVATIONS[r.range(0, 3)]
    x1 = r.int8s(int(np.prod(da)))
    x2 = r.int8s(int(np.prod(db)))
    return da, s1, z1, x1, db, s2, z2, x2, o, so, zo, act


def run(kind, a, s1, z1, x1, b, s2, z2, x2, o, so, zo, act):
    m = Model(kind, kind.upper())
    m.set("in", 0, a, "int8", [s1], [z1])
    m.set("in", 1, b, "int8", [s2], [z2])
    m.set("out", 0, o, "int8", [so], [zo])
    m.op.builtinOptions.fusedActivationFunction = act
    x = [np.array(x1, dtype=np.int8).reshape(a), np.array(x2, dtype=np.int8).reshape(b)]
    return run_tflm(m.bytes(), x)[0].reshape(-1)


# name, shape1, scale1, zero1, shape2, scale2, zero2, output shape, scale, zero, activation
ADD_CASES = [
    ("broadcast4D", [2, 1, 3, 4], 0.05, -3, [1, 5, 1, 4], 0.11, 7, [2, 5, 3, 4], 0.15, -12, 0),
    ("relu6", [4, 5], 0.02, -3, [4, 1], 0.03, 7, [4, 5], 0.025, -30, 3),
    ("broadcast6D", [2, 1, 2, 1, 3, 1], 0.02, 0, [1, 2, 1, 2, 1, 2], 0.0123, -128, [2, 2, 2, 2, 3, 2], 0.03, 5, 0),
    ("scalar", [1], 0.7, 20, [2, 3, 5], 0.013, -4, [2, 3, 5], 0.5, -100, 1),
    ("elementwise", [3, 7], 0.01, 1, [3, 7], 0.01, 1, [3, 7], 0.004, 0, 2),
]
MUL_CASES = [
    ("broadcast4D", [2, 1, 3, 4], 0.05, -3, [1, 5, 1, 4], 0.11, 7, [2, 5, 3, 4], 0.09, -12, 0),
    ("relu6", [4, 5], 0.02, -3, [4, 1], 0.03, 7, [4, 5], 0.05, -100, 3),
    ("broadcast5D", [3, 1, 2, 1, 2], 0.02, 0, [1, 2, 1, 3, 1], 0.0123, -128, [3, 2, 2, 3, 2], 0.0001, 5, 0),
    ("largeMultiplier", [4, 5], 0.5, 3, [5], 0.25, -2, [4, 5], 0.01, 1, 1),
    ("elementwise", [3, 7], 0.1, 1, [3, 7], 0.2, -1, [3, 7], 0.3, 4, 2),
]


def main(argv):
    if argv[0] in ("add-cases", "mul-cases"):
        kind = argv[0][:3]
        r = SplitMix64(1)
        out = [f"enum {kind.capitalize()}Vectors {{"]
        for name, a, s1, z1, b, s2, z2, o, so, zo, act in ADD_CASES if kind == "add" else MUL_CASES:
            x1 = r.int8s(int(np.prod(a)))
            x2 = r.int8s(int(np.prod(b)))
            y = run(kind, a, np.float32(s1), z1, x1, b, np.float32(s2), z2, x2, o, np.float32(so), zo, act)
            out += [swift_array(name + "Input1", x1), swift_array(name + "Input2", x2),
                    swift_array(name + "Output", [int(v) for v in y])]
        print("\n".join(out + ["}"]))
        return 0
    kind, r, digest = argv[0], SplitMix64(int(argv[1])), Fnv()
    for _ in range(int(argv[2])):
        digest.mix_all(run(kind, *broadcast_case(r, kind == "add")))
    print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
