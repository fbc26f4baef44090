#!/usr/bin/env python3
"""Generates Sources/KingletReport/DeviceCodeTable.swift from REAL linked firmwares.

  python3 tools/device/measure_code_table.py > Sources/KingletReport/DeviceCodeTable.swift
  python3 tools/device/measure_code_table.py --check [--filter REGEX]

Generation: links the reference firmware (tools/device/build_fw.sh, QEMU mps2-an386, Cortex-M4F,
newlib-nano, libm, libgcc, --gc-sections) once with no operator registered and once per operator
that include/kinglet.h declares, with the smallest zoo model in flash (the model's bytes are not
code). For each ELF it records the linked flash symbols with their sizes (arm-none-eabi-nm
--print-size: .text, .rodata, the initial values of .data; libc, libm and compiler-rt functions
included, since they are in the ELF) and flash_code_bytes from build_fw.sh's sizes.txt. The gap
between the two (section alignment padding, the vector table, unwind entries) is recorded too.
A model's code is then estimated (DeviceCodeTable.codeBytes(for:)) as the base firmware's
flash_code_bytes plus the size of the UNION of the symbols its operators' firmwares add to the
base, so code that operators share is counted once, plus each operator's padding.

--check: for every model of the device conformance set (whole zoo models and
../shared/models/*.tflite), runs tools/device/run.sh MODEL --json and
`kinglet budget MODEL --target cortex-m4 --json`, and prints arena and code side by side; exits 1
when an arena differs or a code estimate is off by more than 2 %. Needs the arm toolchain and QEMU.

Environment: KINGLET (host kinglet binary, for --check; default: swift build --product kinglet).
Progress goes to stderr.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_FW = os.path.join(ROOT, "tools", "device", "build_fw.sh")
RUN_SH = os.path.join(ROOT, "tools", "device", "run.sh")
ZOO = os.path.join(ROOT, "testdata", "zoo")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "models")
RAM_BASE = 0x20000000
CACHE = os.environ.get("KINGLET_DEVICE_CACHE", os.path.join(ROOT, ".build-device"))
RUNS_JSON = os.path.join(CACHE, "conformance_runs.json")
TABLE_JSON = os.path.join(CACHE, "code_table.json")


def estimate(table, ops):
    """The same estimate as DeviceCodeTable.codeBytes(for:), from the JSON the generator keeps."""
    ops = [op for op in dict.fromkeys(ops) if op in table["operators"]]
    sections = {}
    total = table["base_bytes"]
    for op in ops:
        _, added, rest = table["operators"][op]
        total += rest
        for key, growth in added:
            sections[key] = max(sections.get(key, 0), growth)
    return total + sum(sections.values()) + 4 * max(0, len(ops) - 1)


def quick_check():
    """Links each conformance model's firmware (no QEMU) and compares with the table's estimate."""
    table = json.load(open(TABLE_JSON))
    kinglet = os.environ.get("KINGLET") or os.path.join(ROOT, ".build", "debug", "kinglet")
    worst = 0.0
    for model in conformance_models():
        inspected = subprocess.run([kinglet, "inspect", "--json", model], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if inspected.returncode != 0:
            continue
        ops = output(["python3", os.path.join(ROOT, "tools", "device", "device_io.py"), "ops", "/dev/stdin"],
                     input=inspected.stdout).split()
        flash, _, _ = measure(model, ops)
        guess = estimate(table, ops)
        worst = max(worst, abs(guess - flash) / flash * 100)
        print("%-28s linked %8d  table %8d  %+6.2f %%  %s" % (os.path.basename(model)[:-7], flash, guess,
                                                             (guess - flash) / flash * 100, " ".join(ops)), flush=True)
    print("worst %.2f %%" % worst)


def log(message):
    print(message, file=sys.stderr, flush=True)


def output(command, **kwargs):
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, **kwargs).stdout.decode()


def operators():
    with open(os.path.join(ROOT, "include", "kinglet.h")) as header:
        return re.findall(r"^void kinglet_op_([A-Za-z0-9_]+)\(", header.read(), re.M)


def sections(elf):
    """(name, size, address) of the ELF's allocated sections."""
    result = []
    for line in output(["arm-none-eabi-size", "-A", "-d", elf]).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith(".") and parts[1].isdigit():
            result.append((parts[0], int(parts[1]), int(parts[2])))
    return result


FLASH_OUTPUT = re.compile(r"^(\.\S+)\s")
INPUT = re.compile(r"^ (\S+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.+))?$")
PLACED = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")


def normalize(path):
    """libkinglet.a(KingletKernels.o), startup.o, libc_nano.a(libc_a-memcpy.o): no directories."""
    match = re.match(r"^(.*?)\((.*)\)$", path)
    if match:
        return os.path.basename(match.group(1)) + "(" + match.group(2) + ")"
    return os.path.basename(path)


def snapshot():
    """The sources the firmwares are built from: a copy of the commit KINGLET_SOURCE_COMMIT (default
    HEAD) under the device cache, so a measurement names one commit and edits in progress in the
    working tree do not leak in. KINGLET_SOURCE_COMMIT=worktree builds the working tree as it is."""
    commit = os.environ.get("KINGLET_SOURCE_COMMIT", "HEAD")
    if commit == "worktree":
        return ROOT, git("rev-parse", "--short", "HEAD") + "+working tree"
    full = output(["git", "-C", ROOT, "rev-parse", commit]).strip()
    directory = os.path.join(CACHE, "src", full[:16])
    if not os.path.isdir(directory):
        temporary = directory + ".tmp"
        subprocess.run(["rm", "-rf", temporary], check=True)
        os.makedirs(temporary)
        archive = subprocess.Popen(["git", "-C", ROOT, "archive", full], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", temporary], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            sys.exit("measure_code_table: git archive %s failed" % commit)
        os.rename(temporary, directory)
    return directory, full[:7]


SOURCE_ROOT = None


def measure(model, ops):
    """One firmware: flash_code_bytes, its linked flash input sections {(output section, input
    section, object): bytes} from the linker map, and the alignment fill between them."""
    build_fw = os.path.join(SOURCE_ROOT or ROOT, "tools", "device", "build_fw.sh")
    built = subprocess.run(["bash", build_fw, model] + ops, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, KINGLET_DEVICE_CACHE=CACHE))
    if built.returncode != 0:
        sys.exit("measure_code_table: build_fw.sh %s failed:\n%s" % (" ".join(ops), built.stderr.decode()[-2000:]))
    directory = built.stdout.decode().strip().splitlines()[-1]
    sizes = dict(line.strip().split("=", 1) for line in open(os.path.join(directory, "sizes.txt")) if "=" in line)
    flash_code = int(sizes["flash_code_bytes"])
    counted = {name for name, size, address in sections(os.path.join(directory, "fw.elf"))
               if not name.startswith((".debug", ".comment", ".ARM.attributes")) and name != ".kinglet_model"
               and (address < RAM_BASE or name == ".data")}
    pieces, fill = {}, 0
    current, pending = None, None
    with open(os.path.join(directory, "fw.map")) as linker_map:
        lines = linker_map.read().split("Linker script and memory map", 1)[1].splitlines()
    for line in lines:
        output_match = FLASH_OUTPUT.match(line)
        if output_match:
            current, pending = output_match.group(1), None
            continue
        if current not in counted:
            continue
        if pending is not None:
            placed = PLACED.match(line)
            pending, name = None, pending
            if placed and int(placed.group(2), 16) > 0:
                key = (current, name, normalize(placed.group(3)))
                pieces[key] = pieces.get(key, 0) + int(placed.group(2), 16)
            continue
        fill_match = re.match(r"^ \*fill\*\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", line)
        if fill_match:
            fill += int(fill_match.group(1), 16)
            continue
        input_match = INPUT.match(line)
        if not input_match or input_match.group(1).startswith("*("):
            continue
        name = input_match.group(1)
        if input_match.group(2) is None:
            pending = name
        elif int(input_match.group(3), 16) > 0:
            key = (current, name, normalize(input_match.group(4)))
            pieces[key] = pieces.get(key, 0) + int(input_match.group(3), 16)
    measure.static_ram = int(sizes["static_ram_bytes"])
    return flash_code, pieces, fill


def smallest_zoo_model():
    models = [os.path.join(ZOO, name) for name in os.listdir(ZOO) if name.endswith(".tflite")]
    return min(models, key=lambda path: (os.path.getsize(path), path))


def git(*args):
    try:
        return output(["git", "-C", ROOT] + list(args), stderr=subprocess.DEVNULL).strip()
    except subprocess.CalledProcessError:
        return "unknown"


def generate():
    global SOURCE_ROOT
    SOURCE_ROOT, source = snapshot()
    log("measure_code_table: sources %s (%s)" % (source, SOURCE_ROOT))
    model = smallest_zoo_model()
    names = operators()
    log("measure_code_table: base firmware (no operators), model %s" % os.path.relpath(model, ROOT))
    base_flash, base_pieces, base_fill = measure(model, [])
    base_static = measure.static_ram
    static_growth = {}
    log("measure_code_table: base %d bytes = %d in sections + fill %d + %d unaccounted" % (
        base_flash, sum(base_pieces.values()), base_fill, base_flash - sum(base_pieces.values()) - base_fill))
    # Every input section some operator links beyond the base (or links larger): key -> id.
    ids, keys = {}, []
    per_operator = {}
    for number, op in enumerate(names, 1):
        flash, pieces, fill = measure(model, [op])
        static_growth[op] = measure.static_ram - base_static
        added = []
        for key, size in sorted(pieces.items()):
            growth = size - base_pieces.get(key, 0)
            if growth <= 0:
                continue
            if key not in ids:
                ids[key] = len(keys)
                keys.append(key)
            added.append((ids[key], growth))
        rest = flash - base_flash - sum(growth for _, growth in added)
        log("measure_code_table: %d/%d %s +%d (%d sections, rest %d, fill %+d)" % (
            number, len(names), op, flash - base_flash, len(added), rest, fill - base_fill))
        per_operator[op] = (flash - base_flash, added, rest)
    base_padding = base_fill
    if not os.path.exists(RUNS_JSON):
        sys.exit("measure_code_table: no stack measurements; run --measure-stack first (runs every conformance model on QEMU)")
    runs = json.load(open(RUNS_JSON))
    stack = max(run["stack_bytes"] for run in runs.values())
    deepest = sorted(name for name, run in runs.items() if run["stack_bytes"] == stack)
    table = {"base_bytes": base_flash, "base_fill": base_fill, "operators": per_operator}
    with open(TABLE_JSON, "w") as cache:
        json.dump(table, cache)
    gcc = output(["arm-none-eabi-gcc", "--version"]).splitlines()[0]
    swift = output(["swiftc", "--version"], stderr=subprocess.STDOUT).splitlines()[0]
    date = datetime.date.today().isoformat()
    lines = []
    w = lines.append
    w("// GENERATED by tools/device/measure_code_table.py — do not edit; regenerate with")
    w("//   python3 tools/device/measure_code_table.py > Sources/KingletReport/DeviceCodeTable.swift")
    w("// Measured %s on sources %s: reference firmware (device/firmware, tools/device/build_fw.sh)" % (date, source))
    w("// for QEMU mps2-an386 (Cortex-M4F), linked with --gc-sections, newlib-nano, libm and libgcc.")
    w("// %s; %s." % (swift, gcc))
    w("// One firmware with no operator and one per operator; the symbols each adds to the base")
    w("// (arm-none-eabi-nm --print-size, flash only: .text, .rodata, .data's initial values), so the")
    w("// libc, libm and compiler-rt code an operator pulls in is counted. See docs/code-size.md.")
    w("")
    w("/// Linked code size on a Cortex-M4 (flash_code_bytes of tools/device/run.sh), per operator set.")
    w("public enum DeviceCodeTable {")
    w("    /// Where and how the table was measured.")
    w("    public static let measuredWith: String = %s" % json.dumps(
        "reference firmware for QEMU mps2-an386 linked per operator (tools/device/measure_code_table.py), %s, sources %s" % (date, source)))
    w("")
    w("    /// flash_code_bytes of the firmware with no operator registered (runtime, C API, startup,")
    w("    /// semihosting, libc/libm/compiler-rt parts it links). Its alignment fill: %d bytes." % base_padding)
    w("    public static let baseBytes: Int = %d" % base_flash)
    w("")
    w("    /// .data + .bss of the firmware with no operator (static_ram_bytes), and what each operator adds.")
    w("    public static let baseStaticRAMBytes: Int = %d" % base_static)
    grown = ["%s: %d" % (json.dumps(op), growth) for op, growth in sorted(static_growth.items()) if growth]
    w("    static let operatorStaticRAMBytes: [String: Int] = [%s]" % (", ".join(grown) if grown else ":"))
    w("")
    w("    /// Stack: a conservative table value, the largest high-water mark tools/device/run.sh measured")
    w("    /// (painted stack, load and invoke) over the %d models of the device conformance set that ran." % len(runs))
    w("    public static let stackBytes: Int = %d" % stack)
    w("    public static let stackBasis: String = %s" % json.dumps(
        "largest high-water mark measured on the device over %d conformance models (%s), %s" % (
            len(runs), ", ".join(deepest[:3]) + (", ..." if len(deepest) > 3 else ""), date)))
    w("")
    w("    /// Static RAM for a firmware registering `builtinNames`.")
    w("    public static func staticRAMBytes<Names: Sequence>(for builtinNames: Names) -> Int where Names.Element == String {")
    w("        var seen: Set<String> = []")
    w("        var bytes = baseStaticRAMBytes")
    w("        for name in builtinNames where seen.insert(name).inserted { bytes += operatorStaticRAMBytes[name] ?? 0 }")
    w("        return bytes")
    w("    }")
    w("")
    w("    /// Per operator: flash_code_bytes over the base when registered alone; the linked input")
    w("    /// sections (linker map: output section, input section, object) it adds to the base or links")
    w("    /// larger, as pairs (section id, bytes added); and the rest of its growth (alignment fill).")
    w("    static let operators: [String: (aloneBytes: Int, sections: [Int32], restBytes: Int)] = [")
    for op in names:
        alone, added, rest = per_operator[op]
        flat = ", ".join("%d, %d" % pair for pair in added)
        w("        %s: (%d, [%s], %d)," % (json.dumps(op), alone, flat, rest))
    w("    ]")
    w("")
    w("    /// The operators the table has (those include/kinglet.h declares).")
    w("    public static var measuredOperators: [String] { operators.keys.sorted() }")
    w("")
    w("    /// flash_code_bytes for a firmware registering `builtinNames` (schema names; duplicates count")
    w("    /// once): the base, plus each input section the operators add counted once (at the largest")
    w("    /// growth any of them gives it), plus each operator's rest and one 4-byte fw_ops entry per")
    w("    /// operator beyond the first. Names the table lacks add nothing (the device cannot register")
    w("    /// them) and are returned in `unknown`.")
    w("    public static func codeBytes<Names: Sequence>(for builtinNames: Names) -> (bytes: Int, unknown: [String])")
    w("    where Names.Element == String {")
    w("        var seen: Set<String> = []")
    w("        var sections: [Int32: Int32] = [:]")
    w("        var bytes = baseBytes")
    w("        var unknown: [String] = []")
    w("        for name in builtinNames where seen.insert(name).inserted {")
    w("            guard let entry = operators[name] else { unknown.append(name); continue }")
    w("            bytes += entry.restBytes")
    w("            var pair = 0")
    w("            while pair + 1 < entry.sections.count {")
    w("                sections[entry.sections[pair]] = max(sections[entry.sections[pair]] ?? 0, entry.sections[pair + 1])")
    w("                pair += 2")
    w("            }")
    w("        }")
    w("        for growth in sections.values { bytes += Int(growth) }")
    w("        let registered = seen.count - unknown.count")
    w("        if registered > 1 { bytes += 4 * (registered - 1) }")
    w("        return (bytes, unknown.sorted())")
    w("    }")
    w("}")
    print("\n".join(lines))


def conformance_models():
    with open(os.path.join(ZOO, "manifest.json")) as manifest:
        entries = json.load(manifest)["models"]
    models = [os.path.join(ZOO, entry["name"] + ".tflite") for entry in entries if entry.get("kind") == "model"]
    if os.path.isdir(SHARED):
        models += sorted(os.path.join(SHARED, name) for name in os.listdir(SHARED) if name.endswith(".tflite"))
    return models


def host_kinglet():
    kinglet = os.environ.get("KINGLET")
    if not kinglet:
        subprocess.run(["swift", "build", "--product", "kinglet"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kinglet = os.path.join(output(["swift", "build", "--show-bin-path"], cwd=ROOT).strip(), "kinglet")
    return kinglet


def snapshot_run_sh():
    """run.sh of the same snapshot the table is built from (KINGLET_SOURCE_COMMIT, default HEAD)."""
    global SOURCE_ROOT
    SOURCE_ROOT, source = snapshot()
    log("measure_code_table: device runs on sources %s" % source)
    return os.path.join(SOURCE_ROOT, "tools", "device", "run.sh")


def measure_stack():
    """run.sh --json on every conformance model; keeps the results for the generator's stack figure."""
    env = dict(os.environ, KINGLET=host_kinglet(), KINGLET_DEVICE_CACHE=CACHE)
    run_sh = snapshot_run_sh()
    runs = {}
    for model in conformance_models():
        label = os.path.basename(model)[:-7]
        device = subprocess.run(["bash", run_sh, model, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if device.returncode == 0:
            runs[label] = json.loads(device.stdout)
            log("measure_code_table: %s stack %d" % (label, runs[label]["stack_bytes"]))
        else:
            log("measure_code_table: %s not run (%s)" % (label, device.stderr.decode().strip().splitlines()[-1][:100]))
    os.makedirs(os.path.dirname(RUNS_JSON), exist_ok=True)
    with open(RUNS_JSON, "w") as kept:
        json.dump(runs, kept, indent=1)
    return 0


def check(pattern):
    kinglet = host_kinglet()
    env = dict(os.environ, KINGLET=kinglet, KINGLET_DEVICE_CACHE=CACHE)
    run_sh = snapshot_run_sh()
    rows, failures = [], 0
    print("%-28s %10s %10s %6s %10s %10s %7s %7s %7s" % ("model", "arena dev", "budget", "diff", "code dev",
                                                         "budget", "diff %", "static", "stack"))
    for model in conformance_models():
        label = os.path.basename(model)[:-7]
        if pattern and not re.search(pattern, label):
            continue
        device = subprocess.run(["bash", run_sh, model, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if device.returncode != 0:
            print("%-28s device: %s" % (label, device.stderr.decode().strip().splitlines()[-1][:90]))
            continue
        measured = json.loads(device.stdout)
        budget = subprocess.run([kinglet, "budget", model, "--target", "cortex-m4", "--json"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        if budget.returncode not in (0, 3):
            print("%-28s budget: %s" % (label, budget.stderr.decode().strip()[:90]))
            failures += 1
            continue
        device_figures = json.loads(budget.stdout)["device"]
        arena_diff = device_figures["arena_bytes"] - measured["arena_bytes"]
        code_diff = (device_figures["flash_code_bytes"] - measured["flash_code_bytes"]) / measured["flash_code_bytes"] * 100
        bad = arena_diff != 0 or abs(code_diff) > 2
        failures += bad
        print("%-28s %10d %10d %6d %10d %10d %+7.2f %7d %7d%s" % (
            label, measured["arena_bytes"], device_figures["arena_bytes"], arena_diff, measured["flash_code_bytes"],
            device_figures["flash_code_bytes"], code_diff, measured["static_ram_bytes"], measured["stack_bytes"],
            "  FAIL" if bad else ""), flush=True)
    print("%d failed" % failures)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare budget --target cortex-m4 with run.sh on the conformance set")
    parser.add_argument("--measure-stack", action="store_true", help="run every conformance model on QEMU and keep the stack figures")
    parser.add_argument("--quick-check", action="store_true", help="link each conformance model's firmware and compare with the table (no QEMU)")
    parser.add_argument("--filter", help="only models whose name matches (with --check)")
    arguments = parser.parse_args()
    if arguments.measure_stack:
        sys.exit(measure_stack())
    if arguments.quick_check:
        sys.exit(quick_check())
    if arguments.check:
        sys.exit(check(arguments.filter))
    generate()


if __name__ == "__main__":
    main()
