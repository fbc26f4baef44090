#!/usr/bin/env python3
"""CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED with int16 activations and int8 weights
(16x8) on pip tflite-micro, for the int16x8 tests in Conv2DTests.swift,
DepthwiseConv2DTests.swift and FullyConnectedTests.swift.

    conv16_vectors.py conv|dwconv|fc SEED COUNT > cases.txt

Each case is a one-operator model: the converter's int8 template (common.py) with the case's
shapes, int16/int8 types, quantization, options and constant data written in. Prints one Swift
`Int16x8Case(...)` literal per case, the expected output being pip tflite-micro's.

Cases draw bias types as TFLM's kernels take them: int64, int32 (CONV_2D and FULLY_CONNECTED:
int32 sums and the int32 MultiplyByQuantizedMultiplier), or none, with quantized_bias_type
INT32 or unset. Zero points are random (the quantizer makes them 0): TFLM's 16x8 convolutions
ignore them except in the activation range, its FULLY_CONNECTED applies all three. Shapes are
small: batches 1-2, spatial 1-5, depth 1-4, filter 1-3; FULLY_CONNECTED rows 1-3, depth 1-24.
Bias scales are input scale x filter scale per channel.
"""

import sys

import numpy as np

from common import ACTIVATIONS, SAME, VALID, Model, SplitMix64, output_size, run_tflm

INT32_TYPE = 2  # TensorType.INT32: quantized_bias_type


def draw(r: SplitMix64, op: str):
    c = {"op": op}
    if op == "fc":
        rows, depth, units = r.range(1, 3), r.range(1, 24), r.range(1, 8)
        c["input"], c["filter"], c["output"] = [rows, depth], [units, depth], [rows, units]
        out_depth = units
    else:
        b, h, w = r.range(1, 2), r.range(1, 5), r.range(1, 5)
        kh, kw = r.range(1, 3), r.range(1, 3)
        c["sh"], c["sw"] = r.range(1, 2), r.range(1, 2)
        c["dh"], c["dw"] = r.range(1, 2), r.range(1, 2)
        c["padding"] = SAME if r.range(0, 1) == 0 else VALID
        if op == "dwconv":
            in_depth = r.range(1, 4)
            c["multiplier"] = r.range(1, 2)
            out_depth = in_depth * c["multiplier"]
            c["input"], c["filter"] = [b, h, w, in_depth], [1, kh, kw, out_depth]
        else:
            groups = 2 if r.range(0, 3) == 0 else 1
            filter_depth = r.range(1, 4)
            out_depth = groups * r.range(1, 3)
            c["input"], c["filter"] = [b, h, w, filter_depth * groups], [out_depth, kh, kw, filter_depth]
        same = c["padding"] == SAME
        c["output"] = [b, output_size(same, h, kh, c["sh"], c["dh"]), output_size(same, w, kw, c["sw"], c["dw"]),
                       out_depth]
    c["in_scale"] = r.scale(-12, -4)
    c["in_zp"] = r.range(-50, 50) if r.range(0, 2) == 0 else 0
    per_channel = r.range(0, 1) == 1
    c["f_scales"] = [r.scale(-9, -5) for _ in range(out_depth if per_channel else 1)]
    c["f_zp"] = r.range(-3, 3) if op == "fc" and not per_channel and r.range(0, 2) == 0 else 0
    # Sums reach ~2^21 per tap: an output scale 2^7-2^12 times the product scale keeps most
    # outputs inside int16 (the mantissa is random).
    c["out_scale"] = np.float32(float(c["in_scale"]) * float(c["f_scales"][0]) * float(r.scale(7, 12)))
    c["out_zp"] = r.range(-50, 50) if r.range(0, 2) == 0 else 0
    c["act"] = ACTIVATIONS[r.range(0, 3)]
    kinds = ["int64", "none"] if op == "dwconv" else ["int64", "int32", "none"]
    c["bias_type"] = kinds[r.range(0, len(kinds) - 1)]
    c["qbt_int32"] = r.range(0, 1) == 1 and op != "dwconv"
    n_in, n_w = int(np.prod(c["input"])), int(np.prod(c["filter"]))
    c["x"] = [r.range(-32768, 32767) if r.range(0, 7) else r.range(0, 1) * 65535 - 32768 for _ in range(n_in)]
    c["w"] = r.int8s(n_w, -127, 127)
    c["bias"] = [r.range(-2_000_000, 2_000_000) for _ in range(out_depth)] if c["bias_type"] != "none" else None
    return c


def model(c) -> bytes:
    op = c["op"]
    m = Model(op, {"conv": "CONV_2D", "dwconv": "DEPTHWISE_CONV_2D", "fc": "FULLY_CONNECTED"}[op])
    qdim = 3 if op == "dwconv" else 0
    out_depth = c["output"][-1]
    m.set("in", 0, c["input"], "int16", [c["in_scale"]], [c["in_zp"]])
    f_zps = [c["f_zp"]] * len(c["f_scales"])
    m.set("in", 1, c["filter"], "int8", c["f_scales"], f_zps, qdim, c["w"])
    if c["bias"] is None:
        # DEPTHWISE_CONV_2D: pip tflite-micro segfaults on a -1 bias slot (conv_vectors.py).
        m.drop_input(2, truncate=op == "dwconv")
    else:
        fs = c["f_scales"] if len(c["f_scales"]) > 1 else c["f_scales"] * out_depth
        scales = [float(np.float32(c["in_scale"]) * np.float32(s)) for s in fs]
        m.set("in", 2, [out_depth], c["bias_type"], scales, [0] * out_depth, 0, c["bias"])
    m.set("out", 0, c["output"], "int16", [c["out_scale"]], [c["out_zp"]])
    o = m.op.builtinOptions
    o.fusedActivationFunction = c["act"]
    if c["qbt_int32"]:
        o.quantizedBiasType = INT32_TYPE
    if op == "fc":
        o.keepNumDims = False
        return m.bytes()
    o.padding, o.strideH, o.strideW = c["padding"], c["sh"], c["sw"]
    o.dilationHFactor, o.dilationWFactor = c["dh"], c["dw"]
    if op == "dwconv":
        o.depthMultiplier = c["multiplier"]
    return m.bytes()


def ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def bits(value) -> str:
    return f"0x{int(np.float32(value).view(np.uint32)):08x}"


def main(argv) -> int:
    op, r = argv[0], SplitMix64(int(argv[1]))
    printed = 0
    while printed < int(argv[2]):
        c = draw(r, op)
        if min(c["output"]) < 1:
            continue
        printed += 1
        x = np.array(c["x"], dtype=np.int16).reshape(c["input"])
        y = run_tflm(model(c), [x])[0]
        if op == "fc":
            geometry = ""
        else:
            pad = "same" if c["padding"] == SAME else "valid"
            geometry = (f", stride: ({c['sh']}, {c['sw']}), dilation: ({c['dh']}, {c['dw']}), .{pad}"
                        + (f", multiplier: {c['multiplier']}" if op == "dwconv" else ""))
        scales = "[" + ", ".join(bits(s) for s in c["f_scales"]) + "]"
        bias_bits = {"int64": 64, "int32": 32, "none": 0}[c["bias_type"]]
        print(f"    Int16x8Case(\n        {ints(c['input'])}, {ints(c['filter'])}, {ints(c['output'])}{geometry},\n"
              f"        q: ({bits(c['in_scale'])}, {c['in_zp']}, {scales}, {c['f_zp']}, "
              f"{bits(c['out_scale'])}, {c['out_zp']}), activation: {c['act']},\n"
              f"        biasBits: {bias_bits}, quantizedBiasInt32: {str(c['qbt_int32']).lower()},\n"
              f"        x: {ints(c['x'])},\n        w: {ints(c['w'])},\n"
              f"        bias: {ints(c['bias']) if c['bias'] else 'nil'},\n"
              f"        expected: {ints(y)}),")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
