#!/usr/bin/env python3
"""Scale sweep: every quantized operator Kinglet runs, pip tflite-micro against Kinglet, byte for byte
(issue 11: prepare multipliers, float vs double, order of operations).

    scale_sweep.py [--seed S] [--cases N] [--ops LIST] [--kinglet PATH] [--batch K] [--examples E]

For each operator and type it draws N cases (random float32 mantissas for every scale, random zero
points, small tensors whose inputs cover the type's range), writes each into the operator's
converter-made template (common.py), runs pip tflite-micro (the reference) and `kinglet run`, and
compares the outputs byte for byte. K cases go into one model (the template's operator repeated
with its own tensors), so one interpreter and one `kinglet run` serve K cases.

It also emulates the candidate prepare formulas in numpy (float32 "F" = float arithmetic widened to
double, as the 90b983c source does for SUB/LEAKY_RELU/RELU/HARD_SWISH; "D" = every scale widened to
double first, as TFLM #1501 does; "M" = product in float, the rest in double; ...) with TFLM's
QuantizeMultiplier and the kernel's integer arithmetic, and counts, per formula, the cases where its
output equals pip's. "informative" = the cases where the formulas' outputs differ from one another;
pip follows the formula that matches on all of them.

Exit status 1 when Kinglet differs from pip on any case (or a formula emulation matches no case).
"""

from __future__ import annotations

import argparse
import math
import os
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ACTIVATIONS, Model, SplitMix64, _convert, _tf, schema, template  # noqa: E402

f32, f64 = np.float32, np.float64


def hexf(x) -> str:
    """float32 as its bit pattern and C99 hex value."""
    bits = struct.unpack("<I", struct.pack("<f", float(x)))[0]
    return f"0x{bits:08x} ({float(f32(x)).hex()})"


# ---------------------------------------------------------------------------
# TFLM arithmetic (tensorflow/lite/kernels/internal/{quantization_util.cc,common.h})
# ---------------------------------------------------------------------------

def qm(d: float):
    """QuantizeMultiplier: (multiplier, shift) with value multiplier * 2^(shift-31)."""
    d = float(d)
    if d == 0:
        return 0, 0
    q, e = math.frexp(d)
    qf = q * 2.0 ** 31
    qf = int(math.copysign(math.floor(abs(qf) + 0.5), qf))
    assert qf <= 1 << 31
    if qf == 1 << 31:
        qf //= 2
        e += 1
    if e < -31:
        return 0, 0
    return qf, e


def wrap32(x):
    return ((np.asarray(x, dtype=np.int64) + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def srdhm(a, b):
    a = np.asarray(a, dtype=np.int64)
    r = (a * np.int64(b) + (1 << 30)) >> 31
    return np.where((a == -(1 << 31)) & (b == -(1 << 31)), (1 << 31) - 1, r)


def rdbpot(x, e):
    x = np.asarray(x, dtype=np.int64)
    mask = (1 << e) - 1
    rem = x & mask
    thr = (mask >> 1) + (x < 0)
    return (x >> e) + (rem > thr)


def mbqm(x, mult_shift):
    m, s = mult_shift
    ls, rs = max(s, 0), max(-s, 0)
    return rdbpot(srdhm(wrap32(np.asarray(x, dtype=np.int64) * (1 << ls)), m), rs)


def clamp(x, dtype):
    info = np.iinfo(dtype)
    return np.clip(x, info.min, info.max).astype(dtype)


# ---------------------------------------------------------------------------
# Templates and batching
# ---------------------------------------------------------------------------

TEMPLATES = {}


def op_template(kind: str) -> bytes:
    if kind in ("softmax", "logistic", "avg", "conv", "dwconv", "fc"):
        return template(kind)
    if kind not in TEMPLATES:
        tf = _tf()
        fns = {
            "add": (lambda x, y: x + y, [(1, 8), (1, 8)]),
            "sub": (lambda x, y: x - y, [(1, 8), (1, 8)]),
            "mul": (lambda x, y: x * y, [(1, 8), (1, 8)]),
            "leaky": (lambda x: tf.nn.leaky_relu(x, 0.2), [(1, 8)]),
            "relu": (lambda x: tf.nn.relu(x), [(1, 8)]),
            "relu6": (lambda x: tf.nn.relu6(x), [(1, 8)]),
            "hswish": (lambda x: x * tf.nn.relu6(x + 3) / 6, [(1, 8)]),
            "tanh": (lambda x: tf.math.tanh(x), [(1, 8)]),
            "mean": (lambda x: tf.reduce_mean(x, axis=[1, 2], keepdims=True), [(1, 4, 4, 2)]),
            "bmm": (lambda x, y: tf.matmul(x, y), [(1, 2, 3), (1, 3, 4)]),
        }
        fn, shapes = fns[kind]
        TEMPLATES[kind] = _convert(fn, shapes)
    return TEMPLATES[kind]


class OpModel(Model):
    """common.Model over this file's templates; `recode` turns the one operator into another builtin
    (QUANTIZE / DEQUANTIZE have no converter-made one-operator form: the LOGISTIC template's
    operator is relabelled and its options dropped)."""

    def __init__(self, kind: str, builtin: str, recode: str | None = None):
        fb = schema()
        self.fb = fb
        self.m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(op_template(kind), 0))
        sub = self.m.subgraphs[0]
        codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in self.m.operatorCodes]
        want = getattr(fb.BuiltinOperator, builtin)
        ops = [codes[o.opcodeIndex] for o in sub.operators]
        if ops != [want]:
            raise AssertionError(f"{kind}: converter produced ops {ops}, wanted [{want}]")
        self.sub, self.op = sub, sub.operators[0]
        if recode:
            code = self.m.operatorCodes[self.op.opcodeIndex]
            code.builtinCode = getattr(fb.BuiltinOperator, recode)
            code.deprecatedBuiltinCode = min(code.builtinCode, 127)
            code.version = 1
            self.op.builtinOptionsType, self.op.builtinOptions = 0, None

    def set_float(self, slot: str, index: int, shape):
        t = self.tensor(slot, index)
        t.shape = np.array(shape, dtype=np.int32)
        t.shapeSignature = None
        t.type = self.fb.TensorType.FLOAT32
        t.quantization = None


def merge(models: list[OpModel]) -> bytes:
    """One model running every case's operator side by side (own tensors and buffers each)."""
    import flatbuffers

    base = models[0].m
    sub = base.subgraphs[0]
    sub.signatureDefs = None
    base.signatureDefs = None
    for om in models[1:]:
        m = om.m
        s = m.subgraphs[0]
        t_off, b_off = len(sub.tensors), len(base.buffers)
        for t in s.tensors:
            t.buffer = t.buffer + b_off
            sub.tensors.append(t)
        base.buffers.extend(m.buffers)
        for op in s.operators:
            op.inputs = np.array([i + t_off if i >= 0 else i for i in op.inputs], dtype=np.int32)
            op.outputs = np.array([i + t_off for i in op.outputs], dtype=np.int32)
            sub.operators.append(op)
        sub.inputs = np.concatenate([sub.inputs, np.asarray(s.inputs) + t_off]).astype(np.int32)
        sub.outputs = np.concatenate([sub.outputs, np.asarray(s.outputs) + t_off]).astype(np.int32)
    b = flatbuffers.Builder(1 << 16)
    b.Finish(base.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def run_pip(model: bytes, inputs: list[np.ndarray], n_out: int) -> list[np.ndarray]:
    from tflite_micro.python.tflite_micro import runtime

    interp = runtime.Interpreter.from_bytes(model, arena_size=16 << 20)
    for i, x in enumerate(inputs):
        interp.set_input(x, i)
    interp.invoke()
    return [interp.get_output(i).copy() for i in range(n_out)]


def run_kinglet(binary: str, model: bytes, inputs: list[np.ndarray], n_out: int, tmp: str):
    path = os.path.join(tmp, "m.tflite")
    with open(path, "wb") as f:
        f.write(model)
    args = [binary, "run", path]
    for i, x in enumerate(inputs):
        p = os.path.join(tmp, f"in{i}.npy")
        np.save(p, x)
        args += ["--input", p]
    outs = [os.path.join(tmp, f"out{i}.npy") for i in range(n_out)]
    for p in outs:
        if os.path.exists(p):
            os.remove(p)
        args += ["--output", p]
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1:] or [f"exit {r.returncode}"]
    return [np.load(p) for p in outs], None


# ---------------------------------------------------------------------------
# Cases. Each generator returns a Case: the patched one-operator model, its inputs, the scales and
# zero points the formulas need, and `emulate(formula) -> output` for each candidate formula.
# ---------------------------------------------------------------------------

class Case:
    def __init__(self, model, inputs, params, formulas, emulate, mirror):
        self.model, self.inputs, self.params = model, inputs, params
        self.formulas = formulas  # name -> (expression text, function(params) -> list of reals)
        self.emulate = emulate  # (reals) -> output array, or None (no emulation)
        self.mirror = mirror  # the 90b983c source's formula name


def ints(r: SplitMix64, n: int, dtype) -> np.ndarray:
    """n values of dtype: the extremes and zero first, the rest uniform; for int8 n >= 256 covers all."""
    info = np.iinfo(dtype)
    if dtype == np.int8 and n >= 256:
        v = list(range(-128, 128)) + [r.range(-128, 127) for _ in range(n - 256)]
    else:
        v = [info.min, info.max, 0, -1, 1] + [r.range(info.min, info.max) for _ in range(n - 5)]
    return np.array(v[:n], dtype=dtype)


def zp(r, dtype, int16_zero=True):
    if dtype == np.int16 and int16_zero:
        return 0
    return r.range(-128, 127) if dtype == np.int8 else r.range(-1000, 1000)


TNAME = {np.int8: "int8", np.int16: "int16", np.int32: "int32"}


def tie(r, real: float, qmax: int, kmax: int | None = None, count: int | None = None):
    """A scale that puts `real` (a float64 value in scale units) at a rounding tie of the output,
    k + 1/2 output steps, k random: the scale's float32 rounding (2^-24 relative) is what separates
    float from double prepare arithmetic, so outputs near such ties are where the formulas'
    multipliers show. `count`: the integer the kernel multiplies (|x - zp|, |accumulator|); with a
    multiplier below 1/2 TFLM rounds twice (SRDHM to an integer, then RDBPOT by rs bits), so the tie
    that matters is at k + (2^(rs-1) - 1/2) / 2^rs. None if real == 0."""
    if real == 0:
        return None
    k = r.range(0, max(0, min(qmax, kmax if kmax is not None else qmax)))
    frac = 0.5
    if count:
        rs = max(0, -math.frexp((k + 0.5) / abs(count))[1])
        if rs > 0:
            frac = (2.0 ** (rs - 1) - 0.5) / 2.0 ** rs
    return f32(abs(real) / (k + frac))


def near(r, s, lo, hi):
    """A scale s * 2^k * (random mantissa in [1,2)), k in lo...hi."""
    return f32(r.scale(lo, hi) * s)


def case_relu(r, dtype, n=256):
    i_s = r.scale(-12, 0)
    o_s = near(r, i_s, -3, 2)
    z_i, z_o = zp(r, dtype), zp(r, dtype)
    x = ints(r, n, dtype)
    qmax = int(np.iinfo(dtype).max)
    if r.range(0, 1):  # targeted: an input at a rounding tie
        j = r.range(0, n - 1)
        t = tie(r, float(i_s) * (int(x[j]) - z_i), qmax - z_o - 1, count=int(x[j]) - z_i)
        if t is not None and int(x[j]) > z_i:
            o_s = t
    m = OpModel("relu", "RELU")
    m.set("in", 0, [1, n], TNAME[dtype], [i_s], [z_i])
    m.set("out", 0, [1, n], TNAME[dtype], [o_s], [z_o])
    p = dict(in_scale=i_s, in_zp=z_i, out_scale=o_s, out_zp=z_o)
    formulas = {
        "F": ("double(float(in_s / out_s))", lambda p: [f64(f32(p["in_scale"] / p["out_scale"]))]),
        "D": ("double(in_s) / double(out_s)", lambda p: [f64(p["in_scale"]) / f64(p["out_scale"])]),
    }

    def emulate(reals):
        y = mbqm(x.astype(np.int64) - z_i, qm(reals[0])) + z_o
        return clamp(np.maximum(y, z_o), dtype)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "F")


def case_leaky(r, dtype, n=256):
    i_s = r.scale(-12, 0)
    o_s = near(r, i_s, -2, 2)
    alpha = r.scale(-7, -1) if r.range(0, 3) else r.scale(0, 1)
    z_i, z_o = zp(r, dtype), zp(r, dtype)
    x = ints(r, n, dtype)
    qmax = int(np.iinfo(dtype).max)
    if r.range(0, 2):  # targeted: an input at a rounding tie (alpha branch twice as often)
        j = r.range(0, n - 1)
        d = int(x[j]) - z_i
        t = tie(r, float(i_s) * d * (float(alpha) if d < 0 else 1.0), qmax - abs(z_o) - 1, count=d)
        if t is not None:
            o_s = t
    m = OpModel("leaky", "LEAKY_RELU")
    m.set("in", 0, [1, n], TNAME[dtype], [i_s], [z_i])
    m.set("out", 0, [1, n], TNAME[dtype], [o_s], [z_o])
    m.op.builtinOptions.alpha = float(alpha)
    p = dict(in_scale=i_s, in_zp=z_i, out_scale=o_s, out_zp=z_o, alpha=alpha)
    formulas = {
        "F": ("alpha: double(float(in_s * alpha / out_s)); identity: double(float(in_s / out_s))",
              lambda p: [f64(f32(f32(p["in_scale"] * p["alpha"]) / p["out_scale"])),
                         f64(f32(p["in_scale"] / p["out_scale"]))]),
        "D": ("alpha: double(in_s) * double(alpha) / double(out_s); identity: double(in_s) / double(out_s)",
              lambda p: [f64(p["in_scale"]) * f64(p["alpha"]) / f64(p["out_scale"]),
                         f64(p["in_scale"]) / f64(p["out_scale"])]),
        "M": ("alpha: double(float(in_s * alpha)) / double(out_s); identity: double(in_s) / double(out_s)",
              lambda p: [f64(f32(p["in_scale"] * p["alpha"])) / f64(p["out_scale"]),
                         f64(p["in_scale"]) / f64(p["out_scale"])]),
        "D'": ("alpha: double(in_s) * (double(alpha) / double(out_s)); identity: double(in_s) / double(out_s)",
               lambda p: [f64(p["in_scale"]) * (f64(p["alpha"]) / f64(p["out_scale"])),
                          f64(p["in_scale"]) / f64(p["out_scale"])]),
    }

    def emulate(reals):
        v = x.astype(np.int64) - z_i
        y = np.where(v >= 0, mbqm(v, qm(reals[1])), mbqm(v, qm(reals[0]))) + z_o
        return clamp(y, dtype)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "F")


def _binary(kind, builtin, r, dtype, n=256):
    s1, s2 = r.scale(-12, 0), None
    s2 = near(r, s1, -4, 3)
    o_s = near(r, max(s1, s2), -3, 3)
    z1, z2, zo = zp(r, dtype), zp(r, dtype), zp(r, dtype)
    x1, x2 = ints(r, n, dtype), ints(r, n, dtype)
    x2 = x2[np.array([(i * 37 + 11) % n for i in range(n)])]  # pair extremes with other values
    if r.range(0, 1) and kind != "mul":  # targeted: a pair at a rounding tie
        j = r.range(0, n - 1)
        d1, d2 = int(x1[j]) - z1, int(x2[j]) - z2
        real = float(s1) * d1 + (1 if kind == "add" else -1) * float(s2) * d2
        t = tie(r, real, int(np.iinfo(dtype).max) - abs(zo) - 1)
        ls = 15 if dtype == np.int16 else 20
        if t is not None and 2 * float(max(s1, s2)) / ((1 << ls) * float(t)) < 0.5:
            o_s = t
    m = OpModel(kind, builtin)
    m.set("in", 0, [1, n], TNAME[dtype], [s1], [z1])
    m.set("in", 1, [1, n], TNAME[dtype], [s2], [z2])
    m.set("out", 0, [1, n], TNAME[dtype], [o_s], [zo])
    m.op.builtinOptions.fusedActivationFunction = 0
    p = dict(s1=s1, z1=z1, s2=s2, z2=z2, out_scale=o_s, out_zp=zo)
    return m, [x1.reshape(1, n), x2.reshape(1, n)], p, x1.astype(np.int64), x2.astype(np.int64)


def addsub_formulas(ls):
    def F(p):
        t = f32(2) * max(p["s1"], p["s2"])
        return [f64(f32(p["s1"] / t)), f64(f32(p["s2"] / t)), f64(f32(t / f32(f32(1 << ls) * p["out_scale"])))]

    def D(p):
        t = 2 * f64(max(p["s1"], p["s2"]))
        return [f64(p["s1"]) / t, f64(p["s2"]) / t, t / ((1 << ls) * f64(p["out_scale"]))]

    return {
        "F": ("float t = 2*max(s1,s2); double(float(s1/t)), double(float(s2/t)), "
              f"double(float(t / ({1 << ls} * out_s)))", F),
        "D": ("t = 2*double(max(s1,s2)); double(s1)/t, double(s2)/t, "
              f"t / ({1 << ls} * double(out_s))", D),
    }


def addsub_emulate(x1, x2, p, ls, sign, dtype):
    def emulate(reals):
        a = mbqm((x1 - p["z1"]) * (1 << ls), qm(reals[0]))
        b = mbqm((x2 - p["z2"]) * (1 << ls), qm(reals[1]))
        return clamp(mbqm(a + sign * b, qm(reals[2])) + p["out_zp"], dtype)

    return emulate


def case_add(r, dtype):
    m, inputs, p, x1, x2 = _binary("add", "ADD", r, dtype)
    return Case(m, inputs, p, addsub_formulas(20), addsub_emulate(x1, x2, p, 20, 1, dtype), "D")


def case_sub(r, dtype):
    ls = 15 if dtype == np.int16 else 20
    m, inputs, p, x1, x2 = _binary("sub", "SUB", r, dtype)
    return Case(m, inputs, p, addsub_formulas(ls), addsub_emulate(x1, x2, p, ls, -1, dtype), "F")


def case_mul(r, dtype):
    m, inputs, p, x1, x2 = _binary("mul", "MUL", r, dtype)
    p["out_scale"] = f32(p["s1"] * p["s2"] * r.scale(-4, 6))
    if r.range(0, 1):  # targeted: a pair at a rounding tie
        j = r.range(0, x1.size - 1)
        d = int(x1[j] - p["z1"]) * int(x2[j] - p["z2"])
        t = tie(r, float(p["s1"]) * float(p["s2"]) * d, int(np.iinfo(dtype).max) - abs(p["out_zp"]) - 1, count=d)
        if t is not None:
            p["out_scale"] = t
    m.tensor("out", 0).quantization.scale = [float(p["out_scale"])]
    formulas = {
        "D": ("double(s1) * double(s2) / double(out_s)",
              lambda p: [f64(p["s1"]) * f64(p["s2"]) / f64(p["out_scale"])]),
        "F": ("double(float(s1 * s2 / out_s))", lambda p: [f64(f32(f32(p["s1"] * p["s2"]) / p["out_scale"]))]),
        "M": ("double(float(s1 * s2)) / double(out_s)", lambda p: [f64(f32(p["s1"] * p["s2"])) / f64(p["out_scale"])]),
    }

    def emulate(reals):
        return clamp(mbqm((x1 - p["z1"]) * (x2 - p["z2"]), qm(reals[0])) + p["out_zp"], dtype)

    return Case(m, inputs, p, formulas, emulate, "D")


def case_requant(r, din, dout, n=256):
    i_s = r.scale(-12, 0)
    o_s = near(r, i_s, -4, 4) if not (din == np.int8 and dout == np.int16) else near(r, i_s, -9, -2)
    if din == np.int16 and dout == np.int8:
        o_s = near(r, i_s, 2, 8)
    z_i, z_o = zp(r, din), zp(r, dout)
    x = ints(r, n, din)
    if r.range(0, 1):  # targeted: an input at a rounding tie
        j = r.range(0, n - 1)
        t = tie(r, float(i_s) * (int(x[j]) - z_i), int(np.iinfo(dout).max) - abs(z_o) - 1,
                None if dout == din else 1000, count=int(x[j]) - z_i)
        if t is not None:
            o_s = t
    m = OpModel("logistic", "LOGISTIC", recode="QUANTIZE")
    m.set("in", 0, [1, n], TNAME[din], [i_s], [z_i])
    m.set("out", 0, [1, n], TNAME[dout], [o_s], [z_o])
    p = dict(in_scale=i_s, in_zp=z_i, out_scale=o_s, out_zp=z_o)
    formulas = {
        "D": ("double(in_s) / double(out_s)", lambda p: [f64(p["in_scale"]) / f64(p["out_scale"])]),
        "F": ("double(float(in_s / out_s))", lambda p: [f64(f32(p["in_scale"] / p["out_scale"]))]),
    }

    def emulate(reals):
        return clamp(mbqm(x.astype(np.int64) - z_i, qm(reals[0])) + z_o, dout)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "D")


def case_quantize_float(r, dout, n=256):
    s = r.scale(-12, -2) if dout == np.int8 else r.scale(-16, -6)
    z = zp(r, dout)
    info = np.iinfo(dout)
    xs = []
    while len(xs) < n:  # near the rounding boundaries (k + 1/2) * s, a few ulps either side
        k = r.range(info.min - z - 2, info.max - z + 1)
        base = f32((k + 0.5) * float(s))
        bits = struct.unpack("<i", struct.pack("<f", float(base)))[0] + r.range(-2, 2)
        xs.append(struct.unpack("<f", struct.pack("<i", bits))[0])
    x = np.array(xs, dtype=np.float32)
    m = OpModel("logistic", "LOGISTIC", recode="QUANTIZE")
    m.set_float("in", 0, [1, n])
    m.set("out", 0, [1, n], TNAME[dout], [s], [z])
    p = dict(out_scale=s, out_zp=z)

    def rnd(v):
        return np.where(v >= 0, np.floor(v + 0.5), -np.floor(-v + 0.5))  # half away from zero

    formulas = {
        "F": ("int32(roundf(x / out_s)) + zp (float division)", lambda p: [0]),
        "D": ("int32(round(double(x) / double(out_s))) + zp", lambda p: [1]),
        "R": ("int32(roundf(x * (1.0f / out_s))) + zp", lambda p: [2]),
    }

    def emulate(reals):
        if reals[0] == 0:
            v = rnd((x / s).astype(np.float32).astype(np.float64))
        elif reals[0] == 1:
            v = rnd(x.astype(np.float64) / f64(s))
        else:
            v = rnd((x * f32(f32(1) / s)).astype(np.float32).astype(np.float64))
        return clamp(v.astype(np.int64) + z, dout)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "F")


def case_dequantize(r, din, n=256):
    s = r.scale(-14, 2)
    z = zp(r, din, int16_zero=False)
    x = ints(r, n, din)
    m = OpModel("logistic", "LOGISTIC", recode="DEQUANTIZE")
    m.set("in", 0, [1, n], TNAME[din], [s], [z])
    m.set_float("out", 0, [1, n])
    p = dict(in_scale=s, in_zp=z)
    formulas = {
        "F": ("float(scale) * float(x - zp)", lambda p: [0]),
        "D": ("float(double(scale) * (x - zp))", lambda p: [1]),
    }

    def emulate(reals):
        v = x.astype(np.int64) - z
        if reals[0] == 0:
            return (f32(s) * v.astype(np.float32)).astype(np.float32)
        return (f64(s) * v.astype(np.float64)).astype(np.float32)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "D")


def case_relu6(r, dtype, n=256):
    if dtype == np.int8:
        s = r.scale(-5, 0)
        z = r.range(-128, 127 - int(math.ceil(6 / float(s))) - 1)
    else:
        s = r.scale(-12, -4)
        z = 0
    if r.range(0, 1):  # targeted: 6 / scale at a rounding tie
        k = r.range(int(math.ceil(6 / float(s))) // 2 + 1, int(6 / float(s)) * 2)
        s2 = f32(6.0 / (k + 0.5))
        if int(round(6 / float(s2))) + z <= np.iinfo(dtype).max - 1:
            s = s2
    x = ints(r, n, dtype)
    m = OpModel("relu6", "RELU6")
    m.set("in", 0, [1, n], TNAME[dtype], [s], [z])
    m.set("out", 0, [1, n], TNAME[dtype], [s], [z])
    p = dict(scale=s, zp=z)
    formulas = {
        "F": ("six = int32(round(6.0f / scale)) + zp (float division)", lambda p: [f64(f32(f32(6) / p["scale"]))]),
        "D": ("six = int32(round(6.0 / double(scale))) + zp", lambda p: [f64(6) / f64(p["scale"])]),
    }

    def emulate(reals):
        six = int(math.copysign(math.floor(abs(reals[0]) + 0.5), reals[0])) + z
        six = max(np.iinfo(dtype).min, min(np.iinfo(dtype).max, six))
        return np.clip(x.astype(np.int64), z, six).astype(dtype)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "F")


def hs_down(mult):
    return 32767 if mult >= (1 << 31) - 1 - (1 << 15) else (mult + (1 << 15)) >> 16


def i16(v):
    return ((np.asarray(v, dtype=np.int64) + (1 << 15)) & 0xFFFF) - (1 << 15)


def srdhm16(a, b):
    prod = np.asarray(a, dtype=np.int64) * b
    nudge = np.where(prod >= 0, 1 << 14, 1 - (1 << 14))
    q = prod + nudge
    q = np.where(q >= 0, q // (1 << 15), -((-q) // (1 << 15)))
    return np.where((a == -32768) & (b == -32768), 32767, i16(q))


def sdhm16(a, b):
    prod = np.asarray(a, dtype=np.int64) * np.asarray(b, dtype=np.int64)
    q = np.where(prod >= 0, prod // (1 << 15), -((-prod) // (1 << 15)))
    return np.where((a == -32768) & (b == -32768), 32767, i16(q))


def rdbpot16(x, e):
    x = np.asarray(x, dtype=np.int64)
    mask = int(i16((1 << e) - 1))
    rem = i16(x & mask)
    thr = i16((mask >> 1) + (x < 0))
    return i16((x >> e) + (rem > thr))


def satshl16(v, amount):
    return np.clip(np.asarray(v, dtype=np.int64) * (1 << amount), -32768, 32767)


def case_hswish(r, n=256):
    i_s = r.scale(-10, 0)
    o_s = near(r, i_s, -6, 1)
    z_i, z_o = r.range(-128, 127), r.range(-128, 127)
    x = ints(r, n, np.int8)
    m = OpModel("hswish", "HARD_SWISH")
    m.set("in", 0, [1, n], "int8", [i_s], [z_i])
    m.set("out", 0, [1, n], "int8", [o_s], [z_o])
    p = dict(in_scale=i_s, in_zp=z_i, out_scale=o_s, out_zp=z_o)
    rel = f32(3.0 / 32768.0)
    formulas = {
        "F": ("hires = (1.0f/128)*in_s; double(float(hires / out_s)), double(float(hires / (3.0f/32768)))",
              lambda p: [f64(f32(f32(1 / 128) * p["in_scale"] / p["out_scale"])),
                         f64(f32(f32(1 / 128) * p["in_scale"] / rel))]),
        "D": ("hires = (1.0f/128)*in_s; double(hires) / double(out_s), double(hires) / double(3.0f/32768)",
              lambda p: [f64(f32(1 / 128) * p["in_scale"]) / f64(p["out_scale"]),
                         f64(f32(1 / 128) * p["in_scale"]) / f64(rel)]),
    }

    def emulate(reals):
        mo, eo = qm(reals[0])
        mr, er = qm(reals[1])
        if eo > 0 or er > 31:
            return None
        mo16, mr16 = hs_down(mo), hs_down(mr)
        v = i16(x.astype(np.int64) - z_i)
        hi = i16(v * 128)
        pre = srdhm16(hi, mo16)
        rl = hi
        if er > 0:
            rl = satshl16(rl, er - 1)
        rl = srdhm16(rl, mr16)
        if er > 0:
            rl = satshl16(rl, 1)
        if er < 0:
            rl = rdbpot16(rl, -er)
        rl = i16((rl + (1 << 15)) >> 1)
        res = rdbpot16(sdhm16(rl, pre), -eo)
        res = i16(res + z_o)
        return np.clip(res, -128, 127).astype(np.int8)

    return Case(m, [x.reshape(1, n)], p, formulas, emulate, "F")


def case_mean(r, n_unused=None):
    h, w, c = r.range(1, 4), r.range(1, 4), r.range(1, 8)
    i_s = r.scale(-10, 0)
    o_s = near(r, i_s, -3, 3)
    z_i, z_o = r.range(-128, 127), r.range(-128, 127)
    x = ints(r, h * w * c, np.int8)
    rng = np.random.default_rng(r.next() & 0xFFFFFFFF)
    x = rng.permutation(x).reshape(1, h, w, c)
    if r.range(0, 1):  # targeted: channel 0's mean at a rounding tie
        acc0 = int(x[0, :, :, 0].astype(np.int64).sum()) - z_i * h * w
        t = tie(r, float(i_s) * acc0 / (h * w), 127 - abs(z_o) - 1)
        if t is not None:
            o_s = t
    m = OpModel("mean", "MEAN")
    m.set("in", 0, [1, h, w, c], "int8", [i_s], [z_i])
    m.set("out", 0, [1, 1, 1, c], "int8", [o_s], [z_o])
    p = dict(in_scale=i_s, in_zp=z_i, out_scale=o_s, out_zp=z_o, shape=[1, h, w, c])
    formulas = {
        "D": ("double(in_s) / double(out_s)", lambda p: [f64(p["in_scale"]) / f64(p["out_scale"])]),
        "F": ("double(float(in_s / out_s))", lambda p: [f64(f32(p["in_scale"] / p["out_scale"]))]),
    }

    def emulate(reals):
        mult, shift = qm(reals[0])
        N = h * w
        k = min(N.bit_length() - 1, 32, 31 + shift)  # 63 - clz64(N)
        m2 = (mult << k) // N
        s2 = shift - k
        acc = x.astype(np.int64).sum(axis=(1, 2)) - z_i * N
        return clamp(mbqm(acc, (m2, s2)) + z_o, np.int8).reshape(1, 1, 1, c)

    return Case(m, [x], p, formulas, emulate, "D")


def weighted_formulas(per_channel_mirror):
    return {
        "D": ("double(in_s) * double(f_s[c]) / double(out_s)",
              lambda p: [f64(p["in_scale"]) * f64(fs) / f64(p["out_scale"]) for fs in p["f_scales"]]),
        "M": ("double(float(in_s * f_s)) / double(out_s)",
              lambda p: [f64(f32(p["in_scale"] * fs)) / f64(p["out_scale"]) for fs in p["f_scales"]]),
    }


def case_fc(r, per_channel):
    rows, depth, od = r.range(1, 3), r.range(1, 16), r.range(1, 8)
    i_s = r.scale(-8, -2)
    z_i = r.range(-128, 127)
    fs = [r.scale(-10, -4) for _ in range(od if per_channel else 1)]
    o_s = f32(i_s * fs[0] * r.scale(2, 8))
    z_o = r.range(-128, 127)
    x = np.array(r.int8s(rows * depth), dtype=np.int8).reshape(rows, depth)
    w = np.array(r.int8s(od * depth, -127, 127), dtype=np.int8).reshape(od, depth)
    bias = np.array([r.range(-5000, 5000) for _ in range(od)], dtype=np.int32)
    if r.range(0, 1):  # targeted: output [0, 0] at a rounding tie
        acc0 = int(((x[0].astype(np.int64) - z_i) * w[0]).sum()) + int(bias[0])
        t = tie(r, float(i_s) * float(fs[0]) * acc0, 127 - abs(z_o) - 1, count=acc0)
        if t is not None:
            o_s = t
    m = OpModel("fc", "FULLY_CONNECTED")
    m.set("in", 0, [rows, depth], "int8", [i_s], [z_i])
    m.set("in", 1, [od, depth], "int8", fs, [0] * len(fs), 0, w)
    bfs = fs if per_channel else fs * od
    m.set("in", 2, [od], "int32", [float(f32(i_s * f)) for f in bfs], [0] * od, 0, bias)
    m.set("out", 0, [rows, od], "int8", [o_s], [z_o])
    o = m.op.builtinOptions
    o.fusedActivationFunction, o.keepNumDims = 0, False
    p = dict(in_scale=i_s, in_zp=z_i, f_scales=fs, out_scale=o_s, out_zp=z_o)

    def emulate(reals):
        acc = (x.astype(np.int64) - z_i) @ w.astype(np.int64).T + bias
        out = np.empty_like(acc)
        for c in range(od):
            out[:, c] = mbqm(acc[:, c], qm(reals[c if per_channel else 0])) + z_o
        return clamp(out, np.int8)

    return Case(m, [x], p, weighted_formulas(per_channel), emulate, "D" if per_channel else "M")


def case_conv(r, depthwise):
    kh, kw = r.range(1, 3), r.range(1, 3)
    cin = r.range(1, 4)
    dm = r.range(1, 3)
    cout = cin * dm if depthwise else r.range(1, 6)
    i_s = r.scale(-8, -2)
    z_i = r.range(-128, 127)
    per_channel = r.range(0, 1) == 1
    fs = [r.scale(-10, -4) for _ in range(cout if per_channel else 1)]
    o_s = f32(i_s * fs[0] * r.scale(2, 8))
    z_o = r.range(-128, 127)
    x = np.array(r.int8s(kh * kw * cin), dtype=np.int8).reshape(1, kh, kw, cin)
    bias = np.array([r.range(-5000, 5000) for _ in range(cout)], dtype=np.int32)
    if depthwise:
        w = np.array(r.int8s(kh * kw * cout, -127, 127), dtype=np.int8).reshape(1, kh, kw, cout)
        m = OpModel("dwconv", "DEPTHWISE_CONV_2D")
        qd = 3
        acc0 = int((w.astype(np.int64)[0, :, :, 0] * (x.astype(np.int64)[0, :, :, 0] - z_i)).sum())
    else:
        w = np.array(r.int8s(cout * kh * kw * cin, -127, 127), dtype=np.int8).reshape(cout, kh, kw, cin)
        m = OpModel("conv", "CONV_2D")
        qd = 0
        acc0 = int((w.astype(np.int64)[0] * (x.astype(np.int64)[0] - z_i)).sum())
    if r.range(0, 1):  # targeted: output channel 0 at a rounding tie
        t = tie(r, float(i_s) * float(fs[0]) * (acc0 + int(bias[0])), 127 - abs(z_o) - 1, count=acc0 + int(bias[0]))
        if t is not None:
            o_s = t
    m.set("in", 0, [1, kh, kw, cin], "int8", [i_s], [z_i])
    m.set("in", 1, list(w.shape), "int8", fs, [0] * len(fs), qd, w)
    bfs = fs if per_channel else fs * cout
    m.set("in", 2, [cout], "int32", [float(f32(i_s * f)) for f in bfs], [0] * cout, 0, bias)
    m.set("out", 0, [1, 1, 1, cout], "int8", [o_s], [z_o])
    o = m.op.builtinOptions
    o.padding, o.strideW, o.strideH, o.fusedActivationFunction = 1, 1, 1, 0
    o.dilationWFactor = o.dilationHFactor = 1
    if depthwise:
        o.depthMultiplier = dm
    p = dict(in_scale=i_s, in_zp=z_i, f_scales=fs, out_scale=o_s, out_zp=z_o)

    def emulate(reals):
        xv = x.astype(np.int64)[0] - z_i
        if depthwise:
            acc = np.array([(w.astype(np.int64)[0, :, :, oc] * xv[:, :, oc // dm]).sum() for oc in range(cout)])
        else:
            acc = (w.astype(np.int64) * xv[None]).reshape(cout, -1).sum(axis=1)
        acc = acc + bias
        out = np.array([int(mbqm(acc[c], qm(reals[c if per_channel else 0]))) for c in range(cout)]) + z_o
        return clamp(out, np.int8).reshape(1, 1, 1, cout)

    return Case(m, [x], p, weighted_formulas(per_channel), emulate, "D")


def case_bmm(r, dtype):
    b, rr, k, cc = 1, r.range(1, 3), r.range(1, 8), r.range(1, 4)
    sl, sr = r.scale(-8, -2), r.scale(-8, -2)
    o_s = f32(sl * sr * r.scale(2, 8) * (64 if dtype == np.int16 else 1))
    zl = zp(r, dtype) if dtype == np.int8 else 0
    zr = zp(r, dtype) if dtype == np.int8 else 0
    zo = zp(r, dtype) if dtype == np.int8 else 0
    lhs = ints(r, b * rr * k, dtype)
    rhs = ints(r, b * k * cc, dtype)
    rng = np.random.default_rng(r.next() & 0xFFFFFFFF)
    lhs, rhs = rng.permutation(lhs).reshape(b, rr, k), rng.permutation(rhs).reshape(b, k, cc)
    if r.range(0, 1):  # targeted: output [0, 0, 0] at a rounding tie
        acc0 = int(((lhs[0, 0].astype(np.int64) - zl) * (rhs[0, :, 0].astype(np.int64) - zr)).sum())
        t = tie(r, float(sl) * float(sr) * acc0, int(np.iinfo(dtype).max) - abs(zo) - 1,
                count=acc0 if dtype == np.int8 else None)
        if t is not None and (dtype == np.int8 or float(sl) * float(sr) / float(t) < 2.0 ** 13):
            o_s = t
    m = OpModel("bmm", "BATCH_MATMUL")
    m.set("in", 0, [b, rr, k], TNAME[dtype], [sl], [zl])
    m.set("in", 1, [b, k, cc], TNAME[dtype], [sr], [zr])
    m.set("out", 0, [b, rr, cc], TNAME[dtype], [o_s], [zo])
    o = m.op.builtinOptions
    o.adjX = o.adjY = False
    p = dict(in_scale=sl, f_scales=[sr], out_scale=o_s, lhs_zp=zl, rhs_zp=zr, out_zp=zo)
    formulas = {
        "M": ("double(float(lhs_s * rhs_s)) / double(out_s)",
              lambda p: [f64(f32(p["in_scale"] * p["f_scales"][0])) / f64(p["out_scale"])]),
        "D": ("double(lhs_s) * double(rhs_s) / double(out_s)",
              lambda p: [f64(p["in_scale"]) * f64(p["f_scales"][0]) / f64(p["out_scale"])]),
    }

    def emulate(reals):
        if dtype == np.int8:
            acc = wrap32(np.matmul(lhs.astype(np.int64) - zl, rhs.astype(np.int64) - zr))
            return clamp(mbqm(acc, qm(reals[0])) + zo, dtype)
        # int16: int64 accumulator and TFLM's int64 MultiplyByQuantizedMultiplier (16-bit multiplier)
        mult, shift = qm(reals[0])
        red = (mult + (1 << 15)) >> 16 if mult < 0x7FFF0000 else 0x7FFF
        ts = 15 - shift
        acc = np.matmul(lhs.astype(np.int64), rhs.astype(np.int64))
        return clamp(wrap32((acc * red + (1 << (ts - 1))) >> ts) + zo, dtype)

    return Case(m, [lhs, rhs], p, formulas, emulate, "M")


def case_softmax(r, dout):
    n = r.range(2, 16)
    beta = f32(1.0) if r.range(0, 2) == 0 else r.scale(-3, 2)
    while True:
        i_s = r.scale(-10, 0)
        if float(beta) * float(i_s) > 2.0 ** -24:
            break
    x = np.array(r.int8s(n), dtype=np.int8).reshape(1, n)
    z_i = r.range(-128, 127)
    m = OpModel("softmax", "SOFTMAX")
    m.set("in", 0, [1, n], "int8", [i_s], [z_i])
    if dout == np.int8:
        m.set("out", 0, [1, n], "int8", [1.0 / 256], [-128])
    else:
        m.set("out", 0, [1, n], "int16", [1.0 / 65536], [-32768])
    m.op.builtinOptions.beta = float(beta)
    p = dict(in_scale=i_s, in_zp=z_i, beta=beta)
    formulas = {
        "D": ("min(double(beta) * double(in_s) * 2^26, 2^31-1)",
              lambda p: [min(f64(p["beta"]) * f64(p["in_scale"]) * 2.0 ** 26, 2.0 ** 31 - 1)]),
        "F": ("min(double(float(beta * in_s)) * 2^26, 2^31-1)",
              lambda p: [min(f64(f32(p["beta"] * p["in_scale"])) * 2.0 ** 26, 2.0 ** 31 - 1)]),
    }
    return Case(m, [x], p, formulas, None, "D")


def case_logistic_tanh(r, kind, builtin, n=256):
    i_s = r.scale(-10, 1)
    z_i = r.range(-128, 127)
    x = ints(r, n, np.int8)
    m = OpModel(kind, builtin)
    m.set("in", 0, [1, n], "int8", [i_s], [z_i])
    if kind == "logistic":
        m.set("out", 0, [1, n], "int8", [1.0 / 256], [-128])
    else:
        m.set("out", 0, [1, n], "int8", [1.0 / 128], [0])
    p = dict(in_scale=i_s, in_zp=z_i)
    formulas = {"D": ("frexp(double(in_s) * 2^27) (exact in float and double)",
                      lambda p: [f64(p["in_scale"]) * 2.0 ** 27])}
    return Case(m, [x.reshape(1, n)], p, formulas, None, "D")


OPS = {
    "ADD/int8": lambda r: case_add(r, np.int8),
    "SUB/int8": lambda r: case_sub(r, np.int8),
    "SUB/int16": lambda r: case_sub(r, np.int16),
    "MUL/int8": lambda r: case_mul(r, np.int8),
    "LEAKY_RELU/int8": lambda r: case_leaky(r, np.int8),
    "LEAKY_RELU/int16": lambda r: case_leaky(r, np.int16),
    "RELU/int8": lambda r: case_relu(r, np.int8),
    "RELU/int16": lambda r: case_relu(r, np.int16),
    "RELU6/int8": lambda r: case_relu6(r, np.int8),
    "RELU6/int16": lambda r: case_relu6(r, np.int16),
    "HARD_SWISH/int8": case_hswish,
    "LOGISTIC/int8": lambda r: case_logistic_tanh(r, "logistic", "LOGISTIC"),
    "TANH/int8": lambda r: case_logistic_tanh(r, "tanh", "TANH"),
    "QUANTIZE/int8->int8": lambda r: case_requant(r, np.int8, np.int8),
    "QUANTIZE/int8->int16": lambda r: case_requant(r, np.int8, np.int16),
    "QUANTIZE/int16->int8": lambda r: case_requant(r, np.int16, np.int8),
    "QUANTIZE/int16->int16": lambda r: case_requant(r, np.int16, np.int16),
    "QUANTIZE/int8->int32": lambda r: case_requant(r, np.int8, np.int32),
    "QUANTIZE/int16->int32": lambda r: case_requant(r, np.int16, np.int32),
    "QUANTIZE/float->int8": lambda r: case_quantize_float(r, np.int8),
    "QUANTIZE/float->int16": lambda r: case_quantize_float(r, np.int16),
    "DEQUANTIZE/int8": lambda r: case_dequantize(r, np.int8),
    "DEQUANTIZE/int16": lambda r: case_dequantize(r, np.int16),
    "MEAN/int8": case_mean,
    "FULLY_CONNECTED/int8 per-tensor": lambda r: case_fc(r, False),
    "FULLY_CONNECTED/int8 per-channel": lambda r: case_fc(r, True),
    "CONV_2D/int8": lambda r: case_conv(r, False),
    "DEPTHWISE_CONV_2D/int8": lambda r: case_conv(r, True),
    "BATCH_MATMUL/int8": lambda r: case_bmm(r, np.int8),
    "BATCH_MATMUL/int16": lambda r: case_bmm(r, np.int16),
    "SOFTMAX/int8->int8": lambda r: case_softmax(r, np.int8),
    "SOFTMAX/int8->int16": lambda r: case_softmax(r, np.int16),
}


# ---------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------

def describe(case: Case) -> str:
    parts = []
    for k, v in case.params.items():
        if isinstance(v, (np.floating, float)) and "zp" not in k:
            parts.append(f"{k}={hexf(v)}")
        elif isinstance(v, list) and v and isinstance(v[0], (np.floating, float)):
            parts.append(f"{k}=[{', '.join(hexf(s) for s in v)}]")
        else:
            parts.append(f"{k}={v}")
    return " ".join(parts)


def multipliers(case: Case, name: str):
    return [qm(v) for v in case.formulas[name][1](case.params)]


def example(case: Case, pip_out, other, label) -> str:
    """The elements where pip differs from `other`, with their inputs."""
    a, b = np.asarray(pip_out).reshape(-1), np.asarray(other).reshape(-1).astype(pip_out.dtype)
    if a.dtype == np.float32:
        idx = np.nonzero(a.view(np.uint32) != b.view(np.uint32))[0]
    else:
        idx = np.nonzero(a != b)[0]
    lines = [f"      {describe(case)}"]
    flat_in = [np.asarray(x).reshape(-1) for x in case.inputs]
    elementwise = all(x.size == a.size for x in flat_in)
    for i in idx[:4]:
        ins = ", ".join(str(x[i].item()) if x.dtype != np.float32 else hexf(x[i]) for x in flat_in) \
            if elementwise else "(see inputs)"
        pv, ov = a[i].item(), b[i].item()
        if a.dtype == np.float32:
            pv, ov = hexf(pv), hexf(ov)
        lines.append(f"      element {i}: input {ins} -> pip {pv}, {label} {ov}")
    if not elementwise:
        lines.append("      inputs: " + " | ".join(
            f"shape {list(np.shape(x))} " + np.array2string(np.asarray(x).reshape(-1), separator=",",
                                                            max_line_width=10**6) for x in case.inputs))
        lines.append(f"      pip output: {np.array2string(a, separator=',', max_line_width=10**6)}")
    return "\n".join(lines)


def sweep(name, gen, r, n_cases, batch, kinglet, tmp, n_examples):
    t0 = time.time()
    stats = dict(cases=0, kinglet_diff=0, kinglet_err=0, informative=0, mult_differs=0)
    formula_ok = {}
    ex_kinglet, ex_mirror = [], []
    done = 0
    while done < n_cases:
        k = min(batch, n_cases - done)
        cases = [gen(r) for _ in range(k)]
        done += k
        # every case's model owns its ModelT; merge mutates the first
        model = merge([c.model for c in cases])
        inputs = [x for c in cases for x in c.inputs]
        try:
            pip = run_pip(model, inputs, k)
        except Exception as e:  # noqa: BLE001
            print(f"  {name}: pip tflite-micro failed on a batch: {e}", file=sys.stderr)
            raise
        kin, err = run_kinglet(kinglet, model, inputs, k, tmp) if kinglet else (None, None)
        for i, c in enumerate(cases):
            stats["cases"] += 1
            po = pip[i]
            if kinglet:
                if kin is None:
                    stats["kinglet_err"] += 1
                    if len(ex_kinglet) < n_examples:
                        ex_kinglet.append(f"      kinglet failed: {err}\n      {describe(c)}")
                else:
                    ko = kin[i].reshape(po.shape)
                    if ko.dtype != po.dtype or ko.tobytes() != po.tobytes():
                        stats["kinglet_diff"] += 1
                        if len(ex_kinglet) < n_examples:
                            ex_kinglet.append(example(c, po, ko.astype(po.dtype), "kinglet"))
            names = list(c.formulas)
            mults = {f: multipliers(c, f) for f in names} if c.emulate is None else None
            if c.emulate is None:
                if len({tuple(v) for v in mults.values()}) > 1:
                    stats["mult_differs"] += 1
                continue
            outs = {f: c.emulate(c.formulas[f][1](c.params)) for f in names}
            if any(o is None for o in outs.values()):
                continue
            if len({o.reshape(-1).tobytes() for o in outs.values()}) > 1:
                stats["informative"] += 1
            for f in names:
                ok = outs[f].reshape(po.shape).astype(po.dtype).tobytes() == po.tobytes()
                formula_ok[f] = formula_ok.get(f, 0) + ok
            mo = outs[c.mirror].reshape(po.shape).astype(po.dtype)
            if mo.tobytes() != po.tobytes() and len(ex_mirror) < n_examples:
                ex_mirror.append(example(c, po, mo, f"source formula {c.mirror}"))
    formulas = cases[0].formulas
    mirror = cases[0].mirror
    return stats, formula_ok, formulas, mirror, ex_kinglet, ex_mirror, time.time() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=None, help="SplitMix64 seed (default: from the clock; printed)")
    ap.add_argument("--cases", type=int, default=500, help="cases per operator and type (default 500)")
    ap.add_argument("--ops", default="", help="comma-separated prefixes of the names below (default: all)")
    ap.add_argument("--kinglet", default="/work/bin/kinglet-0ddabee", help="kinglet binary ('' = pip only)")
    ap.add_argument("--batch", type=int, default=100, help="cases per model (default 100)")
    ap.add_argument("--examples", type=int, default=2, help="examples printed per kind of difference")
    ap.add_argument("--list", action="store_true", help="list the operator/type names and exit")
    a = ap.parse_args(argv)
    if a.list:
        print("\n".join(OPS))
        return 0
    seed = a.seed if a.seed is not None else int(time.time() * 1000) & 0xFFFFFFFF
    wanted = [w.strip() for w in a.ops.split(",") if w.strip()]
    names = [n for n in OPS if not wanted or any(n.upper().startswith(w.upper()) for w in wanted)]
    if not names:
        print(f"no operator matches {a.ops!r}; --list shows the names", file=sys.stderr)
        return 2
    print(f"scale_sweep: seed {seed}, {a.cases} cases per operator, kinglet {a.kinglet or '(none)'}", flush=True)
    failed = False
    summary = []
    with tempfile.TemporaryDirectory(prefix="scale_sweep_") as tmp:
        for idx, name in enumerate(names):
            r = SplitMix64(seed * 1000003 + idx)  # each operator its own stream: --ops replays a subset
            r = SplitMix64(r.next() ^ hash_name(name))
            st, ok, formulas, mirror, exk, exm, dt = sweep(name, OPS[name], r, a.cases, a.batch, a.kinglet, tmp,
                                                           a.examples)
            n = st["cases"]
            kd = st["kinglet_diff"] + st["kinglet_err"]
            if a.kinglet and kd:
                failed = True
            line = f"{name}: {n} cases, kinglet != pip in {kd}"
            if st["kinglet_err"]:
                line += f" ({st['kinglet_err']} kinglet errors)"
            if ok:
                line += f"; informative {st['informative']}; formula matches pip: " + ", ".join(
                    f"{f} {ok[f]}/{n}" for f in formulas)
                full = [f for f in formulas if ok.get(f, 0) == n]
                if not full:
                    failed = True
                line += f"; pip follows {'/'.join(full) if full else 'NONE'} (source: {mirror})"
            else:
                line += f"; multipliers differ between formulas in {st['mult_differs']} (no emulation)"
            print(line + f"  [{dt:.1f}s]", flush=True)
            for f, (text, _) in formulas.items():
                print(f"    {f}: {text}")
            for e in exk:
                print("    Kinglet differs:\n" + e)
            for e in exm:
                print(f"    pip differs from the source's formula {mirror}:\n" + e)
            summary.append((name, n, kd))
    print(f"seed {seed}: {'MISMATCH' if failed else 'all match'} "
          f"({sum(s[2] for s in summary)} of {sum(s[1] for s in summary)} cases differ)")
    return 1 if failed else 0


def hash_name(name: str) -> int:
    h = 0xCBF29CE484222325
    for ch in name.encode():
        h = ((h ^ ch) * 0x100000001B3) & ((1 << 64) - 1)
    return h


if __name__ == "__main__":
    sys.exit(main())
