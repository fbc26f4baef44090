#!/usr/bin/env python3
"""Writes Sources/KingletReport/Generated/TFLMOperatorTable.swift: what TFLM's op resolver offers,
read from a TFLM checkout (the bare mirror by default), for `kinglet resolver --tflm` and
`kinglet lint --runtime tflm`.

    python3 tools/lint/gen_tflm_table.py [--git-dir DIR] [--commit REV] [--check]

From tensorflow/lite/micro/micro_mutable_op_resolver.h: every MicroMutableOpResolver Add method
and the builtin or custom code it registers. From tensorflow/lite/micro/kernels/*.h: the int8-only
registrations (`Register_<OP>_INT8()`, declared for CMSIS-NN/Xtensa, an alias of the generic one
elsewhere) and the header that declares each. The input types each kernel runs (`TYPES` below) are
read by hand from the `case kTfLite...` switches and TF_LITE_ENSUREs of the kernels' Eval/Prepare at
the same commit; operators missing from TYPES are not type-checked.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Sources", "KingletReport", "Generated", "TFLMOperatorTable.swift")
HEADER = "tensorflow/lite/micro/micro_mutable_op_resolver.h"

# Input 0's types each kernel accepts (TFLM 90b983c): the union of the `case kTfLite...` labels in its
# kernels/<file>.cc (over-inclusive where a file switches on other tensors too: a type listed wrongly
# only hides a finding), trimmed where a Prepare names the set (elementwise.cc: ABS, RSQRT, SIN, ...).
TYPES = {
    "ABS": "float32 int8 int16", "ADD": "float32 int8 int16 int32", "ARG_MAX": "float32 int8",
    "ARG_MIN": "float32 int8", "AVERAGE_POOL_2D": "float32 int8 int16", "BATCH_MATMUL": "float32 int8 int16",
    "BATCH_TO_SPACE_ND": "float32 int8", "CAST": "bool float32 int8 int16 int32 uint32",
    "CONCATENATION": "bool float32 int8 int16 int32 int64", "CONV_2D": "float32 int8 int16",
    "COS": "float32", "CUMSUM": "float32 int8", "DEPTH_TO_SPACE": "float32 int8",
    "DEPTHWISE_CONV_2D": "float32 int8 int16", "DEQUANTIZE": "int8 int16 uint8",
    "ELU": "float32 int8", "EMBEDDING_LOOKUP": "int32", "EQUAL": "bool float32 int8 int16 int32 int64",
    "EXPAND_DIMS": "float32 int8 int16", "FLOOR_DIV": "float32", "FLOOR_MOD": "float32",
    "FULLY_CONNECTED": "float32 int8 int16", "GATHER": "float32 int8 int32", "GATHER_ND": "float32 int8 int32",
    "HARD_SWISH": "float32 int8", "L2_POOL_2D": "float32", "LEAKY_RELU": "float32 int8 int16",
    "LOG_SOFTMAX": "float32 int8", "LOGISTIC": "float32 int8 int16",
    "MAXIMUM": "float32 int8 int16 int32 int64", "MINIMUM": "float32 int8 int16 int32 int64",
    "MAX_POOL_2D": "float32 int8 int16", "MEAN": "float32 int8 int16", "MIRROR_PAD": "float32 int8 int32 int64",
    "MUL": "float32 int8 int16 int32", "NEG": "float32", "PACK": "float32 int8 int16 int32 int64",
    "PAD": "float32 int8 int16 int32", "PADV2": "float32 int8 int16 int32", "PRELU": "float32 int8 int16",
    "QUANTIZE": "float32 int8 int16 int32 uint8", "REDUCE_MAX": "float32 int8 int16", "REDUCE_MIN": "float32 int8 int16",
    "RELU": "float32 int8 int16", "RELU6": "float32 int8 int16", "RSQRT": "float32 int8",
    "SELECT_V2": "bool", "SIN": "float32", "SLICE": "bool float32 int8 int16 int32",
    "SOFTMAX": "float32 int8 int16", "SPACE_TO_BATCH_ND": "float32 int8", "SPACE_TO_DEPTH": "float32 int8",
    "SPLIT": "float32 int8 int16 int32", "SPLIT_V": "float32 int8 int16 int32", "SQRT": "float32",
    "SQUARE": "float32", "STRIDED_SLICE": "bool float32 int8 int16 int32", "SUB": "float32 int8 int16 int32",
    "SUM": "float32 int8 int16", "SVDF": "float32 int8", "TANH": "float32 int8 int16",
    "TRANSPOSE": "float32 int8 int16", "TRANSPOSE_CONV": "float32 int8 int16",
    "UNIDIRECTIONAL_SEQUENCE_LSTM": "float32 int8 int16", "UNPACK": "float32 int8 int16 int32",
    "ZEROS_LIKE": "float32 int8 int32 int64",
}


def git(args, git_dir):
    return subprocess.run(["git", "--git-dir=" + git_dir] + args, check=True, capture_output=True,
                          text=True).stdout


def main():
    args = sys.argv[1:]
    git_dir = "/work/.mirror/tensorflow+tflite-micro/repo"
    commit = "HEAD"
    if "--git-dir" in args:
        git_dir = args[args.index("--git-dir") + 1]
    if "--commit" in args:
        commit = args[args.index("--commit") + 1]
    check = "--check" in args
    revision = git(["rev-parse", "--short=7", commit], git_dir).strip()
    header = git(["show", "%s:%s" % (commit, HEADER)], git_dir)
    methods = []  # (method, builtin or None, custom code or None)
    for match in re.finditer(r"TfLiteStatus (Add\w+)\((.*?)\n  \}", header, re.S):
        method, body = match.group(1), match.group(2)
        if method in ("AddCustom",):
            continue
        builtin = re.search(r"AddBuiltin\(\s*(?:tflite::)?BuiltinOperator_(\w+)", body)
        custom = re.search(r'AddCustom\(\s*"(\w+)"', body)
        if builtin:
            methods.append((method, builtin.group(1), None))
        elif custom:
            methods.append((method, None, custom.group(1)))
        elif "ETHOSU" in body:
            methods.append((method, None, "ethos-u"))
    included = set(re.findall(r'#include "(tensorflow/lite/micro/kernels/\w+\.h)"', header))
    int8 = {}
    files = git(["ls-tree", "--name-only", commit, "tensorflow/lite/micro/kernels/"], git_dir).split()
    for path in sorted(f for f in files if f.endswith(".h")):
        text = git(["show", "%s:%s" % (commit, path)], git_dir)
        for name in re.findall(r"TFLMRegistration Register_(\w+?)_INT8\(\)", text):
            int8.setdefault(name, path)
    builtins = {b for _, b, _ in methods if b}
    missing = sorted(set(TYPES) - builtins)
    if missing:
        sys.exit("gen_tflm_table: TYPES names operators the resolver lacks: " + ", ".join(missing))
    lines = ["// Generated by tools/lint/gen_tflm_table.py from TFLM %s; do not edit." % revision, "",
             "/// TFLM's MicroMutableOpResolver as `kinglet resolver --tflm` and `kinglet lint --runtime tflm`",
             "/// see it: each Add method and the code it registers (%s), the int8-only" % HEADER,
             "/// registrations of tensorflow/lite/micro/kernels/*.h, and the input types each kernel runs",
             "/// (its Eval switch; nil: not checked).",
             "public enum TFLMOperatorTable {", "    public struct Entry: Sendable {",
             "        /// The BuiltinOperator name, or the custom code for an AddCustom-based method.",
             "        public let name: String", "        public let isCustom: Bool", "        public let method: String",
             "        /// `Register_<name>_INT8` exists, declared in `int8Header`.",
             "        public let int8Header: String?", "        public let inputTypes: [String]?",
             "        /// Whether micro_mutable_op_resolver.h includes `int8Header` (else the listing includes it).",
             "        public let int8HeaderIncluded: Bool", "    }", "",
             '    public static let revision = "%s"' % revision, "", "    public static let entries: [Entry] = ["]
    for method, builtin, custom in methods:
        name = builtin or custom
        path = int8.get(builtin) if builtin else None
        types = TYPES.get(builtin) if builtin else None
        lines.append('        Entry(name: "%s", isCustom: %s, method: "%s", int8Header: %s, inputTypes: %s, '
                     'int8HeaderIncluded: %s),' % (
                         name, "false" if builtin else "true", method, '"%s"' % path if path else "nil",
                         "[%s]" % ", ".join('"%s"' % t for t in types.split()) if types else "nil",
                         "true" if path in included else "false"))
    lines += ["    ]", "}", ""]
    text = "\n".join(lines)
    current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else None
    if check:
        if current != text:
            sys.exit("gen_tflm_table: %s is stale" % os.path.relpath(OUT, ROOT))
        print("gen_tflm_table: %d methods, %d int8-only registrations; current" % (len(methods), len(int8)))
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("gen_tflm_table: wrote %s (%d methods)" % (os.path.relpath(OUT, ROOT), len(methods)), file=sys.stderr)


if __name__ == "__main__":
    main()
