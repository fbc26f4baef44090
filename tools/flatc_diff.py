#!/usr/bin/env python3
"""Differential check of `kinglet inspect --json` against flatc.

For every .tflite under testdata/ (recursively) and under ../shared/models (when
that folder exists), decode the model twice:

  * with Kinglet:  KINGLET inspect --json MODEL          (format: docs/inspect-json.md)
  * with flatc:    flatc --json --strict-json --defaults-json --raw-binary
                         schema/tflite.fbs -- MODEL

and compare field by field. Prints `PASS model` or `FAIL model: ...` (first 10
differences, with JSON paths into Kinglet's output), then `N passed, M failed`.
Exit status 1 when a model failed, 2 on a usage error.

flatc prints floats in fixed notation with 6 decimals (0.0000964 -> 0.000096),
which loses precision. To compare floats exactly as float32, flatc is run a
second time with a copy of the schema in which every float field is declared
uint: that decode yields the float32 bit patterns. The two decodes are checked
against each other, and the exact values replace the rounded ones.

`--self-test` checks the comparator itself, without Kinglet: it builds
Kinglet-format JSON from flatc's decode of each model, expects no difference,
then alters one field at a time and expects each alteration to be reported.

Python 3 standard library only.
"""

import argparse
import copy
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "tflite.fbs"
MAX_SHOWN = 10
MISSING = object()  # a key absent from Kinglet's output

# Storage size in bits of one element; None where the size is not defined.
ELEMENT_BITS = {
    "FLOAT32": 32, "FLOAT16": 16, "INT32": 32, "UINT8": 8, "INT64": 64,
    "STRING": None, "BOOL": 8, "INT16": 16, "COMPLEX64": 64, "INT8": 8,
    "FLOAT64": 64, "COMPLEX128": 128, "UINT64": 64, "RESOURCE": None,
    "VARIANT": None, "UINT32": 32, "UINT16": 16, "INT4": 4, "BFLOAT16": 16,
    "INT2": 2, "UINT4": 4, "FLOAT8_E4M3FN": 8, "FLOAT8_E5M2": 8,
}
INT64_MAX = 2**63 - 1


class ToolError(Exception):
    """A decoder failed or produced output that cannot be compared."""


# ---------------------------------------------------------------------------
# Schema facts
# ---------------------------------------------------------------------------

def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def parse_enum(schema_text, name):
    """{value name: number} of one enum of the schema (implicit values counted)."""
    m = re.search(r"\benum\s+" + name + r"\s*:\s*\w+\s*\{(.*?)\}", strip_comments(schema_text), re.S)
    if not m:
        raise ToolError(f"enum {name} not found in {SCHEMA}")
    values, nxt = {}, 0
    for item in m.group(1).split(","):
        item = re.sub(r"\(.*?\)", "", item).strip()  # attributes such as (deprecated)
        if not item:
            continue
        if "=" in item:
            key, num = (s.strip() for s in item.split("=", 1))
            nxt = int(num, 0)
        else:
            key = item
        values[key] = nxt
        nxt += 1
    return values


def float_bits_schema(schema_text):
    """The schema with float fields retyped as integers of the same width."""
    def retype(m):
        prefix, kind, default = m.group(1), m.group(2), m.group(3)
        wide = kind in ("double", "float64")
        out = prefix + ("ulong" if wide else "uint")
        if default is not None:
            fmt, ifmt = ("<d", "<Q") if wide else ("<f", "<I")
            out += " = %d" % struct.unpack(ifmt, struct.pack(fmt, float(default)))[0]
        return out
    return re.sub(r"(:\s*\[?\s*)(float32|float64|float|double)\b(?:\s*=\s*([-+0-9.eE]+))?",
                  retype, strip_comments(schema_text))


# ---------------------------------------------------------------------------
# Reading flatc's output
# ---------------------------------------------------------------------------

_STRING = re.compile(r'("(?:[^"\\]|\\.)*")', re.S)
_NONFINITE = re.compile(r"(?<![\w.])(-?)(nan|inf)(?![\w.])")
_HEX_ESCAPE = re.compile(r"(\\\\)|\\x([0-9a-fA-F]{2})")


def strict_json_text(text):
    """flatc prints NaN/infinity as nan/-nan/inf/-inf and bytes of non-UTF-8 strings
    as \\xNN (with --allow-non-utf8); rewrite both into JSON that Python reads."""
    parts = _STRING.split(text)
    for i, part in enumerate(parts):
        if i % 2:  # a string literal
            if "\\x" in part:
                parts[i] = _HEX_ESCAPE.sub(lambda m: m.group(1) or "\\u00" + m.group(2), part)
        else:
            parts[i] = _NONFINITE.sub(
                lambda m: "NaN" if m.group(2) == "nan" else m.group(1) + "Infinity", part)
    return "".join(parts)


def run_flatc(flatc, schema, model, outdir):
    os.makedirs(outdir, exist_ok=True)
    cmd = [flatc, "--json", "--strict-json", "--defaults-json", "--raw-binary",
           "-o", str(outdir), str(schema), "--", str(model)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ToolError(f"flatc could not run: {e}")
    out = Path(outdir) / (os.path.splitext(os.path.basename(model))[0] + ".json")
    if proc.returncode != 0 or not out.exists():
        msg = (proc.stderr or proc.stdout).strip().replace("\n", " ")[:200]
        raise ToolError(f"flatc exit {proc.returncode}: {msg}")
    text = out.read_text(encoding="utf-8", errors="surrogateescape")
    try:
        return json.loads(strict_json_text(text))
    except ValueError as e:
        raise ToolError(f"flatc output is not JSON: {e}")


def bits_to_float32(bits):
    return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]


def merge_exact_floats(rounded, bits, path="$"):
    """Replace each float of flatc's normal decode by the exact float32 read from
    the float-as-bits decode; everything else must agree between the two."""
    if isinstance(rounded, float):
        if not isinstance(bits, int) or isinstance(bits, bool):
            raise ToolError(f"flatc decodes disagree at {path}: {rounded!r} vs {bits!r}")
        exact = bits_to_float32(bits)
        if math.isnan(rounded) or math.isinf(rounded):
            ok = (math.isnan(rounded) and math.isnan(exact)) or rounded == exact
        else:  # 6 decimals in fixed notation
            ok = abs(rounded - exact) <= 5.1e-7 + 1e-12 * abs(exact)
        if not ok:
            raise ToolError(f"flatc float cross-check failed at {path}: {rounded!r} vs {exact!r}")
        return exact
    if isinstance(rounded, dict):
        if not isinstance(bits, dict) or rounded.keys() != bits.keys():
            raise ToolError(f"flatc decodes disagree at {path}")
        return {k: merge_exact_floats(v, bits[k], f"{path}.{k}") for k, v in rounded.items()}
    if isinstance(rounded, list):
        if not isinstance(bits, list) or len(rounded) != len(bits):
            raise ToolError(f"flatc decodes disagree at {path}")
        return [merge_exact_floats(v, b, f"{path}[{i}]") for i, (v, b) in enumerate(zip(rounded, bits))]
    if rounded != bits or type(rounded) is not type(bits):
        raise ToolError(f"flatc decodes disagree at {path}: {rounded!r} vs {bits!r}")
    return rounded


class Flatc:
    """flatc decodes with exact float32 values."""

    def __init__(self, flatc, tmpdir):
        self.flatc = flatc
        self.tmpdir = Path(tmpdir)
        text = SCHEMA.read_text(encoding="utf-8")
        self.bits_schema = self.tmpdir / "tflite_float_bits.fbs"
        self.bits_schema.write_text(float_bits_schema(text), encoding="utf-8")
        self.count = 0

    def decode(self, model):
        self.count += 1
        base = self.tmpdir / str(self.count)
        rounded = run_flatc(self.flatc, SCHEMA, model, base / "plain")
        bits = run_flatc(self.flatc, self.bits_schema, model, base / "bits")
        return merge_exact_floats(rounded, bits)


# ---------------------------------------------------------------------------
# What Kinglet must print, derived from flatc's decode
# ---------------------------------------------------------------------------

class Facts:
    """Derived values (operator names, buffer forms, sizes) from flatc's decode."""

    def __init__(self, fm, ops):
        self.fm = fm
        self.ops = ops
        self.op_names = {v: k for k, v in ops.items()}
        self.buffers = fm.get("buffers", [])

    def code_value(self, code):
        return code if isinstance(code, int) else self.ops[code]

    def opcode_name(self, oc):
        code = max(oc.get("deprecated_builtin_code", 0), self.code_value(oc.get("builtin_code", 0)))
        return self.op_names.get(code, f"UNKNOWN({code})")

    def buffer_form(self, index):
        """(form, bytes, offset) of Model.buffers[index]."""
        if not 0 <= index < len(self.buffers):
            return None, None, None
        b = self.buffers[index]
        if b.get("data"):
            return "inline", len(b["data"]), None
        if b.get("offset", 0) > 1:  # the schema: the offset form is used only when > 1
            return "offset", b.get("size", 0), b["offset"]
        return "empty", 0, None

    def is_constant(self, buffer_index):
        return buffer_index > 0 and self.buffer_form(buffer_index)[0] in ("inline", "offset")

    @staticmethod
    def tensor_bytes(type_name, shape):
        bits = ELEMENT_BITS.get(type_name) if isinstance(type_name, str) else None
        if bits is None or any(d < 0 for d in shape):
            return None
        count = 1
        for d in shape:
            count *= d
        total = (count * bits + 7) // 8
        return total if count <= INT64_MAX and total <= INT64_MAX else None

    @staticmethod
    def options_type(op):
        t1 = op.get("builtin_options_type", "NONE")
        t2 = op.get("builtin_options_2_type", "NONE")
        if t1 != "NONE":
            return t1, op.get("builtin_options", {})
        if t2 != "NONE":
            return t2, op.get("builtin_options_2", {})
        return None, {}

    @staticmethod
    def custom_options_bytes(op):
        if "custom_options" in op:
            return len(op["custom_options"])
        if op.get("large_custom_options_offset", 0) > 1:
            return op.get("large_custom_options_size", 0)
        return 0


def enum_text(value):
    """flatc prints an enum value outside the schema as a number."""
    return value if isinstance(value, str) else f"UNKNOWN({value})"


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

def shortest_f32(x):
    if math.isnan(x) or math.isinf(x):
        return repr(x)
    for digits in range(1, 10):
        text = "%.*g" % (digits, x)
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == x:
            return text
    return repr(x)


def show(v):
    if v is MISSING:
        return "<missing>"
    if isinstance(v, float):
        return shortest_f32(v)
    text = json.dumps(v, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def as_float32(v):
    """Kinglet's number as float32, or None when it is not a number."""
    if isinstance(v, str) and v.lower() in ("nan", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity"):
        v = float(v.replace("infinity", "inf").replace("Infinity", "inf"))
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    try:
        return struct.unpack("<f", struct.pack("<f", float(v)))[0]
    except OverflowError:
        return None


def first_difference(got, want):
    """None when equal, else (suffix, got, want) locating the first difference.
    Floats on flatc's side are exact float32 values and compare as float32."""
    if isinstance(want, float):
        g = as_float32(got)
        if g is None:
            return "", got, want
        if math.isnan(want) or math.isnan(g):
            return None if math.isnan(want) and math.isnan(g) else ("", got, want)
        return None if struct.pack("<f", g) == struct.pack("<f", want) else ("", got, want)
    if isinstance(want, list):
        if not isinstance(got, list):
            return "", got, want
        for i, (g, w) in enumerate(zip(got, want)):
            d = first_difference(g, w)
            if d:
                return (f"[{i}]" + d[0],) + d[1:]
        if len(got) != len(want):
            return "", f"{len(got)} items", f"{len(want)} items"
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return "", got, want
        for k in sorted(set(got) | set(want)):
            d = first_difference(got.get(k, MISSING), want.get(k, MISSING))
            if d:
                return (f".{k}" + d[0],) + d[1:]
        return None
    if isinstance(want, bool) != isinstance(got, bool) or got != want or got is MISSING:
        return "", got, want
    return None


class Comparison:
    def __init__(self):
        self.diffs = []

    def note(self, path, message):
        self.diffs.append(f"{path}: {message}")

    def check(self, path, got, want):
        d = first_difference(got, want)
        if d:
            self.note(path + d[0], f"kinglet {show(d[1])} != flatc {show(d[2])}")

    def field(self, obj, key, path, want):
        got = obj.get(key, MISSING) if isinstance(obj, dict) else MISSING
        self.check(f"{path}.{key}", got, want)

    def items(self, obj, key, path, want_len):
        """Kinglet's list obj[key], or [] after noting why it cannot be compared."""
        got = obj.get(key, MISSING) if isinstance(obj, dict) else MISSING
        if not isinstance(got, list):
            self.note(f"{path}.{key}", f"kinglet {show(got)} is not a list")
            return []
        if len(got) != want_len:
            self.note(f"{path}.{key}", f"kinglet has {len(got)} entries, flatc {want_len}")
        return got


def compare_model(kg, fm, ops, file_size):
    """Differences between Kinglet's JSON `kg` and flatc's decode `fm`."""
    c = Comparison()
    facts = Facts(fm, ops)
    if not isinstance(kg, dict):
        c.note("$", "kinglet output is not a JSON object")
        return c.diffs
    c.field(kg, "file_size", "$", file_size)
    c.field(kg, "version", "$", fm.get("version", 0))
    c.field(kg, "description", "$", fm.get("description"))
    c.field(kg, "buffers", "$", len(facts.buffers))

    if "buffer_table" in kg:
        for i, kb in enumerate(c.items(kg, "buffer_table", "$", len(facts.buffers))[:len(facts.buffers)]):
            form, size, offset = facts.buffer_form(i)
            p = f"$.buffer_table[{i}]"
            c.field(kb, "index", p, i)
            c.field(kb, "form", p, form)
            c.field(kb, "bytes", p, size)
            c.field(kb, "offset", p, offset)

    codes = fm.get("operator_codes", [])
    for i, (kc, oc) in enumerate(zip(c.items(kg, "operator_codes", "$", len(codes)), codes)):
        p = f"$.operator_codes[{i}]"
        c.field(kc, "index", p, i)
        c.field(kc, "builtin_code", p, facts.opcode_name(oc))
        c.field(kc, "deprecated_builtin_code", p, oc.get("deprecated_builtin_code", 0))
        c.field(kc, "version", p, oc.get("version", 1))
        c.field(kc, "custom_code", p, oc.get("custom_code"))

    subgraphs = fm.get("subgraphs", [])
    for s, (ks, sg) in enumerate(zip(c.items(kg, "subgraphs", "$", len(subgraphs)), subgraphs)):
        ps = f"$.subgraphs[{s}]"
        c.field(ks, "index", ps, s)
        c.field(ks, "name", ps, sg.get("name"))
        c.field(ks, "inputs", ps, sg.get("inputs", []))
        c.field(ks, "outputs", ps, sg.get("outputs", []))
        tensors = sg.get("tensors", [])
        for t, (kt, ft) in enumerate(zip(c.items(ks, "tensors", ps, len(tensors)), tensors)):
            compare_tensor(c, f"{ps}.tensors[{t}]", t, kt, ft, facts)
        operators = sg.get("operators", [])
        for o, (ko, fo) in enumerate(zip(c.items(ks, "operators", ps, len(operators)), operators)):
            compare_operator(c, f"{ps}.operators[{o}]", o, ko, fo, codes, facts)

    metadata = fm.get("metadata", [])
    for i, (km, md) in enumerate(zip(c.items(kg, "metadata", "$", len(metadata)), metadata)):
        p = f"$.metadata[{i}]"
        c.field(km, "name", p, md.get("name"))
        c.field(km, "buffer", p, md.get("buffer", 0))
        c.field(km, "bytes", p, facts.buffer_form(md.get("buffer", 0))[1])

    sigs = fm.get("signature_defs", [])
    for i, (ksig, sd) in enumerate(zip(c.items(kg, "signature_defs", "$", len(sigs)), sigs)):
        p = f"$.signature_defs[{i}]"
        c.field(ksig, "signature_key", p, sd.get("signature_key"))
        c.field(ksig, "subgraph_index", p, sd.get("subgraph_index", 0))
        for side in ("inputs", "outputs"):
            want = [{"name": m.get("name"), "tensor_index": m.get("tensor_index", 0)}
                    for m in sd.get(side, [])]
            got = ksig.get(side, MISSING) if isinstance(ksig, dict) else MISSING
            if isinstance(got, list):  # compare only the documented keys
                got = [{k: m.get(k, MISSING) for k in ("name", "tensor_index")}
                       if isinstance(m, dict) else m for m in got]
            c.check(f"{p}.{side}", got, want)
    return c.diffs


def compare_tensor(c, p, index, kt, ft, facts):
    type_name = enum_text(ft.get("type", "FLOAT32"))
    shape = ft.get("shape", [])
    buffer = ft.get("buffer", 0)
    c.field(kt, "index", p, index)
    c.field(kt, "name", p, ft.get("name"))
    c.field(kt, "type", p, type_name)
    c.field(kt, "shape", p, shape)
    c.field(kt, "shape_signature", p, ft.get("shape_signature"))
    c.field(kt, "buffer", p, buffer)
    c.field(kt, "bytes", p, facts.tensor_bytes(type_name, shape))
    c.field(kt, "is_constant", p, facts.is_constant(buffer))
    c.field(kt, "is_variable", p, ft.get("is_variable", False))
    c.field(kt, "has_sparsity", p, "sparsity" in ft)
    q = ft.get("quantization", {})
    kq = kt.get("quantization", MISSING) if isinstance(kt, dict) else MISSING
    pq = p + ".quantization"
    if not isinstance(kq, dict):
        c.note(pq, f"kinglet {show(kq)} is not an object")
        return
    for key in ("scale", "zero_point", "min", "max"):
        c.field(kq, key, pq, q.get(key, []))
    c.field(kq, "quantized_dimension", pq, q.get("quantized_dimension", 0))
    details = q.get("details_type", "NONE")
    c.field(kq, "details_type", pq, None if details == "NONE" else enum_text(details))


def compare_operator(c, p, index, ko, fo, codes, facts):
    opcode_index = fo.get("opcode_index", 0)
    oc = codes[opcode_index] if 0 <= opcode_index < len(codes) else None
    name = facts.opcode_name(oc) if oc is not None else None
    c.field(ko, "index", p, index)
    c.field(ko, "opcode_index", p, opcode_index)
    c.field(ko, "opcode", p, name)
    c.field(ko, "version", p, oc.get("version", 1) if oc is not None else None)
    if name == "CUSTOM":
        c.field(ko, "custom_code", p, oc.get("custom_code"))
    elif isinstance(ko, dict) and ko.get("custom_code") is not None:
        c.note(p + ".custom_code", f"kinglet {show(ko['custom_code'])} on a {name} operator")
    for key in ("inputs", "outputs", "intermediates"):
        c.field(ko, key, p, fo.get(key, []))
    opt_type, options = Facts.options_type(fo)
    c.field(ko, "options_type", p, enum_text(opt_type) if opt_type is not None else None)
    c.field(ko, "custom_options_bytes", p, Facts.custom_options_bytes(fo))
    if not isinstance(ko, dict):
        return
    kopts = ko.get("options", MISSING)
    if not isinstance(kopts, dict):
        c.note(p + ".options", f"kinglet {show(kopts)} is not an object")
        return
    decoded = ko.get("options_decoded", MISSING)
    if decoded is False:
        if kopts:
            c.note(p + ".options", "not empty although options_decoded is false")
        return
    if decoded is not True:
        c.note(p + ".options_decoded", f"kinglet {show(decoded)} is not a boolean")
        return
    for key in sorted(set(kopts) | set(options)):
        got, want = kopts.get(key, MISSING), options.get(key, MISSING)
        if want is MISSING:
            # flatc leaves out vectors, strings and tables that are absent.
            if got not in ([], None):
                c.note(f"{p}.options.{key}", f"kinglet {show(got)}, not a field flatc prints")
        elif got is MISSING:
            c.note(f"{p}.options.{key}", f"missing from kinglet (flatc {show(want)})")
        else:
            c.check(f"{p}.options.{key}", got, want)


# ---------------------------------------------------------------------------
# Running Kinglet
# ---------------------------------------------------------------------------

def run_kinglet(kinglet, model):
    try:
        proc = subprocess.run([str(kinglet), "inspect", "--json", str(model)],
                              capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ToolError(f"kinglet could not run: {e}")
    if proc.returncode != 0:
        msg = (proc.stderr or proc.stdout).strip().replace("\n", " ")[:200]
        raise ToolError(f"kinglet exit {proc.returncode}: {msg}")
    try:
        return json.loads(proc.stdout)
    except ValueError as e:
        raise ToolError(f"kinglet output is not JSON: {e}")


# ---------------------------------------------------------------------------
# Self-test: Kinglet-format JSON synthesized from flatc's decode
# ---------------------------------------------------------------------------

def shortest_float(x):
    """x as Kinglet prints it: the shortest decimal reading back to the float32."""
    return float(shortest_f32(x)) if math.isfinite(x) else x


def printed(v):
    if isinstance(v, float):
        return shortest_float(v)
    if isinstance(v, list):
        return [printed(x) for x in v]
    if isinstance(v, dict):
        return {k: printed(x) for k, x in v.items()}
    return v


def synthesize_kinglet(fm, ops, model):
    """A Kinglet-format document (docs/inspect-json.md) built from flatc's decode,
    written independently of compare_model where that is cheap."""
    names = {v: k for k, v in ops.items()}
    bytes_per = {"FLOAT32": 4, "FLOAT16": 2, "INT32": 4, "UINT8": 1, "INT64": 8, "BOOL": 1,
                 "INT16": 2, "COMPLEX64": 8, "INT8": 1, "FLOAT64": 8, "COMPLEX128": 16,
                 "UINT64": 8, "UINT32": 4, "UINT16": 2, "INT4": Fraction(1, 2), "BFLOAT16": 2,
                 "INT2": Fraction(1, 4), "UINT4": Fraction(1, 2), "FLOAT8_E4M3FN": 1,
                 "FLOAT8_E5M2": 1}
    buffers = fm.get("buffers", [])

    def opname(oc):
        b = oc.get("builtin_code", 0)
        code = max(oc.get("deprecated_builtin_code", 0), b if isinstance(b, int) else ops[b])
        return names.get(code, "UNKNOWN(%d)" % code)

    def buf(i):
        b = buffers[i] if 0 <= i < len(buffers) else {}
        if len(b.get("data", [])) > 0:
            return {"index": i, "bytes": len(b["data"]), "form": "inline", "offset": None}
        if b.get("offset", 0) >= 2:
            return {"index": i, "bytes": b.get("size", 0), "form": "offset", "offset": b["offset"]}
        return {"index": i, "bytes": 0, "form": "empty", "offset": None}

    def tensor(i, t):
        tname = t.get("type", "FLOAT32")
        shape = t.get("shape", [])
        size = None
        if tname in bytes_per and min(shape, default=0) >= 0:
            size = math.ceil(math.prod(shape) * bytes_per[tname])
        q = t.get("quantization", {})
        return {
            "index": i, "name": t.get("name"), "type": tname, "shape": shape,
            "shape_signature": t.get("shape_signature"), "buffer": t.get("buffer", 0),
            "bytes": size,
            "is_constant": t.get("buffer", 0) != 0 and buf(t.get("buffer", 0))["form"] != "empty",
            "is_variable": t.get("is_variable", False), "has_sparsity": "sparsity" in t,
            "quantization": {
                "scale": printed(q.get("scale", [])), "zero_point": q.get("zero_point", []),
                "quantized_dimension": q.get("quantized_dimension", 0),
                "min": printed(q.get("min", [])), "max": printed(q.get("max", [])),
                "details_type": None if q.get("details_type", "NONE") == "NONE" else q["details_type"],
            },
        }

    codes = fm.get("operator_codes", [])

    def operator(i, o):
        oc = codes[o.get("opcode_index", 0)]
        entry = {"index": i, "opcode_index": o.get("opcode_index", 0), "opcode": opname(oc)}
        if entry["opcode"] == "CUSTOM":
            entry["custom_code"] = oc.get("custom_code")
        if o.get("builtin_options_type", "NONE") != "NONE":
            otype, opts = o["builtin_options_type"], o.get("builtin_options", {})
        elif o.get("builtin_options_2_type", "NONE") != "NONE":
            otype, opts = o["builtin_options_2_type"], o.get("builtin_options_2", {})
        else:
            otype, opts = None, {}
        entry.update({
            "version": oc.get("version", 1), "inputs": o.get("inputs", []),
            "outputs": o.get("outputs", []), "intermediates": o.get("intermediates", []),
            "options_type": otype, "options": printed(opts), "options_decoded": True,
            "custom_options_bytes": len(o.get("custom_options", [])), "macs": None,
        })
        return entry

    doc = {
        "format_version": 1, "file": str(model), "file_size": os.path.getsize(model),
        "identifier": "TFL3", "version": fm.get("version", 0),
        "description": fm.get("description"), "buffers": len(buffers),
        "buffer_table": [buf(i) for i in range(len(buffers))],
        "operator_codes": [
            {"index": i, "builtin_code": opname(oc),
             "deprecated_builtin_code": oc.get("deprecated_builtin_code", 0),
             "version": oc.get("version", 1), "custom_code": oc.get("custom_code")}
            for i, oc in enumerate(codes)],
        "subgraphs": [
            {"index": s, "name": sg.get("name"), "inputs": sg.get("inputs", []),
             "outputs": sg.get("outputs", []),
             "tensors": [tensor(i, t) for i, t in enumerate(sg.get("tensors", []))],
             "operators": [operator(i, o) for i, o in enumerate(sg.get("operators", []))]}
            for s, sg in enumerate(fm.get("subgraphs", []))],
        "metadata": [
            {"name": m.get("name"), "buffer": m.get("buffer", 0),
             "bytes": buf(m.get("buffer", 0))["bytes"], "text": None}
            for m in fm.get("metadata", [])],
        "signature_defs": [
            {"signature_key": d.get("signature_key"), "subgraph_index": d.get("subgraph_index", 0),
             "inputs": [{"name": m.get("name"), "tensor_index": m.get("tensor_index", 0)}
                        for m in d.get("inputs", [])],
             "outputs": [{"name": m.get("name"), "tensor_index": m.get("tensor_index", 0)}
                         for m in d.get("outputs", [])]}
            for d in fm.get("signature_defs", [])],
        "summary": {},
    }
    # Through JSON text and back, as Kinglet's output would arrive.
    return json.loads(json.dumps(doc))


def next_float32(x):
    bits = struct.unpack("<I", struct.pack("<f", x))[0]
    return bits_to_float32(bits + 1 if x >= 0 else bits - 1)


def alterations(doc):
    """(description, JSON path prefix, altered copy) for fields the doc offers."""
    out = []

    def alter(desc, path, fn):
        d = copy.deepcopy(doc)
        fn(d)
        out.append((desc, path, d))

    alter("version + 1", "$.version", lambda d: d.update(version=d["version"] + 1))
    alter("description changed", "$.description", lambda d: d.update(description="x"))
    alter("buffer count + 1", "$.buffers", lambda d: d.update(buffers=d["buffers"] + 1))
    alter("operator code renamed", "$.operator_codes[0].builtin_code",
          lambda d: d["operator_codes"][0].update(
              builtin_code="ABS" if d["operator_codes"][0]["builtin_code"] != "ABS" else "ADD"))
    alter("operator code version + 1", "$.operator_codes[0].version",
          lambda d: d["operator_codes"][0].update(version=d["operator_codes"][0]["version"] + 1))
    alter("subgraph output changed", "$.subgraphs[0].outputs",
          lambda d: d["subgraphs"][0]["outputs"].append(0))
    tensors = [(i, t) for i, t in enumerate(doc["subgraphs"][0]["tensors"])]
    for i, t in tensors:
        if t["shape"]:
            alter("shape dim + 1", f"$.subgraphs[0].tensors[{i}].shape",
                  lambda d, i=i: d["subgraphs"][0]["tensors"][i]["shape"].__setitem__(0, t["shape"][0] + 1))
            break
    for i, t in tensors:
        if t["quantization"]["scale"]:
            p = f"$.subgraphs[0].tensors[{i}].quantization"
            alter("scale moved by one float32 ulp", p + ".scale[0]",
                  lambda d, i=i: d["subgraphs"][0]["tensors"][i]["quantization"]["scale"].__setitem__(
                      0, shortest_float(next_float32(t["quantization"]["scale"][0]))))
            alter("zero point + 1", p + ".zero_point[0]",
                  lambda d, i=i: d["subgraphs"][0]["tensors"][i]["quantization"]["zero_point"].__setitem__(
                      0, t["quantization"]["zero_point"][0] + 1))
            break
    alter("is_constant flipped", "$.subgraphs[0].tensors[0].is_constant",
          lambda d: d["subgraphs"][0]["tensors"][0].update(
              is_constant=not d["subgraphs"][0]["tensors"][0]["is_constant"]))
    alter("type renamed", "$.subgraphs[0].tensors[0].type",
          lambda d: d["subgraphs"][0]["tensors"][0].update(
              type="INT16" if d["subgraphs"][0]["tensors"][0]["type"] != "INT16" else "INT8"))
    alter("shape_signature dropped or added", "$.subgraphs[0].tensors[0].shape_signature",
          lambda d: d["subgraphs"][0]["tensors"][0].update(
              shape_signature=None if d["subgraphs"][0]["tensors"][0]["shape_signature"] is not None
              else d["subgraphs"][0]["tensors"][0]["shape"]))
    ops = doc["subgraphs"][0]["operators"]
    if ops:
        alter("operator inputs changed", "$.subgraphs[0].operators[0].inputs",
              lambda d: d["subgraphs"][0]["operators"][0]["inputs"].append(-1))
        alter("custom_options_bytes + 1", "$.subgraphs[0].operators[0].custom_options_bytes",
              lambda d: d["subgraphs"][0]["operators"][0].update(
                  custom_options_bytes=d["subgraphs"][0]["operators"][0]["custom_options_bytes"] + 1))
    for o, op in enumerate(ops):
        if not op["options"]:
            continue
        key = sorted(op["options"])[0]
        value = op["options"][key]
        if isinstance(value, bool):
            new = not value
        elif isinstance(value, int):
            new = value + 1
        elif isinstance(value, float):
            new = shortest_float(next_float32(value))
        elif isinstance(value, str):
            new = value + "_X"
        else:
            new = (value or []) + [0]
        p = f"$.subgraphs[0].operators[{o}].options.{key}"
        alter(f"option {key} changed", p,
              lambda d, o=o: d["subgraphs"][0]["operators"][o]["options"].__setitem__(key, new))
        alter(f"option {key} removed", p,
              lambda d, o=o: d["subgraphs"][0]["operators"][o]["options"].pop(key))
        break
    if doc["metadata"]:
        alter("metadata renamed", "$.metadata[0].name", lambda d: d["metadata"][0].update(name="x"))
    if doc["signature_defs"]:
        alter("signature tensor moved", "$.signature_defs[0].inputs",
              lambda d: d["signature_defs"][0]["inputs"][0].update(tensor_index=999))
    return out


def self_test_units():
    """Checks of the helpers that need no model."""
    problems = []
    text = '{"a": nan, "b": [-inf, inf, -nan, 1.5], "s": "nan, inf \\x41\\\\x"}'
    j = json.loads(strict_json_text(text))
    if not (math.isnan(j["a"]) and j["b"][:2] == [-math.inf, math.inf] and math.isnan(j["b"][2])
            and j["b"][3] == 1.5 and j["s"] == "nan, inf A\\x"):
        problems.append(f"strict_json_text: {j!r}")
    schema = "table T { a:float; b:[float]; c:float = 0.5; d:double; }"
    if float_bits_schema(schema) != "table T { a:uint; b:[uint]; c:uint = 1056964608; d:ulong; }":
        problems.append(f"float_bits_schema: {float_bits_schema(schema)}")
    exact = bits_to_float32(0x38CA5000)  # about 9.647e-05; flatc prints 0.000096
    if merge_exact_floats({"s": [0.000096]}, {"s": [0x38CA5000]}) != {"s": [exact]}:
        problems.append("merge_exact_floats")
    if first_difference(float(shortest_f32(exact)), exact) is not None:
        problems.append("first_difference rejects a float32 printed shortest")
    if first_difference(0.000096, exact) is None:
        problems.append("first_difference accepts flatc's rounded float")
    if first_difference(True, 1) is None or first_difference(1, True) is None:
        problems.append("first_difference confuses booleans with integers")
    if first_difference("NaN", math.nan) is not None:
        problems.append("first_difference rejects NaN")
    return problems


def self_test(flatc, models, ops):
    problems = self_test_units()
    print("PASS unit checks" if not problems else "FAIL unit checks: " + "; ".join(problems))
    passed, failed = (0, 1) if problems else (1, 0)
    with tempfile.TemporaryDirectory(prefix="flatc_diff_") as tmp:
        decoder = Flatc(flatc, tmp)
        for model, label in models:
            try:
                fm = decoder.decode(model)
            except ToolError as e:
                print(f"FAIL {label}: {e}")
                failed += 1
                continue
            doc = synthesize_kinglet(fm, ops, model)
            size = os.path.getsize(model)
            errors = [f"clean copy differs: {d}" for d in compare_model(doc, fm, ops, size)[:MAX_SHOWN]]
            undecoded = copy.deepcopy(doc)
            for op in undecoded["subgraphs"][0]["operators"]:
                op.update(options={}, options_decoded=False)
            errors += [f"options_decoded=false copy differs: {d}"
                       for d in compare_model(undecoded, fm, ops, size)[:MAX_SHOWN]]
            cases = alterations(doc)
            for desc, path, altered in cases:
                found = compare_model(altered, fm, ops, size)
                if not any(re.match(re.escape(path) + r"[:.\[]", d) for d in found):
                    errors.append(f"not caught: {desc} at {path} (reported: {found[:2]})")
            if errors:
                failed += 1
                print(f"FAIL {label}: " + "; ".join(errors[:MAX_SHOWN]))
            else:
                passed += 1
                print(f"PASS {label}: synthesized copy matches, {len(cases)}/{len(cases)} alterations caught")
    return passed, failed


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def label_of(path):
    return os.path.relpath(path, ROOT)


def collect_models(shared_dir):
    models = [(p, label_of(p)) for p in sorted((ROOT / "testdata").rglob("*.tflite"))]
    if shared_dir.is_dir():
        models += [(p, label_of(p)) for p in sorted(shared_dir.rglob("*.tflite"))]
    else:
        print(f"{label_of(shared_dir)} is absent: checking testdata/ only")
    return models


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kinglet", default=".build/debug/kinglet",
                    help="kinglet binary (default .build/debug/kinglet, relative to the repository)")
    ap.add_argument("--flatc", default="flatc", help="flatc binary (default: flatc on PATH)")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "models"),
                    help="folder of external models (default ../shared/models)")
    ap.add_argument("--self-test", action="store_true",
                    help="check the comparator against flatc's own decode; Kinglet is not run")
    ap.add_argument("models", nargs="*", help="models to check instead of the default set")
    args = ap.parse_args(argv)

    ops = parse_enum(SCHEMA.read_text(encoding="utf-8"), "BuiltinOperator")
    if args.models:
        models = [(Path(m).resolve(), m) for m in args.models]
    else:
        models = collect_models(Path(args.shared).resolve())

    if args.self_test:
        passed, failed = self_test(args.flatc, models, ops)
    else:
        kinglet = Path(args.kinglet)
        if not kinglet.is_absolute():
            kinglet = ROOT / kinglet
        if not kinglet.is_file():
            print(f"kinglet binary not found at {kinglet}: run `swift build` or pass --kinglet",
                  file=sys.stderr)
            return 2
        passed = failed = 0
        with tempfile.TemporaryDirectory(prefix="flatc_diff_") as tmp:
            decoder = Flatc(args.flatc, tmp)
            for model, label in models:
                try:
                    fm = decoder.decode(model)
                    kg = run_kinglet(kinglet, model)
                    diffs = compare_model(kg, fm, ops, os.path.getsize(model))
                except ToolError as e:
                    diffs = [str(e)]
                if diffs:
                    failed += 1
                    more = f" (+{len(diffs) - MAX_SHOWN} more)" if len(diffs) > MAX_SHOWN else ""
                    print(f"FAIL {label}: " + "; ".join(diffs[:MAX_SHOWN]) + more)
                else:
                    passed += 1
                    print(f"PASS {label}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
