#!/usr/bin/env python3
"""The BNN-against-int8-twin table of docs/binarized.md, measured at one commit.

    python3 tools/bnn/device_table.py --kinglet .build/debug/kinglet [--split DIR]

For each binarized model of testdata/bnn that has an int8 twin (testdata/bnn/twins.json), and
for the twin: flash (code, model), RAM (arena, static, stack) and instructions per invoke on the
emulated Cortex-M4 (tools/device/run.sh MODEL --input MODEL.input0.npy --json, QEMU -icount),
MACs and BOPs (`kinglet inspect --json`), and, with --split DIR (the digits test split that
`tools/bnn/build_twins.py --export-split DIR` writes: <size>.x.npy, <size>.y.npy), the accuracy
that `kinglet eval` measures. Prints a Markdown table headed by the commit and the date.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BNN = os.path.join(ROOT, "testdata", "bnn")


def run_json(args, env=None):
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        sys.exit("device_table: %s failed: %s" % (" ".join(args[:3]), (done.stderr or done.stdout).strip()[-400:]))
    return json.loads(done.stdout.strip().splitlines()[-1] if args[0].endswith("run.sh") else done.stdout)


def measure(kinglet, name, split):
    model = os.path.join(BNN, name + ".tflite")
    env = dict(os.environ, KINGLET=kinglet)
    device = run_json(["bash", "tools/device/run.sh", model, "--input", os.path.join(BNN, name + ".input0.npy"),
                       "--json"], env)
    summary = run_json([kinglet, "inspect", "--json", model])["summary"]
    accuracy = None
    if split:
        size = run_json([kinglet, "inspect", "--json", model])["subgraphs"][0]
        side = size["tensors"][size["inputs"][0]]["shape"][1]
        report = run_json([kinglet, "eval", model, "--inputs", os.path.join(split, "%d.x.npy" % side),
                           "--labels", os.path.join(split, "%d.y.npy" % side), "--json"])
        accuracy = report["classification"]["accuracy"]
    return dict(name=name, device=device, macs=summary.get("total_macs", 0), bops=summary.get("total_bops", 0),
                accuracy=accuracy)


def millions(n):
    return "%.2f M" % (n / 1e6)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinglet", required=True, help="the host kinglet binary")
    parser.add_argument("--split", default=None, help="the digits test split (build_twins.py --export-split)")
    args = parser.parse_args()
    kinglet = os.path.abspath(args.kinglet)
    with open(os.path.join(BNN, "twins.json")) as f:
        twins = json.load(f)["models"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources"], capture_output=True, text=True,
                           cwd=ROOT).stdout.strip()
    print("Measured %s at commit %s%s with `python3 tools/bnn/device_table.py --kinglet %s%s`:"
          % (datetime.date.today().isoformat(), commit, " (Sources modified)" if dirty else "", args.kinglet,
             " --split DIR" if args.split else ""))
    print()
    print("| model | flash code | model | arena | static | stack | instructions / invoke | MACs / BOPs | accuracy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for twin in twins:
        for name, label in ((twin["twin_of"], twin["twin_of"] + " (BNN)"), (twin["name"], twin["name"])):
            row = measure(kinglet, name, args.split)
            d = row["device"]
            cost = millions(row["macs"]) + (" / " + millions(row["bops"]) if row["bops"] else "")
            accuracy = "%.3f" % row["accuracy"] if row["accuracy"] is not None else "–"
            print("| %s | %s B | %s B | %s B | %s B | %s B | %s | %s | %s |" % (
                label, format(d["flash_code_bytes"], ","), format(d["flash_model_bytes"], ","),
                format(d["arena_bytes"], ","), format(d["static_ram_bytes"], ","), format(d["stack_bytes"], ","),
                format(d["instructions_per_invoke"], ","), cost, accuracy), flush=True)


if __name__ == "__main__":
    main()
