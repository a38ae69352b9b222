#!/usr/bin/env bash
# Configures and builds commsim (Release by default) into build/.
#   scripts/build.sh [BUILD_TYPE]
set -euo pipefail
cd "$(dirname "$0")/.."
build_type="${1:-Release}"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build build -j"$(nproc)"
