#!/usr/bin/env python3
"""Sizes of TFLM's arena structs on a 64-bit host and on a 32-bit Cortex-M4, from TFLM's source.

Sources/KingletReport/TFLMArena.swift models TFLM's arena (`kinglet budget --runtime tflm`). Its
tables of struct sizes (OpData per kernel, builtin params, the allocator's own objects) come from
this tool: every struct is compiled in its own translation unit (the kernel's .cc included, so
anonymous-namespace OpData structs are visible) by the host's g++ (x86-64/arm64: LP64) and by
arm-none-eabi-g++ -mcpu=cortex-m4 (ILP32), and its sizeof/alignof read back from the assembly.

    python3 tools/tflm/layouts.py [--mirror /work/.mirror/tensorflow+tflite-micro/repo]

Needs the TFLM mirror (a bare git dir at commit 90b983c), gemmlowp's fixedpoint headers (taken from
/tmp/venv-vectors' tensorflow wheel) and flatbuffers headers (/usr/include/flatbuffers; its version
check in schema_generated.h is disabled in the temporary copy: no struct here depends on it).
"""
from __future__ import annotations

import argparse
import glob
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# (label, source to include, C++ type). Labels are the names TFLMArena.swift uses.
STRUCTS = [
    ("TfLiteEvalTensor", "tensorflow/lite/c/common.h", "TfLiteEvalTensor"),
    ("TfLiteTensor", "tensorflow/lite/c/common.h", "TfLiteTensor"),
    ("TfLiteAffineQuantization", "tensorflow/lite/c/common.h", "TfLiteAffineQuantization"),
    ("NodeAndRegistration", "tensorflow/lite/micro/micro_allocator.h", "tflite::NodeAndRegistration"),
    ("SubgraphAllocations", "tensorflow/lite/micro/micro_allocator.h", "tflite::SubgraphAllocations"),
    ("ScratchBufferHandle", "tensorflow/lite/micro/micro_allocator.h", "tflite::ScratchBufferHandle"),
    ("ScratchBufferRequest", "tensorflow/lite/micro/micro_allocator.h", "tflite::internal::ScratchBufferRequest"),
    ("SingleArenaBufferAllocator", "tensorflow/lite/micro/arena_allocator/single_arena_buffer_allocator.h",
     "tflite::SingleArenaBufferAllocator"),
    ("RecordingSingleArenaBufferAllocator",
     "tensorflow/lite/micro/arena_allocator/recording_single_arena_buffer_allocator.h",
     "tflite::RecordingSingleArenaBufferAllocator"),
    ("GreedyMemoryPlanner", "tensorflow/lite/micro/memory_planner/greedy_memory_planner.h",
     "tflite::GreedyMemoryPlanner"),
    ("MicroAllocator", "tensorflow/lite/micro/micro_allocator.h", "tflite::MicroAllocator"),
    ("RecordingMicroAllocator", "tensorflow/lite/micro/recording_micro_allocator.h",
     "tflite::RecordingMicroAllocator"),
    ("MicroBuiltinDataAllocator", "tensorflow/lite/micro/micro_allocator.cc", "tflite::MicroBuiltinDataAllocator"),
    ("MicroResourceVariables", "tensorflow/lite/micro/micro_resource_variable.h", "tflite::MicroResourceVariables"),
    ("MicroResourceVariable", "tensorflow/lite/micro/micro_resource_variable.h",
     "tflite::MicroResourceVariables::MicroResourceVariable"),
    # Builtin params (flatbuffer_conversions.cc allocates one per operator with options).
    ("TfLiteConvParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteConvParams"),
    ("TfLiteDepthwiseConvParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteDepthwiseConvParams"),
    ("TfLiteFullyConnectedParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteFullyConnectedParams"),
    ("TfLitePoolParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLitePoolParams"),
    ("TfLiteSoftmaxParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSoftmaxParams"),
    ("TfLiteReshapeParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteReshapeParams"),
    ("TfLiteAddParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteAddParams"),
    ("TfLiteMulParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteMulParams"),
    ("TfLiteSubParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSubParams"),
    ("TfLiteDivParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteDivParams"),
    ("TfLiteConcatenationParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteConcatenationParams"),
    ("TfLiteReducerParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteReducerParams"),
    ("TfLiteSqueezeParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSqueezeParams"),
    ("TfLiteStridedSliceParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteStridedSliceParams"),
    ("TfLiteSplitParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSplitParams"),
    ("TfLiteSplitVParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSplitVParams"),
    ("TfLitePackParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLitePackParams"),
    ("TfLiteUnpackParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteUnpackParams"),
    ("TfLiteLeakyReluParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteLeakyReluParams"),
    ("TfLiteCastParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteCastParams"),
    ("TfLiteBatchMatMulParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteBatchMatMulParams"),
    ("TfLiteTransposeConvParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteTransposeConvParams"),
    ("TfLiteSVDFParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSVDFParams"),
    ("TfLiteUnidirectionalSequenceLSTMParams", "tensorflow/lite/core/c/builtin_op_data.h",
     "TfLiteUnidirectionalSequenceLSTMParams"),
    ("TfLiteCallOnceParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteCallOnceParams"),
    ("TfLiteVarHandleParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteVarHandleParams"),
    # Kernel OpData (each kernel's Init allocates one with AllocatePersistentBuffer).
    ("OpDataConv", "tensorflow/lite/micro/kernels/conv.h", "tflite::OpDataConv"),
    ("OpDataFullyConnected", "tensorflow/lite/micro/kernels/fully_connected.h", "tflite::OpDataFullyConnected"),
    ("SoftmaxParams", "tensorflow/lite/kernels/internal/types.h", "tflite::SoftmaxParams"),
    ("OpDataPooling", "tensorflow/lite/micro/kernels/pooling.h", "tflite::OpDataPooling"),
    ("OpDataAdd", "tensorflow/lite/micro/kernels/add.h", "tflite::OpDataAdd"),
    ("OpDataMul", "tensorflow/lite/micro/kernels/mul.h", "tflite::OpDataMul"),
    ("OpDataSub", "tensorflow/lite/micro/kernels/sub.h", "tflite::OpDataSub"),
    ("OpDataQuantizeReference", "tensorflow/lite/micro/kernels/quantize.h", "tflite::OpDataQuantizeReference"),
    ("DequantizeOpData", "tensorflow/lite/micro/kernels/dequantize.h", "tflite::DequantizeOpData"),
    ("OpDataLogistic", "tensorflow/lite/micro/kernels/logistic.h", "tflite::OpDataLogistic"),
    ("TanhOpData", "tensorflow/lite/micro/kernels/tanh.cc", "tflite::OpData"),
    ("ReluOpData", "tensorflow/lite/micro/kernels/activation_utils.h", "tflite::ReluOpData"),
    ("Relu6OpData", "tensorflow/lite/micro/kernels/activation_utils.h", "tflite::Relu6OpData"),
    ("LeakyReluOpData", "tensorflow/lite/micro/kernels/leaky_relu.h", "tflite::LeakyReluOpData"),
    ("HardSwishParams", "tensorflow/lite/kernels/internal/types.h", "tflite::HardSwishParams"),
    ("OpDataReduce", "tensorflow/lite/micro/kernels/reduce.h", "tflite::OpDataReduce"),
    ("OpDataDiv", "tensorflow/lite/micro/kernels/div.cc", "tflite::OpDataDiv"),
    ("PadOpData", "tensorflow/lite/micro/kernels/pad.h", "tflite::OpData"),
    ("ConcatenationOpData", "tensorflow/lite/micro/kernels/concatenation.cc", "tflite::OpData"),
    ("StridedSliceParams", "tensorflow/lite/kernels/internal/types.h", "tflite::StridedSliceParams"),
    ("OpDataBatchMatmul", "tensorflow/lite/micro/kernels/batch_matmul.cc", "tflite::OpDataBatchMatmul"),
    ("TransposeConvOpData", "tensorflow/lite/micro/kernels/transpose_conv.cc", "tflite::OpData"),
    ("OpDataSvdf", "tensorflow/lite/micro/kernels/svdf.h", "tflite::OpDataSvdf"),
    ("OpDataLSTM", "tensorflow/lite/micro/kernels/lstm_shared.h", "tflite::OpDataLSTM"),
    ("CallOnceOpData", "tensorflow/lite/micro/kernels/call_once.cc", "tflite::OpData"),
    ("VarHandleOpData", "tensorflow/lite/micro/kernels/var_handle.cc", "tflite::OpData"),
    ("AssignVariableOpData", "tensorflow/lite/micro/kernels/assign_variable.cc", "tflite::OpData"),
    ("PreluParams", "tensorflow/lite/kernels/internal/types.h", "tflite::PreluParams"),
    ("L2NormalizationParams", "tensorflow/lite/kernels/internal/types.h", "tflite::L2NormalizationParams"),
    ("LogSoftmaxOpData", "tensorflow/lite/micro/kernels/log_softmax.cc", "tflite::LogSoftmaxOpData"),
    ("EluOpData", "tensorflow/lite/micro/kernels/elu.cc", "tflite::OpData"),
    ("SquaredDifferenceOpData", "tensorflow/lite/micro/kernels/squared_difference.cc", "tflite::OpData"),
    ("ComparisonsOpData", "tensorflow/lite/micro/kernels/comparisons.cc", "tflite::OpData"),
    ("SelectOpData", "tensorflow/lite/micro/kernels/select.cc", "tflite::OpData"),
    ("OpDataAbsRsqrt", "tensorflow/lite/micro/kernels/elementwise.cc", "tflite::OpDataAbsRsqrt"),
    ("TfLiteL2NormParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteL2NormParams"),
    ("TfLiteDepthToSpaceParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteDepthToSpaceParams"),
    ("TfLiteSpaceToDepthParams", "tensorflow/lite/core/c/builtin_op_data.h", "TfLiteSpaceToDepthParams"),
]

ABIS = [("64-bit host", ["g++"]), ("32-bit Cortex-M4", ["arm-none-eabi-g++", "-mcpu=cortex-m4", "-mthumb"])]


def probe(src: Path, include: Path, compiler: list[str], label: str, header: str, cpp: str,
          defines: list[str]) -> tuple[int, int]:
    tu = src / f"probe_{label}.cc"
    tu.write_text(f'#include "{header}"\n'
                  f'extern "C" const unsigned probe_value[2] = {{sizeof({cpp}), alignof({cpp})}};\n')
    gemmlowp = glob.glob("/tmp/venv-vectors/lib/python3*/site-packages/tensorflow/include/external/gemmlowp")
    cmd = [*compiler, "-std=c++17", "-DTF_LITE_STATIC_MEMORY", "-DNDEBUG", *defines, "-I", str(src), "-I", str(include),
           *(["-I", gemmlowp[0]] if gemmlowp else []), "-S", "-o", "-", str(tu)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{label}: {out.stderr.strip().splitlines()[-1] if out.stderr else 'failed'}")
    values = re.findall(r"probe_value:\s*\n\s*\.(?:long|word)\s+(\d+)\s*\n\s*\.(?:long|word)\s+(\d+)", out.stdout)
    if not values:
        raise RuntimeError(f"{label}: no value in the assembly")
    return int(values[0][0]), int(values[0][1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default="/work/.mirror/tensorflow+tflite-micro/repo")
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--only", help="labels matching this regex")
    ap.add_argument("--compression", action="store_true",
                    help="-DUSE_TFLM_COMPRESSION on the host (pip's wheel is built with it)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        archive = subprocess.run(["git", "--git-dir", args.mirror, "archive", args.commit, "tensorflow", "signal"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "x", "-C", str(src)], input=archive, check=True)
        schema = src / "tensorflow/lite/schema/schema_generated.h"
        schema.write_text(re.sub(r"static_assert\(FLATBUFFERS_VERSION_MAJOR", "static_assert(true || FLATBUFFERS_VERSION_MAJOR",
                                 schema.read_text()))
        include = Path(tmp) / "include"
        include.mkdir()
        (include / "flatbuffers").symlink_to("/usr/include/flatbuffers")
        print(f"{'struct':42s} " + " ".join(f"{name:>20s}" for name, _ in ABIS))
        for label, header, cpp in STRUCTS:
            if args.only and not re.search(args.only, label):
                continue
            cells = []
            for _, compiler in ABIS:
                try:
                    defines = ["-DUSE_TFLM_COMPRESSION"] if args.compression and compiler[0] == "g++" else []
                    size, align = probe(src, include, compiler, label, header, cpp, defines)
                    cells.append(f"{size:>12d} (align {align})")
                except RuntimeError as e:
                    cells.append(f"error: {e}"[:40])
            print(f"{label:42s} " + " ".join(f"{c:>20s}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
