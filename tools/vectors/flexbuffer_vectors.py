#!/usr/bin/env python3
"""FlexBuffers test vectors for Tests/FlatBufferReaderTests/FlexBuffersTests.swift.

Builds buffers with the real FlexBuffers implementation (pip `flatbuffers`, module
`flatbuffers.flexbuffers`: its Builder writes them, its reader decodes them) and prints each
as a Swift tuple: a name, the bytes in hex, and the value as the reference reader sees it, in
a canonical form that the Swift test renders the same way from Kinglet's reader:

    NULL | INT:-5 | UINT:7 | INDIRECT_INT:-5 | INDIRECT_UINT:7 | BOOL:true
    FLOAT:<the double's 16 hex digits> | INDIRECT_FLOAT:<...>
    KEY:text | STRING:text | BLOB:<hex>
    MAP{key=value,...}  (keys in stored order)  VECTOR[value,...]  VECTOR_INT[INT:1,...]  ...

The expected values are the reference reader's, never Kinglet's.

    python3 -m venv /tmp/venv-flex && /tmp/venv-flex/bin/pip install flatbuffers==25.12.19
    /tmp/venv-flex/bin/python tools/vectors/flexbuffer_vectors.py
    /tmp/venv-flex/bin/python tools/vectors/flexbuffer_vectors.py --seeds testdata/flexbuffers  # fuzz seeds
"""

from __future__ import annotations

import argparse
import array
import struct
from pathlib import Path

import flatbuffers
from flatbuffers import flexbuffers as fx

T = fx.Type


def double_hex(value: float) -> str:
    return f"{struct.unpack('<Q', struct.pack('<d', value))[0]:016x}"


def plain(text: bytes) -> str:
    decoded = text.decode("ascii")
    assert all(32 <= ord(c) < 127 and c not in '"\\' for c in decoded), decoded
    return decoded


def render(ref: fx.Ref) -> str:
    t = ref._type
    name = T(t).name
    if t == T.NULL:
        return "NULL"
    if t in (T.INT, T.INDIRECT_INT, T.UINT, T.INDIRECT_UINT):
        return f"{name}:{ref.AsInt}"
    if t == T.BOOL:
        return f"BOOL:{'true' if ref.AsBool else 'false'}"
    if t in (T.FLOAT, T.INDIRECT_FLOAT):
        return f"{name}:{double_hex(ref.AsFloat)}"
    if t == T.KEY:
        return f"KEY:{plain(bytes(ref.AsKeyBytes))}"
    if t == T.STRING:
        return f"STRING:{plain(bytes(ref.AsStringBytes))}"
    if t == T.BLOB:
        return f"BLOB:{bytes(ref.AsBlob).hex()}"
    if t == T.MAP:
        m = ref.AsMap
        keys, values = m.Keys, m.Values
        assert len(keys) == len(values)
        items = [f"{plain(bytes(keys[i].AsKeyBytes))}={render(values[i])}" for i in range(len(keys))]
        return "MAP{" + ",".join(items) + "}"
    if t == T.VECTOR:
        v = ref.AsVector
        return "VECTOR[" + ",".join(render(v[i]) for i in range(len(v))) + "]"
    if ref.IsTypedVector:
        v = ref.AsTypedVector
        return f"{name}[" + ",".join(render(v[i]) for i in range(len(v))) + "]"
    if ref.IsFixedTypedVector:
        v = ref.AsFixedTypedVector
        return f"{name}[" + ",".join(render(v[i]) for i in range(len(v))) + "]"
    raise TypeError(name)


def build(make, **options) -> bytes:
    b = fx.Builder(**options)
    make(b)
    return bytes(b.Finish())


def cases():
    # LceBconv2d's options: a map of small ints (1-byte widths), as lce-ops.md §3 shows.
    def lce(b):
        with b.Map():
            for key, value in [("padding", 0), ("stride_width", 2), ("stride_height", 2), ("channels_in", 3),
                               ("dilation_height_factor", 1), ("dilation_width_factor", 1),
                               ("fused_activation_function", 0), ("pad_values", 1)]:
                b.Int(key, value)
    yield "lceBconv2dMap", build(lce)

    # channels_in = 256 widens the whole map to 2 bytes.
    def lce_wide(b):
        with b.Map():
            b.Int("channels_in", 256)
            b.Int("padding", 1)
    yield "twoByteMap", build(lce_wide)

    def mixed(b):
        with b.Map():
            b.Int("int", -5)
            b.UInt("uint", 200)
            b.Float("float", 1.5)
            b.Float("double", 0.1)
            b.Bool("yes", True)
            b.Bool("no", False)
            b.String("name", "hann window")
            b.Blob("blob", bytes([0, 1, 2, 254, 255]))
            b.Null("nothing")
            b.Key("k")  # the key of the next value; a map's values cannot be keys
            with b.Vector():
                b.Key("a key value")
                b.Int(1)
    yield "mixedMap", build(mixed)

    # Integers at every width, signed and unsigned, at their extremes.
    def ints(b):
        with b.Vector():
            for value in [0, -1, 127, -128, 128, -129, 32767, -32768, 32768, 2**31 - 1, -(2**31), 2**31,
                          2**40, -(2**40), 2**63 - 1, -(2**63)]:
                b.Int(value)
    yield "intsEveryWidth", build(ints)

    def uints(b):
        with b.Vector():
            for value in [0, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63, 2**64 - 1]:
                b.UInt(value)
    yield "uintsEveryWidth", build(uints)

    def floats(b):
        with b.Vector():
            for value in [0.0, -0.0, 1.5, -2.25, 0.1, float("inf"), float("-inf"), 3.4028234663852886e38]:
                b.Float(value)
            # Outside float32's range the builder's width test fails: ask for 8 bytes.
            for value in [1e300, -1e-300]:
                b.Float(value, byte_width=8)
    yield "floatsAndDoubles", build(floats)

    # Single-width maps of each width: every value one byte, then widened by one value each.
    for label, value in [("oneByte", 1), ("twoBytes", 1000), ("fourBytes", 100000), ("eightBytes", 2**40)]:
        def single(b, value=value):
            with b.Map():
                b.Int("a", value)
                b.Int("b", -value)
                b.Bool("c", True)
        yield f"mapOf{label[0].upper()}{label[1:]}", build(single)

    # Everything 8 bytes wide, whatever the values need.
    yield "forcedEightBytes", build(lambda b: forced_map(b), force_min_bit_width=fx.BitWidth.W64)

    def nested(b):
        with b.Map():
            with b.Vector("layers"):
                for index in range(3):
                    with b.Map():
                        b.Int("index", index)
                        b.String("kind", ["conv", "pool", "dense"][index])
                        with b.Map("shape"):
                            b.Int("h", 8 >> index)
                            b.Int("w", 8 >> index)
            with b.Map("empty_map"):
                pass
            with b.Vector("empty_vector"):
                pass
            with b.Vector("deep"):
                with b.Vector():
                    with b.Vector():
                        b.Int(42)
    yield "nested", build(nested)

    def typed(b):
        with b.Map():
            b.Key("i8")
            b.TypedVectorFromElements(array.array("b", [-1, 2, -3]))
            b.Key("i16")
            b.TypedVectorFromElements(array.array("h", [-300, 300]))
            b.Key("i32")
            b.TypedVectorFromElements(array.array("i", [-70000, 70000, 0]))
            b.Key("i64")
            b.TypedVectorFromElements(array.array("q", [-(2**40), 2**40]))
            b.Key("u8")
            b.TypedVectorFromElements(array.array("B", [0, 255]))
            b.Key("u16")
            b.TypedVectorFromElements(array.array("H", [65535]))
            b.Key("u32")
            b.TypedVectorFromElements(array.array("I", [2**32 - 1, 1]))
            b.Key("u64")
            b.TypedVectorFromElements(array.array("Q", [2**64 - 1]))
            b.Key("f32")
            b.TypedVectorFromElements(array.array("f", [0.5, -1.25]))
            b.Key("f64")
            b.TypedVectorFromElements(array.array("d", [0.1, 1e-10]))
            b.Key("ints")
            b.TypedVectorFromElements([5, -6, 7])
            b.Key("bools")
            b.TypedVectorFromElements([True, False, True, True])
            b.Key("keys")
            with b.TypedVector():
                b.Key("alpha")
                b.Key("beta")
            b.Key("strings")
            with b.TypedVector():
                b.String("old")
                b.String("style")
            b.Key("empty_ints")
            b.TypedVectorFromElements(array.array("i", []))
    yield "typedVectors", build(typed)

    def fixed(b):
        with b.Vector():
            b.FixedTypedVectorFromElements([1, -2])
            b.FixedTypedVectorFromElements([1, 2, 3], element_type=T.UINT)
            b.FixedTypedVectorFromElements([1.5, 2.5, 3.5, 4.5])
            b.FixedTypedVectorFromElements([0.1, 0.2])
            b.FixedTypedVectorFromElements([1, 2, 3, 4], element_type=T.UINT, byte_width=8)
            b.FixedTypedVectorFromElements([-1, 2**40, 3])
            b.FixedTypedVectorFromElements([1.0, 2.0, 3.0], byte_width=8)
            b.FixedTypedVectorFromElements([7, 8, 9, 10], byte_width=2)
    yield "fixedTypedVectors", build(fixed)

    def indirect(b):
        with b.Map():
            b.IndirectInt("ii", -5)
            b.IndirectInt("ii64", -(2**40))
            b.IndirectUInt("iu", 2**40)
            b.IndirectUInt("iu8", 9)
            b.IndirectFloat("if", 0.1)
            b.IndirectFloat("if32", 0.5)
            b.Int("small", 1)
    yield "indirectScalars", build(indirect)

    # 300 keys: the keys vector and the values need 2-byte offsets.
    def many(b):
        with b.Map():
            for index in range(300):
                b.Int(f"key_{index:03d}", index * 7 - 1000)
    yield "threeHundredKeys", build(many)

    def long_string(b):
        with b.Map():
            b.String("long", "x" * 300)
            b.Blob("big_blob", bytes(range(256)) * 2)
            b.String("empty", "")
    yield "longStringAndBlob", build(long_string)

    def mixed_vector(b):
        with b.Vector():
            b.Int(1)
            b.Float(2.5)
            b.String("three")
            b.Bool(False)
            b.Null()
            b.UInt(2**64 - 1)
            with b.Map():
                b.Int("x", 1)
            b.Blob(b"\x00\x01")
            b.IndirectInt(-7)
            b.TypedVectorFromElements([1.5, 2.5])
    yield "mixedVector", build(mixed_vector)

    # Shared keys and strings: one key string and one value string used by several maps.
    def shared(b):
        with b.Vector():
            for index in range(3):
                with b.Map():
                    b.Int("shared_key", index)
                    b.String("label", "same")
    yield "sharedKeysAndStrings", build(shared, share_strings=True, share_keys=True)

    # Keys whose bytes sort differently from a naive order (uppercase before lowercase,
    # prefixes first), as TFLM's `T` in SignalRfft.
    def order(b):
        with b.Map():
            for key, value in [("fft_length", 512), ("T", 7), ("a", 1), ("ab", 2), ("abc", 3), ("B", 4), ("_", 5),
                               ("a_b", 6), ("Z9", 8)]:
                b.Int(key, value)
    yield "keyByteOrder", build(order)

    # Roots that are not maps.
    yield "rootInt", build(lambda b: b.Int(-123456))
    yield "rootUInt64", build(lambda b: b.UInt(2**64 - 1))
    yield "rootDouble", build(lambda b: b.Float(-0.1))
    yield "rootFloat", build(lambda b: b.Float(0.25))
    yield "rootBoolTrue", build(lambda b: b.Bool(True))
    yield "rootNull", build(lambda b: b.Null())
    yield "rootString", build(lambda b: b.String("root string"))
    yield "rootBlob", build(lambda b: b.Blob(b"\x10\x20\x30"))
    yield "rootEmptyMap", build(lambda b: b.MapFromElements({}))
    yield "rootTypedInts", build(lambda b: b.TypedVectorFromElements([100, 200, 300]))
    yield "rootIndirectFloat", build(lambda b: b.IndirectFloat(1e100, byte_width=8))
    # Python values through the builder's generic Add (Dumps).
    yield "dumps", fx.Dumps({"list": [1, "two", 3.0, [True, None]], "neg": -1, "obj": {"z": 0, "y": [1.5]}})


def forced_map(b):
    with b.Map():
        b.Int("i", -3)
        b.UInt("u", 3)
        b.Float("f", 2.5)
        b.Bool("b", True)
        b.String("s", "x")
        b.Key("v")
        b.TypedVectorFromElements([1, 2, 3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", metavar="DIR", help="also write each buffer to DIR/<name>.flexbuf (fuzz seeds)")
    args = parser.parse_args()
    if args.seeds:
        Path(args.seeds).mkdir(parents=True, exist_ok=True)
        for name, data in cases():
            (Path(args.seeds) / f"{name}.flexbuf").write_bytes(data)
    print(f"// tools/vectors/flexbuffer_vectors.py with pip flatbuffers {flatbuffers.__version__}")
    for name, data in cases():
        expected = render(fx.GetRoot(data))
        print(f'("{name}", "{data.hex()}",')
        print(f'    "{expected}"),')


if __name__ == "__main__":
    main()
