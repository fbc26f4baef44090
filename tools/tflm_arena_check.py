#!/usr/bin/env python3
"""`kinglet budget --runtime tflm --target host` against pip TFLM's arena, live, on every model.

For every zoo model (testdata/zoo), testdata/tflm-arena (operators the zoo lacks), ../shared/models and TFLM's own models in ../shared/tflm-suite
(each says so when absent) that pip `tflite-micro` allocates, compares Kinglet's prediction of
TFLM's arena (`arena.total_bytes`, head `planned_bytes`, tail `persistent_bytes`) with what pip's
RecordingMicroAllocator reports after AllocateTensors (`print_allocations`: total, head, tail).
Models pip refuses are skipped (listed with --verbose). Exit status 1 when any model differs,
unless the model is in KNOWN (a documented, not-yet-modeled case).

    python3 tools/tflm_arena_check.py [--kinglet .build/debug/kinglet] [--python .venv/bin/python]
                                      [--verbose] [--filter REGEX] [MODEL...]

The Python must have tflite-micro (tools/conformance.sh creates .venv). pip runs in one worker
process for speed; a model that aborts it is reported and the worker restarted.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Models whose figure is known to differ, by label regex, with the reason (docs/tflm-arena.md).
KNOWN: dict[str, str] = {}

WORKER = r"""
import json, os, re, sys
sys.path.insert(0, os.environ["KINGLET_TOOLS"])
from tflite_micro.python.tflite_micro import runtime
from tflm_reference import _capture_fd2 as capture

def number(report, what):
    m = re.search(r"Arena allocation " + what + r" (\d+) bytes", report)
    return int(m.group(1)) if m else None

for line in sys.stdin:
    path = line.rstrip("\n")
    result = {"model": path}
    try:
        holder = {}
        def make():
            holder["i"] = runtime.Interpreter.from_file(path, arena_size=16 * 1024 * 1024)
        capture(make)  # the constructor prints the resource variable count and errors
        report = capture(holder["i"].print_allocations)
        result.update(total=number(report, "total"), head=number(report, "head"),
                      tail=number(report, "tail"), report=report)
    except Exception as e:
        result["error"] = " ".join(str(e).split())[:200]
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
"""


def pip_figures(python: str, models: list[Path]) -> dict[str, dict]:
    """pip's figures per model path, from one worker (restarted after a crash)."""
    results: dict[str, dict] = {}
    pending = [str(m) for m in models]
    while pending:
        worker = subprocess.Popen([python, "-c", WORKER], env=dict(os.environ, KINGLET_TOOLS=str(ROOT / "tools")),
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        assert worker.stdin and worker.stdout
        crashed = None
        for path in pending:
            worker.stdin.write(path + "\n")
            worker.stdin.flush()
            line = worker.stdout.readline()
            if not line:
                crashed = path
                break
            results[path] = json.loads(line)
        worker.stdin.close()
        worker.wait()
        if crashed is None:
            break
        results[crashed] = {"model": crashed, "error": "TFLM aborted"}
        pending = pending[pending.index(crashed) + 1:]
    return results


def kinglet_figures(kinglet: str, model: Path) -> dict:
    p = subprocess.run([kinglet, "budget", str(model), "--runtime", "tflm", "--target", "host", "--json"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 3):
        return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}
    arena = json.loads(p.stdout)["arena"]
    return {"total": arena["total_bytes"], "head": arena["planned_bytes"], "tail": arena["persistent_bytes"],
            "unmodeled": arena.get("unmodeled_operators", [])}


def label(model: Path) -> str:
    parts = model.parts
    if "tflm-suite" in parts:
        return "suite/" + "/".join(parts[parts.index("tflm-suite") + 1:])
    if "zoo" in parts:
        return "zoo/" + model.stem
    if "tflm-arena" in parts:
        return "tflm-arena/" + model.stem
    return "shared/" + model.stem


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinglet", default=str(ROOT / ".build" / "debug" / "kinglet"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--filter", help="only models whose label matches this regex")
    parser.add_argument("--verbose", action="store_true", help="print every model, skipped ones too")
    parser.add_argument("models", nargs="*")
    args = parser.parse_args()

    models = [Path(m) for m in args.models]
    if not models:
        models = sorted((ROOT / "testdata" / "zoo").glob("*.tflite"))
        # Operators and options the zoo does not reach (tools/tflm/make_arena_models.py).
        models += sorted((ROOT / "testdata" / "tflm-arena").glob("*.tflite"))
        for name in ("models", "tflm-suite"):
            shared = ROOT.parent / "shared" / name
            if shared.is_dir():
                models += sorted(shared.rglob("*.tflite"))
            else:
                print(f"note: {shared} is absent; it is left out")
    if args.filter:
        models = [m for m in models if re.search(args.filter, label(m))]

    pip = pip_figures(args.python, models)
    exact, differ, skipped, known = 0, [], [], []
    for model in models:
        theirs = pip.get(str(model), {"error": "no result"})
        name = label(model)
        if "error" in theirs or theirs.get("total") is None:
            skipped.append((name, theirs.get("error", "no total")))
            if args.verbose:
                print(f"{name:70s} skipped: pip: {theirs.get('error', 'no total')[:60]}")
            continue
        ours = kinglet_figures(args.kinglet, model)
        if "error" in ours:
            differ.append(name)
            print(f"{name:70s} pip {theirs['total']:>9d}  kinglet error: {ours['error'][:60]}")
            continue
        same = all(ours[k] == theirs[k] for k in ("total", "head", "tail"))
        if same:
            exact += 1
            if args.verbose:
                print(f"{name:70s} {theirs['total']:>9d}  exact")
            continue
        note = f"head {ours['head']} vs {theirs['head']}, tail {ours['tail']} vs {theirs['tail']}"
        if ours["unmodeled"]:
            note += "; not modeled: " + ",".join(ours["unmodeled"])
        reason = next((why for pattern, why in KNOWN.items() if re.search(pattern, name)), None)
        if reason:
            known.append(name)
            note += f" (known: {reason})"
        else:
            differ.append(name)
        print(f"{name:70s} pip {theirs['total']:>9d} kinglet {ours['total']:>9d}  {note}")
    compared = exact + len(differ) + len(known)
    print(f"{exact} of {compared} models pip allocates are exact (head, tail and total); "
          f"{len(differ)} differ, {len(known)} known differences; {len(skipped)} skipped (pip refuses them)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
