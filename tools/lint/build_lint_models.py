#!/usr/bin/env python3
"""Builds testdata/lint/: one small model per `kinglet lint` finding, plus clean ones.

    /tmp/venv-vectors/bin/python tools/lint/build_lint_models.py

Each model is converter-made (TensorFlow's TFLiteConverter, through tools/vectors/common.py) and,
for the hazards no converter writes, patched through the schema's object API. The expected
findings are in Tests/KingletReportTests/LintTests.swift (and testdata/lint/README.md).
"""
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "vectors"))
import common  # noqa: E402

OUT = ROOT / "testdata" / "lint"


def unpack(data: bytes):
    fb = common.schema()
    return fb, fb.ModelT.InitFromObj(fb.Model.GetRootAs(data, 0))


def pack(m) -> bytes:
    import flatbuffers

    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def opcodes(fb, m):
    return [max(c.builtinCode, c.deprecatedBuiltinCode) for c in m.operatorCodes]


def find_op(fb, m, builtin):
    codes = opcodes(fb, m)
    want = getattr(fb.BuiltinOperator, builtin)
    for op in m.subgraphs[0].operators:
        if codes[op.opcodeIndex] == want:
            return op
    raise AssertionError("no %s in %s" % (builtin, [codes[o.opcodeIndex] for o in m.subgraphs[0].operators]))


def clean_int8() -> bytes:
    tf = common._tf()
    rng = np.random.default_rng(2)
    w = tf.constant(rng.uniform(-1, 1, (3, 3, 2, 4)).astype(np.float32))
    b = tf.constant(rng.uniform(-1, 1, (4,)).astype(np.float32))
    f = tf.constant(rng.uniform(-1, 1, (36, 5)).astype(np.float32))

    def net(x):
        y = tf.nn.relu(tf.nn.conv2d(x, w, 1, "VALID") + b)
        return tf.nn.softmax(tf.matmul(tf.reshape(y, (1, 36)), f))

    return common._convert(net, [(1, 5, 5, 2)])


def clean_float() -> bytes:
    tf = common._tf()
    rng = np.random.default_rng(3)
    f = tf.constant(rng.uniform(-1, 1, (8, 4)).astype(np.float32))
    return common._convert_float(lambda x: tf.nn.relu(tf.matmul(x, f)), [tf.TensorSpec((1, 8), tf.float32)])


def hybrid() -> bytes:
    """Dynamic-range quantization: int8 weights, float activations (no representative dataset).
    The converter only quantizes weights of 1024 elements or more."""
    tf = common._tf()
    rng = np.random.default_rng(4)
    f = tf.constant(rng.uniform(-1, 1, (64, 32)).astype(np.float32))
    concrete = tf.function(lambda x: tf.matmul(x, f)).get_concrete_function(tf.TensorSpec((1, 64), tf.float32))
    c = tf.lite.TFLiteConverter.from_concrete_functions([concrete])
    c.optimizations = [tf.lite.Optimize.DEFAULT]
    return c.convert()


def float_operator() -> bytes:
    """An int8 model with a FLOOR left in float32 (no int8 kernel: the converter falls back to
    float between DEQUANTIZE and QUANTIZE, as TFLITE_BUILTINS allows)."""
    tf = common._tf()
    rng = np.random.default_rng(5)
    f = tf.constant(rng.uniform(-1, 1, (8, 8)).astype(np.float32))
    g = tf.constant(rng.uniform(-1, 1, (8, 4)).astype(np.float32))
    concrete = tf.function(lambda x: tf.matmul(tf.floor(tf.matmul(x, f) * 4.0), g)).get_concrete_function(
        tf.TensorSpec((1, 8), tf.float32))
    c = tf.lite.TFLiteConverter.from_concrete_functions([concrete])
    data_rng = np.random.default_rng(0)

    def rep():
        for _ in range(16):
            yield [data_rng.uniform(-1, 1, (1, 8)).astype(np.float32)]

    c.optimizations = [tf.lite.Optimize.DEFAULT]
    c.representative_dataset = rep
    c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8, tf.lite.OpsSet.TFLITE_BUILTINS]
    c.inference_input_type = tf.int8
    c.inference_output_type = tf.int8
    return c.convert()


def softmax_beta() -> bytes:
    """SOFTMAX with beta 1e-9: beta * input scale * 2^26 is far below 1 (TFLM aborts)."""
    fb, m = unpack(common.template("softmax"))
    op = find_op(fb, m, "SOFTMAX")
    op.builtinOptions.beta = 1e-9
    return pack(m)


def softmax_output() -> bytes:
    """int8 SOFTMAX whose output scale is 1/128, not the 1/256 TFLM's prepare demands (it fails,
    without aborting)."""
    fb, m = unpack(common.template("softmax"))
    op = find_op(fb, m, "SOFTMAX")
    m.subgraphs[0].tensors[op.outputs[0]].quantization.scale = [1.0 / 128]
    return pack(m)


def arithmetic(kind: str) -> bytes:
    """ADD or SUB with an output scale so small that 2*max(s1, s2) / (2^20 * so) >= 1."""
    fb, m = unpack(common.template(kind))
    op = find_op(fb, m, kind.upper())
    sub = m.subgraphs[0]
    out = sub.tensors[op.outputs[0]]
    out.quantization.scale = [float(max(sub.tensors[i].quantization.scale[0] for i in op.inputs)) / 2 ** 21]
    return pack(m)


def per_tensor() -> bytes:
    """CONV_2D whose per-channel filter scales are replaced by one (their largest)."""
    fb, m = unpack(common.template("conv"))
    op = find_op(fb, m, "CONV_2D")
    sub = m.subgraphs[0]
    filt = sub.tensors[op.inputs[1]]
    scales = np.array(filt.quantization.scale, dtype=np.float32)
    data = np.frombuffer(bytes(m.buffers[filt.buffer].data), dtype=np.int8).reshape(filt.shape).astype(np.float32)
    real = data * scales.reshape(-1, 1, 1, 1)
    one = float(scales.max())
    m.buffers[filt.buffer].data = np.clip(np.round(real / one), -127, 127).astype(np.int8).view(np.uint8).reshape(-1)
    filt.quantization.scale = [one]
    filt.quantization.zeroPoint = [0]
    return pack(m)


def unused() -> bytes:
    """A clean FC model with a constant tensor no operator uses and a buffer no tensor uses."""
    fb, m = unpack(common.template("fc"))
    sub = m.subgraphs[0]
    extra = fb.BufferT()
    extra.data = np.arange(64, dtype=np.uint8)
    m.buffers.append(extra)
    tensor_buffer = fb.BufferT()
    tensor_buffer.data = np.arange(32, dtype=np.uint8)
    m.buffers.append(tensor_buffer)
    t = fb.TensorT()
    t.name = b"orphan"
    t.type = fb.TensorType.INT8
    t.shape = np.array([32], dtype=np.int32)
    t.buffer = len(m.buffers) - 1
    sub.tensors.append(t)
    return pack(m)


def unsupported_types() -> bytes:
    """ADD with uint8 tensors (zero points shifted by 128): neither TFLM's nor Kinglet's ADD runs uint8."""
    fb, m = unpack(common.template("add"))
    sub = m.subgraphs[0]
    for t in sub.tensors:
        if t.type == fb.TensorType.INT8:
            t.type = fb.TensorType.UINT8
            t.quantization.zeroPoint = [int(z) + 128 for z in t.quantization.zeroPoint]
    return pack(m)


def unsupported_operator() -> bytes:
    """GELU (float32): a builtin neither TFLM nor Kinglet has."""
    tf = common._tf()
    return common._convert_float(lambda x: tf.nn.gelu(x, approximate=False), [tf.TensorSpec((1, 8), tf.float32)])


MODELS = {
    "clean_int8": clean_int8,
    "clean_float": clean_float,
    "hybrid": hybrid,
    "float_operator": float_operator,
    "softmax_beta": softmax_beta,
    "softmax_output": softmax_output,
    "add_multiplier": lambda: arithmetic("add"),
    "sub_multiplier": lambda: arithmetic("sub"),
    "per_tensor": per_tensor,
    "unused": unused,
    "unsupported_types": unsupported_types,
    "unsupported_operator": unsupported_operator,
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    only = sys.argv[1:]
    for name, build in MODELS.items():
        if only and name not in only:
            continue
        data = build()
        (OUT / (name + ".tflite")).write_bytes(data)
        print("%s.tflite: %d bytes" % (name, len(data)))


if __name__ == "__main__":
    main()
