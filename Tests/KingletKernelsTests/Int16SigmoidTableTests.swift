import Foundation
import Testing

@testable import KingletKernels

// The int16 sigmoid/tanh table (Arithmetic/Int16Sigmoid.swift) against its defining formula, the one
// tools/gen_sigmoid_table.py writes the literal from (`python3 tools/gen_sigmoid_table.py --check`).
// LogisticTests, TanhTests and UnidirectionalSequenceLSTMTests pin the table's effect against pip.

@Suite struct Int16SigmoidTableTests {
    @Test func literalIsItsFormula() {
        // f(x) = 65536 / (1 + e^-x) sampled at i/24, each sample lowered by half of its segment's
        // chord error at the midpoint, rounded half up; the last entry saturated at 65535.
        let h = 1.0 / 24.0
        func f(_ x: Double) -> Double { 65536.0 / (1.0 + exp(-x)) }
        var mismatches: [Int] = []
        for i in 0..<256 {
            let expected: Double
            if i == 255 {
                expected = 65535
            } else {
                let x = Double(i) * h
                let chordMiss = (f(x) + f(x + h)) / 2 - f(x + h / 2)
                expected = (f(x) - chordMiss / 2 + 0.5).rounded(.down)
            }
            if Double(sigmoidTableUInt16[i]) != expected { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "entries \(mismatches)")
    }
}
