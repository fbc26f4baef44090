#!/usr/bin/env python3
"""MEAN (int8) on pip tflite-micro, for MeanTests.swift.

    mean_vectors.py SEED COUNT   # digest (PipMeanCase in MeanTests.swift)
    mean_vectors.py cases        # MeanTests' named cases: Swift `enum MeanVectors`

Cases are drawn exactly as PipMeanCase.init(_:) draws them (SplitMix64, common.py); the named
cases draw their inputs from SplitMix64(seed: 1) in the order the enum lists them.
"""

import sys

import numpy as np

from common import Fnv, Model, SplitMix64, run_tflm, swift_array


def run(shape, axes, keep, out_shape, si, zi, so, zo, x):
    m = Model("mean", "MEAN")
    m.set("in", 0, shape, "int8", [si], [zi])
    m.set("in", 1, [len(axes)], "int32", data=np.array(axes, dtype=np.int32))
    m.set("out", 0, out_shape, "int8", [so], [zo])
    m.op.builtinOptions.keepDims = bool(keep)
    return run_tflm(m.bytes(), [np.array(x, dtype=np.int8).reshape(shape)])[0].reshape(-1)


# name, shape, axes, keepDims, output shape, input scale, zero point, output scale, zero point
CASES = [
    ("axes12", [2, 3, 4, 5], [1, 2], True, [2, 1, 1, 5], 0.05, -3, 0.02, 4),
    ("lastAxis", [2, 3, 4, 5], [-1], False, [2, 3, 4], 0.1, 10, 0.1, 10),
    ("axes03", [2, 3, 4, 5], [0, 3], False, [3, 4], 0.02, 127, 0.03, 60),
    ("duplicates", [3, 4, 7], [1, 1, -2, 2], False, [3], 0.5, -128, 0.75, 0),
    ("all", [1, 7, 9, 3], [0, 1, 2, 3], False, [], 0.003, -5, 0.001, 2),
    ("none", [2, 3], [], False, [2, 3], 0.5, 0, 0.3, -7),
    ("hw", [1, 7, 9, 3], [1, 2], True, [1, 1, 1, 3], 0.05, 3, 0.05, 3),
]


def main(argv):
    if argv[0] == "cases":
        r, out = SplitMix64(1), ["enum MeanVectors {"]
        for name, shape, axes, keep, o, si, zi, so, zo in CASES:
            x = r.int8s(int(np.prod(shape)))
            y = run(shape, axes, keep, o, np.float32(si), zi, np.float32(so), zo, x)
            out += [swift_array(name + "Input", x), swift_array(name + "Output", [int(v) for v in y])]
        print("\n".join(out + ["}"]))
        return 0
    r, digest = SplitMix64(int(argv[0])), Fnv()
    for _ in range(int(argv[1])):
        rank = r.range(1, 4)
        shape = [r.range(1, 6) for _ in range(rank)]
        count = r.range(1, rank + 1)
        axes = [r.range(-rank, rank - 1) for _ in range(count)]
        keep = r.range(0, 1) == 1
        si, so = r.scale(-8, -1), r.scale(-8, -1)
        if r.range(0, 4) == 0:
            so = si
        zi, zo = r.range(-128, 127), r.range(-128, 127)
        x = r.int8s(int(np.prod(shape)))
        reduced = {(a + rank) % rank for a in axes}
        out = [1 if i in reduced else d for i, d in enumerate(shape) if keep or i not in reduced]
        digest.mix_all(run(shape, axes, keep, out, si, zi, so, zo, x))
    print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
