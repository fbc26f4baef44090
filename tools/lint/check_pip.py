#!/usr/bin/env python3
"""Live check of testdata/lint against pip tflite-micro: each model fails in TFLM the way
`kinglet lint --runtime tflm` says (abort, refusal at AllocateTensors or at Invoke), and the
clean and warning-only models load and run.

    .venv/bin/python tools/lint/check_pip.py --kinglet .build/debug/kinglet

Each model is loaded in its own process (TFLM's TFLITE_CHECKs abort the process).
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / "testdata" / "lint"

# model -> (what pip does, the finding kinglet lint --runtime tflm reports, its severity)
EXPECTED = {
    "clean_int8": ("runs", None, None),
    "clean_float": ("runs", None, None),
    "float_operator": ("runs", "float-operator", "warning"),
    "per_tensor": ("runs", "per-tensor-weights", "warning"),
    "unused": ("runs", "unused-tensor", "warning"),
    "hybrid": ("refused", "hybrid-model", "error"),
    "softmax_output": ("refused", "prepare-failed", "warning"),
    "unsupported_operator": ("refused", "unsupported-operator", "error"),
    "unsupported_types": ("invoke fails", "unsupported-types", "error"),
    "softmax_beta": ("aborts", "softmax-beta-scale", "error"),
    "add_multiplier": ("aborts", "add-sub-multiplier", "error"),
    "sub_multiplier": ("aborts", "add-sub-multiplier", "error"),
}

PROBE = r"""
import sys, numpy as np
from tflite_micro.python.tflite_micro import runtime
try:
    interpreter = runtime.Interpreter.from_bytes(open(sys.argv[1], "rb").read())
except Exception:
    print("refused"); sys.exit(0)
try:
    i = 0
    while True:
        try:
            d = interpreter.get_input_details(i)
        except Exception:
            break
        interpreter.set_input(np.zeros(d["shape"], d["dtype"]), i)
        i += 1
    interpreter.invoke()
except Exception:
    print("invoke fails"); sys.exit(0)
print("runs")
"""


def pip_outcome(path: Path) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120)
    if result.returncode < 0 or result.returncode == 134:
        return "aborts"
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else "exit %d" % result.returncode


def main():
    args = sys.argv[1:]
    kinglet = args[args.index("--kinglet") + 1] if "--kinglet" in args else str(ROOT / ".build/debug/kinglet")
    models = sorted(p.stem for p in LINT.glob("*.tflite"))
    if set(models) != set(EXPECTED):
        sys.exit("check_pip: testdata/lint has %s, EXPECTED lists %s" % (models, sorted(EXPECTED)))
    failures = 0
    for name in models:
        path = LINT / (name + ".tflite")
        outcome, finding, severity = EXPECTED[name]
        got = pip_outcome(path)
        lint = subprocess.run([kinglet, "lint", "--json", str(path)], capture_output=True, text=True)
        report = json.loads(lint.stdout)
        findings = [(f["id"], f["severity"]) for f in report["findings"] if f["severity"] != "info"]
        want = [(finding, severity)] if finding else []
        if name == "unused":
            want.append(("unused-buffer", "warning"))
        status = 2 if severity == "error" else 0
        ok = got == outcome and findings == want and lint.returncode == status
        failures += not ok
        print("%-22s pip: %-13s lint: %s%s" % (name, got, ", ".join("%s (%s)" % f for f in findings) or "clean",
                                               "" if ok else "   MISMATCH (expected pip %s, lint %s, exit %d, got exit %d)"
                                               % (outcome, want, status, lint.returncode)))
    if failures:
        sys.exit("check_pip: %d model(s) disagree" % failures)
    print("check_pip: %d models; pip and kinglet lint agree" % len(models))


if __name__ == "__main__":
    main()
