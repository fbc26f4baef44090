import FlatBufferReader
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The FlexBuffers reader (Sources/FlatBufferReader/FlexBuffers.swift) against buffers that the real
// FlexBuffers implementation built and decoded: `flexBufferVectors` below is the output of
//   python3 -m venv /tmp/venv-flex && /tmp/venv-flex/bin/pip install flatbuffers==25.12.19
//   /tmp/venv-flex/bin/python tools/vectors/flexbuffer_vectors.py
// (pip flatbuffers' `flexbuffers.Builder` writes each buffer; its reader gives the expected value, in
// the canonical form that `FlexCanonical.render` writes from Kinglet's reader). Then hostile inputs:
// every truncation, seeded byte flips, and crafted defects, each of which must end in a typed error.

@Suite struct FlexBuffersTests {
    // MARK: Vectors from pip flatbuffers

    @Test func decodesEveryReferenceVector() throws {
        #expect(flexBufferVectors.count >= 30)
        for vector in flexBufferVectors {
            let bytes = hexBytes(vector.hex)
            do {
                let rendered = try withRegion(bytes) { region in
                    try FlexCanonical.render(try FlexBuffer.verify(region))
                }
                #expect(rendered == vector.expected, "\(vector.name)")
                // The unverified root reads the same.
                let unverified = try withRegion(bytes) { try FlexCanonical.render(try FlexBuffer.root($0)) }
                #expect(unverified == vector.expected, "\(vector.name) without verify")
            } catch {
                Issue.record("\(vector.name): \(error)")
            }
        }
    }

    @Test func looksUpKeysByBytes() throws {
        try withVector("keyByteOrder") { root in
            let map = try root.asMap()
            #expect(map.count == 9)
            #expect(try map.require("T").asInt32() == 7)
            #expect(try map.require("fft_length").asInt32() == 512)
            #expect(try map.value(forKey: "abc")?.asInt64() == 3)
            #expect(try map.index(ofKey: "a_b") == 5)
            for absent: StaticString in ["", "A", "C", "aa", "abcd", "fft_lengtH", "fft_length_", "zzz", "\u{7f}"] {
                #expect(try map.index(ofKey: absent) == nil, "\(absent)")
            }
            #expect(throws: FlexBufferError.missingKey) { try map.require("t") }
            let bytes: [UInt8] = Array("ab".utf8)
            #expect(try bytes.withUnsafeBytes { try map.index(ofKey: $0) } == 6)
        }
        try withVector("threeHundredKeys") { root in
            let map = try root.asMap()
            #expect(map.count == 300)
            #expect(try map.require("key_000").asInt32() == -1000)
            #expect(try map.require("key_299").asInt32() == 299 * 7 - 1000)
            #expect(try map.require("key_150").asInt32() == 150 * 7 - 1000)
            #expect(try map.index(ofKey: "key_300") == nil)
            #expect(try map.index(ofKey: "key_") == nil)
            #expect(map.keys.byteWidth == 2 && map.values.byteWidth == 2)
        }
        try withVector("rootEmptyMap") { root in
            let map = try root.asMap()
            #expect(map.count == 0)
            #expect(try map.value(forKey: "anything") == nil)
        }
    }

    @Test func typedAccessorsConvertAndCheckRanges() throws {
        try withVector("mixedMap") { root in
            let map = try root.asMap()
            #expect(try map.require("int").asInt32() == -5)
            #expect(try map.require("int").asDouble() == -5)
            #expect(try map.require("int").asBool())
            #expect(throws: FlexBufferError.self) { try map.require("int").asUInt64() }
            #expect(try map.require("uint").asUInt32() == 200)
            #expect(try map.require("uint").asInt32() == 200)
            #expect(try map.require("float").asFloat() == 1.5)
            #expect(try map.require("double").asDouble() == 0.1)
            #expect(try map.require("double").asFloat() == Float(0.1))
            #expect(throws: FlexBufferError.self) { try map.require("double").asInt64() }
            #expect(try map.require("yes").asBool() && !(try map.require("no").asBool()))
            #expect(try map.require("yes").asInt32() == 1)
            #expect(try map.require("nothing").isNull)
            #expect(bytesOf(try map.require("name").asString()) == Array("hann window".utf8))
            #expect(bytesOf(try map.require("blob").asBlob()) == [0, 1, 2, 254, 255])
            #expect(throws: FlexBufferError.self) { try map.require("name").asInt64() }
            #expect(throws: FlexBufferError.self) { try map.require("name").asBlob() }
            #expect(throws: FlexBufferError.self) { try map.require("blob").asString() }
            #expect(throws: FlexBufferError.self) { try map.require("int").asMap() }
            #expect(throws: FlexBufferError.self) { try map.require("int").asVector() }
            let vector = try map.require("k").asVector()
            #expect(vector.count == 2 && vector.elementType == nil)
            #expect(bytesOf(try vector.element(at: 0).asKey()) == Array("a key value".utf8))
            #expect(bytesOf(try vector.element(at: 0).asString()) == Array("a key value".utf8))
            #expect(throws: FlexBufferError.indexOutOfRange(offset: vector.start)) { try vector.element(at: 2) }
            #expect(throws: FlexBufferError.indexOutOfRange(offset: vector.start)) { try vector.element(at: -1) }
        }
        try withVector("intsEveryWidth") { root in
            let vector = try root.asVector()
            #expect(try vector.element(at: 14).asInt64() == Int64.max)
            #expect(try vector.element(at: 15).asInt64() == Int64.min)
            #expect(try vector.element(at: 9).asInt32() == Int32.max)
            #expect(try vector.element(at: 10).asInt32() == Int32.min)
            let tooBig = try vector.element(at: 11)
            #expect(throws: FlexBufferError.outOfRange(offset: tooBig.position)) { try tooBig.asInt32() }
            #expect(try tooBig.asUInt32() == 1 << 31)
            #expect(throws: FlexBufferError.self) { try vector.element(at: 12).asUInt32() }
        }
        try withVector("rootUInt64") { (root: FlexValue) throws in
            #expect(try root.asUInt64() == UInt64.max)
            #expect(throws: FlexBufferError.outOfRange(offset: root.position)) { try root.asInt64() }
            #expect(try root.asDouble() == 18_446_744_073_709_551_615.0)
        }
        try withVector("typedVectors") { root in
            let map = try root.asMap()
            let ints = try map.require("i16").asVector()
            #expect(ints.elementType == .int && ints.count == 2 && ints.byteWidth == 2)
            #expect(try ints.element(at: 0).asInt32() == -300)
            let bools = try map.require("bools").asVector()
            #expect(bools.elementType == .bool && bools.count == 4)
            #expect(try bools.element(at: 1).asBool() == false)
            let floats = try map.require("f32").asVector()
            #expect(floats.elementType == .float && floats.byteWidth == 4)
            #expect(try floats.element(at: 1).asFloat() == -1.25)
            #expect(try map.require("empty_ints").asVector().count == 0)
            #expect(try map.require("strings").type == .vectorStringDeprecated)
            #expect(bytesOf(try map.require("strings").asVector().element(at: 1).asString()) == Array("style".utf8))
        }
        try withVector("fixedTypedVectors") { root in
            let outer = try root.asVector()
            let pair = try outer.element(at: 0)
            #expect(pair.type == .vectorInt2)
            #expect(try pair.asVector().count == 2)
            #expect(try pair.asVector().element(at: 1).asInt32() == -2)
            #expect(try outer.element(at: 4).asVector().byteWidth == 8)
        }
        // A map read as a vector gives its values in key order (how TFLM's signal operators index them).
        try withVector("lceBconv2dMap") { root in
            let values = try root.asVector()
            #expect(values.count == 8)
            #expect(try values.element(at: 0).asInt32() == 3, "channels_in sorts first")
            #expect(try root.asMap().require("stride_width").asInt32() == 2)
        }
    }

    // MARK: Hostile inputs

    @Test func everyTruncationEndsInATypedErrorOrAValue() throws {
        var errors = 0
        for vector in flexBufferVectors {
            let bytes = hexBytes(vector.hex)
            for length in 0..<bytes.count {
                for slice in [Array(bytes[0..<length]), Array(bytes[(bytes.count - length)...])] {
                    if FlexCanonical.exercise(slice) { errors += 1 }
                }
            }
        }
        #expect(errors > 0)
    }

    @Test func seededByteFlipsEndInATypedErrorOrAValue() throws {
        let seed = UInt64(ProcessInfoLite.environment("KINGLET_FLEX_SEED") ?? "") ?? 0x5EED_F1E7
        print("FlexBuffersTests.seededByteFlips: seed \(seed) (KINGLET_FLEX_SEED=\(seed) replays it)")
        var random = FlexRandom(seed: seed)
        var outcomes = (errors: 0, values: 0)
        for round in 0..<4_000 {
            let vector = flexBufferVectors[Int(random.next() % UInt64(flexBufferVectors.count))]
            var bytes = hexBytes(vector.hex)
            let flips = 1 + Int(random.next() % 3)
            for _ in 0..<flips {
                let index = Int(random.next() % UInt64(bytes.count))
                // Half the flips write a small or extreme value, half a random byte.
                let choices: [UInt8] = [0, 1, 2, 3, 0x7F, 0x80, 0xFF, UInt8(truncatingIfNeeded: random.next())]
                bytes[index] = choices[Int(random.next() % UInt64(choices.count))]
            }
            let failed = FlexCanonical.exercise(bytes)
            if failed { outcomes.errors += 1 } else { outcomes.values += 1 }
            _ = round
        }
        print("FlexBuffersTests.seededByteFlips: \(outcomes.errors) typed errors, \(outcomes.values) values")
        #expect(outcomes.errors > 500 && outcomes.values > 100)
    }

    /// `a=1, b=2` by hand: keys "b" at 0 and "a" at 2; keys vector at 5 (size at 4); the map's keys
    /// offset at 7, keys width at 8, size at 9, values at 10-11, types at 12-13; root at 14-16.
    static let smallMap: [UInt8] = [
        0x62, 0x00, 0x61, 0x00, 0x02, 0x03, 0x06, 0x02, 0x01, 0x02, 0x01, 0x02, 0x04, 0x04, 0x04, 0x24, 0x01,
    ]

    static func smallMap(_ edits: [(Int, UInt8)]) -> [UInt8] {
        var bytes = smallMap
        for (index, value) in edits { bytes[index] = value }
        return bytes
    }

    @Test func handMadeMapReads() throws {
        let map = try withRegion(Self.smallMap) { try FlexCanonical.render(try FlexBuffer.verify($0)) }
        #expect(map == "MAP{a=INT:1,b=INT:2}")
    }

    @Test(
        arguments: [
            // The root's width byte is not 1, 2, 4 or 8.
            (smallMap([(16, 3)]), FlexBufferError.badWidth(offset: 16)),
            (smallMap([(16, 0)]), .badWidth(offset: 16)),
            (smallMap([(16, 16)]), .badWidth(offset: 16)),
            // The root's offset points before the buffer, or at its own slot (a map of 4 values there).
            (smallMap([(14, 0x20)]), .outOfBounds(offset: 14)),
            (smallMap([(14, 0)]), .outOfBounds(offset: 14)),
            // A type FlexBuffers does not define (27), for the root and for a value.
            (smallMap([(15, 27 << 2)]), .badType(offset: 15)),
            (smallMap([(12, 63 << 2)]), .badType(offset: 12)),
            // The keys vector's width is 3; its count differs from the values'; keys out of order.
            (smallMap([(8, 3)]), .badWidth(offset: 8)),
            (smallMap([(4, 3)]), .badMap(offset: 10)),
            (smallMap([(5, 5), (6, 4)]), .unsortedKeys(offset: 6)),
            // No NUL anywhere: the first key runs off the end.
            (smallMap([(1, 0x63), (3, 0x64)]), .badKey(offset: 2)),
            // A float one byte wide.
            (smallMap([(12, 0x0C)]), .badWidth(offset: 10)),
            // A count larger than the buffer; 4 values that do not fit; a keys offset past the start.
            (smallMap([(9, 0xFF)]), .outOfBounds(offset: 9)),
            (smallMap([(9, 0x04)]), .outOfBounds(offset: 10)),
            (smallMap([(7, 0x40)]), .outOfBounds(offset: 7)),
            // Too short to hold a root.
            ([], .outOfBounds(offset: 0)),
            ([0x01, 0x01], .outOfBounds(offset: 0)),
            ([0x00, 0x04, 0x08], .outOfBounds(offset: 0)),
            // A string whose size runs past the end: [size]["ab\0"] root → 1, STRING.
            ([0x07, 0x61, 0x62, 0x00, 0x03, 0x14, 0x01], .outOfBounds(offset: 1)),
            ([0x10, 0x61, 0x62, 0x00, 0x03, 0x14, 0x01], .outOfBounds(offset: 0)),
            // A vector whose second element is the vector itself: a cycle.
            ([0x02, 0x07, 0x01, 0x04, 0x28, 0x04, 0x28, 0x01], .depthLimit(offset: 1)),
        ] as [([UInt8], FlexBufferError)])
    func craftedDefectIsATypedError(bytes: [UInt8], expected: FlexBufferError) throws {
        #expect(throws: expected) { try withRegion(bytes) { _ = try FlexBuffer.verify($0) } }
        _ = FlexCanonical.exercise(bytes)
    }

    @Test func aGraphOfSharedVectorsHitsTheValueBudget() throws {
        // Level 0: a typed int vector [1]. Each next level: an untyped vector of two elements, both
        // pointing at the level before: 2^25 paths, in 130 bytes.
        var bytes: [UInt8] = [0x01, 0x05]  // size 1, value 5
        var previous = 1
        for _ in 0..<25 {
            let size = bytes.count
            let start = size + 1
            let previousType: UInt8 = previous == 1 ? 11 << 2 : 10 << 2  // VECTOR_INT or VECTOR, width 1
            bytes += [0x02, UInt8(start - previous), UInt8(start + 1 - previous), previousType, previousType]
            previous = start
        }
        let rootSlot = bytes.count
        bytes += [UInt8(rootSlot - previous), 10 << 2, 0x01]
        let error = #expect(throws: FlexBufferError.self) { try withRegion(bytes) { _ = try FlexBuffer.verify($0) } }
        if case .valueLimit = error {} else { Issue.record("expected valueLimit, got \(String(describing: error))") }
        // A tighter depth limit stops it first.
        let shallow = #expect(throws: FlexBufferError.self) {
            try withRegion(bytes) {
                _ = try FlexBuffer.verify($0, limits: FlexBufferLimits(maxDepth: 4, maxValues: 1000))
            }
        }
        if case .depthLimit = shallow {
        } else {
            Issue.record("expected depthLimit, got \(String(describing: shallow))")
        }
    }

    @Test func errorsCarryTheirOffset() {
        #expect(FlexBufferError.badWidth(offset: 16).offset == 16)
        #expect(FlexBufferError.unsortedKeys(offset: 6).offset == 6)
        #expect(FlexBufferError.missingKey.offset == nil)
    }

    // MARK: Helpers

    func withVector(_ name: String, _ body: (FlexValue) throws -> Void) throws {
        guard let vector = flexBufferVectors.first(where: { $0.name == name }) else {
            Issue.record("no vector \(name)")
            return
        }
        try withRegion(hexBytes(vector.hex)) { try body(try FlexBuffer.verify($0)) }
    }
}

func withRegion<R>(_ bytes: [UInt8], _ body: (ByteRegion) throws -> R) rethrows -> R {
    try bytes.withUnsafeBytes { try body(ByteRegion($0)) }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var digits = hex.utf8.makeIterator()
    while let high = digits.next(), let low = digits.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return bytes
}

func bytesOf(_ region: ByteRegion) -> [UInt8] {
    (0..<region.count).map { region[$0] }
}

enum ProcessInfoLite {
    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

/// SplitMix64, for the byte flips.
struct FlexRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The canonical text of a value (as tools/vectors/flexbuffer_vectors.py prints the reference
/// reader's), and a walk that calls every accessor on every value.
enum FlexCanonical {
    static func render(_ value: FlexValue) throws -> String {
        let name = typeName(value.type)
        switch value.type {
        case .null: return "NULL"
        case .int, .indirectInt: return "\(name):\(try value.asInt64())"
        case .uint, .indirectUInt: return "\(name):\(try value.asUInt64())"
        case .bool: return "BOOL:\(try value.asBool())"
        case .float, .indirectFloat:
            let bits = String(try value.asDouble().bitPattern, radix: 16)
            return "\(name):" + String(repeating: "0", count: 16 - bits.count) + bits
        case .key: return "KEY:" + text(try value.asKey())
        case .string: return "STRING:" + text(try value.asString())
        case .blob:
            return "BLOB:"
                + bytesOf(try value.asBlob()).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
                .joined()
        case .map:
            let map = try value.asMap()
            var items: [String] = []
            for index in 0..<map.count {
                let key = try map.key(at: index)
                // Every key finds its own index, or the first of equal keys (byte flips make some).
                let found = try bytesOf(key).withUnsafeBytes { try map.index(ofKey: $0) }
                if let found, found != index {
                    let first = bytesOf(try map.key(at: found))
                    #expect(found < index && first == bytesOf(key), "key \(text(key))")
                } else {
                    #expect(found == index, "key \(text(key))")
                }
                items.append(text(key) + "=" + (try render(try map.value(at: index))))
            }
            return "MAP{" + items.joined(separator: ",") + "}"
        default:
            let vector = try value.asVector()
            var items: [String] = []
            for index in 0..<vector.count { items.append(try render(try vector.element(at: index))) }
            return name + "[" + items.joined(separator: ",") + "]"
        }
    }

    static func text(_ region: ByteRegion) -> String { String(decoding: bytesOf(region), as: UTF8.self) }

    static func typeName(_ type: FlexBufferType) -> String {
        switch type {
        case .null: return "NULL"
        case .int: return "INT"
        case .uint: return "UINT"
        case .float: return "FLOAT"
        case .key: return "KEY"
        case .string: return "STRING"
        case .indirectInt: return "INDIRECT_INT"
        case .indirectUInt: return "INDIRECT_UINT"
        case .indirectFloat: return "INDIRECT_FLOAT"
        case .map: return "MAP"
        case .vector: return "VECTOR"
        case .vectorInt: return "VECTOR_INT"
        case .vectorUInt: return "VECTOR_UINT"
        case .vectorFloat: return "VECTOR_FLOAT"
        case .vectorKey: return "VECTOR_KEY"
        case .vectorStringDeprecated: return "VECTOR_STRING_DEPRECATED"
        case .vectorInt2: return "VECTOR_INT2"
        case .vectorUInt2: return "VECTOR_UINT2"
        case .vectorFloat2: return "VECTOR_FLOAT2"
        case .vectorInt3: return "VECTOR_INT3"
        case .vectorUInt3: return "VECTOR_UINT3"
        case .vectorFloat3: return "VECTOR_FLOAT3"
        case .vectorInt4: return "VECTOR_INT4"
        case .vectorUInt4: return "VECTOR_UINT4"
        case .vectorFloat4: return "VECTOR_FLOAT4"
        case .blob: return "BLOB"
        case .bool: return "BOOL"
        case .vectorBool: return "VECTOR_BOOL"
        }
    }

    /// Verifies `bytes` and, whatever the outcome, calls every accessor on every value reachable
    /// (to a depth of 40 and 4096 values), unverified. Returns whether verification threw. A trap is
    /// the failure this catches; an error thrown that is not a FlexBufferError is one too.
    static func exercise(_ bytes: [UInt8]) -> Bool {
        withRegion(bytes) { region in
            var failed = false
            do throws(FlexBufferError) {
                let root = try FlexBuffer.verify(region)
                // What verifies renders without an error.
                _ = try? render(root)
                #expect((try? render(root)) != nil, "a verified buffer renders")
            } catch {
                failed = true
                if let offset = error.offset { #expect(offset >= 0 && offset <= bytes.count) }
            }
            if let root = try? FlexBuffer.root(region) {
                var budget = 4096
                walk(root, depth: 0, budget: &budget)
            }
            return failed
        }
    }

    static func walk(_ value: FlexValue, depth: Int, budget: inout Int) {
        budget -= 1
        guard depth < 40, budget > 0 else { return }
        _ = try? value.asInt64()
        _ = try? value.asInt32()
        _ = try? value.asUInt64()
        _ = try? value.asUInt32()
        _ = try? value.asDouble()
        _ = try? value.asFloat()
        _ = try? value.asBool()
        _ = try? value.asKey()
        _ = try? value.asString()
        _ = try? value.asBlob()
        if let map = try? value.asMap() {
            _ = try? map.index(ofKey: "a")
            _ = try? map.value(forKey: "key_150")
            for index in 0..<min(map.count, 64) {
                _ = try? map.key(at: index)
                if let child = try? map.value(at: index) { walk(child, depth: depth + 1, budget: &budget) }
            }
        }
        if let vector = try? value.asVector() {
            for index in 0..<min(vector.count, 64) {
                if let child = try? vector.element(at: index) { walk(child, depth: depth + 1, budget: &budget) }
            }
        }
    }
}

// MARK: - Vectors

// Output of tools/vectors/flexbuffer_vectors.py (see the top of this file): name, bytes, value.
let flexBufferVectors: [(name: String, hex: String, expected: String)] = [
    // tools/vectors/flexbuffer_vectors.py with pip flatbuffers 25.12.19
    (
        "lceBconv2dMap",
        "70616464696e67007374726964655f7769647468007374726964655f686569676874006368616e6e656c735f696e0064696c6174696f6e5f6865696768745f666163746f720064696c6174696f6e5f77696474685f666163746f720066757365645f61637469766174696f6e5f66756e6374696f6e007061645f76616c75657300085f543e291087738108010803010100010002020404040404040404102401",
        "MAP{channels_in=INT:3,dilation_height_factor=INT:1,dilation_width_factor=INT:1,fused_activation_function=INT:0,pad_values=INT:1,padding=INT:0,stride_height=INT:2,stride_width=INT:2}"
    ),
    (
        "twoByteMap", "6368616e6e656c735f696e0070616464696e670002150a00030001000200000101000505062501",
        "MAP{channels_in=INT:256,padding=INT:1}"
    ),
    (
        "mixedMap",
        "696e740075696e7400666c6f617400646f75626c6500796573006e6f006e616d65000b68616e6e2077696e646f7700626c6f620005000102feff6e6f7468696e67006b0061206b65792076616c756500020d0110040a27484f59183e42235a490a0000000000000001000000000000000a0000000000000043000000000000009a9999999999b93f000000000000f83ffbffffffffffffff47000000000000007d0000000000000000000000000000000000000000000000c8000000000000000100000000000000640f0f0728146b030b6b5a2701",
        "MAP{blob=BLOB:000102feff,double=FLOAT:3fb999999999999a,float=FLOAT:3ff8000000000000,int=INT:-5,k=VECTOR[KEY:a key value,INT:1],name=STRING:hann window,no=BOOL:false,nothing=NULL,uint=UINT:200,yes=BOOL:true}"
    ),
    (
        "intsEveryWidth",
        "10000000000000000000000000000000ffffffffffffffff7f0000000000000080ffffffffffffff80000000000000007fffffffffffffffff7f0000000000000080ffffffffffff0080000000000000ffffff7f0000000000000080ffffffff000000800000000000000000000100000000000000ffffffffffffffffffff7f000000000000008007070707070707070707070707070707902b01",
        "VECTOR[INT:0,INT:-1,INT:127,INT:-128,INT:128,INT:-129,INT:32767,INT:-32768,INT:32768,INT:2147483647,INT:-2147483648,INT:2147483648,INT:1099511627776,INT:-1099511627776,INT:9223372036854775807,INT:-9223372036854775808]"
    ),
    (
        "uintsEveryWidth",
        "09000000000000000000000000000000ff000000000000000001000000000000ffff0000000000000000010000000000ffffffff0000000000000000010000000000000000000080ffffffffffffffff0b0b0b0b0b0b0b0b0b512b01",
        "VECTOR[UINT:0,UINT:255,UINT:256,UINT:65535,UINT:65536,UINT:4294967295,UINT:4294967296,UINT:9223372036854775808,UINT:18446744073709551615]"
    ),
    (
        "floatsAndDoubles",
        "0a0000000000000000000000000000000000000000000080000000000000f83f00000000000002c09a9999999999b93f000000000000f07f000000000000f0ff000000e0ffffef479c7500883ce4377e59f3f8c21f6ea5810f0f0f0f0f0f0f0f0f0f5a2b01",
        "VECTOR[FLOAT:0000000000000000,FLOAT:8000000000000000,FLOAT:3ff8000000000000,FLOAT:c002000000000000,FLOAT:3fb999999999999a,FLOAT:7ff0000000000000,FLOAT:fff0000000000000,FLOAT:47efffffe0000000,FLOAT:7e37e43c8800759c,FLOAT:81a56e1fc2f8f359]"
    ),
    (
        "mapOfOneByte", "6100620063000307060503010301ff01040468062401",
        "MAP{a=INT:1,b=INT:-1,c=BOOL:true}"
    ),
    (
        "mapOfTwoBytes", "61006200630003070605030001000300e80318fc0100050569092501",
        "MAP{a=INT:1000,b=INT:-1000,c=BOOL:true}"
    ),
    (
        "mapOfFourBytes", "610062006300030706050000050000000100000003000000a08601006079feff0100000006066a0f2601",
        "MAP{a=INT:100000,b=INT:-100000,c=BOOL:true}"
    ),
    (
        "mapOfEightBytes",
        "6100620063000307060500000000000009000000000000000100000000000000030000000000000000000000000100000000000000ffffff010000000000000007076b1b2701",
        "MAP{a=INT:1099511627776,b=INT:-1099511627776,c=BOOL:true}"
    ),
    (
        "forcedEightBytes",
        "690075006600620073000178007600000300000000000000010000000000000002000000000000000300000000000000060000000000000032000000000000003c00000000000000480000000000000048000000000000005600000000000000530000000000000030000000000000000800000000000000060000000000000001000000000000000000000000000440fdffffffffffffff8d00000000000000030000000000000090000000000000006b0f07140b2f362701",
        "MAP{b=BOOL:true,f=FLOAT:4004000000000000,i=INT:-3,s=STRING:x,u=UINT:3,v=VECTOR_INT[INT:1,INT:2,INT:3]}"
    ),
    (
        "nested",
        "6c617965727300696e646578006b696e640004636f6e760073686170650068007700020504020102080804040326211703010300210d041424696e646578006b696e640004706f6f6c00680002032e02010204040404031e194103010301190d0414240564656e736500680077000205040201020202040403726d63030103021c0d04142403532a09242424656d7074795f6d61700000000100656d7074795f766563746f7200006465657000012a04010328010328040f2c1fba0401040a25183b28242828082401",
        "MAP{deep=VECTOR[VECTOR[VECTOR[INT:42]]],empty_map=MAP{},empty_vector=VECTOR[],layers=VECTOR[MAP{index=INT:0,kind=STRING:conv,shape=MAP{h=INT:8,w=INT:8}},MAP{index=INT:1,kind=STRING:pool,shape=MAP{h=INT:4,w=INT:4}},MAP{index=INT:2,kind=STRING:dense,shape=MAP{h=INT:2,w=INT:2}}]}"
    ),
    (
        "typedVectors",
        "69380003ff02fd69313600000200d4fe2c016933320000000300000090eefeff7011010000000000693634000000000002000000000000000000000000ffffff00000000000100007538000200ff753136000100ffff75333200000002000000ffffffff0100000075363400000000000100000000000000ffffffffffffffff66333200020000000000003f0000a0bf663634000000000002000000000000009a9999999999b93fbbbdd7d9df7cdb3d696e7473000305fa07626f6f6c730004010001016b65797300616c706861006265746100020c07737472696e677300036f6c6400057374796c6500020c08656d7074795f696e747300000000000000000f0049001600860078000301fa00e6001001620050003f00ca00c400b400d6001e0002000f0066002800a2008c0020011401fa003001800063004e00e800de00c800f600902e36372d2e2f2c2c383c313233302d2501",
        "MAP{bools=VECTOR_BOOL[BOOL:true,BOOL:false,BOOL:true,BOOL:true],empty_ints=VECTOR_INT[],f32=VECTOR_FLOAT[FLOAT:3fe0000000000000,FLOAT:bff4000000000000],f64=VECTOR_FLOAT[FLOAT:3fb999999999999a,FLOAT:3ddb7cdfd9d7bdbb],i16=VECTOR_INT[INT:-300,INT:300],i32=VECTOR_INT[INT:-70000,INT:70000,INT:0],i64=VECTOR_INT[INT:-1099511627776,INT:1099511627776],i8=VECTOR_INT[INT:-1,INT:2,INT:-3],ints=VECTOR_INT[INT:5,INT:-6,INT:7],keys=VECTOR_KEY[KEY:alpha,KEY:beta],strings=VECTOR_STRING_DEPRECATED[KEY:old,KEY:style],u16=VECTOR_UINT[UINT:65535],u32=VECTOR_UINT[UINT:4294967295,UINT:1],u64=VECTOR_UINT[UINT:18446744073709551615],u8=VECTOR_UINT[UINT:0,UINT:255]}"
    ),
    (
        "fixedTypedVectors",
        "01fe0102030000000000c03f0000204000006040000090409a9999999999b93f9a9999999999c93f0100000000000000020000000000000003000000000000000400000000000000ffffffffffffffff00000000000100000300000000000000000000000000f03f000000000000004000000000000008400700080009000a000881807b6c5d3e27104050624b5f4f5759102801",
        "VECTOR[VECTOR_INT2[INT:1,INT:-2],VECTOR_UINT3[UINT:1,UINT:2,UINT:3],VECTOR_FLOAT4[FLOAT:3ff8000000000000,FLOAT:4004000000000000,FLOAT:400c000000000000,FLOAT:4012000000000000],VECTOR_FLOAT2[FLOAT:3fb999999999999a,FLOAT:3fc999999999999a],VECTOR_UINT4[UINT:1,UINT:2,UINT:3,UINT:4],VECTOR_INT3[INT:-1,INT:1099511627776,INT:3],VECTOR_FLOAT3[FLOAT:3ff0000000000000,FLOAT:4000000000000000,FLOAT:4008000000000000],VECTOR_INT4[INT:7,INT:8,INT:9,INT:10]]"
    ),
    (
        "indirectScalars",
        "696900fb6969363400000000000000000000000000ffffff6975000000000000000000000001000069753800096966009a9999999999b93f69663332000000000000003f736d616c6c00071e144d4a37280d07010725165448392e012322181b1f1c040e2401",
        "MAP{if=INDIRECT_FLOAT:3fb999999999999a,if32=INDIRECT_FLOAT:3fe0000000000000,ii=INDIRECT_INT:-5,ii64=INDIRECT_INT:-1099511627776,iu=INDIRECT_UINT:1099511627776,iu8=INDIRECT_UINT:9,small=INT:1}"
    ),
    (
        "threeHundredKeys",
        "6b65795f303030006b65795f303031006b65795f303032006b65795f303033006b65795f303034006b65795f303035006b65795f303036006b65795f303037006b65795f303038006b65795f303039006b65795f303130006b65795f303131006b65795f303132006b65795f303133006b65795f303134006b65795f303135006b65795f303136006b65795f303137006b65795f303138006b65795f303139006b65795f303230006b65795f303231006b65795f303232006b65795f303233006b65795f303234006b65795f303235006b65795f303236006b65795f303237006b65795f303238006b65795f303239006b65795f303330006b65795f303331006b65795f303332006b65795f303333006b65795f303334006b65795f303335006b65795f303336006b65795f303337006b65795f303338006b65795f303339006b65795f303430006b65795f303431006b65795f303432006b65795f303433006b65795f303434006b65795f303435006b65795f303436006b65795f303437006b65795f303438006b65795f303439006b65795f303530006b65795f303531006b65795f303532006b65795f303533006b65795f303534006b65795f303535006b65795f303536006b65795f303537006b65795f303538006b65795f303539006b65795f303630006b65795f303631006b65795f303632006b65795f303633006b65795f303634006b65795f303635006b65795f303636006b65795f303637006b65795f303638006b65795f303639006b65795f303730006b65795f303731006b65795f303732006b65795f303733006b65795f303734006b65795f303735006b65795f303736006b65795f303737006b65795f303738006b65795f303739006b65795f303830006b65795f303831006b65795f303832006b65795f303833006b65795f303834006b65795f303835006b65795f303836006b65795f303837006b65795f303838006b65795f303839006b65795f303930006b65795f303931006b65795f303932006b65795f303933006b65795f303934006b65795f303935006b65795f303936006b65795f303937006b65795f303938006b65795f303939006b65795f313030006b65795f313031006b65795f313032006b65795f313033006b65795f313034006b65795f313035006b65795f313036006b65795f313037006b65795f313038006b65795f313039006b65795f313130006b65795f313131006b65795f313132006b65795f313133006b65795f313134006b65795f313135006b65795f313136006b65795f313137006b65795f313138006b65795f313139006b65795f313230006b65795f313231006b65795f313232006b65795f313233006b65795f313234006b65795f313235006b65795f313236006b65795f313237006b65795f313238006b65795f313239006b65795f313330006b65795f313331006b65795f313332006b65795f313333006b65795f313334006b65795f313335006b65795f313336006b65795f313337006b65795f313338006b65795f313339006b65795f313430006b65795f313431006b65795f313432006b65795f313433006b65795f313434006b65795f313435006b65795f313436006b65795f313437006b65795f313438006b65795f313439006b65795f313530006b65795f313531006b65795f313532006b65795f313533006b65795f313534006b65795f313535006b65795f313536006b65795f313537006b65795f313538006b65795f313539006b65795f313630006b65795f313631006b65795f313632006b65795f313633006b65795f313634006b65795f313635006b65795f313636006b65795f313637006b65795f313638006b65795f313639006b65795f313730006b65795f313731006b65795f313732006b65795f313733006b65795f313734006b65795f313735006b65795f313736006b65795f313737006b65795f313738006b65795f313739006b65795f313830006b65795f313831006b65795f313832006b65795f313833006b65795f313834006b65795f313835006b65795f313836006b65795f313837006b65795f313838006b65795f313839006b65795f313930006b65795f313931006b65795f313932006b65795f313933006b65795f313934006b65795f313935006b65795f313936006b65795f313937006b65795f313938006b65795f313939006b65795f323030006b65795f323031006b65795f323032006b65795f323033006b65795f323034006b65795f323035006b65795f323036006b65795f323037006b65795f323038006b65795f323039006b65795f323130006b65795f323131006b65795f323132006b65795f323133006b65795f323134006b65795f323135006b65795f323136006b65795f323137006b65795f323138006b65795f323139006b65795f323230006b65795f323231006b65795f323232006b65795f323233006b65795f323234006b65795f323235006b65795f323236006b65795f323237006b65795f323238006b65795f323239006b65795f323330006b65795f323331006b65795f323332006b65795f323333006b65795f323334006b65795f323335006b65795f323336006b65795f323337006b65795f323338006b65795f323339006b65795f323430006b65795f323431006b65795f323432006b65795f323433006b65795f323434006b65795f323435006b65795f323436006b65795f323437006b65795f323438006b65795f323439006b65795f323530006b65795f323531006b65795f323532006b65795f323533006b65795f323534006b65795f323535006b65795f323536006b65795f323537006b65795f323538006b65795f323539006b65795f323630006b65795f323631006b65795f323632006b65795f323633006b65795f323634006b65795f323635006b65795f323636006b65795f323637006b65795f323638006b65795f323639006b65795f323730006b65795f323731006b65795f323732006b65795f323733006b65795f323734006b65795f323735006b65795f323736006b65795f323737006b65795f323738006b65795f323739006b65795f323830006b65795f323831006b65795f323832006b65795f323833006b65795f323834006b65795f323835006b65795f323836006b65795f323837006b65795f323838006b65795f323839006b65795f323930006b65795f323931006b65795f323932006b65795f323933006b65795f323934006b65795f323935006b65795f323936006b65795f323937006b65795f323938006b65795f323939002c0162095c09560950094a0944093e09380932092c09260920091a0914090e0908090209fc08f608f008ea08e408de08d808d208cc08c608c008ba08b408ae08a808a2089c08960890088a0884087e08780872086c08660860085a0854084e08480842083c08360830082a0824081e08180812080c0806080008fa07f407ee07e807e207dc07d607d007ca07c407be07b807b207ac07a607a0079a0794078e07880782077c07760770076a0764075e07580752074c07460740073a0734072e07280722071c07160710070a070407fe06f806f206ec06e606e006da06d406ce06c806c206bc06b606b006aa06a4069e06980692068c06860680067a0674066e06680662065c06560650064a0644063e06380632062c06260620061a0614060e0608060206fc05f605f005ea05e405de05d805d205cc05c605c005ba05b405ae05a805a2059c05960590058a0584057e05780572056c05660560055a0554054e05480542053c05360530052a0524051e05180512050c0506050005fa04f404ee04e804e204dc04d604d004ca04c404be04b804b204ac04a604a0049a0494048e04880482047c04760470046a0464045e04580452044c04460440043a0434042e04280422041c04160410040a040404fe03f803f203ec03e603e003da03d403ce03c803c203bc03b603b003aa03a4039e03980392038c03860380037a0374036e03680362035c03560350034a0344033e03380332032c03260320031a0314030e0308030203fc02f602f002ea02e402de02d802d202cc02c602c002ba02b402ae02a802a2029c02960290028a0284027e02780272026c0266026002580202002c0118fc1ffc26fc2dfc34fc3bfc42fc49fc50fc57fc5efc65fc6cfc73fc7afc81fc88fc8ffc96fc9dfca4fcabfcb2fcb9fcc0fcc7fccefcd5fcdcfce3fceafcf1fcf8fcfffc06fd0dfd14fd1bfd22fd29fd30fd37fd3efd45fd4cfd53fd5afd61fd68fd6ffd76fd7dfd84fd8bfd92fd99fda0fda7fdaefdb5fdbcfdc3fdcafdd1fdd8fddffde6fdedfdf4fdfbfd02fe09fe10fe17fe1efe25fe2cfe33fe3afe41fe48fe4ffe56fe5dfe64fe6bfe72fe79fe80fe87fe8efe95fe9cfea3feaafeb1feb8febffec6fecdfed4fedbfee2fee9fef0fef7fefefe05ff0cff13ff1aff21ff28ff2fff36ff3dff44ff4bff52ff59ff60ff67ff6eff75ff7cff83ff8aff91ff98ff9fffa6ffadffb4ffbbffc2ffc9ffd0ffd7ffdeffe5ffecfff3fffaff010008000f0016001d0024002b0032003900400047004e0055005c0063006a00710078007f0086008d0094009b00a200a900b000b700be00c500cc00d300da00e100e800ef00f600fd0004010b0112011901200127012e0135013c0143014a01510158015f0166016d0174017b0182018901900197019e01a501ac01b301ba01c101c801cf01d601dd01e401eb01f201f901000207020e0215021c0223022a02310238023f0246024d0254025b0262026902700277027e0285028c0293029a02a102a802af02b602bd02c402cb02d202d902e002e702ee02f502fc0203030a03110318031f0326032d0334033b0342034903500357035e0365036c0373037a03810388038f0396039d03a403ab03b203b903c003c703ce03d503dc03e303ea03f103f803ff0306040d0414041b0422042904300437043e04450405050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050584032502",
        "MAP{key_000=INT:-1000,key_001=INT:-993,key_002=INT:-986,key_003=INT:-979,key_004=INT:-972,key_005=INT:-965,key_006=INT:-958,key_007=INT:-951,key_008=INT:-944,key_009=INT:-937,key_010=INT:-930,key_011=INT:-923,key_012=INT:-916,key_013=INT:-909,key_014=INT:-902,key_015=INT:-895,key_016=INT:-888,key_017=INT:-881,key_018=INT:-874,key_019=INT:-867,key_020=INT:-860,key_021=INT:-853,key_022=INT:-846,key_023=INT:-839,key_024=INT:-832,key_025=INT:-825,key_026=INT:-818,key_027=INT:-811,key_028=INT:-804,key_029=INT:-797,key_030=INT:-790,key_031=INT:-783,key_032=INT:-776,key_033=INT:-769,key_034=INT:-762,key_035=INT:-755,key_036=INT:-748,key_037=INT:-741,key_038=INT:-734,key_039=INT:-727,key_040=INT:-720,key_041=INT:-713,key_042=INT:-706,key_043=INT:-699,key_044=INT:-692,key_045=INT:-685,key_046=INT:-678,key_047=INT:-671,key_048=INT:-664,key_049=INT:-657,key_050=INT:-650,key_051=INT:-643,key_052=INT:-636,key_053=INT:-629,key_054=INT:-622,key_055=INT:-615,key_056=INT:-608,key_057=INT:-601,key_058=INT:-594,key_059=INT:-587,key_060=INT:-580,key_061=INT:-573,key_062=INT:-566,key_063=INT:-559,key_064=INT:-552,key_065=INT:-545,key_066=INT:-538,key_067=INT:-531,key_068=INT:-524,key_069=INT:-517,key_070=INT:-510,key_071=INT:-503,key_072=INT:-496,key_073=INT:-489,key_074=INT:-482,key_075=INT:-475,key_076=INT:-468,key_077=INT:-461,key_078=INT:-454,key_079=INT:-447,key_080=INT:-440,key_081=INT:-433,key_082=INT:-426,key_083=INT:-419,key_084=INT:-412,key_085=INT:-405,key_086=INT:-398,key_087=INT:-391,key_088=INT:-384,key_089=INT:-377,key_090=INT:-370,key_091=INT:-363,key_092=INT:-356,key_093=INT:-349,key_094=INT:-342,key_095=INT:-335,key_096=INT:-328,key_097=INT:-321,key_098=INT:-314,key_099=INT:-307,key_100=INT:-300,key_101=INT:-293,key_102=INT:-286,key_103=INT:-279,key_104=INT:-272,key_105=INT:-265,key_106=INT:-258,key_107=INT:-251,key_108=INT:-244,key_109=INT:-237,key_110=INT:-230,key_111=INT:-223,key_112=INT:-216,key_113=INT:-209,key_114=INT:-202,key_115=INT:-195,key_116=INT:-188,key_117=INT:-181,key_118=INT:-174,key_119=INT:-167,key_120=INT:-160,key_121=INT:-153,key_122=INT:-146,key_123=INT:-139,key_124=INT:-132,key_125=INT:-125,key_126=INT:-118,key_127=INT:-111,key_128=INT:-104,key_129=INT:-97,key_130=INT:-90,key_131=INT:-83,key_132=INT:-76,key_133=INT:-69,key_134=INT:-62,key_135=INT:-55,key_136=INT:-48,key_137=INT:-41,key_138=INT:-34,key_139=INT:-27,key_140=INT:-20,key_141=INT:-13,key_142=INT:-6,key_143=INT:1,key_144=INT:8,key_145=INT:15,key_146=INT:22,key_147=INT:29,key_148=INT:36,key_149=INT:43,key_150=INT:50,key_151=INT:57,key_152=INT:64,key_153=INT:71,key_154=INT:78,key_155=INT:85,key_156=INT:92,key_157=INT:99,key_158=INT:106,key_159=INT:113,key_160=INT:120,key_161=INT:127,key_162=INT:134,key_163=INT:141,key_164=INT:148,key_165=INT:155,key_166=INT:162,key_167=INT:169,key_168=INT:176,key_169=INT:183,key_170=INT:190,key_171=INT:197,key_172=INT:204,key_173=INT:211,key_174=INT:218,key_175=INT:225,key_176=INT:232,key_177=INT:239,key_178=INT:246,key_179=INT:253,key_180=INT:260,key_181=INT:267,key_182=INT:274,key_183=INT:281,key_184=INT:288,key_185=INT:295,key_186=INT:302,key_187=INT:309,key_188=INT:316,key_189=INT:323,key_190=INT:330,key_191=INT:337,key_192=INT:344,key_193=INT:351,key_194=INT:358,key_195=INT:365,key_196=INT:372,key_197=INT:379,key_198=INT:386,key_199=INT:393,key_200=INT:400,key_201=INT:407,key_202=INT:414,key_203=INT:421,key_204=INT:428,key_205=INT:435,key_206=INT:442,key_207=INT:449,key_208=INT:456,key_209=INT:463,key_210=INT:470,key_211=INT:477,key_212=INT:484,key_213=INT:491,key_214=INT:498,key_215=INT:505,key_216=INT:512,key_217=INT:519,key_218=INT:526,key_219=INT:533,key_220=INT:540,key_221=INT:547,key_222=INT:554,key_223=INT:561,key_224=INT:568,key_225=INT:575,key_226=INT:582,key_227=INT:589,key_228=INT:596,key_229=INT:603,key_230=INT:610,key_231=INT:617,key_232=INT:624,key_233=INT:631,key_234=INT:638,key_235=INT:645,key_236=INT:652,key_237=INT:659,key_238=INT:666,key_239=INT:673,key_240=INT:680,key_241=INT:687,key_242=INT:694,key_243=INT:701,key_244=INT:708,key_245=INT:715,key_246=INT:722,key_247=INT:729,key_248=INT:736,key_249=INT:743,key_250=INT:750,key_251=INT:757,key_252=INT:764,key_253=INT:771,key_254=INT:778,key_255=INT:785,key_256=INT:792,key_257=INT:799,key_258=INT:806,key_259=INT:813,key_260=INT:820,key_261=INT:827,key_262=INT:834,key_263=INT:841,key_264=INT:848,key_265=INT:855,key_266=INT:862,key_267=INT:869,key_268=INT:876,key_269=INT:883,key_270=INT:890,key_271=INT:897,key_272=INT:904,key_273=INT:911,key_274=INT:918,key_275=INT:925,key_276=INT:932,key_277=INT:939,key_278=INT:946,key_279=INT:953,key_280=INT:960,key_281=INT:967,key_282=INT:974,key_283=INT:981,key_284=INT:988,key_285=INT:995,key_286=INT:1002,key_287=INT:1009,key_288=INT:1016,key_289=INT:1023,key_290=INT:1030,key_291=INT:1037,key_292=INT:1044,key_293=INT:1051,key_294=INT:1058,key_295=INT:1065,key_296=INT:1072,key_297=INT:1079,key_298=INT:1086,key_299=INT:1093}"
    ),
    (
        "longStringAndBlob",
        "6c6f6e6700002c01787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878006269675f626c6f62000002000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff656d707479000000030015020c004e03060002000300160211005203651415092501",
        "MAP{big_blob=BLOB:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff,empty=STRING:,long=STRING:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}"
    ),
    (
        "mixedVector",
        "05746872656500780001030101010104020001f9020000000000c03f000020400a0000000000000001000000000000000000000000000440370000000000000000000000000000000000000000000000ffffffffffffffff4a000000000000004f0000000000000055000000000000005800000000000000070f146b030b246418365a2b01",
        "VECTOR[INT:1,FLOAT:4004000000000000,STRING:three,BOOL:false,NULL,UINT:18446744073709551615,MAP{x=INT:1},BLOB:0001,INDIRECT_INT:-7,VECTOR_FLOAT[FLOAT:3ff8000000000000,FLOAT:4004000000000000]]"
    ),
    (
        "sharedKeysAndStrings",
        "7368617265645f6b6579006c6162656c000473616d6500020d190201020b0014040217230201021501140402212d0201021f02140403191007242424062801",
        "VECTOR[MAP{label=STRING:same,shared_key=INT:0},MAP{label=STRING:same,shared_key=INT:1},MAP{label=STRING:same,shared_key=INT:2}]"
    ),
    (
        "keyByteOrder",
        "6666745f6c656e67746800540061006162006162630042005f00615f62005a3900090c18060d190d19172a000a00010009000400070008000500010006000200030000020505050505050505051b2501",
        "MAP{B=INT:4,T=INT:7,Z9=INT:8,_=INT:5,a=INT:1,a_b=INT:6,ab=INT:2,abc=INT:3,fft_length=INT:512}"
    ),
    (
        "rootInt", "c01dfeff0604",
        "INT:-123456"
    ),
    (
        "rootUInt64", "ffffffffffffffff0b08",
        "UINT:18446744073709551615"
    ),
    (
        "rootDouble", "9a9999999999b9bf0f08",
        "FLOAT:bfb999999999999a"
    ),
    (
        "rootFloat", "0000803e0e04",
        "FLOAT:3fd0000000000000"
    ),
    (
        "rootBoolTrue", "016801",
        "BOOL:true"
    ),
    (
        "rootNull", "000001",
        "NULL"
    ),
    (
        "rootString", "0b726f6f7420737472696e67000c1401",
        "STRING:root string"
    ),
    (
        "rootBlob", "03102030036401",
        "BLOB:102030"
    ),
    (
        "rootEmptyMap", "00000100002401",
        "MAP{}"
    ),
    (
        "rootTypedInts", "03006400c8002c01062d01",
        "VECTOR_INT[INT:100,INT:200,INT:300]"
    ),
    (
        "rootIndirectFloat", "7dc39425ad49b254082301",
        "INDIRECT_FLOAT:54b249ad2594c37d"
    ),
    (
        "dumps",
        "6c697374000374776f00020100680000040000000100000012000000000040401500000006140e286e6567006f626a007a007900010000000000c03f0e020c0f0201020b002a040348211e0301033aff0d2a0424062401",
        "MAP{list=VECTOR[INT:1,STRING:two,FLOAT:4008000000000000,VECTOR[BOOL:true,NULL]],neg=INT:-1,obj=MAP{y=VECTOR[FLOAT:3ff8000000000000],z=INT:0}}"
    ),
]
