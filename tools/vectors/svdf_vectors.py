#!/usr/bin/env python3
"""SVDF (float32; int8 with int16 or int8 state) on pip tflite-micro, for SvdfTests.swift.

    svdf_vectors.py SEED COUNT > cases.txt     # Swift SvdfCase literals, pip's outputs
    svdf_vectors.py --formula SEED COUNT       # which prepare formula pip follows (int8)

TensorFlow's converter never makes an SVDF (no TensorFlow op lowers to it), so there is no
converter template to patch: each case is a one-operator model written with the schema's object
API (`svdf_model`), laid out as TFLM's own keyword_scrambled models are (input, weights_feature,
weights_time, bias, activation state as a variable tensor, output; SVDFOptions rank and
activation). Each case runs 1-4 invokes on one pip interpreter, so the state carried from invoke
to invoke (shifted one element each time) is part of what the expected outputs pin.

--formula draws int8 cases whose output scale puts one output at a rounding tie (scale_sweep.py's
`tie`) and whose float32 and double multipliers differ, emulates the kernel in numpy with both
formulas for the effective scales (F: double(float(s_a * s_b / s_c)), the 90b983c source; D:
double(s_a) * double(s_b) / double(s_c), TFLM #1501), and counts which matches pip.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SplitMix64, schema  # noqa: E402

f32, f64 = np.float32, np.float64
NP = {"float32": np.float32, "int8": np.int8, "int16": np.int16, "int32": np.int32}


def svdf_model(c) -> bytes:
    """A one-SVDF model for case `c` (see draw); also used by tools/zoo/build_zoo.py."""
    import flatbuffers

    fb = schema()
    types = {"float32": fb.TensorType.FLOAT32, "int8": fb.TensorType.INT8, "int16": fb.TensorType.INT16,
             "int32": fb.TensorType.INT32}
    m = fb.ModelT()
    m.version = 3
    code = fb.OperatorCodeT()
    code.builtinCode = fb.BuiltinOperator.SVDF
    code.deprecatedBuiltinCode = fb.BuiltinOperator.SVDF
    code.version = 1 if c["kind"] == "float32" else 3
    m.operatorCodes = [code]
    m.buffers = [fb.BufferT()]
    tensors = []

    def tensor(name, shape, dtype, scale=None, zp=0, data=None, variable=False):
        t = fb.TensorT()
        t.name = name
        t.shape = np.array(shape, dtype=np.int32)
        t.type = types[dtype]
        buf = fb.BufferT()
        if data is not None:
            buf.data = np.frombuffer(np.asarray(data, dtype=NP[dtype]).tobytes(), dtype=np.uint8)
        m.buffers.append(buf)
        t.buffer = len(m.buffers) - 1
        t.isVariable = variable
        if scale is not None:
            q = fb.QuantizationParametersT()
            q.scale = [float(scale)]
            q.zeroPoint = [int(zp)]
            t.quantization = q
        tensors.append(t)
        return len(tensors) - 1

    b, n_in, f, mem = c["batch"], c["input_size"], c["filters"], c["memory"]
    units = f // c["rank"]
    if c["kind"] == "float32":
        x = tensor("input", [b, n_in], "float32")
        wf = tensor("weights_feature", [f, n_in], "float32", data=c["wf"])
        wt = tensor("weights_time", [f, mem], "float32", data=c["wt"])
        bias = tensor("bias", [units], "float32", data=c["bias"]) if c["has_bias"] else -1
        st = tensor("activation_state", [b, mem * f], "float32", variable=True)
        out = tensor("output", [b, units], "float32")
    else:
        q = c["q"]
        sdt = c["kind"]  # the state's and time weights' type
        x = tensor("input", [b, n_in], "int8", q["in_s"], q["in_z"])
        wf = tensor("weights_feature", [f, n_in], "int8", q["wf_s"], 0, c["wf"])
        wt = tensor("weights_time", [f, mem], sdt, q["wt_s"], 0, c["wt"])
        bias = tensor("bias", [units], "int32", q["b_s"], 0, c["bias"])
        st = tensor("activation_state", [b, mem * f], sdt, q["st_s"], q["st_z"], variable=True)
        out = tensor("output", [b, units], "int8", q["out_s"], q["out_z"])
    op = fb.OperatorT()
    op.opcodeIndex = 0
    op.inputs = np.array([x, wf, wt, bias, st], dtype=np.int32)
    op.outputs = np.array([out], dtype=np.int32)
    op.builtinOptionsType = fb.BuiltinOptions.SVDFOptions
    o = fb.SVDFOptionsT()
    o.rank = c["rank"]
    o.fusedActivationFunction = c["act"]
    op.builtinOptions = o
    sg = fb.SubGraphT()
    sg.tensors = tensors
    sg.inputs = np.array([x], dtype=np.int32)
    sg.outputs = np.array([out], dtype=np.int32)
    sg.operators = [op]
    m.subgraphs = [sg]
    builder = flatbuffers.Builder(1024)
    builder.Finish(m.Pack(builder), file_identifier=b"TFL3")
    data = bytes(builder.Output())
    return data


def draw(r: SplitMix64, kind: str | None = None, dims: dict | None = None):
    """A random case; `dims` (batch, input_size, rank, units, memory, steps, act) fixes its shapes
    and activation (the zoo's entries)."""
    c = {"kind": kind or ["float32", "int16", "int8"][r.range(0, 2)]}
    c["batch"], c["input_size"], c["rank"] = r.range(1, 2), r.range(1, 8), r.range(1, 3)
    units = r.range(1, 4)
    c["filters"], c["memory"], c["steps"] = units * c["rank"], r.range(1, 5), r.range(1, 4)
    if dims:
        c.update({k: dims[k] for k in ("batch", "input_size", "rank", "memory", "steps")})
        units = dims["units"]
        c["filters"] = units * c["rank"]
    b, n_in, f, mem, steps = c["batch"], c["input_size"], c["filters"], c["memory"], c["steps"]
    if c["kind"] == "float32":
        c["act"] = r.range(0, 5) if not dims else dims["act"]  # NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT
        c["has_bias"] = True  # pip's TFLM crashes on an SVDF without a bias (prepare reads it)
        c["x"] = [r.range(-1000, 1000) / 256.0 for _ in range(steps * b * n_in)]
        c["wf"] = [r.range(-1000, 1000) / 512.0 for _ in range(f * n_in)]
        c["wt"] = [r.range(-1000, 1000) / 512.0 for _ in range(f * mem)]
        c["bias"] = [r.range(-1000, 1000) / 256.0 for _ in range(units)]
        return c
    int16 = c["kind"] == "int16"
    c["act"] = r.range(0, 3) if not dims else dims["act"]  # TFLM ignores it on the int8 path
    c["has_bias"] = True  # TFLM's int8 prepare reads the bias scale: it needs one
    in_s, wf_s, wt_s = r.scale(-8, -2), r.scale(-10, -4), r.scale(-10, -4)
    # State scales that keep the feature sums mostly inside the state type (some saturate).
    st_s = f32(in_s * wf_s * (r.scale(0, 3) if int16 else r.scale(7, 10)))
    q = {"in_s": in_s, "in_z": r.range(-128, 127), "wf_s": wf_s, "wt_s": wt_s,
         "st_s": st_s, "st_z": r.range(-20, 20) if int16 else r.range(-128, 127),
         "out_s": f32(1), "out_z": r.range(-128, 127)}
    q["b_s"] = f32(f32(st_s) * f32(wt_s))
    c["q"] = q
    c["x"] = r.int8s(steps * b * n_in)
    c["wf"] = r.int8s(f * n_in, -127, 127)
    c["wt"] = [r.range(-3000, 3000) for _ in range(f * mem)] if int16 else r.int8s(f * mem, -127, 127)
    c["bias"] = [r.range(-20000, 20000) for _ in range(units)]
    # An output scale that spreads the per-unit sums over the int8 range (a few saturate).
    peak = []
    emulate(c, formulas(q)["D"], peak=peak)
    q["out_s"] = f32(f64(st_s) * f64(wt_s) * max(peak[0], 1) / r.range(40, 160))
    return c


def run_steps(model: bytes, c) -> np.ndarray:
    """pip tflite-micro, one interpreter, one invoke per step; outputs stacked."""
    from tflite_micro.python.tflite_micro import runtime

    interp = runtime.Interpreter.from_bytes(model, arena_size=1 << 16)
    x = np.array(c["x"], dtype=NP["float32" if c["kind"] == "float32" else "int8"])
    x = x.reshape(c["steps"], c["batch"], c["input_size"])
    outs = []
    for k in range(c["steps"]):
        interp.set_input(x[k], 0)
        interp.invoke()
        outs.append(np.array(interp.get_output(0), copy=True))
    return np.stack(outs)


def swift_floats(values) -> str:
    return "[" + ", ".join(f"0x{int(v):08x}" for v in np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32)) + "]"


def swift_ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def bits(x) -> str:
    return f"0x{int(np.float32(x).view(np.uint32)):08x}"


def print_case(c, y):
    dims = (f"batch: {c['batch']}, inputSize: {c['input_size']}, filters: {c['filters']}, memory: {c['memory']}, "
            f"rank: {c['rank']}, steps: {c['steps']}, activation: {c['act']}")
    if c["kind"] == "float32":
        bias = swift_floats(c["bias"]) if c["has_bias"] else "nil"
        print(f"    .float({dims},\n           x: {swift_floats(c['x'])},\n"
              f"           wf: {swift_floats(c['wf'])},\n           wt: {swift_floats(c['wt'])},\n"
              f"           bias: {bias},\n           expected: {swift_floats(y)}),")
    else:
        q = c["q"]
        quant = (f"q: ({bits(q['in_s'])}, {q['in_z']}, {bits(q['wf_s'])}, {bits(q['wt_s'])}, {bits(q['b_s'])}, "
                 f"{bits(q['st_s'])}, {q['st_z']}, {bits(q['out_s'])}, {q['out_z']})")
        print(f"    .quantized({dims}, int16State: {str(c['kind'] == 'int16').lower()},\n"
              f"               {quant},\n               x: {swift_ints(c['x'])},\n"
              f"               wf: {swift_ints(c['wf'])},\n               wt: {swift_ints(c['wt'])},\n"
              f"               bias: {swift_ints(c['bias'])},\n               expected: {swift_ints(y)}),")


# ---------------------------------------------------------------------------
# --formula: the int8 kernel in numpy under each candidate prepare formula
# ---------------------------------------------------------------------------

def formulas(q):
    return {
        "F": (f64(f32(f32(q["in_s"] * q["wf_s"]) / q["st_s"])), f64(f32(f32(q["st_s"] * q["wt_s"]) / q["out_s"]))),
        "D": (f64(q["in_s"]) * f64(q["wf_s"]) / f64(q["st_s"]), f64(q["st_s"]) * f64(q["wt_s"]) / f64(q["out_s"])),
    }


def emulate(c, reals, last_sums=None, peak=None):
    """The int8 kernel's output for every step; `last_sums` (a list) receives the last step's
    per-unit int32 sums, `peak` the largest |sum| of all steps."""
    from scale_sweep import clamp, mbqm, qm, wrap32

    q = c["q"]
    b, n_in, f, mem, rank = c["batch"], c["input_size"], c["filters"], c["memory"], c["rank"]
    units = f // rank
    sdt = NP[c["kind"]]
    m1, m2 = qm(reals[0]), qm(reals[1])
    info = np.iinfo(sdt)
    state = np.full(b * f * mem, q["st_z"] if c["kind"] == "int8" else 0, dtype=np.int64)
    x = np.array(c["x"], dtype=np.int64).reshape(c["steps"], b, n_in)
    wf = np.array(c["wf"], dtype=np.int64).reshape(f, n_in)
    wt = np.array(c["wt"], dtype=np.int64).reshape(f, mem)
    bias = np.array(c["bias"], dtype=np.int64)
    outs = []
    for k in range(c["steps"]):
        state[:-1] = state[1:].copy()
        st = state.reshape(b, f, mem)
        acc = wrap32((x[k] - q["in_z"]) @ wf.T)  # [b, f]
        scaled = np.clip(mbqm(acc, m1), info.min, info.max) + q["st_z"]
        st[:, :, mem - 1] = scaled.astype(np.int64).astype(sdt)  # truncated to the state type
        dots = wrap32(((st - q["st_z"]) * wt[None]).sum(-1))  # [b, f]
        sums = wrap32(dots.reshape(b, units, rank).sum(-1) + bias[None])
        if last_sums is not None:
            last_sums[:] = [sums]
        if peak is not None:
            peak[:] = [max(peak[0] if peak else 0, int(np.abs(sums).max()))]
        outs.append(clamp(mbqm(sums, m2) + q["out_z"], np.int8))
    return np.stack(outs)


def formula_check(seed: int, count: int) -> int:
    import math

    from scale_sweep import qm, tie

    r = SplitMix64(seed)
    matches = {"F": 0, "D": 0}
    informative = 0
    for _ in range(count):
        c = draw(r, ["int16", "int8"][r.range(0, 1)])
        q = c["q"]
        sums = []
        emulate(c, formulas(q)["D"], sums)
        acc0 = int(sums[0].reshape(-1)[0])
        t = tie(r, float(q["st_s"]) * float(q["wt_s"]) * acc0, 127 - abs(q["out_z"]) - 1, count=acc0)
        if t is not None and math.isfinite(t) and t > 0:
            q["out_s"] = t
        y = run_steps(svdf_model(c), c)
        outs = {k: emulate(c, v) for k, v in formulas(q).items()}
        if any(qm(a) != qm(b) for a, b in zip(formulas(q)["F"], formulas(q)["D"])) and \
                not np.array_equal(outs["F"], outs["D"]):
            informative += 1
        for k, o in outs.items():
            matches[k] += int(np.array_equal(o.reshape(y.shape), y))
    print(f"svdf --formula seed {seed}: {count} cases, informative {informative}; "
          f"F (source) matches pip {matches['F']}/{count}, D (double) {matches['D']}/{count}")
    return 0 if matches["D"] == count else 1


def main(argv) -> int:
    if argv and argv[0] == "--formula":
        return formula_check(int(argv[1]), int(argv[2]))
    r = SplitMix64(int(argv[0]))
    for _ in range(int(argv[1])):
        c = draw(r)
        y = run_steps(svdf_model(c), c)
        print_case(c, y)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
