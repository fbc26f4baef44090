#!/usr/bin/env python3
"""UNIDIRECTIONAL_SEQUENCE_LSTM (float32 and int8 with an int16 cell state) on pip tflite-micro,
for UnidirectionalSequenceLSTMTests.swift.

    lstm_vectors.py SEED COUNT > cases.txt
    lstm_vectors.py int16 SEED COUNT     # 16x8 (int16 activations, int64 biases): one digest

Each case is a one-operator model: the LSTM operator of TFLM's converter-made mnist_lstm example
(common.py template "lstm" / "lstm_f32") with the case's shapes, quantization, options and
constant data written in. Prints one Swift `LSTMCase(...)` literal per case, the expected output
being pip tflite-micro's for one invoke from zero state (the int8 states start at their zero
point). Shapes are small and random: batches 1-2, time steps 1-4, input size 1-4, state size
1-4, time-major or batch-major, cell clip off or 0.05-4; int8 cases draw every scale (the cell
scale a power of two, 2^-15...2^-9, as the quantizer makes it) and the input and hidden zero
points. int16 cases (draw16, replayed draw for draw by LSTMInt16Case in the Swift test) are the
"lstm" template retyped: int16 input, hidden state and output, int64 biases; the FNV-1a digest
covers every case's outputs.
"""

import sys

import numpy as np

from common import Fnv, Model, SplitMix64, run_tflm


def draw(r: SplitMix64):
    c = {"kind": "float32" if r.range(0, 1) == 0 else "int8"}
    c["batches"], c["steps"] = r.range(1, 2), r.range(1, 4)
    c["features"], c["units"] = r.range(1, 4), r.range(1, 4)
    c["time_major"] = r.range(0, 1) == 1
    c["clip"] = 0.0 if r.range(0, 2) == 0 else float(np.float32(r.range(1, 80) / 20.0))
    b, t, i, s = c["batches"], c["steps"], c["features"], c["units"]
    n_in = b * t * i
    if c["kind"] == "float32":
        c["x"] = [r.range(-1000, 1000) / 256.0 for _ in range(n_in)]
        c["w"] = [[r.range(-1000, 1000) / 1024.0 for _ in range(s * (i if g < 4 else s))] for g in range(8)]
        c["bias"] = [[r.range(-1000, 1000) / 512.0 for _ in range(s)] for _ in range(4)]
        return c
    c["in_scale"], c["in_zp"] = r.scale(-9, -4), r.range(-128, 127)
    c["h_scale"], c["h_zp"] = r.scale(-9, -6), r.range(-20, 20)
    c["c_scale"] = np.float32(2.0 ** r.range(-15, -9))
    c["w_scales"] = [r.scale(-9, -5) for _ in range(8)]
    c["x"] = r.int8s(n_in)
    c["w"] = [r.int8s(s * (i if g < 4 else s), -127, 127) for g in range(8)]
    c["bias"] = [[r.range(-30000, 30000) for _ in range(s)] for _ in range(4)]
    return c


def draw16(r: SplitMix64):
    c = {"kind": "int16"}
    c["batches"], c["steps"] = r.range(1, 2), r.range(1, 4)
    c["features"], c["units"] = r.range(1, 4), r.range(1, 4)
    c["time_major"] = r.range(0, 1) == 1
    c["clip"] = 0.0 if r.range(0, 2) == 0 else float(np.float32(r.range(1, 80) / 20.0))
    b, t, i, s = c["batches"], c["steps"], c["features"], c["units"]
    c["in_scale"], c["in_zp"] = r.scale(-15, -10), r.range(-20, 20)
    c["h_scale"], c["h_zp"] = r.scale(-15, -12), r.range(-20, 20)
    c["c_scale"] = np.float32(2.0 ** r.range(-15, -9))
    c["w_scales"] = [r.scale(-9, -5) for _ in range(8)]
    c["x"] = [r.range(-32768, 32767) for _ in range(b * t * i)]
    c["w"] = [r.int8s(s * (i if g < 4 else s), -127, 127) for g in range(8)]
    c["bias"] = [[r.range(-3000000, 3000000) for _ in range(s)] for _ in range(4)]
    return c


def model(c) -> bytes:
    int8 = c["kind"] in ("int8", "int16")
    act, bias_type = ("int16", "int64") if c["kind"] == "int16" else ("int8", "int32")
    m = Model("lstm" if int8 else "lstm_f32", "UNIDIRECTIONAL_SEQUENCE_LSTM")
    b, t, i, s = c["batches"], c["steps"], c["features"], c["units"]
    shape = [t, b, i] if c["time_major"] else [b, t, i]
    out = [t, b, s] if c["time_major"] else [b, t, s]
    if int8:
        m.set("in", 0, shape, act, [c["in_scale"]], [c["in_zp"]])
        for g in range(8):
            m.set("in", 1 + g, [s, i if g < 4 else s], "int8", [c["w_scales"][g]], [0], data=c["w"][g])
        for g in range(4):
            bias_scale = float(np.float32(c["in_scale"]) * np.float32(c["w_scales"][g]))
            m.set("in", 12 + g, [s], bias_type, [bias_scale], [0], data=c["bias"][g])
        m.set("in", 18, [b, s], act, [c["h_scale"]], [c["h_zp"]])
        m.set("in", 19, [b, s], "int16", [c["c_scale"]], [0])
        m.set("out", 0, out, act, [c["h_scale"]], [c["h_zp"]])
    else:
        m.set("in", 0, shape, "float32", None, None)
        for g in range(8):
            m.set("in", 1 + g, [s, i if g < 4 else s], "float32", None, None, data=c["w"][g])
        for g in range(4):
            m.set("in", 12 + g, [s], "float32", None, None, data=c["bias"][g])
        m.set("in", 18, [b, s], "float32", None, None)
        m.set("in", 19, [b, s], "float32", None, None)
        m.set("out", 0, out, "float32", None, None)
    o = m.op.builtinOptions
    o.timeMajor, o.cellClip = c["time_major"], c["clip"]
    return m.bytes()


def swift_floats(values) -> str:
    return "[" + ", ".join(f"0x{int(v):08x}" for v in np.asarray(values, dtype=np.float32).reshape(-1).view(np.uint32)) + "]"


def swift_ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def bits(value) -> str:
    return f"0x{int(np.float32(value).view(np.uint32)):08x}"


def main16(seed: int, count: int) -> int:
    r, digest = SplitMix64(seed), Fnv()
    for _ in range(count):
        c = draw16(r)
        b, t, i = c["batches"], c["steps"], c["features"]
        shape = [t, b, i] if c["time_major"] else [b, t, i]
        y = run_tflm(model(c), [np.array(c["x"], dtype=np.int16).reshape(shape)])[0]
        assert y.dtype == np.int16, y.dtype
        digest.mix_all(y)
    print(f"{digest} ({count} cases)")
    return 0


def main(argv) -> int:
    if argv[0] == "int16":
        return main16(int(argv[1]), int(argv[2]))
    r = SplitMix64(int(argv[0]))
    for _ in range(int(argv[1])):
        c = draw(r)
        int8 = c["kind"] == "int8"
        b, t, i = c["batches"], c["steps"], c["features"]
        shape = [t, b, i] if c["time_major"] else [b, t, i]
        x = np.array(c["x"], dtype=np.int8 if int8 else np.float32).reshape(shape)
        y = run_tflm(model(c), [x])[0]
        head = (f"sizes: ({c['batches']}, {c['steps']}, {c['features']}, {c['units']}), "
                f"timeMajor: {str(c['time_major']).lower()}, clip: {bits(c['clip'])}")
        weights = ",\n                 ".join((swift_ints if int8 else swift_floats)(w) for w in c["w"])
        biases = ",\n                 ".join((swift_ints if int8 else swift_floats)(v) for v in c["bias"])
        if int8:
            quant = (f"q: (input: ({bits(c['in_scale'])}, {c['in_zp']}), hidden: ({bits(c['h_scale'])}, {c['h_zp']}), "
                     f"cell: {bits(c['c_scale'])}, weights: [{', '.join(bits(v) for v in c['w_scales'])}])")
            print(f"    .int8({head},\n          {quant},\n          x: {swift_ints(c['x'])},\n"
                  f"          w: [{weights}],\n          bias: [{biases}],\n          expected: {swift_ints(y)}),")
        else:
            print(f"    .float({head},\n           x: {swift_floats(c['x'])},\n"
                  f"           w: [{weights}],\n           bias: [{biases}],\n           expected: {swift_floats(y)}),")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
