#!/usr/bin/env python3
"""Build Kinglet's model zoo: real-converter .tflite files plus TFLM goldens.

    python tools/zoo/build_zoo.py               # everything into testdata/zoo/
    python tools/zoo/build_zoo.py --only 'op_conv2d.*'   # rebuild some, keep the rest

Every model is made here by TensorFlow's own converter (tf.lite.TFLiteConverter):
whole networks (trained briefly so their quantization ranges are realistic) and
one-operator models that cover each kernel option. Int8 models use full-integer
quantization with a representative dataset and int8 inputs/outputs. Every
model's op list is checked against what it was built to contain.

Goldens come from TFLM only (tools/tflm_reference.py, pip `tflite-micro`), never
from this script's own arithmetic: per model, seeded random inputs
`<name>.input<i>.npy` (full int8 range for int8 inputs) and TFLM's outputs
`<name>.output<i>.npy`, all listed in manifest.json with the ops and TFLM's arena
total. The build is deterministic: fixed seeds, op determinism, one thread.
Requirements: tools/zoo/requirements.txt.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.get_logger().setLevel("ERROR")

import keras  # noqa: E402
from keras import layers  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import tflm_reference  # noqa: E402

ZOO = REPO / "testdata" / "zoo"
SEED = 20250101
REP_SAMPLES = 64


def seed_for(name: str) -> int:
    """Each model has its own seed, so building one model alone gives the same bytes."""
    return SEED + zlib.crc32(name.encode()) % 100_000


def reseed(name: str) -> np.random.Generator:
    """Start an entry afresh: Keras' layer-name counters reset (names end up in the
    flatbuffer's tensor names) and all random generators seeded."""
    s = seed_for(name)
    keras.backend.clear_session()
    keras.utils.set_random_seed(s)
    return np.random.default_rng(s)


tf.config.experimental.enable_op_determinism()


# ---------------------------------------------------------------------------
# Conversion
# ---------------------------------------------------------------------------

@dataclass
class Conversion:
    """How to turn a traced function or a Keras model into a .tflite flatbuffer."""
    mode: str = "int8"            # "int8" (calibrated), "qat" (fake-quant ranges), "float",
    #                               "int16x8" (calibrated int16 activations, int8 weights)
    input_type: object = tf.int8  # for int8/qat
    output_type: object = tf.int8
    flags: dict = field(default_factory=dict)  # converter attributes, e.g. per-tensor FC


def _converter_for(obj, specs):
    if isinstance(obj, keras.Model):
        # Convert a batch-1 clone: a dynamic batch makes Flatten/Reshape compute their
        # shape at run time (SHAPE, STRIDED_SLICE, PACK before RESHAPE).
        inputs = [keras.Input(t.shape[1:], batch_size=1) for t in obj.inputs]
        fixed = keras.models.clone_model(obj, input_tensors=inputs if len(inputs) > 1 else inputs[0])
        fixed.set_weights(obj.get_weights())
        return tf.lite.TFLiteConverter.from_keras_model(fixed)
    if isinstance(obj, tf.Module) and not isinstance(obj, tf.types.experimental.GenericFunction):
        # A module whose __call__ is a tf.function with an input signature (streaming
        # models: the module owns the state variables).
        cf = obj.__call__.get_concrete_function()
        return tf.lite.TFLiteConverter.from_concrete_functions([cf], obj)
    cf = obj.get_concrete_function(*specs)
    return tf.lite.TFLiteConverter.from_concrete_functions([cf], obj)


def convert(obj, specs, conv: Conversion, rep: list[list[np.ndarray]] | None) -> bytes:
    c = _converter_for(obj, specs)
    if conv.mode in ("int8", "qat", "int16x8"):
        c.optimizations = [tf.lite.Optimize.DEFAULT]
        if conv.mode in ("int8", "int16x8"):
            samples = rep
            c.representative_dataset = lambda: ([a for a in s] for s in samples)
            c.target_spec.supported_ops = [
                tf.lite.OpsSet.TFLITE_BUILTINS_INT8 if conv.mode == "int8"
                else tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
        c.inference_input_type = conv.input_type
        c.inference_output_type = conv.output_type
    for k, v in conv.flags.items():
        setattr(c, k, v)
    return c.convert()


# ---------------------------------------------------------------------------
# What a zoo entry is
# ---------------------------------------------------------------------------

@dataclass
class Entry:
    name: str
    kind: str                      # "model" | "op"
    build: Callable[[], tuple[bytes, dict]]  # returns (flatbuffer, extra manifest fields)
    expect_ops: list[str] | None = None      # exact op sequence, when known
    must_contain: list[str] = field(default_factory=list)
    check: Callable[[dict], None] | None = None  # asserts on tflm_reference.describe_model()
    float_range: tuple[float, float] = (-1.0, 1.0)  # random float inputs for goldens
    description: str = ""
    steps: int | None = None       # streaming model: goldens are sequences of this many steps


ENTRIES: list[Entry] = []


def entry(**kw):
    ENTRIES.append(Entry(**kw))


def op_with(info: dict, opname: str, k: int = 0) -> dict:
    found = [d for d in info["op_details"] if d["op"] == opname]
    assert len(found) > k, f"no {opname} in {info['ops']}"
    return found[k]


def expect_options(opname: str, filter_scales: str | None = None, bias: bool | None = None,
                   **options):
    """A check: the first `opname` has these builtin options, per-tensor/per-channel
    filter quantization, and a bias operand or none."""
    def check(info):
        d = op_with(info, opname)
        for k, v in options.items():
            assert d["options"].get(k) == v, f"{opname} {k}={d['options'].get(k)}, wanted {v}"
        if filter_scales is not None:
            n = d["inputs"][1]["scales"]
            got = "per_tensor" if n == 1 else "per_channel"
            assert got == filter_scales, f"{opname} filter is {got} ({n} scales), wanted {filter_scales}"
        if bias is not None:
            has = len(d["inputs"]) > 2 and d["inputs"][2] is not None
            assert has == bias, f"{opname} bias present={has}, wanted {bias}"
    return check


# ---------------------------------------------------------------------------
# Single-operator models
# ---------------------------------------------------------------------------

def uniform_rep(rng, shapes, ranges):
    return [[rng.uniform(lo, hi, s).astype(np.float32) for s, (lo, hi) in zip(shapes, ranges)]
            for _ in range(REP_SAMPLES)]


def op_entry(name: str, make_fn, shapes, expect_ops, conv: Conversion | None = None,
             ranges=None, check=None, description="", float_range=(-1.0, 1.0), dtypes=None):
    """make_fn(rng) -> python function of tf tensors (weights drawn from rng). `dtypes`: the
    inputs' tf dtypes (float32 by default; others only for float conversion)."""
    conv = conv or Conversion()
    ranges = ranges or [(-1.0, 1.0)] * len(shapes)
    dtypes = dtypes or [tf.float32] * len(shapes)

    def build():
        rng = reseed(name)
        fn = make_fn(rng)
        specs = [tf.TensorSpec(s, d) for s, d in zip(shapes, dtypes)]
        tfn = tf.function(fn, input_signature=specs, autograph=False)
        rep = uniform_rep(rng, [[d or 1 for d in s] for s in shapes], ranges)
        return convert(tfn, [], conv, rep), {"conversion": conv_summary(conv)}

    entry(name=name, kind="op", build=build, expect_ops=expect_ops, check=check,
          description=description, float_range=float_range)


def conv_summary(conv: Conversion) -> dict:
    d = {"mode": conv.mode}
    if conv.mode != "float":
        d["inference_input_type"] = conv.input_type.name
        d["inference_output_type"] = conv.output_type.name
    if conv.flags:
        d["converter_flags"] = dict(conv.flags)
    return d


def w(rng, *shape, scale=0.5):
    return tf.constant(rng.normal(0.0, scale, size=shape).astype(np.float32))


FLOAT = Conversion(mode="float")
INT16X8 = Conversion(mode="int16x8", input_type=tf.int16, output_type=tf.int16)
PER_TENSOR_DENSE = {"_experimental_disable_per_channel_quantization_for_dense_layers": True}
PER_TENSOR_ALL = {"_experimental_disable_per_channel": True}
ACT = {"NONE": lambda x: x, "RELU": tf.nn.relu, "RELU6": tf.nn.relu6}


def fc_fn(n_in, n_out, bias=True, act="NONE"):
    def make(rng):
        W, B = w(rng, n_in, n_out), w(rng, n_out)
        f = ACT[act]
        if bias:
            return lambda x: f(tf.tensordot(x, W, 1) + B)
        return lambda x: f(tf.tensordot(x, W, 1))
    return make


def define_fc_ops():
    for q, flags, fs in (("per_channel", {}, "per_channel"),
                         ("per_tensor", PER_TENSOR_DENSE, "per_tensor")):
        conv = Conversion(flags=flags)
        op_entry(f"op_fc_{q}", fc_fn(16, 8), [(1, 16)], ["FULLY_CONNECTED"], conv,
                 check=expect_options("FULLY_CONNECTED", fs, bias=True, KeepNumDims=False),
                 description=f"Dense 16->8 with bias, {q} weights")
        op_entry(f"op_fc_{q}_nobias", fc_fn(16, 8, bias=False), [(1, 16)],
                 ["FULLY_CONNECTED"], conv,
                 check=expect_options("FULLY_CONNECTED", fs, bias=False),
                 description=f"Dense 16->8 without bias, {q} weights")
        op_entry(f"op_fc_{q}_relu", fc_fn(24, 10, act="RELU"), [(2, 24)],
                 ["FULLY_CONNECTED"], conv,
                 check=expect_options("FULLY_CONNECTED", fs, bias=True,
                                      FusedActivationFunction="RELU"),
                 description=f"Dense 24->10, batch 2, fused RELU, {q} weights")
        op_entry(f"op_fc_{q}_keep_num_dims", fc_fn(16, 8), [(1, 3, 16)],
                 ["FULLY_CONNECTED"], conv,
                 check=expect_options("FULLY_CONNECTED", fs, bias=True, KeepNumDims=True),
                 description=f"Dense on a 3-D input [1,3,16] -> [1,3,8] (keep_num_dims), {q}")
    op_entry("op_fc_per_channel_relu6", fc_fn(12, 6, act="RELU6"), [(1, 12)],
             ["FULLY_CONNECTED"],
             check=expect_options("FULLY_CONNECTED", "per_channel",
                                  FusedActivationFunction="RELU6"),
             description="Dense 12->6, fused RELU6")
    op_entry("op_f32_fc", fc_fn(16, 8, act="RELU"), [(1, 16)], ["FULLY_CONNECTED"], FLOAT,
             check=expect_options("FULLY_CONNECTED", FusedActivationFunction="RELU"),
             description="float32 Dense 16->8 + RELU")


def conv_fn(k, cin, cout, stride, padding, dilation=1, act="NONE", bias=True):
    kh, kw = (k, k) if isinstance(k, int) else k
    sh, sw = (stride, stride) if isinstance(stride, int) else stride

    def make(rng):
        W, B = w(rng, kh, kw, cin, cout, scale=0.4), w(rng, cout, scale=0.3)
        f = ACT[act]

        def fn(x):
            y = tf.nn.conv2d(x, W, strides=[1, sh, sw, 1], padding=padding,
                             dilations=[1, dilation, dilation, 1])
            return f(y + B) if bias else f(y)
        return fn
    return make


def define_conv_ops():
    cases = [  # name, kernel, stride, padding, dilation, act, input HxW
        ("op_conv2d_s1_same_none", 3, 1, "SAME", 1, "NONE", (8, 8)),
        ("op_conv2d_s1_same_relu", 3, 1, "SAME", 1, "RELU", (8, 8)),
        ("op_conv2d_s1_valid_relu6", 3, 1, "VALID", 1, "RELU6", (8, 8)),
        ("op_conv2d_s2_same_relu6", 3, 2, "SAME", 1, "RELU6", (9, 9)),
        ("op_conv2d_s2_valid_none", 3, 2, "VALID", 1, "NONE", (9, 9)),
        ("op_conv2d_s2_same_even", 3, 2, "SAME", 1, "RELU", (8, 8)),
        ("op_conv2d_d2_same_relu", 3, 1, "SAME", 2, "RELU", (9, 9)),
        ("op_conv2d_d2_valid_none", 3, 1, "VALID", 2, "NONE", (9, 9)),
        ("op_conv2d_k5x3_s2x1_same", (5, 3), (2, 1), "SAME", 1, "NONE", (10, 7)),
        ("op_conv2d_1x1", 1, 1, "VALID", 1, "RELU6", (6, 6)),
    ]
    for name, k, s, pad, d, act, (h, wd) in cases:
        sh, sw = (s, s) if isinstance(s, int) else s
        op_entry(name, conv_fn(k, 3, 4, s, pad, d, act), [(1, h, wd, 3)], ["CONV_2D"],
                 check=expect_options("CONV_2D", "per_channel", bias=True, Padding=pad,
                                      StrideH=sh, StrideW=sw, DilationHFactor=d,
                                      DilationWFactor=d, FusedActivationFunction=act),
                 description=f"Conv2D {k} stride {s} dilation {d} {pad} {act}, 3->4 channels")
    op_entry("op_conv2d_per_tensor", conv_fn(3, 3, 4, 1, "SAME"), [(1, 6, 6, 3)], ["CONV_2D"],
             Conversion(flags=PER_TENSOR_ALL),
             check=expect_options("CONV_2D", "per_tensor", bias=True),
             description="Conv2D 3x3 with per-tensor weight quantization")
    op_entry("op_conv2d_nobias", conv_fn(3, 2, 5, 1, "SAME", bias=False), [(1, 5, 5, 2)],
             ["CONV_2D"], check=expect_options("CONV_2D", "per_channel"),
             description="Conv2D without a bias in the graph (the converter may add a zero bias)")
    op_entry("op_f32_conv2d", conv_fn(3, 3, 4, 2, "SAME", act="RELU"), [(1, 8, 8, 3)],
             ["CONV_2D"], FLOAT,
             check=expect_options("CONV_2D", Padding="SAME", StrideH=2,
                                  FusedActivationFunction="RELU"),
             description="float32 Conv2D 3x3 s2 SAME RELU")


def dw_fn(cin, mult, stride, padding, dilation=1, act="NONE"):
    def make(rng):
        W, B = w(rng, 3, 3, cin, mult, scale=0.5), w(rng, cin * mult, scale=0.3)
        f = ACT[act]
        return lambda x: f(tf.nn.depthwise_conv2d(x, W, [1, stride, stride, 1], padding,
                                                  dilations=[dilation, dilation]) + B)
    return make


def define_dw_ops():
    cases = [  # name, channels, multiplier, stride, padding, dilation, act, HxW
        ("op_dwconv_m1_s1_same_relu6", 4, 1, 1, "SAME", 1, "RELU6", (8, 8)),
        ("op_dwconv_m1_s1_valid_none", 4, 1, 1, "VALID", 1, "NONE", (8, 8)),
        ("op_dwconv_m2_s1_same_none", 3, 2, 1, "SAME", 1, "NONE", (7, 7)),
        ("op_dwconv_m2_s2_valid_relu", 3, 2, 2, "VALID", 1, "RELU", (9, 9)),
        ("op_dwconv_m1_s2_same_relu", 4, 1, 2, "SAME", 1, "RELU", (8, 8)),
        ("op_dwconv_m1_d2_same_none", 4, 1, 1, "SAME", 2, "NONE", (9, 9)),
        ("op_dwconv_m2_d2_valid_relu6", 2, 2, 1, "VALID", 2, "RELU6", (9, 9)),
    ]
    for name, c, m, s, pad, d, act, (h, wd) in cases:
        op_entry(name, dw_fn(c, m, s, pad, d, act), [(1, h, wd, c)], ["DEPTHWISE_CONV_2D"],
                 check=expect_options("DEPTHWISE_CONV_2D", "per_channel", bias=True,
                                      DepthMultiplier=m, Padding=pad, StrideH=s, StrideW=s,
                                      DilationHFactor=d, DilationWFactor=d,
                                      FusedActivationFunction=act),
                 description=f"DepthwiseConv2D 3x3 x{m} stride {s} dilation {d} {pad} {act}")
    op_entry("op_f32_dwconv", dw_fn(3, 2, 1, "SAME", act="RELU6"), [(1, 6, 6, 3)],
             ["DEPTHWISE_CONV_2D"], FLOAT,
             check=expect_options("DEPTHWISE_CONV_2D", DepthMultiplier=2,
                                  FusedActivationFunction="RELU6"),
             description="float32 DepthwiseConv2D 3x3 x2 SAME RELU6")


def define_pool_softmax_ops():
    for kind, tfop, op in (("avgpool", tf.nn.avg_pool2d, "AVERAGE_POOL_2D"),
                           ("maxpool", tf.nn.max_pool2d, "MAX_POOL_2D")):
        cases = [  # name suffix, window, stride, padding, HxW
            ("2x2_s2_valid", 2, 2, "VALID", (8, 8)),
            ("3x3_s1_same", 3, 1, "SAME", (6, 6)),
            ("3x3_s2_valid", 3, 2, "VALID", (9, 9)),
            ("3x3_s2_same", 3, 2, "SAME", (8, 8)),
        ]
        for suffix, k, s, pad, (h, wd) in cases:
            op_entry(f"op_{kind}_{suffix}",
                     lambda rng, tfop=tfop, k=k, s=s, pad=pad: (lambda x: tfop(x, k, s, pad)),
                     [(1, h, wd, 3)], [op],
                     check=expect_options(op, FilterHeight=k, FilterWidth=k, StrideH=s,
                                          StrideW=s, Padding=pad),
                     description=f"{op} {k}x{k} stride {s} {pad}")
        op_entry(f"op_f32_{kind}", lambda rng, tfop=tfop: (lambda x: tfop(x, 3, 2, "SAME")),
                 [(1, 7, 7, 2)], [op], FLOAT,
                 check=expect_options(op, FilterHeight=3, StrideH=2, Padding="SAME"),
                 description=f"float32 {op} 3x3 stride 2 SAME")

    op_entry("op_softmax", lambda rng: tf.nn.softmax, [(1, 10)], ["SOFTMAX"],
             ranges=[(-4.0, 4.0)], check=expect_options("SOFTMAX", Beta=1.0),
             description="Softmax int8 -> int8 over 10 logits")
    op_entry("op_softmax_4d", lambda rng: tf.nn.softmax, [(1, 3, 4, 6)], ["SOFTMAX"],
             ranges=[(-8.0, 8.0)], description="Softmax int8 -> int8 over the last axis of a 4-D tensor")
    # No softmax-with-beta model: the converter keeps tf.nn.softmax(b * x) as MUL + SOFTMAX
    # (beta stays 1.0), and int8 -> int16 softmax is out of its reach (see README.md).
    op_entry("op_f32_softmax", lambda rng: tf.nn.softmax, [(2, 7)], ["SOFTMAX"], FLOAT,
             description="float32 Softmax")
    op_entry("op_logistic", lambda rng: tf.sigmoid, [(1, 4, 4, 3)], ["LOGISTIC"],
             ranges=[(-6.0, 6.0)], description="Logistic int8 -> int8")
    op_entry("op_f32_logistic", lambda rng: tf.sigmoid, [(1, 12)], ["LOGISTIC"], FLOAT,
             description="float32 Logistic")


def define_shape_ops():
    op_entry("op_reshape", lambda rng: (lambda x: tf.reshape(x, (1, 6, 8))), [(1, 4, 4, 3)],
             ["RESHAPE"], description="Reshape [1,4,4,3] -> [1,6,8]")
    op_entry("op_reshape_flatten", lambda rng: (lambda x: tf.reshape(x, (1, -1))),
             [(1, 3, 3, 2)], ["RESHAPE"], description="Reshape (flatten) [1,3,3,2] -> [1,18]")
    op_entry("op_f32_reshape", lambda rng: (lambda x: tf.reshape(x, (2, 12))), [(1, 4, 2, 3)],
             ["RESHAPE"], FLOAT, description="float32 Reshape [1,4,2,3] -> [2,12]")
    # With static shapes the converter rewrites SQUEEZE and EXPAND_DIMS into RESHAPE;
    # unknown dimensions keep them (stored shape 1 for each unknown dimension).
    op_entry("op_squeeze", lambda rng: (lambda x: tf.squeeze(x, [1])), [(None, 1, None, 4)],
             ["SQUEEZE"], check=expect_options("SQUEEZE", SqueezeDims=[1]),
             description="Squeeze axis 1 of [-1,1,-1,4] (stored shape [1,1,1,4]) -> [1,1,4]")
    op_entry("op_squeeze_all", lambda rng: (lambda x: tf.squeeze(x, [1, 2])),
             [(None, 1, 1, None)], ["SQUEEZE"],
             description="Squeeze axes 1,2 of [-1,1,1,-1] (stored [1,1,1,1]) -> [1,1]")
    op_entry("op_expand_dims", lambda rng: (lambda x: tf.expand_dims(x, 1)), [(None, 8)],
             ["EXPAND_DIMS"], description="ExpandDims axis 1: [-1,8] (stored [1,8]) -> [1,1,8]")
    op_entry("op_expand_dims_last", lambda rng: (lambda x: tf.expand_dims(x, -1)),
             [(None, 3, 4)], ["EXPAND_DIMS"],
             description="ExpandDims axis -1: [-1,3,4] (stored [1,3,4]) -> [1,3,4,1]")
    op_entry("op_pad", lambda rng: (lambda x: tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]])),
             [(1, 4, 4, 3)], ["PAD"], description="Pad H by (1,2), W by (2,1) with zeros")
    op_entry("op_padv2",
             lambda rng: (lambda x: tf.pad(x, [[0, 0], [1, 0], [0, 2], [0, 0]],
                                           constant_values=0.5)),
             [(1, 4, 4, 3)], ["PADV2"], description="Pad with constant 0.5 (PADV2)")
    op_entry("op_concat_axis3", lambda rng: (lambda a, b: tf.concat([a, b], 3)),
             [(1, 4, 4, 3), (1, 4, 4, 2)], ["CONCATENATION"],
             check=expect_options("CONCATENATION", Axis=3),
             description="Concatenation along channels of [1,4,4,3] and [1,4,4,2]")
    op_entry("op_concat_axis1", lambda rng: (lambda a, b: tf.concat([a, b], 1)),
             [(1, 4, 4, 3), (1, 2, 4, 3)], ["CONCATENATION"],
             check=expect_options("CONCATENATION", Axis=1),
             description="Concatenation along H of [1,4,4,3] and [1,2,4,3]")
    op_entry("op_concat_3inputs", lambda rng: (lambda a, b, c: tf.concat([a, b, c], -1)),
             [(1, 2, 5), (1, 2, 3), (1, 2, 1)], ["CONCATENATION"],
             description="Concatenation of three rank-3 tensors on the last axis")
    op_entry("op_mean_hw_keepdims",
             lambda rng: (lambda x: tf.reduce_mean(x, [1, 2], keepdims=True)),
             [(1, 5, 4, 3)], ["MEAN"], check=expect_options("MEAN", KeepDims=True),
             description="Mean over H,W of [1,5,4,3], keepdims")
    op_entry("op_mean_hw", lambda rng: (lambda x: tf.reduce_mean(x, [1, 2])),
             [(1, 4, 4, 6)], ["MEAN"], check=expect_options("MEAN", KeepDims=False),
             description="Mean over H,W of [1,4,4,6] -> [1,6]")


def binary_entries(opname, tfop, tag):
    cases = [  # suffix, shape a, shape b
        ("same", (1, 4, 4, 3), (1, 4, 4, 3)),
        ("bcast_channel", (1, 4, 4, 3), (1, 1, 1, 3)),
        ("bcast_hw", (1, 4, 4, 3), (1, 4, 1, 1)),
        ("bcast_both", (1, 1, 4, 3), (1, 4, 1, 3)),
        ("rank5", (1, 2, 3, 4, 5), (1, 2, 1, 4, 1)),
    ]
    for suffix, a, b in cases:
        op_entry(f"op_{tag}_{suffix}", lambda rng, tfop=tfop: tfop, [a, b], [opname],
                 ranges=[(-1.0, 1.0), (-2.5, 1.5)],
                 description=f"{opname} {list(a)} and {list(b)}")
    op_entry(f"op_{tag}_relu", lambda rng, tfop=tfop: (lambda a, b: tf.nn.relu(tfop(a, b))),
             [(1, 8), (1, 8)], [opname], ranges=[(-1.0, 1.0), (-2.0, 2.0)],
             check=expect_options(opname, FusedActivationFunction="RELU"),
             description=f"{opname} with fused RELU")
    op_entry(f"op_{tag}_const",
             lambda rng, tfop=tfop: (lambda c: (lambda x: tfop(x, c)))(w(rng, 3, scale=1.0)),
             [(1, 3, 3, 3)], [opname],
             description=f"{opname} by a per-channel constant (as in a folded BatchNorm)")
    op_entry(f"op_f32_{tag}", lambda rng, tfop=tfop: tfop, [(1, 3, 4, 2), (1, 1, 4, 1)],
             [opname], FLOAT, description=f"float32 {opname} with broadcasting")


def define_quant_ops():
    fq = tf.quantization.fake_quant_with_min_max_args
    op_entry("op_quantize_float_to_int8", lambda rng: (lambda x: fq(x, -2.0, 3.0)), [(1, 2, 8)],
             ["QUANTIZE"], Conversion(mode="qat", input_type=tf.float32, output_type=tf.int8),
             float_range=(-2.5, 3.5),
             description="QUANTIZE float32 -> int8 (model input is float)")
    op_entry("op_quantize_requant_concat",
             lambda rng: (lambda a, b: fq(tf.concat([fq(a, -1.0, 1.0), fq(b, -3.0, 2.0)], 1),
                                          -3.0, 2.0)),
             [(1, 8), (1, 8)], ["QUANTIZE", "CONCATENATION"], Conversion(mode="qat"),
             check=lambda info: assert_requantize(info),
             description="QUANTIZE int8 -> int8 (requantize input 0 to the concat's scale), "
                         "then CONCATENATION")
    op_entry("op_dequantize_int8_to_float", lambda rng: (lambda x: fq(x, -1.5, 2.5)), [(1, 10)],
             ["DEQUANTIZE"], Conversion(mode="qat", input_type=tf.int8, output_type=tf.float32),
             description="DEQUANTIZE int8 -> float32 (model output is float)")
    op_entry("op_quantize_dequantize_reshape",
             lambda rng: (lambda x: tf.reshape(x, (1, 2, 6))), [(1, 12)],
             ["QUANTIZE", "RESHAPE", "DEQUANTIZE"],
             Conversion(input_type=tf.float32, output_type=tf.float32),
             description="float32 in and out around an int8 RESHAPE (QUANTIZE, DEQUANTIZE)")


def assert_requantize(info):
    d = op_with(info, "QUANTIZE")
    assert d["inputs"][0]["dtype"] == "int8" and d["outputs"][0]["dtype"] == "int8", d


def op_pair(name, make_fn, shapes, expect_ops, ranges=None, check=None, description="",
            float_range=(-1.0, 1.0), float_check=None):
    """An int8 entry `op_<name>` and its float32 twin `op_f32_<name>`."""
    op_entry(f"op_{name}", make_fn, shapes, expect_ops, ranges=ranges, check=check,
             description=description)
    op_entry(f"op_f32_{name}", make_fn, shapes, expect_ops, FLOAT,
             check=float_check or check, description=f"float32 {description}",
             float_range=float_range)


def define_slice_split_ops():
    ss = "STRIDED_SLICE"
    op_pair("strided_slice_masks", lambda rng: (lambda x: x[:, 1::2, :, 1:3]), [(1, 6, 4, 5)],
            [ss], check=expect_options(ss, BeginMask=5, EndMask=7, ShrinkAxisMask=0,
                                       EllipsisMask=0, NewAxisMask=0),
            description="StridedSlice x[:, 1::2, :, 1:3] of [1,6,4,5]: begin/end masks, "
                        "stride 2 -> [1,3,4,2]")
    op_pair("strided_slice_shrink", lambda rng: (lambda x: x[:, 2, 1:, :]), [(1, 5, 4, 3)],
            [ss], check=expect_options(ss, BeginMask=9, EndMask=13, ShrinkAxisMask=2),
            description="StridedSlice x[:, 2, 1:, :] of [1,5,4,3]: shrink_axis -> [1,3,3]")
    op_entry("op_strided_slice_shrink2_stride2",
             lambda rng: (lambda x: x[0, 1:5:2, ..., -1]), [(1, 6, 4, 3)], [ss],
             check=expect_options(ss, BeginMask=4, EndMask=4, ShrinkAxisMask=9),
             description="StridedSlice x[0, 1:5:2, ..., -1] of [1,6,4,3]: two shrunk axes "
                         "(one negative index), stride 2 -> [2,4]")
    op_entry("op_strided_slice_reverse", lambda rng: (lambda x: x[:, ::-2, 1:, :]),
             [(1, 5, 4, 3)], [ss], check=expect_options(ss, ShrinkAxisMask=0),
             description="StridedSlice x[:, ::-2, 1:, :] of [1,5,4,3]: negative stride -> "
                         "[1,3,3,3]")
    op_pair("split", lambda rng: (lambda x: tf.split(x, 3, axis=2)), [(1, 4, 6, 2)],
            ["SPLIT"], check=expect_options("SPLIT", NumSplits=3),
            description="Split [1,4,6,2] into 3 along axis 2 (three outputs)")
    op_pair("split_v", lambda rng: (lambda x: tf.split(x, [1, 3, 2], axis=-1)), [(1, 3, 6)],
            ["SPLIT_V"], check=expect_options("SPLIT_V", NumSplits=3),
            description="SplitV [1,3,6] into sizes 1,3,2 along the last axis")
    op_pair("pack", lambda rng: (lambda a, b, c: tf.stack([a, b, c], axis=1)),
            [(2, 5), (2, 5), (2, 5)], ["PACK"],
            check=expect_options("PACK", Axis=1, ValuesCount=3),
            description="Pack three [2,5] tensors along axis 1 -> [2,3,5]")
    op_pair("unpack", lambda rng: (lambda x: tf.unstack(x, axis=1)), [(2, 3, 4)], ["UNPACK"],
            check=expect_options("UNPACK", Axis=1, Num=3),
            description="Unpack [2,3,4] along axis 1 into three [2,4] outputs")
    op_pair("transpose", lambda rng: (lambda x: tf.transpose(x, [0, 3, 1, 2])), [(1, 4, 5, 3)],
            ["TRANSPOSE"], description="Transpose [1,4,5,3] by (0,3,1,2) (NHWC -> NCHW)")
    op_entry("op_transpose_3d", lambda rng: (lambda x: tf.transpose(x, [2, 0, 1])),
             [(2, 3, 4)], ["TRANSPOSE"], description="Transpose [2,3,4] by (2,0,1)")


def binary_entries_sub():
    cases = [  # suffix, shape a, shape b
        ("same", (1, 4, 4, 3), (1, 4, 4, 3)),
        ("bcast_channel", (1, 4, 4, 3), (1, 1, 1, 3)),
        ("bcast_both", (1, 1, 4, 3), (1, 4, 1, 3)),
    ]
    for suffix, a, b in cases:
        op_entry(f"op_sub_{suffix}", lambda rng: tf.subtract, [a, b], ["SUB"],
                 ranges=[(-1.0, 1.0), (-2.5, 1.5)],
                 check=expect_options("SUB", FusedActivationFunction="NONE"),
                 description=f"SUB {list(a)} and {list(b)}")
    op_entry("op_sub_relu", lambda rng: (lambda a, b: tf.nn.relu(a - b)), [(1, 8), (1, 8)],
             ["SUB"], ranges=[(-1.0, 1.0), (-2.0, 2.0)],
             check=expect_options("SUB", FusedActivationFunction="RELU"),
             description="SUB with fused RELU")
    op_entry("op_f32_sub", lambda rng: tf.subtract, [(1, 3, 4, 2), (1, 1, 4, 1)], ["SUB"], FLOAT,
             description="float32 SUB with broadcasting")


def hard_swish_tf(x):
    """x * relu6(x + 3) / 6: the converter fuses it into HARD_SWISH."""
    return x * tf.nn.relu6(x + 3.0) * (1.0 / 6.0)


def define_activation_ops():
    unary = [  # name, fn, op, representative range, golden float range, shape
        ("relu", tf.nn.relu, "RELU", (-2.0, 3.0), (-2.0, 3.0), (1, 4, 4, 3)),
        ("relu6", tf.nn.relu6, "RELU6", (-3.0, 8.0), (-3.0, 8.0), (1, 4, 4, 3)),
        ("tanh", tf.tanh, "TANH", (-3.0, 3.0), (-3.0, 3.0), (1, 4, 4, 3)),
        ("leaky_relu", lambda x: tf.nn.leaky_relu(x, 0.2), "LEAKY_RELU", (-2.0, 2.0),
         (-2.0, 2.0), (1, 4, 4, 3)),
        ("hard_swish", hard_swish_tf, "HARD_SWISH", (-5.0, 5.0), (-5.0, 5.0), (1, 4, 4, 3)),
    ]
    for name, fn, op, rep, fr, shape in unary:
        check = expect_options(op, Alpha=np.float32(0.2)) if op == "LEAKY_RELU" else None
        op_pair(name, lambda rng, fn=fn: fn, [shape], [op], ranges=[rep], check=check,
                description=f"{op} alone (input range {rep[0]}..{rep[1]})", float_range=fr)
    op_pair("maximum", lambda rng: tf.maximum, [(1, 4, 4, 3), (1, 4, 4, 3)], ["MAXIMUM"],
            ranges=[(-1.0, 1.0), (-2.0, 1.5)], description="MAXIMUM of two [1,4,4,3]")
    op_pair("minimum", lambda rng: tf.minimum, [(1, 4, 4, 3), (1, 1, 4, 1)], ["MINIMUM"],
            ranges=[(-1.0, 1.0), (-2.0, 1.5)],
            description="MINIMUM of [1,4,4,3] and [1,1,4,1] (broadcast)")


def transpose_conv_fn(k, cin, cout, stride, padding, out_hw, act="NONE"):
    sh, sw = (stride, stride) if isinstance(stride, int) else stride

    def make(rng):
        W, B = w(rng, k, k, cout, cin, scale=0.4), w(rng, cout, scale=0.3)  # [KH, KW, out, in]
        f = ACT[act]

        def fn(x):
            y = tf.nn.conv2d_transpose(x, W, [1, out_hw[0], out_hw[1], cout], [1, sh, sw, 1], padding)
            return f(y + B)
        return fn
    return make


def define_transpose_conv_ops():
    cases = [  # name, kernel, stride, padding, act, input HxW, output HxW
        ("transpose_conv_s2_same", 3, 2, "SAME", "NONE", (4, 4), (8, 8)),
        ("transpose_conv_s1x2_valid_relu", 3, (1, 2), "VALID", "RELU", (4, 3), (6, 7)),
    ]
    for name, k, s, pad, act, (h, wd), out_hw in cases:
        op_pair(name, transpose_conv_fn(k, 3, 4, s, pad, out_hw, act), [(1, h, wd, 3)], ["TRANSPOSE_CONV"],
                description=f"TransposeConv {k}x{k} stride {s} {pad} {act}, 3->4 channels")


def define_int16_activation_ops():
    """16x8 one-operator models for the non-convolution int16 kernels (issue 11): the converter's
    int16-activation, int8-weight ops set with int16 model inputs and outputs. Self-contained (its own
    converter call) so it does not depend on another conversion mode's plumbing."""
    ops16 = [tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]

    def i16_entry(name, make_fn, shapes, expect_ops, ranges=None, description=""):
        ranges = ranges or [(-1.0, 1.0)] * len(shapes)

        def build():
            rng = reseed(name)
            fn = make_fn(rng)
            specs = [tf.TensorSpec(sh, tf.float32) for sh in shapes]
            tfn = tf.function(fn, input_signature=specs, autograph=False)
            samples = uniform_rep(rng, shapes, ranges)
            c = _converter_for(tfn, [])
            c.optimizations = [tf.lite.Optimize.DEFAULT]
            c.representative_dataset = lambda: ([a for a in sm] for sm in samples)
            c.target_spec.supported_ops = ops16
            c.inference_input_type = tf.int16
            c.inference_output_type = tf.int16
            summary = {"mode": "int16x8", "inference_input_type": "int16", "inference_output_type": "int16"}
            return c.convert(), {"conversion": summary}

        def check(info):
            for d in info["op_details"]:
                assert all(t is None or t["dtype"] in ("int16", "int32") for t in d["inputs"] + d["outputs"]), d

        entry(name=name, kind="op", build=build, expect_ops=expect_ops, check=check, description=description)

    i16_entry("op_i16_add_bcast", lambda rng: tf.add, [(1, 4, 4, 3), (1, 1, 1, 3)], ["ADD"],
              ranges=[(-1.0, 1.0), (-2.5, 1.5)], description="16x8 ADD broadcasting a channel vector")
    i16_entry("op_i16_mul", lambda rng: tf.multiply, [(1, 4, 6), (1, 4, 6)], ["MUL"],
              ranges=[(-1.0, 1.0), (-3.0, 2.0)], description="16x8 MUL")
    i16_entry("op_i16_pad", lambda rng: (lambda x: tf.pad(x, [[0, 0], [1, 2], [2, 0], [0, 0]])),
              [(1, 3, 4, 2)], ["PAD"], description="16x8 PAD (pads with 0)")
    i16_entry("op_i16_softmax", lambda rng: tf.nn.softmax, [(2, 12)], ["SOFTMAX"], ranges=[(-6.0, 6.0)],
              description="16x8 Softmax int16 -> int16 (lookup tables)")
    i16_entry("op_i16_mean", lambda rng: (lambda x: tf.reduce_mean(x, axis=[1, 2], keepdims=True)),
              [(1, 4, 4, 3)], ["MEAN"], description="16x8 MEAN over H and W")
    i16_entry("op_i16_concat", lambda rng: (lambda a, b: tf.concat([a, b * 2.0], axis=2)),
              [(1, 3, 4), (1, 3, 2)], None, description="16x8 CONCATENATION of differently scaled inputs")
    i16_entry("op_i16_logistic", lambda rng: tf.sigmoid, [(1, 16)], ["LOGISTIC"], ranges=[(-6.0, 6.0)],
              description="16x8 Logistic")
    i16_entry("op_i16_tanh", lambda rng: tf.tanh, [(1, 16)], ["TANH"], ranges=[(-3.0, 3.0)],
              description="16x8 Tanh")


def expect_int16x8(opname: str, bias_dtype: str | None = "int64", **options):
    """A check: `opname` runs int16 activations on int8 weights, with a bias of that type
    (None: no bias operand), and the given options."""
    base = expect_options(opname, **options)

    def check(info):
        base(info)
        d = op_with(info, opname)
        types = [t["dtype"] if t is not None else None for t in d["inputs"]]
        assert types[:2] == ["int16", "int8"] and d["outputs"][0]["dtype"] == "int16", types
        got = types[2] if len(types) > 2 else None
        assert got == bias_dtype, f"{opname} bias {got}, wanted {bias_dtype}"
    return check


def expect_int16_io(opname: str, **options):
    """A check: `opname` (weightless) reads and writes int16, with the given options."""
    base = expect_options(opname, **options)

    def check(info):
        base(info)
        d = op_with(info, opname)
        types = [t["dtype"] for t in d["inputs"] + d["outputs"] if t is not None]
        assert set(types) == {"int16"}, types
    return check


def define_int16x8_ops():
    """16x8 one-operator models: the converter's int16-activation, int8-weight mode (int64 biases)."""
    op_entry("op_int16x8_conv2d_s1_same_relu", conv_fn(3, 3, 4, 1, "SAME", act="RELU"), [(1, 6, 6, 3)],
             ["CONV_2D"], INT16X8,
             check=expect_int16x8("CONV_2D", Padding="SAME", FusedActivationFunction="RELU"),
             description="16x8 Conv2D 3x3 s1 SAME RELU, 3->4 channels, int64 bias")
    op_entry("op_int16x8_conv2d_s2_valid_d1", conv_fn(3, 2, 5, 2, "VALID"), [(1, 9, 9, 2)],
             ["CONV_2D"], INT16X8,
             check=expect_int16x8("CONV_2D", Padding="VALID", StrideH=2),
             description="16x8 Conv2D 3x3 s2 VALID, 2->5 channels, int64 bias")
    op_entry("op_int16x8_dwconv_m2_same_relu6", dw_fn(3, 2, 1, "SAME", act="RELU6"), [(1, 6, 6, 3)],
             ["DEPTHWISE_CONV_2D"], INT16X8,
             check=expect_int16x8("DEPTHWISE_CONV_2D", DepthMultiplier=2, FusedActivationFunction="RELU6"),
             description="16x8 DepthwiseConv2D 3x3 x2 SAME RELU6, int64 bias")
    op_entry("op_int16x8_fc", fc_fn(16, 8), [(1, 16)], ["FULLY_CONNECTED"], INT16X8,
             check=expect_int16x8("FULLY_CONNECTED"),
             description="16x8 Dense 16->8, per-channel weights, int64 bias")
    op_entry("op_int16x8_fc_per_tensor_relu", fc_fn(24, 10, act="RELU"), [(2, 24)], ["FULLY_CONNECTED"],
             Conversion(mode="int16x8", input_type=tf.int16, output_type=tf.int16, flags=PER_TENSOR_DENSE),
             check=expect_int16x8("FULLY_CONNECTED", filter_scales="per_tensor", FusedActivationFunction="RELU"),
             description="16x8 Dense 24->10, batch 2, per-tensor weights, fused RELU, int64 bias")
    for kind, tfop, op, k, st, pad, hw in (("avgpool", tf.nn.avg_pool2d, "AVERAGE_POOL_2D", 3, 2, "SAME", (8, 8)),
                                           ("maxpool", tf.nn.max_pool2d, "MAX_POOL_2D", 2, 2, "VALID", (7, 7))):
        op_entry(f"op_int16x8_{kind}_{k}x{k}_s{st}_{pad.lower()}",
                 lambda rng, tfop=tfop, k=k, st=st, pad=pad: (lambda x: tfop(x, k, st, pad)),
                 [(1, *hw, 3)], [op], INT16X8, ranges=[(-3.0, 2.0)],
                 check=expect_int16_io(op, FilterHeight=k, StrideH=st, Padding=pad),
                 description=f"16x8 {op} {k}x{k} stride {st} {pad} (int16 in and out)")
def svdf_entry(name, kind, act, description):
    """SVDF: TensorFlow's converter never makes one, so the model is written with the schema's
    object API by tools/vectors/svdf_vectors.py (svdf_model), laid out like TFLM's own
    keyword_scrambled models; goldens are STREAM_STEPS-step sequences (the state is a variable
    tensor carried from invoke to invoke)."""
    sys.path.insert(0, str(REPO / "tools" / "vectors"))
    import svdf_vectors  # noqa: E402

    def build():
        dims = dict(batch=1, input_size=16, rank=2, units=4, memory=6, steps=STREAM_STEPS, act=act)
        c = svdf_vectors.draw(svdf_vectors.SplitMix64(seed_for(name)), kind, dims)
        return svdf_vectors.svdf_model(c), {"conversion": {"mode": "hand-built (object API)"}}

    entry(name=name, kind="op", build=build, expect_ops=["SVDF"], steps=STREAM_STEPS,
          description=description)


def define_svdf_ops():
    svdf_entry("svdf_int8", "int16", 1, "SVDF rank 2, 16 inputs -> 8 filters (4 units), memory 6; int8 "
               "input/output, int16 state and time weights (as keyword_scrambled); hand-built")
    svdf_entry("svdf_int8_state8", "int8", 1, "SVDF as svdf_int8 with int8 state and time weights "
               "(as keyword_scrambled_8bit); hand-built")
    svdf_entry("svdf_float", "float32", 1, "SVDF rank 2, 16 inputs -> 8 filters (4 units), memory 6, "
               "RELU, float32; hand-built")
def lstm_entry(name, int8, steps=6, features=5, units=4, description="", sequence=None, int16=False):
    """UNIDIRECTIONAL_SEQUENCE_LSTM: this converter (TF 2.21, Keras 3) no longer fuses a Keras
    LSTM, so the operator is TFLM's converter-made mnist_lstm example cut to its LSTM
    (tools/vectors/common.py template "lstm" / "lstm_f32") with small random weights written in;
    int8 with the quantizer's conventions (symmetric weights, bias scale s_x * s_w, int16 cell
    state at a power-of-two scale); `int16`: 16x8 (int16 activations at 2^-15, int64 biases)."""
    act, bias_type = ("int16", "int64") if int16 else ("int8", "int32")

    def build():
        sys.path.insert(0, str(REPO / "tools" / "vectors"))
        from common import Model  # noqa: E402
        rng = reseed(name)
        m = Model("lstm" if int8 else "lstm_f32", "UNIDIRECTIONAL_SEQUENCE_LSTM")
        t, i, s = steps, features, units
        ws = [rng.uniform(-0.6, 0.6, (s, i if g < 4 else s)).astype(np.float32) for g in range(8)]
        bs = [rng.uniform(-0.6, 0.6, (s,)).astype(np.float32) for _ in range(4)]
        if int8:
            in_scale, h_scale = (np.float32(2.0 ** -15),) * 2 if int16 else (np.float32(2 / 255), np.float32(1 / 128))
            m.set("in", 0, [1, t, i], act, [in_scale], [0])
            for g, wt in enumerate(ws):
                sc = np.float32(np.abs(wt).max() / 127)
                m.set("in", 1 + g, list(wt.shape), "int8", [sc], [0], data=np.round(wt / sc).astype(np.int8))
                if g < 4:
                    bsc = np.float32(in_scale * sc)
                    m.set("in", 12 + g, [s], bias_type, [bsc], [0], data=np.round(bs[g] / bsc).astype(bias_type))
            m.set("in", 18, [1, s], act, [h_scale], [0])
            m.set("in", 19, [1, s], "int16", [2.0 ** -11], [0])
            m.set("out", 0, [1, t, s], act, [h_scale], [0])
        else:
            m.set("in", 0, [1, t, i], "float32", None, None)
            for g, wt in enumerate(ws):
                m.set("in", 1 + g, list(wt.shape), "float32", None, None, data=wt)
            for g, bt in enumerate(bs):
                m.set("in", 12 + g, [s], "float32", None, None, data=bt)
            m.set("in", 18, [1, s], "float32", None, None)
            m.set("in", 19, [1, s], "float32", None, None)
            m.set("out", 0, [1, t, s], "float32", None, None)
        return m.bytes(), {"conversion": {"mode": ("int16x8" if int16 else "int8") if int8 else "float"},
                           "template": "tflm-suite mnist_lstm, cut to its LSTM"}

    entry(name=name, kind="op", build=build, expect_ops=["UNIDIRECTIONAL_SEQUENCE_LSTM"],
          description=description, steps=sequence)


def define_lstm_ops():
    lstm_entry("op_lstm", True, description="LSTM 5->4 units over 6 steps (int8, int16 cell state, cell clip 10)")
    lstm_entry("op_int16x8_lstm", True, int16=True,
               description="16x8 LSTM 5->4 units over 6 steps (int16 activations, int8 weights, int64 biases, "
                           "int16 cell state, cell clip 10)")
    lstm_entry("op_f32_lstm", False, description="float32 LSTM 5->4 units over 6 steps (cell clip 10)")
    # The hidden and cell states are variable tensors: they carry over from one invoke to the next.
    lstm_entry("op_lstm_stream", True, steps=3, description="int8 LSTM 5->4 units, 3 steps per invoke, "
               "state carried across invokes; goldens are 5-invoke sequences", sequence=5)
def define_reduce_cast_div_ops():
    # Reductions: MEAN (float; the 4-D H,W keep_dims special case and the generic path), SUM,
    # REDUCE_MAX, REDUCE_MIN, int8 and float32.
    op_entry("op_f32_mean_hw_keepdims",
             lambda rng: (lambda x: tf.reduce_mean(x, [1, 2], keepdims=True)),
             [(1, 5, 4, 3)], ["MEAN"], FLOAT, check=expect_options("MEAN", KeepDims=True),
             description="float32 Mean over H,W of [1,5,4,3], keepdims (TFLM's 4-D special case)")
    op_pair("mean_axes_neg", lambda rng: (lambda x: tf.reduce_mean(x, [-1, 0])), [(2, 3, 5)],
            ["MEAN"], check=expect_options("MEAN", KeepDims=False),
            description="Mean of [2,3,5] over axes (-1, 0) -> [3]")

    def gap_net(rng):
        W, B = w(rng, 3, 3, 3, 6, scale=0.4), w(rng, 6, scale=0.2)
        D, DB = w(rng, 6, 4, scale=0.5), w(rng, 4, scale=0.2)
        return lambda x: tf.matmul(tf.reduce_mean(tf.nn.relu(
            tf.nn.conv2d(x, W, 1, "SAME") + B), [1, 2]), D) + DB
    op_pair("conv_gap_dense", gap_net, [(1, 6, 6, 3)],
            ["CONV_2D", "MEAN", "FULLY_CONNECTED"],
            description="Conv2D 3x3 RELU, GlobalAveragePooling2D (MEAN over H,W), Dense")
    op_pair("sum_axis1_keepdims", lambda rng: (lambda x: tf.reduce_sum(x, [1], keepdims=True)),
            [(2, 6, 4)], ["SUM"], check=expect_options("SUM", KeepDims=True),
            description="Sum of [2,6,4] over axis 1, keepdims -> [2,1,4]")
    op_pair("sum_hw", lambda rng: (lambda x: tf.reduce_sum(x, [1, 2])), [(1, 4, 5, 3)], ["SUM"],
            description="Sum of [1,4,5,3] over H,W -> [1,3]")
    op_pair("reduce_max_last", lambda rng: (lambda x: tf.reduce_max(x, [-1])), [(1, 4, 3, 6)],
            ["REDUCE_MAX"], description="ReduceMax of [1,4,3,6] over the last axis -> [1,4,3]")
    op_pair("reduce_max_hw_keepdims",
            lambda rng: (lambda x: tf.reduce_max(x, [1, 2], keepdims=True)), [(1, 5, 4, 3)],
            ["REDUCE_MAX"], description="ReduceMax of [1,5,4,3] over H,W, keepdims")
    op_pair("reduce_min_axis0", lambda rng: (lambda x: tf.reduce_min(x, [0, 2])), [(3, 4, 5)],
            ["REDUCE_MIN"], description="ReduceMin of [3,4,5] over axes 0 and 2 -> [4]")
    # FLOOR, DIV, CAST (float32 / int32 models: TFLite has no int8 FLOOR or CAST).
    op_entry("op_f32_floor", lambda rng: (lambda x: tf.floor(x * 4.0)), [(1, 4, 4, 3)],
             ["MUL", "FLOOR"], FLOAT, float_range=(-3.0, 3.0), description="float32 FLOOR(4x)")
    op_entry("op_f32_div", lambda rng: tf.divide, [(1, 3, 4, 2), (1, 1, 4, 1)], ["DIV"], FLOAT,
             float_range=(0.25, 2.0), description="float32 DIV with broadcasting")
    op_entry("op_div", lambda rng: tf.divide, [(1, 3, 4, 2), (1, 1, 4, 1)], ["DIV"],
             ranges=[(-2.0, 2.0), (0.5, 2.0)], description="int8 DIV with broadcasting")
    op_entry("op_f32_div_relu", lambda rng: (lambda a, b: tf.nn.relu(a / b)), [(2, 5), (2, 5)],
             ["DIV"], FLOAT, check=expect_options("DIV", FusedActivationFunction="RELU"),
             float_range=(-2.0, 2.0), description="float32 DIV with fused RELU")
    op_entry("op_i32_div_const",
             lambda rng: (lambda x: tf.truncatediv(x, tf.constant([7, -3, 1000, 2, -65536],
                                                                      tf.int32))),
             [(2, 5)], ["DIV"], FLOAT, dtypes=[tf.int32],
             description="int32 DIV (truncating) by a constant [5] row, broadcast")
    op_entry("op_cast_f32_to_i32", lambda rng: (lambda x: tf.cast(x * 1000.0, tf.int32)),
             [(1, 4, 6)], ["MUL", "CAST"], FLOAT, float_range=(-3.0, 3.0),
             description="CAST float32 -> int32 (truncation toward zero)")
    op_entry("op_cast_i32_to_f32", lambda rng: (lambda x: tf.cast(x, tf.float32) * 0.5),
             [(3, 7)], ["CAST", "MUL"], FLOAT, dtypes=[tf.int32],
             description="CAST int32 -> float32 (full int32 range: rounding)")
    op_entry("op_cast_i16_to_i32_i8", lambda rng: (lambda x: tf.cast(tf.cast(x, tf.int32), tf.int8)),
             [(2, 9)], ["CAST", "CAST"], FLOAT, dtypes=[tf.int16],
             description="CAST int16 -> int32 -> int8 (wraps)")
    op_entry("op_cast_i8_to_f32", lambda rng: (lambda x: tf.cast(x, tf.float32)),
             [(1, 10)], ["CAST"], FLOAT, dtypes=[tf.int8], description="CAST int8 -> float32")


def define_op_entries():
    define_fc_ops()
    define_conv_ops()
    define_dw_ops()
    define_pool_softmax_ops()
    define_shape_ops()
    binary_entries("ADD", tf.add, "add")
    binary_entries("MUL", tf.multiply, "mul")
    define_quant_ops()
    define_slice_split_ops()
    binary_entries_sub()
    define_activation_ops()
    define_transpose_conv_ops()
    define_int16_activation_ops()
    define_int16x8_ops()
    define_svdf_ops()
    define_lstm_ops()
    define_reduce_cast_div_ops()


# ---------------------------------------------------------------------------
# Whole models
# ---------------------------------------------------------------------------

def bn():
    # Lower momentum than Keras' 0.99 so a few training steps give real moving statistics.
    return layers.BatchNormalization(momentum=0.9)


def templates_dataset(rng, shape, classes, n, noise=0.8):
    """Class templates plus noise: learnable, so training gives realistic ranges."""
    templates = rng.normal(0.0, 1.0, size=(classes, *shape)).astype(np.float32)
    y = rng.integers(0, classes, size=n)
    x = templates[y] + noise * rng.normal(0.0, 1.0, size=(n, *shape)).astype(np.float32)
    return x.astype(np.float32), y.astype(np.int64)


def train(model, x, y, epochs, batch_size=32, loss="sparse_categorical_crossentropy", lr=3e-3):
    model.compile(optimizer=keras.optimizers.Adam(lr), loss=loss,
                  metrics=["accuracy"] if "categorical" in loss else [])
    model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    return model


def rep_from(x, rng, n=REP_SAMPLES):
    idx = rng.choice(len(x), size=min(n, len(x)), replace=False)
    return [[x[i:i + 1]] for i in sorted(idx)]


def digits_split():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.images / 16.0).astype(np.float32)[..., None]  # 8x8x1 in [0,1]
    return train_test_split(x, d.target.astype(np.int64), test_size=0.2, random_state=0,
                            stratify=d.target)


def mnist_dnn_trained():
    """Trained afresh for each entry that uses it (same seed, same weights): every entry
    builds the same bytes alone or in a full build."""
    rng = reseed("mnist_dnn")
    xtr, xte, ytr, yte = digits_split()
    m = keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Flatten(),
        layers.Dense(20, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ], name="mnist_dnn")
    train(m, xtr, ytr, epochs=60, batch_size=32, lr=1e-2)
    acc = float(np.mean(np.argmax(m.predict(xte, verbose=0), -1) == yte))
    return m, rng, (xtr, xte, ytr, yte), acc


def build_mnist_dnn(float_model=False):
    m, rng, (xtr, xte, ytr, yte), acc = mnist_dnn_trained()
    conv = FLOAT if float_model else Conversion()
    flat = convert(m, [], conv, rep_from(xtr, rng))
    extra = {"conversion": conv_summary(conv), "keras_float_accuracy": round(acc, 4),
             "dataset": "scikit-learn load_digits 8x8 (pixels/16), 80/20 stratified split"}
    return flat, extra


def build_mnist_cnn():
    rng = reseed("mnist_cnn")
    xtr, xte, ytr, yte = digits_split()
    up = lambda x: tf.image.resize(x, (28, 28)).numpy().astype(np.float32)
    xtr, xte = up(xtr), up(xte)
    m = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(8, 3, use_bias=False),
        layers.MaxPooling2D(2),
        layers.BatchNormalization(momentum=0.9, scale=False),
        layers.Conv2D(16, 3, use_bias=False),
        layers.MaxPooling2D(2),
        layers.BatchNormalization(momentum=0.9, scale=False),
        layers.Conv2D(16, 3, use_bias=False),
        layers.BatchNormalization(momentum=0.9, scale=False),
        layers.Flatten(),
        layers.Dense(32, use_bias=False),
        layers.BatchNormalization(momentum=0.9, scale=False),
        layers.Dense(10, use_bias=False),
        layers.BatchNormalization(momentum=0.9, scale=False),
        layers.Activation("softmax"),
    ], name="mnist_cnn")
    train(m, xtr, ytr, epochs=6)
    acc = float(np.mean(np.argmax(m.predict(xte, verbose=0), -1) == yte))
    flat = convert(m, [], Conversion(), rep_from(xtr, rng))
    return flat, {"conversion": conv_summary(Conversion()), "keras_float_accuracy": round(acc, 4),
                  "dataset": "load_digits resized to 28x28"}


def ds_cnn_model(filters=64, blocks=4):
    inp = keras.Input((49, 10, 1))
    x = layers.Conv2D(filters, (10, 4), strides=2, padding="same")(inp)
    x = layers.ReLU()(bn()(x))
    for _ in range(blocks):
        x = layers.DepthwiseConv2D(3, padding="same")(x)
        x = layers.ReLU()(bn()(x))
        x = layers.Conv2D(filters, 1)(x)
        x = layers.ReLU()(bn()(x))
    x = layers.Dropout(0.4)(x)
    x = layers.AveragePooling2D((25, 5))(x)
    x = layers.Flatten()(x)
    out = layers.Dense(12, activation="softmax")(x)
    return keras.Model(inp, out, name="ds_cnn_kws")


def build_ds_cnn(float_model=False):
    rng = reseed("ds_cnn_kws")  # the float entry trains the same network
    x, y = templates_dataset(rng, (49, 10, 1), 12, 480)
    m = train(ds_cnn_model(), x, y, epochs=4)
    conv = FLOAT if float_model else Conversion()
    flat = convert(m, [], conv, rep_from(x, rng))
    return flat, {"conversion": conv_summary(conv),
                  "dataset": "synthetic: 12 random 49x10 templates + noise (MFCC-like scale)"}


def mobilenet_v1(alpha=0.25, size=96, classes=2):
    def dw_block(x, filters, stride):
        if stride == 2:
            x = layers.ZeroPadding2D(((0, 1), (0, 1)))(x)
        x = layers.DepthwiseConv2D(3, strides=stride, padding="same" if stride == 1 else "valid",
                                   use_bias=False)(x)
        x = layers.ReLU(6.0)(bn()(x))
        x = layers.Conv2D(int(filters * alpha), 1, use_bias=False)(x)
        return layers.ReLU(6.0)(bn()(x))

    inp = keras.Input((size, size, 3))
    x = layers.Conv2D(int(32 * alpha), 3, strides=2, padding="same", use_bias=False)(inp)
    x = layers.ReLU(6.0)(bn()(x))
    for filters, stride in [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                            (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2),
                            (1024, 1)]:
        x = dw_block(x, filters, stride)
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Dropout(1e-3)(x)
    x = layers.Conv2D(classes, 1)(x)
    x = layers.Reshape((classes,))(x)
    out = layers.Activation("softmax")(x)
    return keras.Model(inp, out, name="mobilenet_v1_025")


def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def mobilenet_v2(alpha=0.35, size=96, classes=2):
    def block(x, filters, stride, expansion, first):
        cin = x.shape[-1]
        out_ch = make_divisible(int(filters * alpha))
        y = x
        if not first:
            y = layers.Conv2D(expansion * cin, 1, use_bias=False)(y)
            y = layers.ReLU(6.0)(bn()(y))
        y = layers.DepthwiseConv2D(3, strides=stride, padding="same", use_bias=False)(y)
        y = layers.ReLU(6.0)(bn()(y))
        y = layers.Conv2D(out_ch, 1, use_bias=False)(y)
        y = bn()(y)
        if cin == out_ch and stride == 1:
            y = layers.Add()([x, y])
        return y

    inp = keras.Input((size, size, 3))
    x = layers.Conv2D(make_divisible(32 * alpha), 3, strides=2, padding="same", use_bias=False)(inp)
    x = layers.ReLU(6.0)(bn()(x))
    x = block(x, 16, 1, 1, first=True)
    for filters, stride, n in [(24, 2, 2), (32, 2, 3), (64, 2, 4), (96, 1, 3), (160, 2, 3),
                               (320, 1, 1)]:
        for i in range(n):
            x = block(x, filters, stride if i == 0 else 1, 6, first=False)
    x = layers.Conv2D(1280, 1, use_bias=False)(x)
    x = layers.ReLU(6.0)(bn()(x))
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inp, out, name="mobilenet_v2_035")


def resnet8(classes=10):
    def stack(x, filters, stride):
        y = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
        y = layers.ReLU()(bn()(y))
        y = layers.Conv2D(filters, 3, padding="same")(y)
        y = bn()(y)
        if stride != 1 or x.shape[-1] != filters:
            x = layers.Conv2D(filters, 1, strides=stride, padding="same")(x)
        return layers.ReLU()(layers.Add()([x, y]))

    inp = keras.Input((32, 32, 3))
    x = layers.Conv2D(16, 3, padding="same")(inp)
    x = layers.ReLU()(bn()(x))
    x = stack(x, 16, 1)
    x = stack(x, 32, 2)
    x = stack(x, 64, 2)
    x = layers.AveragePooling2D(8)(x)
    x = layers.Flatten()(x)
    out = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inp, out, name="resnet8")


def fc_autoencoder(n=640):
    inp = keras.Input((n,))
    x = inp
    for units in [128, 128, 128, 128, 8, 128, 128, 128, 128]:
        x = layers.Dense(units)(x)
        x = layers.ReLU()(bn()(x))
    out = layers.Dense(n)(x)
    return keras.Model(inp, out, name="fc_autoencoder")


def densenet_block(classes=10, growth=8, n_layers=3):
    inp = keras.Input((16, 16, 3))
    x = layers.Conv2D(16, 3, padding="same", use_bias=False)(inp)
    for _ in range(n_layers):
        y = layers.ReLU()(bn()(x))
        y = layers.Conv2D(4 * growth, 1, use_bias=False)(y)
        y = layers.ReLU()(bn()(y))
        y = layers.Conv2D(growth, 3, padding="same", use_bias=False)(y)
        x = layers.Concatenate()([x, y])
    x = layers.ReLU()(bn()(x))
    x = layers.Conv2D(x.shape[-1] // 2, 1, use_bias=False)(x)
    x = layers.AveragePooling2D(2)(x)
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inp, out, name="densenet_block")


def mobilenet_v3_block(classes=4):
    """MobileNetV3-small style: hard-swish stem, two inverted-residual blocks with
    squeeze-excite (GlobalAveragePooling keepdims -> MEAN, hard-sigmoid gate -> MUL),
    the first with a residual ADD, then a hard-swish 1x1 head."""
    def hard_sigmoid(x):  # as in keras.applications.MobileNetV3
        return layers.ReLU(6.0)(layers.Rescaling(1.0, offset=3.0)(x)) * (1.0 / 6.0)

    def hard_swish(x):
        return layers.Activation("hard_swish")(x)

    def se(x, reduce):
        s = layers.GlobalAveragePooling2D(keepdims=True)(x)
        s = layers.Conv2D(reduce, 1, activation="relu")(s)
        s = layers.Conv2D(x.shape[-1], 1)(s)
        return layers.Multiply()([x, hard_sigmoid(s)])

    def block(x, expand, kernel, stride, out_ch):
        y = hard_swish(bn()(layers.Conv2D(expand, 1, use_bias=False)(x)))
        y = layers.DepthwiseConv2D(kernel, strides=stride, padding="same", use_bias=False)(y)
        y = hard_swish(bn()(y))
        y = se(y, expand // 4)
        y = bn()(layers.Conv2D(out_ch, 1, use_bias=False)(y))
        if stride == 1 and x.shape[-1] == out_ch:
            y = layers.Add()([x, y])
        return y

    inp = keras.Input((32, 32, 3))
    x = hard_swish(bn()(layers.Conv2D(16, 3, strides=2, padding="same", use_bias=False)(inp)))
    x = block(x, 48, 3, 1, 16)
    x = block(x, 64, 5, 2, 24)
    x = hard_swish(bn()(layers.Conv2D(96, 1, use_bias=False)(x)))
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inp, out, name="mobilenet_v3_block")


def cnn_int16x8(classes=4):
    """A small CNN for the converter's 16x8 mode: every activation int16 (conv, pools, dense,
    softmax), weights int8, biases int64."""
    inp = keras.Input((12, 12, 2))
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(inp)
    x = layers.AveragePooling2D(2)(x)
    x = layers.DepthwiseConv2D(3, padding="same", activation="relu6")(x)
    x = layers.Conv2D(12, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="relu")(x)
    out = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inp, out, name="cnn_int16x8")


# ---------------------------------------------------------------------------
# Streaming models (state in resource variables, goldens are sequences)
# ---------------------------------------------------------------------------

STREAM_FEATURES = 40   # one log-mel-like feature frame per invocation, as in microWakeWord
STREAM_CONV_K = 3      # CONV_2D over the last 3 frames
STREAM_DW_K = 5        # DEPTHWISE_CONV_2D over the last 5 conv outputs
STREAM_TAIL = 6        # FULLY_CONNECTED over the last 6 pointwise outputs
STREAM_WINDOW = STREAM_CONV_K + STREAM_DW_K + STREAM_TAIL - 2   # receptive field: 12 frames
STREAM_STEPS = 8


def stream_kws_keras():
    """The non-streaming twin, trained on whole 12-frame windows: streaming it frame by
    frame gives the same output once the ring buffers are full (kws_streaming's way)."""
    inp = keras.Input((STREAM_WINDOW, 1, STREAM_FEATURES))
    x = layers.Conv2D(16, (STREAM_CONV_K, 1), activation="relu")(inp)
    x = layers.DepthwiseConv2D((STREAM_DW_K, 1))(x)
    x = layers.Conv2D(24, 1, activation="relu")(x)
    x = layers.Flatten()(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inp, out, name="stream_kws_conv")


class StreamingKWS(tf.Module):
    """microWakeWord / kws_streaming structure: every layer that looks back in time keeps
    a ring buffer of its last inputs in a tf.Variable; each call concatenates the new
    frame to the buffer, stores the buffer minus its oldest frame, and runs the layer
    VALID over the whole buffer (one output frame)."""

    def __init__(self, weights):
        super().__init__(name="stream_kws")
        (k1, b1, k2, b2, k3, b3, k4, b4) = [tf.constant(w) for w in weights]
        self.k1, self.b1, self.k2, self.b2 = k1, b1, k2, b2
        self.k3, self.b3, self.k4, self.b4 = k3, b3, k4, b4
        # Explicit names: they become VAR_HANDLE shared names (no run-dependent suffixes).
        self.conv_state = tf.Variable(tf.zeros([1, STREAM_CONV_K - 1, 1, STREAM_FEATURES]),
                                      trainable=False, name="stream_conv_state")
        self.dw_state = tf.Variable(tf.zeros([1, STREAM_DW_K - 1, 1, 16]), trainable=False,
                                    name="stream_dw_state")
        self.tail_state = tf.Variable(tf.zeros([1, STREAM_TAIL - 1, 1, 24]), trainable=False,
                                      name="stream_tail_state")

    @staticmethod
    def _ring(state, x):
        memory = tf.concat([state, x], axis=1)
        state.assign(memory[:, 1:])
        return memory

    @tf.function(input_signature=[tf.TensorSpec([1, 1, STREAM_FEATURES], tf.float32)],
                 autograph=False)
    def __call__(self, frame):
        x = tf.reshape(frame, [1, 1, 1, STREAM_FEATURES])
        x = self._ring(self.conv_state, x)
        x = tf.nn.relu(tf.nn.conv2d(x, self.k1, 1, "VALID") + self.b1)
        x = self._ring(self.dw_state, x)
        x = tf.nn.depthwise_conv2d(x, self.k2, [1, 1, 1, 1], "VALID") + self.b2
        x = tf.nn.relu(tf.nn.conv2d(x, self.k3, 1, "VALID") + self.b3)
        x = self._ring(self.tail_state, x)
        x = tf.reshape(x, [1, STREAM_TAIL * 24])
        return tf.sigmoid(tf.matmul(x, self.k4) + self.b4)


def kws_stream_dataset(rng, n):
    """Windows of 12 feature frames: half hold the 'wake word' (a fixed time-frequency
    template) over background, half background or a distractor template."""
    shape = (STREAM_WINDOW, 1, STREAM_FEATURES)
    word = rng.normal(0.0, 1.5, size=shape).astype(np.float32)
    other = rng.normal(0.0, 1.5, size=(3, *shape)).astype(np.float32)
    y = rng.integers(0, 2, size=n)
    x = rng.normal(0.0, 1.0, size=(n, *shape)).astype(np.float32)
    distract = rng.integers(0, 4, size=n)  # 3 of 4 negatives hold a distractor
    for i in range(n):
        if y[i]:
            x[i] += word
        elif distract[i] < 3:
            x[i] += other[distract[i]]
    return x, y.astype(np.float32)


def build_stream_kws(float_model=False):
    rng = reseed("stream_kws_conv")  # the float entry trains the same network
    x, y = kws_stream_dataset(rng, 512)
    m = train(stream_kws_keras(), x, y, epochs=6, loss="binary_crossentropy")
    acc = float(np.mean((m.predict(x, verbose=0)[:, 0] > 0.5) == (y > 0.5)))
    weights = [w.astype(np.float32) for w in m.get_weights()]

    # The streaming module must agree with the Keras twin once its buffers are full
    # (checked on a separate instance: conversion takes the variables' current values
    # as their initial values).
    probe = StreamingKWS(weights)
    frames = np.concatenate([x[0], x[1]], axis=0)[:, 0, :]  # 24 frames
    got = [float(probe(f[None, None, :])[0, 0]) for f in frames]
    want = m.predict(np.stack([frames[t - STREAM_WINDOW + 1:t + 1, None, :]
                               for t in range(STREAM_WINDOW - 1, len(frames))]), verbose=0)
    assert np.allclose(got[STREAM_WINDOW - 1:], want[:, 0], atol=1e-4), (got, want)

    # Calibration runs the samples in order on one interpreter, so the state variables
    # see realistic values: a stream of whole windows, back to back.
    idx = sorted(rng.choice(len(x), size=8, replace=False))
    stream = np.concatenate([x[i] for i in idx], axis=0)[:, 0, :]  # 96 frames
    rep = [[f[None, None, :]] for f in stream]
    flags = {"experimental_enable_resource_variables": True}
    if not float_model:
        flags["_experimental_variable_quantization"] = True
    conv = Conversion(mode="float" if float_model else "int8", flags=flags)
    flat = convert(StreamingKWS(weights), [], conv, rep)
    return flat, {"conversion": conv_summary(conv), "keras_float_accuracy": round(acc, 4),
                  "dataset": "synthetic: 12x40 wake-word template vs background and 3 "
                             "distractor templates (windows of 12 feature frames)",
                  "receptive_field_frames": STREAM_WINDOW}


STREAM_OPS = ["CALL_ONCE", "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "STRIDED_SLICE",
              "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "LOGISTIC"]


def image_model_entry(name, make_model, shape, classes, n, epochs, description, noise=0.8,
                      loss=None, autoencoder=False, must_contain=(), conv: Conversion | None = None):
    conv = conv or Conversion()

    def build():
        rng = reseed(name)
        if autoencoder:
            z = rng.normal(0, 1, size=(n, 8)).astype(np.float32)
            basis = rng.normal(0, 0.5, size=(8, shape[0])).astype(np.float32)
            x = np.tanh(z @ basis) + 0.1 * rng.normal(0, 1, size=(n, shape[0])).astype(np.float32)
            x = x.astype(np.float32)
            m = train(make_model(), x, x, epochs, loss="mse")
            dataset = "synthetic: tanh of a rank-8 projection + noise (640 features)"
        else:
            x, y = templates_dataset(rng, shape, classes, n, noise)
            m = train(make_model(), x, y, epochs)
            dataset = f"synthetic: {classes} random templates + noise"
        flat = convert(m, [], conv, rep_from(x, rng))
        return flat, {"conversion": conv_summary(conv), "dataset": dataset}

    entry(name=name, kind="model", build=build, description=description,
          must_contain=list(must_contain), float_range=(-3.0, 3.0))


def define_model_entries():
    entry(name="mnist_dnn", kind="model", build=lambda: build_mnist_dnn(False),
          expect_ops=["RESHAPE", "FULLY_CONNECTED", "FULLY_CONNECTED", "SOFTMAX"],
          description="TinyML-course MNIST DNN on 8x8 digits: Flatten, Dense(20, relu), "
                      "Dense(10, softmax)")
    entry(name="mnist_dnn_float", kind="model", build=lambda: build_mnist_dnn(True),
          expect_ops=["RESHAPE", "FULLY_CONNECTED", "FULLY_CONNECTED", "SOFTMAX"],
          float_range=(0.0, 1.0), description="mnist_dnn, float32 (no quantization)")
    entry(name="mnist_cnn", kind="model", build=build_mnist_cnn,
          must_contain=["CONV_2D", "MAX_POOL_2D", "FULLY_CONNECTED", "SOFTMAX"],
          description="Larq-example MNIST CNN with ordinary layers (8/16/16 filters, "
                      "Dense 32), BatchNorm after pools; 28x28x1")
    entry(name="ds_cnn_kws", kind="model", build=lambda: build_ds_cnn(False),
          must_contain=["CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "SOFTMAX"],
          description="MLPerf Tiny DS-CNN keyword spotting: 49x10x1, 64 filters, 4 DS blocks, "
                      "12 classes")
    entry(name="ds_cnn_kws_float", kind="model", build=lambda: build_ds_cnn(True),
          must_contain=["CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "SOFTMAX"],
          float_range=(-3.0, 3.0), description="ds_cnn_kws, float32 (no quantization)")
    image_model_entry("mobilenet_v1_025", mobilenet_v1, (96, 96, 3), 2, 192, 3,
                      "MobileNetV1 alpha 0.25, 96x96x3, 2 classes (Keras-applications layout "
                      "with ZeroPadding before stride-2 depthwise)",
                      must_contain=["CONV_2D", "DEPTHWISE_CONV_2D", "MEAN", "SOFTMAX"])
    image_model_entry("resnet8", resnet8, (32, 32, 3), 10, 320, 4,
                      "MLPerf Tiny ResNet-8: 32x32x3, 16/32/64 filters, residual ADDs, 10 classes",
                      must_contain=["CONV_2D", "ADD", "AVERAGE_POOL_2D", "FULLY_CONNECTED",
                                    "SOFTMAX"])
    image_model_entry("fc_autoencoder", fc_autoencoder, (640,), 0, 512, 6,
                      "MLPerf Tiny anomaly-detection FC autoencoder: 640 -> 128x4 -> 8 -> "
                      "128x4 -> 640", autoencoder=True, must_contain=["FULLY_CONNECTED"])
    image_model_entry("mobilenet_v2_035", mobilenet_v2, (96, 96, 3), 2, 192, 3,
                      "MobileNetV2 alpha 0.35, 96x96x3, 2 classes, inverted residuals",
                      must_contain=["CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "MEAN",
                                    "FULLY_CONNECTED", "SOFTMAX"])
    image_model_entry("densenet_block", densenet_block, (16, 16, 3), 10, 320, 4,
                      "DenseNet-style block: 3 BN-ReLU-Conv1x1-BN-ReLU-Conv3x3 layers with "
                      "CONCATENATION (growth 8), transition, 16x16x3, 10 classes",
                      must_contain=["CONV_2D", "CONCATENATION", "AVERAGE_POOL_2D", "SOFTMAX"])
    image_model_entry("mobilenet_v3_block", mobilenet_v3_block, (32, 32, 3), 4, 256, 4,
                      "MobileNetV3-small style: hard-swish stem, 2 inverted-residual blocks "
                      "with squeeze-excite (MEAN, hard-sigmoid gate, MUL), residual ADD, "
                      "hard-swish head; 32x32x3, 4 classes",
                      must_contain=["CONV_2D", "DEPTHWISE_CONV_2D", "HARD_SWISH", "MEAN", "MUL",
                                    "ADD", "FULLY_CONNECTED", "SOFTMAX"])
    image_model_entry("cnn_int16x8", cnn_int16x8, (12, 12, 2), 4, 256, 4,
                      "Small CNN in the converter's 16x8 mode (int16 activations, int8 weights, "
                      "int64 biases): CONV_2D, AVERAGE_POOL_2D, DEPTHWISE_CONV_2D, CONV_2D, "
                      "MAX_POOL_2D, FULLY_CONNECTED x2, SOFTMAX; 12x12x2, 4 classes",
                      must_contain=["CONV_2D", "AVERAGE_POOL_2D", "DEPTHWISE_CONV_2D", "MAX_POOL_2D",
                                    "FULLY_CONNECTED", "SOFTMAX"], conv=INT16X8)
    entry(name="stream_kws_conv", kind="model", build=lambda: build_stream_kws(False),
          must_contain=STREAM_OPS, steps=STREAM_STEPS,
          description="Streaming wake-word model in microWakeWord's structure: one 40-feature "
                      "frame [1,1,40] per invoke; ring buffers in resource variables (CALL_ONCE "
                      "init, READ_VARIABLE, CONCATENATION, STRIDED_SLICE, ASSIGN_VARIABLE) "
                      "feed CONV_2D 3x1 (40->16), DEPTHWISE_CONV_2D 5x1, CONV_2D 1x1 (->24), "
                      "FULLY_CONNECTED over 6 frames, LOGISTIC; goldens are 8-step sequences")
    entry(name="stream_kws_conv_float", kind="model", build=lambda: build_stream_kws(True),
          must_contain=STREAM_OPS, steps=STREAM_STEPS, float_range=(-3.0, 3.0),
          description="stream_kws_conv, float32 (no quantization; float state variables)")


# ---------------------------------------------------------------------------
# Goldens and manifest
# ---------------------------------------------------------------------------

def golden_seed(name: str) -> int:
    return seed_for(name) + 1


def quantize_like_tflm(x: np.ndarray, scale: float, zp: int) -> np.ndarray:
    """float -> int8 as TFLM's QUANTIZE does it: round half away from zero, clamp."""
    q = np.sign(x / np.float32(scale)) * np.floor(np.abs(x / np.float32(scale)) + 0.5)
    return np.clip(q + zp, -128, 127).astype(np.int8)


def build_entry(e: Entry, out: Path) -> dict:
    flat, extra = e.build()
    path = out / f"{e.name}.tflite"
    path.write_bytes(flat)
    info = tflm_reference.describe_model(path)
    ops = info["ops"]
    if e.expect_ops is not None and ops != e.expect_ops:
        raise AssertionError(f"{e.name}: converter produced {ops}, wanted {e.expect_ops}")
    missing = [o for o in e.must_contain if o not in ops]
    if missing:
        raise AssertionError(f"{e.name}: converter produced {sorted(set(ops))}, missing {missing}")
    if e.check:
        e.check(info)

    inputs = tflm_reference.random_inputs(info, golden_seed(e.name), e.float_range,
                                          steps=e.steps)
    in_files = []
    for i, a in enumerate(inputs):
        f = f"{e.name}.input{i}.npy"
        np.save(out / f, a)
        in_files.append(f)
    out_files = [f"{e.name}.output{i}.npy" for i in range(len(info["outputs"]))]
    res = tflm_reference.run_subprocess(path, inputs=[out / f for f in in_files],
                                        outputs=[out / f for f in out_files],
                                        sequence=e.steps is not None)
    if not res.get("ok"):
        raise AssertionError(f"{e.name}: TFLM cannot run it: {res.get('error')}")

    def tensor_info(t):
        d = {"dtype": t["dtype"], "shape": t["shape"]}
        if t["scale"] != []:
            d["scale"], d["zero_point"] = t["scale"], t["zero_point"]
        return d

    rec = {
        "name": e.name,
        "file": path.name,
        "kind": e.kind,
        "description": e.description,
        "ops": ops,
        "opcodes": info["opcodes"],
        "size_bytes": len(flat),
        "sha256": hashlib.sha256(flat).hexdigest(),
        "tflm_arena_bytes": res["tflm_arena_bytes"],
        "inputs": in_files,
        "outputs": out_files,
        "input_tensors": [tensor_info(t) for t in info["inputs"]],
        "output_tensors": [tensor_info(t) for t in info["outputs"]],
        "input_dtypes": [t["dtype"] for t in info["inputs"]],
        "output_dtypes": [t["dtype"] for t in info["outputs"]],
        "golden_seed": golden_seed(e.name),
        "random_input": {"integer": "uniform over the dtype's full range",
                         "float32": list(e.float_range)},
        **extra,
    }
    if e.steps is not None:
        # Goldens are sequences: input/output files are [steps, *tensor shape], TFLM invoked
        # once per step on one interpreter (state in resource variables carried).
        rec["sequence"] = True
        rec["steps"] = e.steps
    if info["subgraphs"] > 1:  # e.g. CALL_ONCE's init subgraph
        rec["other_subgraphs"] = [{"subgraph": i, "ops": o}
                                  for i, o in enumerate(info["subgraph_ops"]) if i > 0]
    if e.kind == "op":
        rec["op_options"] = [{"op": d["op"], **d["options"]} for d in info["op_details"]]
    if e.name == "mnist_dnn":
        rec.update(digits_testset(path, info, out))
    return rec


def digits_testset(path: Path, info: dict, out: Path) -> dict:
    """Quantized 8x8 digits test split + labels, and the accuracy TFLM gets on it."""
    _, xte, _, yte = digits_split()
    t = info["inputs"][0]
    xq = quantize_like_tflm(xte, t["scale"], t["zero_point"])
    np.save(out / "mnist_dnn.digits_x.npy", xq)
    np.save(out / "mnist_dnn.digits_y.npy", yte.astype(np.int32))
    with tempfile.TemporaryDirectory() as tmp:
        res = tflm_reference.run_subprocess(path, inputs=[out / "mnist_dnn.digits_x.npy"],
                                            outputs=[Path(tmp) / "probs.npy"], batch=True)
        if not res.get("ok"):
            raise AssertionError(f"mnist_dnn digits: TFLM failed: {res.get('error')}")
        probs = np.load(Path(tmp) / "probs.npy")
    pred = probs.reshape(len(yte), -1).argmax(-1)
    acc = float(np.mean(pred == yte))
    return {"digits_x": "mnist_dnn.digits_x.npy", "digits_y": "mnist_dnn.digits_y.npy",
            "digits_samples": int(len(yte)), "tflm_digits_accuracy": round(acc, 4),
            "tflm_digits_correct": int(np.sum(pred == yte))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="regex: rebuild matching entries, keep the rest of the manifest")
    ap.add_argument("--out", default=str(ZOO))
    ap.add_argument("--list", action="store_true", help="list entries and exit")
    args = ap.parse_args()

    define_model_entries()
    define_op_entries()
    names = [e.name for e in ENTRIES]
    assert len(names) == len(set(names)), "duplicate entry names"
    if args.list:
        for e in ENTRIES:
            print(f"{e.kind:5} {e.name}: {e.description}")
        return 0

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    selected = [e for e in ENTRIES if not args.only or re.fullmatch(args.only, e.name)]
    manifest_path = out / "manifest.json"
    old = {}
    if args.only and manifest_path.exists():
        old = {m["name"]: m for m in json.loads(manifest_path.read_text())["models"]}
    elif not args.only:
        for f in out.iterdir():  # a full build starts afresh (README.md stays)
            if f.is_file() and (f.suffix in (".tflite", ".npy") or f.name == "manifest.json"):
                f.unlink()

    records, failed = dict(old), []
    for e in selected:
        try:
            rec = build_entry(e, out)
        except Exception as ex:  # report every failure, then exit non-zero
            failed.append(e.name)
            print(f"FAILED {e.name}: {ex}", flush=True)
            continue
        records[e.name] = rec
        print(f"{e.name:36} {rec['size_bytes']:8d} B  arena {rec['tflm_arena_bytes']:7d} B  "
              f"{' '.join(rec['ops']) if len(rec['ops']) <= 8 else ', '.join(rec['opcodes'])}",
              flush=True)

    order = {n: i for i, n in enumerate(names)}
    manifest = {
        "description": "Kinglet model zoo: .tflite files from TensorFlow's converter with "
                       "goldens from TensorFlow Lite Micro. Built by tools/zoo/build_zoo.py; "
                       "do not edit by hand.",
        "generator": {
            "tensorflow": tf.__version__,
            "tflite_micro": _version("tflite-micro"),
            "numpy": np.__version__,
            "seed": SEED,
        },
        "models": sorted(records.values(), key=lambda r: order.get(r["name"], 1 << 30)),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    write_readme_table(out / "README.md", manifest)
    total = sum(f.stat().st_size for f in out.iterdir()
                if f.is_file() and f.suffix in (".tflite", ".npy", ".json"))
    print(f"{len(records)} entries, {total / 1e6:.2f} MB in {out}")
    if failed:
        print(f"{len(failed)} failed: {', '.join(failed)}")
        return 1
    return 0


def write_readme_table(readme: Path, manifest: dict) -> None:
    """Rewrite the "## Entries" table at the end of the zoo's README from the manifest."""
    head = readme.read_text().split("## Entries")[0] if readme.exists() else "# Model zoo\n\n"
    rows = ["## Entries", "", "| name | kind | ops | bytes | TFLM arena bytes |",
            "|---|---|---|---|---|"]
    for r in manifest["models"]:
        ops = ", ".join(r["opcodes"]) if len(r["ops"]) > 6 else " → ".join(r["ops"])
        rows.append(f"| `{r['name']}` | {r['kind']} | {ops} | {r['size_bytes']} | "
                    f"{r['tflm_arena_bytes']} |")
    readme.write_text(head + "\n".join(rows) + "\n")


def _version(dist: str) -> str:
    from importlib.metadata import version
    try:
        return version(dist)
    except Exception:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
