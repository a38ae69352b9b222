#!/usr/bin/env bash
# ASan + UBSan (clang) build in build-asan/: the canaries must be caught,
# then the whole ctest suite (GoogleTest and the script tests, which run the
# instrumented binary) must pass with zero reports.
#   scripts/check/asan.sh [CTEST_ARGS...]   e.g. -R 'ScenarioLoader'
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/check/common.sh
build=build-asan

cmake -S . -B "$build" "${sanitizer_cmake_flags[@]}" -DCOMMSIM_SANITIZE=address,undefined >/dev/null
cmake --build "$build" -j"$jobs"

expect_report heap-overflow "AddressSanitizer: heap-buffer-overflow" "$build/tests/sanitizers/heap_overflow_canary"
expect_report float-cast "is outside the range of representable values" "$build/tests/sanitizers/float_cast_canary"

# Reports go to files, so one is seen even when a test expects the binary
# to fail and does not look at why.
logs="$PWD/$build/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 900 "$@"
no_reports "$logs"
