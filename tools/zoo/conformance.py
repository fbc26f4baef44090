#!/usr/bin/env python3
"""Compare Kinglet with TFLM, byte for byte, on every zoo model and external model.

Run through tools/conformance.sh, which prepares the Python environment and builds
kinglet first. Per model: draw random inputs (seeded; integer inputs uniform over
the dtype's full range, float inputs over the zoo entry's range or -1..1), run
TFLM (tools/tflm_reference.py, in a child process since TFLM aborts on some
models) and `kinglet run`, and compare every output's dtype, shape and bytes.

Streaming models (zoo entries marked `"sequence": true`, and external models whose
main subgraph reads resource variables) are run as sequences: each input gets a
leading steps axis (the entry's `steps`, else 8), TFLM is invoked once per step on
one interpreter (`tflm_reference.py --sequence`) and Kinglet likewise
(`kinglet run --sequence`), and the stacked outputs are compared.

A model TFLM cannot run is skipped. A model Kinglet refuses as unsupported is
skipped when it goes beyond what the zoo covers (custom ops, ops no zoo model
uses, int16 tensors: LSTM, SVDF, ...); any other refusal or error is a failure.
Prints one line per model and ends with `N passed, M failed, K skipped`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import tflm_reference  # noqa: E402

UNSUPPORTED = re.compile(r"unsupported|not supported|not implemented", re.IGNORECASE)


def model_list(zoo: Path, external: Path | None):
    """(label, path, float_range, kind) for every model to check."""
    out = []
    manifest = zoo / "manifest.json"
    if manifest.exists():
        for m in json.loads(manifest.read_text())["models"]:
            fr = m.get("random_input", {}).get("float32", [-1.0, 1.0])
            out.append((f"zoo/{m['name']}", zoo / m["file"], tuple(fr), "zoo", m))
    else:
        for p in sorted(zoo.glob("*.tflite")):
            out.append((f"zoo/{p.stem}", p, (-1.0, 1.0), "zoo", None))
    if external is not None:
        for p in sorted(external.glob("*.tflite")):
            out.append((f"shared/{p.stem}", p, (-1.0, 1.0), "external", None))
    return out


def model_seed(seed: int, label: str) -> int:
    return (seed * 1_000_003 + zlib.crc32(label.encode())) % (1 << 32)


def beyond_zoo(info: dict, zoo_ops: set[str]) -> str | None:
    """Why a model may fairly be refused: a feature no zoo model has."""
    custom = [o for o in info["opcodes"] if o.startswith("CUSTOM")]
    if custom:
        return "custom op " + ", ".join(custom[:2]) + (f" and {len(custom) - 2} more" if len(custom) > 2 else "")
    other = [o for o in info["opcodes"] if o not in zoo_ops]
    if other:
        return "op " + ", ".join(other)
    wide = [t for t in info["tensor_types"] if t in ("int16", "uint16", "int64", "uint8", "float16")]
    if wide:
        return ", ".join(wide) + " tensors"
    return None


DEFAULT_STEPS = 8


def sequence_steps(info: dict, rec: dict | None, override: int | None = None) -> int | None:
    """Steps to run a streaming model for, or None for a single invoke."""
    if rec is not None:
        streaming = bool(rec.get("sequence"))
        steps = int(rec.get("steps", DEFAULT_STEPS))
    else:
        streaming = "READ_VARIABLE" in info["ops"]
        steps = DEFAULT_STEPS
    if not streaming:
        return None
    return override if override is not None else steps


def compare(tflm_files, kinglet_files) -> str | None:
    for i, (a_f, b_f) in enumerate(zip(tflm_files, kinglet_files)):
        if not Path(b_f).exists():
            return f"output {i}: kinglet wrote no file"
        a = np.load(a_f)
        try:
            b = np.load(b_f)
        except Exception as e:
            return f"output {i}: unreadable .npy from kinglet ({e})"
        if a.dtype != b.dtype:
            return f"output {i}: dtype {b.dtype}, TFLM {a.dtype}"
        if a.shape != b.shape:
            return f"output {i}: shape {list(b.shape)}, TFLM {list(a.shape)}"
        if a.tobytes() != b.tobytes():
            diff = a != b
            n = int(np.count_nonzero(diff))
            first = int(np.flatnonzero(diff.ravel())[0])
            msg = f"output {i}: {n}/{a.size} elements differ; first at flat index {first}: " \
                  f"kinglet {b.ravel()[first]}, TFLM {a.ravel()[first]}"
            if a.dtype.kind in "iu":
                msg += f"; max |diff| {int(np.max(np.abs(a.astype(np.int64) - b.astype(np.int64))))}"
            return msg
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kinglet", required=True, help="path of the kinglet binary")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--zoo", default=str(REPO / "testdata" / "zoo"))
    ap.add_argument("--external", default=str(REPO.parent / "shared" / "models"))
    ap.add_argument("--filter", help="regex on model labels (zoo/NAME, shared/NAME)")
    ap.add_argument("--stored-inputs", action="store_true",
                    help="zoo models: use the stored inputs and check TFLM still gives the "
                         "stored outputs, instead of fresh random inputs")
    ap.add_argument("--keep", help="keep inputs and outputs in this folder")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--steps", type=int,
                    help="streaming models: run this many steps (default: the entry's, else 8)")
    args = ap.parse_args()

    zoo = Path(args.zoo)
    external = Path(args.external).resolve()
    kinglet_missing = None
    if not Path(args.kinglet).is_file():
        kinglet_missing = f"no kinglet binary at {args.kinglet} (did the build fail?)"
        print(kinglet_missing)
    if external.is_dir():
        print(f"external models: {external}")
        ext = external
    else:
        print(f"external models: {external} is absent; checking the zoo only")
        ext = None
    models = model_list(zoo, ext)
    if args.filter:
        models = [m for m in models if re.search(args.filter, m[0])]
    zoo_ops = set()
    for _, _, _, kind, rec in models:
        if kind == "zoo" and rec:
            zoo_ops.update(rec["opcodes"])

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kinglet-conformance-"))
    work.mkdir(parents=True, exist_ok=True)
    passed = failed = skipped = 0
    width = max((len(m[0]) for m in models), default=10) + 2

    def line(label, status, detail=""):
        print(f"{label:{width}} {status}{(' ' + detail) if detail else ''}", flush=True)

    for label, path, float_range, kind, rec in models:
        d = work / label.replace("/", "__")
        d.mkdir(parents=True, exist_ok=True)
        try:
            info = tflm_reference.describe_model(path)
        except Exception as e:
            failed += 1
            line(label, "FAIL", f"cannot read the model: {e}")
            continue

        steps = sequence_steps(info, rec, None if args.stored_inputs else args.steps)
        if args.stored_inputs and rec is not None:
            in_files = [zoo / f for f in rec["inputs"]]
        else:
            arrays = tflm_reference.random_inputs(info, model_seed(args.seed, label), float_range,
                                                  steps=steps)
            in_files = []
            for i, a in enumerate(arrays):
                f = d / f"input{i}.npy"
                np.save(f, a)
                in_files.append(f)
        tflm_out = [d / f"tflm{i}.npy" for i in range(len(info["outputs"]))]
        res = tflm_reference.run_subprocess(path, inputs=in_files, outputs=tflm_out,
                                            timeout=args.timeout, sequence=steps is not None)
        if not res.get("ok"):
            skipped += 1
            line(label, "skipped:", f"TFLM cannot run it ({res.get('error', '?')[:160]})")
            continue
        if args.stored_inputs and rec is not None:
            stale = compare([zoo / f for f in rec["outputs"]], tflm_out)
            if stale:
                failed += 1
                line(label, "FAIL", f"TFLM no longer gives the stored golden: {stale}")
                continue

        if kinglet_missing:
            failed += 1
            line(label, "FAIL", kinglet_missing)
            continue
        k_out = [d / f"kinglet{i}.npy" for i in range(len(info["outputs"]))]
        for f in k_out:
            f.unlink(missing_ok=True)
        cmd = [args.kinglet, "run", str(path)] + (["--sequence"] if steps is not None else [])
        for f in in_files:
            cmd += ["--input", str(f)]
        for f in k_out:
            cmd += ["--output", str(f)]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            failed += 1
            line(label, "FAIL", f"kinglet run timed out after {args.timeout:.0f} s")
            continue
        except OSError as e:
            failed += 1
            line(label, "FAIL", f"cannot start kinglet: {e}")
            continue
        if p.returncode != 0:
            err = [l.strip() for l in p.stderr.splitlines() if l.strip()]
            msg = err[-1] if err else f"exit {p.returncode}, no message"
            if p.returncode < 0:
                msg = f"kinglet crashed (signal {-p.returncode}): {msg}"
            why = beyond_zoo(info, zoo_ops)
            if p.returncode > 0 and UNSUPPORTED.search(msg) and why:
                skipped += 1
                line(label, "skipped:", f"kinglet refuses it ({why}): {msg[:160]}")
            else:
                failed += 1
                line(label, "FAIL", msg[:240] if msg.startswith("kinglet") else f"kinglet: {msg[:240]}")
            continue
        diff = compare(tflm_out, k_out)
        if diff:
            failed += 1
            line(label, "FAIL", diff)
        else:
            passed += 1
            seq = f", {steps} steps" if steps is not None else ""
            line(label, "pass", f"({len(info['ops'])} ops{seq}, TFLM arena {res['tflm_arena_bytes']} B)")

    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
