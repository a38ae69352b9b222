#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the GoogleTest suite
# and the script tests, all through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh Release
ctest --test-dir build --output-on-failure -j"$(nproc)"
