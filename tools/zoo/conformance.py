#!/usr/bin/env python3
"""Compare Kinglet with TFLM, byte for byte, on every zoo model and external model.

Run through tools/conformance.sh, which prepares the Python environment and builds
kinglet first. Per model: draw random inputs (seeded; integer inputs uniform over
the dtype's full range, float inputs over the zoo entry's range or -1..1), run
TFLM (tools/tflm_reference.py, in a child process since TFLM aborts on some
models) and `kinglet run`, and compare every output's dtype, shape and bytes.

Streaming models (zoo entries marked `"sequence": true`, and external models whose
main subgraph reads resource variables or has variable tensors, as SVDF's state) are run as sequences: each input gets a
leading steps axis (the entry's `steps`, else 8), TFLM is invoked once per step on
one interpreter (`tflm_reference.py --sequence`) and Kinglet likewise
(`kinglet run --sequence`), and the stacked outputs are compared.

A model TFLM cannot run is skipped. A model Kinglet refuses as unsupported is
skipped when it goes beyond what the zoo covers (custom ops, ops no zoo model
uses, int16 tensors: LSTM, SVDF, ...); any other refusal or error is a failure.
Prints one line per model and ends with `N passed, M failed, K skipped`.

TFLM's own models (--suite, default ../shared/tflm-suite, when present: every .tflite of
tensorflow/tflite-micro, labelled suite/<path>): each model runs twice, on its csv inputs
(`<name>_input<k>_<type>.csv` -> model input k) and on seeded random inputs, both times
byte for byte against pip TFLM; on the csv inputs Kinglet's output 0 must also be within 1
(absolute, per element, in the tensor's integer domain: TFLM's generated tests' rule) of
`<name>_golden_<type>.csv` (made with LiteRT's reference kernels). Model inputs that are
shape operands (TRANSPOSE_CONV's output_shape, RESHAPE's shape) keep their csv values in
the random run. Each suite model ends as passed, FAILED, refused (Kinglet: unsupported) or
pip-cannot-run; refused and pip-cannot-run count as skipped, except that with
--strict-suite a model pip runs but Kinglet refuses counts as failed. A summary table
follows (per group and status, and which unsupported operator/type combination blocks how
many models); --json PATH writes every model's result.
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
        # State in resource variables, or in variable tensors (SVDF's activation state).
        streaming = "READ_VARIABLE" in info["ops"] or info.get("variable_tensors", 0) > 0
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



# ---------------------------------------------------------------------------
# TFLM's own models (../shared/tflm-suite)
# ---------------------------------------------------------------------------

CSV_DTYPES = {"int8": np.int8, "uint8": np.uint8, "int16": np.int16, "uint16": np.uint16,
              "int32": np.int32, "uint32": np.uint32, "int64": np.int64,
              "float32": np.float32, "float": np.float32, "bool": np.bool_}
GOLDEN_TOLERANCE = 1  # TFLM's generated integration tests accept a difference of 1
# (op, operand index) pairs whose operand is a shape, not data: random values there are
# meaningless, so the random run keeps the csv value.
SHAPE_OPERANDS = {("TRANSPOSE_CONV", 0), ("RESHAPE", 1), ("BROADCAST_TO", 1), ("FILL", 0),
                  ("RESIZE_BILINEAR", 1), ("RESIZE_NEAREST_NEIGHBOR", 1)}
UNSUPPORTED_ITEM = re.compile(r'(CUSTOM "[^"]*"|[A-Z][A-Z0-9_]*) v(\d+)(?: with ([A-Za-z0-9/]+) tensors)?')


def suite_models(suite: Path):
    """(label, path) for every .tflite under the suite folder."""
    out = []
    for p in sorted(suite.rglob("*.tflite")):
        rel = p.relative_to(suite).with_suffix("").as_posix()
        rel = rel.removeprefix("tensorflow/lite/micro/").removeprefix("integration_tests/")
        out.append((f"suite/{rel}", p))
    return out


def read_csv(path: Path, dtype) -> np.ndarray:
    text = path.read_text().strip()
    items = [t.strip() for t in text.replace("\n", ",").split(",") if t.strip()]
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return np.array([t.lower() in ("1", "true") for t in items], dtype=dt)
    if dt.kind == "f":
        return np.array([float(t) for t in items], dtype=dt)
    wide = np.array([int(t) for t in items], dtype=np.int64)
    ii = np.iinfo(dt)
    if wide.size and (wide.min() < ii.min or wide.max() > ii.max):
        raise ValueError(f"{path.name}: values outside {dt}")
    return wide.astype(dt)


def suite_csvs(path: Path):
    """({k: (file, dtype name)}, (golden file, dtype name) or None) beside a suite model."""
    stem = re.escape(path.stem)
    inputs, golden = {}, None
    for f in path.parent.glob(f"{path.stem}_*.csv"):
        m = re.fullmatch(stem + r"_input(\d+)_([a-z0-9]+)\.csv", f.name)
        if m:
            inputs[int(m.group(1))] = (f, m.group(2))
            continue
        m = re.fullmatch(stem + r"_golden_([a-z0-9]+)\.csv", f.name)
        if m:
            golden = (f, m.group(1))
    return inputs, golden


def shape_inputs(info: dict) -> set[int]:
    """Positions of model inputs that some operator reads as a shape operand."""
    by_tensor = {t["index"]: k for k, t in enumerate(info["inputs"])}
    out = set()
    for op in info["op_details"]:
        for j, operand in enumerate(op["inputs"]):
            if operand is not None and (op["op"], j) in SHAPE_OPERANDS and operand["index"] in by_tensor:
                out.add(by_tensor[operand["index"]])
    return out


def diff_stats(want: np.ndarray, got: np.ndarray) -> dict:
    """first differing flat index, count, max |diff| (integers: exact, in int64)."""
    a, b = want.ravel(), got.ravel()
    if a.dtype.kind in "iub" and b.dtype.kind in "iub":
        d = np.abs(a.astype(np.int64) - b.astype(np.int64))
    else:
        d = np.abs(a.astype(np.float64) - b.astype(np.float64))
        d[np.isnan(d)] = np.inf
        same = (a == b) | (np.isnan(a.astype(np.float64)) & np.isnan(b.astype(np.float64)))
        d[same] = 0
    nz = np.flatnonzero(d)
    mx = d.max() if d.size else 0
    return {"n": int(a.size), "count": int(nz.size), "first": int(nz[0]) if nz.size else None,
            "max": int(mx) if d.dtype.kind == "i" else float(mx)}


def byte_diff(tflm_files, kinglet_files):
    """None when equal; else (message, stats of the first differing output)."""
    for i, (a_f, b_f) in enumerate(zip(tflm_files, kinglet_files)):
        if not Path(b_f).exists():
            return f"output {i}: kinglet wrote no file", None
        a = np.load(a_f)
        try:
            b = np.load(b_f)
        except Exception as e:
            return f"output {i}: unreadable .npy from kinglet ({e})", None
        if a.dtype != b.dtype:
            return f"output {i}: dtype {b.dtype}, TFLM {a.dtype}", None
        if a.shape != b.shape:
            return f"output {i}: shape {list(b.shape)}, TFLM {list(a.shape)}", None
        if a.tobytes() != b.tobytes():
            st = diff_stats(a, b)
            return (f"output {i}: {st['count']}/{st['n']} values differ, first at {st['first']}, "
                    f"max |diff| {st['max']}"), st
    return None


def run_kinglet(kinglet: str, model: Path, in_files, out_files, sequence: bool, timeout: float):
    """("ok" | "error" | "crash" | "timeout", one-line message)."""
    for f in out_files:
        Path(f).unlink(missing_ok=True)
    cmd = [kinglet, "run", str(model)] + (["--sequence"] if sequence else [])
    for f in in_files:
        cmd += ["--input", str(f)]
    for f in out_files:
        cmd += ["--output", str(f)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", f"kinglet run timed out after {timeout:.0f} s"
    except OSError as e:
        return "error", f"cannot start kinglet: {e}"
    if p.returncode == 0:
        return "ok", ""
    err = [l.strip() for l in p.stderr.splitlines() if l.strip()]
    msg = err[-1] if err else f"exit {p.returncode}, no message"
    msg = msg.replace(f"{model}: ", "")  # the path is in the label already
    if p.returncode < 0:
        return "crash", f"kinglet crashed (signal {-p.returncode}): {msg}"
    return "error", msg


def unsupported_items(msg: str) -> list[str]:
    """The operator/type combinations a Kinglet refusal names ("ADD v2 with INT16/INT16/INT16")."""
    m = re.search(r"unsupported operators?:\s*(.*)", msg)
    if not m:
        return []
    out = []
    for op, version, types in UNSUPPORTED_ITEM.findall(m.group(1)):
        item = f"{op} v{version}" + (f" with {types}" if types else "")
        if item not in out:
            out.append(item)
    return out


def check_suite_model(label: str, path: Path, args, d: Path, zoo_ops: set[str],
                      kinglet_missing: str | None) -> dict:
    """Run one of TFLM's own models on its csv inputs and on random inputs."""
    r = {"name": label, "group": "suite", "path": str(path), "status": "FAILED", "reason": "",
         "n_values": None, "mismatches": None, "max_diff": None, "first_index": None}
    try:
        info = tflm_reference.describe_model(path)
    except Exception as e:
        r["reason"] = f"cannot read the model: {e}"
        return r
    r["ops"] = info["opcodes"]
    steps = sequence_steps(info, None, args.steps)
    n_out = len(info["outputs"])

    # csv inputs and golden
    csv_in, golden = suite_csvs(path)
    runs = []  # (name, input files)
    csv_arrays = {}
    try:
        for k, (f, tname) in sorted(csv_in.items()):
            if k >= len(info["inputs"]):
                raise ValueError(f"{f.name}: the model has {len(info['inputs'])} inputs")
            t = info["inputs"][k]
            if CSV_DTYPES.get(tname) is None or np.dtype(CSV_DTYPES[tname]) != np.dtype(tflm_reference.numpy_dtype(t)):
                raise ValueError(f"{f.name}: csv type {tname}, model input {k} is {t['dtype']}")
            a = read_csv(f, CSV_DTYPES[tname])
            want = int(np.prod([max(x, 1) for x in t["shape"]]))
            if a.size != want:
                raise ValueError(f"{f.name}: {a.size} values, model input {k} {t['shape']} holds {want}")
            a = a.reshape([max(x, 1) for x in t["shape"]])
            csv_arrays[k] = a[None] if steps is not None else a
    except Exception as e:
        r["reason"] = f"csv inputs: {e}"
        return r
    if csv_in:
        missing = [k for k in range(len(info["inputs"])) if k not in csv_arrays]
        if missing:
            r["reason"] = f"csv inputs: none for model input(s) {missing}"
            return r
        files = []
        for k in range(len(info["inputs"])):
            f = d / f"csv_input{k}.npy"
            np.save(f, csv_arrays[k])
            files.append(f)
        runs.append(("csv", files))
    arrays = tflm_reference.random_inputs(info, model_seed(args.seed, label), (-1.0, 1.0), steps=steps)
    fixed = shape_inputs(info)
    files = []
    for k, a in enumerate(arrays):
        if k in fixed and k in csv_arrays:
            a = np.broadcast_to(csv_arrays[k][0], a.shape).copy() if steps is not None else csv_arrays[k]
        f = d / f"random_input{k}.npy"
        np.save(f, a)
        files.append(f)
    runs.append(("random", files))
    r["runs"] = [name for name, _ in runs]

    # pip TFLM
    tflm_outs = {}
    for name, files in runs:
        outs = [d / f"{name}_tflm{i}.npy" for i in range(n_out)]
        res = tflm_reference.run_subprocess(path, inputs=files, outputs=outs, timeout=args.timeout,
                                            sequence=steps is not None)
        if not res.get("ok"):
            r["status"] = "pip-cannot-run"
            r["pip_error"] = " ".join(res.get("error", "?").split())
            r["reason"] = f"pip TFLM cannot run it ({name} inputs): {r['pip_error'][:160]}"
            break
        tflm_outs[name] = outs

    if kinglet_missing:
        if r["status"] != "pip-cannot-run":
            r["reason"] = kinglet_missing
        return r

    # kinglet
    k_outs = {}
    for name, files in runs:
        outs = [d / f"{name}_kinglet{i}.npy" for i in range(n_out)]
        kind, msg = run_kinglet(args.kinglet, path, files, outs, steps is not None, args.timeout)
        if kind != "ok":
            r["kinglet_message"] = msg
            if kind == "error" and UNSUPPORTED.search(msg):
                r["unsupported"] = unsupported_items(msg)
                customs = [o.split(":", 1)[1] for o in info["opcodes"] if o.startswith("CUSTOM:")]
                unnamed = [c for c in customs if c not in msg]
                note = f" [refusal does not name custom op {', '.join(unnamed)}]" if unnamed else ""
                if r["status"] == "pip-cannot-run":
                    r["reason"] += f"; kinglet refuses it too: {msg}{note}"
                    return r
                why = beyond_zoo(info, zoo_ops)
                if why is None:
                    r["reason"] = f"kinglet refuses a model with only zoo-covered ops and types: {msg}"
                elif args.strict_suite:
                    r["reason"] = f"kinglet refuses it (--strict-suite): {msg}{note}"
                else:
                    r["status"] = "refused"
                    r["reason"] = f"{msg}{note}"
                return r
            if r["status"] == "pip-cannot-run" and kind == "error":
                r["reason"] += f"; kinglet: {msg}"
                return r
            r["status"] = "FAILED"
            r["reason"] = msg if msg.startswith("kinglet") else f"kinglet: {msg}"
            return r
        k_outs[name] = outs
        if r["status"] == "pip-cannot-run":
            r["reason"] += "; kinglet runs it"
            return r

    # compare
    problems = []
    for name, _ in runs:
        bd = byte_diff(tflm_outs[name], k_outs[name])
        if bd:
            msg, st = bd
            problems.append(f"{name} inputs vs pip: {msg}")
            if st and r["mismatches"] is None:
                r.update(mismatches=st["count"], max_diff=st["max"], first_index=st["first"],
                         n_values=st["n"])
            r.setdefault("vs_pip", {})[name] = st or {"error": msg}
    r["n_values"] = r["n_values"] or int(sum(np.load(f).size for f in k_outs[runs[0][0]]))
    if golden is not None and "csv" in k_outs:
        gf, gtype = golden
        out0 = np.load(k_outs["csv"][0])
        try:
            if CSV_DTYPES.get(gtype) is None or np.dtype(CSV_DTYPES[gtype]) != out0.dtype:
                raise ValueError(f"{gf.name}: golden type {gtype}, output 0 is {out0.dtype}")
            g = read_csv(gf, CSV_DTYPES[gtype])
            if g.size != out0.size:
                raise ValueError(f"{gf.name}: {g.size} values, output 0 has {out0.size}")
        except Exception as e:
            problems.append(f"golden: {e}")
        else:
            st = diff_stats(g, out0)
            tflm_st = diff_stats(g, np.load(tflm_outs["csv"][0]))
            r["vs_golden"] = {"max": st["max"], "count": st["count"], "pip_max": tflm_st["max"]}
            bad = np.abs(g.astype(np.int64 if g.dtype.kind in "iub" else np.float64)
                         - out0.ravel().astype(np.int64 if out0.dtype.kind in "iub" else np.float64)) \
                > GOLDEN_TOLERANCE
            if bad.any():
                idx = np.flatnonzero(bad)
                problems.append(f"golden: {idx.size}/{g.size} values beyond ±{GOLDEN_TOLERANCE}, first at "
                                f"{int(idx[0])}, max |diff| {st['max']} (pip's max |diff| {tflm_st['max']})")
                if r["mismatches"] is None:
                    r.update(mismatches=int(idx.size), max_diff=st["max"], first_index=int(idx[0]),
                             n_values=int(g.size))
    if problems:
        r["status"] = "FAILED"
        r["reason"] = "; ".join(problems)
        if "vs_golden" in r and not any(p.startswith("golden") for p in problems):
            r["reason"] += (f" (within ±{GOLDEN_TOLERANCE} of the golden: max |diff| "
                            f"{r['vs_golden']['max']}, pip's {r['vs_golden']['pip_max']})")
        return r
    r["status"] = "passed"
    r["mismatches"] = 0
    parts = [f"{len(info['ops'])} ops", "+".join(r["runs"]) + " inputs"]
    if steps is not None:
        parts.append(f"{steps} steps")
    if "vs_golden" in r:
        parts.append(f"golden max |diff| {r['vs_golden']['max']}")
    r["reason"] = ", ".join(parts)
    return r


def summary(results: list[dict]) -> None:
    """Per-group status counts, then what blocks the refused models, then the failures."""
    statuses = ["passed", "FAILED", "refused", "pip-cannot-run"]
    groups = sorted({r["group"] for r in results}, key=["zoo", "shared", "suite"].index)
    print()
    print("== summary")
    print(f"{'group':8} " + " ".join(f"{s:>14}" for s in statuses) + f" {'total':>7}")
    for g in groups:
        rs = [r for r in results if r["group"] == g]
        print(f"{g:8} " + " ".join(f"{sum(r['status'] == s for r in rs):>14}" for s in statuses)
              + f" {len(rs):>7}")
    blocking = {}
    for r in results:
        if r["group"] == "suite" and r["status"] != "pip-cannot-run" and r.get("unsupported") is not None:
            for item in r["unsupported"] or ["(unparsed) " + r.get("kinglet_message", "")[:80]]:
                blocking.setdefault(item, []).append(r["name"])
    if blocking:
        print("suite models kinglet refuses, by unsupported operator/types (count, models):")
        for item, names in sorted(blocking.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            shown = ", ".join(n.split("/")[-1] for n in names[:4]) + (", ..." if len(names) > 4 else "")
            print(f"  {len(names):4}  {item}  ({shown})")
    failed = [r for r in results if r["status"] == "FAILED"]
    if failed:
        print("failed:")
        for r in failed:
            print(f"  {r['name']}: {r['reason'][:300]}")


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
    ap.add_argument("--suite", default=str(REPO.parent / "shared" / "tflm-suite"),
                    help="TFLM's own models (every .tflite of tflite-micro, csv inputs and goldens)")
    ap.add_argument("--no-suite", action="store_true", help="leave the suite out")
    ap.add_argument("--strict-suite", action="store_true",
                    help="a suite model pip TFLM runs but Kinglet refuses counts as failed")
    ap.add_argument("--json", dest="json_path", metavar="PATH",
                    help="write every model's result (name, status, reason, ...) as JSON here")
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
    suite = Path(args.suite).resolve()
    suite_list = []
    if args.no_suite:
        print("tflm-suite: left out (--no-suite)")
    elif suite.is_dir():
        suite_list = suite_models(suite)
        print(f"tflm-suite: {suite} ({len(suite_list)} models"
              f"{', strict: a refusal of a model pip runs fails' if args.strict_suite else ''})")
    else:
        print(f"tflm-suite: {suite} is absent; TFLM's own models are not checked")
    if args.filter:
        models = [m for m in models if re.search(args.filter, m[0])]
        suite_list = [m for m in suite_list if re.search(args.filter, m[0])]
    zoo_ops = set()
    for _, _, _, kind, rec in models:
        if kind == "zoo" and rec:
            zoo_ops.update(rec["opcodes"])

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kinglet-conformance-"))
    work.mkdir(parents=True, exist_ok=True)
    passed = failed = skipped = 0
    results = []
    width = max((len(m[0]) for m in models + suite_list), default=10) + 2
    statuses = {"pass": "passed", "FAIL": "FAILED"}

    def line(label, status, detail="", **extra):
        print(f"{label:{width}} {status}{(' ' + detail) if detail else ''}", flush=True)
        st = statuses.get(status) or ("pip-cannot-run" if "TFLM cannot run" in detail else "refused")
        results.append({"name": label, "group": label.split("/", 1)[0], "status": st,
                        "reason": detail, **extra})

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
            line(label, "pass", f"({len(info['ops'])} ops{seq}, TFLM arena {res['tflm_arena_bytes']} B)",
                 mismatches=0)

    refused = pip_cannot = 0
    for label, path in suite_list:
        d = work / label.replace("/", "__")
        d.mkdir(parents=True, exist_ok=True)
        r = check_suite_model(label, path, args, d, zoo_ops, kinglet_missing)
        results.append(r)
        shown = {"passed": "pass", "FAILED": "FAIL", "refused": "refused:",
                 "pip-cannot-run": "skipped:"}[r["status"]]
        print(f"{label:{width}} {shown} {r['reason'][:300]}", flush=True)
        if r["status"] == "passed":
            passed += 1
        elif r["status"] == "FAILED":
            failed += 1
        else:
            skipped += 1
            refused += r["status"] == "refused"
            pip_cannot += r["status"] == "pip-cannot-run"

    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    summary(results)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(
            {"seed": args.seed, "strict_suite": args.strict_suite, "suite": str(suite) if suite_list else None,
             "counts": {s: sum(r["status"] == s for r in results)
                        for s in ("passed", "FAILED", "refused", "pip-cannot-run")},
             "models": results}, indent=1) + "\n")
        print(f"per-model results: {args.json_path}")
    skipped_all = sum(r["status"] in ("refused", "pip-cannot-run") for r in results)
    print(f"{passed} passed, {failed} failed, {skipped} skipped"
          + (f" (suite: {refused} refused by kinglet, {pip_cannot} pip TFLM cannot run)" if suite_list else ""))
    assert skipped == skipped_all
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
