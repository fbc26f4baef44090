#!/usr/bin/env python3
"""Models that exercise TFLM allocations the zoo does not reach, for tools/tflm_arena_check.py.

Kinglet does not run all of these operators (GATHER, RESIZE_*, ARG_MAX/MIN, PRELU, ...), so they live in
testdata/tflm-arena/ (only the arena check reads them), not in the zoo. Regenerate with the
converter's venv:

    /tmp/venv-vectors/bin/python tools/tflm/make_arena_models.py
"""
from pathlib import Path

import numpy as np
import tensorflow as tf

OUT = Path(__file__).resolve().parent.parent.parent / "testdata" / "tflm-arena"


def convert(fn, int8: bool = False, shapes=None) -> bytes:
    conv = tf.lite.TFLiteConverter.from_concrete_functions([fn.get_concrete_function()], fn)
    if int8:
        rng = np.random.default_rng(0)

        def data():
            for _ in range(8):
                yield [rng.uniform(-1, 1, s).astype(np.float32) for s in shapes]

        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = data
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
    return conv.convert()


@tf.function(input_signature=[tf.TensorSpec([1, 4, 4, 3], tf.float32)])
def misc_ops(x):
    # RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR (params), ARG_MAX/MIN (params), GATHER (params and
    # its persistent output dims).
    y = tf.image.resize(x, [8, 8], method="nearest")
    z = tf.image.resize(x, [6, 6], method="bilinear")
    a = tf.argmax(tf.reshape(y, [1, -1]), axis=1)
    b = tf.argmin(tf.reshape(z, [1, -1]), axis=1)
    g = tf.gather(tf.reshape(x, [-1]), tf.constant([1, 3, 5]))
    return y, z, a, b, g


@tf.function(input_signature=[tf.TensorSpec([2, 3, 5], tf.float32), tf.TensorSpec([2, 5, 4], tf.float32)])
def batch_matmul(a, b):
    return tf.matmul(a, b)


@tf.function(input_signature=[tf.TensorSpec([2, 5, 3], tf.float32), tf.TensorSpec([2, 4, 5], tf.float32)])
def batch_matmul_adj(a, b):
    return tf.matmul(a, b, adjoint_a=True, adjoint_b=True)


@tf.function(input_signature=[tf.TensorSpec([1, 4, 4, 8], tf.float32), tf.TensorSpec([1, 4, 4, 8], tf.float32)])
def more_ops(x, w):
    # L2_NORMALIZATION, LOG_SOFTMAX, SQUARED_DIFFERENCE, GREATER, SELECT_V2, EXP, NEG, ABS, RSQRT,
    # ELU, SPACE_TO_DEPTH, DEPTH_TO_SPACE (OpData, params and persistent dims the zoo lacks).
    n = tf.math.l2_normalize(x, axis=-1)
    ls = tf.nn.log_softmax(x)
    sd = tf.math.squared_difference(x, w)
    sel = tf.where(tf.greater(x, w), x, tf.zeros([1, 1, 1, 8]))  # broadcast: SELECT_V2
    e = tf.exp(-tf.abs(x))
    r = tf.math.rsqrt(tf.abs(w) + 1.0)
    el = tf.nn.elu(x)
    s2d = tf.nn.space_to_depth(x, 2)
    d2s = tf.nn.depth_to_space(x, 2)
    return n, ls, sd, sel, e, r, el, s2d, d2s


def prelu_model() -> bytes:
    model = tf.keras.Sequential([tf.keras.Input((4, 4, 3), batch_size=1), tf.keras.layers.PReLU(shared_axes=[1, 2])])
    model.layers[0].set_weights([np.array([[[0.25, -0.5, 0.75]]], np.float32)])
    return tf.lite.TFLiteConverter.from_keras_model(model).convert()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    models = {
        "misc_ops": convert(misc_ops),
        "batch_matmul_float": convert(batch_matmul),
        "batch_matmul_adj_float": convert(batch_matmul_adj),
        "batch_matmul_int8": convert(batch_matmul, int8=True, shapes=[(2, 3, 5), (2, 5, 4)]),
        "more_ops_float": convert(more_ops),
        "prelu_float": prelu_model(),
    }
    for name, data in models.items():
        (OUT / f"{name}.tflite").write_bytes(data)
        print(f"{name}.tflite: {len(data)} bytes")


if __name__ == "__main__":
    main()
