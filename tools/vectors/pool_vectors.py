#!/usr/bin/env python3
"""AVERAGE_POOL_2D / MAX_POOL_2D (int8, int16) on pip tflite-micro, for AveragePool2DTests.swift,
MaxPool2DTests.swift and PoolCase in PoolingTests.swift.

    pool_vectors.py avg|max SEED COUNT   # int8: digest over the cases with a non-empty output
    pool_vectors.py avg16|max16 SEED COUNT
                                         # int16 (the int8 template retyped; TFLM's pooling has
                                         # no int16-only checks): the same digest
    pool_vectors.py avg|max -1 [scale=S] [zp=Z] [act=A] X...
                                         # one VALID window over a row (default scale 0.5,
                                         # zp 0, act 0; act: 0 none, 1 relu, 2 relu_n1_to_1, 3 relu6)

Cases are drawn exactly as PoolCase.init(_:) (int16: PoolCase.init(int16:)) draws them
(SplitMix64, common.py); input and output share scale and zero point.
"""

import sys

import numpy as np

from common import ACTIVATIONS, SAME, VALID, Fnv, Model, SplitMix64, output_size, run_tflm


def model(kind, shape, out_shape, fh, fw, sh, sw, padding, scale, zp, act, dtype="int8"):
    m = Model(kind, "AVERAGE_POOL_2D" if kind == "avg" else "MAX_POOL_2D")
    m.set("in", 0, shape, dtype, [scale], [zp])
    m.set("out", 0, out_shape, dtype, [scale], [zp])
    o = m.op.builtinOptions
    o.padding, o.strideH, o.strideW, o.filterHeight, o.filterWidth = padding, sh, sw, fh, fw
    o.fusedActivationFunction = act
    return m.bytes()


def main(argv):
    kind = argv[0]
    if kind.endswith("16"):
        return main16(kind[:-2], int(argv[1]), int(argv[2]))
    if int(argv[1]) < 0:
        opts = {"scale": "0.5", "zp": "0", "act": "0"}
        opts.update(a.split("=", 1) for a in argv[2:] if "=" in a)
        row = [int(v) for v in argv[2:] if "=" not in v]
        out = run_tflm(model(kind, [1, 1, len(row), 1], [1, 1, 1, 1], 1, len(row), 1, 1, VALID,
                             np.float32(opts["scale"]), int(opts["zp"]), int(opts["act"])),
                       [np.array(row, dtype=np.int8).reshape(1, 1, len(row), 1)])[0]
        print(" ".join(str(int(v)) for v in out.reshape(-1)))
        return 0
    r, digest, ran = SplitMix64(int(argv[1])), Fnv(), 0
    for _ in range(int(argv[2])):
        b, h, w, d = r.range(1, 2), r.range(1, 10), r.range(1, 10), r.range(1, 5)
        fh, fw = r.range(1, 4), r.range(1, 4)
        sh, sw = r.range(1, 3), r.range(1, 3)
        padding = SAME if r.range(0, 1) == 0 else VALID
        scale = r.scale(-8, 0)
        zp = r.range(-128, 127)
        act = ACTIVATIONS[r.range(0, 3)]
        data = r.int8s(b * h * w * d)
        oh = output_size(padding == SAME, h, fh, sh, 1)
        ow = output_size(padding == SAME, w, fw, sw, 1)
        if oh < 1 or ow < 1:
            continue
        ran += 1
        x = np.array(data, dtype=np.int8).reshape(b, h, w, d)
        digest.mix_all(run_tflm(model(kind, [b, h, w, d], [b, oh, ow, d], fh, fw, sh, sw, padding, scale, zp, act), [x])[0])
    print(f"{digest} ({ran} cases with a non-empty output)")
    return 0


def main16(kind, seed, count):
    """int16 cases: the int8 geometry draws, then wider scales (so RELU6's bound falls inside and
    outside the int16 range), zero points and values."""
    r, digest, ran = SplitMix64(seed), Fnv(), 0
    for _ in range(count):
        b, h, w, d = r.range(1, 2), r.range(1, 10), r.range(1, 10), r.range(1, 5)
        fh, fw = r.range(1, 4), r.range(1, 4)
        sh, sw = r.range(1, 3), r.range(1, 3)
        padding = SAME if r.range(0, 1) == 0 else VALID
        scale = r.scale(-16, -4)
        zp = r.range(-4096, 4096)
        act = ACTIVATIONS[r.range(0, 3)]
        data = [r.range(-32768, 32767) for _ in range(b * h * w * d)]
        oh = output_size(padding == SAME, h, fh, sh, 1)
        ow = output_size(padding == SAME, w, fw, sw, 1)
        if oh < 1 or ow < 1:
            continue
        ran += 1
        x = np.array(data, dtype=np.int16).reshape(b, h, w, d)
        out = run_tflm(model(kind, [b, h, w, d], [b, oh, ow, d], fh, fw, sh, sw, padding, scale, zp, act,
                             "int16"), [x])[0]
        assert out.dtype == np.int16, out.dtype
        digest.mix_all(out)
    print(f"{digest} ({ran} cases with a non-empty output)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
