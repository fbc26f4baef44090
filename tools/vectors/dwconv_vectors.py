#!/usr/bin/env python3
"""DEPTHWISE_CONV_2D (int8) on pip tflite-micro, for DepthwiseConv2DTests.swift.

    dwconv_vectors.py SEED COUNT   # digest over the cases with a non-empty output
    dwconv_vectors.py single-zp    # per-channel scales (0.1, 0.2) with ONE zero point:
                                   # prints TFLM's outputs if it accepts the model

The generator itself is conv_vectors.py (shared draw order and model patching).
"""

import sys

import numpy as np

import conv_vectors
from common import VALID, Model, run_tflm


def single_zero_point() -> int:
    m = Model("dwconv", "DEPTHWISE_CONV_2D")
    m.set("in", 0, [1, 2, 2, 2], "int8", [0.5], [0])
    m.set("in", 1, [1, 1, 1, 2], "int8", [0.1, 0.2], [0], 3, [1, 1])
    m.drop_input(2, truncate=True)
    m.set("out", 0, [1, 2, 2, 2], "int8", [0.5], [0])
    o = m.op.builtinOptions
    o.padding, o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor = VALID, 1, 1, 1, 1
    o.fusedActivationFunction, o.depthMultiplier = 0, 1
    x = np.arange(8, dtype=np.int8).reshape(1, 2, 2, 2)
    print("accepted:", " ".join(str(int(v)) for v in run_tflm(m.bytes(), [x])[0].reshape(-1)))
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["single-zp"]:
        sys.exit(single_zero_point())
    sys.exit(conv_vectors.main(sys.argv[1:], depthwise=True))
