// The int16 sigmoid and tanh of TFLM's reference kernels (kernels/internal/reference/integer_ops/
// logistic.h and tanh.h, int16 overloads), which UNIDIRECTIONAL_SEQUENCE_LSTM's quantized gates
// use: a 256-entry table of sigmoid(i/24) in 0.16 fixed point (kernels/internal/common.h ships
// only the values; tools/gen_sigmoid_table.py has the formula that reproduces them), read with
// linear interpolation on |x|, tanh through tanh(x) = 2 sigmoid(2x) - 1.
//
// Both take (multiplier, left shift) as TFLM's callers pass them; multiplier 0 means "power of
// two": the multiplier becomes 3 << shift and the shift 0. Then
//   v = (x * multiplier + round) >> shift        (int32, arithmetic shift, round = 2^(shift-1) or 0)
// sigmoid: u = |v| >> 9, t = |v| & 511; r = u >= 255 ? 0x7FFF << 10 : (T[u] << 9) + t (T[u+1] - T[u])
//          (uint32); v >= 0 ? (r + 512) >> 10 : (2^25 - r + 511) >> 10, stored as int16.
// tanh:    u = |v| >> 8, t = |v| & 255; r = u >= 255 ? 0xFFFF << 8 : (T[u] << 8) + t (T[u+1] - T[u]);
//          v >= 0 ? r - 2^23 + 128 : -r + 2^23 + 127, then >> 8 (int32), stored as int16.

/// sigmoid(i / 24) in 0.16 for i = 0...255, each entry lowered by half its segment's chord error
/// at the midpoint (so interpolation errs both ways), the last saturated: the same values as TFLM's
/// sigmoid_table_uint16, written by tools/gen_sigmoid_table.py from that formula (a constant, so a
/// device keeps 512 bytes of flash instead of an exp() and 512 arena bytes per operator).
@usableFromInline
let sigmoidTableUInt16: InlineArray<256, UInt16> = [
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
    40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
    47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
    53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
    57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
    60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
    62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
    63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
    64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
    64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
    65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
    65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
    65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
    65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
    65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
    65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
    65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
    65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
    65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
    65534, 65534, 65534, 65535,
]

/// The scaled input v of both functions: multiplier 0 means 3 << shift and shift 0.
@inline(__always) @usableFromInline
func int16SigmoidScaledInput(_ x: Int16, multiplier: Int32, shift: Int32) -> Int32 {
    let (multiplier, shift) = multiplier == 0 ? (3 &<< shift, Int32(0)) : (multiplier, shift)
    let round: Int32 = shift > 0 ? 1 &<< (shift &- 1) : 0
    return (Int32(x) &* multiplier &+ round) >> shift
}

/// The table read at |v| with its low `fractionBits` interpolating between entries, or `saturated`
/// past the last entry. The table rises, so the product stays unsigned.
@inline(__always) @usableFromInline
func sigmoidTableInterpolated(_ magnitude: UInt32, fractionBits: UInt32, saturated: UInt32) -> UInt32 {
    let index = Int(magnitude >> fractionBits)
    guard index < 255 else { return saturated }
    let low = UInt32(sigmoidTableUInt16[index]), high = UInt32(sigmoidTableUInt16[index + 1])
    return (low << fractionBits) &+ (magnitude & ((1 << fractionBits) &- 1)) &* (high &- low)
}

/// The int16 LOGISTIC of TFLM's reference (input Q3.12 when multiplier 0 and shift 0, output Q0.15).
/// `multiplier` and `shift` must keep |x * multiplier| below 2^31 (the caller checks).
@inlinable
public func int16Sigmoid(_ x: Int16, multiplier: Int32, shift: Int32) -> Int16 {
    let value = int16SigmoidScaledInput(x, multiplier: multiplier, shift: shift)
    let result = sigmoidTableInterpolated(UInt32(value.magnitude), fractionBits: 9, saturated: 0x7FFF << 10)
    let rounded = value >= 0 ? (result &+ (1 << 9)) : ((1 << 25) &- result &+ (1 << 9) &- 1)
    return Int16(truncatingIfNeeded: rounded >> 10)
}

/// The int16 TANH of TFLM's reference (input Q3.12 when multiplier 0 and shift 0, output Q0.15).
@inlinable
public func int16Tanh(_ x: Int16, multiplier: Int32, shift: Int32) -> Int16 {
    let value = int16SigmoidScaledInput(x, multiplier: multiplier, shift: shift)
    let result = Int32(
        bitPattern: sigmoidTableInterpolated(UInt32(value.magnitude), fractionBits: 8, saturated: 0xFFFF << 8))
    let rounded = value >= 0 ? (result &- (1 << 23) &+ (1 << 7)) : (0 &- result &+ (1 << 23) &+ (1 << 7) &- 1)
    return Int16(truncatingIfNeeded: rounded >> 8)
}
