"""The TFLM signal library's custom operators: Kinglet against pip tflite-micro, one operator at a time.

Each SignalX operator of TFLM's micro_speech audio preprocessors
(../shared/tflm-suite/tensorflow/lite/micro/examples/micro_speech/models/audio_preprocessor_*.tflite)
is cut out into a one-operator model (schema object API: the operator, its tensors and constant
buffers; the non-constant inputs become the graph's inputs). Seeded random inputs, a sequence of
STEPS invokes on one interpreter (SignalFilterBankSpectralSubtraction keeps its noise estimate across
invokes), run by pip tflite-micro and by `kinglet run --sequence`; outputs compared byte for byte
(SignalEnergy: only bins start_index..<end_index, the ones TFLM writes).

    /tmp/venv-vectors/bin/python tools/vectors/signal_vectors.py --kinglet .build/release/kinglet [--seed S] [--cases N]

Prints one line per operator and exits 1 on any difference.

    /tmp/venv-vectors/bin/python tools/vectors/signal_vectors.py --write testdata/signal --seed 11

`--twiddles` prints SignalRfftTests' digest of every supported length's twiddles (glibc cos/sin).
`--write` writes the fixtures of Tests/KingletRuntimeTests/SignalOperatorTests.swift instead (no Kinglet
needed): each distinct one-operator model, one seeded input sequence and pip's outputs (.npy, with
a leading steps axis), listed in manifest.json (`compare`: the output elements to compare).
"""
from __future__ import annotations

import argparse
import copy
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import schema  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.path.join(ROOT, "..", "shared", "tflm-suite", "tensorflow", "lite", "micro", "examples",
                      "micro_speech", "models")
DTYPES = {7: np.int16, 2: np.int32, 15: np.uint32, 12: np.uint64, 0: np.float32, 9: np.int8}


def cut(model_bytes: bytes, op_index: int):
    """A one-operator model of operator op_index, with its graph inputs' tensor ids and dtypes."""
    fb = schema()
    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(model_bytes, 0))
    sub = m.subgraphs[0]
    op = copy.deepcopy(sub.operators[op_index])
    used = [i for i in list(op.inputs) + list(op.outputs) if i >= 0]
    remap = {old: new for new, old in enumerate(dict.fromkeys(used))}
    tensors = [copy.deepcopy(sub.tensors[old]) for old in remap]
    buffers = [fb.BufferT()]
    inputs = []
    for old, t in zip(remap, tensors):
        src = m.buffers[t.buffer] if t.buffer < len(m.buffers) else None
        if src is not None and src.data is not None and len(src.data) > 0:
            b = fb.BufferT()
            b.data = src.data
            buffers.append(b)
        else:
            buffers.append(fb.BufferT())
            if old in list(op.inputs):
                inputs.append(remap[old])
        t.buffer = len(buffers) - 1
    code = copy.deepcopy(m.operatorCodes[op.opcodeIndex])
    op.opcodeIndex = 0
    op.inputs = np.array([remap[i] if i >= 0 else -1 for i in op.inputs], dtype=np.int32)
    op.outputs = np.array([remap[i] for i in op.outputs], dtype=np.int32)
    sub.tensors = tensors
    sub.operators = [op]
    sub.inputs = np.array(inputs, dtype=np.int32)
    sub.outputs = np.array(list(op.outputs), dtype=np.int32)
    m.subgraphs = [sub]
    m.operatorCodes = [code]
    m.buffers = buffers
    m.signatureDefs = []
    m.metadata = []
    import flatbuffers

    b = flatbuffers.Builder(4096)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    name = code.customCode.decode()
    ins = [(tensors[i].shape.tolist(), DTYPES[tensors[i].type]) for i in inputs]
    outs = [(tensors[i].shape.tolist(), DTYPES[tensors[i].type]) for i in op.outputs]
    opts = bytes(op.customOptions) if op.customOptions is not None else b""
    return name, bytes(b.Output()), ins, outs, opts


def cut_chain(model_bytes: bytes, first: int, last: int):
    """Operators first...last as one model: the inputs they read but do not write become graph
    inputs, what they write and do not read the outputs. Returns (model, inputs, outputs)."""
    import flatbuffers

    fb = schema()
    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(model_bytes, 0))
    sub = m.subgraphs[0]
    ops = [copy.deepcopy(sub.operators[i]) for i in range(first, last + 1)]
    read = [i for op in ops for i in op.inputs if i >= 0]
    written = [i for op in ops for i in op.outputs]
    used = list(dict.fromkeys(read + written))
    remap = {old: new for new, old in enumerate(used)}
    tensors = [copy.deepcopy(sub.tensors[old]) for old in used]
    buffers, inputs = [fb.BufferT()], []
    for old, t in zip(used, tensors):
        src = m.buffers[t.buffer] if t.buffer < len(m.buffers) else None
        b = fb.BufferT()
        if src is not None and src.data is not None and len(src.data) > 0:
            b.data = src.data
        elif old not in written:
            inputs.append(remap[old])
        buffers.append(b)
        t.buffer = len(buffers) - 1
    outputs = [remap[i] for i in dict.fromkeys(written) if i not in read]
    codes, code_index = [], {}
    for op in ops:
        if op.opcodeIndex not in code_index:
            code_index[op.opcodeIndex] = len(codes)
            codes.append(copy.deepcopy(m.operatorCodes[op.opcodeIndex]))
        op.opcodeIndex = code_index[op.opcodeIndex]
        op.inputs = np.array([remap[i] if i >= 0 else -1 for i in op.inputs], dtype=np.int32)
        op.outputs = np.array([remap[i] for i in op.outputs], dtype=np.int32)
    sub.tensors, sub.operators = tensors, ops
    sub.inputs, sub.outputs = np.array(inputs, dtype=np.int32), np.array(outputs, dtype=np.int32)
    m.subgraphs, m.operatorCodes, m.buffers, m.signatureDefs, m.metadata = [sub], codes, buffers, [], []
    b = flatbuffers.Builder(8192)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    shape = lambda i: (tensors[i].shape.tolist(), DTYPES[tensors[i].type])  # noqa: E731
    return bytes(b.Output()), [shape(i) for i in inputs], [shape(i) for i in outputs]


# The audio preprocessors' runs of operators Kinglet has without CAST and DIV: SignalWindow to
# SignalEnergy (with a RESHAPE), and SignalFilterBank to SignalFilterBankLog.
CHAINS = [(0, 4, "SignalEnergy"), (9, 13, "SignalFilterBankLog")]

# SignalRfft lengths beyond the preprocessors' 512 (= 2 * 4^4): every butterfly (2, 3, 4, 5) and
# kiss_fftr's middle bin; (fft_length, input row length, rows).
RFFT_LENGTHS = [(4, 3, 2), (6, 6, 1), (10, 7, 3), (12, 12, 2), (20, 20, 1), (30, 17, 2), (36, 36, 1),
                (50, 50, 1), (60, 41, 2), (90, 90, 1), (100, 100, 1), (120, 97, 1), (250, 250, 1),
                (320, 300, 1), (360, 360, 1), (400, 400, 1), (480, 480, 1), (750, 700, 1), (1000, 1000, 1),
                (1024, 1000, 1), (1536, 1536, 1), (2048, 2048, 1)]


def rfft_variant(model: bytes, fft_length: int, row: int, rows: int, float32: bool = False) -> bytes:
    """The cut SignalRfft model with another fft_length and shapes [rows, row] -> [rows, n + 2]
    (float32: option T and both tensors FLOAT32)."""
    import flatbuffers
    from flatbuffers import flexbuffers

    fb = schema()
    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(model, 0))
    sub = m.subgraphs[0]
    op = sub.operators[0]
    op.customOptions = np.frombuffer(
        bytes(flexbuffers.Dumps({"T": 0 if float32 else 7, "fft_length": fft_length})), dtype=np.uint8)
    sub.tensors[op.inputs[0]].shape = np.array([rows, row], dtype=np.int32)
    sub.tensors[op.outputs[0]].shape = np.array([rows, fft_length + 2], dtype=np.int32)
    for i in list(op.inputs) + list(op.outputs):
        sub.tensors[i].shapeSignature = None
        if float32:
            sub.tensors[i].type = fb.TensorType.FLOAT32
    b = flatbuffers.Builder(4096)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())



def operators():
    """(label, name, model, inputs, outputs, options, stream) for every case family."""
    from flatbuffers import flexbuffers

    for variant in ("int8", "float"):
        data = open(os.path.join(MODELS, f"audio_preprocessor_{variant}.tflite"), "rb").read()
        m = schema().Model.GetRootAs(data, 0)
        for index in range(m.Subgraphs(0).OperatorsLength()):
            if not m.OperatorCodes(m.Subgraphs(0).Operators(index).OpcodeIndex()).CustomCode():
                continue
            name, model, ins, outs, opts = cut(data, index)
            options = flexbuffers.Loads(opts) if opts else {}
            yield f"{variant} op {index:2d}", name, model, ins, outs, options, index
            if index == 13:
                for first, last, final in CHAINS:
                    model_c, ins_c, outs_c = cut_chain(data, first, last)
                    opts_c = {"start_index": 5, "end_index": 241} if final == "SignalEnergy" else {}
                    yield (f"{variant} ops {first}-{last}", final, model_c, ins_c, outs_c, opts_c,
                           10000 + 100 * first + (0 if variant == "int8" else 50))
            if name == "SignalRfft" and variant == "int8":
                for n, row, rows in RFFT_LENGTHS:
                    yield (f"rfft n={n:<5d}", name, rfft_variant(model, n, row, rows), [([rows, row], np.int16)],
                           [([rows, n + 2], np.int16)], {"T": 7, "fft_length": n}, 1000 + n)
                for n, row, rows in RFFT_LENGTHS:
                    yield (f"rfft f32 n={n:<5d}", "SignalRfft", rfft_variant(model, n, row, rows, True),
                           [([rows, row], np.float32)], [([rows, n + 2], np.float32)], {"T": 0, "fft_length": n},
                           5000 + n)


def draw(rng, name, shape, dtype):
    """Inputs that reach every branch: the whole range and random magnitudes (bit lengths)."""
    n = int(np.prod(shape)) if shape else 1
    if dtype == np.int16:
        bits = rng.integers(1, 16, size=n) if rng.random() < 0.7 else np.full(n, 16)
        if name in ("SignalFftAutoScale", "SignalRfft"):
            bits = np.full(n, rng.integers(1, 17))  # one amplitude for the frame
        lim = 1 << (bits - 1)
        v = rng.integers(-lim, lim, dtype=np.int64)
        if rng.random() < 0.1:
            v[rng.integers(0, n)] = -32768
        return v.astype(np.int16).reshape(shape)
    if dtype == np.float32:  # random magnitudes, some exact zeros
        v = rng.standard_normal(n) * 10.0 ** rng.integers(-6, 7)
        v[rng.random(n) < 0.05] = 0
        return v.astype(np.float32).reshape(shape)
    if dtype == np.int32:  # the square root's scale bits
        return np.array(rng.integers(0, 16), dtype=np.int32).reshape(shape)
    if dtype == np.uint32:
        top = 31 if name == "SignalFilterBank" else 32
        bits = rng.integers(0, top + 1, size=n)
        v = np.array([int(rng.integers(0, 1 << int(b))) if b > 0 else 0 for b in bits], dtype=np.uint64)
        return v.astype(np.uint32).reshape(shape)
    if dtype == np.uint64:
        bits = rng.integers(0, 65, size=n)
        v = [int.from_bytes(rng.bytes(8), "little") >> (64 - int(b)) if b > 0 else 0 for b in bits]
        return np.array(v, dtype=np.uint64).reshape(shape)
    raise ValueError(dtype)


EDGES = {np.int16: [-32768, 32767, -1, 0, 1, -32767],
         np.uint32: [0, 1, 2, 3, 1 << 31, (1 << 32) - 1, 8191, 8192, 1 << 16, (1 << 16) - 1],
         np.uint64: [0, 1, (1 << 32) - 1, 1 << 32, (1 << 64) - 1, 1 << 63, (1 << 62) + 12345]}


def sequence(rng, name, ins, steps):
    """STEPS draws per input; the first step starts with the type's edge values."""
    seq = [np.stack([draw(rng, name, s, d) for _ in range(steps)]) for s, d in ins]
    for x, (s, d) in zip(seq, ins):
        edges = EDGES.get(d)
        if edges is not None and x[0].size >= len(edges):
            x[0].reshape(-1)[:len(edges)] = np.array(edges, dtype=np.uint64 if d == np.uint64 else np.int64).astype(d)
    return seq


def run_pip_seq(model, seq_inputs, n_out):
    """pip tflite-micro: one interpreter, one invoke per step (state carries over)."""
    from tflite_micro.python.tflite_micro import runtime

    interp = runtime.Interpreter.from_bytes(model, arena_size=1 << 20)
    results = [[] for _ in range(n_out)]
    for k in range(seq_inputs[0].shape[0]):
        for i, x in enumerate(seq_inputs):
            interp.set_input(x[k], i)
        interp.invoke()
        for i in range(n_out):
            results[i].append(interp.get_output(i).copy())
    return [np.stack(r) for r in results]


def run_kinglet(kinglet, model, seq_inputs, n_out, work):
    path = os.path.join(work, "model.tflite")
    open(path, "wb").write(model)
    args = [kinglet, "run", path, "--sequence"]
    for i, x in enumerate(seq_inputs):
        p = os.path.join(work, f"in{i}.npy")
        np.save(p, x)
        args += ["--input", p]
    outs = [os.path.join(work, f"out{i}.npy") for i in range(n_out)]
    for p in outs:
        args += ["--output", p]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip() or r.stdout.strip()
    return [np.load(p) for p in outs], None


def compared(name, options, array):
    """The elements TFLM writes (SignalEnergy leaves bins outside start_index..<end_index alone)."""
    if name == "SignalEnergy" and array.ndim >= 2 and array.shape[-1] >= options["end_index"]:
        return array[..., options["start_index"]:options["end_index"]]
    return array


def stem_of(name, label, stream):
    """Fixture file names: the operator, SignalRfft<n>, SignalRfftFloat<n>, or int8_ops_<a>to<b>."""
    if stream < 1000:
        return name
    if stream < 5000:
        return f"SignalRfft{stream - 1000}"
    if stream < 10000:
        return f"SignalRfftFloat{stream - 5000}"
    variant, _, span = label.split()
    return f"{variant}_ops_{span.replace('-', 'to')}"


def write(args):
    import hashlib
    import json

    seed = args.seed if args.seed is not None else 11
    os.makedirs(args.write, exist_ok=True)
    entries, seen = [], set()
    for label, name, model, ins, outs, options, stream in operators():
        if 1000 + 500 < stream < 5000 or 5000 + 200 < stream < 10000:  # the rest only in comparison runs (size)
            continue
        digest = hashlib.sha256(model).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        rng = np.random.default_rng([seed, stream])
        seq = sequence(rng, name, ins, args.steps)
        want = run_pip_seq(model, seq, len(outs))
        if name == "SignalEnergy":  # bins TFLM leaves unwritten hold whatever was there: zero them
            for y in want:
                if y.ndim >= 2 and y.shape[-1] >= options["end_index"]:
                    y[..., :options["start_index"]] = 0
                    y[..., options["end_index"]:] = 0
        stem = stem_of(name, label, stream)
        open(os.path.join(args.write, stem + ".tflite"), "wb").write(model)
        files_in, files_out = [], []
        for i, x in enumerate(seq):
            files_in.append(f"{stem}.input{i}.npy")
            np.save(os.path.join(args.write, files_in[-1]), x)
        for i, y in enumerate(want):
            files_out.append(f"{stem}.output{i}.npy")
            np.save(os.path.join(args.write, files_out[-1]), y)
        entry = dict(name=stem, file=stem + ".tflite", source=" ".join(label.split()), options=options,
                     steps=args.steps, inputs=files_in, outputs=files_out)
        if name == "SignalEnergy":
            entry["compare"] = [options["start_index"], options["end_index"]]
        entries.append(entry)
        print(f"{stem}: {len(model)} bytes", file=sys.stderr)
    manifest = dict(generator=f"tools/vectors/signal_vectors.py --write {args.write} --seed {seed} --steps {args.steps}",
                    reference="pip tflite-micro", models=entries)
    with open(os.path.join(args.write, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


def factorable(n: int) -> bool:
    """kf_factor's radices of n are all 2, 3, 4 or 5 (what TFLM's patched kiss_fft can run)."""
    if n < 2:
        return False
    p, floor_sqrt = 4, math.floor(math.sqrt(n))
    while n > 1:
        while n % p:
            p = {4: 2, 2: 3}.get(p, p + 2)
            if p > floor_sqrt:
                p = n
        if p > 5:
            return False
        n //= p
    return True


def twiddles(limit: int = 8192):
    """The int16 twiddles of every supported fft_length up to limit, from glibc's cos and sin
    (Python's math module calls the C library's), in kiss_fft's double arithmetic; FNV-1a digest
    (SignalRfftTests.twiddlesMatchGlibc)."""
    from common import Fnv

    pi = 3.141592653589793238462643383279502884197169399375105820974944
    pi_r = 3.14159265358979323846264338327
    h, lengths = Fnv(), 0
    for n in range(4, limit + 1, 2):
        half = n // 2
        if not factorable(half):
            continue
        lengths += 1
        for i in range(half):
            phase = -2 * pi * i / half
            h.mix(math.floor(.5 + 32767 * math.cos(phase)))
            h.mix(math.floor(.5 + 32767 * math.sin(phase)))
        for i in range(half // 2):
            phase = -pi_r * ((i + 1) / half + .5)
            h.mix(math.floor(.5 + 32767 * math.cos(phase)))
            h.mix(math.floor(.5 + 32767 * math.sin(phase)))
    print(f"{lengths} lengths, digest {h}")
    hf = Fnv()  # float32 twiddles: (float)cos(phase), bit patterns
    f32 = lambda x: int(np.array(x, dtype=np.float32).view(np.uint32))  # noqa: E731
    for n in range(4, limit + 1, 2):
        half = n // 2
        if not factorable(half):
            continue
        for i in range(half):
            phase = -2 * pi * i / half
            hf.mix(f32(math.cos(phase)))
            hf.mix(f32(math.sin(phase)))
        for i in range(half // 2):
            phase = -pi_r * ((i + 1) / half + .5)
            hf.mix(f32(math.cos(phase)))
            hf.mix(f32(math.sin(phase)))
    print(f"float32 digest {hf}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinglet", default=os.path.join(ROOT, ".build", "release", "kinglet"))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--write", default=None)
    ap.add_argument("--twiddles", action="store_true")
    args = ap.parse_args()
    if args.twiddles:
        return twiddles()
    if args.write:
        return write(args)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    print(f"seed {seed}")
    failures = 0
    for label, name, model, ins, outs, options, stream in operators():
        rng = np.random.default_rng([seed, stream, 0 if label.startswith("float") else 1])
        bad, note = 0, ""
        with tempfile.TemporaryDirectory() as work:
            for case in range(args.cases):
                seq = sequence(rng, name, ins, args.steps)
                want = run_pip_seq(model, seq, len(outs))
                got, err = run_kinglet(args.kinglet, model, seq, len(outs), work)
                if got is None:
                    bad += 1
                    note = err.splitlines()[-1] if err else "kinglet failed"
                    break
                for w, g in zip(want, got):
                    w, g = compared(name, options, w), compared(name, options, g)
                    if w.shape != g.shape or w.tobytes() != g.tobytes():
                        bad += 1
                        if not note:
                            diff = np.nonzero(w.reshape(-1) != g.reshape(-1))[0]
                            note = f"case {case}: {len(diff)} elements differ, first at {diff[:4].tolist()}"
                        break
        failures += bad
        print(f"{label} {name:38s} {args.cases} cases x {args.steps} steps: {'ok' if bad == 0 else 'DIFFERS'} {note}")
    print(f"seed {seed}: {'all equal' if failures == 0 else f'{failures} failing cases'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
