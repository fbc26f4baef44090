#!/usr/bin/env python3
"""Build int8 twins of binarized-zoo models: the same architecture with ordinary Conv2D/Dense
layers, trained the same way, converted with full-int8 post-training quantization, so a BNN can
be measured on the device beside an int8 model of the same shape (issue 12, deliverable 6).

    /tmp/venv-vectors/bin/python tools/bnn/build_twins.py [--only REGEX] [--export-split DIR]

Needs tensorflow-cpu (2.21, Keras 3), tflite-micro, numpy and scikit-learn (/tmp/venv-vectors).
Each twin mirrors its BNN in tools/bnn/build_bnn_zoo.py layer for layer: a binary layer
(QuantConv2D/QuantDense, whose input quantizer is its non-linearity) becomes the ordinary layer,
with a ReLU where the BNN binarizes its input; the first layer of larq_mnist has no input
quantizer in the BNN and none in the twin. Batch normalization sits where the converter folds it
into the layer before (no MUL/ADD left): larq_mnist's BN(scale=False) after a max pool moves before
it (a per-channel increasing affine map commutes with max, so the function is the same), and
bconv_bmaxpool_relu's last relu -> BN becomes BN -> relu. (Also: int8 ADD/MUL hang on the
device at commit 0ee37da; folded, the twins need neither.) Training: the digits split of build_bnn_zoo.py (first
80 % train, last 20 % test), Adam 3e-3, 6 epochs, batch 64, the BNN's seed; batch
normalization's momentum is 0.9 (see bn()). Conversion: the TF
converter with `Optimize.DEFAULT`, 200 training images as representative data,
TFLITE_BUILTINS_INT8, int8 input and output.

Writes testdata/bnn/<bnn>_int8_twin.tflite, a seeded int8 input and pip TFLM's output on it
(`.input0.npy`, `.output0.npy`), and testdata/bnn/twins.json (kept apart from manifest.json,
whose models are LCE's and checked against LCE's interpreter). The twins' accuracy on the test
split is pip TFLM's. `--export-split DIR` also writes the test split (float images, labels) for
`kinglet eval` to DIR (too large to commit).
"""

from __future__ import annotations

import os

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

import keras  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "testdata" / "bnn"
SEED = 20261201  # build_bnn_zoo.py's


def seed_for(name: str) -> int:
    return SEED + zlib.crc32(name.encode()) % 100000


def digits(size: int = 8):
    """build_bnn_zoo.py's digits: [-1, 1], 28x28 by upscaling 3x and padding with -1."""
    d = load_digits()
    x = (d.images.astype(np.float32) / 8.0 - 1.0)[..., None]
    if size != 8:
        reps = size // 8
        x = np.kron(x, np.ones((1, reps, reps, 1), dtype=np.float32))
        pad = (size - 8 * reps) // 2
        x = np.pad(x, ((0, 0), (pad, size - 8 * reps - pad), (pad, size - 8 * reps - pad), (0, 0)),
                   constant_values=-1.0)
    return x, d.target.astype(np.int64)


L = keras.layers


def bn(**kwargs):
    # Momentum 0.9, not Keras's 0.99: 6 epochs are 138 steps, too few for 0.99's moving statistics,
    # which a BNN's sign() forgives (it reads only the sign) and an int8 network does not.
    return keras.layers.BatchNormalization(momentum=0.9, **kwargs)


def t_larq_mnist():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(32, 3, use_bias=False),
        bn(scale=False),  # before the pool, not after: the same function (see the docstring)
        L.MaxPooling2D(2),
        L.ReLU(), L.Conv2D(64, 3, use_bias=False),
        bn(scale=False),
        L.MaxPooling2D(2),
        L.ReLU(), L.Conv2D(64, 3, use_bias=False),
        bn(scale=False),
        L.Flatten(),
        L.ReLU(), L.Dense(64, use_bias=False),
        bn(scale=False),
        L.ReLU(), L.Dense(10, use_bias=False),
        bn(scale=False),
        L.Activation("softmax"),
    ])


def t_bconv_bmaxpool_relu():
    x = inp = keras.Input((8, 8, 1))
    x = L.Conv2D(16, 3, padding="same", use_bias=False)(x)
    x = bn()(x)
    x = L.Conv2D(48, 3, padding="same", use_bias=False)(L.ReLU()(x))
    x = bn()(x)
    x = L.MaxPool2D(2)(x)
    x = L.Conv2D(64, 3, padding="valid", use_bias=False)(L.ReLU()(x))
    x = L.ReLU()(bn()(x))  # the BNN's relu -> BN as BN -> relu, so the converter folds BN into the conv
    x = L.Flatten()(x)
    return keras.Model(inp, L.Dense(10)(x))


def t_int8_bnn():
    # int8_bnn is bconv_float_valid with int8 in and out.
    x = inp = keras.Input((8, 8, 1))
    x = L.Conv2D(16, 3, padding="same", use_bias=False)(x)
    x = bn()(x)
    x = L.Conv2D(32, 3, padding="valid", use_bias=False)(L.ReLU()(x))
    x = bn()(x)
    x = L.GlobalAveragePooling2D()(x)
    return keras.Model(inp, L.Dense(10)(x))


# twin of, builder, input size, softmax output (larq_mnist's loss is on probabilities)
TWINS = [
    ("larq_mnist", t_larq_mnist, 28, True),
    ("bconv_bmaxpool_relu", t_bconv_bmaxpool_relu, 8, False),
    ("int8_bnn", t_int8_bnn, 8, False),
]


def train(name, builder, size, softmax):
    keras.utils.set_random_seed(seed_for(name))
    x, y = digits(size)
    model = builder()
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=not softmax)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=loss, metrics=["accuracy"])
    n = len(x) * 4 // 5
    model.fit(x[:n], y[:n], epochs=6, batch_size=64, verbose=0, shuffle=True)
    keras_accuracy = float(model.evaluate(x[n:], y[n:], verbose=0)[1])
    return model, x, y, n, keras_accuracy


def convert(model, x_train, size) -> bytes:
    import tempfile  # noqa: PLC0415

    # Through a SavedModel: the converter freezes Keras 3's variables there (not from a concrete function).
    saved = tempfile.mkdtemp(prefix="kinglet-twin-")
    model.export(saved, input_signature=[tf.TensorSpec((1, size, size, 1), tf.float32)], verbose=False)
    c = tf.lite.TFLiteConverter.from_saved_model(saved)

    def rep():
        for i in range(200):
            yield [x_train[i:i + 1]]

    c.optimizations = [tf.lite.Optimize.DEFAULT]
    c.representative_dataset = rep
    c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    c.inference_input_type = tf.int8
    c.inference_output_type = tf.int8
    return c.convert()


def op_names(model: bytes) -> list[str]:
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as fb  # noqa: PLC0415

    m = fb.ModelT.InitFromObj(fb.Model.GetRootAs(model, 0))
    names = {v: k for k, v in vars(fb.BuiltinOperator).items() if not k.startswith("_")}
    return [names[max(m.operatorCodes[op.opcodeIndex].builtinCode,
                      m.operatorCodes[op.opcodeIndex].deprecatedBuiltinCode)]
            for op in m.subgraphs[0].operators]


class TFLM:
    """pip tflite-micro on one model; float images are quantized with the input's parameters."""

    def __init__(self, model: bytes):
        from tflite_micro.python.tflite_micro import runtime  # noqa: PLC0415

        self.interp = runtime.Interpreter.from_bytes(model, arena_size=1 << 20)
        details = self.interp.get_input_details(0)
        self.scale, self.zero = details["quantization_parameters"]["scales"][0], \
            details["quantization_parameters"]["zero_points"][0]

    def quantize(self, x: np.ndarray) -> np.ndarray:
        return np.clip(np.round(x / self.scale) + self.zero, -128, 127).astype(np.int8)

    def run(self, q: np.ndarray) -> np.ndarray:
        self.interp.set_input(q, 0)
        self.interp.invoke()
        return self.interp.get_output(0).copy()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=None, help="rebuild the twins of the BNNs matching this regex")
    parser.add_argument("--export-split", default=None, metavar="DIR",
                        help="write the digits test split per input size to DIR (<size>.x.npy, <size>.y.npy)")
    args = parser.parse_args()
    path = OUT / "twins.json"
    kept = {e["twin_of"]: e for e in json.loads(path.read_text())["models"]} if path.exists() else {}
    for bnn, builder, size, softmax in TWINS:
        if args.only and not re.search(args.only, bnn):
            continue
        name = f"{bnn}_int8_twin"
        model, x, y, n, keras_accuracy = train(bnn, builder, size, softmax)
        flatbuffer = convert(model, x[:n], size)
        tflm = TFLM(flatbuffer)
        predictions = [int(np.argmax(tflm.run(tflm.quantize(x[i:i + 1])))) for i in range(n, len(x))]
        accuracy = float(np.mean(np.array(predictions) == y[n:]))
        rng = np.random.default_rng(seed_for(name))
        x0 = rng.integers(-128, 128, size=(1, size, size, 1), dtype=np.int8)
        y0 = tflm.run(x0)
        (OUT / f"{name}.tflite").write_bytes(flatbuffer)
        np.save(OUT / f"{name}.input0.npy", x0)
        np.save(OUT / f"{name}.output0.npy", y0)
        if args.export_split:
            Path(args.export_split).mkdir(parents=True, exist_ok=True)
            np.save(Path(args.export_split) / f"{size}.x.npy", x[n:])
            np.save(Path(args.export_split) / f"{size}.y.npy", y[n:])
        ops = op_names(flatbuffer)
        kept[bnn] = dict(name=name, twin_of=bnn, file=f"{name}.tflite", ops=ops, size_bytes=len(flatbuffer),
                         sha256=hashlib.sha256(flatbuffer).hexdigest(), keras_accuracy=round(keras_accuracy, 4),
                         tflm_accuracy=round(accuracy, 4), test_images=len(x) - n,
                         inputs=[f"{name}.input0.npy"], outputs=[f"{name}.output0.npy"],
                         golden_seed=seed_for(name))
        print(f"{name:30s} {len(flatbuffer):7d} B  keras {keras_accuracy:.3f}  tflm int8 {accuracy:.3f}  "
              f"{' '.join(ops)}", flush=True)
    import tflite_micro  # noqa: PLC0415

    manifest = {"generator": "tools/bnn/build_twins.py",
                "versions": {"tensorflow": tf.__version__, "keras": keras.__version__,
                             "tflite-micro": getattr(tflite_micro, "__version__", "?")},
                "models": [kept[b] for b, *_ in TWINS if b in kept]}
    path.write_text(json.dumps(manifest, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
