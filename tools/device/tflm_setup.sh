#!/usr/bin/env bash
# Prepares TFLM's source tree and its third-party downloads offline, then builds TFLM's library
# with TFLM's own Makefile for QEMU's Cortex-M4 (used by tools/device/tflm_reference.sh).
#
#   tools/device/tflm_setup.sh cmsis_nn|reference [Os]   prints the library's path on stdout
#
# With Os, kernels and CMSIS-NN are compiled -Os as well (KERNEL_OPTIMIZATION_LEVEL=-Os
# THIRD_PARTY_KERNEL_OPTIMIZATION_LEVEL=-Os, in gen-Os/): the build ../shared/notes/device.md's
# anchor figures come from. Without it, the Makefile's defaults (core -Os, kernels -O2).
#
# Sources are the bare git mirrors under ${TFLM_MIRRORS:-/work/.mirror} (no network): TFLM at
# ${TFLM_COMMIT:-90b983c}, and the commits TFLM's download scripts pin (tools/make/*_download.sh,
# third_party_downloads.inc): flatbuffers v25.9.23 (+ TFLM's flatbuffers.patch, BUILD files
# deleted), kissfft v130 (+ third_party/kissfft/kissfft.patch), gemmlowp 719139c, ruy d371283,
# CMSIS_6 5782d6f, CMSIS-NN 4ab83cc. Three downloads are only stubbed (an existing directory is
# what the scripts check): gcc_embedded (the Debian arm-none-eabi-gcc on PATH is used instead),
# pigweed (tests only) and cmsis/Cortex_DFP (device headers the cortex_m_qemu target does not use).
# Everything lands in ${TFLM_CACHE:-<repo>/.build-tflm}; the library is built once per kernel set:
#   make TARGET=cortex_m_qemu TARGET_ARCH=cortex-m4 BUILD_TYPE=release [OPTIMIZED_KERNEL_DIR=cmsis_nn] microlite
# (-j${TFLM_JOBS:-2}, under nice -n 19). The Makefile needs python3 with numpy and pillow (a venv
# under the cache is made with pip when python3 lacks them).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${TFLM_CACHE:-$REPO/.build-tflm}
MIRRORS=${TFLM_MIRRORS:-/work/.mirror}
COMMIT=${TFLM_COMMIT:-90b983c}
JOBS=${TFLM_JOBS:-2}
die() { echo "tflm_setup.sh: error: $*" >&2; exit 1; }

kernels=${1:-cmsis_nn}
opt=${2:-default}
[[ $opt == default || $opt == Os ]] || die "the optimization must be default or Os, not '$opt'"
[[ $kernels == cmsis_nn || $kernels == reference ]] || die "kernels must be cmsis_nn or reference, not '$kernels'"
command -v arm-none-eabi-gcc >/dev/null || die "arm-none-eabi-gcc not found (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)"

mirror() { # NAME -> bare git dir
    local dir=$MIRRORS/$1/repo
    [[ -d $dir ]] || die "mirror $dir not found"
    echo "$dir"
}
# Extracts COMMIT of mirror NAME into DEST (once; a .tflm-extracted marker says it finished).
extract() {
    local name=$1 commit=$2 dest=$3 git_dir
    [[ -f $dest/.tflm-extracted ]] && return 0
    git_dir=$(mirror "$name")
    git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || die "$name: commit $commit not in $git_dir"
    rm -rf "$dest"
    mkdir -p "$dest"
    git --git-dir="$git_dir" archive "$commit" | tar -x -C "$dest"
    echo "$name $(git --git-dir="$git_dir" rev-parse "$commit^{commit}")" > "$dest/.tflm-extracted"
}
# Applies PATCH inside DIR as TFLM's create_git_repo + apply_patch_to_folder do (git apply,
# whitespace-lenient, in a repository of its own: run inside another repository's work tree, as
# .build-tflm/ is, git apply would silently skip every path).
patch_in() {
    local dir=$1 patch=$2
    [[ -f $dir/.tflm-patched ]] && return 0
    (cd "$dir" && git init -q . && git apply --ignore-space-change --ignore-whitespace "$patch") \
        || die "applying $patch in $dir failed"
    (cd "$dir" && git apply --reverse --check --ignore-space-change --ignore-whitespace "$patch") \
        || die "$patch is not applied in $dir"
    touch "$dir/.tflm-patched"
}

mkdir -p "$CACHE"
# One extraction at a time; then one build per kernel set at a time (the two kernel sets may build
# side by side).
exec 9>"$CACHE/.lock-sources"
flock 9

SRC=$CACHE/tflite-micro
extract tensorflow+tflite-micro "$COMMIT" "$SRC"
DL=$SRC/tensorflow/lite/micro/tools/make/downloads
mkdir -p "$DL"
if [[ ! -f $DL/flatbuffers/.tflm-patched ]]; then
    extract google+flatbuffers v25.9.23 "$DL/flatbuffers"
    find "$DL/flatbuffers" \( -name BUILD -o -name BUILD.bazel \) -delete
    patch_in "$DL/flatbuffers" "$SRC/tensorflow/lite/micro/tools/make/flatbuffers.patch"
fi
if [[ ! -f $DL/kissfft/.tflm-patched ]]; then
    extract mborgerding+kissfft v130 "$DL/kissfft"
    patch_in "$DL/kissfft" "$SRC/third_party/kissfft/kissfft.patch"
fi
extract google+gemmlowp 719139ce755a0f31cbf1c37f7f98adcc7fc9f425 "$DL/gemmlowp"
extract google+ruy d37128311b445e758136b8602d1bbd2a755e115d "$DL/ruy"
extract ARM-software+CMSIS_6 5782d6f8057906d360f4b95ec08a2354afe5c9b9 "$DL/cmsis"
extract ARM-software+CMSIS-NN 4ab83cc3cc98fb85ed6dafb55e8ca02f1628dcae "$DL/cmsis_nn"
mkdir -p "$DL/cmsis/Cortex_DFP" "$DL/pigweed" "$DL/gcc_embedded/bin"

# TFLM's Makefile runs generate_cc_arrays.py (numpy, PIL) for its examples while it parses: a venv
# with both, first on PATH as python3, unless python3 already has them.
if ! python3 -c 'import numpy, PIL' 2>/dev/null; then
    if [[ ! -x $CACHE/venv/bin/python3 ]] || ! "$CACHE/venv/bin/python3" -c 'import numpy, PIL' 2>/dev/null; then
        python3 -m venv "$CACHE/venv" && "$CACHE/venv/bin/pip" install -q numpy pillow >&2 \
            || die "making a venv with numpy and pillow (for TFLM's Makefile) failed"
    fi
    export PATH=$CACHE/venv/bin:$PATH
fi

exec 9>&-
exec 8>"$CACHE/.lock-build-$kernels-$opt"
flock 8

args=(TARGET=cortex_m_qemu TARGET_ARCH=cortex-m4 BUILD_TYPE=release)
gen=gen/cortex_m_qemu_cortex-m4_release
if [[ $opt == Os ]]; then
    args+=(BASE_GENDIR=gen-Os KERNEL_OPTIMIZATION_LEVEL=-Os THIRD_PARTY_KERNEL_OPTIMIZATION_LEVEL=-Os)
    gen=gen-Os/cortex_m_qemu_cortex-m4_release
fi
if [[ $kernels == cmsis_nn ]]; then
    args+=(OPTIMIZED_KERNEL_DIR=cmsis_nn)
    gen=${gen}_cmsis_nn
fi
gen=${gen}_gcc
LIB=$SRC/$gen/lib/libtensorflow-microlite.a
if [[ ! -f $SRC/$gen/.tflm-built ]]; then
    log=$CACHE/build-$kernels-$opt.log
    echo "tflm_setup.sh: building TFLM ($kernels kernels, $opt), log in $log" >&2
    (cd "$SRC" && nice -n 19 make -f tensorflow/lite/micro/tools/make/Makefile "${args[@]}" -j"$JOBS" microlite) \
        >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "building TFLM ($kernels, $opt) failed"; }
    [[ -f $LIB ]] || die "the build made no $LIB"
    # The flags TFLM compiled with, for the harness (same ABI, same defines).
    (cd "$SRC" && make -s -f tensorflow/lite/micro/tools/make/Makefile "${args[@]}" print-CXXFLAGS print-INCLUDES print-CORE_OPTIMIZATION_LEVEL) \
        2>/dev/null | grep -E "^(CXXFLAGS|INCLUDES|CORE_OPTIMIZATION_LEVEL)=" > "$SRC/$gen/flags.txt"
    touch "$SRC/$gen/.tflm-built"
fi
echo "$LIB"
