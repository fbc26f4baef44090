"""Shared pieces of the kernel-vector generators (tools/vectors/*_vectors.py).

* SplitMix64 / Fnv: the same deterministic PRNG and 64-bit FNV-1a hash as
  Tests/KingletKernelsTests/VectorSupport.swift, draw for draw, so a test can
  replay a generator's cases and compare one digest.
* template(kind): a one-operator int8 .tflite made by TensorFlow's converter
  (full-integer quantization, int8 inputs and outputs, as tools/zoo/build_zoo.py
  does), cached per kind for the life of the process.
* patch(...): the template with the case's shapes, quantization, options and
  constant data written in (flatbuffer object API of the schema pip tflite-micro
  ships). The converter cannot be told to use a given random scale, so every case
  starts from its converter-made template and only these fields change.
* run_tflm(model, inputs): pip tflite-micro (the reference), never Kinglet.

Requirements: tools/zoo/requirements.txt (see tools/vectors/README.md).
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import struct
from pathlib import Path
from functools import lru_cache

import numpy as np

MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed: int):
        self.state = seed & MASK64

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def int32(self) -> int:
        v = self.next() & 0xFFFFFFFF
        return v - (1 << 32) if v >= 1 << 31 else v

    def range(self, lo: int, hi: int) -> int:
        """Uniform in lo...hi."""
        return lo + self.next() % (hi - lo + 1)

    def scale(self, lo: int, hi: int) -> np.float32:
        """Positive float32: random mantissa, binary exponent in lo...hi."""
        mantissa = self.next() & 0x7FFFFF
        exponent = self.range(lo, hi)
        bits = ((exponent + 127) << 23) | mantissa
        return np.frombuffer(struct.pack("<I", bits), dtype=np.float32)[0]

    def int8s(self, count: int, lo: int = -128, hi: int = 127) -> list[int]:
        return [self.range(lo, hi) for _ in range(count)]


class Fnv:
    def __init__(self):
        self.hash = 0xCBF29CE484222325

    def mix(self, value: int):
        self.hash ^= value & 0xFFFFFFFF
        self.hash = (self.hash * 0x100000001B3) & MASK64

    def mix_all(self, values):
        for v in np.asarray(values).reshape(-1).tolist():
            self.mix(int(v))

    def __str__(self):
        return f"0x{self.hash:016x}"


def output_size(same: bool, size: int, kernel: int, stride: int, dilation: int) -> int:
    """Truncating-division output size, -1 when the numerator is negative."""
    effective = (kernel - 1) * dilation + 1
    numerator = size + stride - 1 if same else size + stride - effective
    return numerator // stride if numerator >= 0 else -1


# Flatbuffer enum values.
SAME, VALID = 0, 1
ACTIVATIONS = [0, 1, 2, 3]  # NONE, RELU, RELU_N1_TO_1, RELU6 (flatbuffer values)


# ---------------------------------------------------------------------------
# Templates: TensorFlow's converter
# ---------------------------------------------------------------------------

def _tf():
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    return tf


def _convert(fn, shapes) -> bytes:
    tf = _tf()
    specs = [tf.TensorSpec(s, tf.float32) for s in shapes]
    concrete = tf.function(fn).get_concrete_function(*specs)
    c = tf.lite.TFLiteConverter.from_concrete_functions([concrete], fn)
    rng = np.random.default_rng(0)

    def rep():
        for _ in range(16):
            yield [rng.uniform(-1, 1, s).astype(np.float32) for s in shapes]

    c.optimizations = [tf.lite.Optimize.DEFAULT]
    c.representative_dataset = rep
    c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    c.inference_input_type = tf.int8
    c.inference_output_type = tf.int8
    return c.convert()


def _convert_float(fn, specs) -> bytes:
    tf = _tf()
    concrete = tf.function(fn).get_concrete_function(*specs)
    return tf.lite.TFLiteConverter.from_concrete_functions([concrete], fn).convert()


@lru_cache(maxsize=None)
def template(kind: str) -> bytes:
    if kind in ("lstm", "lstm_f32"):
        return _suite_lstm(kind == "lstm")
    tf = _tf()
    rng = np.random.default_rng(1)
    reductions = {"mean": tf.reduce_mean, "sum": tf.reduce_sum, "reduce_max": tf.reduce_max,
                  "reduce_min": tf.reduce_min}
    if kind in reductions:  # int8; the axis tensor is input 1
        op = reductions[kind]
        return _convert(lambda x: op(x, [1]), [(2, 3, 4)])
    if kind == "div":
        return _convert(lambda a, b: a / b, [(2, 4), (2, 4)])
    if kind == "cast":  # float32 -> int32, unquantized
        return _convert_float(lambda x: tf.cast(x, tf.int32), [tf.TensorSpec((8,), tf.float32)])
    if kind == "floor":
        return _convert_float(lambda x: tf.floor(x), [tf.TensorSpec((8,), tf.float32)])
    if kind == "softmax":
        return _convert(lambda x: tf.nn.softmax(x), [(1, 8)])
    if kind == "logistic":
        return _convert(lambda x: tf.math.sigmoid(x), [(1, 8)])
    if kind == "avg":
        return _convert(lambda x: tf.nn.avg_pool2d(x, 2, 1, "VALID"), [(1, 4, 4, 2)])
    if kind == "max":
        return _convert(lambda x: tf.nn.max_pool2d(x, 2, 1, "VALID"), [(1, 4, 4, 2)])
    if kind == "conv":
        w = tf.constant(rng.uniform(-1, 1, (2, 2, 3, 4)).astype(np.float32))
        b = tf.constant(rng.uniform(-1, 1, (4,)).astype(np.float32))
        return _convert(lambda x: tf.nn.conv2d(x, w, 1, "VALID") + b, [(1, 4, 4, 3)])
    if kind == "dwconv":
        w = tf.constant(rng.uniform(-1, 1, (2, 2, 3, 2)).astype(np.float32))
        b = tf.constant(rng.uniform(-1, 1, (6,)).astype(np.float32))
        return _convert(lambda x: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID") + b, [(1, 4, 4, 3)])
    if kind == "add":
        return _convert(lambda x, y: x + y, [(2, 3), (2, 3)])
    if kind == "mul":
        return _convert(lambda x, y: x * y, [(2, 3), (2, 3)])
    if kind == "sub":
        return _convert(lambda x, y: x - y, [(2, 3), (2, 3)])
    if kind == "maximum":
        return _convert(lambda x, y: tf.maximum(x, y), [(2, 3), (2, 3)])
    if kind == "minimum":
        return _convert(lambda x, y: tf.minimum(x, y), [(2, 3), (2, 3)])
    if kind == "mean":
        return _convert(lambda x: tf.reduce_mean(x, axis=[1], keepdims=False), [(2, 3, 4)])
    if kind == "relu":
        return _convert(lambda x: tf.nn.relu(x), [(1, 8)])
    if kind == "relu6":
        return _convert(lambda x: tf.nn.relu6(x), [(1, 8)])
    if kind == "leaky_relu":
        return _convert(lambda x: tf.nn.leaky_relu(x, 0.2), [(1, 8)])
    if kind == "tanh":
        return _convert(lambda x: tf.math.tanh(x), [(1, 8)])
    if kind == "hard_swish":
        return _convert(lambda x: x * tf.nn.relu6(x + 3) / 6, [(1, 8)])
    if kind == "transpose":
        return _convert(lambda x: tf.transpose(x, [1, 0, 2]), [(2, 3, 4)])
    if kind == "pack":
        return _convert(lambda x, y: tf.stack([x, y], axis=1), [(2, 3), (2, 3)])
    if kind == "unpack":
        return _convert(lambda x: tf.unstack(x, axis=1), [(2, 3, 4)])
    if kind == "split":
        return _convert(lambda x: tf.split(x, 2, axis=1), [(2, 4)])
    if kind == "split_v":
        return _convert(lambda x: tf.split(x, [1, 3], axis=1), [(2, 4)])
    if kind == "strided_slice":
        return _convert(lambda x: tf.strided_slice(x, [0, 1], [2, 4], [1, 2]), [(2, 4)])
    if kind == "batch_matmul":
        return _convert(lambda x, y: tf.linalg.matmul(x, y), [(2, 2, 3), (2, 3, 4)])
    if kind == "fc":
        w = tf.constant(rng.uniform(-1, 1, (8, 4)).astype(np.float32))
        b = tf.constant(rng.uniform(-1, 1, (4,)).astype(np.float32))
        return _convert(lambda x: tf.matmul(x, w) + b, [(2, 8)])
    if kind == "transpose_conv":
        w = tf.constant(rng.uniform(-1, 1, (2, 2, 3, 2)).astype(np.float32))  # [KH, KW, out, in]
        b = tf.constant(rng.uniform(-1, 1, (3,)).astype(np.float32))
        return _convert(lambda x: tf.nn.conv2d_transpose(x, w, [1, 4, 4, 3], 2, "SAME") + b, [(1, 2, 2, 2)])
    raise ValueError(kind)


SUITE = Path(__file__).resolve().parents[2] / ".." / "shared" / "tflm-suite"


def _suite_lstm(int8: bool) -> bytes:
    """UNIDIRECTIONAL_SEQUENCE_LSTM: this converter (TensorFlow 2.21, Keras 3) no longer fuses
    a Keras LSTM, so the template is TFLM's own converter-made mnist_lstm example
    (tensorflow/lite/micro/examples/mnist_lstm in ../shared/tflm-suite) cut down to its LSTM
    operator: the subgraph keeps only operator 0, whose input and output become the graph's."""
    fb = schema()
    name = "trained_lstm_int8.tflite" if int8 else "trained_lstm.tflite"
    data = (SUITE / "tensorflow/lite/micro/examples/mnist_lstm" / name).read_bytes()
    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(data, 0))
    sub = m.subgraphs[0]
    op = sub.operators[0]
    sub.operators = [op]
    sub.inputs = np.array([op.inputs[0]], dtype=np.int32)
    sub.outputs = np.array([op.outputs[0]], dtype=np.int32)
    used = {int(t) for t in list(op.inputs) + list(op.outputs) if t >= 0}
    for index, tensor in enumerate(sub.tensors):  # the rest of the example's weights go
        if index not in used and tensor.buffer > 0:
            m.buffers[tensor.buffer] = fb.BufferT()
    import flatbuffers

    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


# ---------------------------------------------------------------------------
# Patching (object API of the schema pip tflite-micro ships)
# ---------------------------------------------------------------------------

def schema():
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as fb

    return fb


class Model:
    """A template unpacked: one subgraph holding exactly one operator."""

    def __init__(self, kind: str, builtin: str):
        fb = schema()
        self.fb = fb
        self.m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(template(kind), 0))
        sub = self.m.subgraphs[0]
        codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in self.m.operatorCodes]
        want = getattr(fb.BuiltinOperator, builtin)
        ops = [codes[o.opcodeIndex] for o in sub.operators]
        if ops != [want]:
            raise AssertionError(f"{kind}: converter produced ops {ops}, wanted [{want}]")
        self.sub = sub
        self.op = sub.operators[0]

    def tensor(self, slot: str, index: int):
        ids = self.op.inputs if slot == "in" else self.op.outputs
        return self.sub.tensors[ids[index]]

    def set(self, slot: str, index: int, shape, dtype: str, scales=None, zero_points=None,
            quantized_dimension: int = 0, data=None):
        """Shape, type, quantization (none when scales is None) and constant data of a tensor."""
        fb = self.fb
        t = self.tensor(slot, index)
        t.shape = np.array(shape, dtype=np.int32)
        t.shapeSignature = None
        t.type = {"int8": fb.TensorType.INT8, "int16": fb.TensorType.INT16,
                  "int32": fb.TensorType.INT32, "int64": fb.TensorType.INT64,
                  "uint32": fb.TensorType.UINT32, "bool": fb.TensorType.BOOL,
                  "float32": fb.TensorType.FLOAT32}[dtype]
        if scales is None:  # unquantized (float32)
            t.quantization = None
        else:
            q = fb.QuantizationParametersT()
            q.scale = [float(s) for s in scales]
            q.zeroPoint = [int(z) for z in zero_points]
            q.quantizedDimension = quantized_dimension
            t.quantization = q
        if data is not None:
            buf = fb.BufferT()
            buf.data = np.frombuffer(np.asarray(data, dtype=dtype).tobytes(), dtype=np.uint8)
            self.m.buffers[t.buffer] = buf

    def set_outputs(self, count: int):
        """Exactly `count` outputs (SPLIT, SPLIT_V, UNPACK), copies of output 0 added or cut."""
        import copy

        ids = list(self.op.outputs)
        while len(ids) < count:
            t = copy.deepcopy(self.sub.tensors[ids[0]])
            t.name = (t.name or b"out") + b"_%d" % len(ids)
            t.buffer = len(self.m.buffers)
            self.m.buffers.append(self.fb.BufferT())
            self.sub.tensors.append(t)
            ids.append(len(self.sub.tensors) - 1)
        ids = ids[:count]
        self.op.outputs = np.array(ids, dtype=np.int32)
        self.sub.outputs = np.array(ids, dtype=np.int32)

    def set_inputs(self, count: int):
        """Exactly `count` graph inputs (PACK), copies of input 0 added or cut."""
        import copy

        ids = list(self.op.inputs)
        while len(ids) < count:
            t = copy.deepcopy(self.sub.tensors[ids[0]])
            t.name = (t.name or b"in") + b"_%d" % len(ids)
            t.buffer = len(self.m.buffers)
            self.m.buffers.append(self.fb.BufferT())
            self.sub.tensors.append(t)
            ids.append(len(self.sub.tensors) - 1)
        ids = ids[:count]
        self.op.inputs = np.array(ids, dtype=np.int32)
        self.sub.inputs = np.array(ids, dtype=np.int32)

    def drop_input(self, index: int, truncate: bool = False):
        """Mark an optional input absent: slot -1, or (truncate) cut the input list there."""
        ids = list(self.op.inputs)
        if truncate:
            ids = ids[:index]
        else:
            ids[index] = -1
        self.op.inputs = np.array(ids, dtype=np.int32)

    def bytes(self) -> bytes:
        import flatbuffers

        b = flatbuffers.Builder(1024)
        b.Finish(self.m.Pack(b), file_identifier=b"TFL3")
        return bytes(b.Output())


# ---------------------------------------------------------------------------
# Swift literals (the generators that print a test's data whole)
# ---------------------------------------------------------------------------

def swift_array(name, values, type_="Int8", indent=4):
    """`static let name: [type_] = [...]`, values packed into lines of at most 120 columns."""
    pad = " " * (indent + 4)
    lines, line = [], pad[:-1]
    for v in values:
        item = f" {v},"
        if len(line) + len(item) > 120:
            lines.append(line)
            line = pad[:-1]
        line += item
    lines.append(line[:-1] if len(values) == 1 else line)  # swift-format: no comma after a lone element
    return f"{' ' * indent}static let {name}: [{type_}] = [\n" + "\n".join(lines) + f"\n{' ' * indent}]"


def swift_block(params, strings, indent=4):
    """`.init(` with the parameters on one line, then one quoted string a line (swift-format keeps it)."""
    pad = " " * (indent + 4)
    body = ",\n".join(f'{pad}"{s}"' for s in strings)
    return f"{' ' * indent}.init(\n{pad}{', '.join(params)},\n{body}\n{' ' * indent}),"


def swift_list(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def f32(x) -> str:
    """The shortest decimal that reads back as the same float32 (a Swift Float literal)."""
    return str(np.float32(x))


def hex32(values):
    """float32 values as 0x-prefixed bit patterns."""
    return [f"0x{int(v):08x}" for v in np.asarray(values, dtype=np.float32).view(np.uint32).reshape(-1)]


def hex_bytes(values, dtype) -> str:
    """Little-endian bytes of the values as one hex string (activationHexBytes in the tests)."""
    return np.asarray(values, dtype=dtype).reshape(-1).tobytes().hex()


def pip_float(r: SplitMix64, magnitude: float) -> np.float32:
    """Float32(range(-2e6, 2e6)) * Float32(magnitude * 5e-7): pipFloat in FloatSoftmaxTests.swift."""
    return np.float32(r.range(-2_000_000, 2_000_000)) * np.float32(magnitude * 5e-7)


# ---------------------------------------------------------------------------
# The reference
# ---------------------------------------------------------------------------

def run_tflm(model: bytes, inputs: list[np.ndarray], outputs: int = 1) -> list[np.ndarray]:
    from tflite_micro.python.tflite_micro import runtime

    interp = runtime.Interpreter.from_bytes(model, arena_size=1 << 20)
    for i, x in enumerate(inputs):
        interp.set_input(x, i)
    interp.invoke()
    return [interp.get_output(i).copy() for i in range(outputs)]
