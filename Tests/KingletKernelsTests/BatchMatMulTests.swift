import Testing

@testable import KingletKernels

// Vectors: single-BATCH_MATMUL models built and run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/batch_matmul_vectors.py (SplitMix64 seed 23: lhs/rhs ranks 2-5 with broadcast
// batch dims, M, N in 1...4, K in 1...5, random adj_x/adj_y, float32, int8 (random scales and
// zero points) and int16 (zero points 0) operands); data and TFLM's outputs as little-endian hex
// bytes. The generator also checks on pip what outputShapeRewrite relies on: a [1, 2, 4] model
// output for [2, 3] x [3, 4] is accepted (TFLM computes [2, 4]); an [8] output fails prepare
// ("output_rank <= NumDimensions(output)"). It prints the table below whole (see
// tools/vectors/README.md):
//   cd tools/vectors && python batch_matmul_vectors.py

enum MatMulKind { case f, i8, i16 }

struct BatchMatMulCase {
    var kind: MatMulKind
    var lhs: [Int], lq: (Float, Int32), rhs: [Int], rq: (Float, Int32)
    var output: [Int], oq: (Float, Int32), adjX: Bool, adjY: Bool, x: String, y: String, expected: String
    init(
        _ kind: MatMulKind, _ lhs: [Int], _ lq: (Float, Int32), _ rhs: [Int], _ rq: (Float, Int32), _ output: [Int],
        _ oq: (Float, Int32), _ adjX: Bool, _ adjY: Bool, _ x: String, _ y: String, _ expected: String
    ) {
        self.kind = kind; self.lhs = lhs; self.lq = lq; self.rhs = rhs; self.rq = rq; self.output = output
        self.oq = oq; self.adjX = adjX; self.adjY = adjY; self.x = x; self.y = y; self.expected = expected
    }
}

let batchMatMulCases: [BatchMatMulCase] = [
    .init(
        .i8, [4, 3], (0.0032159968, -95), [3, 3], (0.21079034, 94), [4, 3], (0.0507745, 24), false, false,
        "d5be8b9e0926daa5a734893c",
        "2da3bb4d171ec336fb",
        "1d86ab808080e58391808080"
    ),
    .init(
        .i16, [4, 5], (0.063968554, 0), [5, 2], (0.20498411, 0), [4, 2], (2376.187, 0), false, false,
        "d21758fef10bac9cc61e4a7150cde0996821204e649ccda881e109ae8735cccdee2e9e0eccd6b57e",
        "34de6347bc5d2ead32d1cd49c650a1c71f33671e",
        "bef4130d16046707bdf5ce05180cb2ff"
    ),
    .init(
        .i8, [1, 1, 1, 3], (0.22771776, 54), [2, 1, 2, 1], (0.030628614, 103), [2, 1, 3, 2], (3.064584, 92), true, true,
        "0bc853",
        "caed72b7",
        "6b687f7b52545b6d597f5d50"
    ),
    .init(
        .i16, [2, 1, 1, 4], (0.012553212, 0), [1, 1, 1, 2], (0.09464723, 0), [2, 1, 4, 2], (72.68247, 0), true, false,
        "8fe885a3f9e939010cd9b09c3075f7de",
        "ab0728bb",
        "3fffc10608fda51a4bff59060a00a6ffc0fe390bd0fc9c1cc3033ddef1fe8409"
    ),
    .init(
        .f, [5, 2], (0, 0), [1, 5], (0, 0), [2, 1], (0, 0), true, true,
        "b647573f2e1aeabf9b3cc5bd601f75bf15ca1ebf8a1c8e3f02f0dfbec93dbdbea29a923cf6603ebf",
        "6aa362bf4a7ed0bf0186b1bffb754b3fe00ecc3e",
        "e8f18abdd640863f"
    ),
    .init(
        .i8, [1, 4, 1], (0.021116028, 11), [1, 4, 4], (0.14564525, 32), [1, 1, 4], (4.010166, -15), true, false,
        "24ef6a99",
        "680f03080d495e0ec8f42e28e7a433b7",
        "f1f7eefb"
    ),
    .init(
        .f, [2, 1], (0, 0), [2, 4], (0, 0), [1, 4], (0, 0), true, false,
        "38a06d3f7809cabf",
        "b8aebc3f6a12f23f0e2e75bff297963e8d96d7bf472076bfd579243e5169d4bf",
        "58db804090785140183e92bf121c3940"
    ),
    .init(
        .f, [5, 2], (0, 0), [3, 5], (0, 0), [2, 3], (0, 0), true, true,
        "73beccbfc6c0ba3fd579883fd899b03f33349ebd8e7347bf18974e3fd40ed53ff31f52bc0d8ab6be",
        "c9ab77bf8317c73fc45b6bbf89b3debf03424b3f72e0edbfe9b8acbfabe9d03f116edabf01a4f83f9a0bea3f5f6165bfde1ec6bf13d3413fc7650c3e",
        "366dee3fbc98bd3b16af49c09a3addbf800b16c109537640"
    ),
    .init(
        .f, [1, 1, 2, 4], (0, 0), [1, 3, 2, 2], (0, 0), [1, 3, 4, 2], (0, 0), true, false,
        "0dfff1bf43e5fb3fcde7acbe12bd003f6919f93eb01aedbf24ec03bffdbe6bbf",
        "5933d8bf469a503fa378dd3f76e1073e6fd4b43faebb49bf48e0e73ed8d2773f7db39dbe88655bbfcede99be57410cbf",
        "e91f814093edbcbfdeedd0c09acbad3f9277a4be64e7afbe29561cc0bc3d933e22d61cc0d6fbfa3f0c7bf83fda0356c04be135bf72546ebe3437963e22d5a4bfae49df3ecc46ad3f708e4abdd6f32bbfa48c843e405e123f7090f93d849e963d"
    ),
    .init(
        .f, [5, 4], (0, 0), [3, 5], (0, 0), [4, 3], (0, 0), true, true,
        "c6debd3fea3c92be95d7ac3f698ca83f317bf53fcfbc6cbe8577b13f82c6943e8107d03f871649be844531bff75981bf7ac5a53f274af23f01dc44bfc77f713e3b1cfd3dfbaf0fbf560c833f861c6bbe",
        "74ceff3f33fa31be0326a03ee481ea3f25aec9bfb3249c3fd17698bfc45f0fbfed62b2be45a0a43f1ade8c3e6e35bf3f9f5b143f39f19bbfcf85153f",
        "e928aa4058b3d6bf1a642d40fda77040fc16acbfb1fc4ac036ec47bfdcf0fb3ff5df6440cfc34340c16eb93f18c457be"
    ),
    .init(
        .i8, [3, 4, 3], (0.009038798, 35), [3, 3, 1], (0.0020750233, 40), [3, 4, 1], (0.003315273, 74), false, false,
        "67a58edaace112c09ebf58599535900c0d547139b67432cf81e1197b7d063da184ab74fd",
        "a898c5f207a653bafe",
        "7f7f7f497f317e6c4e2e7f03"
    ),
    .init(
        .f, [2, 2, 3, 5, 4], (0, 0), [2, 2, 1, 5, 1], (0, 0), [2, 2, 3, 4, 1], (0, 0), true, false,
        "5584c9bfde202e3f828ef6bf3a794d3f170ef2bf94c1c1bfaa80bf3fdded02bf569fbfbf7d078f3e543a883f723221be77be8dbf7827b3bf78083b3fa0515abfd0b4d43f2eac993f076027bf28b50fbfe7fdfd3f323caabf4d68a43f29eb9d3fa9f93abeb0aa363f5530b2bf21b1adbf36ace9be5d6f133f6c42d63f910b26bf5d50973ec310793fee2587bfc096dfbe1990a73f1002b83fa439bcbf87a8d83f488af63fbd6efbbf155236bf0916a1bf3387ccbfe813d5bf07405cbca54c723fa69738be64028c3f9bc7b53fe9280b3fdd4263bf67d1173f4aecd6bf9774bcbf07edcd3fda8eb53f0c01403ee6aebd3f30b9153fd44318bff79438bffe48a93ef357a8be8cbfe5be73d7e6bf50c2683fc6f765bfd0f0a2bf7a1a80bf7daff9be4912903fa3cc06bffb73fdbfea75a3bf588f2fbf1058013f5f7ee93f113698bf8658cf3fa38fa5bf1dc8c23f28991c3ee066fbbf105bc63f978fcebf558477bf69e0633f46d1cb3fa62a15bf279f4e3e4b049c3f22c66b3e4c71a7bfeb54f13f68ea453e50c294bf8e0145bf6154aebf7500ee3fd5091c3f228dfe3fbe2d883f7347d1bf3881eb3fc24da63d5516b3bfb16989bfaaf0e5bf7b31c83fd6c7ddbfad4e4abfe90cf63fb6d6ff3f38f34b3e6dc41b3f7cbaecbf2d21cfbe8883783f24d4f4be0c1f513ecf82e43fca16a93e1284bd3f819290bf7c29ac3e309facba2ee6cbbf145a7ebf72c4babd28b51bbf65c7263f9f3e6a3ff6b50abf847ea63b9a93c7be42ced33f19764c3f38f35bbede91e7bf69c7093f4f79643f1a4f843d179d863f25e8fbbf8a908abedac9eebfea79173fbce661bfd428143eef398a3fd80c303de8dce3bf124cf33f48f85ebc0ceafd3f1f4c723f13d3cd3ee3fabf3f4a99443fbed9883f1519713f46cd99bf6329923f043d543ce128db3fcf86c43fde038ebf637bd5beb803053e66bb723eb1a7053f297b9fbfd6a887bbe04b21bde19af93fad1462bef015dd3c3cdded3fa1f702bfd5ec41be4791bd3f126ae83f9f04823f247fb0bea4e2b53f5400fcbeac1a303fec88cf3f6d3a36bf637a263ff7ae61bf0ff1adbf113842bf0cac13be73f3d13f66888f3f8ae52a3f2fc096be7e192c3f7d0353bdd0272ebf9692ad3fe141d3bedf88febf404fdb3fdec9ffbe5018e2bf7cd44fbe670dd6bf5f429f3f09e1e5bf71aaedbecd8fdb3f223333bf88b8c93ea455153f0039913f501b0dbf6e317b3ffdf9023f533c7ebef65ff93fb9dd833f1153d83fa182d33eda36ee3f1bf376bfccf0f7bf2a8dd0be7e01953e40a245bfafd0db3f1cb7703f21e90f3f2b6b773f7f4e913e6c7c8e3e40dce53f",
        "8e212cbf73ba2c3fa88f403e1d8fab3fe5d509bea4feeebf5b424abfccd0403ff832f1be05c325bf9468753fbad7b93e66bbc83f3c31bb3e11aaa03f2ee1f2bff52d6b3f4f21d9bf309ec13ead689bbf",
        "df3b0dc057ad5dc0849b64405bacfdbf8a63a9bf0f0c26408e242dc00c892bc03f1074c059ec803fc3f9c4bf7bf615bfeb29ccbfa0b9da3e976de23fc4aea9be1238c0bf522e42400c0064bfdabe1f3f0ca840c038c769c09ada51c023243ac02ce42ac012a4233ff2aa1f40bacd67bf212f0540a2c585bf74c20b40ac2d3d408f27034047beb6beda53e13f881906403e3fcbbf72a892c02685b2bf8c5396c02a963c3e4a3011c009219f40959e97c060953ebfda8485402e96c73f275a8ec0"
    ),
    .init(
        .f, [1, 5], (0, 0), [5, 1], (0, 0), [1, 1], (0, 0), false, false,
        "ee0ac73f28d348bfb404e73f452a6c3e3be248bf",
        "50c4aebf2b6bd7bf14240ebf6fbccfbfa019c43d",
        "7c4910c0"
    ),
    .init(
        .f, [2, 3, 4, 1], (0, 0), [3, 1, 3, 1, 3], (0, 0), [3, 2, 3, 4, 3], (0, 0), false, false,
        "46eb283ff1d9da3e4294e7bf15520a3f857b25bf5a62a1bf9818cb3ded466f3fe4656dbeabb1acbfcefcb4bf3204aebfb396f2bf05c26ebe1747d7bf3865aebd8a1ce83f6c06983fe67574beb0aaaa3fedf087becd93efbf9d13033fcc9b95bf",
        "6919e53f9fffe23ff227debf5d19c8bf37379cbf3f6e6b3fce1991bf2e59993f24b865bfe0a039bf629d26bf560bee3f77f3d23f272e5f3f5e646abf1c3f9cbe4a79e9bf327351bff9f62e3c043c4dbffcaa3c3e897b0c3f6e69d53e2f4e1c3ea01805bffb92bf3f9676123f",
        "3a2b973f5fc8953f629692bfaeda433fee0e423f25eb3dbf9c3e4fc01f584dc0b4f648404f92773f284d753f871170bfe558813fecf5493fa72f18bfa749fc3f7bf5c43fc96a94bf56bf1ebe95ddf7bd0ac7ba3d1e07bbbfd40292bf270d5c3fa48e863e98348ebee806553e14c4c33fb0e4cebf26f79a3fde2acd3f47d4d8bf5368a23fd643c53f417ad0bfec269c3fe21859c0451b57c08a84524041abd5beb0b5d3be8231cf3ef6a740c0b8e33ec03dd13a40db111cbe7fa31abefd56173e4b6d35c074a30dc02876d53f28a8edbf6889b9bf5dcf8b3f5414bf3e922c953e81d160be426605c0a549d0bf2ff49c3f541a9a3eb2dca2be99f8733eddca0740cb820fc08afbd63fa59614bfc4081d3fa83debbea698a93f763cb3bffb3f863f59f8f4bed1e0dbbe36129d3f07b19ebede6f8ebe4f804b3fabeba73f81b8963f175657c07b98c8be860cb4be709e803fb45c88bf6e4410bfc983173f29fc04c0c5b18cbf2cc3933f535b273e0a0fb13d1bf4b9bdbe2bc53fec99503fa4145bbf9de4903d3682d83e023b423eaecdd23e877f1d40c24a8d3f57eddc3ed70f2540d513943fe96ad43e44b41e40bb5f8e3f5ae7af3fdbe29d3fd89261c040202d3e98641b3ef302debea8199c3f721c8c3fa02d48c07be97c3db201633dd32922be28443f40b55aca3f1785d4bfb38bfa3f0089843f79318bbf3471c9bec61e55be9cd35f3e54a20c4074c9943fee429cbfa7f0a53d60f5f73ebb715e3e2039123f087f5a407903c43f880020bee8156fbffd7bd6bea49fb63eaf71084008cf743fc0e5e63b016c07bf34fbf83d4493953bd473afbe394aa13d2f469ebc03a8b93f8dabaabe7712bd3b50c8ddbe54e1cb3dcf9eb5beecf389be9e13cabd541f31bf4c8906bf711245bee9e65e3d1b4f293d0702783c414e033f8e78c73e4c18123e8bd9f63d52a7b1be14d207bed591333fb53b01c0a59a45bf80313c3f877007c008184fbfd6f1343f0a3902c0011e47bf76cca5bc8c7bc23fb2c8b2be362e23bb57693f3ef4f52fbd012293bc6596ac3ffea79ebe16626ebaf0cf8b3dd08680bc3bbf7e3f567f413f47b88d3ebfd9263fe877fd3eafa4393e712606bec6cacbbd814215bd674f3b3f4e460e3f4568503e7d5a0d3e9b75cbbec08c1bbeaa1d793fd34833c0451189bf994b88bec82d443fcffb953eaa901b3f45eadfbf50302bbf"
    ),
    .init(
        .f, [4, 1], (0, 0), [1, 2, 2, 4], (0, 0), [1, 2, 1, 2], (0, 0), true, true,
        "164d67bf93fbef3f1475bcbf7d5a4dbf",
        "61c0e43f5cc80fbf2b34cc3fdd98623f1dc806bf22c3fe3fbedbb2bffeee8d3f0abaf73f3d4782bf9f38203fce181ebf3a3f493f008f483f87e020bf2653e1bf",
        "5e40b7c01c01ac40a1a782c0fb224640"
    ),
    .init(
        .i8, [1, 2, 1], (0.028776944, -120), [3, 2, 3], (0.027024657, -64), [3, 1, 3], (0.09507586, 109), true, false,
        "2fed",
        "9cdf336c9e5dfb46a0afc01f0b6768bc719a",
        "7f7b7f7f7f7f7f7f7f"
    ),
    .init(
        .f, [4, 4], (0, 0), [4, 4], (0, 0), [4, 4], (0, 0), false, true,
        "5b9a933e0f281bbedfc2fabed87d733fd251de3f9f569f3fd72fd8be492c893efbb088bf3f0283bfb4aa053ff9f40cbfd31376bec079993e14e7a0beeb8a31bf",
        "3cf6f33ddec676bfc87aba3e2e8fc7bfc44063bfa3e401bf80b98c3f5d6bf3bfc30baa3e58ffefbfb51aecbfc520c0bff511c63f7affdbbfcbf3debf658ba4be",
        "d18cbdbfa5ae21c098df13befe80a03fb443c8bf386b49c061b3b0bfd447993f4c3af43f41a9454019c0b63f0a3920bf2632263f386e843f56937a3f4c31efbd"
    ),
    .init(
        .f, [1, 2, 1, 2], (0, 0), [1, 2, 4, 2], (0, 0), [1, 2, 1, 4], (0, 0), false, true,
        "ad844e3f19e604be9cf73bbf02b79ebe",
        "a702debe878a99bfab790e3dddb33ebe094ee73f0839573f4f954bbfc7126abf71ac13bfd6e1383ed0b7c73f97ab4f3f8aaff83f9df1c9bf1f4d593fc2c1fcbf",
        "86c746bee4ef553d51a1ac3fa3da05bfb533bc3e88d4b2bf0afe6fbf404f36bc"
    ),
    .init(
        .f, [2, 4, 3], (0, 0), [2, 3, 3], (0, 0), [2, 4, 3], (0, 0), false, false,
        "7c9cab3f342df13ecfd7b63fe02a5fbe55c0bb3f2062db3ed179cdbda392f63f52ee2e3e7364c53e0b9850be36e9ae3e3b70bebefa7bc5bf69c4f4bf7cf3a53fd767ccbffe268a3fc3bad53fa2b4633fac36a5bf27f9933f6956b2bfc03c64be",
        "0264f8be56ee7dbfa019443fb11518bf6a31e63ff44de03f95d2bdbf994954bf05a3bebfd253f43fe4bbfe3fe7fcd4bd23a3933e35274b3fd8d5d6bf5b94fb3f7ea8d8bfc2bd523f",
        "4c1d43c01f6ad5bfecce8cbe8457b3bf51eb1f4042f5e13f79aeacbfe2045b40acd74240ac9812bf141a84bf6a0812bfe2399dc086d6a23f2fea863f1d578440149503bfa6c55b407c27683fe8d5c64060a92ec041f4ae3f2840c93f3c390240"
    ),
    .init(
        .i16, [2, 2, 1], (0.0038983612, 0), [4, 2], (0.007638047, 0), [2, 1, 4], (2.9593344, 0), true, true,
        "a6dbaec6bc376dd2",
        "0ae4ffee5990261a0cfb4ba2a194e65b",
        "210598064d0e7cfcfbfde7ec4a0acce5"
    ),
    .init(
        .i16, [2, 1], (0.1401193, 0), [1, 1, 2], (0.056525134, 0), [1, 1, 1], (358.12347, 0), true, true,
        "21fab590",
        "324bc4ba",
        "2029"
    ),
    .init(
        .i16, [3, 5], (0.028875485, 0), [2, 5], (0.060262103, 0), [3, 2], (105.83258, 0), false, true,
        "f0ec2add183b6c48adad96232cce140b1006dfceeababfd1155d762d9217",
        "6425765069a3ed7345e02ab27ea98bd74565ae42",
        "8108a210edf965f939d49e31"
    ),
    .init(
        .f, [4, 4], (0, 0), [4, 1], (0, 0), [4, 1], (0, 0), true, false,
        "cd77ec3f3a08b0bf431ba0bf43e1933e5a10a03f7ee381bf124de8bece54843f51f7833fcaa4a4bf4d158cbf9f0476be75e63abf9355a3bf84a0733f0e11eb3f",
        "a2eccd3fbd8afebfe6b1d6bf9d83d5bf",
        "40fed5bc93ed8240f0a35cbf440d88c0"
    ),
    .init(
        .i8, [3, 2], (0.001194813, -41), [3, 2, 1], (0.017297255, -13), [3, 3, 1], (0.0036867196, 66), false, false,
        "be61d4ae71d9",
        "e79e6eacff85",
        "025637fa507feb5b4b"
    ),
    .init(
        .f, [2, 1], (0, 0), [2, 1], (0, 0), [2, 2], (0, 0), false, true,
        "9e3f79bf89b1fa3f",
        "268bf73fbdc3873f",
        "dc03f1bf202f84bf8f6972404ef30440"
    ),
    .init(
        .i8, [1, 1], (0.0027660334, 101), [3, 1], (0.10968505, -37), [1, 3], (0.04180131, -71), true, true,
        "f0",
        "32f811",
        "80a08b"
    ),
    .init(
        .i8, [4, 2], (0.001931959, -63), [4, 2], (0.06873433, -85), [2, 2], (0.03681505, -13), true, false,
        "7482767abf019d7a",
        "c9fcbdb125102585",
        "012f66e3"
    ),
    .init(
        .f, [2, 4], (0, 0), [2, 4], (0, 0), [4, 4], (0, 0), true, false,
        "2dccae3fbc5a463f85b4a23f7990983f8acbad3f38bda7bf65a9f5bf062c11bf",
        "0d1af8bf6346c03e6d567dbedee3cc3e3d0ca3bfdb4d003fbb47723fc7d5b6bf",
        "3e0c8cc038bf983fd078723f864cb2bf50772b3ee74bbbbe3349b7bfb4a40b40806a9cbc6215f8bee65f08c0be0150400041cbbf9050273e70e154bffdbba43f"
    ),
    .init(
        .i16, [2, 2], (0.061671987, 0), [2, 4], (0.003221673, 0), [2, 4], (5.499076, 0), true, false,
        "08cb8f6bd84c543e",
        "9accea04c20a4eaf7e6d862f22a2a5a9",
        "02675f1f03b828eafd0b492096d40080"
    ),
    .init(
        .i16, [3, 1, 2], (0.0009947444, 0), [1, 1, 2], (0.0048311544, 0), [3, 1, 1], (0.27627015, 0), false, true,
        "4b744574f8a5df744f5ef41e",
        "b6fa6ee4",
        "fceec6f3faf9"
    ),
    .init(
        .f, [3, 2, 1], (0, 0), [1, 1, 1, 2, 2], (0, 0), [1, 1, 3, 1, 2], (0, 0), true, false,
        "7d5ad13f9b20463fbd349d3f390bfd3fc380653f9df4c63f",
        "583ad73fdee6793f0fedd3be02d6f0bf",
        "2a821b40f0cc0f3ef5989f3f065321c00a335d3f582903c0"
    ),
    .init(
        .f, [1, 1, 4, 3], (0, 0), [1, 1, 4, 3], (0, 0), [1, 1, 3, 3], (0, 0), true, false,
        "8ecbbcbf6c0684bf6afa8ebf0b25ab3eff25f53f4205873fff59473f768c4fbf1d77f2bff10d9d3fa489b73efb07dbbf",
        "0000143f86a9cdbf2e3af3bfbb7cfbbe8d7ff3bf36cdd3bece17473f19c8b33c47cade3fdd098ebe0d8abe3f09c536bf",
        "d46d40bfb4f66440f73449407e1611c0be32bcbf2eadffbe39640ac0343f33c0943fc7be"
    ),
    .init(
        .i8, [5, 1], (0.0031700712, -102), [5, 1], (0.020336522, -63), [1, 1], (0.04970025, -82), true, false,
        "c423e0a3f8",
        "e12deb6514",
        "d3"
    ),
    .init(
        .f, [2, 1, 2], (0, 0), [1, 2, 2], (0, 0), [2, 1, 2], (0, 0), false, false,
        "9887e83f6c041e3f8a93d73f228bbcbe",
        "96ec4cbfde1f7fbf207cd2bf6763cf3f",
        "98071ec026724fbf0b1c3ebfd49a11c0"
    ),
    .init(
        .i8, [5, 1], (0.02314037, -46), [4, 5], (0.003083011, -113), [1, 4], (0.039948773, -78), true, true,
        "4f80510c22",
        "0cff836ac413a377195a7d8652448e309956e627",
        "d92c2720"
    ),
    .init(
        .i16, [2, 4], (0.010049094, 0), [3, 4], (0.006845838, 0), [2, 3], (2.5047178, 0), false, true,
        "1c97153bdd5300eef00561a1cecc3a0e",
        "c903d2a050cb79b11aee13f221234e5d35be71cfa96a37f5",
        "8ac052109c5c974a350516f6"
    ),
    .init(
        .i16, [1, 4, 2], (0.011453443, 0), [1, 3, 4], (0.012149127, 0), [1, 2, 3], (69.16968, 0), true, true,
        "50579fd5e89cf239fd1805f5946a370c",
        "f6713224d881056ea184393c5c0629fa4a868631261eb4f7",
        "b10724f7eff700006b04e903"
    ),
    .init(
        .f, [3, 3, 1], (0, 0), [3, 3, 1], (0, 0), [3, 3, 3], (0, 0), false, true,
        "7559debf003935bfaf7b0b3e022e2c3f0a64763eb9175c3fff5a923f30b80a3f919d933f",
        "edf1423db058c73fb554f0bf2e91873f1990113fedd3f13cdbc00d3eea96e7bf414afebf",
        "eb51a9bd92242dc070bd504074000abd171e8dbf6721aa3f166fd43bef3a593e1bf282bed05b363ff4cdc33ed9a5a23c7c7a823e5a190c3e26c0e83ba71a693fa54afa3e88e8cf3cc014223e636604c0bc6011c0e69f993df4fb7abffcca89bffb79233e338a05c027a112c0"
    ),
    .init(
        .i8, [2, 1, 1], (0.0033833275, -127), [1, 1, 3], (0.035088424, -75), [2, 1, 3], (0.004782923, -81), true, false,
        "48fe",
        "169761",
        "7f807f7f807f"
    ),
    .init(
        .i16, [3, 2], (0.014969127, 0), [1, 2, 2], (0.0015174575, 0), [1, 3, 2], (0.34106904, 0), false, true,
        "821fddc33b17df027fa7362f",
        "af56dc0860b4e71a",
        "7c25cabbc4225de35484ff7f"
    ),
    .init(
        .i16, [1, 2, 3], (0.09265362, 0), [1, 1, 2], (0.00137589, 0), [1, 3, 1], (60.58358, 0), true, true,
        "37f99a497a782a7732289ff4",
        "c6d332bc",
        "cffbc7fc8cfd"
    ),
    .init(
        .f, [3, 3], (0, 0), [3, 4], (0, 0), [3, 4], (0, 0), false, false,
        "a855ba3f7affa73fbada5e3f7d789c3f4ed1153fcff9c13e7b4b95bf1426d43eb41d9bbf",
        "4f224e3f9126debc65183f3fd6a7c0bf93c7c5bf5299e03f38f4563d5bb6063e58378cbfb536413ffe48d13df835d63f",
        "089be7bf00ea3a40a94b9f3f46c20fbfd980abbe50cca33f9f5f7b3f417f90bf28fa80be58af1fbee20579bf203f5fbe"
    ),
    .init(
        .f, [4, 3], (0, 0), [3, 4], (0, 0), [3, 3], (0, 0), true, true,
        "e5b3383f4069843fa4fe3a3f3144d6bf54909b3f7023adbfd42a523f075e45bf164be3bf386502bfb9ff583eabcaf8bf",
        "f4fabdbf0d17d5bf7cf2cabf0e69d83ff776fdbfdfdfb0be90bb8c3fae7dab3f6684873f84f4f6bf1c26cc3f9a3e933e",
        "60d6e4be6c5521bf0b01a540da2dfdbfb60c42c0f3c41ac0746b323fb823b1c0c00d04bc"
    ),
    .init(
        .f, [4, 3], (0, 0), [3, 1], (0, 0), [4, 1], (0, 0), false, false,
        "8b70fb3e49bde1bf157255bee869c63f2506313e2f8aa23f0856f5bf2e1fedbfabccd23f1dc85a3e6b0ba73e0dff29bd",
        "893fc43f59888e3ca870703f",
        "66c7063f26a064400c49b6bf50aa963e"
    ),
    .init(
        .f, [3, 3, 3, 3, 4], (0, 0), [1, 3, 3, 2, 4], (0, 0), [3, 3, 3, 3, 2], (0, 0), false, true,
        "c1379dbe6938393fa373c6bebc40793e3d7d80bfcf4c903e02659f3f054f653f93538dbf2d97abbf2270fcbe2e56a03ff302ecbd4e63633f8997c7bef758a23f46eae7bf048d9bbfd67283bf5a80b63fb77bf1befdf5d2bf1ee2993ff60b763f0a821bbfd445acbf5e694dbfcf81a9bf39d4873f8eb28cbf2ead8a3fcc7cffbf5585c43fa5d996bfce18e63f32e5473f5dc1a23f137f0c3f61507abfb4718abfa720173fe2069ebfb1fadf3f07b3fdbf8fe29cbe2ac6cdbf79b29fbf683fe0bfc13b753f5435c9bf7ee4f6bdf0a4e53df23f29be7e56a13f28bbbd3f0d6c7d3f70244cbfb58cd4bca4a780be53cbd6bf4ad47b3ea9bdd6bf3bc54e3f5a62f5bf8d0bbd3fbb9c02bff0fa183fa839d5bf499feebef642e1bd47afe6bd5a65eabf77f8cf3f26c5e9bf7427583edeccaebfa94de23f47c9b33ead8ac83e60ca803dce54b83fdee3983f43c623bf328ec5bf4a45e1bfbff1cd3ffe9991bff6cfc5bf0399a5bf43e5f13faaf2353f0a4c973e2b5097bf357ed1bf15ca223fd6c8aebf7d58b53ff9bcd03f2bdd09bf58c9c7bcdcb7fcbf282948bf384dbfbd6c930a3f280b07bf17d443bfe78ad2bd9548ca3f658f44bf5fea67be58598bbefa41c3bf29b46c3fe2569d3fe623c93f7365f8bf68584c3e376ba03fe71ab03fd1caddbdd3bc433e84f143bf3be2103ec4ee91bfd49b9f3f909f89bf88d6063f7efe67bfdec6063f4ed4eabfccf1aa3e155567bf1ee02d3f897d9abf884b883fa0fc41bf02b9003f713ac7bfdeffcf3f842e15bf32c712be91d18b3f751cabbf703f703f05bf6d3ee085fdbedba7133e8a8eccbfff21e53f488822be91b6f33fc4cc463f16d93e3f7b87a7bf145ba7bf876c923f7d03b7bf2deba6bf6ea2cabf548d86befef3043ff4fe6f3f98167dbf486dd4bff75a703e9d674c3fc18ccdbf5a67b8bfda55fa3fe335b33ff06c8f3f1d1c843f420a5e3ec8cfe6bf7650d9beb9feeb3f596b00bf24efc0bf4d13563e1a8b4e3f0ed7cebf3eec85be2c11fa3ff3c734bc6248a2bfadf6103f6bb8f0bf17f296bfda75cfbf0988493e2cf0e7bf3d44adbf677cef3e09de94bf5d8bbcbff5beeb3fec32903fe883293f4fadc0bf349cb6bfef73b03fb421f13fe0806abf8fa5533f923e95be16869ebfed9eacbfcd90ea3d6cb3b13fcde6f53f9659e43d9f90ffbf1616bcbe088f06be57b190bfe38cf53f0323bfbe0916b7be664ef93f520bafbf0c23ab3f5985d53e6397ec3f8124943e2c2d913f938fad3fa19e843fb1a5edbf1937c53f58fdd93f9719da3ffd2f9d3f711de73f959af53e86c6c93fd235d53f724ef63fcde70c3fc6dbb23f9373fa3f34477a3f4b94e93fd5e7ce3fab9323be4e61fd3e9ca7cc3fe750ec3f6dcaa93faa474ebf8cdae53e4ad2cf3fc1357fbf2d3e9bbf96ceff3e24b992bf8788853f6b2895bf7e8dc4bd3bfb8ebfff939fbd1d21b5bfe09da83f6764d8bef871b2bf5fb5323eb5dcffbff9f3cbbfb5ddae3f7025ed3fc4e8af3fedd2e8bf4be743bee7721fbf588cd0bf1ff7f3bf60039c3f16c1373f07ef07bf29ed553fb9e39dbfa2b68fbfe10c2e3e7cb74d3fff5db13f8124a43f9fb0143efb5a7fbf676064bcc059cabf6533773f8108f9bff642f53f158c363f3ecd813faf413b3fa2245c3f2a91c4bcea3ec6bf9c6b403f1dca603efeef283fef20d2bfa1da203dde8f8dbff04c203fc7d914bed2a6803fbbb8e5be467bbebf0d54e23fb81db8bfb6d5963ff032b33fed66debf6a4cd03e2381463ea450fcbfd7a067bfbd1b3b3e8f54dfbcbf0a98be9527fabf79ad64be8b34a73f",
        "9510c6bf8f515ebe9aebc03f8692e1bff99d3ebf9529763e38a1bc3fbf9aef3f31cdd23fa8375bbfc93ee4bf5a6794bf0fed033f658cd33f849c373d378a7cbe8928d2bf029bf93f693869bfa680be3ffe7e493ff3ff2abec77e9e3f054ef6bf5dc17ebf81edde3f6e4e193f9dbd1b3f473b8ebf842867bf683f94bf6346283fcba2c63f51f65abf1d206cbf7170dbbf70ec49be786070bf3a5ced3f42609d3eb267db3ff12cbfbf3a7456bfb9e2a23eae10cebf1b48c13fd5cae4bd6d6ff3bfa04e293e7847dabfa0df473f992e14bfec30b2bf3bfca53f895f9b3f970185bf69c63ebf8d63ce3fcc46f9bf73d7d2bdb589953f0fb9c7bf7d757d3feb003c3f8106abbfa819bebfc571be3faef3273f2f6ebd3f90f4f53f19e6b4bed6c8ae3c",
        "d2f031bfd9f3923e8a2ce53f34778a406e7973bfc58e0740a3e6dcbf20078a3f69efe1bfb3bf55c05ce727c0439b49c0917e37c09291a63f48fdfac0a06fc640716ca9c02e3b0840fecac6bf8d54bebfa55039c0f8b837c031da89c0ca780540d4003040198c8c3fafc38cc0fa75f33f6c58f23f18d74cbf6803d23fb862203fc1d51040c0543fbd4eb88fbf128b8240eed38a404f1d3dc05ae417bd6543ccbf3ad4b3bfb022be3e2ff7c840827cdac067302640958662c02ec636c028aa4c3fe03aa4c0c770ad40057e8040ef268cc05e622e40a98d0bc05dfb60400d512fc0cde68240cadcdabfda7fd73fd31dfd3f9a8b0240be0461bfcb7c4540932463bfe3fb3840207821c09c21b2c016d1604094abc6c0c9817240455c9f40766870c0c859fdbff6a083bfa0eee3be669862c012f046c06da82740c0a94e3f9647c1bf0eb6704088de54c0db77684035ef86c026a3263f66d647c056398040d2fdd0c0cf88bc3fe0ad41c07bf4da3fa9628940a301fbbff08eb83ff70d9ebf1afbdb3fa20ce93eae571040799e53405e5410c019616d408c79d0bfff47983edc4215c04e44bbc0ad3fb540e47d863eaa2fb6bedc06c040289c003f40aeee3dccb117401a2e32405de51dc0c68358c0af7558402b7a0bc0200bb13fffff03c0d69ebd3f16d2783e888431402c3f2640805e13be0ab143bfff0c4e40949e01407b3b3a4087618d3e4bf02740cc7a2640001234bd2cd88d3f543a31bf77246d4044cda2c02078c33d42e8c0bf50546e3f8827973e46491ac0503329bf52fe33404087dabf882891c0ea5566bf85dfc4bf4821a23eff344640d036a5bf117d46c0bac82340852e27c005decf3fb27ad440adcca1c03ea0b83f0e05b4bfe0688740411297c0a2bc7440ead082c0"
    ),
    .init(
        .f, [1, 2, 1, 5, 3], (0, 0), [3, 2, 1, 5, 2], (0, 0), [3, 2, 1, 3, 2], (0, 0), true, false,
        "85ed99bf809ad0bf55be8d3f95f2dabd2e7154bf3c31873f730ea23f0e6b8abf849b9cbfb1fb9a3f73b9d1bf8b1bbb3fcbbc8fbfee761dbf0130ee3f09def0bf4ca6e4bfbb437e3f32c9c6bf77f609bf9e618c3f27f5c5bed8d8a53fbde3f2bf9eea883fe23b93bf459d05bf28b5ed3fcd58aebf9eee2cbf",
        "693a2f3f3eb364bd315df83f1c27ab3f395e093fe5b5c2be1002e83f9f580f3ffd101b3e38842abfeeb5c03dce70b73ff1d4bdbf03057ebf4910f03f749af13fc0417fbfb3b4ad3fcf68d73f73f6ec3f8fe2bcbf1a51a23f94fa9cbff2d0773f647397bf33fb883fd8476fbf616f42be2ec66c3fc58d37bf7cd1b8bf97c7523f0f97dc3f59fca63c0af8d7bfcb2de93f9432f5bf8753ae3eb8cdfcbf917d863fa664d13ebf43adbfd34d723e5a0d7dbf9be7ec3f03cd2fbfd9e96f3f0377a83e2190dfbfff97333faa80fbbeff92debf1bda003deb72923e45d503bf44de26bf5bcd7e3f823699be4469c9bf6951abbf",
        "0732d63fa7615e3f88cecbc0a0bc8ebf44a1a240dc87b23f356c5d40224140400e3cf53f39626ac0d6aab6c0c492a6c05a9fe1bf5c789a3e5745b5402d9b51c0074190bf4829fdbe22c3a0c08078f63c91748b40eab771bf6bbbbf406c4460c0a2829d40b207f33e68d554c0a61733406c475cc06044ab3d006d48bf20708c3ea488983f78ca8840369c883fd342623f"
    ),
    .init(
        .i8, [5, 2], (0.0606173, 91), [1, 5], (0.061563242, -37), [2, 1], (3.8537197, -10), true, true,
        "40b8b65b3707618a01fd",
        "56d1136d87",
        "fbc8"
    ),
    .init(
        .i8, [2, 1, 2, 3], (0.01449391, 124), [2, 2], (0.008417524, -47), [2, 1, 3, 2], (0.018812602, 27), true, false,
        "5c857503258b2de3baae184d",
        "0bf22cae",
        "c8308bfa8a508439a611b6fc"
    ),
]

func runMatMul<T: BitwiseCopyable>(
    _ x: [UInt8], _ y: [UInt8], count: Int, _: T.Type,
    _ body: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
) -> [UInt8] {
    let a = x.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    let b = y.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    var out = [UInt8](repeating: 0xEE, count: count * MemoryLayout<T>.stride)
    a.withUnsafeBufferPointer { p1 in
        b.withUnsafeBufferPointer { p2 in
            out.withUnsafeMutableBytes {
                body(p1.baseAddress!, p2.baseAddress!, $0.baseAddress!.assumingMemoryBound(to: T.self))
            }
        }
    }
    return out
}

@Suite struct BatchMatMulTests {
    @Test func matchesPipTFLM() throws {
        for c in batchMatMulCases {
            let lhs = sliceShape(c.lhs), rhs = sliceShape(c.rhs), output = sliceShape(c.output)
            let x = activationHexBytes(c.x), y = activationHexBytes(c.y), n = c.output.reduce(1, *)
            let got: [UInt8]
            switch c.kind {
            case .f:
                let op = try BatchMatMul.float32(lhs: lhs, rhs: rhs, output: output, adjX: c.adjX, adjY: c.adjY)
                #expect(op.outputShape == output)
                got = runMatMul(x, y, count: n, Float.self) { op.invoke(lhs: $0, rhs: $1, output: $2) }
            case .i8:
                let op = try BatchMatMul.int8(
                    lhs: lhs, lhsScale: c.lq.0, lhsZeroPoint: c.lq.1, rhs: rhs, rhsScale: c.rq.0,
                    rhsZeroPoint: c.rq.1, output: output, outputScale: c.oq.0, outputZeroPoint: c.oq.1,
                    adjX: c.adjX, adjY: c.adjY)
                got = runMatMul(x, y, count: n, Int8.self) { op.invoke(lhs: $0, rhs: $1, output: $2) }
            case .i16:
                let op = try BatchMatMul.int16(
                    lhs: lhs, lhsScale: c.lq.0, lhsZeroPoint: c.lq.1, rhs: rhs, rhsScale: c.rq.0,
                    rhsZeroPoint: c.rq.1, output: output, outputScale: c.oq.0, outputZeroPoint: c.oq.1,
                    adjX: c.adjX, adjY: c.adjY)
                got = runMatMul(x, y, count: n, Int16.self) { op.invoke(lhs: $0, rhs: $1, output: $2) }
            }
            #expect(got == activationHexBytes(c.expected), "\(c.kind) \(c.lhs) \(c.rhs) adj \(c.adjX) \(c.adjY)")
        }
    }

    @Test func outputShapeRewrite() throws {
        let op = try BatchMatMul.float32(
            lhs: Shape(2, 3), rhs: Shape(3, 4), output: Shape(1, 2, 4), adjX: false, adjY: false)
        #expect(op.outputShape == Shape(2, 4))
        #expect(throws: KernelError.self) {
            try BatchMatMul.float32(lhs: Shape(2, 3), rhs: Shape(3, 4), output: Shape(8), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {
            try BatchMatMul.float32(lhs: Shape(2, 3), rhs: Shape(3, 4), output: Shape(2, 5), adjX: false, adjY: false)
        }
    }

    @Test func prepareErrors() {
        #expect(throws: KernelError.self) {  // depth mismatch
            try BatchMatMul.float32(lhs: Shape(2, 3), rhs: Shape(2, 4), output: Shape(2, 4), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // batch dims 2 vs 3
            try BatchMatMul.float32(
                lhs: Shape(2, 2, 3), rhs: Shape(3, 3, 4), output: Shape(3, 2, 4), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // rank 1
            try BatchMatMul.float32(lhs: Shape(3), rhs: Shape(3, 4), output: Shape(4), adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // rank 6
            try BatchMatMul.float32(
                lhs: Shape(1, 1, 1, 1, 2, 3), rhs: Shape(3, 4), output: Shape(1, 1, 1, 1, 2, 4),
                adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // int16 zero point
            try BatchMatMul.int16(
                lhs: Shape(2, 3), lhsScale: 1, lhsZeroPoint: 1, rhs: Shape(3, 4), rhsScale: 1, rhsZeroPoint: 0,
                output: Shape(2, 4), outputScale: 1, outputZeroPoint: 0, adjX: false, adjY: false)
        }
        #expect(throws: KernelError.self) {  // bad scale
            try BatchMatMul.int8(
                lhs: Shape(2, 3), lhsScale: 0, lhsZeroPoint: 0, rhs: Shape(3, 4), rhsScale: 1, rhsZeroPoint: 0,
                output: Shape(2, 4), outputScale: 1, outputZeroPoint: 0, adjX: false, adjY: false)
        }
    }
}
