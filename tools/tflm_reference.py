#!/usr/bin/env python3
"""Run a .tflite model on TensorFlow Lite Micro (pip package `tflite-micro`).

TFLM is the reference Kinglet must match bit for bit. This tool is the only
place the project runs it: tools/zoo/build_zoo.py writes the zoo's goldens
through it and tools/conformance.sh compares Kinglet against it.

    tflm_reference.py MODEL --input a.npy [--input b.npy] --output-dir D
    tflm_reference.py MODEL --seed 7 --output-dir D     # seeded random inputs
    tflm_reference.py MODEL --info                        # ops and tensors only
    tflm_reference.py MODEL --sequence --input seq.npy --output-dir D   # streaming

Inputs are given in subgraph-input order, in the input tensors' dtype and
shape. With --seed, inputs are drawn at random (int8/int16/...: uniform over
the dtype's full range; float32: uniform over --float-range, default -1..1)
and saved as D/input<i>.npy. Outputs are written as D/output<i>.npy in the
output tensors' dtype (or to the --output paths, in order). The arena total
that TFLM's RecordingMicroAllocator reports is printed; --json prints one
JSON object with everything instead.

--sequence is for streaming models that keep state in resource variables
(VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE): every input holds a sequence,
[steps, *input_shape]; one interpreter is invoked once per step on slice k of
every input, state carried from step to step, and every output is written with
the same leading steps axis, [steps, *output_shape]. With --seed, --steps N
(default 8) sets how many steps are drawn.

TFLM aborts the process on some invalid models (failed CHECKs): callers that
must survive that run this file as a subprocess (see `run_subprocess`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

DEFAULT_ARENA_SIZE = 16 * 1024 * 1024


# ---------------------------------------------------------------------------
# Model description (read with the flatbuffer schema that tflite-micro ships)
# ---------------------------------------------------------------------------

def _schema():
    from tflite_micro.tensorflow.lite.micro.python import (
        schema_py_generated as schema_fb,
    )
    return schema_fb


def _enum_names(cls) -> dict[int, str]:
    return {v: k for k, v in vars(cls).items() if not k.startswith("_") and isinstance(v, int)}


_NUMPY_OF_TYPE = {
    "FLOAT32": np.float32, "FLOAT16": np.float16, "FLOAT64": np.float64,
    "INT8": np.int8, "UINT8": np.uint8, "INT16": np.int16, "UINT16": np.uint16,
    "INT32": np.int32, "UINT32": np.uint32, "INT64": np.int64, "BOOL": np.bool_,
}


def describe_model(path: str | os.PathLike) -> dict:
    """Ops (builtin names, `CUSTOM:<code>` for custom ops) and I/O tensors of subgraph 0."""
    schema = _schema()
    data = Path(path).read_bytes()
    model = schema.Model.GetRootAsModel(data, 0)
    op_names = _enum_names(schema.BuiltinOperator)
    type_names = _enum_names(schema.TensorType)

    codes = []
    for i in range(model.OperatorCodesLength()):
        oc = model.OperatorCodes(i)
        code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
        name = op_names.get(code, f"BUILTIN_{code}")
        if name == "CUSTOM":
            custom = oc.CustomCode()
            name = "CUSTOM:" + (custom.decode() if custom else "?")
        codes.append(name)

    sg = model.Subgraphs(0)

    def tensor(idx: int) -> dict:
        t = sg.Tensors(idx)
        q = t.Quantization()
        scales = [float(x) for x in q.ScaleAsNumpy()] if q is not None and q.ScaleLength() else []
        zps = [int(x) for x in q.ZeroPointAsNumpy()] if q is not None and q.ZeroPointLength() else []
        return {
            "index": idx,
            "name": t.Name().decode() if t.Name() else "",
            "dtype": type_names.get(t.Type(), str(t.Type())).lower(),
            "shape": [int(d) for d in t.ShapeAsNumpy()] if t.ShapeLength() else [],
            "scale": scales[0] if len(scales) == 1 else scales,
            "zero_point": zps[0] if len(zps) == 1 else zps,
        }

    option_names = _enum_names(schema.BuiltinOptions)
    activation_names = _enum_names(schema.ActivationFunctionType)
    padding_names = _enum_names(schema.Padding)

    def options(op) -> dict:
        name = option_names.get(op.BuiltinOptionsType(), "NONE")
        table = op.BuiltinOptions()
        cls = getattr(schema, name, None)
        if table is None or cls is None:
            return {}
        obj = cls()
        obj.Init(table.Bytes, table.Pos)
        out = {}
        for attr in dir(cls):
            if attr.endswith("AsNumpy"):  # vector options, e.g. SqueezeOptions.squeeze_dims
                v = getattr(obj, attr)()
                if isinstance(v, np.ndarray):
                    out[attr[: -len("AsNumpy")]] = v.tolist()
                continue
            if (not attr[:1].isupper() or attr == "Init" or attr.startswith("GetRootAs")
                    or attr.endswith(("Length", "IsNone", "BufferHasIdentifier"))):
                continue
            try:
                v = getattr(obj, attr)()
            except TypeError:
                continue
            if isinstance(v, (bool, int, float)):
                if attr == "FusedActivationFunction":
                    v = activation_names.get(v, v)
                elif attr == "Padding":
                    v = padding_names.get(v, v)
                out[attr] = v
        return out

    def operand(idx: int) -> dict | None:
        if idx < 0:
            return None
        t = sg.Tensors(idx)
        q = t.Quantization()
        return {
            "index": idx,
            "dtype": type_names.get(t.Type(), str(t.Type())).lower(),
            "shape": [int(d) for d in t.ShapeAsNumpy()] if t.ShapeLength() else [],
            "scales": q.ScaleLength() if q is not None else 0,
            "constant": bool(t.Buffer() and model.Buffers(t.Buffer()).DataLength()),
        }

    ops, op_details = [], []
    for i in range(sg.OperatorsLength()):
        op = sg.Operators(i)
        ops.append(codes[op.OpcodeIndex()])
        op_details.append({
            "op": codes[op.OpcodeIndex()],
            "version": model.OperatorCodes(op.OpcodeIndex()).Version(),
            "options": options(op),
            "inputs": [operand(int(t)) for t in op.InputsAsNumpy()] if op.InputsLength() else [],
            "outputs": [operand(int(t)) for t in op.OutputsAsNumpy()] if op.OutputsLength() else [],
        })
    tensor_types = set()
    subgraph_ops = []  # ops of every subgraph (1+: e.g. CALL_ONCE's init subgraph)
    for s in range(model.SubgraphsLength()):
        sub = model.Subgraphs(s)
        for i in range(sub.TensorsLength()):
            tensor_types.add(type_names.get(sub.Tensors(i).Type(), "?").lower())
        subgraph_ops.append([codes[sub.Operators(i).OpcodeIndex()]
                             for i in range(sub.OperatorsLength())])
    return {
        "ops": ops,
        "opcodes": sorted(set(ops)),
        "op_details": op_details,
        "subgraphs": model.SubgraphsLength(),
        "subgraph_ops": subgraph_ops,
        "inputs": [tensor(int(i)) for i in sg.InputsAsNumpy()] if sg.InputsLength() else [],
        "outputs": [tensor(int(i)) for i in sg.OutputsAsNumpy()] if sg.OutputsLength() else [],
        "tensor_types": sorted(tensor_types),
        # Variable tensors of subgraph 0 (SVDF's activation state): state kept across invokes.
        "variable_tensors": sum(1 for i in range(sg.TensorsLength()) if sg.Tensors(i).IsVariable()),
        "size_bytes": len(data),
    }


def numpy_dtype(tensor: dict):
    return _NUMPY_OF_TYPE[tensor["dtype"].upper()]


def random_inputs(info: dict, seed: int, float_range=(-1.0, 1.0),
                  steps: int | None = None) -> list[np.ndarray]:
    """Seeded inputs: full dtype range for integers, uniform float_range for floats.
    With steps, each input is a sequence: shape [steps, *input_shape]."""
    rng = np.random.default_rng(seed)
    arrays = []
    for t in info["inputs"]:
        dt = np.dtype(numpy_dtype(t))
        shape = tuple(max(d, 1) for d in t["shape"])
        if steps is not None:
            shape = (steps, *shape)
        if dt.kind == "f":
            lo, hi = float_range
            a = rng.uniform(lo, hi, size=shape).astype(dt)
        elif dt.kind == "b":
            a = rng.integers(0, 2, size=shape).astype(dt)
        else:
            ii = np.iinfo(dt)
            a = rng.integers(int(ii.min), int(ii.max), size=shape, endpoint=True, dtype=dt)
        arrays.append(a)
    return arrays


# ---------------------------------------------------------------------------
# Running TFLM
# ---------------------------------------------------------------------------

_TOTAL_RE = re.compile(r"Arena allocation total (\d+) bytes")


def _capture_fd2(fn):
    """Run fn() with the C-level stderr redirected to a temp file; return its text."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            fn()
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        return tmp.read().decode(errors="replace")


def run_tflm(model_path: str | os.PathLike, inputs: list[np.ndarray],
             arena_size: int = DEFAULT_ARENA_SIZE) -> tuple[list[np.ndarray], int | None, str]:
    """Invoke TFLM once. Returns (outputs, arena total bytes, allocation report text)."""
    from tflite_micro.python.tflite_micro import runtime

    info = describe_model(model_path)
    if len(inputs) != len(info["inputs"]):
        raise ValueError(f"model has {len(info['inputs'])} inputs, {len(inputs)} given")
    for i, (a, t) in enumerate(zip(inputs, info["inputs"])):
        want = np.dtype(numpy_dtype(t))
        if a.dtype != want:
            raise ValueError(f"input {i}: dtype {a.dtype}, tensor wants {want}")
        if a.size != int(np.prod([max(d, 1) for d in t["shape"]])):
            raise ValueError(f"input {i}: {a.size} elements, tensor shape {t['shape']}")

    interp = runtime.Interpreter.from_file(str(model_path), arena_size=arena_size)
    for i, a in enumerate(inputs):
        shape = tuple(int(d) for d in interp.get_input_details(i)["shape"])
        interp.set_input(np.ascontiguousarray(a).reshape(shape), i)
    interp.invoke()
    outputs = [np.array(interp.get_output(i), copy=True) for i in range(len(info["outputs"]))]
    report = _capture_fd2(interp.print_allocations)
    m = _TOTAL_RE.search(report)
    return outputs, (int(m.group(1)) if m else None), report


def run_tflm_batch(model_path: str | os.PathLike, batches: list[np.ndarray],
                   arena_size: int = DEFAULT_ARENA_SIZE) -> list[np.ndarray]:
    """Invoke one TFLM interpreter once per sample: batches[i] holds input i for all
    samples along axis 0. Returns each output stacked along a new axis 0."""
    from tflite_micro.python.tflite_micro import runtime

    info = describe_model(model_path)
    if len(batches) != len(info["inputs"]):
        raise ValueError(f"model has {len(info['inputs'])} inputs, {len(batches)} given")
    n = len(batches[0])
    interp = runtime.Interpreter.from_file(str(model_path), arena_size=arena_size)
    shapes = [tuple(int(d) for d in interp.get_input_details(i)["shape"]) for i in range(len(batches))]
    results = [[] for _ in info["outputs"]]
    for k in range(n):
        for i, b in enumerate(batches):
            interp.set_input(np.ascontiguousarray(b[k]).reshape(shapes[i]), i)
        interp.invoke()
        for j in range(len(results)):
            results[j].append(np.array(interp.get_output(j), copy=True))
    return [np.stack(r) for r in results]


def run_tflm_sequence(model_path: str | os.PathLike, sequences: list[np.ndarray],
                      arena_size: int = DEFAULT_ARENA_SIZE
                      ) -> tuple[list[np.ndarray], int | None, str]:
    """Streaming models: sequences[i] is input i for every step, [steps, *input_shape].
    One interpreter is invoked once per step (resource variables carry the state from
    step to step); returns (each output stacked along a new axis 0, arena total bytes,
    allocation report text)."""
    from tflite_micro.python.tflite_micro import runtime

    info = describe_model(model_path)
    if len(sequences) != len(info["inputs"]):
        raise ValueError(f"model has {len(info['inputs'])} inputs, {len(sequences)} given")
    if not sequences:
        raise ValueError("--sequence needs inputs")
    steps = len(sequences[0])
    for i, (a, t) in enumerate(zip(sequences, info["inputs"])):
        want = np.dtype(numpy_dtype(t))
        if a.dtype != want:
            raise ValueError(f"input {i}: dtype {a.dtype}, tensor wants {want}")
        if a.ndim == 0 or len(a) != steps or steps == 0:
            raise ValueError(f"input {i}: shape {list(a.shape)}, every input needs the same "
                             f"leading (nonzero) number of steps")
        if a[0].size != int(np.prod([max(d, 1) for d in t["shape"]])):
            raise ValueError(f"input {i}: {a[0].size} elements per step, tensor shape {t['shape']}")

    interp = runtime.Interpreter.from_file(str(model_path), arena_size=arena_size)
    shapes = [tuple(int(d) for d in interp.get_input_details(i)["shape"])
              for i in range(len(sequences))]
    results = [[] for _ in info["outputs"]]
    for k in range(steps):
        for i, a in enumerate(sequences):
            interp.set_input(np.ascontiguousarray(a[k]).reshape(shapes[i]), i)
        interp.invoke()
        for j in range(len(results)):
            results[j].append(np.array(interp.get_output(j), copy=True))
    report = _capture_fd2(interp.print_allocations)
    m = _TOTAL_RE.search(report)
    return [np.stack(r) for r in results], (int(m.group(1)) if m else None), report


def run_subprocess(model_path, inputs: list[str] | None = None, seed: int | None = None,
                   output_dir: str | None = None, outputs: list[str] | None = None,
                   float_range=None, batch: bool = False, timeout: float = 600,
                   sequence: bool = False, steps: int | None = None) -> dict:
    """Run this file in a child process (TFLM may abort). Returns the --json result,
    or {"ok": False, "error": ...} when TFLM failed or crashed."""
    cmd = [sys.executable, os.path.abspath(__file__), str(model_path), "--json"]
    for f in inputs or []:
        cmd += ["--input", str(f)]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    if output_dir is not None:
        cmd += ["--output-dir", str(output_dir)]
    for f in outputs or []:
        cmd += ["--output", str(f)]
    if batch:
        cmd.append("--batch")
    if sequence:
        cmd.append("--sequence")
    if steps is not None:
        cmd += ["--steps", str(steps)]
    if float_range is not None:
        cmd += ["--float-range", str(float_range[0]), str(float_range[1])]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode == 0 and lines:
        return json.loads(lines[-1])
    err = [l.strip() for l in p.stderr.splitlines()
           if l.strip() and not l.startswith("error: TFLM failed")]
    if lines:
        res = json.loads(lines[-1])
        if err:  # TFLM's own log lines say why (e.g. "Failed to get registration ...")
            res["error"] = f"{res.get('error', '')}: " + " | ".join(err[-3:])
        return res
    reason = f"exit {p.returncode}" if p.returncode >= 0 else f"killed by signal {-p.returncode}"
    return {"ok": False, "error": f"{reason}: " + " | ".join(err[-3:])}


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--input", action="append", default=[], help=".npy, subgraph-input order")
    ap.add_argument("--seed", type=int, help="draw random inputs with this seed")
    ap.add_argument("--float-range", type=float, nargs=2, default=(-1.0, 1.0),
                    metavar=("LO", "HI"), help="range of random float inputs")
    ap.add_argument("--output-dir", help="write output<i>.npy (and input<i>.npy with --seed) here")
    ap.add_argument("--output", action="append", default=[], help="explicit output .npy paths")
    ap.add_argument("--arena-size", type=int, default=DEFAULT_ARENA_SIZE)
    ap.add_argument("--batch", action="store_true",
                    help="inputs hold many samples along axis 0; run each, stack the outputs")
    ap.add_argument("--sequence", action="store_true",
                    help="streaming models: inputs hold [steps, ...]; invoke once per step on "
                         "one interpreter (state carried), outputs stacked along axis 0")
    ap.add_argument("--steps", type=int, default=8,
                    help="with --sequence and --seed: how many steps to draw (default 8)")
    ap.add_argument("--info", action="store_true", help="describe the model and exit")
    ap.add_argument("--print-allocations", action="store_true",
                    help="print TFLM's full RecordingMicroAllocator report")
    ap.add_argument("--json", action="store_true", help="print one JSON result line")
    args = ap.parse_args(argv)

    info = describe_model(args.model)
    if args.info:
        print(json.dumps(info, indent=2))
        return 0

    out_dir = Path(args.output_dir) if args.output_dir else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)

    input_files = list(args.input)
    if args.seed is not None:
        if input_files:
            ap.error("give either --input or --seed")
        arrays = random_inputs(info, args.seed, tuple(args.float_range),
                               steps=args.steps if args.sequence else None)
        if out_dir:
            for i, a in enumerate(arrays):
                f = out_dir / f"input{i}.npy"
                np.save(f, a)
                input_files.append(str(f))
    else:
        arrays = [np.load(f) for f in input_files]

    if args.batch and args.sequence:
        ap.error("give either --batch or --sequence")
    result = {"model": str(args.model), "ops": info["ops"], "inputs": input_files}
    try:
        if args.sequence:
            outputs, total, report = run_tflm_sequence(args.model, arrays, args.arena_size)
        elif args.batch:
            outputs, total, report = run_tflm_batch(args.model, arrays, args.arena_size), None, ""
        else:
            outputs, total, report = run_tflm(args.model, arrays, args.arena_size)
    except Exception as e:  # TFLM reports prepare/invoke failures as RuntimeError
        msg = " ".join(str(e).split())
        if args.json:
            print(json.dumps({**result, "ok": False, "error": msg}))
        print(f"error: TFLM failed: {msg}", file=sys.stderr)
        return 1

    if args.output and len(args.output) != len(outputs):
        ap.error(f"model has {len(outputs)} outputs, {len(args.output)} --output given")
    paths = [Path(p) for p in args.output] or (
        [out_dir / f"output{i}.npy" for i in range(len(outputs))] if out_dir else [])
    for p, a in zip(paths, outputs):
        np.save(p, a)

    result.update({
        "ok": True,
        "outputs": [str(p) for p in paths],
        "output_dtypes": [str(a.dtype) for a in outputs],
        "output_shapes": [list(a.shape) for a in outputs],
        "tflm_arena_bytes": total,
    })
    if args.sequence:
        result["steps"] = int(len(arrays[0]))
    if args.json:
        print(json.dumps(result))
    else:
        if args.print_allocations:
            sys.stdout.write(report)
        for i, a in enumerate(outputs):
            where = f" -> {paths[i]}" if paths else ""
            print(f"output {i}: {a.dtype} {list(a.shape)}{where}")
        if total is not None:
            print(f"TFLM arena total: {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
