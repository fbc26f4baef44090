import KingletRuntime
import KingletTestSupport
import XCTest

final class MemoryPlannerTests: XCTestCase {
    /// A case where TFLM's largest-first order wastes memory: the big buffers' placement leaves a
    /// hole the later ones cannot use. Kinglet's search reaches the lower bound.
    func testSearchReachesTheLowerBoundWhereLargestFirstDoesNot() {
        var buffers = [
            PlannedBuffer(size: 64, first: 0, last: 1),
            PlannedBuffer(size: 48, first: 1, last: 2),
            PlannedBuffer(size: 32, first: 2, last: 3),
            PlannedBuffer(size: 48, first: 3, last: 4),
            PlannedBuffer(size: 32, first: 0, last: 0),
            PlannedBuffer(size: 64, first: 4, last: 5),
        ]
        let bound = MemoryPlanner.lowerBound(buffers, operatorCount: 6)
        let size = MemoryPlanner.plan(&buffers)
        XCTAssertEqual(size, bound)
        XCTAssertFalse(MemoryPlanner.hasOverlap(buffers))
    }

    /// Seeded (it prints its seed; KINGLET_TEST_SEED replaces it), so a failing plan reproduces.
    func testRandomPlansNeverOverlapAndNeverBeatTheBound() {
        let seed = TestSeed.seed(0x504C_414E_0001)
        var generator = SeededGenerator(seed: seed)
        for trial in 0..<200 {
            let steps = Int.random(in: 1...12, using: &generator)
            var buffers: [PlannedBuffer] = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                let first = Int.random(in: 0..<steps, using: &generator)
                return PlannedBuffer(
                    size: Int.random(in: 1...500, using: &generator), first: first,
                    last: Int.random(in: first..<steps, using: &generator))
            }
            let bound = MemoryPlanner.lowerBound(buffers, operatorCount: steps)
            let size = MemoryPlanner.plan(&buffers)
            let what = "seed \(seed) trial \(trial)"
            XCTAssertGreaterThanOrEqual(size, bound, what)
            XCTAssertFalse(MemoryPlanner.hasOverlap(buffers), what)
            XCTAssertTrue(buffers.allSatisfy { $0.offset % 16 == 0 }, what)
        }
    }

    func testOverlapOracleDetectsOverlap() {
        var a = PlannedBuffer(size: 32, first: 0, last: 2)
        var b = PlannedBuffer(size: 32, first: 1, last: 3)
        a.offset = 0
        b.offset = 16
        XCTAssertTrue(MemoryPlanner.hasOverlap([a, b]))
        b.offset = 32
        XCTAssertFalse(MemoryPlanner.hasOverlap([a, b]))
    }
}
