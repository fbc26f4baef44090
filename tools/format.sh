#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's `swift format` and the repository's .swift-format
# (120 columns), or checks them (--lint, in CI: exit 1 on any finding). Generated files are left
# to their generators.
#
#   bash tools/format.sh          # format in place
#   bash tools/format.sh --lint   # report what is not formatted; exit 1 if anything
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files -co --exclude-standard -- 'Sources/*.swift' 'Tests/*.swift' 'Fuzz/*.swift' Package.swift \
    | grep -v -E '/Generated/|^Sources/KingletReport/(DeviceCodeTable|CodeSizeTable)\.swift$|^Sources/KingletRuntime/OpResolver\+Builtins\.swift$|^Sources/KingletDevice/Operators\.swift$' \
    | while read -r f; do [[ -f $f ]] && echo "$f"; done)
if [[ ${1:-} == --lint ]]; then
    swift format lint --strict --parallel "${files[@]}"
    echo "format: ${#files[@]} files formatted as .swift-format says"
else
    swift format --in-place --parallel "${files[@]}"
fi
