#!/usr/bin/env python3
"""Time Kinglet, TensorFlow Lite Micro and LiteRT on the zoo's models.

Run through tools/bench.sh, which prepares the Python environment and builds kinglet
in release first:

    tools/bench.sh [--iterations N] [--filter REGEX] [--kind model|op|all] ...

For every zoo model (manifest.json entries of kind "model" unless --kind says
otherwise) the same seeded inputs are fed to each runtime and only the call that runs
the model is timed:

- Kinglet: `kinglet bench MODEL --json` (ContinuousClock around `invoke()`);
- TFLM: pip `tflite-micro`, `interpreter.invoke()` timed with time.perf_counter_ns;
- LiteRT: pip `ai-edge-litert`, `Interpreter(num_threads=1)` with its default XNNPACK
  delegate, `invoke()` timed the same way;
- LiteRT builtin: the same without the default delegate
  (OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES), i.e. its own optimized kernels.

The inputs are exactly the ones `kinglet bench --seed S` generates (SplitMix64,
reproduced here), and Kinglet's outputs on them (`kinglet run --seed S`) are compared
with TFLM's byte for byte, so every runtime does the same work.

Runtimes are interleaved per model to reduce noise: the --iterations timed runs are
split into --rounds rounds; in each round every runtime does --warmup untimed runs
and then its share of timed runs, in an order that rotates from round to round. The
reported time is the median of the per-round medians (with one round, the plain
median). When a model is slow (a runtime would need more than --budget seconds for
all iterations), its iteration count is lowered and the table says so.

Before timing, `kinglet bench --iterations 2` runs on every model of the manifest
(all kinds) and failures are listed (--no-check skips this).

--hold-out DIR adds every .tflite of DIR (models the zoo was not built from, e.g.
../shared/models) to the whole-model table as hold-out/<name>; a runtime that cannot
run one is listed as failed on it.

Prints the machine description and a Markdown table; --json-out writes every number;
--update-docs rewrites the results between the markers in README.md and docs/bench.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import tflm_reference  # noqa: E402

RUNTIMES = ("kinglet", "tflm", "litert", "litert-builtin")
LABEL = {
    "kinglet": "Kinglet",
    "tflm": "TFLM",
    "litert": "LiteRT (XNNPACK)",
    "litert-builtin": "LiteRT (builtin kernels)",
}
SHORT = {"kinglet": "Kinglet", "tflm": "TFLM", "litert": "LiteRT", "litert-builtin": "LiteRT builtin"}

README_MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
DOCS_MARKERS = ("<!-- bench-results:start -->", "<!-- bench-results:end -->")
DOCS_OP_MARKERS = ("<!-- bench-ops:start -->", "<!-- bench-ops:end -->")


# ---------------------------------------------------------------------------
# Kinglet's seeded inputs (Sources/KingletReport/ModelRunner.swift, seededInputs)
# ---------------------------------------------------------------------------

_MASK = (1 << 64) - 1


def splitmix64(seed: int, start: int, count: int) -> np.ndarray:
    """Draws start+1 ... start+count of SplitMix64(seed), as uint64."""
    k = np.arange(start + 1, start + count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed & _MASK) + k * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def kinglet_inputs(info: dict, seed: int) -> list[np.ndarray]:
    """The arrays `kinglet bench/run --seed SEED` feed the model: float32 draws are
    uniform in [-1, 1) (one draw per element), bool the low bit of one draw, every
    other type one draw per byte (its low 8 bits)."""
    drawn = 0
    arrays = []
    for t in info["inputs"]:
        dt = np.dtype(tflm_reference.numpy_dtype(t))
        shape = tuple(max(d, 1) for d in t["shape"])
        n = int(np.prod(shape, dtype=np.int64))
        if dt == np.float32:
            r = splitmix64(seed, drawn, n)
            drawn += n
            a = ((r >> np.uint64(11)).astype(np.float64) / float(1 << 53) * 2 - 1).astype(np.float32)
        elif dt.kind == "b":
            r = splitmix64(seed, drawn, n)
            drawn += n
            a = (r & np.uint64(1)).astype(np.bool_)
        else:
            nbytes = n * dt.itemsize
            r = splitmix64(seed, drawn, nbytes)
            drawn += nbytes
            a = (r & np.uint64(0xFF)).astype(np.uint8).view(dt.newbyteorder("<")).astype(dt)
        arrays.append(a.reshape(shape))
    return arrays


# ---------------------------------------------------------------------------
# Machine description
# ---------------------------------------------------------------------------

def _first_line(cmd: list[str]) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        out = (p.stdout or p.stderr).strip().splitlines()
        return out[0].strip() if out else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine() -> dict:
    cpu, flags = "?", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and cpu == "?":
                cpu = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = set(value.split())
    except OSError:
        cpu = platform.processor() or "?"
    simd = [f for f in ("sse4_2", "avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    os_name = platform.system()
    try:
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]*)', Path("/etc/os-release").read_text(), re.M)
        if pretty:
            os_name = pretty.group(1)
    except OSError:
        pass
    packages = {}
    for name in ("tflite-micro", "ai-edge-litert", "numpy"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "not installed"
    return {
        "cpu": cpu,
        "simd": simd,
        "cores": os.cpu_count(),
        "os": f"{os_name}, Linux {platform.release()}" if platform.system() == "Linux" else os_name,
        "arch": platform.machine(),
        "swift": _first_line(["swift", "--version"]),
        "python": platform.python_version(),
        "packages": packages,
        "kinglet_commit": kinglet_commit(),
        "date": time.strftime("%Y-%m-%d"),
    }


def kinglet_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "Sources", "Package.swift"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        return head + (" + uncommitted changes under Sources/" if dirty else "") if head else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def timer_overhead_ns() -> float:
    """Median cost of two back-to-back perf_counter_ns calls, as seen around invoke()."""
    samples = []
    for _ in range(2001):
        a = time.perf_counter_ns()
        samples.append(time.perf_counter_ns() - a)
    return statistics.median(samples)


# ---------------------------------------------------------------------------
# Runtimes
# ---------------------------------------------------------------------------

class Failed(Exception):
    pass


def _quiet(fn):
    """Call fn() with the C-level stderr captured (LiteRT's INFO lines); re-raise with it."""
    result = []
    errors = []

    def call():
        try:
            result.append(fn())
        except Exception as e:  # noqa: BLE001 - reported with the captured log
            errors.append(e)

    log = tflm_reference._capture_fd2(call)
    if errors:
        lines = [l for l in log.splitlines() if l.strip() and not l.startswith("INFO:")]
        raise Failed(" ".join(str(errors[0]).split()) + (" | " + " | ".join(lines[-2:]) if lines else ""))
    return result[0]


class PythonRuntime:
    """An interpreter held for the whole model; run(n) returns n invoke() times in ns."""

    def __init__(self, name: str, path: Path, inputs: list[np.ndarray], arena: int):
        self.name = name
        if name == "tflm":
            from tflite_micro.python.tflite_micro import runtime

            def make():
                interp = runtime.Interpreter.from_file(str(path), arena_size=arena)
                for i, a in enumerate(inputs):
                    shape = tuple(int(d) for d in interp.get_input_details(i)["shape"])
                    interp.set_input(np.ascontiguousarray(a).reshape(shape), i)
                interp.invoke()
                return interp
        else:
            from ai_edge_litert.interpreter import Interpreter, OpResolverType

            def make():
                kw = {}
                if name == "litert-builtin":
                    kw["experimental_op_resolver_type"] = OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
                interp = Interpreter(model_path=str(path), num_threads=1, **kw)
                interp.allocate_tensors()
                for d, a in zip(interp.get_input_details(), inputs):
                    interp.set_tensor(d["index"], np.ascontiguousarray(a).reshape(d["shape"]).astype(d["dtype"]))
                interp.invoke()
                return interp

        self.interp = _quiet(make)
        self.invoke = self.interp.invoke

    def outputs(self, count: int) -> list[np.ndarray]:
        if self.name == "tflm":
            return [np.array(self.interp.get_output(i), copy=True) for i in range(count)]
        return [np.array(self.interp.get_tensor(d["index"]), copy=True) for d in self.interp.get_output_details()]

    def run(self, iterations: int, warmup: int) -> dict:
        invoke, clock, cpu_clock = self.invoke, time.perf_counter_ns, time.thread_time_ns
        try:
            for _ in range(warmup):
                invoke()
            samples, cpu = [], []
            for _ in range(iterations):
                cpu_start = cpu_clock()
                start = clock()
                invoke()
                end = clock()
                cpu.append(cpu_clock() - cpu_start)
                samples.append(end - start)
        except Exception as e:  # noqa: BLE001
            raise Failed(" ".join(str(e).split()))
        us = [s / 1000 for s in samples]
        return {"median_us": statistics.median(us), "min_us": min(us), "mean_us": statistics.fmean(us), "n": iterations,
                "cpu_us": statistics.median(c / 1000 for c in cpu)}


class KingletRuntime:
    name = "kinglet"

    def __init__(self, kinglet: str, path: Path, seed: int, timeout: float):
        self.kinglet, self.path, self.seed, self.timeout = kinglet, path, seed, timeout
        self.macs = None

    def run(self, iterations: int, warmup: int) -> dict:
        cmd = [self.kinglet, "bench", str(self.path), "--iterations", str(iterations),
               "--warmup", str(warmup), "--seed", str(self.seed), "--json"]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            raise Failed(f"kinglet bench timed out after {self.timeout:.0f} s")
        if p.returncode != 0:
            raise Failed(kinglet_error(p.stderr, self.path, f"exit {p.returncode}"))
        try:
            r = json.loads(p.stdout)
        except json.JSONDecodeError:
            raise Failed("kinglet bench printed no JSON: " + p.stdout[:200])
        self.macs = r.get("macs")
        return {"median_us": r["median_us"], "min_us": r["min_us"], "mean_us": r["mean_us"], "n": r["iterations"]}

    def child_cpu_us(self, iterations: int, warmup: int) -> float:
        """CPU time (user + system) of one whole `kinglet bench` process, in µs."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.run(iterations, warmup)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1e6

    def cpu_us(self, guess_us: float, target_s: float, reps: int, warmup: int) -> float:
        """CPU time per invoke(): `kinglet bench` with 2N runs costs N runs more than with N,
        and start-up, loading and warm-up cancel out. N makes N runs last about target_s.
        Median over reps pairs."""
        n = max(1, min(100_000, math.ceil(target_s * 1e6 / max(guess_us, 0.01))))
        estimates = []
        for _ in range(reps):
            one = self.child_cpu_us(n, warmup)
            two = self.child_cpu_us(2 * n, warmup)
            estimates.append((two - one) / n)
        return statistics.median(estimates)

    def outputs(self, count: int) -> list[np.ndarray]:
        with tempfile.TemporaryDirectory(prefix="kinglet-bench-") as d:
            files = [os.path.join(d, f"out{i}.npy") for i in range(count)]
            cmd = [self.kinglet, "run", str(self.path), "--seed", str(self.seed)]
            for f in files:
                cmd += ["--output", f]
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout)
            if p.returncode != 0:
                raise Failed(kinglet_error(p.stderr, self.path, f"exit {p.returncode}"))
            return [np.load(f) for f in files]


# ---------------------------------------------------------------------------
# One model
# ---------------------------------------------------------------------------

def split(total: int, parts: int) -> list[int]:
    parts = max(1, min(parts, total))
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


_PROBE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import bench, tflm_reference
path = Path(sys.argv[3])
runtime = bench.PythonRuntime(sys.argv[2], path, bench.kinglet_inputs(tflm_reference.describe_model(path),
                              int(sys.argv[4])), int(sys.argv[5]))
runtime.run(1, 1)
"""


def probe_in_subprocess(name: str, path: Path, seed: int, arena: int, timeout: float) -> None:
    """Load and invoke once in a child process: some runtimes abort or crash the process on
    models they do not support (LiteRT on keyword_scrambled_8bit), which must not end the run."""
    try:
        p = subprocess.run([sys.executable, "-c", _PROBE, str(REPO / "tools"), name, str(path), str(seed), str(arena)],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failed(f"timed out after {timeout:.0f} s")
    if p.returncode < 0:
        raise Failed(f"the process died of signal {-p.returncode} loading or invoking the model")
    if p.returncode != 0:
        lines = [l for l in p.stderr.strip().splitlines() if l.strip() and not l.startswith("INFO:")]
        raise Failed(lines[-1][:300] if lines else f"exit status {p.returncode}")


def bench_model(entry: dict, zoo: Path, args, runtimes: list[str]) -> dict:
    path = zoo / entry["file"]
    info = tflm_reference.describe_model(path)
    inputs = kinglet_inputs(info, args.seed)
    arena = max(tflm_reference.DEFAULT_ARENA_SIZE, 4 * int(entry.get("tflm_arena_bytes") or 0))
    result = {"name": entry["name"], "file": entry["file"], "kind": entry.get("kind"),
              "description": entry.get("description", ""), "size_bytes": path.stat().st_size,
              "dtype": "/".join(sorted({t["dtype"] for t in info["inputs"]})) or "-",
              "ops": len(info["ops"]), "runtimes": {}, "errors": {},
              "operator": " + ".join(entry.get("opcodes") or sorted(set(info["ops"])))
              + (" (float32)" if (entry.get("conversion") or {}).get("mode") == "float" else "")}

    live = {}
    for name in runtimes:
        try:
            if entry.get("probe") and name != "kinglet":
                probe_in_subprocess(name, path, args.seed, arena, args.timeout)
            if name == "kinglet":
                live[name] = KingletRuntime(args.kinglet, path, args.seed, args.timeout)
            else:
                live[name] = PythonRuntime(name, path, inputs, arena)
        except Failed as e:
            result["errors"][name] = str(e)

    # Same work: Kinglet's outputs on its seeded inputs against TFLM's on ours.
    if "kinglet" in live and "tflm" in live:
        try:
            k, t = live["kinglet"].outputs(len(info["outputs"])), live["tflm"].outputs(len(info["outputs"]))
            result["same_output_as_tflm"] = all(
                a.dtype == b.dtype and a.size == b.size and a.tobytes() == b.tobytes() for a, b in zip(k, t))
        except Failed as e:
            result["errors"]["kinglet"] = str(e)
            live.pop("kinglet")

    # A slow model gets fewer iterations: probe each runtime with one timed run.
    iterations = args.iterations
    slowest = 0.0
    for name, rt in list(live.items()):
        try:
            probe = rt.run(1, 1)
            slowest = max(slowest, probe["median_us"] / 1e6)
            if name == "kinglet":
                result["macs"] = rt.macs
        except Failed as e:
            result["errors"][name] = str(e)
            live.pop(name)
    if slowest * iterations > args.budget:
        iterations = max(min(args.rounds, iterations), int(args.budget / slowest))
    result["iterations"] = iterations
    result["reduced"] = iterations < args.iterations

    chunks = split(iterations, args.rounds)
    rounds = {name: [] for name in live}
    order = [n for n in runtimes if n in live]
    for r, chunk in enumerate(chunks):
        rotated = order[r % len(order):] + order[:r % len(order)] if order else []
        for name in rotated:
            if name not in live:
                continue
            try:
                rounds[name].append(live[name].run(chunk, args.warmup))
            except Failed as e:
                result["errors"][name] = str(e)
                live.pop(name)
                rounds.pop(name)
    for name, rs in rounds.items():
        median = statistics.median(r["median_us"] for r in rs)
        cpu = None
        if median < args.short_us:
            cpu = median  # too short for preemption to matter; the wall clock is the better clock
        elif name == "kinglet":
            if args.cpu_reps > 0:
                try:
                    cpu = live[name].cpu_us(min(r["min_us"] for r in rs), args.cpu_target, args.cpu_reps, args.warmup)
                except Failed as e:
                    result["errors"][name] = str(e)
        else:
            cpu = statistics.median(r["cpu_us"] for r in rs)
        result["runtimes"][name] = {
            "cpu_us": cpu,
            "median_us": median,
            "min_us": min(r["min_us"] for r in rs),
            "mean_us": sum(r["mean_us"] * r["n"] for r in rs) / sum(r["n"] for r in rs),
            "round_medians_us": [r["median_us"] for r in rs],
            "iterations": sum(r["n"] for r in rs),
        }
    return result


# ---------------------------------------------------------------------------
# kinglet bench on every model
# ---------------------------------------------------------------------------

def kinglet_error(stderr: str, path: Path, fallback: str) -> str:
    """The last stderr line without the `kinglet: error: <model path>: ` prefix."""
    lines = [l for l in stderr.strip().splitlines() if l.strip()]
    if not lines:
        return fallback
    line = lines[-1]
    for prefix in ("kinglet: error: ", f"{path}: "):
        if line.startswith(prefix):
            line = line[len(prefix):]
    return line[:300]


def check_all(entries: list[dict], zoo: Path, kinglet: str, timeout: float) -> list[tuple[str, str]]:
    failures = []
    for e in entries:
        cmd = [kinglet, "bench", str(zoo / e["file"]), "--iterations", "2", "--warmup", "1", "--json"]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            ok = p.returncode == 0 and "median_us" in json.loads(p.stdout or "{}")
            why = "" if ok else kinglet_error(p.stderr, zoo / e["file"], f"exit {p.returncode}")
        except subprocess.TimeoutExpired:
            ok, why = False, f"timed out after {timeout:.0f} s"
        except json.JSONDecodeError:
            ok, why = False, "no JSON on stdout"
        if not ok:
            failures.append((e["name"], why[:300]))
    return failures


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def fmt_us(x: float | None) -> str:
    if x is None:
        return "—"
    if x < 10:
        return f"{x:.2f}"
    if x < 1000:
        return f"{x:.1f}"
    return f"{x:,.0f}"


def fmt_macs(m) -> str:
    if m is None:
        return "?"
    if m >= 1e6:
        return f"{m / 1e6:.2f} M"
    if m >= 1e3:
        return f"{m / 1e3:.1f} k"
    return str(m)


def ratio(r: dict, a: str, b: str, metric: str = "median_us") -> float | None:
    x, y = (r["runtimes"].get(a) or {}).get(metric), (r["runtimes"].get(b) or {}).get(metric)
    if not x or not y or y <= 0:
        return None
    return x / y


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else (f"{x:.2f}×" if x < 10 else f"{x:.1f}×" if x < 100 else f"{x:.0f}×")


def geomean(xs) -> float | None:
    xs = [x for x in xs if x]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def table(results: list[dict], runtimes: list[str], metric: str = "median_us") -> str:
    """One row per model: ratios first, then each runtime's time, MACs and (for wall-clock
    medians) the number of timed runs."""
    others = [n for n in runtimes if n != "kinglet"] if "kinglet" in runtimes else []
    head = ["Model"] + [f"Kinglet / {SHORT[o]}" for o in others] + [f"{SHORT[n]} µs" for n in runtimes]
    head += ["MACs", "Runs"] if metric == "median_us" else ["MACs"]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join([":--"] + ["--:"] * (len(head) - 1)) + "|"]
    for r in results:
        name = r["name"]
        if r.get("same_output_as_tflm") is False:
            name += " ‡"
        row = [name] + [fmt_ratio(ratio(r, "kinglet", o, metric)) for o in others]
        row += [fmt_us(r["runtimes"].get(n, {}).get(metric)) if n not in r["errors"] else "failed" for n in runtimes]
        runs = str(r.get("iterations", "—")) + (" †" if r.get("reduced") else "")
        row += [fmt_macs(r.get("macs")), runs] if metric == "median_us" else [fmt_macs(r.get("macs"))]
        lines.append("| " + " | ".join(row) + " |")
    if others and len(results) > 1:
        geo = ["**geometric mean**"]
        for o in others:
            g = geomean(ratio(r, "kinglet", o, metric) for r in results)
            geo.append("**" + fmt_ratio(g) + "**" if g else "—")
        geo += [""] * (len(head) - len(geo))
        lines.append("| " + " | ".join(geo) + " |")
    return "\n".join(lines)


def op_table(results: list[dict], runtimes: list[str]) -> str:
    """Single-operator models grouped by their operator: geometric means of the ratios and
    of the medians over the group."""
    others = [n for n in runtimes if n != "kinglet"] if "kinglet" in runtimes else []
    groups: dict[str, list[dict]] = {}
    for r in results:
        groups.setdefault(r["operator"], []).append(r)
    head = ["Operator", "Models"] + [f"Kinglet / {SHORT[o]}" for o in others] + [f"{SHORT[n]} µs" for n in runtimes]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join([":--"] + ["--:"] * (len(head) - 1)) + "|"]
    for op, rs in sorted(groups.items()):
        row = [op, str(len(rs))]
        row += [fmt_ratio(geomean(ratio(r, "kinglet", o) for r in rs)) for o in others]
        for n in runtimes:
            g = geomean(r["runtimes"].get(n, {}).get("median_us") for r in rs)
            row.append(fmt_us(g) if g else "failed")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def footnotes(results: list[dict], requested: int, budget: float) -> list[str]:
    notes = []
    if any(r.get("reduced") for r in results):
        notes.append(f"† fewer than the requested {requested} runs: at its speed the slowest runtime "
                     f"would have needed more than {budget:g} s for this model.")
    if any(r.get("same_output_as_tflm") is False for r in results):
        notes.append("‡ Kinglet's output differs from TFLM's on these inputs (see tools/conformance.sh).")
    failed: dict[tuple[str, str], list[str]] = {}
    for r in results:
        for name, why in r["errors"].items():
            failed.setdefault((name, why), []).append(r["name"])
    for (name, why), names in failed.items():
        notes.append(f"{LABEL[name]} failed on {', '.join(names)}: {why}")
    return notes


def machine_lines(m: dict, overhead_ns: float) -> list[str]:
    pk = m["packages"]
    return [
        f"- CPU: {m['cpu']} ({m['arch']}; {', '.join(m['simd']) or 'no AVX'}), {m['cores']} cores visible, "
        f"shared with other work (a noisy virtual machine): the benchmark, which keeps one core busy, "
        f"got {100 * m.get('cpu_share', 0):.0f} % of a core over the timed part of the run",
        f"- OS: {m['os']}",
        f"- {m['swift']}; Kinglet {m['kinglet_commit']}, built with `swift build -c release`",
        f"- Python {m['python']}: tflite-micro {pk['tflite-micro']}, ai-edge-litert {pk['ai-edge-litert']}, "
        f"numpy {pk['numpy']}; perf_counter_ns pair costs {overhead_ns:.0f} ns",
        f"- Date: {m['date']}",
    ]


def method_line(args) -> str:
    return (f"Median µs per `invoke()` over {args.iterations} timed runs per runtime "
            f"({args.rounds} interleaved rounds, {args.warmup} warm-up runs before each, inputs from seed {args.seed}); "
            "ratios are Kinglet's median over the other runtime's: below 1× Kinglet is faster.")


def check_lines(check_failures, checked) -> list[str]:
    if not checked:
        return []
    if not check_failures:
        return [f"`kinglet bench` ran on all {checked} zoo models (whole models and single operators)."]
    groups: dict[str, list[str]] = {}
    for name, why in check_failures:
        groups.setdefault(why, []).append(name)
    out = [f"`kinglet bench` ran on {checked - len(check_failures)} of {checked} zoo models; it failed on:"]
    for why, names in groups.items():
        out.append(f"- {', '.join(names)}: {why}")
    return out


def cpu_lines(models: list[dict], runtimes: list[str], args) -> list[str]:
    if args.cpu_reps <= 0 or not any((r["runtimes"].get("kinglet") or {}).get("cpu_us") for r in models):
        return []
    return ["CPU time per `invoke()`, which other work on the machine does not inflate. For TFLM and "
            "LiteRT it is the thread CPU time (`time.thread_time_ns`) around each call, median of the "
            "same runs. For Kinglet it is the CPU time of a `kinglet bench` process with 2N runs minus "
            f"that of one with N runs, divided by N ({'one pair' if args.cpu_reps == 1 else f'median of {args.cpu_reps} pairs'}). Times under "
            f"{args.short_us:g} µs are the wall-clock medians above, since runs that short are rarely "
            "preempted. When the two tables disagree, this one is the more reliable on a loaded machine.",
            "", table(models, runtimes, "cpu_us")]


def render(results, runtimes, args, m, overhead_ns, check_failures, checked) -> str:
    models = [r for r in results if r["kind"] != "op"]
    ops = [r for r in results if r["kind"] == "op"]
    out = []
    if models:
        out += [table(models, runtimes), ""]
        cpu = cpu_lines(models, runtimes, args)
        out += cpu + [""] if cpu else []
    if ops:
        out += ["Single-operator zoo models, by operator (geometric means over each group):", "",
                op_table(ops, runtimes), ""]
    out += footnotes(results, args.iterations, args.budget)
    out += ["", method_line(args), ""]
    out += machine_lines(m, overhead_ns)
    out += ["", f"Command: `{args.command}`"]
    lines = check_lines(check_failures, checked)
    if lines:
        out += [""] + lines
    return tidy(out)


def tidy(lines: list[str]) -> str:
    """Join lines, with never more than one blank line in a row."""
    out = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).strip()


def replace_between(path: Path, markers: tuple[str, str], body: str, heading: str | None = None) -> None:
    text = path.read_text() if path.exists() else ""
    start, end = markers
    if start in text and end in text and text.index(start) < text.index(end):
        i, j = text.index(start) + len(start), text.index(end)
        text = text[:i] + "\n" + body.strip() + "\n" + text[j:]
    else:
        if text and not text.endswith("\n"):
            text += "\n"
        text += ("\n" + heading + "\n\n" if heading else "\n") + start + "\n" + body.strip() + "\n" + end + "\n"
    path.write_text(text)


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("--kinglet", default=str(REPO / ".build-bench/release/kinglet"), help="kinglet executable")
    ap.add_argument("--zoo", default=str(REPO / "testdata/zoo"))
    ap.add_argument("--hold-out", action="append", default=[], metavar="DIR",
                    help="also time every .tflite in DIR as a whole model, named hold-out/<file> "
                         "(e.g. ../shared/models); repeatable; --filter applies to the names")
    ap.add_argument("--iterations", type=int, default=50, help="timed runs per runtime and model (default 50)")
    ap.add_argument("--warmup", type=int, default=5, help="untimed runs before each round (default 5)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds the runs are split into (default 5)")
    ap.add_argument("--seed", type=int, default=0, help="input seed, as `kinglet bench --seed` (default 0)")
    ap.add_argument("--filter", help="only models whose name matches this regular expression (re.search)")
    ap.add_argument("--kind", choices=("model", "op", "all"), default="model",
                    help="manifest entries to time: whole models (default), single operators, or all")
    ap.add_argument("--runtimes", default=",".join(RUNTIMES), help=f"comma-separated subset of {','.join(RUNTIMES)}")
    ap.add_argument("--budget", type=float, default=20.0,
                    help="seconds one runtime may spend on one model's timed runs before its count is lowered")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per kinglet process")
    ap.add_argument("--cpu-reps", type=int, default=3,
                    help="pairs of kinglet processes for Kinglet's CPU time per invoke (0: skip the CPU table)")
    ap.add_argument("--cpu-target", type=float, default=0.2,
                    help="seconds of invokes in each process of a pair (default 0.2)")
    ap.add_argument("--short-us", type=float, default=50.0,
                    help="below this median, the CPU table uses the wall-clock median (default 50 µs)")
    ap.add_argument("--no-check", action="store_true", help="skip `kinglet bench` on every zoo model")
    ap.add_argument("--json-out", help="write every number here")
    ap.add_argument("--update-docs", action="store_true",
                    help="rewrite the results between the bench markers in README.md and docs/bench.md")
    ap.add_argument("--command", help="the command line to print (tools/bench.sh passes its own)")
    args = ap.parse_args(argv)

    if args.iterations < 1 or args.rounds < 1 or args.warmup < 0:
        ap.error("--iterations and --rounds must be at least 1, --warmup 0 or more")
    runtimes = [r.strip() for r in args.runtimes.split(",") if r.strip()]
    bad = [r for r in runtimes if r not in RUNTIMES]
    if bad or not runtimes:
        ap.error(f"unknown runtime(s) {bad}; choose from {', '.join(RUNTIMES)}")
    if "kinglet" in runtimes and not os.access(args.kinglet, os.X_OK):
        ap.error(f"no kinglet executable at {args.kinglet} (build it, or pass --kinglet)")
    if args.command is None:
        args.command = "python3 tools/bench.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    pattern = re.compile(args.filter) if args.filter else None

    zoo = Path(args.zoo)
    entries = json.loads((zoo / "manifest.json").read_text())["models"]
    chosen = [e for e in entries if (args.kind == "all" or e.get("kind") == args.kind)
              and (pattern is None or pattern.search(e["name"]))]
    if args.kind != "op":
        for directory in args.hold_out:
            for path in sorted(Path(directory).resolve().glob("*.tflite")):
                entry = {"name": f"hold-out/{path.stem}", "file": str(path), "kind": "model",
                         "description": f"{directory}/{path.name}", "probe": True}
                if pattern is None or pattern.search(entry["name"]):
                    chosen.append(entry)
    if not chosen:
        print("bench.py: no model matches", file=sys.stderr)
        return 2

    m = machine()
    overhead = timer_overhead_ns()

    check_failures, checked = [], 0
    if not args.no_check and "kinglet" in runtimes:
        print(f"== kinglet bench --iterations 2 on all {len(entries)} zoo models", file=sys.stderr)
        check_failures = check_all(entries, zoo, args.kinglet, args.timeout)
        checked = len(entries)
        for n, why in check_failures:
            print(f"   FAILED {n}: {why}", file=sys.stderr)
        print(f"   {checked - len(check_failures)} ok, {len(check_failures)} failed", file=sys.stderr)

    results = []
    wall0, cpu0 = time.monotonic(), os.times()
    for i, e in enumerate(chosen, 1):
        print(f"== [{i}/{len(chosen)}] {e['name']}", file=sys.stderr, end="", flush=True)
        t0 = time.monotonic()
        r = bench_model(e, zoo, args, runtimes)
        results.append(r)
        summary = ", ".join(f"{SHORT[n]} {fmt_us(v['median_us'])} µs" for n, v in r["runtimes"].items())
        print(f": {summary} ({time.monotonic() - t0:.1f} s)", file=sys.stderr)
        for n, why in r["errors"].items():
            print(f"   {LABEL[n]} failed: {why}", file=sys.stderr)

    cpu1 = os.times()
    busy = sum(getattr(cpu1, f) - getattr(cpu0, f) for f in ("user", "system", "children_user", "children_system"))
    m["cpu_share"] = busy / max(time.monotonic() - wall0, 1e-9)
    text = render(results, runtimes, args, m, overhead, check_failures, checked)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({
            "command": args.command, "machine": m, "timer_overhead_ns": overhead,
            "settings": {k: getattr(args, k) for k in ("iterations", "warmup", "rounds", "seed", "filter",
                                                         "kind", "budget")},
            "runtimes": runtimes, "results": results,
            "check": {"models": checked, "failures": [{"name": n, "error": w} for n, w in check_failures]},
        }, indent=1) + "\n")
    if args.update_docs:
        update_docs(results, runtimes, args, m, overhead, check_failures, checked)
    failed = any(r["errors"] for r in results) or bool(check_failures)
    return 1 if failed else 0


def spread_table(results: list[dict], runtimes: list[str]) -> list[str]:
    out = ["| Model | Runtime | min µs | mean µs | round medians µs | CPU µs |", "|:--|:--|--:|--:|:--|--:|"]
    for r in results:
        for n in runtimes:
            v = r["runtimes"].get(n)
            if v:
                out.append(f"| {r['name']} | {LABEL[n]} | {fmt_us(v['min_us'])} | {fmt_us(v['mean_us'])} | "
                           + ", ".join(fmt_us(x) for x in v["round_medians_us"]) + f" | {fmt_us(v.get('cpu_us'))} |")
    return out


def update_docs(results, runtimes, args, m, overhead, check_failures, checked) -> None:
    """Whole models: README.md (ratios table, caveat, machine, command) and the results
    block of docs/bench.md (the same plus min/mean/per-round medians). Single-operator
    models: the ops block of docs/bench.md."""
    models = [r for r in results if r["kind"] != "op"]
    ops = [r for r in results if r["kind"] == "op"]
    tail = ["", method_line(args), ""] + machine_lines(m, overhead) + ["", f"Command: `{args.command}`"]
    if models:
        cpu = cpu_lines(models, runtimes, args)
        body = [table(models, runtimes), ""] + (cpu + [""] if cpu else []) \
            + footnotes(models, args.iterations, args.budget) + tail
        checks = check_lines(check_failures, checked)
        body += [""] + checks if checks else []
        held = sorted({str(Path(r["description"]).parent) for r in models if r["name"].startswith("hold-out/")})
        where = "the zoo's whole models" + (
            f" and the hold-out models of {', '.join(held)} (hold-out/…, not made by the zoo's builder)"
            if held else "")
        intro = (f"Median time per `invoke()` on {where}: Kinglet against TensorFlow Lite Micro "
                 "(the pip package, reference kernels) and LiteRT on one thread, with its default XNNPACK "
                 "delegate and with its builtin kernels. A ratio below 1× means Kinglet is faster. These "
                 "numbers come from a shared, noisy 2-core virtual machine. Other jobs preempt runs that "
                 "take milliseconds, which inflates their wall-clock times, so a second table gives CPU "
                 "time. Treat differences under about 20 % as noise. For the method and more detail, see "
                 "[docs/bench.md](docs/bench.md).")
        replace_between(REPO / "README.md", README_MARKERS, tidy([intro, ""] + body), heading="## Speed")
        detail = body + ["", "#### Spread", "",
                         "Minimum and mean µs over all timed runs, and the per-round medians that the "
                         "median is taken from.", ""] + spread_table(models, runtimes)
        replace_between(REPO / "docs/bench.md", DOCS_MARKERS, tidy(detail))
    if ops:
        body = ["By operator (geometric means over the zoo's single-operator models for each):", "",
                op_table(ops, runtimes), "", "<details><summary>Every single-operator model</summary>", "",
                table(ops, runtimes), "", "</details>", ""] + footnotes(ops, args.iterations, args.budget) + tail
        replace_between(REPO / "docs/bench.md", DOCS_OP_MARKERS, tidy(body))


if __name__ == "__main__":
    sys.exit(main())
