#!/usr/bin/env python3
"""Generates the schema-derived Swift sources from schema/tflite.fbs.

Three files, each with one audience:

* Sources/TFLiteModel/Generated/OptionsTables.swift (device core: no names, no heap)
  - `SchemaTable`: a number for every table of the schema, the `table` of a verification path segment;
  - `OptionsDescriptors`: per member of the BuiltinOptions / BuiltinOptions2 unions, its table number
    and the vtable id and storage kind of every field the verifier checks, as bytes of a StaticString
    (read-only data: no heap, no lazy initialization, even in Embedded Swift);
  - a typed view (`Conv2DOptions`, ...) of every member table, read by vtable id with the schema's
    defaults; vectors and strings are zero-copy views (strings as raw UTF-8 bytes).
* Sources/TFLiteNames/Generated/SchemaNames.swift (host only: printing)
  - enum value names (BuiltinOperator, TensorType, option enums), the field names of every table by
    vtable id (to render verification paths), and a name-and-kind descriptor of every options field
    (to print every operator's options without hand-written decoders).
* Tests/TFLiteModelTests/Generated/TypedOptionsMirror.swift (tests)
  - every typed options view rendered as the name-based reader's (name, value) list, so tests can
    check one reader against the other on every table of every model.

Usage: python3 tools/gen_schema_tables.py [schema/tflite.fbs]   (writes the three files in place)
       python3 tools/gen_schema_tables.py --check [schema]       (exit 1 when a file is out of date)
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MODEL_OUT = "Sources/TFLiteModel/Generated/OptionsTables.swift"
NAMES_OUT = "Sources/TFLiteNames/Generated/SchemaNames.swift"
MIRROR_OUT = "Tests/TFLiteModelTests/Generated/TypedOptionsMirror.swift"

# schema scalar → (kind, bits, signed, Swift type)
SCALARS = {
    "bool": ("bool", 8, False, "Bool"), "byte": ("int", 8, True, "Int8"), "int8": ("int", 8, True, "Int8"),
    "ubyte": ("int", 8, False, "UInt8"), "uint8": ("int", 8, False, "UInt8"),
    "short": ("int", 16, True, "Int16"), "int16": ("int", 16, True, "Int16"),
    "ushort": ("int", 16, False, "UInt16"), "uint16": ("int", 16, False, "UInt16"),
    "int": ("int", 32, True, "Int32"), "int32": ("int", 32, True, "Int32"),
    "uint": ("int", 32, False, "UInt32"), "uint32": ("int", 32, False, "UInt32"),
    "long": ("int", 64, True, "Int64"), "int64": ("int", 64, True, "Int64"),
    "ulong": ("int", 64, False, "UInt64"), "uint64": ("int", 64, False, "UInt64"),
    "float": ("float", 32, True, "Float"), "float32": ("float", 32, True, "Float"),
    "double": ("float", 64, True, "Double"), "float64": ("float", 64, True, "Double"),
}

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do",
    "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while",
    "as", "Any", "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try",
}

# Verification descriptor kind codes (see OptionsDescriptors in the generated file).
KIND_STRING, KIND_STRING_VECTOR, KIND_VECTOR = 0x20, 0x21, 0x10


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def parse(text):
    text = strip_comments(text)
    union_names = set(re.findall(r"\bunion\s+(\w+)", text))
    enums, unions, tables, structs = {}, {}, {}, set()
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
                next_id += 2 if ftype in union_names else 1
            tables[name] = fields
            if kind == "struct":
                structs.add(name)
    return enums, unions, tables, structs


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lower_first(name):
    return name[0].lower() + name[1:]


def camel(snake):
    parts = snake.split("_")
    out = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    return f"`{out}`" if out in SWIFT_KEYWORDS else out


def enum_ident(name):
    return "SchemaEnums." + lower_first(name)


def enum_default(ftype, default, enums):
    base, values = enums[ftype]
    if default is None:
        return 0
    if re.match(r"^-?\d+$", default):
        return int(default)
    return dict(values)[default]


def field_info(ftype, default, enums, tables, structs):
    """What the generators need about one options field: a dict, or None when neither verified nor read."""
    if ftype.startswith("["):
        inner = ftype[1:-1]
        if inner in SCALARS or inner in enums:
            base = inner if inner in SCALARS else enums[inner][0]
            kind, bits, signed, swift = SCALARS[base]
            return {"shape": "vector", "kind": kind, "bits": bits, "signed": signed, "swift": swift,
                    "code": KIND_VECTOR | (bits // 8)}
        if inner == "string":
            return {"shape": "strings", "code": KIND_STRING_VECTOR}
        return None
    if ftype == "string":
        return {"shape": "string", "code": KIND_STRING}
    if ftype in SCALARS:
        kind, bits, signed, swift = SCALARS[ftype]
        if kind == "bool":
            value = "true" if default == "true" else "false"
        elif kind == "float":
            value = repr(float(default if default is not None else "0"))
        else:
            value = str(int(default, 0) if default is not None else 0)
        return {"shape": "scalar", "kind": kind, "bits": bits, "signed": signed, "swift": swift,
                "default": value, "code": bits // 8}
    if ftype in enums:
        base = enums[ftype][0]
        kind, bits, signed, swift = SCALARS[base]
        return {"shape": "scalar", "kind": "enum", "enum": ftype, "bits": bits, "signed": signed,
                "swift": swift, "default": str(enum_default(ftype, default, enums)), "code": bits // 8,
                "enum_values": enums[ftype][1]}
    return None


def old_kind(info):
    """The OptionFieldKind expression of the host-side name-based descriptors."""
    if info is None:
        return ".unsupported"
    signed = "true" if info.get("signed") else "false"
    if info["shape"] == "string":
        return ".string"
    if info["shape"] == "strings":
        return ".stringVector"
    if info["shape"] == "vector":
        if info["kind"] == "bool":
            return ".boolVector"
        if info["kind"] == "float":
            return f".floatVector(bits: {info['bits']})"
        return f".intVector(bits: {info['bits']}, signed: {signed})"
    if info["kind"] == "bool":
        return f".bool(default: {info['default']})"
    if info["kind"] == "float":
        return f".float(bits: {info['bits']}, default: {info['default']})"
    if info["kind"] == "enum":
        return f".enumeration({enum_ident(info['enum'])}, bits: {info['bits']}, signed: {signed}, default: {info['default']})"
    return f".int(bits: {info['bits']}, signed: {signed}, default: {info['default']})"


def live_fields(table, tables):
    return [f for f in tables.get(table, []) if "deprecated" not in f[4]]


def seven_bit_pair(value):
    assert 0 <= value < 1 << 14, value
    return [value & 0x7F, value >> 7]


def static_string_bytes(data):
    out = []
    for b in data:
        assert b < 0x80
        c = chr(b)
        out.append(c if c.isalnum() else "\\u{%X}" % b)
    return '"' + "".join(out) + '"'


def descriptor_blob(members, table_ids, tables, enums, structs):
    """Header: for member m (1...N) the start of its record, and one more entry for the end, each
    a 14-bit offset as two 7-bit bytes. Record: the member's table number (two 7-bit bytes), then
    one (vtable id, kind code) byte pair per verified field, in schema order."""
    records = []
    for member in members:
        record = seven_bit_pair(table_ids[member])
        for fname, fid, ftype, default, attrs in live_fields(member, tables):
            info = field_info(ftype, default, enums, tables, structs)
            if info is None:
                continue
            assert fid < 0x80
            record += [fid, info["code"]]
        records.append(record)
    header_size = 2 * (len(members) + 1)
    header, position = [], header_size
    for record in records:
        header += seven_bit_pair(position)
        position += len(record)
    header += seven_bit_pair(position)
    return header + [b for record in records for b in record]


def accessor(fname, fid, ftype, info):
    name = camel(fname)
    decl = f"`{fname}: {ftype}`"
    if info["shape"] == "string":
        return [f"    /// {decl}: the raw UTF-8 bytes (no terminator), nil when absent.",
                f"    @inlinable public var {name}: ByteRegion? {{ table.stringBytes({fid}) }}"]
    if info["shape"] == "strings":
        return [f"    /// {decl}: each string as raw UTF-8 bytes; empty when absent.",
                f"    @inlinable public var {name}: StringVector {{ table.stringVector({fid}) }}"]
    if info["shape"] == "vector":
        if info["kind"] == "float" and info["bits"] == 32:
            return [f"    /// {decl}, zero-copy; empty when absent.",
                    f"    @inlinable public var {name}: FloatVector {{ table.floats({fid}) }}"]
        swift = "UInt8" if info["kind"] == "bool" else info["swift"]
        if info["kind"] == "float":
            raise SystemExit(f"no view for {ftype}")
        return [f"    /// {decl}, zero-copy{' (one byte per bool)' if info['kind'] == 'bool' else ''}; empty when absent.",
                f"    @inlinable public var {name}: ScalarVector<{swift}> {{ table.scalars({fid}) }}"]
    default = info["default"]
    swift = info["swift"]
    if info["kind"] == "enum":
        labels = [label for label, value in info["enum_values"] if str(value) == default]
        doc = f"    /// {decl} (raw enum value), default {default}" + (f" ({labels[0]})" if labels else "")
    else:
        doc = f"    /// {decl}, default {default}"
    if info["kind"] == "bool":
        body = f"table.bool({fid}, default: {default})"
    elif info["kind"] == "float" and info["bits"] == 32:
        body = f"table.float({fid}, default: {default})"
    elif info["kind"] == "float":
        body = f"table.double({fid}, default: {default})"
    else:
        body = f"table.scalar({fid}, default: {swift}({default}))"
    return [doc + ".", f"    @inlinable public var {name}: {swift} {{ {body} }}"]


def header(w, imports):
    w("// Generated by tools/gen_schema_tables.py from schema/tflite.fbs. Do not edit by hand.")
    w("// swift-format-ignore-file")
    w("")
    for module in imports:
        w(f"import {module}")
    w("")


def gen_model(enums, unions, tables, structs, table_ids):
    out = []
    w = out.append
    header(w, ["FlatBufferReader"])
    w("/// A number for every table of the schema, in schema order: the `table` of a verification path")
    w("/// segment (host tools name it from `SchemaFieldNames`).")
    w("public enum SchemaTable {")
    for name, number in table_ids.items():
        ident = lower_first(name)
        w(f"    @inlinable public static var {'`' + ident + '`' if ident in SWIFT_KEYWORDS else ident}: UInt16 {{ {number} }}")
    w("}")
    w("")
    w("/// Per member of the options unions, what the verifier checks: the member's table number and the")
    w("/// vtable id and storage kind of each field, as the bytes of a StaticString (read-only data; no heap,")
    w("/// no lazy initialization). Layout: for member m in 1...count, then once more for the end, a 14-bit")
    w("/// offset (two 7-bit bytes, low first) of its record; a record is the table number (two 7-bit bytes)")
    w("/// and one (vtable id, kind) byte pair per field. Kinds: 1, 2, 4, 8 = scalar of that many bytes;")
    w("/// 0x10 | n = vector of n-byte elements; 0x20 = string; 0x21 = vector of strings.")
    w("@usableFromInline")
    w("enum OptionsDescriptors {")
    for union in ("BuiltinOptions", "BuiltinOptions2"):
        members = unions[union]
        blob = descriptor_blob(members, table_ids, tables, enums, structs)
        w(f"    /// Members of `{union}` (union types 1...{len(members)}).")
        w(f"    @inlinable static var {lower_first(union)}Count: Int {{ {len(members)} }}")
        w(f"    @inlinable static var {lower_first(union)}: StaticString {{")
        w(f"        {static_string_bytes(blob)}")
        w("    }")
    w("}")
    w("")
    for union in ("BuiltinOptions", "BuiltinOptions2"):
        case = lower_first(union)
        for number, member in enumerate(unions[union], start=1):
            w(f"/// `tflite.{member}`: member {number} of `{union}`. Absent fields read as the schema's defaults;")
            w("/// `defaults` is the table an operator without options has.")
            w(f"public struct {member}: OptionsTable, Sendable {{")
            w("    public let table: Table")
            w("    @inlinable public init(_ table: Table) { self.table = table }")
            w(f"    @inlinable public static var union: OptionsUnion {{ .{case} }}")
            w(f"    @inlinable public static var member: UInt8 {{ {number} }}")
            for fname, fid, ftype, default, attrs in live_fields(member, tables):
                info = field_info(ftype, default, enums, tables, structs)
                if info is None:
                    w(f"    // `{fname}: {ftype}` (id {fid}): a table, neither verified nor read.")
                    continue
                for line in accessor(fname, fid, ftype, info):
                    w(line)
            w("}")
            w("")
    return "\n".join(out).rstrip("\n") + "\n"


def gen_names(enums, unions, tables, structs, table_ids):
    out = []
    w = out.append
    header(w, ["TFLiteModel"])
    w("/// Value names of the schema's enums, as the schema spells them.")
    w("public enum SchemaEnums {")
    for name, (base, values) in enums.items():
        pairs = ", ".join(f"({v}, {swift_string(label)})" for label, v in values)
        w(f"    public static let {lower_first(name)} = EnumNames(name: {swift_string(name)}, [{pairs}])")
    w("}")
    w("")
    w("/// The name of every table of the schema (indexed by `SchemaTable` number) and of its fields")
    w("/// (indexed by vtable id; a union's name at both of its ids; \"\" for no field).")
    w("public enum SchemaFieldNames {")
    w("    public static let tables: [(name: StaticString, fields: [StaticString])] = [")
    for name, number in table_ids.items():
        names = {}
        for fname, fid, ftype, default, attrs in tables[name]:
            names[fid] = fname
            if ftype in unions:
                names[fid + 1] = fname
        count = max(names) + 1 if names else 0
        listed = ", ".join(swift_string(names.get(i, "")) for i in range(count))
        w(f"        ({swift_string(name)}, [{listed}]),")
    w("    ]")
    w("}")
    w("")
    for union in ("BuiltinOptions", "BuiltinOptions2"):
        members = unions[union]
        w(f"/// Member tables of the `{union}` union; union type N names entry N (0 is NONE).")
        w(f"public enum {union}Schema {{")
        w("    public static let tables: [OptionsTableSchema] = [")
        w('        OptionsTableSchema(name: "NONE", fields: []),')
        for member in members:
            items = []
            for fname, fid, ftype, default, attrs in live_fields(member, tables):
                info = field_info(ftype, default, enums, tables, structs)
                items.append(f"OptionField({swift_string(fname)}, id: {fid}, {old_kind(info)})")
            w(f"        OptionsTableSchema(name: {swift_string(member)}, fields: [{', '.join(items)}]),")
        w("    ]")
        w("}")
        w("")
    return "\n".join(out).rstrip("\n") + "\n"


def mirror_value(fname, info):
    name = camel(fname)
    if info["shape"] == "string":
        return f"o.{name}.map {{ OptionValue.string(text($0)) }}"
    if info["shape"] == "strings":
        return f".strings(o.{name}.map(text))"
    if info["shape"] == "vector":
        if info["kind"] == "bool":
            return f".bools(o.{name}.map {{ $0 != 0 }})"
        if info["kind"] == "float":
            return f".floats(o.{name}.map(Double.init))"
        return f".ints(o.{name}.map {{ Int64(truncatingIfNeeded: $0) }})"
    if info["kind"] == "bool":
        return f".bool(o.{name})"
    if info["kind"] == "float":
        return f".float(Double(o.{name}))"
    if info["kind"] == "enum":
        return f"enumeration(Int64(o.{name}), {enum_ident(info['enum'])})"
    return f".int(Int64(truncatingIfNeeded: o.{name}))"


def gen_mirror(enums, unions, tables, structs):
    out = []
    w = out.append
    header(w, ["FlatBufferReader", "TFLiteModel", "TFLiteNames"])
    w("/// The fields of the options table `table` of `union` member `type`, read through the generated typed")
    w("/// view, in the name-based reader's form (schema names, schema order; absent strings left out);")
    w("/// nil for a type this schema lacks.")
    w("func typedOptionFields(_ union: OptionsUnion, _ type: UInt8, _ table: Table) -> [(name: String, value: OptionValue)]? {")
    w("    func text(_ bytes: ByteRegion) -> String {")
    w("        String(decoding: UnsafeRawBufferPointer(start: bytes.base, count: bytes.count), as: UTF8.self)")
    w("    }")
    w("    func enumeration(_ raw: Int64, _ names: EnumNames) -> OptionValue { .enumeration(raw, names.describe(raw)) }")
    w("    var fields: [(name: String, value: OptionValue?)] = []")
    w("    switch (union, type) {")
    for union in ("BuiltinOptions", "BuiltinOptions2"):
        for number, member in enumerate(unions[union], start=1):
            w(f"    case (.{lower_first(union)}, {number}):")
            items = []
            for fname, fid, ftype, default, attrs in live_fields(member, tables):
                info = field_info(ftype, default, enums, tables, structs)
                if info is not None:
                    items.append((fname, info))
            if not items:
                w(f"        _ = {member}(table)")
                continue
            w(f"        let o = {member}(table)")
            w("        fields = [")
            for fname, info in items:
                w(f"            ({swift_string(fname)}, {mirror_value(fname, info)}),")
            w("        ]")
    w("    default:")
    w("        return nil")
    w("    }")
    w("    return fields.compactMap { field in field.value.map { (name: field.name, value: $0) } }")
    w("}")
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    path = args[0] if args else os.path.join(ROOT, "schema/tflite.fbs")
    enums, unions, tables, structs = parse(open(path).read())
    table_ids = {name: number for number, name in enumerate(n for n in tables if n not in structs)}
    outputs = {
        MODEL_OUT: gen_model(enums, unions, tables, structs, table_ids),
        NAMES_OUT: gen_names(enums, unions, tables, structs, table_ids),
        MIRROR_OUT: gen_mirror(enums, unions, tables, structs),
    }
    stale = []
    for relative, text in outputs.items():
        target = os.path.join(ROOT, relative)
        current = open(target).read() if os.path.exists(target) else None
        if current == text:
            continue
        stale.append(relative)
        if not check:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w") as f:
                f.write(text)
    if check and stale:
        sys.stderr.write("out of date: " + ", ".join(stale) + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
