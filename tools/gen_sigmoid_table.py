#!/usr/bin/env python3
"""Writes the int16 sigmoid/tanh table of Sources/KingletKernels/Arithmetic/Int16Sigmoid.swift
(from its `let sigmoidTableUInt16` line to the literal's closing bracket) from its defining formula.

    python3 tools/gen_sigmoid_table.py           # rewrite the literal
    python3 tools/gen_sigmoid_table.py --check   # exit 1 if the literal differs from the formula

The table holds f(i/24) in unsigned 0.16 fixed point, f(x) = 65536 / (1 + e^-x), i = 0...255,
for linear interpolation between neighbours. Each entry except the last is the sample lowered by
half of the amount the chord of its segment [i/24, (i+1)/24] misses the curve at the segment's
midpoint (the chord lies below the concave sigmoid, so interpolated values come out balanced
around the curve instead of all below it), rounded half up:

    T[i] = floor(f(x) - ((f(x) + f(x + h)) / 2 - f(x + h/2)) / 2 + 1/2),  x = i h, h = 1/24

The last entry is 65535, the top of the 0.16 range (it only ends the interpolation of segment 254).
This reproduces TFLM's sigmoid_table_uint16 (kernels/internal/common.h, which ships only the
values) entry for entry; every pre-rounding value is at least 0.004 from a rounding boundary, so
double precision and any faithful exp() give the same table. Tests/KingletKernelsTests/
Int16SigmoidTableTests.swift checks the Swift literal against the same formula.
"""
import math
import pathlib
import sys

SWIFT = pathlib.Path(__file__).resolve().parent.parent / "Sources/KingletKernels/Arithmetic/Int16Sigmoid.swift"
START = "let sigmoidTableUInt16: InlineArray<256, UInt16> = ["
PER_LINE = 12


def table() -> list[int]:
    h = 1.0 / 24.0

    def f(x):
        return 65536.0 / (1.0 + math.exp(-x))

    values = []
    for i in range(255):
        x = i * h
        chord_miss = (f(x) + f(x + h)) / 2.0 - f(x + h / 2.0)
        values.append(math.floor(f(x) - chord_miss / 2.0 + 0.5))
    values.append(65535)
    return values


def literal() -> str:
    values = table()
    lines = [START]
    for start in range(0, len(values), PER_LINE):
        lines.append("    " + " ".join(f"{v}," for v in values[start:start + PER_LINE]))
    lines.append("]")
    return "\n".join(lines) + "\n"


def main(argv) -> int:
    text = SWIFT.read_text()
    head, rest = text.split(START + "\n", 1)
    _, tail = rest.split("\n]\n", 1)
    new = head + literal() + tail
    if "--check" in argv:
        if new != text:
            print(f"gen_sigmoid_table: {SWIFT} differs from the formula (run tools/gen_sigmoid_table.py)")
            return 1
        print("gen_sigmoid_table: the table matches its formula")
        return 0
    SWIFT.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
