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
# OpenMPI (the sweep tests' mpirun) leaks by design at MPI_Finalize: those
# allocations only are suppressed (tests/sanitizers/lsan-openmpi.supp). Its
# libraries have no frame pointers, so the stacks that name them need the
# slow unwinder, too slow for the whole suite: the tests that start MPI
# ranks run apart with it.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan-openmpi.supp:print_suppressions=0"
export OMPI_MCA_mca_base_component_disable_dlclose=1
mpi_tests='Mpi|Ranks|^cluster\.'
if [ $# -eq 0 ]; then
  ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 900 -E "$mpi_tests"
  ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" \
    ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 900 -R "$mpi_tests"
  no_reports "$logs"
  exit 0
fi
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 900 "$@"
no_reports "$logs"
