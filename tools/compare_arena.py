#!/usr/bin/env python3
"""Kinglet's arena vs TFLM's, per model.

For every zoo model (testdata/zoo) and every model in ../shared/models (when present), prints
Kinglet's arena total (`kinglet budget --json`) next to the total TFLM's RecordingMicroAllocator
reports (pip `tflite-micro`, measured live through tools/tflm_reference.py), their ratio, and
Kinglet's planned bytes next to the peak-live lower bound.

    python3 tools/compare_arena.py [--kinglet .build/release/kinglet] [--python .venv/bin/python] [MODEL...]

Run with the Python that has tflite-micro (tools/conformance.sh creates .venv).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kinglet_budget(kinglet: str, model: Path) -> dict:
    p = subprocess.run([kinglet, "budget", str(model), "--json"], capture_output=True, text=True)
    if p.returncode not in (0, 3):
        return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(p.stdout)


def tflm_total(python: str, model: Path) -> tuple[int | None, str]:
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([python, str(ROOT / "tools" / "tflm_reference.py"), str(model), "--seed", "0",
                            "--output-dir", out, "--json"], capture_output=True, text=True, timeout=600)
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if not lines:
        return None, "TFLM failed"
    result = json.loads(lines[-1])
    return result.get("tflm_arena_bytes"), "" if result.get("ok") else result.get("error", "TFLM failed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinglet", default=str(ROOT / ".build" / "debug" / "kinglet"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("models", nargs="*")
    args = parser.parse_args()

    models = [Path(m) for m in args.models]
    if not models:
        models = sorted((ROOT / "testdata" / "zoo").glob("*.tflite"))
        shared = ROOT.parent / "shared" / "models"
        if shared.is_dir():
            models += sorted(shared.glob("*.tflite"))
        else:
            print(f"note: {shared} is absent; comparing the zoo only")

    print(f"{'model':36s} {'TFLM':>9s} {'Kinglet':>9s} {'ratio':>6s} {'planned':>9s} {'bound':>9s}  note")
    ratios = []
    for model in models:
        budget = kinglet_budget(args.kinglet, model)
        tflm, tflm_note = tflm_total(args.python, model)
        if "error" in budget:
            print(f"{model.stem:36s} {tflm or '-':>9} {'-':>9s} {'-':>6s} {'-':>9s} {'-':>9s}  kinglet: {budget['error'][:70]}")
            continue
        arena = budget["arena"]
        total, planned, bound = arena["total_bytes"], arena["planned_bytes"], arena["lower_bound_bytes"]
        ratio = f"{total / tflm:.2f}" if tflm else "-"
        if tflm:
            ratios.append(total / tflm)
        note = "at bound" if planned == bound else ("below bound (aliasing)" if planned < bound else f"+{planned - bound} over bound")
        if tflm_note:
            note += f"; TFLM: {tflm_note[:50]}"
        print(f"{model.stem:36s} {tflm or '-':>9} {total:>9d} {ratio:>6s} {planned:>9d} {bound:>9d}  {note}")
    if ratios:
        print(f"{len(ratios)} models compared: Kinglet/TFLM arena ratio max {max(ratios):.2f}, "
              f"mean {sum(ratios) / len(ratios):.2f}; {sum(r <= 1 for r in ratios)} at or below TFLM")
    return 0


if __name__ == "__main__":
    sys.exit(main())
