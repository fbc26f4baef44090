import KingletTestSupport
import TFLiteModel
import Testing

/// KingletTestSupport's mutation engine and seeds, which the hostile-input tests of three targets rely on.
struct MutationEngineTests {
    @Test func inPlaceEditsChangeBytesAndRestoreTheOriginal() throws {
        let seed = TestSeed.seed(0x4D55_5441_5445)
        let bytes = try Fixtures.bytes(testdata: "conv_int8")
        let storage = AlignedBytes(bytes)
        let positions = try Mutations.structuralPositions(Model.verify(storage.region))
        // conv_int8 has constant data, so the structure is part of the file, not all of it.
        #expect(!positions.isEmpty)
        #expect(positions.count < bytes.count)
        var rng = SeededGenerator(seed: seed)
        for trial in 0..<500 {
            let saved = Mutations.mutate(storage, positions: positions, &rng)
            #expect(!saved.isEmpty, "seed \(seed) trial \(trial)")
            #expect(saved.allSatisfy { $0.0 >= 0 && $0.0 < bytes.count }, "seed \(seed) trial \(trial)")
            Mutations.restore(storage, saved)
            #expect((0..<storage.count).allSatisfy { storage[$0] == bytes[$0] }, "seed \(seed) trial \(trial)")
        }
    }

    @Test func describedMutantsRepeatForTheSameSeed() throws {
        let seed = TestSeed.seed(0x4D55_5441_4E54)
        let bytes = try Fixtures.bytes(testdata: "fc_int8")
        let structural = try withVerifiedModel(bytes) { Mutations.structuralPositions($0) }
        var first = SeededGenerator(seed: seed), second = SeededGenerator(seed: seed)
        for index in 0..<300 {
            let mutation = Mutations.mutation(index, count: bytes.count, structural: structural, &first)
            let again = Mutations.mutation(index, count: bytes.count, structural: structural, &second)
            #expect(mutation.description == again.description, "seed \(seed) mutant \(index)")
            let mutant = mutation.apply(to: bytes)
            switch mutation {
            case .truncate(let length):
                #expect(mutant == Array(bytes.prefix(length)))
            case .flipBits(let flips):
                #expect(mutant.count == bytes.count)
                #expect(zip(mutant, bytes).filter { $0 != $1 }.count <= flips.count)
            case .words(let words):
                #expect(mutant.count == bytes.count)
                #expect(words.allSatisfy { $0.position % 4 == 0 })
            }
        }
    }

    @Test func seededGeneratorIsSplitMix64() {
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test(arguments: [("42", UInt64(42)), ("0x2A", 42), ("0xffffffffffffffff", UInt64.max), ("seven", nil), ("", nil)])
    func seedOverridesParseDecimalAndHexadecimal(text: String, seed: UInt64?) {
        #expect(TestSeed.parse(text) == seed)
    }
}
