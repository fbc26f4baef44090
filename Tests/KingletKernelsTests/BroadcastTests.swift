import Testing

@testable import KingletKernels

// The fused loop nest of R/broadcast_loop.h BroadcastBinaryOpSimple, checked against a naive
// index computation (every output element must pair the right input elements).

func naiveBroadcastOffsets(_ a: Shape, _ b: Shape, _ out: Shape) -> [(Int, Int)] {
    let rank = out.rank
    var result: [(Int, Int)] = []
    for flat in 0..<out.elementCount {
        var rest = flat
        var offsetA = 0, offsetB = 0, strideA = 1, strideB = 1
        for index in stride(from: rank - 1, through: 0, by: -1) {
            let coordinate = rest % out[index]
            rest /= out[index]
            let dimA = a.extendedDimension(index, toRank: rank), dimB = b.extendedDimension(index, toRank: rank)
            offsetA += (dimA == 1 ? 0 : coordinate) * strideA
            offsetB += (dimB == 1 ? 0 : coordinate) * strideB
            strideA *= dimA
            strideB *= dimB
        }
        result.append((offsetA, offsetB))
    }
    return result
}

@Suite struct BroadcastTests {
    @Test func matchesNaiveIndexing() throws {
        let cases: [(Shape, Shape, Shape)] = [
            (Shape(2, 1, 3, 4), Shape(1, 5, 1, 4), Shape(2, 5, 3, 4)),
            (Shape(2, 1, 2, 1, 3, 1), Shape(1, 2, 1, 2, 1, 2), Shape(2, 2, 2, 2, 3, 2)),
            (Shape(1), Shape(2, 3, 5), Shape(2, 3, 5)),
            (Shape(3, 7), Shape(3, 7), Shape(3, 7)),
            (Shape(4, 1), Shape(4, 5), Shape(4, 5)),
            (Shape(1, 1, 1), Shape(1), Shape(1, 1, 1)),
            (Shape(), Shape(3), Shape(3)),
            (Shape(5, 1, 1, 2), Shape(1, 3, 4, 1), Shape(5, 3, 4, 2)),
        ]
        for (a, b, out) in cases {
            let plan = try BroadcastPlan(input1: a, input2: b, output: out)
            var visited: [(Int, Int, Int)] = []
            plan.forEachElement { visited.append(($0, $1, $2)) }
            let expected = naiveBroadcastOffsets(a, b, out)
            #expect(visited.count == expected.count)
            #expect(visited.map(\.2) == Array(0..<out.elementCount))
            #expect(visited.map(\.0) == expected.map(\.0))
            #expect(visited.map(\.1) == expected.map(\.1))
        }
    }

    @Test func fusesLoops() throws {
        #expect(try BroadcastPlan(input1: Shape(3, 7), input2: Shape(3, 7), output: Shape(3, 7)).loopCount == 1)
        #expect(
            try BroadcastPlan(input1: Shape(2, 1, 3, 4), input2: Shape(1, 5, 1, 4), output: Shape(2, 5, 3, 4)).loopCount
                == 4)
        #expect(
            try BroadcastPlan(input1: Shape(5, 1, 1, 2), input2: Shape(5, 3, 4, 2), output: Shape(5, 3, 4, 2)).loopCount
                == 3)
        #expect(try BroadcastPlan(input1: Shape(1), input2: Shape(2, 3, 5), output: Shape(2, 3, 5)).loopCount == 1)
    }

    @Test func emptyOutputVisitsNothing() throws {
        let plan = try BroadcastPlan(input1: Shape(0, 3), input2: Shape(1, 3), output: Shape(0, 3))
        var count = 0
        plan.forEachElement { _, _, _ in count += 1 }
        #expect(count == 0)
    }

    @Test func rejectsNonBroadcastableShapes() {
        #expect(throws: KernelError.self) {
            try BroadcastPlan(input1: Shape(2, 3), input2: Shape(3, 2), output: Shape(2, 3))
        }
        #expect(throws: KernelError.self) {
            try BroadcastPlan(input1: Shape(1, 3), input2: Shape(1, 3), output: Shape(2, 3))
        }
        #expect(throws: KernelError.self) {
            try BroadcastPlan(input1: Shape(2, 3), input2: Shape(1, 3), output: Shape(3))
        }
    }
}
