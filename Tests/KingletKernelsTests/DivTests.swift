import Testing

@testable import KingletKernels

// Vectors: one-operator DIV models run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/div_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python div_vectors.py 41 60
// float32 (bit patterns; some zero divisors), int32 and int8 with random broadcast shapes and
// fused activations; int8 with random and extreme scales and divisors equal to their zero point.

struct DivCase {
    enum Kind {
        case float(x: [UInt32], y: [UInt32], expected: [UInt32])
        case int32(x: [Int], y: [Int], expected: [Int])
        case int8(q: (UInt32, Int32, UInt32, Int32, UInt32, Int32), x: [Int], y: [Int], expected: [Int])
    }
    var a: [Int], b: [Int], out: [Int], activation: Int
    var kind: Kind

    static func float(
        _ a: [Int], _ b: [Int], _ out: [Int], activation: Int, x: [UInt32], y: [UInt32], expected: [UInt32]
    ) -> DivCase {
        DivCase(a: a, b: b, out: out, activation: activation, kind: .float(x: x, y: y, expected: expected))
    }

    static func int32(
        _ a: [Int], _ b: [Int], _ out: [Int], activation: Int, x: [Int], y: [Int], expected: [Int]
    )
        -> DivCase
    {
        DivCase(a: a, b: b, out: out, activation: activation, kind: .int32(x: x, y: y, expected: expected))
    }

    static func int8(
        _ a: [Int], _ b: [Int], _ out: [Int], activation: Int, q: (UInt32, Int32, UInt32, Int32, UInt32, Int32),
        x: [Int], y: [Int], expected: [Int]
    ) -> DivCase {
        DivCase(a: a, b: b, out: out, activation: activation, kind: .int8(q: q, x: x, y: y, expected: expected))
    }
}

func shapeOf(_ d: [Int]) -> Shape { d.reduce(into: Shape()) { s, v in try! s.append(v) } }

func fusedActivation(_ raw: Int) -> FusedActivation {
    switch raw {
    case 1: return .relu
    case 2: return .reluN1To1
    case 3: return .relu6
    default: return .none
    }
}

let pipDivCases: [DivCase] = [
    .float(
        [2], [2], [2], activation: 0,
        x: [0x4053ea59, 0xc01c0723], y: [0x4034474c, 0xc0b5bb54],
        expected: [0x3f96766d, 0x3edbcaaf]),
    .int32(
        [3], [3], [3], activation: 3,
        x: [2, -10032357, -424], y: [-6, 4166975, -79],
        expected: [0, 0, 5]),
    .float(
        [1], [2], [2], activation: 2,
        x: [0x3fb19c5f], y: [0x40e35cd9, 0x409a7ac1],
        expected: [0x3e47fb4f, 0x3e932a96]),
    .int32(
        [3, 1, 1], [3, 4, 2], [3, 4, 2], activation: 0,
        x: [-1, -3513, 67],
        y: [
            1, -16, -171017, 7, -532016721, 220, -110533872, -16158, 134052404, 1589, 18001, -15093266, 7, 7, -49,
            40682145, -113188, -422916, 1743636, 2, -2019697, -27, -2469377, 352891533,
        ],
        expected: [-1, 0, 0, 0, 0, 0, 0, 0, 0, -2, 0, 0, -501, -501, 71, 0, 0, 0, 0, 33, 0, -2, 0, 0]),
    .float(
        [1, 1, 4], [3, 1], [1, 3, 4], activation: 1,
        x: [0xc0eb73a1, 0xc0cc7ba9, 0xc0ec6cea, 0x40d10975], y: [0xc0c3cff7, 0x4077000b, 0xc08f0020],
        expected: [
            0x3f99e965, 0x3f85aafc, 0x3f9a8c5a, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x3fd8a74d, 0x3fd2c0d4,
            0x3fb7087d, 0x3fd39ff6, 0x00000000,
        ]),
    .float(
        [2, 3, 3, 3], [2, 3, 1, 1], [2, 3, 3, 3], activation: 2,
        x: [
            0xc0cc9b94, 0x404cf20c, 0xc0562023, 0x40f0f93d, 0x3f175a1d, 0x404dcce0, 0xbf650f7c, 0xbf6cae71, 0xc0ea7897,
            0x40bed9a6, 0x40a62a49, 0xc069fc31, 0xc023bb0d, 0xc086aab1, 0xc09215d0, 0x3f052725, 0xc01eca26, 0xc09b6512,
            0x409dd3ef, 0xbef2b9cb, 0x3fda7582, 0x40878cc4, 0xbe44a101, 0x3ec60195, 0xbef9c19c, 0x4057e43b, 0xbf326133,
            0xc0bd4c1f, 0x40e99e10, 0x3fd76b53, 0x40c70c7b, 0xbfc2e717, 0x408094b5, 0x405054ae, 0x4015dd50, 0xbfb10f3d,
            0xc0ea8e34, 0x3fe94d17, 0xc0806b94, 0xc0320b9e, 0xc07404e9, 0x407b6f7d, 0x40b9596a, 0xc07375a6, 0xc0392531,
            0x3c8d34c2, 0xbf29d566, 0xc025ebba, 0xc076ae63, 0x40193093, 0xc02ca4c9, 0x40e1294d, 0xc0dba30f, 0xc0b7d7cb,
        ], y: [0xc072a0fa, 0xc02d37c7, 0x40ad30eb, 0x40b5a926, 0xc097c340, 0xc0f64fc5],
        expected: [
            0x3f800000, 0xbf583d6e, 0x3f61ed09, 0xbf800000, 0xbe1fb166, 0xbf592452, 0x3e71af16, 0x3e79b98f, 0x3f800000,
            0xbf800000, 0xbf800000, 0x3f800000, 0x3f71fa91, 0x3f800000, 0x3f800000, 0xbe44c9a5, 0x3f6aad29, 0x3f800000,
            0x3f694a84, 0xbdb3640f, 0x3ea174c2, 0x3f485c75, 0xbd115279, 0x3d92570d, 0xbdb8963f, 0x3f1f8efc, 0xbe03d5b1,
            0xbf800000, 0x3f800000, 0x3e97c95d, 0x3f800000, 0xbe895496, 0x3f3532e4, 0x3f12cabf, 0x3ed3312e, 0xbe798411,
            0x3f800000, 0xbec4c575, 0x3f589ff9, 0x3f162ada, 0x3f4dcfa8, 0xbf5410f5, 0xbf800000, 0x3f4d56d3, 0x3f1c27d6,
            0xbb12c2a1, 0x3db08389, 0x3eac7277, 0x3f00312b, 0xbe9f371e, 0x3eb36f38, 0xbf6a048f, 0x3f6446b0, 0x3f3f12ff,
        ]),
    .int8(
        [2, 1, 3], [2, 1, 3], [2, 1, 3], activation: 0, q: (0x43c94d97, -120, 0x40c653a9, 100, 0x400506fc, -94),
        x: [86, 0, 57, 78, 53, 14], y: [22, 82, 103, -92, 100, -94],
        expected: [-128, -128, 127, -126, -128, -116]),
    .float(
        [1, 2, 1, 4], [1, 1, 2, 4], [1, 2, 2, 4], activation: 0,
        x: [0xbdb03768, 0xc0d4061c, 0xc0558167, 0xbec26022, 0x408e1452, 0xc06f0662, 0xc02218c4, 0xc0831b99],
        y: [0x00000000, 0x3fca30dd, 0xc0d3beca, 0x40db93e7, 0xc0f34abf, 0x401dc19f, 0xc0288c7c, 0xbfee3643],
        expected: [
            0xff7fffff, 0xc0863995, 0x3f011065, 0xbd629e0d, 0x3c396bbd, 0xc02c080f, 0x3fa22426, 0x3e50e3e1, 0x7f7fffff,
            0xc0175180, 0x3ec3f995, 0xbf18daee, 0xbf15802e, 0xbfc1f086, 0x3f76334a, 0x400ce5e6,
        ]),
    .float(
        [1], [1, 1], [1, 1], activation: 0,
        x: [0x40a2688b], y: [0xc0abf020],
        expected: [0xbf71cfaf]),
    .float(
        [3, 1], [1], [3, 1], activation: 2,
        x: [0xbe8ee131, 0xc071552a, 0xc04e682c], y: [0xbda7629d],
        expected: [0x3f800000, 0x3f800000, 0x3f800000]),
    .float(
        [2, 3, 1], [2, 3, 1], [2, 3, 1], activation: 0,
        x: [0x40e88a0d, 0x40881eff, 0xbfc398f2, 0x40160ae4, 0x40817a03, 0xc0404b83],
        y: [0x3f27dff9, 0xc0a98ff4, 0xbfb9ab55, 0x40d42638, 0x00000000, 0x00000000],
        expected: [0x41314e08, 0xbf4d82ee, 0x3f86d82f, 0x3eb50e52, 0x7f7fffff, 0xff7fffff]),
    .int32(
        [1, 3], [1, 3, 3], [1, 3, 3], activation: 0,
        x: [-4295, -2, 18840], y: [-3843502, -66208, 1750475535, 7, 7, 17315, 7, -1683651558, -5671],
        expected: [0, 0, 0, -613, 0, 1, -613, 0, -3]),
    .float(
        [4, 1], [4, 1], [4, 1], activation: 0,
        x: [0x408bad1b, 0xc05ff609, 0x402a2edf, 0xbdcdf254], y: [0x40921d6e, 0x40fe5114, 0x00000000, 0xc04f0a40],
        expected: [0x3f74b810, 0xbee17186, 0x7f7fffff, 0x3cfea5e2]),
    .int8(
        [4], [1], [4], activation: 3, q: (0x3fe22bc8, 82, 0x3be78b8b, 24, 0x3cb28d9b, -92),
        x: [63, 102, -29, -90], y: [4],
        expected: [127, -92, 127, 127]),
    .float(
        [1, 1], [1, 1], [1, 1], activation: 1,
        x: [0x40b2ca31], y: [0x00000000],
        expected: [0x7f7fffff]),
    .int32(
        [1], [1], [1], activation: 0,
        x: [37943208], y: [-3379],
        expected: [-11229]),
    .int32(
        [1, 2, 1], [1, 2, 3], [1, 2, 3], activation: 1,
        x: [313, 14115480], y: [-2, 1103589995, 5282992, -108, 825427, -241],
        expected: [0, 0, 0, 0, 17, 0]),
    .int8(
        [4], [4], [4], activation: 1, q: (0x43ad3614, 75, 0x3db8905f, -86, 0x42c94715, 78),
        x: [107, 34, 52, -128], y: [-42, 87, 77, 4],
        expected: [106, 78, 78, 78]),
    .int8(
        [1, 1, 1], [1, 1, 1], [1, 1, 1], activation: 1, q: (0x3bbc1239, 8, 0x3f07f883, -33, 0x3d3e9035, -25),
        x: [-76], y: [-33],
        expected: [3]),
    .int8(
        [1], [1], [1], activation: 3, q: (0x3e20ce28, -65, 0x38d6cdf3, -123, 0x36331afa, -101),
        x: [58], y: [-118],
        expected: [-97]),
    .int32(
        [4, 1], [1, 1], [4, 1], activation: 2,
        x: [2, -7057, 12403261, -6166908], y: [2079798],
        expected: [0, 0, 1, -1]),
    .int8(
        [1], [3], [3], activation: 2, q: (0x3cb07313, 61, 0x3e49ea8b, 43, 0x3c75909c, -77),
        x: [71], y: [43, -21, 83],
        expected: [-128, -78, -75]),
    .int32(
        [2, 1, 1], [2, 1, 1], [2, 1, 1], activation: 2,
        x: [58162, 385233], y: [2, -119],
        expected: [1, -1]),
    .int32(
        [1, 3], [3], [1, 3], activation: 1,
        x: [-417877, 2696, 89688591], y: [5156, -11218, 30893],
        expected: [0, 0, 2903]),
    .int8(
        [1], [4], [4], activation: 1, q: (0x3e8edead, -61, 0x3dbcbf5b, 66, 0x42af5f69, -97),
        x: [-67], y: [-55, 75, -43, -126],
        expected: [127, -97, 127, 127]),
    .float(
        [1, 1, 1, 3], [1, 3], [1, 1, 1, 3], activation: 0,
        x: [0x409ae90c, 0x3fbdccd2, 0x40627cce], y: [0x40c6c628, 0xc08f2c3b, 0x407bc3e3],
        expected: [0x3f478218, 0xbea9af9b, 0x3f664c12]),
    .float(
        [1], [3, 3, 1, 2], [3, 3, 1, 2], activation: 1,
        x: [0xc011afe7],
        y: [
            0x3ee898c9, 0x40fa58fd, 0x00000000, 0x409f3d61, 0x00000000, 0x40ee57ba, 0xc050db91, 0x40b5542f, 0xc0d1f8de,
            0x00000000, 0x40d19edb, 0x3f764f51, 0x00000000, 0xc00a07ef, 0xbfd3d0db, 0xc095b310, 0x3dd8fe5c, 0x40cd7e23,
        ],
        expected: [
            0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x3f329226, 0x00000000, 0x3eb19f84,
            0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x3f871989, 0x3fb013b8, 0x3ef92376, 0x00000000, 0x00000000,
        ]),
    .int8(
        [3], [1], [3], activation: 3, q: (0x3e050480, 23, 0x3ea7df9e, -18, 0x3d74e198, -115),
        x: [-69, 54, 92], y: [17],
        expected: [-115, -109, -102]),
    .int32(
        [4], [4], [4], activation: 2,
        x: [112748, 179591231, 1480, -2], y: [-61658910, 11, -103807, -1039633],
        expected: [0, 1, 0, 0]),
    .int8(
        [1], [4], [4], activation: 2, q: (0x3e49e949, -19, 0x3bfb6f1a, -9, 0x3d0be432, -49),
        x: [-27], y: [-18, -9, -79, 11],
        expected: [-20, -20, -20, -78]),
    .int32(
        [4, 4], [4, 4], [4, 4], activation: 2,
        x: [
            -2, -11481291, -14187029, -1, -308625, -4896999, -123661, -736, -395, 128680665, -409, -48100, -1250469,
            45830929, -3, 113,
        ],
        y: [
            5, 28603335, -2, -5, -10108371, -5075984, 727875, -7493, 1379722, -2834842, -45349, -86968680, 8213909,
            120233362, -2749135, -5477,
        ],
        expected: [0, 0, 1, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0]),
    .int8(
        [3, 1, 1], [1, 1, 1], [3, 1, 1], activation: 2, q: (0x383a7b64, 22, 0x3ffb8a30, 57, 0x3fbc452d, 66),
        x: [-104, 74, 34], y: [57],
        expected: [67, 65, 65]),
    .int32(
        [1], [3], [3], activation: 2,
        x: [61035], y: [-2774428, -18238941, 541],
        expected: [0, 0, 1]),
    .int8(
        [4, 4, 1], [4, 1, 2], [4, 4, 2], activation: 0, q: (0x3ca1b926, 41, 0x3c8aed6d, -15, 0x3cf213dc, -68),
        x: [-50, -12, -106, -43, 2, -59, 48, -102, 24, -70, 69, -110, -89, -27, 110, 82],
        y: [-15, -15, -15, -92, -58, -15, -9, -15],
        expected: [
            127, 127, 127, 127, 127, 127, 127, 127, 127, -48, 127, -17, -128, -72, 127, 5, -52, 127, 34, 127, -94, -128,
            70, 127, -128, 127, -128, 127, 127, -128, 127, -128,
        ]),
    .int32(
        [4], [4], [4], activation: 2,
        x: [3909, 3, 9014800, -109], y: [2, 849997267, 1493098916, 1],
        expected: [1, 0, 0, -1]),
    .int8(
        [1, 1], [4, 1], [4, 1], activation: 1, q: (0x3bf4eaa0, -6, 0x3ede5594, 107, 0x3f719da1, 57),
        x: [32], y: [-57, 107, -67, 107],
        expected: [57, 57, 57, 57]),
    .int32(
        [3, 1], [3, 3], [3, 3], activation: 0,
        x: [8534476, 107, 2207445], y: [-10282936, -346934659, -213481, 139, -2686721, 854, -62998, 204883391, 7],
        expected: [0, 0, -39, 0, 0, 0, -35, 0, 315349]),
    .float(
        [1, 4, 1], [1, 1, 1], [1, 4, 1], activation: 3,
        x: [0xc08d3345, 0x3eb61dd9, 0xc01fefff, 0xc06b88e5], y: [0xbfb6ae82],
        expected: [0x4045dec9, 0x00000000, 0x3fe020a7, 0x4025085e]),
    .float(
        [4], [1], [4], activation: 1,
        x: [0x40bdac57, 0xc0c2f780, 0x40ac7d33, 0xbffffd6d], y: [0xc0940d11],
        expected: [0x00000000, 0x3fa88fd2, 0x00000000, 0x3edd5205]),
    .int32(
        [2, 4, 1, 1], [1, 4, 3, 1], [2, 4, 3, 1], activation: 2,
        x: [-1921150, 2568585, 487412, 303375, 4941222, 0, -462, 106],
        y: [-63418, -392456, 7, -25, -33690571, 305632, -20476, -1976, -283404, 52519434, -8076, 74374407],
        expected: [1, 1, -1, -1, 0, 1, -1, -1, -1, 0, -1, 0, -1, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    .int32(
        [1, 1, 1], [4, 2, 1], [4, 2, 1], activation: 1,
        x: [-1113762], y: [7, 457011, -2, 8607, -173, 21573590, -8033, -94290818],
        expected: [0, 0, 556881, 0, 6437, 0, 138, 0]),
    .int32(
        [1], [1, 1, 1, 1], [1, 1, 1, 1], activation: 2,
        x: [-111749], y: [-30],
        expected: [1]),
    .int8(
        [1], [1], [1], activation: 0, q: (0x3c7dffbc, 124, 0x3edcbd9c, -103, 0x3f69afb5, 37),
        x: [10], y: [-2],
        expected: [-128]),
    .float(
        [1, 3, 1, 3], [1, 3, 3, 3], [1, 3, 3, 3], activation: 0,
        x: [
            0xbefe046d, 0xc06058da, 0x4039b3d4, 0xc0be916e, 0xc0cbc07c, 0x40d47a73, 0xc071a92e, 0x40e774d6, 0x40fcbac9,
        ],
        y: [
            0x40c27a6e, 0xc001299c, 0x40a4d3fa, 0x401ac62b, 0xc0e73efd, 0xc0917939, 0x3f2fc99c, 0x40dccee2, 0x407c2f4a,
            0x3e8ea776, 0x403814e4, 0xc0c68f67, 0xc03fc4f4, 0xc078b8b3, 0x409a535b, 0x40bbf5eb, 0xc0eba98e, 0xc028c426,
            0x40a3d0ee, 0xc02d0ebc, 0x40430f4f, 0xc0fe7cef, 0x40e05bcd, 0xc03fc347, 0x40b1b553, 0xc0633c6f, 0x40c0f9a9,
        ],
        expected: [
            0xbda72fd8, 0x3fde53ec, 0x3f1035dc, 0xbe521346, 0x3ef85cce, 0xbf236597, 0xbf38f690, 0xbf020d2e, 0x3f3c830e,
            0xc1aafdf3, 0xc00dad78, 0xbf88f8e3, 0x3ffe657a, 0x3fd1b6e5, 0x3fb03b95, 0xbf81c692, 0x3f5d55f0, 0xc021273c,
            0xbf3cd337, 0xc02b31ab, 0x4025d7ed, 0x3ef318bd, 0x3f840ca5, 0xc028b1e0, 0xbf2e1058, 0xc0026095, 0x3fa7a28c,
        ]),
    .int32(
        [4, 1, 3, 4], [4, 1, 3, 1], [4, 1, 3, 4], activation: 1,
        x: [
            3076, 23, 201, 1, -3658, 826335, 10636, -132499, 11521, 14, -1316114, 800, -27747, 451643104, -148270, 1,
            -1856, -90806730, -24, -87222, -250, -133643, -708, 92774953, -11171489, -58556737, 0, 1070921733, 293,
            5482, 7173, -6741, 426, 743462558, -3449365, -18368924, -104259, 852, 402169, -22672, -12149327,
            -1005377037, 9213, -1506, -6771, 13253, -512, 730,
        ], y: [117403967, -4, 374, -60, 220, -109, 2995, -678206, 123, -3148124, -49565, -59686],
        expected: [
            0, 0, 0, 0, 914, 0, 0, 33124, 30, 0, 0, 2, 462, 0, 2471, 0, 0, 0, 0, 0, 2, 1226, 6, 0, 0, 0, 0, 357569, 0,
            0, 0, 0, 3, 6044411, 0, 0, 0, 0, 0, 0, 245, 20284, 0, 0, 0, 0, 0, 0,
        ]),
    .float(
        [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], activation: 2,
        x: [0xc037ada1], y: [0xc0081791],
        expected: [0x3f800000]),
    .int8(
        [1, 1, 4, 4], [1, 1, 4, 4], [1, 1, 4, 4], activation: 1, q: (0x3d00d72c, -92, 0x3de2416f, -97, 0x3f9cb1b5, -59),
        x: [-92, -28, 101, -103, 58, 70, -42, -45, 14, 116, -22, 69, 79, -10, 11, 82],
        y: [-102, -97, 104, -97, -69, 67, -25, -25, 37, -97, 62, -10, 20, -90, -66, 116],
        expected: [-58, -59, 127, -55, -58, 127, 127, 127, 127, -59, 127, -59, -59, -56, -58, 127]),
    .int8(
        [4, 1, 4, 4], [4, 1, 4, 4], [4, 1, 4, 4], activation: 0, q: (0x3d1e342c, -36, 0x3b922a0a, 8, 0x3ce93ce4, 27),
        x: [
            -38, 28, -10, -26, -27, 103, 44, -93, 63, 58, 20, 53, -86, -90, 32, -42, 48, -56, 38, -108, -13, -98, -90,
            85, 39, -98, 121, 52, 10, 46, -101, -95, -88, -122, 67, 43, -86, -3, 56, 54, -62, -84, -25, 102, -8, -99,
            -69, 117, -79, 107, 124, 27, -55, -52, 75, 115, 13, 125, 42, 94, -30, -83, 108, 58,
        ],
        y: [
            11, -116, 60, 53, 21, 8, 18, 8, -112, -6, 29, 8, 72, 8, 83, -56, 119, -112, 100, 8, 14, 7, 8, 56, 8, -102,
            -125, -31, -104, 8, 8, -105, 104, 55, -37, 95, 59, 7, 107, 8, 6, -113, 39, 55, 7, 15, 44, 8, 8, 8, 8, -83,
            88, 8, 21, 68, 55, -109, 103, 8, -1, 35, 29, -109,
        ],
        expected: [
            -128, -128, 127, 95, 127, -128, 127, 127, -128, -128, 127, -128, -128, 127, 127, 56, 127, 78, 127, 127, 127,
            127, 127, 127, -128, 127, -128, -128, -98, -128, 127, 127, -128, -128, -128, 127, -128, -128, 127, -128,
            127, 127, 127, 127, -128, -128, -128, -128, 127, -128, -128, -128, -45, 127, 127, 127, 127, -128, 127, -128,
            -128, -128, 127, -128,
        ]),
    .float(
        [1, 1, 3], [1, 4, 3], [1, 4, 3], activation: 3,
        x: [0xc099c8f0, 0x3eb62ce9, 0x408ede3a],
        y: [
            0x40e30082, 0x40f4a71e, 0x3fbac9fc, 0xc0ee93e6, 0x408e2c71, 0xbf6def0e, 0xc09e909e, 0xc00e4f36, 0xc0138340,
            0xc01d7115, 0x40f78f63, 0x40c82ffe,
        ],
        expected: [
            0x00000000, 0x3d3e9ff8, 0x4043ce17, 0x3f2503e0, 0x3da40393, 0x00000000, 0x3f784865, 0x00000000, 0x00000000,
            0x3ffa0dd5, 0x3d3c62df, 0x3f36b32b,
        ]),
    .float(
        [1, 1], [1, 1, 1], [1, 1, 1], activation: 3,
        x: [0xc0d376e7], y: [0x40ebd52c],
        expected: [0x00000000]),
    .int8(
        [4], [4], [4], activation: 2, q: (0x3d949f91, 21, 0x3c7d09d9, -10, 0x3c0bd0d7, 20),
        x: [-85, -99, 33, 88], y: [35, 6, 9, 39],
        expected: [-97, -97, 127, 127]),
    .float(
        [1, 1], [1, 4], [1, 4], activation: 2,
        x: [0xc0fd8014], y: [0x3f2746a5, 0x40d7d848, 0x40d705ac, 0x40b0d0de],
        expected: [0xbf800000, 0xbf800000, 0xbf800000, 0xbf800000]),
    .int8(
        [4, 3], [4, 3], [4, 3], activation: 0, q: (0x3ce4e3c6, 60, 0x3ec47e0d, -67, 0x3bddb4bb, -78),
        x: [-84, -73, -42, -108, -97, -85, -52, -38, -3, -79, 103, 85],
        y: [-27, -67, 68, -3, -17, 76, -67, -67, -67, -67, -20, 126],
        expected: [-117, 127, -86, -106, -112, -89, 127, 127, 127, 127, -68, -77]),
    .int8(
        [1, 3, 2], [1, 1, 2], [1, 3, 2], activation: 2, q: (0x3e067a05, -58, 0x3c9b7f75, 14, 0x3bf794c9, 70),
        x: [-14, -123, -123, 77, 69, -37], y: [-38, 14],
        expected: [-62, 127, 127, -62, -62, -62]),
    .float(
        [1, 1, 1], [3, 1, 1], [3, 1, 1], activation: 0,
        x: [0xc03b7e99], y: [0xbfd08aba, 0x40897255, 0x40a29c62],
        expected: [0x3fe629b0, 0xbf2e9bb0, 0xbf139659]),
    .float(
        [2], [2], [2], activation: 3,
        x: [0xc0d3c4ca, 0x405d9278], y: [0xc09c9ea3, 0x40e9d584],
        expected: [0x3fad124b, 0x3ef29364]),
    .int8(
        [1, 3], [1, 3], [1, 3], activation: 0, q: (0x3f9da96c, -112, 0x3db82d7d, -126, 0x3c80f89c, -38),
        x: [108, -30, 50], y: [-126, 81, -79],
        expected: [-128, 127, 127]),
    .int8(
        [1, 1, 1, 1], [4, 2, 3, 1], [4, 2, 3, 1], activation: 3, q: (0x3bf12f35, 27, 0x4350728a, 4, 0x3bc98469, -63),
        x: [-17],
        y: [
            20, -51, -59, 4, -58, 30, -102, 70, -105, -105, -92, 4, -70, 96, -120, 71, 9, -24, -121, 4, -112, -115, 27,
            4,
        ],
        expected: [
            -63, 127, 127, -63, 127, -63, 127, -63, 127, 127, 127, -63, 127, -63, 127, -63, -63, 127, 127, -63, 127,
            127, -63, -63,
        ]),
    .float(
        [1, 1, 1, 1], [1, 2, 1, 1], [1, 2, 1, 1], activation: 3,
        x: [0x40ab2c3e], y: [0xc0ecb0b9, 0x3debde86],
        expected: [0x00000000, 0x40c00000]),
    .float(
        [4, 2, 1, 4], [1], [4, 2, 1, 4], activation: 1,
        x: [
            0xc0797ebc, 0x40ab62e0, 0xc0846c9d, 0x4075c32c, 0x40e2d5a8, 0xbf2d3472, 0xc0b35bcc, 0x40cf71af, 0x40eff9c8,
            0xbedce894, 0xc0b30a66, 0x40e211b0, 0x3e8d9490, 0xc0ed7e33, 0xbfb4566c, 0x4077822a, 0x40f311fb, 0x4059895e,
            0xc0a9685c, 0xc0ff81fc, 0xc04d1e69, 0xbfdcc823, 0x3f9c1448, 0xc0b697ec, 0x40dbcac6, 0xc030a5fe, 0xc0c7a079,
            0xbe424f1d, 0x3fd8966f, 0x3ff77143, 0x4097abe9, 0xc0a2564a,
        ], y: [0x40ba9881],
        expected: [
            0x00000000, 0x3f6b2223, 0x00000000, 0x3f28963c, 0x3f9b9a55, 0x00000000, 0x00000000, 0x3f8e4d2c, 0x3fa49e0a,
            0x00000000, 0x00000000, 0x3f9b13e7, 0x3d423dba, 0x00000000, 0x00000000, 0x3f29c8dc, 0x3fa6bd78, 0x3f153984,
            0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x3e562205, 0x00000000, 0x3f96c59a, 0x00000000, 0x00000000,
            0x00000000, 0x3e9492de, 0x3ea9bd44, 0x3f5015f4, 0x00000000,
        ]),
]

@Suite struct DivTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in pipDivCases.enumerated() {
            let (a, b, out) = (shapeOf(c.a), shapeOf(c.b), shapeOf(c.out))
            let act = fusedActivation(c.activation)
            switch c.kind {
            case .float(let x, let y, let expected):
                let op = try FloatDiv(input1Shape: a, input2Shape: b, outputShape: out, activation: act)
                var o = [Float](repeating: 0, count: out.elementCount)
                let xs = x.map { Float(bitPattern: $0) }, ys = y.map { Float(bitPattern: $0) }
                xs.withUnsafeBufferPointer { p in
                    ys.withUnsafeBufferPointer { q in
                        o.withUnsafeMutableBufferPointer { r in
                            op.invoke(input1: p.baseAddress!, input2: q.baseAddress!, output: r.baseAddress!)
                        }
                    }
                }
                #expect(o.map { $0.bitPattern } == expected, "case \(index)")
            case .int32(let x, let y, let expected):
                let op = try Div(input1Shape: a, input2Shape: b, outputShape: out, activation: act)
                var o = [Int32](repeating: 0, count: out.elementCount)
                let xs = x.map { Int32($0) }, ys = y.map { Int32($0) }
                let ok = xs.withUnsafeBufferPointer { p in
                    ys.withUnsafeBufferPointer { q in
                        o.withUnsafeMutableBufferPointer { r in
                            op.invoke(input1: p.baseAddress!, input2: q.baseAddress!, output: r.baseAddress!)
                        }
                    }
                }
                #expect(ok && o.map { Int($0) } == expected, "case \(index)")
            case .int8(let q, let x, let y, let expected):
                let op = try Div(
                    input1Shape: a, input1Scale: Float(bitPattern: q.0), input1ZeroPoint: q.1,
                    input2Shape: b, input2Scale: Float(bitPattern: q.2), input2ZeroPoint: q.3,
                    outputShape: out, outputScale: Float(bitPattern: q.4), outputZeroPoint: q.5, activation: act)
                var o = [Int8](repeating: 0, count: out.elementCount)
                let xs = x.map { Int8($0) }, ys = y.map { Int8($0) }
                xs.withUnsafeBufferPointer { p in
                    ys.withUnsafeBufferPointer { s in
                        o.withUnsafeMutableBufferPointer { r in
                            op.invoke(input1: p.baseAddress!, input2: s.baseAddress!, output: r.baseAddress!)
                        }
                    }
                }
                #expect(o.map { Int($0) } == expected, "case \(index)")
            }
        }
    }

    @Test func int32ZeroDivisorIsReported() throws {
        let op = try Div(input1Shape: Shape(2), input2Shape: Shape(2), outputShape: Shape(2), activation: .none)
        var o: [Int32] = [0, 0]
        for (x, y) in [([Int32(5), 6], [Int32(1), 0]), ([Int32.min, 6], [Int32(-1), 1])] {
            let ok = x.withUnsafeBufferPointer { p in
                y.withUnsafeBufferPointer { q in
                    o.withUnsafeMutableBufferPointer { r in
                        op.invoke(input1: p.baseAddress!, input2: q.baseAddress!, output: r.baseAddress!)
                    }
                }
            }
            #expect(!ok)
        }
    }
}
