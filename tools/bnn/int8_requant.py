#!/usr/bin/env python3
"""LiteRT's int8 requantization in Larq Compute Engine's interpreter, found by experiment: one-operator
int8 models (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED; per-channel and per-tensor weights) run through
LCE's interpreter (pip larq-compute-engine 0.16.0, default x86 kernels, one thread) on seeded random
inputs, each output compared with numpy emulations of candidate arithmetics.

    TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python tools/bnn/int8_requant.py [--seed N] [--configs 8]
        [--inputs 25] [--probes 8] [--per-tensor 0.3] [--activations 0.3] [--model testdata/bnn/int8_bnn.tflite]
        [--kinglet PATH [--kinglet-inputs 2]] [--write-goldens testdata/bnn/int8_requant]

Each model is a converter-made int8 template (TF 2.16 in LCE's venv, full-integer quantization, int8
input and output) whose weights, bias, scales and zero points are redrawn per configuration through the
schema's object API (no re-conversion). The accumulator is computed exactly in numpy (int64, input zero
point subtracted, bias added). Random inputs rarely land where the candidates disagree, so "probes"
(models with an all-z_in input, where the accumulator is the bias) put each channel's bias at an
accumulator where they do, including multipliers >= 1 (left shifts). --model cuts a model's first
operator (an int8 CONV_2D) out alone and runs it on the model's stored input and random inputs.
The candidates differ only in how the accumulator is brought to the output scale:

  tflm        TFLM / TFLite reference (double rounding): M, shift = QuantizeMultiplier(double(s_in) *
              double(s_w) / double(s_out)); SaturatingRoundingDoublingHighMul (half away from zero),
              then RoundingDivideByPOT (half away from zero).
  ruy_x86     ruy's AVX/AVX2/AVX-512 kernels (ruy/kernel_avx512.cc, kernel_avx2_fma.cc): x << max(shift, 0),
              then (x * M + 2^30) >> 31 (arithmetic shift of the 64-bit product: half up), then
              (r + 2^(e-1)) >> e with e = max(-shift, 0) (half up again): double rounding, both half up.
  single_up   single rounding, half up: (x * M + 2^(30+e)) >> (31+e) (ruy's reference
              MultiplyByQuantizedMultiplier, TFLITE_SINGLE_ROUNDING).
  neon_gemv   vqrdmulh (half up), then gemmlowp's RoundingDivideByPOT (half away from zero).
  fp32        float32(acc) * float32(s_in * s_w / s_out), rounded half to even (XNNPACK-like).
  *_f32prod   the same with the multiplier from double(float32(s_in * s_w)) / double(s_out).
  ruy_x86+tflm_tail8  ruy_x86 on the output channels below 8 * (channels / 8), tflm on the rest.
  litert      the formula found (then the output zero point is added and the result clamped to int8):
              CONV_2D (per-channel and per-tensor, dilated too), FULLY_CONNECTED per-channel: ruy_x86;
              grouped CONV_2D: tflm (LiteRT's reference kernel);
              FULLY_CONNECTED per-tensor: ruy_x86_f32prod (TFLite's GetQuantizedConvolutionMultipler
              rounds s_in * s_w to float first); DEPTHWISE_CONV_2D (both): ruy_x86+tflm_tail8 (the
              optimized kernel's 8-channel blocks round half up twice, its leftover channels take
              TFLite's scalar MultiplyByQuantizedMultiplier).

--activations gives that share of the models a fused RELU or RELU6 (the candidates then clamp to
TFLite's CalculateActivationRangeQuantized range, as TFLM does); without it every model has none.

Prints, per operator shape, mismatches per candidate over all outputs, then per operator and weight
quantization the candidates with no mismatch. Exits 1 unless litert matches every output.

--kinglet PATH also runs Kinglet (`kinglet run`) on every model, with one unused operator code
CUSTOM "LceQuantize" appended so that Kinglet treats it as an LCE model (PrepareContext.followsLiteRT,
Sources/KingletKernels/Arithmetic/LiteRTRequantization.swift), on its first --kinglet-inputs inputs
(probes: the all-z_in one), and exits 1 unless every output equals LCE's byte for byte.

--write-goldens DIR writes the goldens of Tests/KingletRuntimeTests/LiteRTRequantizationTests.swift:
one probe model per GOLDEN_SHAPES entry (marker appended) with an all-z_in input and a random one and
LCE's outputs, and manifest.json (each model's files; for the one-pixel probes, per channel, the
accumulator, multiplier, shift, output zero point and LCE's output: values for the rounding alone).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

# (name, op, geometry). conv: (h, w, cin, cout, k, stride, padding); fc: (batch, depth, units);
# dwconv: (h, w, c, mult, k, stride, padding).
SHAPES = [
    ("conv_8x8x8_o16_k3_same", "CONV_2D", (8, 8, 8, 16, 3, 1, "same")),
    ("conv_6x6x3_o5_k3_valid", "CONV_2D", (6, 6, 3, 5, 3, 1, "valid")),
    ("conv_5x5x16_o24_k1", "CONV_2D", (5, 5, 16, 24, 1, 1, "valid")),
    ("conv_3x3x8_o8_k3_1px", "CONV_2D", (3, 3, 8, 8, 3, 1, "valid")),  # one output pixel: GEMV?
    ("conv_1x1x32_o7_k1_1px", "CONV_2D", (1, 1, 32, 7, 1, 1, "valid")),
    ("fc_b1_d32_u16", "FULLY_CONNECTED", (1, 32, 16)),
    ("fc_b1_d7_u3", "FULLY_CONNECTED", (1, 7, 3)),
    ("fc_b4_d32_u16", "FULLY_CONNECTED", (4, 32, 16)),
    ("dwconv_8x8x8_k3_same", "DEPTHWISE_CONV_2D", (8, 8, 8, 1, 3, 1, "same")),
    ("dwconv_7x7x5_m2_k3_s2_valid", "DEPTHWISE_CONV_2D", (7, 7, 5, 2, 3, 2, "valid")),
    ("dwconv_6x6x16_k3_valid", "DEPTHWISE_CONV_2D", (6, 6, 16, 1, 3, 1, "valid")),
    ("dwconv_6x6x13_k3_valid", "DEPTHWISE_CONV_2D", (6, 6, 13, 1, 3, 1, "valid")),  # 5 tail channels
    ("conv_5x5x4_o13_k3_same", "CONV_2D", (5, 5, 4, 13, 3, 1, "same")),
    # conv geometry + (dilation, groups): Kinglet keeps TFLM's arithmetic for grouped convs.
    ("conv_7x7x4_o8_k3_d2_same", "CONV_2D", (7, 7, 4, 8, 3, 1, "same", 2, 1)),
    ("conv_6x6x8_o12_k3_g2_valid", "CONV_2D", (6, 6, 8, 12, 3, 1, "valid", 1, 2)),
    ("conv_5x5x12_o9_k1_g3", "CONV_2D", (5, 5, 12, 9, 1, 1, "valid", 1, 3)),
]


PER_TENSOR = 0.3  # share of models with one weight scale (--per-tensor)
ACTIVATIONS = 0.0  # share of models with a fused RELU or RELU6 (--activations)


def template(op, geo, rng) -> bytes:
    import tensorflow as tf  # noqa: PLC0415
    import tf_keras as keras  # noqa: PLC0415

    if op == "CONV_2D":
        h, w, cin, cout, k, s, p, d, g = conv_geometry(geo)
        shape = (1, h, w, cin)
        model = keras.Sequential([keras.Input(shape[1:], batch_size=1),
                                  keras.layers.Conv2D(cout, k, s, p, dilation_rate=d, groups=g)])
    elif op == "DEPTHWISE_CONV_2D":
        h, w, c, m, k, s, p = geo
        shape = (1, h, w, c)
        model = keras.Sequential([keras.Input(shape[1:], batch_size=1),
                                  keras.layers.DepthwiseConv2D(k, s, p, depth_multiplier=m)])
    else:
        b, d, u = geo
        shape = (b, d)
        model = keras.Sequential([keras.Input((d,), batch_size=b), keras.layers.Dense(u)])

    for layer in model.layers:  # nonzero bias: the converter keeps the bias tensor
        layer.set_weights([rng.normal(size=v.shape).astype(np.float32) for v in layer.get_weights()])

    def rep():
        for _ in range(8):
            yield [rng.normal(size=shape).astype(np.float32)]

    c = tf.lite.TFLiteConverter.from_keras_model(model)
    c.optimizations = [tf.lite.Optimize.DEFAULT]
    c.representative_dataset = rep
    c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    c.inference_input_type = tf.int8
    c.inference_output_type = tf.int8
    return c.convert()


def fb():
    from tensorflow.lite.python import schema_py_generated as schema  # noqa: PLC0415

    return schema


def pack(m) -> bytes:
    import flatbuffers  # noqa: PLC0415

    b = flatbuffers.Builder(4096)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def patch(model_bytes, op, rng, probe=False, per_tensor=None, act=None):
    """Redraw weights, bias, scales, zero points; returns (bytes, params). With probe, the bias of each
    channel is an accumulator where the candidates disagree (the input is then all z_in: acc = bias)."""
    s = fb()
    m = s.ModelT.InitFromObj(s.Model.GetRootAs(model_bytes, 0))
    g = m.subgraphs[0]
    ops = [o for o in g.operators if m.operatorCodes[o.opcodeIndex].builtinCode in (3, 4, 9)]
    assert len(ops) == 1, "one conv/dwconv/fc expected"
    o = ops[0]
    x_t, w_t, b_t = (g.tensors[i] for i in o.inputs[:3])
    y_t = g.tensors[o.outputs[0]]
    wshape = tuple(w_t.shape)
    channels = wshape[3] if op == "DEPTHWISE_CONV_2D" else wshape[0]
    # Scales: log-uniform, so that the output spans a few dozen LSB and shifts of several sizes occur.
    s_in = np.float32(2.0 ** rng.uniform(-8, 0))
    s_w = (2.0 ** rng.uniform(-9, -3, size=channels)).astype(np.float32)
    depth = int(np.prod(wshape)) // channels if op != "DEPTHWISE_CONV_2D" else wshape[1] * wshape[2]
    # Output scale so that a typical accumulator (~ 60 * sqrt(depth) * s_in * s_w) is ~ 40 LSB.
    s_out = np.float32(float(np.median(s_w)) * float(s_in) * 60.0 * np.sqrt(depth) / 40.0
                       * 2.0 ** rng.uniform(-1.5, 1.5))
    z_in = int(rng.integers(-20, 21))
    z_out = int(rng.integers(-20, 21))
    w = rng.integers(-127, 128, size=wshape).astype(np.int8)
    bias = rng.integers(-3000, 3001, size=channels).astype(np.int32)
    if per_tensor is None:
        per_tensor = rng.random() < PER_TENSOR  # one weight scale (as the converter makes FC's)
    if per_tensor:
        s_w = np.full(channels, s_w[0], np.float32)
    if probe:
        s_w, s_out, bias = probe_values(rng, channels, s_in, per_tensor)
    buffers = m.buffers
    buffers[w_t.buffer].data = np.frombuffer(w.tobytes(), np.uint8).copy()
    buffers[b_t.buffer].data = np.frombuffer(bias.tobytes(), np.uint8).copy()
    x_t.quantization.scale = [float(s_in)]
    x_t.quantization.zeroPoint = [z_in]
    y_t.quantization.scale = [float(s_out)]
    y_t.quantization.zeroPoint = [z_out]
    w_t.quantization.scale = [float(v) for v in s_w[:1 if per_tensor else channels]]
    w_t.quantization.zeroPoint = [0] * len(w_t.quantization.scale)
    w_t.quantization.quantizedDimension = 3 if op == "DEPTHWISE_CONV_2D" else 0
    b_t.quantization.scale = [float(np.float32(s_in * v)) for v in s_w[:len(w_t.quantization.scale)]]
    b_t.quantization.zeroPoint = [0] * len(b_t.quantization.scale)
    b_t.quantization.quantizedDimension = 0
    # Fused activation NONE (clamp to int8 only), or with --activations RELU (1) or RELU6 (3).
    if act is None:
        act = int(rng.choice([1, 3])) if ACTIVATIONS and rng.random() < ACTIVATIONS else 0
    opts = o.builtinOptions
    if hasattr(opts, "fusedActivationFunction"):
        opts.fusedActivationFunction = act
    return pack(m), dict(op=op, per_tensor=per_tensor, w=w, bias=bias, s_in=s_in, s_w=s_w, s_out=s_out,
                         z_in=z_in, z_out=z_out, act=act,
                         groups=x_t.shape[3] // wshape[3] if op == "CONV_2D" else 1)


def activation_range(p):
    """TFLite's CalculateActivationRangeQuantized for int8: z + round(f / s) in float32, half away."""
    def q(f):
        v = np.float32(f) / np.float32(p["s_out"])
        return p["z_out"] + int(np.trunc(abs(v) + np.float32(0.5)) * np.sign(v))
    act = p.get("act", 0)
    lo = max(-128, q(0.0)) if act in (1, 3) else -128
    hi = min(127, q(6.0)) if act == 3 else 127
    return lo, hi


def conv_geometry(geo):
    """(h, w, cin, cout, k, stride, padding, dilation, groups): dilation and groups default to 1."""
    return tuple(geo) + (1, 1)[len(geo) - 7:]


def accumulate(op, geo, x, p):
    """Exact int64 accumulators, channel last."""
    xi = x.astype(np.int64) - p["z_in"]
    w = p["w"].astype(np.int64)
    if op == "FULLY_CONNECTED":
        return xi @ w.T + p["bias"]
    h, wd, c, _, k, stride, pad, dil, groups = conv_geometry(geo) if op == "CONV_2D" else tuple(geo) + (1, 1)
    span = (k - 1) * dil + 1  # the dilated window
    if pad == "same":
        oh, ow = -(-h // stride), -(-wd // stride)
        ph = max((oh - 1) * stride + span - h, 0)
        pw = max((ow - 1) * stride + span - wd, 0)
        xi = np.pad(xi, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    else:
        oh, ow = (h - span) // stride + 1, (wd - span) // stride + 1
    acc = 0
    for fy in range(k):
        for fx in range(k):
            y0, x0 = fy * dil, fx * dil
            patch_ = xi[:, y0:y0 + stride * (oh - 1) + 1:stride, x0:x0 + stride * (ow - 1) + 1:stride, :]
            if op == "CONV_2D":
                per = w.shape[0] // groups  # filters per group; each reads its group's input channels
                acc = acc + np.concatenate([
                    np.einsum("bhwc,oc->bhwo", patch_[..., g * w.shape[3]:(g + 1) * w.shape[3]],
                              w[g * per:(g + 1) * per, fy, fx, :]) for g in range(groups)], axis=3)
            else:
                mult = w.shape[3] // c
                acc = acc + np.repeat(patch_, mult, axis=3) * w[0, fy, fx, :]
    return acc + p["bias"]


def quantize_multiplier(real):
    """TFLite's QuantizeMultiplier on float64 arrays: (int64 M in [2^30, 2^31), int shift)."""
    frac, exp = np.frexp(real)
    q = np.trunc(np.abs(frac) * 2.0**31 + 0.5) * np.sign(frac)  # std::round: half away from zero
    q = q.astype(np.int64)
    exp = exp.astype(np.int64)
    full = q == (1 << 31)
    q[full] //= 2
    exp[full] += 1
    return q, exp


def srdhm_away(x, m):
    ab = x * m
    nudge = np.where(ab >= 0, 1 << 30, 1 - (1 << 30))
    v = ab + nudge
    return np.where(v >= 0, v >> 31, -((-v) >> 31))  # C division truncates toward zero


def rdbpot_away(x, e):
    mask = (np.int64(1) << e) - 1
    rem = x & mask
    thr = (mask >> 1) + (x < 0)
    return (x >> e) + (rem > thr)


def candidates(acc, p):
    s_in, s_w, s_out = float(p["s_in"]), p["s_w"].astype(np.float64), float(p["s_out"])
    reals = {"": s_in * s_w / s_out,
             "_f32prod": (s_w * np.float32(p["s_in"])).astype(np.float32).astype(np.float64) / s_out}
    out = {}
    for tag, real in reals.items():
        M, shift = quantize_multiplier(real)
        ls = np.maximum(shift, 0)
        e = np.maximum(-shift, 0)
        x = acc << ls
        out["tflm" + tag] = rdbpot_away(srdhm_away(x, M), e)
        out["ruy_x86" + tag] = ((((x * M) + (1 << 30)) >> 31) + np.where(e > 0, np.int64(1) << np.maximum(e - 1, 0),
                                                                         0)) >> e
        out["single_up" + tag] = (x * M + (np.int64(1) << (30 + e))) >> (31 + e)
        out["neon_gemv" + tag] = rdbpot_away((x * M + (1 << 30)) >> 31, e)
    # DEPTHWISE_CONV_2D's tail: TFLM's arithmetic on the output channels past the last full block of 8.
    simd = np.arange(acc.shape[-1]) < 8 * (acc.shape[-1] // 8)
    out["ruy_x86+tflm_tail8"] = np.where(simd, out["ruy_x86"], out["tflm"])
    # The formula found (see the docstring): per operator and weight quantization.
    if p["op"] == "DEPTHWISE_CONV_2D":
        out["litert"] = out["ruy_x86+tflm_tail8"]
    elif p.get("groups", 1) > 1:  # grouped CONV_2D: LiteRT's reference kernel (an assumption to verify)
        out["litert"] = out["tflm"]
    elif p["op"] == "FULLY_CONNECTED" and p["s_w"].size and p["per_tensor"]:
        out["litert"] = out["ruy_x86_f32prod"]
    else:
        out["litert"] = out["ruy_x86"]
    scale32 = (np.float32(p["s_in"]) * p["s_w"] / np.float32(p["s_out"])).astype(np.float32)
    out["fp32"] = np.rint(acc.astype(np.float32) * scale32).astype(np.int64)
    lo, hi = activation_range(p)
    return {k: np.clip(v + p["z_out"], lo, hi) for k, v in out.items()}


def probe_values(rng, channels, s_in, shared):
    """Per channel a weight scale (some with multipliers >= 1: left shifts) and an accumulator value at
    which the candidates disagree (preferring ones that split ruy_x86 from ruy_x86_f32prod)."""
    s_out = np.float32(2.0 ** rng.uniform(-6, 0))
    s_w = np.empty(channels, np.float32)
    bias = np.empty(channels, np.int32)
    for c in range(channels):
        big = rng.random() < 0.15
        if shared and c:
            sw = s_w[0]
        else:
            sw = np.float32(float(s_out) / float(s_in) * 2.0 ** (rng.uniform(0, 3) if big else rng.uniform(-14, -4)))
        real = float(s_in) * float(sw) / float(s_out)
        span = int(min(120 / real, 1 << 22))
        acc = np.arange(-span, span + 1, dtype=np.int64)
        p = dict(op="", per_tensor=False, s_in=s_in, s_w=np.full(acc.size, sw, np.float32), s_out=s_out, z_out=0)
        cands = candidates(acc, p)
        del cands["ruy_x86+tflm_tail8"], cands["litert"]  # no channel axis here
        key = cands["ruy_x86"]
        split = np.flatnonzero(key != cands["ruy_x86_f32prod"])
        if split.size == 0:
            split = np.flatnonzero(np.any([v != key for v in cands.values()], axis=0))
        pick = acc[rng.choice(split)] if split.size else acc[rng.integers(acc.size)]
        s_w[c], bias[c] = sw, np.int32(pick)
    return s_w, s_out, bias


class KingletCheck:
    """--kinglet: Kinglet on each model (the LCE marker appended), on its first `inputs` inputs,
    byte for byte against LCE's outputs."""

    def __init__(self, kinglet, inputs):
        self.kinglet, self.inputs = kinglet, inputs
        self.work = tempfile.mkdtemp(prefix="kinglet-int8requant.")
        self.path = os.path.join(self.work, "model.tflite")
        self.models = self.outputs = self.wrong = self.runs = 0
        self.failures = []

    def model(self, name, model_bytes):
        if not self.kinglet:
            return
        from float_ops import with_lce_marker  # noqa: PLC0415

        with open(self.path, "wb") as f:
            f.write(with_lce_marker(model_bytes))
        self.name, self.runs = name, 0
        self.models += 1

    def check(self, x, lce_output):
        if not self.kinglet or self.runs >= self.inputs:
            return
        from float_ops import run_kinglet  # noqa: PLC0415

        self.runs += 1
        want = np.asarray(lce_output)
        try:
            got = run_kinglet(self.kinglet, self.path, x, self.work).reshape(want.shape)
        except RuntimeError as e:
            self.failures.append(f"{self.name}: {e}")
            return
        self.outputs += want.size
        wrong = int(np.count_nonzero(got.astype(np.int64) != want.astype(np.int64)))
        if wrong:
            self.wrong += wrong
            self.failures.append(f"{self.name}: {wrong} of {want.size} outputs differ")

    def report(self) -> bool:
        if not self.kinglet:
            return True
        print(f"kinglet: {self.models} models, {self.outputs} outputs, {self.wrong} differ from LCE"
              + "".join(f"\n  {f}" for f in self.failures[:20]), flush=True)
        return not self.failures


KINGLET = KingletCheck(None, 0)


def run_probes(Interpreter, rng, configs):
    """Accumulators chosen where the candidates disagree, fed as bias with an all-z_in input."""
    totals = {}
    for name, op, geo in PROBE_SHAPES:
        base = template(op, geo, rng)
        wrong, count, split, shared = {}, 0, 0, 0
        for _ in range(configs):
            model, p = patch(base, op, rng, probe=True)
            shared += p["per_tensor"]
            it = Interpreter(model, num_threads=1)
            shape = tuple(it.input_shapes[0])
            x = np.full(shape, p["z_in"], np.int8)
            got = np.asarray(it.interpreter.predict([x])[0])
            KINGLET.model(f"probe {name}", model)
            KINGLET.check(x, got)
            got = got.astype(np.int64)
            acc = accumulate(op, geo, x, p)
            cands = candidates(acc, p)
            got = got.reshape(cands["tflm"].shape)
            count += got.size
            split += int(np.count_nonzero(cands["ruy_x86"] != cands["ruy_x86_f32prod"]))
            tally(wrong, cands, got)
            tally(totals.setdefault(group(op, p), {}), cands, got)
        print(f"probe {name:24s} {op:18s} {configs} models ({shared} per-tensor), {count} outputs "
              f"({split} where ruy_x86 != ruy_x86_f32prod): "
              + ", ".join(f"{k} {v}" for k, v in wrong.items()), flush=True)
    return totals


def group(op, p):
    return f"{op} {'per-tensor' if p['per_tensor'] else 'per-channel'}"


def tally(wrong, cands, got):
    for k, v in cands.items():
        wrong[k] = wrong.get(k, 0) + int(np.count_nonzero(v != got))


def check_model(Interpreter, path, rng, inputs):
    """The model's first operator (an int8 CONV_2D), cut out alone, on the model's stored input
    (path with .tflite replaced by .input0.npy, if present) and random inputs."""
    sch = fb()
    m = sch.ModelT.InitFromObj(sch.Model.GetRootAs(open(path, "rb").read(), 0))
    g = m.subgraphs[0]
    o = g.operators[0]
    assert m.operatorCodes[o.opcodeIndex].builtinCode == 3, "first operator must be CONV_2D"
    opts = o.builtinOptions
    assert opts.dilationHFactor == 1 and opts.dilationWFactor == 1 and opts.strideH == opts.strideW
    x_t, w_t, b_t = (g.tensors[i] for i in o.inputs[:3])
    y_t = g.tensors[o.outputs[0]]
    wshape = tuple(w_t.shape)
    assert wshape[1] == wshape[2] and opts.fusedActivationFunction == 0
    geo = (x_t.shape[1], x_t.shape[2], x_t.shape[3], wshape[0], wshape[1], opts.strideH,
           "same" if opts.padding == 0 else "valid")
    p = dict(op="CONV_2D", per_tensor=len(w_t.quantization.scale) == 1,
             w=np.frombuffer(bytes(bytearray(m.buffers[w_t.buffer].data)), np.int8).reshape(wshape),
             bias=np.frombuffer(bytes(bytearray(m.buffers[b_t.buffer].data)), np.int32),
             s_in=np.float32(x_t.quantization.scale[0]), s_w=np.asarray(w_t.quantization.scale, np.float32),
             s_out=np.float32(y_t.quantization.scale[0]), z_in=int(x_t.quantization.zeroPoint[0]),
             z_out=int(y_t.quantization.zeroPoint[0]))
    g.operators = [o]
    g.outputs = [o.outputs[0]]
    it = Interpreter(pack(m), num_threads=1)
    shape = tuple(it.input_shapes[0])
    stored = path[:-len(".tflite")] + ".input0.npy"
    xs = [np.load(stored).reshape(shape)] if os.path.exists(stored) else []
    xs += [rng.integers(-128, 128, size=shape).astype(np.int8) for _ in range(inputs)]
    wrong, count = {}, 0
    for i, x in enumerate(xs):
        got = np.asarray(it.interpreter.predict([x])[0]).astype(np.int64)
        acc = accumulate("CONV_2D", geo, x, p)
        cands = candidates(acc, p)
        got = got.reshape(cands["tflm"].shape)
        count += got.size
        for k, v in cands.items():
            wrong[k] = wrong.get(k, 0) + int(np.count_nonzero(v != got))
        if i == 0 and xs and os.path.exists(stored):
            print(f"{os.path.basename(path)} op0 stored input: "
                  + ", ".join(f"{k} {int(np.count_nonzero(v != got))}" for k, v in cands.items()))
    print(f"{os.path.basename(path)} op0 CONV_2D {count} outputs ({len(xs)} inputs): "
          + ", ".join(f"{k} {v}" for k, v in wrong.items()), flush=True)
    return {f"CONV_2D {'per-tensor' if len(p['s_w']) == 1 else 'per-channel'} (cut models)": wrong}


PROBE_SHAPES = [
    ("conv_4x4x1_o48_k1", "CONV_2D", (4, 4, 1, 48, 1, 1, "valid")),
    ("conv_1x1x1_o48_k1_1px", "CONV_2D", (1, 1, 1, 48, 1, 1, "valid")),
    ("fc_b1_d1_u48", "FULLY_CONNECTED", (1, 1, 48)),
    ("fc_b4_d1_u48", "FULLY_CONNECTED", (4, 1, 48)),
    ("dwconv_4x4x48_k1", "DEPTHWISE_CONV_2D", (4, 4, 48, 1, 1, 1, "valid")),
    ("dwconv_5x5x48_k3", "DEPTHWISE_CONV_2D", (5, 5, 48, 1, 3, 1, "valid")),
    ("dwconv_4x4x21_k1", "DEPTHWISE_CONV_2D", (4, 4, 21, 1, 1, 1, "valid")),  # 5 tail channels
    ("dwconv_4x4x6_m3_k3_same", "DEPTHWISE_CONV_2D", (4, 4, 6, 3, 3, 1, "same")),  # 18 = 16 + 2
    ("conv_4x4x1_o21_k1", "CONV_2D", (4, 4, 1, 21, 1, 1, "valid")),
    ("fc_b2_d1_u21", "FULLY_CONNECTED", (2, 1, 21)),
]


# --write-goldens: (name, op, geometry, per_tensor, fused activation, kind). kind "probe": probe values
# (ties where the candidates disagree, some multipliers >= 1); "random": probe_values' scales, plain
# random biases; "overflow": multipliers >= 2 and accumulators where x << shift leaves int32.
GOLDEN_SHAPES = [
    ("conv_1px_o48", "CONV_2D", (1, 1, 1, 48, 1, 1, "valid"), False, 0, "probe"),
    ("conv_1px_o48_per_tensor", "CONV_2D", (1, 1, 1, 48, 1, 1, "valid"), True, 0, "probe"),
    ("fc_b1_d1_u48_per_tensor", "FULLY_CONNECTED", (1, 1, 48), True, 0, "probe"),
    ("fc_b1_d1_u48", "FULLY_CONNECTED", (1, 1, 48), False, 0, "probe"),
    ("dwconv_4x4x21_k1", "DEPTHWISE_CONV_2D", (4, 4, 21, 1, 1, 1, "valid"), False, 0, "probe"),
    ("dwconv_4x4x6_m3_k3_same", "DEPTHWISE_CONV_2D", (4, 4, 6, 3, 3, 1, "same"), True, 0, "probe"),
    ("conv_1px_o48_relu6", "CONV_2D", (1, 1, 1, 48, 1, 1, "valid"), False, 3, "probe"),
    ("fc_b2_d1_u21_relu", "FULLY_CONNECTED", (2, 1, 21), False, 1, "probe"),
    ("conv_5x5x4_o13_k3_same", "CONV_2D", (5, 5, 4, 13, 3, 1, "same"), False, 0, "random"),
    ("conv_1px_o48_overflow", "CONV_2D", (1, 1, 1, 48, 1, 1, "valid"), False, 0, "overflow"),
]


def litert_int32(acc, M, shift):
    """The formula found, with int32 arithmetic where ruy's lanes are int32 (wrapping x << shift)."""
    ls = np.maximum(shift, 0)
    e = np.maximum(-shift, 0)
    x = np.where(ls < 32, ((acc.astype(np.int64) << np.minimum(ls, 31)) + (1 << 31)) % (1 << 32) - (1 << 31), 0)
    r = (x * M + (1 << 30)) >> 31
    r = (r + np.where(e > 0, np.int64(1) << np.maximum(e - 1, 0), 0) + (1 << 31)) % (1 << 32) - (1 << 31)
    return r >> e


def write_goldens(Interpreter, rng, seed, out_dir) -> int:
    from float_ops import with_lce_marker  # noqa: PLC0415

    os.makedirs(out_dir, exist_ok=True)
    entries = []
    for name, op, geo, per_tensor, act, kind in GOLDEN_SHAPES:
        base = template(op, geo, rng)
        model, p = patch(base, op, rng, probe=kind == "probe", per_tensor=per_tensor, act=act)
        if kind != "probe":  # rebuild with chosen scales and biases
            channels = p["s_w"].size
            s_w, s_out, _ = probe_values(rng, channels, p["s_in"], per_tensor)
            if kind == "overflow":
                s_w = (np.float32(s_out) / np.float32(p["s_in"]) * 2.0 ** rng.uniform(1, 4, channels)).astype(np.float32)
                bias = (rng.choice([-1, 1], channels) * 2.0 ** rng.uniform(27, 31, channels)).astype(np.int64)
                bias = np.clip(bias, -(1 << 31), (1 << 31) - 1).astype(np.int32)
            else:
                bias = rng.integers(-3000, 3001, size=channels).astype(np.int32)
            model = repatch(model, s_w, s_out, bias, p["s_in"])
            p.update(s_w=s_w, s_out=s_out, bias=bias)
        it = Interpreter(model, num_threads=1)
        shape = tuple(it.input_shapes[0])
        xs = [np.full(shape, p["z_in"], np.int8), rng.integers(-128, 128, size=shape).astype(np.int8)]
        files = {"model": f"{name}.tflite", "inputs": [], "outputs": []}
        with open(os.path.join(out_dir, files["model"]), "wb") as f:
            f.write(with_lce_marker(model))
        outs = []
        for i, x in enumerate(xs):
            y = np.asarray(it.interpreter.predict([x])[0])
            outs.append(y)
            for key, array in (("inputs", x), ("outputs", y)):
                files[key].append(f"{name}.{key[:-1]}{i}.npy")
                np.save(os.path.join(out_dir, files[key][-1]), array)
        entry = dict(name=name, op=op, kind=kind, per_tensor=per_tensor, activation=act, **files)
        if geo[:2] == (1, 1) and act == 0:  # one pixel, one batch: output c is channel c's bias requantized
            real = (p["s_w"] * np.float32(p["s_in"])).astype(np.float32).astype(np.float64) / float(p["s_out"]) \
                if op == "FULLY_CONNECTED" and per_tensor else float(p["s_in"]) * p["s_w"].astype(np.float64) / float(p["s_out"])
            M, shift = quantize_multiplier(np.asarray(real, np.float64))
            lce = outs[0].reshape(-1).astype(np.int64)
            acc = p["bias"].astype(np.int64)
            mine = np.clip(litert_int32(acc, M, shift) + p["z_out"], -128, 127)
            print(f"{name}: the formula (int32 lanes) misses {int(np.count_nonzero(mine != lce))} of {lce.size}")
            entry["values"] = [dict(accumulator=int(a), multiplier=int(m), shift=int(s), output_zero_point=p["z_out"],
                                    output=int(o)) for a, m, s, o in zip(acc, M, shift, lce)]
        entries.append(entry)
        print(f"{name}: {op} {kind}, {len(xs)} inputs", flush=True)
    import larq_compute_engine  # noqa: PLC0415

    manifest = dict(generator="tools/bnn/int8_requant.py --write-goldens", seed=seed,
                    command=f"TF_USE_LEGACY_KERAS=1 python tools/bnn/int8_requant.py --seed {seed} "
                            f"--write-goldens {out_dir}",
                    versions={"larq-compute-engine": getattr(larq_compute_engine, "__version__", "?")},
                    models=entries)
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return 0


def repatch(model_bytes, s_w, s_out, bias, s_in) -> bytes:
    """The one-operator model with new weight scales, output scale and bias."""
    s = fb()
    m = s.ModelT.InitFromObj(s.Model.GetRootAs(model_bytes, 0))
    g = m.subgraphs[0]
    o = [o for o in g.operators if m.operatorCodes[o.opcodeIndex].builtinCode in (3, 4, 9)][0]
    w_t, b_t = g.tensors[o.inputs[1]], g.tensors[o.inputs[2]]
    count = len(w_t.quantization.scale)
    w_t.quantization.scale = [float(v) for v in s_w[:count]]
    b_t.quantization.scale = [float(np.float32(s_in * v)) for v in s_w[:count]]
    g.tensors[o.outputs[0]].quantization.scale = [float(s_out)]
    m.buffers[b_t.buffer].data = np.frombuffer(bias.astype(np.int32).tobytes(), np.uint8).copy()
    return pack(m)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--configs", type=int, default=12, help="redrawn weights/scales per shape")
    parser.add_argument("--inputs", type=int, default=40, help="random inputs per configuration")
    parser.add_argument("--filter", default="")
    parser.add_argument("--model", action="append", default=[],
                        help="also check this model's first operator (an int8 CONV_2D), cut out alone")
    parser.add_argument("--per-tensor", type=float, default=0.3,
                        help="share of models with per-tensor weights (the rest per channel)")
    parser.add_argument("--probes", type=int, default=10, help="bias-probe models per probe shape (0: none)")
    parser.add_argument("--activations", type=float, default=0.0,
                        help="share of models with a fused RELU or RELU6 (the rest none)")
    parser.add_argument("--kinglet", help="also run this kinglet binary on every model; require LCE's bytes")
    parser.add_argument("--kinglet-inputs", type=int, default=2, help="inputs per model Kinglet runs")
    parser.add_argument("--write-goldens", metavar="DIR", help="write the Swift tests' goldens to DIR and stop")
    args = parser.parse_args()
    from larq_compute_engine.tflite.python.interpreter import Interpreter  # noqa: PLC0415

    globals()["PER_TENSOR"] = args.per_tensor
    globals()["ACTIVATIONS"] = args.activations
    globals()["KINGLET"] = KingletCheck(args.kinglet, args.kinglet_inputs)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print(f"int8_requant: seed {seed} (--seed {seed} repeats this run)", flush=True)
    rng = np.random.default_rng(seed)
    if args.write_goldens:
        return write_goldens(Interpreter, rng, seed, args.write_goldens)
    totals = run_probes(Interpreter, rng, args.probes) if args.probes else {}
    for path in args.model:
        for key, t in check_model(Interpreter, path, rng, args.inputs).items():
            for k, v in t.items():
                totals.setdefault(key, {}).setdefault(k, 0)
                totals[key][k] += v
    for name, op, geo in SHAPES:
        if args.filter not in name:
            continue
        base = template(op, geo, rng)
        wrong, count, near, shared = {}, 0, 0, 0
        for _ in range(args.configs):
            model, p = patch(base, op, rng)
            shared += p["per_tensor"]
            it = Interpreter(model, num_threads=1)
            shape = tuple(it.input_shapes[0])
            KINGLET.model(name, model)
            for _ in range(args.inputs):
                x = rng.integers(-128, 128, size=shape).astype(np.int8)
                got = np.asarray(it.interpreter.predict([x])[0])
                KINGLET.check(x, got)
                got = got.astype(np.int64)
                acc = accumulate(op, geo, x, p)
                cands = candidates(acc, p)
                got = got.reshape(cands["tflm"].shape)
                count += got.size
                near += int(np.count_nonzero(cands["tflm"] != cands["single_up"]))
                tally(wrong, cands, got)
                tally(totals.setdefault(group(op, p), {}), cands, got)
        print(f"{name:30s} {op:18s} {args.configs} models ({shared} per-tensor), {count} outputs "
              f"({near} where tflm != single_up): "
              + ", ".join(f"{k} {v}" for k, v in wrong.items()), flush=True)
    for op, t in totals.items():
        exact = [k for k, v in t.items() if v == 0]
        print(f"{op}: exact: {', '.join(exact) or 'none'}; mismatches: "
              + ", ".join(f"{k} {v}" for k, v in sorted(t.items(), key=lambda kv: kv[1])))
    failed = [group_ for group_, t in totals.items() if t.get("litert", 1)]
    print("litert (the formula found) exact everywhere" if not failed else "litert misses: " + ", ".join(failed))
    kinglet_ok = KINGLET.report()
    return 1 if failed or not kinglet_ok else 0


if __name__ == "__main__":
    sys.exit(main())
