#!/usr/bin/env bash
# ThreadSanitizer (clang) build in build-tsan/ against a TSan-built oneTBB
# (tbb-tsan.sh): the race canary must be caught, then the tests that run
# several threads must pass with zero reports.
#   scripts/check/tsan.sh [CTEST_ARGS...]   default: the multi-threaded tests
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/check/common.sh
build=build-tsan

scripts/check/deb-src.sh
scripts/check/tbb-tsan.sh "$build/tbb"
cmake -S . -B "$build" "${sanitizer_cmake_flags[@]}" -DCOMMSIM_SANITIZE=thread \
  -DTBB_DIR="$PWD/$build/tbb/lib/cmake/TBB" >/dev/null
cmake --build "$build" -j"$jobs"

# The binary must use the instrumented oneTBB, never Debian's. (ldd's output
# is taken whole first: `ldd | grep -q` under pipefail fails at random when
# grep exits early and ldd dies of SIGPIPE.)
libraries=$(ldd "$build/commsim")
if ! grep -q "$PWD/$build/tbb/lib/libtbb" <<<"$libraries"; then
  echo "check: $build/commsim is not linked to $build/tbb" >&2
  exit 1
fi
expect_report data-race "ThreadSanitizer: data race" "$build/tests/sanitizers/race_canary"

logs="$PWD/$build/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
export TSAN_OPTIONS="log_path=$logs/tsan:halt_on_error=1:exitcode=66:second_deadlock_stack=1"
if [ $# -eq 0 ]; then set -- -R '^(Determinism|CommonRandomNumbers|Engine|Replicates|Cli|CliConventions|Progress)\.|Thread'; fi
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 900 "$@"
no_reports "$logs"
