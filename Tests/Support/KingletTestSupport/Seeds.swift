import Foundation

/// A seeded generator (SplitMix64, the same sequence as KingletReport's `SplitMix64`) so failures
/// reproduce.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed of a seeded random test: `fallback`, or KINGLET_TEST_SEED when set. It prints the seed
/// it returns, so a failing run names the seed that reproduces it.
public enum TestSeed {
    public static let variable = "KINGLET_TEST_SEED"

    public static func seed(_ fallback: UInt64, _ test: String = #function) -> UInt64 {
        let override = ProcessInfo.processInfo.environment[variable].flatMap(parse)
        let seed = override ?? fallback
        print("\(test): seed \(seed)\(override == nil ? "" : " (from \(variable))"); \(variable)=\(seed) reproduces")
        return seed
    }

    /// A generator for `test`, seeded by `seed(_:_:)`.
    public static func generator(_ fallback: UInt64, _ test: String = #function) -> SeededGenerator {
        SeededGenerator(seed: seed(fallback, test))
    }

    /// A decimal or 0x-prefixed hexadecimal seed.
    public static func parse(_ text: String) -> UInt64? {
        text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }
}

/// Longer fuzzing on demand: KINGLET_FUZZ_SCALE multiplies the mutation tests' trial counts and
/// KINGLET_FUZZ_SEED replaces their seed (both print what they used, so a failure reproduces).
public enum FuzzSettings {
    public static var scale: Int {
        ProcessInfo.processInfo.environment["KINGLET_FUZZ_SCALE"].flatMap { Int($0) }.map { max($0, 1) } ?? 1
    }

    public static func seed(_ fallback: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["KINGLET_FUZZ_SEED"].flatMap { UInt64($0) } ?? fallback
    }
}
