#!/usr/bin/env python3
"""CONV_2D and DEPTHWISE_CONV_2D (int8, per-tensor or per-channel filters) on pip
tflite-micro, for Conv2DTests.swift and DepthwiseConv2DTests.swift.

    conv_vectors.py SEED COUNT     # CONV_2D: digest over the cases with a non-empty output
    dwconv_vectors.py SEED COUNT   # DEPTHWISE_CONV_2D: the same (dwconv_vectors.py imports this)

Cases are drawn exactly as Conv2DCase.init(_:) / DepthwiseConv2DCase.init(_:) draw them
(SplitMix64, common.py). CONV_2D cases may be grouped (input depth = 2 x filter depth).
Bias (int32) scales are input scale x filter scale per channel, zero point 0.
"""

import sys

import numpy as np

from common import ACTIVATIONS, SAME, VALID, Fnv, Model, SplitMix64, output_size, run_tflm


def draw(r: SplitMix64, depthwise: bool):
    c = {}
    b, h, w = r.range(1, 2), r.range(1, 9), r.range(1, 9)
    if depthwise:
        in_depth = r.range(1, 6)
        c["multiplier"] = r.range(1, 3)
        out_depth = in_depth * c["multiplier"]
    else:
        groups = 2 if r.range(0, 3) == 0 else 1
        filter_depth = r.range(1, 6)
        out_depth = groups * r.range(1, 4)
    kh, kw = r.range(1, 4), r.range(1, 4)
    c["sh"], c["sw"] = r.range(1, 3), r.range(1, 3)
    c["dh"], c["dw"] = r.range(1, 2), r.range(1, 2)
    c["padding"] = SAME if r.range(0, 1) == 0 else VALID
    c["in_scale"] = r.scale(-8, -2)
    c["in_zp"] = r.range(-128, 127)
    per_channel = r.range(0, 1) == 1
    c["f_scales"] = [r.scale(-10, -4) for _ in range(out_depth if per_channel else 1)]
    c["out_scale"] = r.scale(-6, 0)
    c["out_zp"] = r.range(-128, 127)
    c["act"] = ACTIVATIONS[r.range(0, 3)]
    has_bias = r.range(0, 3) != 0
    if depthwise:
        c["input"] = [b, h, w, in_depth]
        c["filter"] = [1, kh, kw, out_depth]
    else:
        c["input"] = [b, h, w, filter_depth * groups]
        c["filter"] = [out_depth, kh, kw, filter_depth]
    c["x"] = r.int8s(int(np.prod(c["input"])))
    c["w"] = r.int8s(int(np.prod(c["filter"])), -127, 127)
    c["bias"] = [r.range(-5000, 5000) for _ in range(out_depth)] if has_bias else None
    same = c["padding"] == SAME
    c["output"] = [b, output_size(same, h, kh, c["sh"], c["dh"]),
                   output_size(same, w, kw, c["sw"], c["dw"]), out_depth]
    return c


def model(c, depthwise: bool) -> bytes:
    m = Model("dwconv" if depthwise else "conv", "DEPTHWISE_CONV_2D" if depthwise else "CONV_2D")
    qdim = 3 if depthwise else 0
    m.set("in", 0, c["input"], "int8", [c["in_scale"]], [c["in_zp"]])
    m.set("in", 1, c["filter"], "int8", c["f_scales"], [0] * len(c["f_scales"]), qdim, c["w"])
    out_depth = c["output"][3]
    if c["bias"] is None:
        # DEPTHWISE_CONV_2D: pip tflite-micro segfaults on a -1 bias slot, so the input list
        # ends after the filter; CONV_2D takes the -1 slot.
        m.drop_input(2, truncate=depthwise)
    else:
        fs = c["f_scales"] if len(c["f_scales"]) > 1 else c["f_scales"] * out_depth
        bias_scales = [float(np.float32(c["in_scale"]) * np.float32(s)) for s in fs]
        m.set("in", 2, [out_depth], "int32", bias_scales, [0] * out_depth, 0, c["bias"])
    m.set("out", 0, c["output"], "int8", [c["out_scale"]], [c["out_zp"]])
    o = m.op.builtinOptions
    o.padding, o.strideH, o.strideW = c["padding"], c["sh"], c["sw"]
    o.dilationHFactor, o.dilationWFactor = c["dh"], c["dw"]
    o.fusedActivationFunction = c["act"]
    if depthwise:
        o.depthMultiplier = c["multiplier"]
    return m.bytes()


def main(argv, depthwise=False):
    r, digest, ran = SplitMix64(int(argv[0])), Fnv(), 0
    for _ in range(int(argv[1])):
        c = draw(r, depthwise)
        if c["output"][1] < 1 or c["output"][2] < 1:
            continue
        ran += 1
        x = np.array(c["x"], dtype=np.int8).reshape(c["input"])
        digest.mix_all(run_tflm(model(c, depthwise), [x])[0])
    print(f"{digest} ({ran} cases with a non-empty output)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
