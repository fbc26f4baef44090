"""Runs pip's tflite-micro on the inputs tflm_reference.sh gave the device and prints `true` when
every output's bytes equal the device's, else `false` (the differing outputs on stderr).

    PIP_PYTHON pip_compare.py MODEL INPUT_DIR(input<N>.npy) DEVICE_DIR(output<N>.bin) OUTPUTS
"""

import glob
import os
import sys

import numpy as np
from tflite_micro.python.tflite_micro import runtime


def main():
    model, input_dir, device_dir, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    interp = runtime.Interpreter.from_file(model, arena_size=16 * 1024 * 1024)
    paths = sorted(glob.glob(os.path.join(input_dir, "input*.npy")), key=lambda p: int(p.rsplit("input", 1)[1][:-4]))
    for i, path in enumerate(paths):
        shape = tuple(int(d) for d in interp.get_input_details(i)["shape"])
        interp.set_input(np.ascontiguousarray(np.load(path)).reshape(shape), i)
    interp.invoke()
    same = True
    for i in range(count):
        expected = np.ascontiguousarray(interp.get_output(i)).tobytes()
        actual = open(os.path.join(device_dir, f"output{i}.bin"), "rb").read()
        if expected != actual:
            differing = sum(a != b for a, b in zip(expected, actual))
            sys.stderr.write(f"output {i}: {differing} of {len(expected)} bytes differ from pip TFLM\n")
            same = False
    print("true" if same else "false")


if __name__ == "__main__":
    main()
