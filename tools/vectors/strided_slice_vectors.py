#!/usr/bin/env python3
"""STRIDED_SLICE on pip tflite-micro, for StridedSliceTests.swift.

    strided_slice_vectors.py                      # the table
    strided_slice_vectors.py --check-unwritten    # the hand-written rejections' premise, on pip

prints the test's case table whole (Swift, `stridedSliceCases`, one case a line). After the fixed
cases in FIXED, cases are drawn from SplitMix64 seeded with SEED (common.py): rank 1-4 input
shapes (dims 1-4), begin/end in -6...6 (negative indices), strides from {1, 2, 3, -1, -2}, random
begin/end/shrink_axis masks; in about one case in five random ellipsis/new_axis masks and
`offset` (pip TFLM ignores all three) and one extra begin/end/strides value (TFLM reads one a
dimension). Input arange(n) in the case's type (int8 wrapping), so the expected values are the
input indices TFLM copied.

The model's output shape is the one TFLM's prepare accepts (CheckOutputSize in
micro/kernels/strided_slice_common.cc with StartForAxis/StopForAxis of
kernels/internal/strided_slice_logic.h, transcribed below). Cases whose eval would leave output
elements unwritten (eval's StridedSliceStartForAxis/EndForAxis iterate fewer elements than the
output holds: a shrunk axis with an out-of-range begin or a negative stride) are drawn again:
pip's outputs there are arena garbage, and Kinglet rejects them (the test's hand-written
stridedSliceUnwrittenCases). So are draws whose model pip refuses to allocate (empty outputs
such as [2, 2, 0]: "Dynamic tensors are not supported"), and three in four of the other draws
with an empty output; `--unwritten` prints on stderr how many draws were skipped.
"""

import math
import sys

import numpy as np

from common import Model, SplitMix64, run_tflm

SEED = 5
COUNT = 72
TYPES = {"int8": np.int8, "int16": np.int16, "float32": np.float32, "int32": np.int32}
INT_MAX, INT_MIN = (1 << 31) - 1, -(1 << 31)

# type, input, begin, end, strides, begin/end/shrink masks, ellipsis/new_axis masks, offset
FIXED = [
    # Extra index values, ellipsis and new_axis masks and offset (end += begin: [1, 2, 3]), all ignored.
    ("int8", [4], [1, 9], [3, 9], [1, 9], 0, 0, 0, 1, 1, True),
]

# StridedSliceTests.stridedSliceUnwrittenCases (hand-written there: Kinglet rejects them), as
# type, input, begin, end, strides, masks, output. `--check-unwritten` asserts that pip prepares
# each one with that output shape and that its eval writes fewer elements than the output holds.
UNWRITTEN = [
    ("int8", [4, 2, 2], [-1, -2, 3], [3, -6, 3], [-1, 1, 3], 4, 5, 7, []),
    ("int8", [1], [-3], [-6], [-2], 0, 1, 1, []),
    ("int8", [4, 2, 3], [4, 5, 6], [6, -5, 3], [1, 3, -1], 1, 0, 6, [4]),
    ("int8", [3, 1, 4, 2], [-6, 5, 3, -1], [6, 1, -2, 6], [-2, -1, -1, 1], 14, 0, 15, []),
    ("int8", [1], [1], [-3], [1], 0, 0, 1, []),
    ("int8", [4, 1, 2, 3], [-1, 3, -5, -5], [1, -2, -1, 6], [-1, 1, -1, -1], 0, 0, 14, [2]),
    ("int8", [1], [-2], [-5], [-1], 1, 0, 1, []),
    ("int8", [1, 1, 1], [1, -1, -2], [-3, -1, 3], [-2, 2, 2], 0, 0, 3, [1]),
]


def check_unwritten():
    for dtype, dims, begin, end, strides, bm, em, sm, out in UNWRITTEN:
        assert prepare_shape(dims, begin, end, strides, bm, em, sm) == out, dims
        assert eval_count(dims, begin, end, strides, bm, em, sm) < max(1, int(np.prod(out))), dims
        m = Model("strided_slice", "STRIDED_SLICE")
        m.set("in", 0, dims, dtype)
        for i, values in ((1, begin), (2, end), (3, strides)):
            m.set("in", i, [len(values)], "int32", data=np.array(values, dtype=np.int32))
        m.set("out", 0, out, dtype)
        o = m.op.builtinOptions
        o.beginMask, o.endMask, o.shrinkAxisMask = bm, em, sm
        run_tflm(m.bytes(), [np.zeros(dims, dtype=TYPES[dtype])])  # raises if prepare fails
    print(f"{len(UNWRITTEN)} unwritten cases: pip prepares each, its eval writes too few elements",
          file=sys.stderr)


def clamp(v, lo, hi):
    return hi if hi < v else lo if v < lo else v


def prepare_shape(dims, begin, end, strides, begin_mask, end_mask, shrink_mask):
    """TFLM's CheckOutputSize: the output dims it accepts (StartForAxis / StopForAxis)."""
    out = []
    for i, size in enumerate(dims):
        stride = strides[i]
        if size == 0:
            start = stop = 0
        else:
            start = begin[i]
            if begin_mask & (1 << i):
                start = INT_MIN if stride > 0 else INT_MAX
            if start < 0:
                start += size
            start = clamp(start, 0, size) if stride > 0 else clamp(start, -1, size - 1)
            stop = end[i]
            if end_mask & (1 << i):
                stop = INT_MAX if stride > 0 else INT_MIN
            if stop < 0:
                stop += size
            stop = clamp(stop, 0, size) if stride > 0 else clamp(stop, -1, size - 1)
        shrink = shrink_mask & (1 << i)
        if shrink:
            stop = start + 1
        dim = max(0, math.ceil(np.float32(stop - start) / np.float32(stride)))
        if not shrink:
            out.append(int(dim))
    return out


def eval_count(dims, begin, end, strides, begin_mask, end_mask, shrink_mask):
    """Elements TFLM's eval writes (StridedSliceStartForAxis / EndForAxis, LoopCondition)."""
    total = 1
    for i, size in enumerate(dims):
        stride = strides[i]
        start = begin[i]
        if start < 0:
            start += size
        start = clamp(start, 0, size) if stride > 0 else clamp(start, -1, size - 1)
        if begin_mask & (1 << i):
            start = 0 if stride > 0 else size - 1
        if shrink_mask & (1 << i):
            stop = start if start >= size else start + 1
        else:
            stop = end[i]
            if stop < 0:
                stop += size
            stop = clamp(stop, 0, size) if stride > 0 else clamp(stop, -1, size - 1)
            if end_mask & (1 << i):
                stop = size if stride > 0 else -1
        n, j = 0, start
        while not (j >= stop if stride > 0 else j <= stop):
            n, j = n + 1, j + stride
        total *= n
    return total


def lst(xs):
    return "[" + ", ".join(str(x) for x in xs) + "]"


def run_case(dtype, dims, begin, end, strides, bm, em, sm, ellipsis=0, new_axis=0, offset=False):
    rank = len(dims)
    out = prepare_shape(dims, begin, end, strides, bm, em, sm)
    if eval_count(dims, begin, end, strides, bm, em, sm) != int(np.prod(out)):
        return None
    m = Model("strided_slice", "STRIDED_SLICE")
    m.set("in", 0, dims, dtype)
    for i, values in ((1, begin), (2, end), (3, strides)):
        m.set("in", i, [len(values)], "int32", data=np.array(values, dtype=np.int32))
    m.set("out", 0, out, dtype)
    o = m.op.builtinOptions
    o.beginMask, o.endMask, o.shrinkAxisMask = bm, em, sm
    o.ellipsisMask, o.newAxisMask, o.offset = ellipsis, new_axis, offset
    n = int(np.prod(dims))
    x = np.arange(n).astype(np.int64).astype(TYPES[dtype]).reshape(dims)
    try:
        y = run_tflm(m.bytes(), [x])[0].reshape(-1)
    except RuntimeError:  # pip refuses some empty outputs ("dynamic tensor"): not a case
        return "refused"
    assert rank <= 4
    extra = f", ellipsis: {ellipsis}, newAxis: {new_axis}, offset: {'true' if offset else 'false'}" \
        if (ellipsis or new_axis or offset) else ""
    return (f"    .init(.{dtype}, {lst(dims)}, {lst(begin)}, {lst(end)}, {lst(strides)}, {bm}, {em}, {sm}, "
            f"{lst(out)}, {lst(int(v) for v in y)}{extra}),")


def draw(r):
    dtype = list(TYPES)[r.range(0, 3)]
    rank = r.range(1, 4)
    dims = [r.range(1, 4) for _ in range(rank)]
    begin = [r.range(-6, 6) for _ in range(rank)]
    end = [r.range(-6, 6) for _ in range(rank)]
    strides = [[1, 2, 3, -1, -2][r.range(0, 4)] for _ in range(rank)]
    full = (1 << rank) - 1
    bm = r.range(0, full) if r.range(0, 1) == 0 else 0
    em = r.range(0, full) if r.range(0, 1) == 0 else 0
    sm = r.range(0, full) if r.range(0, 2) == 0 else 0
    ellipsis = new_axis = 0
    offset = False
    if r.range(0, 4) == 0:
        ellipsis, new_axis, offset = r.range(0, full), r.range(0, full), r.range(0, 1) == 1
        begin.append(r.range(-6, 6))
        end.append(r.range(-6, 6))
        strides.append(r.range(-3, 3))
    if 0 in prepare_shape(dims, begin, end, strides, bm, em, sm) and r.range(0, 3) != 0:
        return "empty"  # three in four empty outputs drawn again (random indices give many)
    return run_case(dtype, dims, begin, end, strides, bm, em, sm, ellipsis, new_axis, offset)


def main(argv):
    if "--check-unwritten" in argv:
        check_unwritten()
        return 0
    r = SplitMix64(SEED)
    rows = [run_case(*c) for c in FIXED]
    skipped = refused = 0
    while len(rows) < COUNT:
        row = draw(r)
        if row is None:
            skipped += 1
        elif row == "empty":
            pass
        elif row == "refused":
            refused += 1
        elif len(row) <= 110:  # one case a line (short enough that swift-format keeps it): else draw again
            rows.append(row)
    if "--unwritten" in argv:
        print(f"skipped {skipped} cases TFLM's eval leaves partly unwritten, {refused} pip refuses", file=sys.stderr)
    print("let stridedSliceCases: [StridedSliceCase] = [\n" + "\n".join(rows) + "\n]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
