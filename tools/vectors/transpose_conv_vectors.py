#!/usr/bin/env python3
"""TRANSPOSE_CONV (float32, int8, and 16x8) on pip tflite-micro, for TransposeConvTests.swift.

    transpose_conv_vectors.py SEED COUNT > cases.txt

Each case is a one-operator model: the converter's int8 TRANSPOSE_CONV template (common.py)
with the case's shapes, types, quantization, options and constant data written in. Prints one
Swift `TransposeConvCase(...)` literal per case, the expected output being pip tflite-micro's.
Shapes are small and random: batches 1-2, input 1-4 x 1-4 x 1-3 channels, filter 1-3 x 1-3,
output channels 1-3, strides 1-3, SAME and VALID, output sizes the converter's and sometimes
one larger (TFLM never checks them), all four fused activations, bias present or absent,
per-tensor and per-channel filter scales; 16x8 cases with int64 and int16 biases.
"""

import sys

import numpy as np

from common import ACTIVATIONS, SAME, VALID, Model, SplitMix64, run_tflm


def draw(r: SplitMix64):
    c = {}
    c["kind"] = ["float32", "int8", "int16"][r.range(0, 2)]
    b, h, w, cin = r.range(1, 2), r.range(1, 4), r.range(1, 4), r.range(1, 3)
    kh, kw, cout = r.range(1, 3), r.range(1, 3), r.range(1, 3)
    c["sh"], c["sw"] = r.range(1, 3), r.range(1, 3)
    c["padding"] = SAME if r.range(0, 1) == 0 else VALID
    same = c["padding"] == SAME
    oh = h * c["sh"] if same else (h - 1) * c["sh"] + kh
    ow = w * c["sw"] if same else (w - 1) * c["sw"] + kw
    if r.range(0, 4) == 0:
        oh += 1
    c["act"] = ACTIVATIONS[r.range(0, 3)]
    c["input"], c["filter"], c["output"] = [b, h, w, cin], [cout, kh, kw, cin], [b, oh, ow, cout]
    c["has_bias"] = r.range(0, 3) != 0
    n_in, n_w = int(np.prod(c["input"])), int(np.prod(c["filter"]))
    if c["kind"] == "float32":
        c["x"] = [r.range(-1000, 1000) / 256.0 for _ in range(n_in)]
        c["w"] = [r.range(-1000, 1000) / 512.0 for _ in range(n_w)]
        c["bias"] = [r.range(-1000, 1000) / 128.0 for _ in range(cout)]
        return c
    int16 = c["kind"] == "int16"
    c["in_scale"] = r.scale(-12 if int16 else -8, -2)
    c["in_zp"] = 0 if int16 else r.range(-128, 127)
    per_channel = r.range(0, 1) == 1
    c["f_scales"] = [r.scale(-10, -4) for _ in range(cout if per_channel else 1)]
    c["out_scale"] = r.scale(-10 if int16 else -6, 0)
    c["out_zp"] = 0 if int16 else r.range(-128, 127)
    c["x"] = [r.range(-32768, 32767) for _ in range(n_in)] if int16 else r.int8s(n_in)
    c["w"] = r.int8s(n_w, -127, 127)
    c["bias_type"] = ("int64" if r.range(0, 2) != 0 else "int16") if int16 else "int32"
    limit = 30000 if c["bias_type"] == "int16" else 500000
    c["bias"] = [r.range(-limit, limit) for _ in range(cout)]
    return c


def model(c) -> bytes:
    m = Model("transpose_conv", "TRANSPOSE_CONV")
    fb = m.fb
    # The template's output_shape input: a constant int32 [4] (TFLM never reads it).
    shape_tensor = m.tensor("in", 0)
    shape_tensor.shape = np.array([4], dtype=np.int32)
    buf = fb.BufferT()
    buf.data = np.frombuffer(np.array(c["output"], dtype=np.int32).tobytes(), dtype=np.uint8)
    m.m.buffers[shape_tensor.buffer] = buf
    kind = c["kind"]
    if kind == "float32":
        m.set("in", 1, c["filter"], "float32", None, None, data=c["w"])
        m.set("in", 2, c["input"], "float32", None, None)
        if c["has_bias"]:
            m.set("in", 3, [c["output"][3]], "float32", None, None, data=c["bias"])
        m.set("out", 0, c["output"], "float32", None, None)
    else:
        act = "int16" if kind == "int16" else "int8"
        m.set("in", 1, c["filter"], "int8", c["f_scales"], [0] * len(c["f_scales"]), 0, c["w"])
        m.set("in", 2, c["input"], act, [c["in_scale"]], [c["in_zp"]])
        if c["has_bias"]:
            cout = c["output"][3]
            fs = c["f_scales"] if len(c["f_scales"]) > 1 else c["f_scales"] * cout
            scales = [float(np.float32(c["in_scale"]) * np.float32(s)) for s in fs]
            m.set("in", 3, [cout], c["bias_type"], scales, [0] * cout, 0, c["bias"])
        m.set("out", 0, c["output"], act, [c["out_scale"]], [c["out_zp"]])
    if not c["has_bias"]:
        m.drop_input(3, truncate=True)
    o = m.op.builtinOptions
    o.padding, o.strideH, o.strideW = c["padding"], c["sh"], c["sw"]
    o.fusedActivationFunction = c["act"]
    return m.bytes()


def swift_floats(values) -> str:
    return "[" + ", ".join(f"0x{int(v):08x}" for v in np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32)) + "]"


def swift_ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def main(argv) -> int:
    r = SplitMix64(int(argv[0]))
    for _ in range(int(argv[1])):
        c = draw(r)
        kind = c["kind"]
        dtype = {"float32": np.float32, "int8": np.int8, "int16": np.int16}[kind]
        x = np.array(c["x"], dtype=dtype).reshape(c["input"])
        y = run_tflm(model(c), [x])[0]
        pad = "same" if c["padding"] == SAME else "valid"
        geometry = (f"{swift_ints(c['input'])}, {swift_ints(c['filter'])}, {swift_ints(c['output'])}, "
                    f"stride: ({c['sh']}, {c['sw']}), .{pad}, activation: {c['act']}")
        bias = c["bias"] if c["has_bias"] else None
        if kind == "float32":
            print(f"    .float({geometry},\n           x: {swift_floats(c['x'])},\n"
                  f"           w: {swift_floats(c['w'])},\n"
                  f"           bias: {swift_floats(bias) if bias else 'nil'},\n"
                  f"           expected: {swift_floats(y)}),")
        else:
            scales = "[" + ", ".join(f"0x{int(v):08x}" for v in np.asarray(c["f_scales"], np.float32).view(np.uint32)) + "]"
            quant = (f"q: (0x{int(np.float32(c['in_scale']).view(np.uint32)):08x}, {c['in_zp']}, {scales}, "
                     f"0x{int(np.float32(c['out_scale']).view(np.uint32)):08x}, {c['out_zp']})")
            bias_bits = {"int32": 32, "int64": 64, "int16": 16}[c["bias_type"]]
            print(f"    .quantized({geometry}, {quant}, int16: {str(kind == 'int16').lower()},\n"
                  f"               x: {swift_ints(c['x'])},\n               w: {swift_ints(c['w'])},\n"
                  f"               bias: {swift_ints(bias) if bias else 'nil'}, biasBits: {bias_bits},\n"
                  f"               expected: {swift_ints(y)}),")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
