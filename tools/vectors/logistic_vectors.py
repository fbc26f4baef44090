#!/usr/bin/env python3
"""LOGISTIC (int8) on pip tflite-micro, for LogisticTests.swift.

    logistic_vectors.py SEED COUNT           # digest: COUNT random scales, all 256 inputs each
    logistic_vectors.py one SCALE ZP X...    # TFLM's outputs for the given inputs

Scales are drawn exactly as LogisticTests.matchesTFLMOnRandomScales draws them.
The output zero point is -128 (TFLM requires it); the drawn output scale is
written into the model and TFLM ignores it.
"""

import sys

import numpy as np

from common import Fnv, Model, SplitMix64, run_tflm


def model(n, in_scale, in_zp, out_scale=1.0 / 256):
    m = Model("logistic", "LOGISTIC")
    m.set("in", 0, [1, n], "int8", [in_scale], [in_zp])
    m.set("out", 0, [1, n], "int8", [out_scale], [-128])
    return m.bytes()


def main(argv):
    if argv[0] == "one":
        data = [int(v) for v in argv[3:]]
        out = run_tflm(model(len(data), np.float32(argv[1]), int(argv[2])),
                       [np.array([data], dtype=np.int8)])[0]
        print(" ".join(str(int(v)) for v in out.reshape(-1)))
        return 0
    r, digest = SplitMix64(int(argv[0])), Fnv()
    every = np.arange(-128, 128, dtype=np.int8).reshape(1, 256)
    for _ in range(int(argv[1])):
        in_scale = r.scale(-10, 1)
        in_zp = r.range(-128, 127)
        out_scale = r.scale(-10, 0)  # written into the model: TFLM ignores it
        digest.mix_all(run_tflm(model(256, in_scale, in_zp, out_scale), [every])[0])
    print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
