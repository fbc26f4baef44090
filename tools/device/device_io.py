#!/usr/bin/env python3
"""Helpers for tools/device/run.sh (standard library only):

  device_io.py ops INSPECT_JSON            operator names the model uses, one per line
  device_io.py npy2bin IN.npy OUT.bin      the array's raw bytes (C order, little-endian)
  device_io.py bin2npy RESULT.txt N BIN OUT.npy
                                           output N's bytes as .npy with the dtype and shape the
                                           device reported, in the host `kinglet run` format
  device_io.py json RESULT.txt SIZES.txt   the --json object
  device_io.py get FILE KEY                one key=value entry (empty when absent)
"""
import ast
import json
import sys

# TFLite TensorType value -> .npy descr (the host's NPYType(tensorType:)).
DESCR = {0: "<f4", 1: "<f2", 2: "<i4", 3: "|u1", 4: "<i8", 6: "|b1", 7: "<i2", 9: "|i1",
         10: "<f8", 12: "<u8", 15: "<u4", 16: "<u2"}


def fail(message):
    sys.stderr.write("device_io.py: " + message + "\n")
    sys.exit(1)


def read_keys(path):
    keys = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line:
                key, value = line.split("=", 1)
                keys[key] = value
    return keys


def ops(inspect_path):
    with open(inspect_path) as f:
        model = json.load(f)
    names = []
    for code in model.get("operator_codes", []):
        name = code.get("builtin_code")
        if isinstance(name, str) and name not in names:
            names.append(name)
    print("\n".join(names))


def npy2bin(source, target):
    with open(source, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        fail(source + ": not a .npy file")
    major = data[6]
    if major == 1:
        length, start = int.from_bytes(data[8:10], "little"), 10
    elif major in (2, 3):
        length, start = int.from_bytes(data[8:12], "little"), 12
    else:
        fail(source + ": unsupported .npy version %d" % major)
    header = ast.literal_eval(data[start:start + length].decode("latin1"))
    if header.get("fortran_order"):
        fail(source + ": Fortran-order arrays are not supported")
    with open(target, "wb") as f:
        f.write(data[start + length:])


def serialize(descr, shape, payload):
    """The host's NPYArray.serialized(): version 1.0, header padded to a multiple of 64."""
    if len(shape) == 1:
        shape_text = "(%d,)" % shape[0]
    else:
        shape_text = "(" + ", ".join(str(d) for d in shape) + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    unpadded = 10 + len(header) + 1
    header += " " * ((64 - unpadded % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1") + payload


def bin2npy(result_path, index, source, target):
    keys = read_keys(result_path)
    prefix = "output%s_" % index
    if prefix + "type" not in keys:
        fail("the device reported no output %s" % index)
    tensor_type = int(keys[prefix + "type"])
    if tensor_type not in DESCR:
        fail("output %s has TFLite type %d, which .npy output does not support" % (index, tensor_type))
    rank = int(keys[prefix + "rank"])
    if rank > 6:
        fail("output %s has rank %d; the C API reports 6 dimensions at most" % (index, rank))
    shape = [int(keys["%sdim%d" % (prefix, d)]) for d in range(rank)]
    with open(source, "rb") as f:
        payload = f.read()
    if len(payload) != int(keys[prefix + "bytes"]):
        fail("output %s: %d bytes read back, the device reported %s" % (index, len(payload), keys[prefix + "bytes"]))
    with open(target, "wb") as f:
        f.write(serialize(DESCR[tensor_type], shape, payload))


def as_json(result_path, sizes_path):
    result, sizes = read_keys(result_path), read_keys(sizes_path)

    def number(table, key):
        return int(table[key]) if key in table and table[key] != "" else None

    report = {
        "flash_code_bytes": number(sizes, "flash_code_bytes"),
        "flash_model_bytes": number(sizes, "flash_model_bytes"),
        "arena_bytes": number(result, "arena_bytes"),
        "static_ram_bytes": number(sizes, "static_ram_bytes"),
        "stack_bytes": number(result, "stack_bytes"),
        "heap_bytes": number(result, "heap_bytes"),
        "instructions_per_invoke": number(result, "instructions_per_invoke"),
        "load_instructions": number(result, "load_instructions"),
        "heap_shim": number(result, "heap_shim") == 1,
        "operators": sizes.get("operators", "").split(),
    }
    print(json.dumps(report))


def get(path, key):
    print(read_keys(path).get(key, ""))


def main(argv):
    commands = {"ops": (ops, 1), "npy2bin": (npy2bin, 2), "bin2npy": (bin2npy, 4), "json": (as_json, 2), "get": (get, 2)}
    if len(argv) < 1 or argv[0] not in commands or len(argv) - 1 != commands[argv[0]][1]:
        sys.stderr.write(__doc__)
        sys.exit(2)
    function, _ = commands[argv[0]]
    function(*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
