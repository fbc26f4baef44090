#!/usr/bin/env python3
"""int16 and int32 ADD, MUL, PAD/PADV2 and QUANTIZE on pip tflite-micro (issue 11), for AddTests.swift,
MulTests.swift, PadTests.swift, QuantizeTests.swift, MeanTests.swift, SoftmaxTests.swift, LogisticTests.swift and
Int16Sigmoid.swift.

    int16_vectors.py OP SEED COUNT > cases.txt        OP: add | mul | pad | quantize | mean | softmax | sigmoid (LOGISTIC and TANH) | sigmoid_table

Each case is a one-operator model: the converter's int8 template for the operator (common.py; QUANTIZE
relabels the LOGISTIC template, as scale_sweep.py does) with the case's shapes, types, quantization and
options written in. Prints one Swift case literal per line group, the expected output pip tflite-micro's.
* add/mul: int16 (zero points 0, or small ones for ADD, whose pip build does not check them) with random
  float32 scales, an output scale that keeps ADD's output multiplier below 1 (TFLM aborts otherwise), and
  int32 unquantized tensors with values that wrap; broadcastable rank 1-4 shapes, all four activations.
* pad: int16 and int32 PAD and PADV2, rank 1-4, paddings 0-2, a nonzero output zero point (int16 PAD
  still pads with 0).
* quantize: int16->int32, int32->int16, int8->int32, int32->int8 requantization with random scales
  (ratio below 2^31) and zero points.
* mean: int16 MEAN over H and W with random scales and zero points.
* sigmoid: int16 LOGISTIC and TANH, power-of-two and random input scales, output scale 2^-15.
* sigmoid_table: TFLM's 256-entry sigmoid table read back from pip (Int16Sigmoid.swift).
* softmax: int16 -> int16 (scales 1/32768, zero points 0), rows of 1-40 with random input scales and betas.
"""

import sys

import numpy as np

from common import ACTIVATIONS, Model, SplitMix64, run_tflm, template, _convert, _tf


def kinds_template(kind: str) -> bytes:
    tf = _tf()
    fns = {
        "add": (lambda x, y: x + y, [(1, 8), (1, 8)]),
        "mul": (lambda x, y: x * y, [(1, 8), (1, 8)]),
        "pad": (lambda x: tf.pad(x, [[0, 0], [1, 2]]), [(1, 8)]),
        "padv2": (lambda x: tf.pad(x, [[0, 0], [1, 2]], constant_values=0.5), [(1, 8)]),
        "tanh": (lambda x: tf.math.tanh(x), [(1, 8)]),
        "mean": (lambda x: tf.reduce_mean(x, axis=[1, 2], keepdims=True), [(1, 4, 4, 2)]),
    }
    if kind in ("logistic", "softmax"):
        return template(kind)
    fn, shapes = fns[kind]
    return _convert(fn, shapes)


_CACHE = {}


class OpModel(Model):
    def __init__(self, kind: str, builtin: str, recode: str | None = None):
        from common import schema

        fb = schema()
        self.fb = fb
        if kind not in _CACHE:
            _CACHE[kind] = kinds_template(kind)
        self.m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(_CACHE[kind], 0))
        sub = self.m.subgraphs[0]
        codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in self.m.operatorCodes]
        ops = [codes[o.opcodeIndex] for o in sub.operators]
        if ops != [getattr(fb.BuiltinOperator, builtin)]:
            raise AssertionError(f"{kind}: converter produced ops {ops}, wanted {builtin}")
        self.sub, self.op = sub, sub.operators[0]
        if recode:
            code = self.m.operatorCodes[self.op.opcodeIndex]
            code.builtinCode = getattr(fb.BuiltinOperator, recode)
            code.deprecatedBuiltinCode = min(code.builtinCode, 127)
            code.version = 1
            self.op.builtinOptionsType, self.op.builtinOptions = 0, None


def hexf(x) -> str:
    return f"0x{int(np.float32(x).view(np.uint32)):08x}"


def ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


def shapes(r: SplitMix64):
    rank = r.range(1, 4)
    out = [r.range(1, 3) for _ in range(rank)]
    a = [d if r.range(0, 2) else 1 for d in out]
    b = [d if r.range(0, 2) else 1 for d in out]
    a = a[r.range(0, rank - 1):] if r.range(0, 3) == 0 else a  # sometimes a lower rank
    # The output is the broadcast shape (with two equal-shaped inputs TFLM's flat loop would
    # abort on a bigger output).
    return a, b, list(np.broadcast_shapes(tuple(a), tuple(b)))


def values(r, n, dtype):
    if dtype == "int16":
        return [r.range(-32768, 32767) for _ in range(n)]
    if r.range(0, 1):
        return [r.range(-(1 << 31), (1 << 31) - 1) for _ in range(n)]
    return [r.range(-20, 20) for _ in range(n)]


def binary(op: str, seed: int, count: int):
    r = SplitMix64(seed)
    builtin = op.upper()
    for _ in range(count):
        dtype = "int16" if r.range(0, 2) else "int32"
        a, b, o = shapes(r)
        act = ACTIVATIONS[r.range(0, 3)]
        x1, x2 = values(r, int(np.prod(a)), dtype), values(r, int(np.prod(b)), dtype)
        m = OpModel(op, builtin)
        if dtype == "int16":
            s1, s2 = r.scale(-14, -2), r.scale(-14, -2)
            z1 = z2 = zo = 0
            if op == "add":
                if r.range(0, 3) == 0:
                    z1, z2, zo = r.range(-100, 100), r.range(-100, 100), r.range(-100, 100)
                while True:  # TFLM aborts for an output multiplier >= 1
                    so = r.scale(-16, -1)
                    if 2 * float(max(s1, s2)) / (32768.0 * float(so)) < 0.99:
                        break
            else:
                so = np.float32(s1 * s2 * r.scale(-4, 8))
            m.set("in", 0, a, "int16", [s1], [z1])
            m.set("in", 1, b, "int16", [s2], [z2])
            m.set("out", 0, o, "int16", [so], [zo])
            q = f"({hexf(s1)}, {z1}, {hexf(s2)}, {z2}, {hexf(so)}, {zo})"
        else:
            m.set("in", 0, a, "int32", None, None)
            m.set("in", 1, b, "int32", None, None)
            m.set("out", 0, o, "int32", None, None)
            q = "nil"
        m.op.builtinOptions.fusedActivationFunction = act
        np_type = np.int16 if dtype == "int16" else np.int32
        y = run_tflm(m.bytes(), [np.array(x1, np_type).reshape(a), np.array(x2, np_type).reshape(b)])[0]
        print(f"    .init({ints(a)}, {ints(x1)}, {ints(b)}, {ints(x2)}, {ints(o)}, q: {q}, activation: {act},\n"
              f"          expected: {ints(y)}),")


def pad(seed: int, count: int):
    r = SplitMix64(seed)
    for _ in range(count):
        dtype = "int16" if r.range(0, 1) else "int32"
        v2 = r.range(0, 1) == 1
        rank = r.range(1, 4)
        shape = [r.range(1, 3) for _ in range(rank)]
        paddings = [[r.range(0, 2), r.range(0, 2)] for _ in range(rank)]
        out = [d + p[0] + p[1] for d, p in zip(shape, paddings)]
        zo = r.range(-100, 100)
        x = values(r, int(np.prod(shape)), dtype)
        m = OpModel("padv2" if v2 else "pad", "PADV2" if v2 else "PAD")
        scale = [np.float32(0.01)] if dtype == "int16" else None
        m.set("in", 0, shape, dtype, scale, [zo] if scale else None)
        m.set("in", 1, [rank, 2], "int32", None, None, data=np.array(paddings, np.int32).reshape(-1))
        constant = None
        if v2:
            constant = r.range(-30000, 30000)
            m.set("in", 2, [], dtype, scale, [zo] if scale else None, data=[constant])
        m.set("out", 0, out, dtype, scale, [zo] if scale else None)
        np_type = np.int16 if dtype == "int16" else np.int32
        y = run_tflm(m.bytes(), [np.array(x, np_type).reshape(shape)])[0]
        flat = [p for pair in paddings for p in pair]
        print(f"    .init({str(dtype == 'int16').lower()}, {ints(shape)}, {ints(flat)}, zeroPoint: {zo}, "
              f"constant: {constant if constant is not None else 'nil'},\n"
              f"          x: {ints(x)},\n          expected: {ints(y)}),")


def quantize(seed: int, count: int):
    r = SplitMix64(seed)
    pairs = [("int16", "int32"), ("int32", "int16"), ("int8", "int32"), ("int32", "int8")]
    limits = {"int8": (-128, 127), "int16": (-32768, 32767), "int32": (-(1 << 31), (1 << 31) - 1)}
    for _ in range(count):
        din, dout = pairs[r.range(0, 3)]
        n = r.range(1, 12)
        i_s = r.scale(-24, 0)
        # Output scale: a ratio in_s/out_s between 2^-20 and 2^20, but favour the direction that
        # keeps outputs off the clamps (int32 -> narrow: big ratio down; narrow -> int32: ratio up).
        if dout == "int32":
            o_s = np.float32(i_s * r.scale(-20, 0))
        elif din == "int32":
            o_s = np.float32(i_s * r.scale(0, 20))
        else:
            o_s = np.float32(i_s * r.scale(-4, 4))
        z_i = 0 if din == "int16" else r.range(-100, 100)
        z_o = 0 if dout == "int16" else r.range(-100, 100)
        if r.range(0, 3) == 0:
            z_i, z_o = r.range(-100, 100), r.range(-100, 100)
        lo, hi = limits[din]
        if din == "int32" and r.range(0, 1):
            x = [r.range(-1000000, 1000000) for _ in range(n)]
        else:
            x = [r.range(lo, hi) for _ in range(n)]
        m = OpModel("logistic", "LOGISTIC", recode="QUANTIZE")
        m.set("in", 0, [1, n], din, [i_s], [z_i])
        m.set("out", 0, [1, n], dout, [o_s], [z_o])
        y = run_tflm(m.bytes(), [np.array(x, {"int8": np.int8, "int16": np.int16, "int32": np.int32}[din]).reshape(1, n)])[0]
        print(f"    .init(.{din}, .{dout}, inScale: {hexf(i_s)}, inZero: {z_i}, outScale: {hexf(o_s)}, outZero: {z_o},\n"
              f"          x: {ints(x)},\n          expected: {ints(y)}),")


def softmax(seed: int, count: int):
    r = SplitMix64(seed)
    for _ in range(count):
        rows, depth = r.range(1, 3), r.range(1, 40)
        i_s = r.scale(-16, -11)
        beta = [1.0, 0.5, 2.0, float(r.scale(-2, 1))][r.range(0, 3)]
        o_s = np.float32(1.0 / 32768)
        x = [r.range(-32768, 32767) if r.range(0, 1) else r.range(-3000, 3000) for _ in range(rows * depth)]
        m = OpModel("softmax", "SOFTMAX")
        m.set("in", 0, [rows, depth], "int16", [i_s], [0])
        m.set("out", 0, [rows, depth], "int16", [o_s], [0])
        m.op.builtinOptions.beta = beta
        y = run_tflm(m.bytes(), [np.array(x, np.int16).reshape(rows, depth)])[0]
        print(f"    .init(rows: {rows}, depth: {depth}, inScale: {hexf(i_s)}, beta: {hexf(beta)},\n"
              f"          x: {ints(x)},\n          expected: {ints(y)}),")


def sigmoid_table() -> list[int]:
    """TFLM's 256-entry uint16 sigmoid table (sigmoid_table_uint16, used by int16 LOGISTIC and TANH),
    read back from pip's int16 TANH: with input scale just above 1/6144 the prepare picks multiplier
    16384 and shift 13, so the fixed-point input is exactly 2x; x = 128 * i lands on entry i with no
    interpolation (output = entry - 32768), and x = 128 * 254 + 127 interpolates 254/256 of the way to
    entry 255, which gives it (the last step is small)."""
    s = np.nextafter(np.float32(1.0 / 6144), np.float32(1))
    assert float(s) * 12288 * 2 ** 12 >= 8192 and int(float(s) * 12288 * 2 ** 13) == 16384
    xs = [128 * i for i in range(255)] + [128 * 254 + 127]
    m = OpModel("tanh", "TANH")
    m.set("in", 0, [1, len(xs)], "int16", [s], [0])
    m.set("out", 0, [1, len(xs)], "int16", [np.float32(2.0 ** -15)], [0])
    y = [int(v) for v in run_tflm(m.bytes(), [np.array(xs, np.int16).reshape(1, -1)])[0].reshape(-1)]
    table = [v + 32768 for v in y[:255]]
    # out = (256 * t254 + 254 * d - 2^23 + 128) >> 8 with d = t255 - t254 small: solve for d.
    d = next(d for d in range(0, 128) if (256 * table[254] + 254 * d - (1 << 23) + 128) >> 8 == y[255])
    return table + [table[254] + d]


def sigmoid(seed: int, count: int):
    """int16 LOGISTIC and TANH: power-of-two input scales (2^-12, 2^-11, ...) and random ones."""
    r = SplitMix64(seed)
    for _ in range(count):
        builtin = ["LOGISTIC", "TANH"][r.range(0, 1)]
        if r.range(0, 1):
            i_s = np.float32(2.0 ** r.range(-15, -9))
        else:
            i_s = r.scale(-16, 1)
        n = r.range(1, 40)
        x = [r.range(-32768, 32767) if r.range(0, 1) else r.range(-2000, 2000) for _ in range(n)]
        m = OpModel("logistic" if builtin == "LOGISTIC" else "tanh", builtin)
        m.set("in", 0, [1, n], "int16", [i_s], [0])
        m.set("out", 0, [1, n], "int16", [np.float32(2.0 ** -15)], [0])
        y = run_tflm(m.bytes(), [np.array(x, np.int16).reshape(1, n)])[0]
        print(f"    .init(tanh: {str(builtin == 'TANH').lower()}, inScale: {hexf(i_s)},\n"
              f"          x: {ints(x)},\n          expected: {ints(y)}),")


def mean(seed: int, count: int):
    """int16 MEAN over H and W (keep_dims) of [1, H, W, C] with random scales; zero points 0 or small."""
    r = SplitMix64(seed)
    for _ in range(count):
        h, w, c = r.range(1, 4), r.range(1, 4), r.range(1, 4)
        i_s = r.scale(-14, -4)
        o_s = np.float32(i_s * r.scale(-3, 3))
        z_i, z_o = (0, 0) if r.range(0, 1) else (r.range(-50, 50), r.range(-50, 50))
        x = [r.range(-32768, 32767) for _ in range(h * w * c)]
        m = OpModel("mean", "MEAN")
        m.set("in", 0, [1, h, w, c], "int16", [i_s], [z_i])
        m.set("out", 0, [1, 1, 1, c], "int16", [o_s], [z_o])
        y = run_tflm(m.bytes(), [np.array(x, np.int16).reshape(1, h, w, c)])[0]
        print(f"    .init(shape: {ints([1, h, w, c])}, q: ({hexf(i_s)}, {z_i}, {hexf(o_s)}, {z_o}),\n"
              f"          x: {ints(x)},\n          expected: {ints(y)}),")


def main(argv) -> int:
    if argv[0] == "sigmoid_table":
        print(", ".join(str(v) for v in sigmoid_table()))
        return 0
    op, seed, count = argv[0], int(argv[1]), int(argv[2])
    {"add": lambda: binary("add", seed, count), "mul": lambda: binary("mul", seed, count),
     "pad": lambda: pad(seed, count), "quantize": lambda: quantize(seed, count),
     "softmax": lambda: softmax(seed, count), "sigmoid": lambda: sigmoid(seed, count),
     "mean": lambda: mean(seed, count)}[op]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
