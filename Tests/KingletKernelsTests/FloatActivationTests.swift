import Testing

@testable import KingletKernels

// ActivationFunctionWithMinMax = std::min(std::max(x, lo), hi); expected values follow C++'s
// std::max(a, b) == (a < b ? b : a) and std::min(a, b) == (b < a ? b : a).

@Suite struct FloatActivationTests {
    @Test func bounds() {
        #expect(FloatActivationRange(.none) == FloatActivationRange(.tanh))
        #expect(FloatActivationRange(.relu).min == 0 && FloatActivationRange(.relu).max == .greatestFiniteMagnitude)
        #expect(FloatActivationRange(.relu6).max == 6)
        #expect(FloatActivationRange(.reluN1To1).min == -1)
    }

    @Test func clampFollowsStdMinMax() {
        let relu = FloatActivationRange(.relu)
        #expect(relu.clamp(-0.0).bitPattern == (-0.0 as Float).bitPattern)  // Swift.max would give +0.0
        #expect(relu.clamp(-3) == 0)
        #expect(relu.clamp(.nan).isNaN)
        #expect(relu.clamp(.infinity) == .greatestFiniteMagnitude)
        let none = FloatActivationRange(.none)
        #expect(none.clamp(-.infinity) == -.greatestFiniteMagnitude)
        #expect(FloatActivationRange(.relu6).clamp(7) == 6)
    }
}
