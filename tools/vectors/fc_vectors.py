#!/usr/bin/env python3
"""FULLY_CONNECTED (int8, per-tensor or per-channel filters) on pip tflite-micro, for
FullyConnectedTests.swift.

    fc_vectors.py SEED COUNT   # digest of COUNT random cases
    fc_vectors.py zp           # filterZeroPoint: filter zero point 3, per-tensor vs per-channel
    fc_vectors.py product      # perTensorMultiplierUsesDoubleProduct: TFLM's output per case

Cases are drawn exactly as FullyConnectedCase.init(_:) draws them (SplitMix64, common.py).
shapeKind picks the input tensor's shape: 0 [b1*b2, depth], 1 [b1, b2, depth],
2 [b1, b2*depth]; TFLM reads every one as b1*b2 rows of depth (keep_num_dims false).
Bias (int32) scales are input scale x filter scale per channel, zero point 0.
"""

import sys

import numpy as np

from common import ACTIVATIONS, Fnv, Model, SplitMix64, run_tflm


def model(shape, depth, out_depth, in_scale, in_zp, f_scales, f_zp, out_scale, out_zp, act,
          w, bias) -> bytes:
    m = Model("fc", "FULLY_CONNECTED")
    rows = int(np.prod(shape)) // depth
    m.set("in", 0, shape, "int8", [in_scale], [in_zp])
    zps = [f_zp] if len(f_scales) == 1 else [0] * len(f_scales)
    m.set("in", 1, [out_depth, depth], "int8", f_scales, zps, 0, w)
    if bias is None:
        m.drop_input(2)
    else:
        fs = f_scales if len(f_scales) > 1 else f_scales * out_depth
        m.set("in", 2, [out_depth], "int32", [float(np.float32(in_scale) * np.float32(s)) for s in fs],
              [0] * out_depth, 0, bias)
    m.set("out", 0, [rows, out_depth], "int8", [out_scale], [out_zp])
    o = m.op.builtinOptions
    o.fusedActivationFunction, o.keepNumDims = act, False
    return m.bytes()


def run(shape, depth, out_depth, x, **kw):
    return run_tflm(model(shape, depth, out_depth, **kw), [np.array(x, dtype=np.int8).reshape(shape)])[0]


def main(argv):
    if argv[0] == "zp":
        for scales in ([0.25], [0.25, 0.25]):
            out = run([1, 4], 4, 2, [1, 2, 3, 4], in_scale=0.5, in_zp=0, f_scales=scales, f_zp=3,
                      out_scale=0.5, out_zp=0, act=0, w=[1, 2, 3, 4, 0, 0, 0, 0], bias=None)
            print(f"filter scales {scales}:", " ".join(str(int(v)) for v in out.reshape(-1)))
        return 0
    if argv[0] == "product":
        cases = [  # (input, filter, output scale, accumulator): the test's table
            ("0x1.e86d68p-7", "0x1.0a8c76p-5", "0x1.601f06p-1", 125_495),
            ("0x1.ca293cp-2", "0x1.5d650ap-9", "0x1.9e6124p-1", 35625),
            ("0x1.78e58p-5", "0x1.8a6006p-10", "0x1.09d75ap-5", 41492),
            ("0x1.f912b6p-7", "0x1.c2e1eep-5", "0x1.e532c6p-1", 95507),
            ("0x1.0a094p-7", "0x1.a25b84p-8", "0x1.94029ep-2", 171_283),
            ("0x1.d1ac72p-7", "0x1.812666p-10", "0x1.846bfcp-4", 24979),
            ("0x1.5258dp-8", "0x1.f47102p-4", "0x1.b7c51ep+0", 251_913),
        ]
        for i, f, o, acc in cases:
            s = [np.float32(float.fromhex(v)) for v in (i, f, o)]
            out = run([1, 1], 1, 1, [0], in_scale=s[0], in_zp=0, f_scales=[s[1]], f_zp=0,
                      out_scale=s[2], out_zp=0, act=0, w=[1], bias=[acc])
            print(i, f, o, acc, "->", int(out.reshape(-1)[0]))
        return 0
    r, digest = SplitMix64(int(argv[0])), Fnv()
    for _ in range(int(argv[1])):
        b1, b2 = r.range(1, 3), r.range(1, 3)
        depth, out_depth = r.range(1, 40), r.range(1, 20)
        shape_kind = r.range(0, 2)
        in_scale = r.scale(-8, -2)
        in_zp = r.range(-128, 127)
        per_channel = r.range(0, 1) == 1
        f_scales = [r.scale(-10, -4) for _ in range(out_depth if per_channel else 1)]
        f_zp = 0
        if not per_channel and r.range(0, 3) == 0:
            f_zp = r.range(-5, 5)
        out_scale = r.scale(-6, 0)
        out_zp = r.range(-128, 127)
        act = ACTIVATIONS[r.range(0, 3)]
        has_bias = r.range(0, 3) != 0
        x = r.int8s(b1 * b2 * depth)
        w = r.int8s(out_depth * depth, -127, 127)
        bias = [r.range(-5000, 5000) for _ in range(out_depth)] if has_bias else None
        shape = [[b1 * b2, depth], [b1, b2, depth], [b1, b2 * depth]][shape_kind]
        digest.mix_all(run(shape, depth, out_depth, x, in_scale=in_scale, in_zp=in_zp,
                           f_scales=f_scales, f_zp=f_zp, out_scale=out_scale, out_zp=out_zp,
                           act=act, w=w, bias=bias))
    print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
