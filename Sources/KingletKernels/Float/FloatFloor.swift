// FLOOR, float32 (M/floor.cc, R/floor.h): std::floor per element (rounding toward -infinity;
// NaN, infinities and signed zeros pass through).

/// Prepared float32 FLOOR.
public struct FloatFloor: BitwiseCopyable {
    public let count: Int

    public init(shape: Shape) throws(KernelError) {
        count = try shape.checkedElementCount()
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for index in 0..<count { output[index] = input[index].rounded(.down) }
    }
}
