#!/usr/bin/env python3
"""LiteRT's optimized float arithmetic, operator by operator: Kinglet against Larq Compute Engine's
interpreter on converter-made one-operator float models over shapes that take every path.

    TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python tools/bnn/float_ops.py --kinglet PATH [--seed N] [--cases 4]

LCE's interpreter (pip larq-compute-engine 0.16.0, default x86 kernels, one thread) runs the float
builtins with TFLite's optimized kernels, so Kinglet runs them that way in LCE models
(PrepareContext.followsLiteRT, docs/binarized.md "Bit-exactness"). Each model here is a plain
TF-converter model (tf.lite.TFLiteConverter, TF 2.16 in LCE's venv) with one unused operator code
CUSTOM "LceQuantize" appended: LCE's interpreter ignores it, Kinglet then treats the model as an
LCE model. Inputs: seeded normal values times 3, and for SOFTMAX also times 40 (exp underflow:
LCE's interpreter flushes subnormals to zero). Per model: "pass" when Kinglet's output equals LCE's
byte for byte on every case, and how many values TFLM's reference order (the model without the
marker, as Kinglet runs ordinary models) would get wrong, to show which ops need the variant.

Every model must pass: exits 1 otherwise. (MEAN and AVERAGE_POOL_2D agree with TFLM's order, which
Kinglet keeps for them.)
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

FOLLOWED = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX", "MEAN", "AVERAGE_POOL_2D"}


def cases():
    """(name, op, keras model builder) for every shape of the sweep."""
    import tf_keras as keras  # noqa: PLC0415

    out = []
    for depth in [1, 2, 3, 4, 5, 7, 8, 13, 33, 70]:
        for units in [1, 3, 4, 5, 10]:
            for batch, bias, act in [(1, True, None), (3, True, None), (1, False, "relu")]:
                if batch == 3 and units not in (3, 5):
                    continue
                if not bias and depth not in (5, 33):
                    continue
                out.append((f"fc_d{depth}_u{units}_b{batch}{'' if bias else '_nobias'}{'_relu' if act else ''}",
                            "FULLY_CONNECTED",
                            lambda d=depth, u=units, b=batch, bi=bias, a=act: keras.Sequential([
                                keras.Input((d,), batch_size=b), keras.layers.Dense(u, use_bias=bi, activation=a)])))
    for h, w, cin, cout, k, stride, pad, dil, act in [
        (6, 6, 3, 5, 3, 1, "same", 1, None), (5, 5, 8, 7, 3, 1, "valid", 1, None),
        (4, 4, 16, 3, 1, 1, "valid", 1, None), (7, 7, 2, 9, 3, 2, "same", 1, "relu"),
        (3, 3, 33, 2, 3, 1, "valid", 1, None), (1, 1, 64, 5, 1, 1, "valid", 1, None),
        (3, 3, 3, 6, 3, 1, "valid", 1, None), (3, 3, 1, 4, 3, 1, "valid", 1, None),
        (2, 2, 5, 8, 3, 1, "valid", 1, None), (8, 8, 4, 6, 3, 1, "same", 2, None),
        (6, 6, 4, 1, 3, 1, "same", 1, None)]:
        if h < k and pad == "valid":
            continue
        out.append((f"conv_{h}x{w}x{cin}_o{cout}_k{k}_s{stride}_{pad}_d{dil}{'_relu' if act else ''}", "CONV_2D",
                    lambda h=h, w=w, c=cin, o=cout, k=k, s=stride, p=pad, d=dil, a=act: keras.Sequential([
                        keras.Input((h, w, c), batch_size=1),
                        keras.layers.Conv2D(o, k, strides=s, padding=p, dilation_rate=d, activation=a)])))
    for batch, n in [(1, 2), (1, 7), (1, 8), (1, 9), (1, 10), (1, 17), (1, 33), (1, 100), (3, 10), (2, 13),
                     (4, 7), (3, 20)]:
        out.append((f"softmax_b{batch}_n{n}", "SOFTMAX", lambda b=batch, n=n: keras.Sequential([
            keras.Input((n,), batch_size=b), keras.layers.Softmax()])))
    for h, w, c in [(8, 8, 32), (5, 3, 7), (6, 6, 24)]:
        out.append((f"mean_{h}x{w}x{c}", "MEAN", lambda h=h, w=w, c=c: keras.Sequential([
            keras.Input((h, w, c), batch_size=1), keras.layers.GlobalAveragePooling2D()])))
    for h, c, k, mult, stride, pad, dil, act in [
        (6, 4, 3, 1, 1, "same", 1, None), (5, 9, 3, 1, 1, "same", 1, None), (5, 3, 3, 2, 1, "same", 1, None),
        (7, 16, 3, 1, 2, "same", 1, "relu"), (6, 8, 5, 1, 1, "valid", 1, None), (8, 4, 3, 1, 1, "same", 2, None),
        (3, 1, 3, 1, 1, "valid", 1, None), (1, 12, 1, 1, 1, "valid", 1, None)]:
        out.append((f"dwconv_{h}x{h}x{c}_k{k}_m{mult}_s{stride}_{pad}_d{dil}{'_relu' if act else ''}",
                    "DEPTHWISE_CONV_2D",
                    lambda h=h, c=c, k=k, m=mult, s=stride, p=pad, d=dil, a=act: keras.Sequential([
                        keras.Input((h, h, c), batch_size=1),
                        keras.layers.DepthwiseConv2D(k, strides=s, padding=p, depth_multiplier=m, dilation_rate=d,
                                                     activation=a)])))
    out.append(("avgpool_6x6x5_k3", "AVERAGE_POOL_2D", lambda: keras.Sequential([
        keras.Input((6, 6, 5), batch_size=1), keras.layers.AveragePooling2D(3, strides=1)])))
    return out


def convert(model, rng) -> bytes:
    import tensorflow as tf  # noqa: PLC0415

    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in weights])
    return tf.lite.TFLiteConverter.from_keras_model(model).convert()


def with_lce_marker(flatbuffer: bytes) -> bytes:
    """The model with one more operator code, CUSTOM "LceQuantize", that no operator uses."""
    import flatbuffers  # noqa: PLC0415
    from tensorflow.lite.python import schema_py_generated as fb  # noqa: PLC0415

    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(flatbuffer, 0))
    code = fb.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = 32
    code.customCode = b"LceQuantize"
    code.version = 1
    m.operatorCodes.append(code)
    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def run_kinglet(kinglet, model_path, x, work):
    np.save(os.path.join(work, "in.npy"), x)
    out = os.path.join(work, "out.npy")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([kinglet, "run", model_path, "--input", os.path.join(work, "in.npy"), "--output", out],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError((p.stderr.strip().splitlines() or ["kinglet failed"])[-1])
    return np.load(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinglet", required=True)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cases", type=int, default=4, help="seeded inputs per model")
    parser.add_argument("--filter", default="", help="only models whose name contains this")
    args = parser.parse_args()
    from larq_compute_engine.tflite.python.interpreter import Interpreter  # noqa: PLC0415

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print(f"float_ops: seed {seed} (--seed {seed} repeats this run)", flush=True)
    rng = np.random.default_rng(seed)
    work = tempfile.mkdtemp(prefix="kinglet-floatops.")
    failed, passed, reported = [], 0, []
    for name, op, builder in cases():
        if args.filter not in name:
            continue
        plain = convert(builder(), rng)
        marked = with_lce_marker(plain)
        paths = {}
        for kind, data in [("plain", plain), ("lce", marked)]:
            paths[kind] = os.path.join(work, f"{name}.{kind}.tflite")
            open(paths[kind], "wb").write(data)
        interpreter = Interpreter(plain, num_threads=1)
        shape = tuple(interpreter.input_shapes[0])
        wrong, wrong_tflm, total = 0, 0, 0
        for case in range(args.cases):
            scale = 40.0 if op == "SOFTMAX" and case % 2 else 3.0
            x = (rng.normal(size=shape) * scale).astype(np.float32)
            want = np.asarray(interpreter.interpreter.predict([x])[0])
            got = run_kinglet(args.kinglet, paths["lce"], x, work).reshape(want.shape)
            tflm = run_kinglet(args.kinglet, paths["plain"], x, work).reshape(want.shape)
            wrong += int(np.count_nonzero(got.view(np.uint32) != want.view(np.uint32)))
            wrong_tflm += int(np.count_nonzero(tflm.view(np.uint32) != want.view(np.uint32)))
            total += want.size
        verdict = "pass" if wrong == 0 else ("FAIL" if op in FOLLOWED else "differs (not followed)")
        print(f"{verdict:5s} {name:40s} {op:18s} {wrong}/{total} values differ; TFLM's order: {wrong_tflm}",
              flush=True)
        if wrong == 0:
            passed += 1
        elif op in FOLLOWED:
            failed.append(name)
        else:
            reported.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    if reported:
        print("not followed, differ: " + ", ".join(reported))
    print(f"{passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
