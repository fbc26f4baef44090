#!/usr/bin/env python3
"""Build Kinglet's binarized-network zoo: Larq models converted by Larq Compute Engine, with
goldens from LCE's own interpreter.

    KINGLET_LCE_VENV=/tmp/venv-lce bash tools/bnn/run.sh build      # or, inside that venv:
    TF_USE_LEGACY_KERAS=1 python tools/bnn/build_bnn_zoo.py [--only REGEX]

Requirements: tools/bnn/requirements.txt (tensorflow-cpu 2.16.2, tf-keras, larq 0.14.0,
larq-compute-engine 0.16.0, numpy 1.26, scikit-learn), in a venv of its own (LCE 0.16 needs the
legacy Keras: TF_USE_LEGACY_KERAS=1).

Every model is trained briefly on scikit-learn's bundled 8x8 digits (offline), converted with
`larq_compute_engine.convert_keras_model`, and its op list is checked against what it was built
to contain. Goldens: per model, seeded inputs `<name>.input0.npy` (float32 in [-1, 1], or the
full int8 range for int8 models) and the outputs of LCE's interpreter with its default x86
kernels (`Interpreter(model, num_threads=1)`), `<name>.output0.npy`; all in manifest.json.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import argparse
import hashlib
import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

import larq as lq  # noqa: E402
import larq_compute_engine as lce  # noqa: E402
import tf_keras as keras  # noqa: E402
from larq_compute_engine.tflite.python.interpreter import Interpreter  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "testdata" / "bnn"
SEED = 20261201
BINARY = dict(input_quantizer="ste_sign", kernel_quantizer="ste_sign", kernel_constraint="weight_clip",
              use_bias=False)


def seed_for(name: str) -> int:
    return SEED + zlib.crc32(name.encode()) % 100000


def digits(size: int = 8):
    d = load_digits()
    x = (d.images.astype(np.float32) / 8.0 - 1.0)[..., None]  # [-1, 1]
    if size != 8:
        reps = size // 8
        x = np.kron(x, np.ones((1, reps, reps, 1), dtype=np.float32))
        pad = (size - 8 * reps) // 2
        x = np.pad(x, ((0, 0), (pad, size - 8 * reps - pad), (pad, size - 8 * reps - pad), (0, 0)),
                   constant_values=-1.0)
    return x, d.target.astype(np.int64)


def fake_quant(x, lo=-3.0, hi=3.0):
    return keras.layers.Lambda(lambda t: tf.quantization.fake_quant_with_min_max_vars(t, lo, hi))(x)


# --- the models ----------------------------------------------------------------------------
# Each builder returns a Keras model on 8x8x1 digits (larq_mnist: 28x28x1) with 10 outputs.

def m_bconv_float_valid(int8=False):
    x = inp = keras.Input((8, 8, 1))
    if int8:
        x = fake_quant(x, -1.0, 1.0)
    x = keras.layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    if int8:
        x = fake_quant(x)
    x = lq.layers.QuantConv2D(32, 3, padding="valid", **BINARY)(x)
    x = keras.layers.BatchNormalization()(x)
    if int8:
        x = fake_quant(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    if int8:
        x = fake_quant(x)
    x = keras.layers.Dense(10)(x)
    if int8:
        x = fake_quant(x, -8.0, 8.0)
    return keras.Model(inp, x)


def m_bconv_same_one_s2():
    x = inp = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    x = lq.layers.QuantConv2D(40, 3, strides=2, padding="same", pad_values=1.0, **BINARY)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Flatten()(x)
    return keras.Model(inp, keras.layers.Dense(10)(x))


def m_bconv_same_zero():
    x = inp = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(32, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    x = lq.layers.QuantConv2D(32, 3, padding="same", **BINARY)(x)  # larq's default pad_values=0
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, keras.layers.Dense(10)(x))


def m_bconv_bmaxpool_relu():
    # conv -> BN -> MaxPool -> binary conv: a bitpacked-output LceBconv2d, then LceBMaxPool2d.
    x = inp = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    x = lq.layers.QuantConv2D(48, 3, padding="same", pad_values=1.0, **BINARY)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.MaxPool2D(2)(x)
    x = lq.layers.QuantConv2D(64, 3, padding="valid", activation="relu", **BINARY)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Flatten()(x)
    return keras.Model(inp, keras.layers.Dense(10)(x))


def m_bconv_dilated():
    x = inp = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(8, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    x = lq.layers.QuantConv2D(24, 3, dilation_rate=2, padding="same", pad_values=1.0, **BINARY)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, keras.layers.Dense(10)(x))


def m_bdense_1x1():
    # A binary dense layer written as a 1x1 binary convolution on [1, 1, 1, C].
    x = inp = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(8, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Reshape((1, 1, 512))(x)
    x = lq.layers.QuantConv2D(64, 1, **BINARY)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Flatten()(x)
    return keras.Model(inp, keras.layers.Dense(10)(x))


def m_larq_mnist():
    # larq's getting-started model (docs.larq.dev, "Introduction to BNNs"), on 28x28 digits.
    kwargs = dict(input_quantizer="ste_sign", kernel_quantizer="ste_sign", kernel_constraint="weight_clip")
    model = keras.models.Sequential([
        lq.layers.QuantConv2D(32, (3, 3), kernel_quantizer="ste_sign", kernel_constraint="weight_clip",
                              use_bias=False, input_shape=(28, 28, 1)),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.BatchNormalization(scale=False),
        lq.layers.QuantConv2D(64, (3, 3), use_bias=False, **kwargs),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.BatchNormalization(scale=False),
        lq.layers.QuantConv2D(64, (3, 3), use_bias=False, **kwargs),
        keras.layers.BatchNormalization(scale=False),
        keras.layers.Flatten(),
        lq.layers.QuantDense(64, use_bias=False, **kwargs),
        keras.layers.BatchNormalization(scale=False),
        lq.layers.QuantDense(10, use_bias=False, **kwargs),
        keras.layers.BatchNormalization(scale=False),
        keras.layers.Activation("softmax"),
    ])
    return model


def m_larq_mnist_int8():
    # The getting-started model made full-integer (fake quantization after every layer): its batch
    # norms after the poolings stay int8 MUL and ADD, and its SOFTMAX is int8, LiteRT's (in LCE's
    # interpreter) with output scale 1/256, zero point -128.
    kwargs = dict(input_quantizer="ste_sign", kernel_quantizer="ste_sign", kernel_constraint="weight_clip")
    x = inp = keras.Input((28, 28, 1))
    x = fake_quant(x, -1.0, 1.0)
    x = fake_quant(lq.layers.QuantConv2D(32, (3, 3), kernel_quantizer="ste_sign", kernel_constraint="weight_clip",
                                         use_bias=False)(x), -8.0, 8.0)
    x = fake_quant(keras.layers.MaxPooling2D((2, 2))(x), -8.0, 8.0)
    x = fake_quant(keras.layers.BatchNormalization(scale=False)(x))
    x = fake_quant(lq.layers.QuantConv2D(64, (3, 3), use_bias=False, **kwargs)(x), -64.0, 64.0)
    x = fake_quant(keras.layers.MaxPooling2D((2, 2))(x), -64.0, 64.0)
    x = fake_quant(keras.layers.BatchNormalization(scale=False)(x))
    x = fake_quant(lq.layers.QuantConv2D(64, (3, 3), use_bias=False, **kwargs)(x), -64.0, 64.0)
    x = fake_quant(keras.layers.BatchNormalization(scale=False)(x))
    x = keras.layers.Flatten()(x)
    x = fake_quant(lq.layers.QuantDense(64, use_bias=False, **kwargs)(x), -64.0, 64.0)
    x = fake_quant(keras.layers.BatchNormalization(scale=False)(x))
    x = fake_quant(lq.layers.QuantDense(10, use_bias=False, **kwargs)(x), -64.0, 64.0)
    x = fake_quant(keras.layers.BatchNormalization(scale=False)(x), -8.0, 8.0)
    x = keras.layers.Activation("softmax")(x)
    return keras.Model(inp, fake_quant(x, 0.0, 255.0 / 256.0))


ENTRIES = [
    # name, builder, input size, int8, ops it must contain
    ("bconv_float_valid", m_bconv_float_valid, 8, False, ["LceQuantize", "LceBconv2d"]),
    ("bconv_same_one_s2", m_bconv_same_one_s2, 8, False, ["LceQuantize", "LceBconv2d"]),
    ("bconv_same_zero", m_bconv_same_zero, 8, False, ["LceQuantize", "LceBconv2d"]),
    ("bconv_bmaxpool_relu", m_bconv_bmaxpool_relu, 8, False, ["LceQuantize", "LceBconv2d", "LceBMaxPool2d"]),
    ("bconv_dilated", m_bconv_dilated, 8, False, ["LceQuantize", "LceBconv2d"]),
    ("bdense_1x1", m_bdense_1x1, 8, False, ["LceQuantize", "LceBconv2d"]),
    ("int8_bnn", lambda: m_bconv_float_valid(int8=True), 8, True, ["LceQuantize", "LceBconv2d"]),
    ("larq_mnist", m_larq_mnist, 28, False, ["LceQuantize", "LceBconv2d", "LceDequantize"]),
    ("larq_mnist_int8", m_larq_mnist_int8, 28, True, ["LceQuantize", "LceBconv2d", "MUL", "SOFTMAX"]),
]


def op_names(model: bytes) -> list[str]:
    from tensorflow.lite.python import schema_py_generated as fb  # noqa: PLC0415

    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(model, 0))
    names = {v: k for k, v in vars(fb.BuiltinOperator).items() if not k.startswith("_")}
    out = []
    for op in m.subgraphs[0].operators:
        code = m.operatorCodes[op.opcodeIndex]
        builtin = max(code.builtinCode, code.deprecatedBuiltinCode)
        out.append(code.customCode.decode() if builtin == 32 else names[builtin])
    return out


def build(name, builder, size, int8):
    keras.utils.set_random_seed(seed_for(name))
    x, y = digits(size)
    model = builder()
    loss = "sparse_categorical_crossentropy" if name.startswith("larq_mnist") else \
        keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=loss, metrics=["accuracy"])
    n = len(x) * 4 // 5
    model.fit(x[:n], y[:n], epochs=6, batch_size=64, verbose=0, shuffle=True)
    accuracy = float(model.evaluate(x[n:], y[n:], verbose=0)[1])
    kwargs = dict(inference_input_type=tf.int8, inference_output_type=tf.int8) if int8 else {}
    flatbuffer = lce.convert_keras_model(model, **kwargs)
    return flatbuffer, accuracy


def schema():
    from tensorflow.lite.python import schema_py_generated as fb  # noqa: PLC0415

    return fb


def pack(m) -> bytes:
    import flatbuffers  # noqa: PLC0415

    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def unpack(flatbuffer: bytes):
    fb = schema()
    return fb.ModelT.InitFromObj(fb.Model.GetRootAs(flatbuffer, 0))


def exposing_every_tensor(flatbuffer: bytes) -> tuple[bytes, list[int]]:
    """The model with every operator output also a graph output (LCE's interpreter then returns
    every intermediate tensor)."""
    m = unpack(flatbuffer)
    sub = m.subgraphs[0]
    produced = [int(t) for op in sub.operators for t in op.outputs]
    sub.outputs = np.array(produced, dtype=np.int32)
    return pack(m), produced


def single_operator(flatbuffer: bytes, index: int) -> tuple[bytes, list[int]]:
    """Operator `index` alone: its runtime inputs become the graph's inputs, its outputs the
    graph's outputs (every tensor is kept, so indices stay; the unused ones are never read)."""
    m = unpack(flatbuffer)
    sub = m.subgraphs[0]
    op = sub.operators[index]
    runtime_inputs = [int(t) for t in op.inputs
                      if t >= 0 and not (m.buffers[sub.tensors[t].buffer].data is not None
                                         and len(m.buffers[sub.tensors[t].buffer].data) > 0)]
    sub.operators = [op]
    sub.inputs = np.array(runtime_inputs, dtype=np.int32)
    sub.outputs = np.array([int(t) for t in op.outputs], dtype=np.int32)
    return pack(m), runtime_inputs


def single_operator_compact(flatbuffer: bytes, index: int) -> tuple[bytes, list[int]]:
    """Operator `index` alone, keeping only its own tensors and buffers (renumbered; signatures
    and metadata dropped) but every operator code: a cut builtin of an LCE model still lists the
    Lce codes, so Kinglet still treats it as an LCE model (PrepareContext.followsLiteRT).
    Returns the model and its runtime inputs' indices in the original model."""
    fb = schema()
    m = unpack(flatbuffer)
    sub = m.subgraphs[0]
    op = sub.operators[index]
    used = []
    for t in list(op.inputs) + list(op.outputs):
        if t >= 0 and int(t) not in used:
            used.append(int(t))
    empty = fb.BufferT()
    buffers, tensors, remap = [empty], [], {}
    runtime_inputs = []
    for t in used:
        tensor = sub.tensors[t]
        data = m.buffers[tensor.buffer].data
        if data is not None and len(data) > 0:
            buffers.append(m.buffers[tensor.buffer])
            tensor.buffer = len(buffers) - 1
        else:
            tensor.buffer = 0
            if t in [int(i) for i in op.inputs]:
                runtime_inputs.append(t)
        remap[t] = len(tensors)
        tensors.append(tensor)
    op.inputs = np.array([remap[int(t)] if t >= 0 else -1 for t in op.inputs], dtype=np.int32)
    op.outputs = np.array([remap[int(t)] for t in op.outputs], dtype=np.int32)
    sub.tensors, sub.operators = tensors, [op]
    sub.inputs = np.array([remap[t] for t in runtime_inputs], dtype=np.int32)
    sub.outputs = np.array(op.outputs, dtype=np.int32)
    m.subgraphs, m.buffers = [sub], buffers
    m.signatureDefs, m.metadata, m.metadataBuffer = None, None, None
    return pack(m), runtime_inputs


# The builtins whose float results depend on an order of summation (the rest of the zoo's builtins,
# RESHAPE, MAX_POOL_2D, MUL, ADD, are exact per element in any kernel).
SUMMING_BUILTINS = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "MEAN", "SOFTMAX", "AVERAGE_POOL_2D"}


def builtin_operators(name, flatbuffer, x):
    """Every summing builtin operator with float32 input and output, cut out alone (compact),
    on the input LCE's interpreter gives it inside the whole model; golden: LCE's interpreter on
    the one-op model (LiteRT's optimized x86 float kernels)."""
    exposed, produced = exposing_every_tensor(flatbuffer)
    outputs = Interpreter(exposed, num_threads=1).predict(x)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    value = dict(zip(produced, outputs))
    m = unpack(flatbuffer)
    value[int(m.subgraphs[0].inputs[0])] = x
    names = op_names(flatbuffer)
    entries = []
    for index, op in enumerate(m.subgraphs[0].operators):
        if names[index] not in SUMMING_BUILTINS:
            continue
        alone, inputs = single_operator_compact(flatbuffer, index)
        feeds = [value[t] for t in inputs]
        result = Interpreter(alone, num_threads=1).predict(*feeds)
        result = result if isinstance(result, list) else [result]
        if any(f.dtype != np.float32 for f in feeds) or result[0].dtype != np.float32:
            continue
        op_name = f"{name}.op{index}"
        (OUT / f"{op_name}.tflite").write_bytes(alone)
        for k, feed in enumerate(feeds):
            np.save(OUT / f"{op_name}.input{k}.npy", feed)
        np.save(OUT / f"{op_name}.output0.npy", result[0])
        entries.append(dict(name=op_name, file=f"{op_name}.tflite", kind="builtin-op", op=names[index],
                            inputs=[f"{op_name}.input{k}.npy" for k in range(len(feeds))],
                            outputs=[f"{op_name}.output0.npy"]))
    return entries


def lce_operators(name, flatbuffer, x):
    """Every LCE operator of the model cut out alone, on the input LCE's interpreter gives it when
    the whole model runs on `x`; its golden is LCE's interpreter's output on the one-op model."""
    exposed, produced = exposing_every_tensor(flatbuffer)
    outputs = Interpreter(exposed, num_threads=1).predict(x)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    value = dict(zip(produced, outputs))
    m = unpack(flatbuffer)
    graph_inputs = [int(t) for t in m.subgraphs[0].inputs]
    value[graph_inputs[0]] = x
    entries = []
    for index, op in enumerate(m.subgraphs[0].operators):
        code = m.operatorCodes[op.opcodeIndex]
        if max(code.builtinCode, code.deprecatedBuiltinCode) != 32 or not code.customCode.decode().startswith("Lce"):
            continue
        alone, inputs = single_operator(flatbuffer, index)
        feeds = [value[t] for t in inputs]
        result = Interpreter(alone, num_threads=1).predict(*feeds) if len(feeds) > 1 else \
            Interpreter(alone, num_threads=1).predict(feeds[0])
        result = result if isinstance(result, list) else [result]
        op_name = f"{name}.op{index}"
        (OUT / f"{op_name}.tflite").write_bytes(alone)
        for k, feed in enumerate(feeds):
            np.save(OUT / f"{op_name}.input{k}.npy", feed)
        for k, out in enumerate(result):
            np.save(OUT / f"{op_name}.output{k}.npy", out)
        entries.append(dict(name=op_name, file=f"{op_name}.tflite", kind="op", op=code.customCode.decode(),
                            inputs=[f"{op_name}.input{k}.npy" for k in range(len(feeds))],
                            outputs=[f"{op_name}.output{k}.npy" for k in range(len(result))]))
    return entries


def golden(name, flatbuffer, int8):
    interpreter = Interpreter(flatbuffer, num_threads=1)
    shape = interpreter.input_shapes[0]
    rng = np.random.default_rng(seed_for(name) + 1)
    if int8:
        x = rng.integers(-128, 128, size=shape, dtype=np.int8)
    else:
        x = rng.uniform(-1, 1, size=shape).astype(np.float32)
    out = interpreter.predict(x)
    return x, (out[0] if isinstance(out, list) else out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=None, help="rebuild the entries matching this regex, keep the rest")
    parser.add_argument("--builtin-ops", action="store_true",
                        help="no training: only recut the float builtin operators of the stored models")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"models": []}
    kept = {e["name"]: e for e in manifest["models"]}
    for name, builder, size, int8, expected in ENTRIES:
        if args.only and not re.search(args.only, name):
            continue
        if args.builtin_ops:
            if name in kept:
                entry = kept[name]
                stored = (OUT / entry["file"]).read_bytes()
                x = np.load(OUT / entry["inputs"][0])
                entry["builtin_operators"] = builtin_operators(name, stored, x)
                print(f"{name:22s} {len(entry['builtin_operators'])} builtin operators", flush=True)
            continue
        flatbuffer, accuracy = build(name, builder, size, int8)
        ops = op_names(flatbuffer)
        missing = [op for op in expected if op not in ops]
        if missing:
            raise SystemExit(f"{name}: the converter made {ops}; missing {missing}")
        (OUT / f"{name}.tflite").write_bytes(flatbuffer)
        x, y = golden(name, flatbuffer, int8)
        np.save(OUT / f"{name}.input0.npy", x)
        np.save(OUT / f"{name}.output0.npy", y)
        kept[name] = dict(name=name, file=f"{name}.tflite", kind="model", ops=ops, int8=int8,
                          size_bytes=len(flatbuffer), sha256=hashlib.sha256(flatbuffer).hexdigest(),
                          digits_accuracy=round(accuracy, 4), inputs=[f"{name}.input0.npy"],
                          outputs=[f"{name}.output0.npy"], golden_seed=seed_for(name) + 1,
                          operators=lce_operators(name, flatbuffer, x),
                          builtin_operators=builtin_operators(name, flatbuffer, x))
        print(f"{name:22s} {len(flatbuffer):7d} B  accuracy {accuracy:.3f}  {' '.join(ops)}", flush=True)
    manifest = {"generator": "tools/bnn/build_bnn_zoo.py",
                "versions": {p: __import__(m).__version__ for p, m in
                             [("tensorflow", "tensorflow"), ("larq", "larq"), ("larq-compute-engine", "larq_compute_engine")]},
                "models": [kept[n] for n, *_ in ENTRIES if n in kept]}
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
