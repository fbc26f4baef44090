#!/usr/bin/env python3
"""Device conformance: Kinglet on an emulated Cortex-M4F against the host `kinglet run`.

  python3 tools/device/conformance.py [--seed N] [--filter REGEX] [--kinglet PATH] [--no-mutants]

1. Every whole model of testdata/zoo (manifest kind "model"; on its stored inputs, or seeded
   inputs for streaming models, whose stored inputs are sequences) and every file in
   ../shared/models runs through tools/device/run.sh and through the host's `kinglet run` on the
   same inputs; every output must be identical byte for byte (the whole .npy file). So does one
   zoo operator model per operator list and type signature, and the smallest model of every
   folder of ../shared/tflm-suite (seeded inputs), and every model and operator of the
   binarized-network zoo (testdata/bnn), and its int8 twins (twins.json).
   A model the host refuses is "skipped" (and named), but the device must refuse it too, cleanly.
2. The failure paths: firmwares built to fault, trap or hang must make run.sh exit 2.
3. Hostile inputs: testdata/hostile/*.tflite and mutants made now (truncated and byte-flipped
   copies of models, drawn from a printed seed; --seed N repeats a run). On the device each must
   end in a result or an error code (run.sh exit 0 or 1) — never a fault, trap or timeout (exit
   2); and whatever the device runs must equal the host's run byte for byte.
Ends with "N passed, M failed" on its own line; exits 1 if anything failed.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_SH = os.path.join(ROOT, "tools", "device", "run.sh")
ZOO = os.path.join(ROOT, "testdata", "zoo")
BNN = os.path.join(ROOT, "testdata", "bnn")
HOSTILE = os.path.join(ROOT, "testdata", "hostile")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "models")
SUITE = os.path.join(os.path.dirname(ROOT), "shared", "tflm-suite")


def run(command, env=None, timeout=None):
    started = time.time()
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=timeout)
    return process.returncode, process.stdout.decode(errors="replace"), process.stderr.decode(errors="replace"), time.time() - started


def first_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line or line.startswith("run.sh:")]
    return (errors or lines or ["(no message)"])[0]


class Checker:
    def __init__(self, kinglet, work):
        self.kinglet = kinglet
        self.work = work
        self.passed = 0
        self.failed = []
        self.skipped = []
        self.env = dict(os.environ, KINGLET=kinglet)
        self.count = 0

    def output_count(self, model):
        code, out, _, _ = run([self.kinglet, "inspect", "--json", model])
        if code != 0:
            return None
        return len(json.loads(out)["subgraphs"][0]["outputs"])

    def compare(self, label, model, inputs, hostile=False):
        """Runs `model` on the device and the host; returns True when they agree."""
        self.count += 1
        directory = os.path.join(self.work, "%03d" % self.count)
        os.makedirs(directory)
        outputs = self.output_count(model) or 0
        input_args = []
        for path in inputs:
            input_args += ["--input", path]
        device_outputs = [os.path.join(directory, "device%d.npy" % i) for i in range(outputs)]
        host_outputs = [os.path.join(directory, "host%d.npy" % i) for i in range(outputs)]
        device_args = [RUN_SH, model] + input_args + sum((["--output", p] for p in device_outputs), []) + ["--json"]
        try:
            dcode, dout, derr, seconds = run(device_args, env=self.env, timeout=900)
        except subprocess.TimeoutExpired:
            return self.fail(label, "run.sh itself did not finish in 900 s")
        hcode, _, herr, _ = run([self.kinglet, "run", model] + input_args + sum((["--output", p] for p in host_outputs), []))
        if dcode == 2 or dcode not in (0, 1):
            return self.fail(label, "device: " + first_line(derr))
        if dcode == 1:
            if hcode == 0:
                return self.fail(label, "the device refused a model the host runs: " + first_line(derr))
            host_line = first_line(herr)
            if first_line(derr) != host_line:
                return self.fail(label, "refused with another message than the host's: %s vs %s" % (first_line(derr), host_line))
            if hostile:
                return self.ok(label, "refused on both: " + host_line, seconds)
            self.skipped.append(label)
            print("skip  %-44s host refuses it (%s); the device refuses it cleanly too" % (label, host_line), flush=True)
            return True
        if hcode != 0:
            return self.fail(label, "the device ran a model the host refuses: " + first_line(herr))
        for device_path, host_path in zip(device_outputs, host_outputs):
            with open(device_path, "rb") as f:
                device_bytes = f.read()
            with open(host_path, "rb") as f:
                host_bytes = f.read()
            if device_bytes != host_bytes:
                return self.fail(label, "%s differs from the host's %s" % (os.path.basename(device_path), os.path.basename(host_path)))
        figures = json.loads(dout)
        note = "%d output(s) identical; code %s B, arena %s B, stack %s B, heap %s B, %s instructions/invoke" % (
            outputs, figures["flash_code_bytes"], figures["arena_bytes"], figures["stack_bytes"],
            figures["heap_bytes"], figures["instructions_per_invoke"])
        return self.ok(label, note, seconds)

    def ok(self, label, note, seconds):
        self.passed += 1
        print("pass  %-44s %s (%.1f s)" % (label, note, seconds), flush=True)
        return True

    def fail(self, label, reason):
        self.failed.append(label)
        print("FAIL  %-44s %s" % (label, reason), flush=True)
        return False


def mutants(rng, work):
    """Truncated and byte-flipped copies of real models, written to `work`."""
    sources = [os.path.join(ROOT, "testdata", "conv_int8.tflite"), os.path.join(ZOO, "mnist_dnn.tflite"),
               os.path.join(ROOT, "testdata", "fc_int8.tflite")]
    made = []
    for source in sources:
        with open(source, "rb") as f:
            data = f.read()
        stem = os.path.splitext(os.path.basename(source))[0]
        for length in (7, 64, len(data) // 2, len(data) - 1):
            path = os.path.join(work, "%s.truncated%d.tflite" % (stem, length))
            with open(path, "wb") as f:
                f.write(data[:length])
            made.append(path)
        for n in range(4):
            mutated = bytearray(data)
            positions = []
            for _ in range(rng.choice((1, 2, 8))):
                position = rng.randrange(len(mutated))
                mutated[position] ^= 1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)
                positions.append(position)
            path = os.path.join(work, "%s.flip%d@%s.tflite" % (stem, n, "-".join(str(p) for p in positions[:3])))
            with open(path, "wb") as f:
                f.write(mutated)
            made.append(path)
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=None, help="seed for the mutants (default: a new one, printed)")
    parser.add_argument("--filter", default=None, help="only labels matching this regular expression")
    parser.add_argument("--kinglet", default=None, help="host kinglet binary (default: swift build --product kinglet)")
    parser.add_argument("--no-mutants", action="store_true", help="skip the hostile part")
    args = parser.parse_args()

    for tool in ("qemu-system-arm", "arm-none-eabi-gcc"):
        if shutil.which(tool) is None:
            sys.exit("conformance.py: %s not found (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)" % tool)
    kinglet = args.kinglet
    if kinglet is None:
        code, _, err, _ = run(["swift", "build", "--package-path", ROOT, "--product", "kinglet"])
        if code != 0:
            sys.exit("conformance.py: swift build --product kinglet failed:\n" + err)
        _, out, _, _ = run(["swift", "build", "--package-path", ROOT, "--show-bin-path"])
        kinglet = os.path.join(out.strip(), "kinglet")
    kinglet = os.path.abspath(kinglet)
    # Build the library once, before the clock of the first model starts.
    code, _, err, _ = run([os.path.join(ROOT, "tools", "device", "build_lib.sh")])
    if code != 0:
        sys.exit("conformance.py: tools/device/build_lib.sh failed:\n" + err)

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print("device conformance: host %s, mutant seed %d (--seed %d repeats this run)" % (kinglet, seed, seed), flush=True)
    work = tempfile.mkdtemp(prefix="kinglet-device-conformance.")
    checker = Checker(kinglet, work)
    selected = lambda label: args.filter is None or re.search(args.filter, label)

    # The failure paths themselves: firmwares that fault, trap or hang must be exit 2, one line.
    for selftest, expected in (("1", "hard fault"), ("2", "Swift runtime trap"), ("3", "timeout")):
        label = "selftest/" + {"1": "bus-fault", "2": "trap", "3": "hang"}[selftest]
        if not selected(label):
            continue
        env = dict(checker.env, KINGLET_FW_SELFTEST=selftest, KINGLET_DEVICE_TIMEOUT="5")
        code, _, err, seconds = run([RUN_SH, os.path.join(ROOT, "testdata", "fc_int8.tflite")], env=env, timeout=300)
        lines = err.strip().splitlines()
        if code == 2 and len(lines) == 1 and expected in lines[0]:
            checker.ok(label, "exit 2: " + lines[0], seconds)
        else:
            checker.fail(label, "expected exit 2 and one line with '%s', got exit %d: %s" % (expected, code, err.strip()))

    with open(os.path.join(ZOO, "manifest.json")) as f:
        manifest = json.load(f)
    for entry in manifest["models"]:
        if entry.get("kind") != "model":
            continue
        label = "zoo/" + entry["name"]
        if not selected(label):
            continue
        # Streaming models' stored inputs are sequences ([steps, ...]): one seeded invoke instead.
        inputs = [] if entry.get("sequence") else [os.path.join(ZOO, name) for name in entry.get("inputs", [])]
        checker.compare(label + ("" if inputs else " (seed 0)"), os.path.join(ZOO, entry["file"]), inputs)

    # One zoo operator model per operator list and type signature: every kernel and type path
    # the zoo covers runs on the device too.
    seen = set()
    for entry in manifest["models"]:
        key = (tuple(entry.get("ops", [])), tuple(entry.get("input_dtypes", [])), tuple(entry.get("output_dtypes", [])))
        if entry.get("kind") != "op" or key in seen:
            continue
        seen.add(key)
        label = "zoo/" + entry["name"]
        if selected(label):
            # Streaming entries' stored inputs are sequences: one seeded invoke instead.
            inputs = [] if entry.get("sequence") else [os.path.join(ZOO, n) for n in entry["inputs"]]
            checker.compare(label + ("" if inputs else " (seed 0)"), os.path.join(ZOO, entry["file"]), inputs)

    # TFLM's own models: the smallest of each folder (the seanet single-operator tests come 5 to
    # 34 a folder), on seeded inputs.
    if os.path.isdir(SUITE):
        smallest = {}
        for folder, _, files in os.walk(SUITE):
            for name in files:
                path = os.path.join(folder, name)
                if name.endswith(".tflite") and (folder not in smallest or os.path.getsize(path) < os.path.getsize(smallest[folder])):
                    smallest[folder] = path
        for folder in sorted(smallest):
            label = "suite/" + os.path.relpath(smallest[folder], SUITE)[:-len(".tflite")]
            if selected(label):
                checker.compare(label + " (seed 0)", smallest[folder], [])
    else:
        print("note: %s not found; TFLM's own models are not checked" % SUITE)

    # The binarized-network zoo: whole models, their LCE operators and their summing float builtins.
    with open(os.path.join(BNN, "manifest.json")) as f:
        bnn = json.load(f)
    for entry in bnn["models"]:
        for item in [entry] + entry.get("operators", []) + entry.get("builtin_operators", []):
            label = "bnn/" + item["name"]
            if selected(label):
                checker.compare(label, os.path.join(BNN, item["file"]), [os.path.join(BNN, n) for n in item["inputs"]])
    # Their int8 twins (tools/bnn/build_twins.py; ordinary TFLite operators).
    twins_path = os.path.join(BNN, "twins.json")
    if os.path.exists(twins_path):
        with open(twins_path) as f:
            twins = json.load(f)
        for entry in twins["models"]:
            label = "bnn/" + entry["name"]
            if selected(label):
                checker.compare(label, os.path.join(BNN, entry["file"]), [os.path.join(BNN, n) for n in entry["inputs"]])

    if os.path.isdir(SHARED):
        for name in sorted(os.listdir(SHARED)):
            if name.endswith(".tflite") and selected("shared/" + name):
                checker.compare("shared/" + name + " (seed 0)", os.path.join(SHARED, name), [])
    else:
        print("note: %s not found; its models are not checked" % SHARED)

    if not args.no_mutants:
        hostile = sorted(os.path.join(HOSTILE, n) for n in os.listdir(HOSTILE) if n.endswith(".tflite"))
        rng = random.Random(seed)
        mutant_dir = os.path.join(work, "mutants")
        os.makedirs(mutant_dir)
        for path in hostile + mutants(rng, mutant_dir):
            label = ("hostile/" if path.startswith(HOSTILE) else "mutant/") + os.path.basename(path)
            if selected(label):
                checker.compare(label, path, [], hostile=True)

    shutil.rmtree(work, ignore_errors=True)
    if checker.skipped:
        print("%d skipped (the host refuses them): %s" % (len(checker.skipped), ", ".join(checker.skipped)))
    if checker.failed:
        print("failed: " + ", ".join(checker.failed))
    print("%d passed, %d failed" % (checker.passed, len(checker.failed)))
    sys.exit(1 if checker.failed else 0)


if __name__ == "__main__":
    main()
