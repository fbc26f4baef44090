#!/usr/bin/env python3
"""Check `kinglet eval` on many samples, and time it on 1 and more threads.

    tools/eval_check.py --kinglet .build-bench/release/kinglet \\
        [--model testdata/zoo/mnist_cnn.tflite] [--samples 10000] [--seed 20261201] \\
        [--threads 1,2] [--run-samples 100] [--no-tflm] [--repeat 3]

1. Draws --samples seeded samples for every model input (numpy default_rng(seed):
   integers uniform over the dtype's range, floats uniform in [-1, 1)) and stacks them
   in one .npy per input (a temporary directory; nothing is written to the repository).
2. Runs `kinglet eval MODEL --inputs ... --threads T --output ... --json` for every T
   of --threads, --repeat times each, and reports the best samples/s of each T and its
   ratio to the first T's (the speedup). Every run's outputs must be byte-identical.
   It also prints the CPU µs per sample and how many cores the run got on average (CPU
   seconds over wall seconds): on a machine other work keeps busy the speedup is capped
   by the cores the scheduler gives (Linux autogroups share one session's threads).
3. Compares every sample's outputs with pip TFLM's (`tflm_reference.run_tflm_batch`: one
   interpreter, invoked once per sample, reset between samples) byte for byte, unless
   --no-tflm.
4. Runs `kinglet run MODEL --input <sample i> --output ...` as its own process on
   --run-samples samples spread over the set (0 skips, `all` runs every one) and
   compares each with eval's slice, byte for byte.

Exit status 0 when everything matched, 1 otherwise. Needs numpy (and tflite-micro for
3), e.g. /work/main/.venv/bin/python or the venv tools/bench.sh makes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import tflm_reference  # noqa: E402


def samples(info: dict, count: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    arrays = []
    for t in info["inputs"]:
        dt = np.dtype(tflm_reference.numpy_dtype(t))
        shape = (count, *[max(d, 1) for d in t["shape"]])
        if dt.kind == "f":
            arrays.append(rng.uniform(-1.0, 1.0, size=shape).astype(dt))
        elif dt.kind == "b":
            arrays.append(rng.integers(0, 2, size=shape).astype(dt))
        else:
            ii = np.iinfo(dt)
            arrays.append(rng.integers(int(ii.min), int(ii.max), size=shape, endpoint=True, dtype=dt))
    return arrays


def tflm_outputs(model: Path, inputs: list[np.ndarray], info: dict) -> list[np.ndarray]:
    """Each sample on pip TFLM, reset between samples (fresh variables, as a new run)."""
    from tflite_micro.python.tflite_micro import runtime

    interp = runtime.Interpreter.from_file(str(model), arena_size=tflm_reference.DEFAULT_ARENA_SIZE)
    shapes = [tuple(int(d) for d in interp.get_input_details(i)["shape"]) for i in range(len(inputs))]
    results: list[list[np.ndarray]] = [[] for _ in info["outputs"]]
    for k in range(len(inputs[0])):
        if hasattr(interp, "reset"):
            interp.reset()
        for i, batch in enumerate(inputs):
            interp.set_input(np.ascontiguousarray(batch[k]).reshape(shapes[i]), i)
        interp.invoke()
        for j in range(len(results)):
            results[j].append(np.array(interp.get_output(j), copy=True))
    return [np.stack(r) for r in results]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinglet", required=True)
    parser.add_argument("--model", default=str(REPO / "testdata/zoo/mnist_cnn.tflite"))
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (first = baseline)")
    parser.add_argument("--repeat", type=int, default=3, help="eval runs per thread count (best kept)")
    parser.add_argument("--run-samples", default="100", help="samples checked with `kinglet run` (0, N or all)")
    parser.add_argument("--no-tflm", action="store_true")
    args = parser.parse_args(argv)

    model = Path(args.model)
    info = tflm_reference.describe_model(model)
    inputs = samples(info, args.samples, args.seed)
    threads = [int(t) for t in args.threads.split(",")]
    ok = True
    with tempfile.TemporaryDirectory(prefix="kinglet-eval-check-") as tmp:
        tmp = Path(tmp)
        paths = []
        for i, a in enumerate(inputs):
            paths.append(tmp / f"x{i}.npy")
            np.save(paths[-1], a)
        input_args = [arg for p in paths for arg in ("--inputs", str(p))]
        n_out = len(info["outputs"])
        reference: list[np.ndarray] | None = None
        best: dict[int, float] = {}
        cores: dict[int, float] = {}
        cpu_us: dict[int, float] = {}
        for t in threads:
            for r in range(args.repeat):
                outs = [tmp / f"y{j}_t{t}.npy" for j in range(n_out)]
                cmd = [args.kinglet, "eval", str(model), *input_args, "--threads", str(t), "--json",
                       *[arg for p in outs for arg in ("--output", str(p))]]
                p = subprocess.run(cmd, capture_output=True, text=True)
                if p.returncode != 0:
                    print(f"kinglet eval failed: {p.stderr.strip()}", file=sys.stderr)
                    return 1
                report = json.loads(p.stdout)
                if report["samples_per_second"] > best.get(t, 0.0):
                    best[t] = report["samples_per_second"]
                    cores[t] = report["cpu_seconds"] / max(report["seconds"], 1e-9)
                    cpu_us[t] = report["cpu_seconds"] * 1e6 / max(report["samples"], 1)
                got = [np.load(o) for o in outs]
                if reference is None:
                    reference = got
                elif any(a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes()
                         for a, b in zip(reference, got)):
                    print(f"MISMATCH: eval --threads {t} (run {r + 1}) differs from the first eval", file=sys.stderr)
                    ok = False
        assert reference is not None
        base = best[threads[0]]
        print(f"{model.name}: {args.samples} samples (seed {args.seed}), {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f} at the end")
        for t in threads:
            print(f"  eval --threads {t}: {best[t]:,.0f} samples/s (best of {args.repeat}), "
                  f"{best[t] / base:.2f}x the --threads {threads[0]} throughput; {cpu_us[t]:,.1f} CPU µs per sample, "
                  f"{cores[t]:.2f} cores busy on average (CPU s / wall s)")

        if not args.no_tflm:
            expected = tflm_outputs(model, inputs, info)
            bad = [k for k in range(args.samples)
                   if any(e[k].tobytes() != g[k].tobytes() for e, g in zip(expected, reference))]
            print(f"  TFLM, sample by sample: {args.samples - len(bad)}/{args.samples} byte-identical"
                  + (f"; first differing samples {bad[:10]}" if bad else ""))
            ok &= not bad

        count = args.samples if args.run_samples == "all" else min(int(args.run_samples), args.samples)
        if count > 0:
            picks = sorted(set(np.linspace(0, args.samples - 1, count).round().astype(int).tolist()))
            bad = []
            for k in picks:
                sample_paths = []
                for i, a in enumerate(inputs):
                    sample_paths.append(tmp / f"s{i}.npy")
                    np.save(sample_paths[-1], a[k].reshape([max(d, 1) for d in info["inputs"][i]["shape"]]))
                outs = [tmp / f"r{j}.npy" for j in range(n_out)]
                cmd = [args.kinglet, "run", str(model), *[arg for p in sample_paths for arg in ("--input", str(p))],
                       *[arg for p in outs for arg in ("--output", str(p))], "--json"]
                p = subprocess.run(cmd, capture_output=True, text=True)
                if p.returncode != 0 or any(np.load(o).tobytes() != reference[j][k].tobytes()
                                            for j, o in enumerate(outs)):
                    bad.append(k)
            print(f"  kinglet run, one process per sample: {len(picks) - len(bad)}/{len(picks)} byte-identical"
                  + (f"; differing samples {bad[:10]}" if bad else ""))
            ok &= not bad
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
