#!/usr/bin/env bash
# libFuzzer (clang, ASan + UBSan) build in build-fuzz/; for each target the
# regression inputs are replayed, then it fuzzes for FUZZ_SECONDS (60) from
# the seed corpus. A crash is copied into tests/fuzz/regressions/TARGET/:
# commit it with the fix, and the replay test keeps it fixed.
#   scripts/check/fuzz.sh [TARGET...]   targets: scenario sweep edge_list
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/check/common.sh
build=build-fuzz
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario sweep edge_list)

cmake -S . -B "$build" "${sanitizer_cmake_flags[@]}" -DCOMMSIM_SANITIZE=address,undefined \
  -DCOMMSIM_FUZZ=ON >/dev/null
cmake --build "$build" -j"$jobs" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for target in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz_$target"
  regressions="tests/fuzz/regressions/$target"
  seeds=("tests/fuzz/corpus/$target" "$regressions")
  [ "$target" = scenario ] && seeds+=(scenarios)
  [ "$target" = sweep ] && seeds+=(scenarios/sweeps)
  mapfile -t kept < <(find "$regressions" -type f ! -name '.*' | sort)
  if [ ${#kept[@]} -gt 0 ] && ! "$bin" "${kept[@]}" >"$build/replay-$target.log" 2>&1; then
    status=1
    echo "fuzz: $target fails on a kept regression input:" >&2
    tail -40 "$build/replay-$target.log" >&2
    continue
  fi
  # New inputs go to a corpus in the build tree, never into the sources.
  work="$build/corpus/$target" findings="$build/findings/$target"
  mkdir -p "$work" "$findings"
  # timeout: a fuzzer stuck in its own report (an out-of-memory under ASan
  # once took minutes to symbolize) must not stall CI; it counts as a finding.
  if ! timeout --kill-after=30 $((2 * seconds + 180)) \
         "$bin" -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
         -print_final_stats=1 -artifact_prefix="$findings/" "$work" "${seeds[@]}" \
         >"$build/fuzz-$target.log" 2>&1; then
    status=1
    tail -60 "$build/fuzz-$target.log" >&2
    for crash in "$findings"/*; do
      cp "$crash" "$regressions/"
      echo "fuzz: $target finding kept as $regressions/$(basename "$crash")" >&2
    done
  fi
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/fuzz-$target.log" \
    | sed "s/^/fuzz: $target /" || true
done
exit "$status"
