#!/usr/bin/env python3
"""SOFTMAX (int8 in, int8 or int16 out) on pip tflite-micro, for SoftmaxTests.swift.

    softmax_vectors.py SEED COUNT                     # digest of COUNT random cases
    softmax_vectors.py one BETA IN_SCALE 8|16 X...    # one row: TFLM's outputs

Cases are drawn exactly as SoftmaxCase.init(_:) draws them (SplitMix64, common.py);
each becomes a one-operator .tflite (converter template, common.py) run on TFLM.
"""

import sys

import numpy as np

from common import Fnv, Model, SplitMix64, run_tflm


def model(rows, depth, beta, in_scale, in_zp, int16_out):
    m = Model("softmax", "SOFTMAX")
    m.set("in", 0, [rows, depth], "int8", [in_scale], [in_zp])
    if int16_out:
        m.set("out", 0, [rows, depth], "int16", [1.0 / 65536], [-32768])
    else:
        m.set("out", 0, [rows, depth], "int8", [1.0 / 256], [-128])
    m.op.builtinOptions.beta = float(beta)
    return m.bytes()


def draw(r: SplitMix64):
    rows = r.range(1, 4)
    depth = r.range(1, 40)
    beta = r.scale(-1, 1)
    in_scale = r.scale(-8, -2)
    in_zp = r.range(-128, 127)
    int16_out = r.range(0, 1) == 1
    low = r.range(-128, 127)
    high = min(127, low + r.range(0, 60))
    data = [r.range(low, high) for _ in range(rows * depth)]
    return rows, depth, beta, in_scale, in_zp, int16_out, data


def main(argv):
    if argv[0] == "one":
        beta, in_scale, bits = np.float32(argv[1]), np.float32(argv[2]), argv[3]
        data = [int(v) for v in argv[4:]]
        out = run_tflm(model(1, len(data), beta, in_scale, 0, bits == "16"),
                       [np.array([data], dtype=np.int8)])[0]
        print(" ".join(str(int(v)) for v in out.reshape(-1)))
        return 0
    r, digest = SplitMix64(int(argv[0])), Fnv()
    for _ in range(int(argv[1])):
        rows, depth, beta, in_scale, in_zp, int16_out, data = draw(r)
        x = np.array(data, dtype=np.int8).reshape(rows, depth)
        digest.mix_all(run_tflm(model(rows, depth, beta, in_scale, in_zp, int16_out), [x])[0])
    print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
