// libFuzzer target over the .npy reader: NPYArray(parsing:) must return an array or throw NPYError,
// and whatever parses must survive serialized() → parsing again unchanged.
//
// Built outside SwiftPM by tools/fuzz.sh. Not part of `swift build`.

import KingletReport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let array: NPYArray
    do {
        array = try NPYArray(parsing: bytes)
    } catch {
        _ = error.description
        return 0
    }
    precondition(array.data.count == array.elementCount * array.dtype.size, "data size disagrees with the shape")
    let written = array.serialized()
    let reread: NPYArray
    do {
        reread = try NPYArray(parsing: written)
    } catch {
        preconditionFailure("serialized() wrote a file parsing rejects: \(error)")
    }
    precondition(reread == array, "serialized() → parsing changed the array")
    precondition(reread.serialized() == written, "serialization is not stable")
    _ = array.doubleValues()
    return 0
}
