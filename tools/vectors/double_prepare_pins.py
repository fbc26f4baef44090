#!/usr/bin/env python3
"""Pinned cases where pip tflite-micro's prepare arithmetic is double, not the source's float.

The TFLM source at 90b983c computes LEAKY_RELU's and SUB's int16/int8 requantization
multipliers in float and widens them to double; the pip build (0.dev20261023182759)
computes them in double (the form TFLM #1501 introduced). This script finds, in TFLM's own
seanet LEAKY_RELU and SUB models (../shared/tflm-suite), an input element on which the two
forms give different outputs, runs pip tflite-micro on the model with that element in its
input, and prints the case (scales as float32 bit patterns, zero points, alpha, inputs, pip's
output) for LeakyReluTests and SubTests. The expected outputs are pip's, never Kinglet's.

    /path/to/venv/bin/python tools/vectors/double_prepare_pins.py [--suite ../shared/tflm-suite]

Needs tools/requirements-conformance.txt (tflite-micro, numpy).
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
from pathlib import Path

import numpy as np

SEANET = "tensorflow/lite/micro/integration_tests/seanet"


def f32(x) -> np.float32:
    return np.float32(x)


def bits(x: np.float32) -> str:
    return f"0x{struct.unpack('<I', struct.pack('<f', float(x)))[0]:08x}"


def quantize_multiplier(d: float) -> tuple[int, int]:
    if d == 0:
        return 0, 0
    q, e = math.frexp(d)
    qf = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)
    if qf == 1 << 31:
        qf //= 2
        e += 1
    if e < -31:
        return 0, 0
    return qf, e


def srdhm(a: int, b: int) -> int:
    if a == b == -(1 << 31):
        return (1 << 31) - 1
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    v = ab + nudge
    # C++ integer division truncates toward zero.
    q = abs(v) >> 31
    return q if v >= 0 else -q


def rdbpot(x: int, e: int) -> int:
    mask = (1 << e) - 1
    rem = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> e) + (1 if rem > threshold else 0)


def mbqm(x: int, m: int, shift: int) -> int:
    ls = max(shift, 0)
    rs = max(-shift, 0)
    v = (x * (1 << ls) + (1 << 31)) % (1 << 32) - (1 << 31)
    return rdbpot(srdhm(v, m), rs)


def leaky(x: int, zi: int, zo: int, alpha_m, ident_m, lo: int, hi: int) -> int:
    v = x - zi
    if v >= 0:
        out = zo + mbqm(v, *ident_m)
    else:
        m, s = alpha_m
        out = zo + (-mbqm(v, -m, s) if m < 0 else mbqm(v, m, s))
    return min(max(out, lo), hi)


def quant(model_path: Path):
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as fb

    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(model_path.read_bytes(), 0))
    sub = m.subgraphs[0]
    op = sub.operators[0]

    def q(index):
        t = sub.tensors[index]
        return f32(t.quantization.scale[0]), int(t.quantization.zeroPoint[0]), list(t.shape)

    return op, [q(i) for i in op.inputs], [q(i) for i in op.outputs]


def run_pip(model_path: Path, inputs: list[np.ndarray]) -> np.ndarray:
    from tflite_micro.python.tflite_micro import runtime

    interp = runtime.Interpreter.from_bytes(model_path.read_bytes(), arena_size=16 << 20)
    for k, x in enumerate(inputs):
        interp.set_input(x, k)
    interp.invoke()
    return interp.get_output(0)


def leaky_pin(suite: Path) -> bool:
    for path in sorted((suite / SEANET / "leaky_relu").glob("*.tflite")):
        op, ins, outs = quant(path)
        (si, zi, shape), (so, zo, _) = ins[0], outs[0]
        alpha = f32(op.builtinOptions.alpha)
        source = (quantize_multiplier(float(f32(si * alpha / so))), quantize_multiplier(float(f32(si / so))))
        pip = (quantize_multiplier(float(si) * float(alpha) / float(so)), quantize_multiplier(float(si) / float(so)))
        if source == pip:
            continue
        for x in range(-32768, 32768):
            a = leaky(x, zi, zo, *source, -32768, 32767)
            b = leaky(x, zi, zo, *pip, -32768, 32767)
            if a != b:
                inputs = np.zeros(shape, dtype=np.int16).reshape(-1)
                inputs[0], inputs[1] = x, -x if -x <= 32767 else 32767
                got = run_pip(path, [inputs.reshape(shape)]).reshape(-1)
                print(f"LEAKY_RELU {path.name}: input_scale {bits(si)} ({si!r}) zp {zi}, "
                      f"output_scale {bits(so)} ({so!r}) zp {zo}, alpha {bits(alpha)} ({alpha!r})")
                print(f"  inputs [{inputs[0]}, {inputs[1]}] -> pip [{got[0]}, {got[1]}]; "
                      f"float form gives {a} for {x}, double form {b}")
                return True
    return False


def sub_model(x1: int, x2: int, q1, q2, qo, int16: bool, double: bool) -> int:
    (s1, z1), (s2, z2), (so, zo) = q1, q2, qo
    ls = 15 if int16 else 20
    tm = f32(2 * max(s1, s2))
    if double:
        m1 = quantize_multiplier(float(s1) / float(tm))
        m2 = quantize_multiplier(float(s2) / float(tm))
        mo = quantize_multiplier(float(tm) / ((1 << ls) * float(so)))
    else:
        m1 = quantize_multiplier(float(f32(s1 / tm)))
        m2 = quantize_multiplier(float(f32(s2 / tm)))
        mo = quantize_multiplier(float(f32(tm / f32(f32(1 << ls) * so))))
    a = mbqm((x1 - z1) << ls, *m1)
    b = mbqm((x2 - z2) << ls, *m2)
    lo, hi = (-32768, 32767) if int16 else (-128, 127)
    return min(max(mbqm(a - b, *mo) + zo, lo), hi)


def sub_pin(suite: Path) -> bool:
    rng = np.random.default_rng(0)
    for path in sorted((suite / SEANET / "sub").glob("*.tflite")):
        op, ins, outs = quant(path)
        q1, q2, qo = [(s, z) for s, z, _ in ins + outs]
        shape1, shape2 = ins[0][2], ins[1][2]
        for _ in range(200000):
            x1, x2 = (int(v) for v in rng.integers(-32768, 32768, 2))
            a = sub_model(x1, x2, q1, q2, qo, True, False)
            b = sub_model(x1, x2, q1, q2, qo, True, True)
            if a != b:
                # Element 0 of each input meets element 0 of the other in output element 0,
                # broadcast or not.
                in1 = np.zeros(shape1, dtype=np.int16).reshape(-1)
                in2 = np.zeros(shape2, dtype=np.int16).reshape(-1)
                in1[0], in2[0] = x1, x2
                got = run_pip(path, [in1.reshape(shape1), in2.reshape(shape2)]).reshape(-1)
                (s1, z1), (s2, z2), (so, zo) = q1, q2, qo
                print(f"SUB {path.name}: input1_scale {bits(s1)} ({s1!r}) zp {z1}, input2_scale {bits(s2)} "
                      f"({s2!r}) zp {z2}, output_scale {bits(so)} ({so!r}) zp {zo}, activation "
                      f"{op.builtinOptions.fusedActivationFunction}")
                print(f"  inputs ({x1}, {x2}) -> pip {got[0]}; float form gives {a}, double form {b}")
                return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared/tflm-suite")
    args = parser.parse_args()
    if not args.suite.is_dir():
        print(f"no TFLM suite at {args.suite}", file=sys.stderr)
        return 2
    found = [leaky_pin(args.suite), sub_pin(args.suite)]
    return 0 if all(found) else 1


if __name__ == "__main__":
    sys.exit(main())
