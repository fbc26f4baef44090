#!/usr/bin/env python3
"""Generates Sources/TFLiteModel/Generated/SchemaTables.swift from schema/tflite.fbs.

The generated file holds what is pure data in the schema: enum value names (BuiltinOperator,
TensorType, option enums), the member order of the BuiltinOptions / BuiltinOptions2 unions, and a
field descriptor (name, vtable id, kind, default) for every options table, so that every operator's
options can be verified and printed without hand-writing ~150 decoders.

Usage: python3 tools/gen_schema_tables.py [schema/tflite.fbs] > Sources/TFLiteModel/Generated/SchemaTables.swift
"""
import re
import sys

SCALARS = {
    "bool": ("bool", 8, False), "byte": ("int", 8, True), "int8": ("int", 8, True),
    "ubyte": ("int", 8, False), "uint8": ("int", 8, False), "short": ("int", 16, True),
    "int16": ("int", 16, True), "ushort": ("int", 16, False), "uint16": ("int", 16, False),
    "int": ("int", 32, True), "int32": ("int", 32, True), "uint": ("int", 32, False),
    "uint32": ("int", 32, False), "long": ("int", 64, True), "int64": ("int", 64, True),
    "ulong": ("int", 64, False), "uint64": ("int", 64, False), "float": ("float", 32, True),
    "float32": ("float", 32, True), "double": ("float", 64, True), "float64": ("float", 64, True),
}


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def parse(text):
    text = strip_comments(text)
    enums, unions, tables = {}, {}, {}
    for kind, name, base, body in re.findall(
            r"\b(enum|union|table|struct)\s+(\w+)\s*(?::\s*(\w+))?\s*(?:\([^)]*\))?\s*\{([^}]*)\}", text):
        if kind == "enum":
            values, next_value = [], 0
            for item in body.split(","):
                item = re.sub(r"\([^)]*\)", "", item).strip()
                if not item:
                    continue
                if "=" in item:
                    label, value = (part.strip() for part in item.split("="))
                    next_value = int(value, 0)
                else:
                    label = item
                values.append((label, next_value))
                next_value += 1
            enums[name] = (base, values)
        elif kind == "union":
            members = [re.sub(r"\([^)]*\)", "", m).strip() for m in body.split(",")]
            unions[name] = [m for m in members if m]
        else:
            fields, next_id = [], 0
            for decl in body.split(";"):
                decl = decl.strip()
                if not decl:
                    continue
                match = re.match(r"(\w+)\s*:\s*(\[?\s*\w+\s*\]?)\s*(?:=\s*([^\s(]+))?\s*(\(.*\))?$", decl, re.S)
                if not match:
                    raise SystemExit(f"cannot parse field in {name}: {decl!r}")
                fname, ftype, default, attrs = match.groups()
                ftype = ftype.replace(" ", "")
                fields.append((fname, next_id, ftype, default, attrs or ""))
                next_id += 2 if ftype in unions or ftype in pending_unions(text) else 1
            tables[name] = fields
    return enums, unions, tables


_union_names = None


def pending_unions(text):
    global _union_names
    if _union_names is None:
        _union_names = set(re.findall(r"\bunion\s+(\w+)", text))
    return _union_names


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def field_kind(ftype, default, enums, tables):
    """Swift expression for an OptionFieldKind."""
    if ftype.startswith("["):
        inner = ftype[1:-1]
        if inner in SCALARS:
            k, bits, signed = SCALARS[inner]
            if k == "bool":
                return ".boolVector"
            if k == "float":
                return f".floatVector(bits: {bits})"
            return f".intVector(bits: {bits}, signed: {'true' if signed else 'false'})"
        if inner in enums:
            base = enums[inner][0]
            _, bits, signed = SCALARS[base]
            return f".intVector(bits: {bits}, signed: {'true' if signed else 'false'})"
        if inner == "string":
            return ".stringVector"
        return ".unsupported"
    if ftype == "string":
        return ".string"
    if ftype in SCALARS:
        k, bits, signed = SCALARS[ftype]
        if k == "bool":
            return f".bool(default: {'true' if default == 'true' else 'false'})"
        if k == "float":
            value = default if default is not None else "0"
            return f".float(bits: {bits}, default: {float(value)!r})"
        value = int(default, 0) if default is not None else 0
        return f".int(bits: {bits}, signed: {'true' if signed else 'false'}, default: {value})"
    if ftype in enums:
        base, values = enums[ftype]
        _, bits, signed = SCALARS[base]
        if default is None:
            value = 0
        elif re.match(r"^-?\d+$", default):
            value = int(default)
        else:
            value = dict(values)[default]
        return f".enumeration({enum_ident(ftype)}, bits: {bits}, signed: {'true' if signed else 'false'}, default: {value})"
    return ".unsupported"


def enum_ident(name):
    return "SchemaEnums." + name[0].lower() + name[1:]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "schema/tflite.fbs"
    text = open(path).read()
    enums, unions, tables = parse(text)
    out = []
    w = out.append
    w("// Generated by tools/gen_schema_tables.py from schema/tflite.fbs. Do not edit by hand.")
    w("// swift-format-ignore-file")
    w("")
    w("/// Value names of the schema's enums, as the schema spells them.")
    w("public enum SchemaEnums {")
    for name, (base, values) in enums.items():
        pairs = ", ".join(f"({v}, {swift_string(label)})" for label, v in values)
        w(f"    public static let {name[0].lower() + name[1:]} = EnumNames(name: {swift_string(name)}, [{pairs}])")
    w("}")
    w("")
    for union in ("BuiltinOptions", "BuiltinOptions2"):
        members = unions[union]
        w(f"/// Member tables of the `{union}` union; union type N names entry N (0 is NONE).")
        w(f"public enum {union}Schema {{")
        w("    public static let tables: [OptionsTableSchema] = [")
        w('        OptionsTableSchema(name: "NONE", fields: []),')
        for member in members:
            fields = tables.get(member, [])
            items = []
            for fname, fid, ftype, default, attrs in fields:
                if "deprecated" in attrs:
                    continue
                items.append(f"OptionField({swift_string(fname)}, id: {fid}, {field_kind(ftype, default, enums, tables)})")
            body = ", ".join(items)
            w(f"        OptionsTableSchema(name: {swift_string(member)}, fields: [{body}]),")
        w("    ]")
        w("}")
        w("")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
