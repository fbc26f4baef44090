// The 256-entry sigmoid table of TFLM's int16 LOGISTIC and TANH (sigmoid_table_uint16 in
// internal/common.h: sigmoid(i / 24) in unsigned Q0.16, tuned for linear interpolation, so no
// rounding formula reproduces it). Read back from pip tflite-micro's int16 TANH by
// tools/vectors/int16_vectors.py (`int16_vectors.py sigmoid_table 0 0` prints these values).
// Plus the int16 input scaling both operators share (M/logistic_common.cc, M/tanh.cc):
//   zero points 0; l = round(log2(in_s)); shift = 12 + l; a power-of-two scale (|log2 - l| < 1e-3)
//   with shift 0 (LOGISTIC) or 0/1 (TANH) takes multiplier 3 << shift and shift 0 at eval;
//   otherwise m = double(in_s) * 4096 * 3, doubled (shift + 1) while m <= 32767 / 2 and shift <= 30,
//   multiplier Int32(m) (truncated). The output scale must be 2^-15 (the same log2 check).
// TFLM's CheckedLog2 is float logf(x) * (1 / logf(2)); Kinglet takes log2 in double (no libm on
// the device), which decides the same except for scales within a float rounding of a log2 that is
// an exact half or 1e-3 away from an integer.

/// sigmoid_table_uint16[index], index in 0...255 (0 elsewhere). A switch, not an array: no allocation.
@inlinable
func sigmoidTable16(_ index: UInt32) -> UInt32 {
    switch index {
    case 0: return 32768
    case 1: return 33451
    case 2: return 34133
    case 3: return 34813
    case 4: return 35493
    case 5: return 36169
    case 6: return 36843
    case 7: return 37513
    case 8: return 38180
    case 9: return 38841
    case 10: return 39498
    case 11: return 40149
    case 12: return 40794
    case 13: return 41432
    case 14: return 42064
    case 15: return 42688
    case 16: return 43304
    case 17: return 43912
    case 18: return 44511
    case 19: return 45102
    case 20: return 45683
    case 21: return 46255
    case 22: return 46817
    case 23: return 47369
    case 24: return 47911
    case 25: return 48443
    case 26: return 48964
    case 27: return 49475
    case 28: return 49975
    case 29: return 50464
    case 30: return 50942
    case 31: return 51409
    case 32: return 51865
    case 33: return 52311
    case 34: return 52745
    case 35: return 53169
    case 36: return 53581
    case 37: return 53983
    case 38: return 54374
    case 39: return 54755
    case 40: return 55125
    case 41: return 55485
    case 42: return 55834
    case 43: return 56174
    case 44: return 56503
    case 45: return 56823
    case 46: return 57133
    case 47: return 57433
    case 48: return 57724
    case 49: return 58007
    case 50: return 58280
    case 51: return 58544
    case 52: return 58800
    case 53: return 59048
    case 54: return 59288
    case 55: return 59519
    case 56: return 59743
    case 57: return 59959
    case 58: return 60168
    case 59: return 60370
    case 60: return 60565
    case 61: return 60753
    case 62: return 60935
    case 63: return 61110
    case 64: return 61279
    case 65: return 61441
    case 66: return 61599
    case 67: return 61750
    case 68: return 61896
    case 69: return 62036
    case 70: return 62172
    case 71: return 62302
    case 72: return 62428
    case 73: return 62549
    case 74: return 62666
    case 75: return 62778
    case 76: return 62886
    case 77: return 62990
    case 78: return 63090
    case 79: return 63186
    case 80: return 63279
    case 81: return 63368
    case 82: return 63454
    case 83: return 63536
    case 84: return 63615
    case 85: return 63691
    case 86: return 63765
    case 87: return 63835
    case 88: return 63903
    case 89: return 63968
    case 90: return 64030
    case 91: return 64090
    case 92: return 64148
    case 93: return 64204
    case 94: return 64257
    case 95: return 64308
    case 96: return 64357
    case 97: return 64405
    case 98: return 64450
    case 99: return 64494
    case 100: return 64536
    case 101: return 64576
    case 102: return 64614
    case 103: return 64652
    case 104: return 64687
    case 105: return 64721
    case 106: return 64754
    case 107: return 64786
    case 108: return 64816
    case 109: return 64845
    case 110: return 64873
    case 111: return 64900
    case 112: return 64926
    case 113: return 64950
    case 114: return 64974
    case 115: return 64997
    case 116: return 65019
    case 117: return 65039
    case 118: return 65060
    case 119: return 65079
    case 120: return 65097
    case 121: return 65115
    case 122: return 65132
    case 123: return 65149
    case 124: return 65164
    case 125: return 65179
    case 126: return 65194
    case 127: return 65208
    case 128: return 65221
    case 129: return 65234
    case 130: return 65246
    case 131: return 65258
    case 132: return 65269
    case 133: return 65280
    case 134: return 65291
    case 135: return 65301
    case 136: return 65310
    case 137: return 65319
    case 138: return 65328
    case 139: return 65337
    case 140: return 65345
    case 141: return 65352
    case 142: return 65360
    case 143: return 65367
    case 144: return 65374
    case 145: return 65381
    case 146: return 65387
    case 147: return 65393
    case 148: return 65399
    case 149: return 65404
    case 150: return 65410
    case 151: return 65415
    case 152: return 65420
    case 153: return 65425
    case 154: return 65429
    case 155: return 65433
    case 156: return 65438
    case 157: return 65442
    case 158: return 65445
    case 159: return 65449
    case 160: return 65453
    case 161: return 65456
    case 162: return 65459
    case 163: return 65462
    case 164: return 65465
    case 165: return 65468
    case 166: return 65471
    case 167: return 65474
    case 168: return 65476
    case 169: return 65479
    case 170: return 65481
    case 171: return 65483
    case 172: return 65485
    case 173: return 65488
    case 174: return 65489
    case 175: return 65491
    case 176: return 65493
    case 177: return 65495
    case 178: return 65497
    case 179: return 65498
    case 180: return 65500
    case 181: return 65501
    case 182: return 65503
    case 183: return 65504
    case 184: return 65505
    case 185: return 65507
    case 186: return 65508
    case 187: return 65509
    case 188: return 65510
    case 189: return 65511
    case 190: return 65512
    case 191: return 65513
    case 192: return 65514
    case 193: return 65515
    case 194: return 65516
    case 195: return 65517
    case 196: return 65517
    case 197: return 65518
    case 198: return 65519
    case 199: return 65520
    case 200: return 65520
    case 201: return 65521
    case 202: return 65522
    case 203: return 65522
    case 204: return 65523
    case 205: return 65523
    case 206: return 65524
    case 207: return 65524
    case 208: return 65525
    case 209: return 65525
    case 210: return 65526
    case 211: return 65526
    case 212: return 65526
    case 213: return 65527
    case 214: return 65527
    case 215: return 65528
    case 216: return 65528
    case 217: return 65528
    case 218: return 65529
    case 219: return 65529
    case 220: return 65529
    case 221: return 65529
    case 222: return 65530
    case 223: return 65530
    case 224: return 65530
    case 225: return 65530
    case 226: return 65531
    case 227: return 65531
    case 228: return 65531
    case 229: return 65531
    case 230: return 65531
    case 231: return 65532
    case 232: return 65532
    case 233: return 65532
    case 234: return 65532
    case 235: return 65532
    case 236: return 65532
    case 237: return 65533
    case 238: return 65533
    case 239: return 65533
    case 240: return 65533
    case 241: return 65533
    case 242: return 65533
    case 243: return 65533
    case 244: return 65533
    case 245: return 65534
    case 246: return 65534
    case 247: return 65534
    case 248: return 65534
    case 249: return 65534
    case 250: return 65534
    case 251: return 65534
    case 252: return 65534
    case 253: return 65534
    case 254: return 65534
    case 255: return 65535
    default: return 0
    }
}

/// round(log2(x)) and whether x is a power of two within TFLM's 1e-3 (CheckedLog2), for finite x > 0.
func checkedLog2(_ x: Float) -> (log2: Int32, isPowerOfTwo: Bool) {
    // x = m * 2^e with m in [1, 2): log2(x) = e + ln(m) / ln(2), ln(m) = 2 atanh((m - 1) / (m + 1)).
    let e = Int32(x.exponent)
    let m = Double(x.significand)
    let z = (m - 1) / (m + 1), z2 = z * z
    var term = z, sum = 0.0
    for k in 0..<30 {
        sum += term / Double(2 * k + 1)
        term *= z2
    }
    let value = Double(e) + 2 * sum / 0.693_147_180_559_945_309_4
    let rounded = value.rounded(.toNearestOrAwayFromZero)
    return (Int32(rounded), abs(value - rounded) < 1e-3)
}

/// The int16 LOGISTIC/TANH input scaling: (multiplier, shift) as eval uses them (the power-of-two
/// case already turned into 3 << shift, shift 0).
func int16SigmoidInputScaling(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32, maxPowerOfTwoShift: Int32,
    name: KernelErrorName
) throws(KernelError) -> (multiplier: Int32, shift: Int32) {
    guard inputZeroPoint == 0 else { throw .zeroPointMismatch(name: name, expected: 0, actual: inputZeroPoint) }
    guard outputZeroPoint == 0 else { throw .zeroPointMismatch(name: name, expected: 0, actual: outputZeroPoint) }
    guard inputScale.isFinite, inputScale > 0 else { throw .invalidScale(name: name, value: inputScale) }
    guard outputScale.isFinite, outputScale > 0 else { throw .invalidScale(name: name, value: outputScale) }
    let output = checkedLog2(outputScale)
    guard output.isPowerOfTwo, output.log2 == -15 else {
        throw .quantizationMismatch(name: name, expected: 1.0 / 32768, actual: outputScale)
    }
    let input = checkedLog2(inputScale)
    let shift = 12 + input.log2
    if input.isPowerOfTwo, shift >= 0, shift <= maxPowerOfTwoShift { return (3 << shift, 0) }
    var multiplier = Double(inputScale) * 4096.0 * 3.0
    var leftShift: Int32 = 0
    while multiplier <= 32767.0 / 2.0 && leftShift <= 30 {
        leftShift += 1
        multiplier *= 2
    }
    // Past 2^16 (input scales above about 5.3) eval's int32 product x * multiplier could overflow,
    // undefined in TFLM: refused.
    guard multiplier < 65536 else { throw .invalidScale(name: name, value: inputScale) }
    return (Int32(multiplier), leftShift)
}
