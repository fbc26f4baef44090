#!/usr/bin/env python3
"""Kinglet against Larq Compute Engine's interpreter on the binarized-network zoo (testdata/bnn).

    python3 tools/bnn/conformance.py --kinglet PATH            # stored goldens (numpy only)
    TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python tools/bnn/conformance.py --kinglet PATH --live [--seed N]

1. Every LCE operator of every zoo model, and every float builtin whose result depends on an
   order of summation (CONV_2D, FULLY_CONNECTED, MEAN, SOFTMAX), cut out alone
   (tools/bnn/build_bnn_zoo.py), on the input LCE's interpreter gave it inside the whole model:
   Kinglet's output must equal LCE's byte for byte. (In an LCE model Kinglet runs the float
   builtins with the arithmetic of LiteRT's optimized x86 kernels, as LCE's interpreter does.)
2. --live (in LCE's venv): the same one-operator models on fresh seeded random inputs (a printed
   seed; --seed N repeats), LCE's interpreter run now with its default x86 kernels. Bitpacked
   inputs get random words with the padding bits of each row's last word cleared, as LCE keeps them.
3. Whole models on their stored inputs: Kinglet's output must equal LCE's golden byte for byte.
Ends with "N passed, M failed"; exits 1 if any operator or model differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ZOO = os.path.join(ROOT, "testdata", "bnn")


def run_kinglet(kinglet, model, inputs, work):
    args = [kinglet, "run", model]
    for k, x in enumerate(inputs):
        path = os.path.join(work, f"in{k}.npy")
        np.save(path, x)
        args += ["--input", path]
    out = os.path.join(work, "out0.npy")
    if os.path.exists(out):
        os.remove(out)
    args += ["--output", out]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        return None, (p.stderr.strip().splitlines() or ["(no message)"])[-1]
    return np.load(out), None


def same_bytes(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def random_input(rng, like, packed_channels=None):
    """Random data shaped like `like`; int32 bitpacked rows keep their padding bits 0."""
    if like.dtype == np.float32:
        return rng.uniform(-2, 2, like.shape).astype(np.float32)
    if like.dtype == np.int8:
        return rng.integers(-128, 128, like.shape, dtype=np.int8)
    if like.dtype == np.bool_:
        return rng.integers(0, 2, like.shape).astype(np.bool_)
    words = rng.integers(-(1 << 31), 1 << 31, like.shape, dtype=np.int64).astype(np.int32)
    if packed_channels is not None and packed_channels % 32:
        mask = np.int64((1 << (packed_channels % 32)) - 1)
        words[..., -1] = (words[..., -1].astype(np.int64) & mask).astype(np.int32)
    return words


def packed_channels_of(model_path, input_index):
    """The channel count of a bitpacked operator input: LceBconv2d's channels_in (input 0), or
    LceDequantize's output channels; None when not known."""
    from tensorflow.lite.python import schema_py_generated as fb  # noqa: PLC0415
    from flatbuffers import flexbuffers  # noqa: PLC0415

    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(open(model_path, "rb").read(), 0))
    sub = m.subgraphs[0]
    op = sub.operators[0]
    code = (m.operatorCodes[op.opcodeIndex].customCode or b"").decode()
    if code == "LceBconv2d" and op.customOptions is not None:
        return int(flexbuffers.Loads(bytes(op.customOptions))["channels_in"])
    if code == "LceDequantize":
        return int(sub.tensors[op.outputs[0]].shape[-1])
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinglet", required=True)
    parser.add_argument("--live", action="store_true", help="also run LCE's interpreter now, on seeded inputs")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cases", type=int, default=3, help="seeded cases per operator with --live")
    args = parser.parse_args()
    manifest = json.load(open(os.path.join(ZOO, "manifest.json")))
    work = tempfile.mkdtemp(prefix="kinglet-bnn.")
    passed, failed = 0, []
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    if args.live:
        from larq_compute_engine.tflite.python.interpreter import Interpreter  # noqa: PLC0415
        print(f"bnn conformance: live, seed {seed} (--seed {seed} repeats this run)", flush=True)
    rng = np.random.default_rng(seed)
    for entry in manifest["models"]:
        for op in entry["operators"] + entry.get("builtin_operators", []):
            model = os.path.join(ZOO, op["file"])
            inputs = [np.load(os.path.join(ZOO, n)) for n in op["inputs"]]
            expected = np.load(os.path.join(ZOO, op["outputs"][0]))
            cases = [("stored", inputs, expected)]
            if args.live:
                channels = packed_channels_of(model, 0)
                for case in range(args.cases):
                    feeds = [random_input(rng, x, channels if k == 0 else None) for k, x in enumerate(inputs)]
                    interpreter = Interpreter(open(model, "rb").read(), num_threads=1)
                    out = interpreter.predict(*feeds)
                    cases.append((f"seeded {case}", feeds, out[0] if isinstance(out, list) else out))
            for label, feeds, want in cases:
                got, error = run_kinglet(args.kinglet, model, feeds, work)
                name = f"{op['name']} ({op['op']}, {label})"
                if got is not None and same_bytes(got, np.asarray(want)):
                    passed += 1
                    print(f"pass  {name}")
                else:
                    detail = error or f"{np.count_nonzero(got != want)} of {got.size} values differ"
                    failed.append(name)
                    print(f"FAIL  {name}: {detail}")
        model = os.path.join(ZOO, entry["file"])
        x = np.load(os.path.join(ZOO, entry["inputs"][0]))
        want = np.load(os.path.join(ZOO, entry["outputs"][0]))
        got, error = run_kinglet(args.kinglet, model, [x], work)
        name = f"model {entry['name']}"
        if got is None:
            failed.append(name)
            print(f"FAIL  {name}: kinglet refuses it: {error}")
        elif same_bytes(got, want):
            passed += 1
            print(f"pass  {name}: identical")
        else:
            diff = np.abs(got.astype(np.float64) - want.astype(np.float64)).max()
            top1 = np.array_equal(got.reshape(got.shape[0], -1).argmax(1), want.reshape(want.shape[0], -1).argmax(1))
            failed.append(name)
            print(f"FAIL  {name}: max |diff| {diff:.3g}, top-1 {'agrees' if top1 else 'DIFFERS'}")
    if failed:
        print("failed: " + ", ".join(failed))
    print(f"{passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
