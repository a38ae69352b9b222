#!/usr/bin/env bash
# Builds Release and prints commsim's performance figures, one
# machine-readable line per measurement:
#   stream_triad ...         the machine's memory bandwidth (the roofline's roof)
#   micro ...                Google Benchmark: ns per member for the member phase and each module,
#                            ns per link for growing members-1m's social graph on 1 and 2 threads
#   workload=NAME ...        each scenarios/bench/*.yaml: wall time, member-days/s, peak RSS,
#                            bytes per member, phase shares, the 1 -> 2 thread speed-up, and
#                            ns per member-day over the days only (set-up left out) per thread count,
#                            and the set-up share of a re-run with the graph cache warm (--graph-cache)
#   workload=sweep ...       64 points x 8 replicates: one process per point, one
#                            `commsim sweep`, and `mpirun -n 2` of it
#   progress ...             the cost of --progress: members-100k with the updating line and
#                            without, back to back (progress_overhead_pct)
# Usage: scripts/bench.sh [WORKLOAD_NAME ...]   (default: every workload, sweep, progress)
#   COMMSIM_BUILD_DIR=DIR: use the binaries already built in DIR (another
#   commit's Release build) instead of building this tree, to compare two
#   versions in one sitting on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${COMMSIM_BUILD_DIR:-build}
[ -n "${COMMSIM_BUILD_DIR:-}" ] || scripts/build.sh Release >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$build"/tests/commsim_stream_triad

# CSV: the counter column (ns_per_member or ns_per_edge) is named in the
# header, its values in seconds (Google Benchmark's inverted rates). One run
# per counter, since the CSV header is printed once.
micro() {
  "$build"/tests/commsim_member_kernel_bench --benchmark_format=csv --benchmark_filter="$1" 2>/dev/null |
    awk -F, '/^name,/ { for (i = 1; i <= NF; i++) { h = $i; gsub(/"/, "", h); header[i] = h }; next }
             /^"BM_/ { gsub(/"/, "", $1); line = "micro name=" $1
                       for (i = 2; i <= NF; i++)
                         if (header[i] ~ /^ns_per_/ && $i != "") line = line sprintf(" %s=%.3f", header[i], $i * 1e9)
                       print line }'
}
micro 'MemberPhase/|MemberPhaseAllMechanisms'
micro 'MemberPhaseByModule'
micro 'InviteStep'
micro 'SocialGraphGenerations'

# field NAME LINE: the value of NAME=... in a profile line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

# The days only (the run less its set-up share), in ns per member-day, from
# a run's three profile lines.
days_ns_per_member_day() {
  local totals phases
  totals=$(sed -n 1p <<<"$1"); phases=$(sed -n 2p <<<"$1")
  awk -v sim="$(field simulate_s "$totals")" -v wall="$(field wall_s "$totals")" \
      -v setup="$(field setup "$phases")" -v md="$(field member_days "$totals")" \
      'BEGIN { printf "%.2f", 1e9 * (sim - wall * setup / 100) / md }'
}

run_workload() {  # scenario file, thread count -> the three profile lines
  "$build"/commsim run "$1" -o "$out/bench.h5" --force --threads "$2" --profile | grep '^profile:'
}

workloads=("$@")
if [ ${#workloads[@]} -eq 0 ]; then
  for f in scenarios/bench/*.yaml; do case "$(basename "$f")" in sweep-*) ;; *) workloads+=("$(basename "$f" .yaml)") ;; esac; done
  workloads+=(sweep progress)
fi

for name in "${workloads[@]}"; do
  if [ "$name" = progress ]; then
    # Simulation time with the progress line drawn 4 times a second (to
    # /dev/null: --progress always draws it anywhere) and with none, in
    # alternating pairs; the fastest of each side (noise only adds time).
    scenario=scenarios/bench/members-100k.yaml
    best_with=1e9 best_without=1e9
    for _ in 1 2 3 4 5; do
      with=$("$build"/commsim run "$scenario" -o "$out/progress-with.h5" --force --threads 2 --profile --progress always 2>/dev/null | sed -n 1p)
      without=$("$build"/commsim run "$scenario" -o "$out/progress-without.h5" --force --threads 2 --profile --progress never | sed -n 1p)
      best_with=$(awk -v a="$best_with" -v b="$(field simulate_s "$with")" 'BEGIN { print (b < a ? b : a) }')
      best_without=$(awk -v a="$best_without" -v b="$(field simulate_s "$without")" 'BEGIN { print (b < a ? b : a) }')
    done
    awk -v a="$best_with" -v b="$best_without" 'BEGIN {
      printf "progress workload=members-100k threads=2 pairs=5 simulate_s_with=%s simulate_s_without=%s progress_overhead_pct=%.2f\n", a, b, 100 * (a - b) / b }'
    continue
  fi
  if [ "$name" = sweep ]; then
    # scenarios/bench/sweep-64.yaml: 64 points x 8 replicates of 10,000
    # members, three ways. First one process per point (the shape of a job
    # array of `commsim run --set`), back to back; then one `commsim sweep`
    # process; then `mpirun -n 2` of it, one thread per rank. Same runs,
    # same data (tests/e2e/sweep_test.cpp): only the scheduling differs.
    start=$(date +%s.%N)
    member_days=0
    for point in $(seq 0 63); do
      reach=$((2000 + 100 * point))
      line=$("$build"/commsim run scenarios/bench/sweep-point.yaml -o "$out/sweep.h5" --force --threads 2 \
               --set acquisition.daily_ads_reach=$reach --profile | head -1)
      member_days=$(awk -v a="$member_days" -v b="$(field member_days "$line")" 'BEGIN { print a + b }')
    done
    processes=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
    awk -v w="$processes" -v md="$member_days" 'BEGIN {
      printf "workload=sweep mode=64-processes points=64 replicates=8 members=10000 threads=2 wall_s=%s member_days=%.4g member_days_per_s=%.3g\n", w, md, md / w }'
    start=$(date +%s.%N)
    "$build"/commsim sweep scenarios/bench/sweep-64.yaml -o "$out/sweep.h5" --force --threads 2 -q
    single=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
    awk -v w="$single" -v p="$processes" -v md="$member_days" 'BEGIN {
      printf "workload=sweep mode=one-process points=64 replicates=8 threads=2 wall_s=%s member_days_per_s=%.3g speedup_vs_processes=%.2f\n", w, md / w, p / w }'
    if command -v mpirun >/dev/null; then
      start=$(date +%s.%N)
      OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -n 2 --bind-to none \
        "$build"/commsim sweep scenarios/bench/sweep-64.yaml -o "$out/sweep.h5" --force --threads 1 -q
      mpi=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
      awk -v w="$mpi" -v one="$single" -v md="$member_days" 'BEGIN {
        printf "workload=sweep mode=mpirun-2 points=64 replicates=8 ranks=2 threads_per_rank=1 wall_s=%s member_days_per_s=%.3g time_vs_one_process=%.3f\n", w, md / w, w / one }'
    fi
    continue
  fi
  scenario="scenarios/bench/$name.yaml"
  two=$(run_workload "$scenario" 2)
  one=$(run_workload "$scenario" 1)
  t2=$(sed -n 1p <<<"$two"); t1=$(sed -n 1p <<<"$one")
  phases=$(sed -n 2p <<<"$two" | sed 's/^profile: phase_pct //; s/\([a-z_]*\)=/phase_\1_pct=/g')
  modules=$(sed -n 3p <<<"$two" | sed 's/^profile: member_phase_pct //; s/\([a-z_]*\)=/module_\1_pct=/g')
  speedup=$(awk -v a="$(field simulate_s "$t1")" -v b="$(field simulate_s "$t2")" 'BEGIN { printf "%.2f", a / b }')
  days_ns2=$(days_ns_per_member_day "$two"); days_ns1=$(days_ns_per_member_day "$one")
  days_speedup=$(awk -v a="$days_ns1" -v b="$days_ns2" 'BEGIN { printf "%.2f", a / b }')
  # The set-up share of a re-run (or another array task) with the graph
  # cache warm: a 1-day run writes the cache, a second loads it; its set-up
  # seconds against the 2-thread run's days.
  "$build"/commsim run "$scenario" -o "$out/bench.h5" --force --threads 2 --days 1 --graph-cache "$out/graphs" -q
  warm=$("$build"/commsim run "$scenario" -o "$out/bench.h5" --force --threads 2 --days 1 \
           --graph-cache "$out/graphs" --profile | grep '^profile:')
  rm -rf "$out/graphs"
  setup_warm=$(awk -v wall="$(field wall_s "$(sed -n 1p <<<"$warm")")" -v pct="$(field setup "$(sed -n 2p <<<"$warm")")" \
                   -v sim="$(field simulate_s "$t2")" -v wall2="$(field wall_s "$t2")" \
                   -v pct2="$(field setup "$(sed -n 2p <<<"$two")")" \
                   'BEGIN { s = wall * pct / 100; d = sim - wall2 * pct2 / 100; printf "%.2f", 100 * s / (s + d) }')
  echo "workload=$name members=$(field peak_members "$t2") days=$(field days "$t2")" \
       "replicates=$(field replicates "$t2") threads=2 wall_s=$(field wall_s "$t2")" \
       "member_days_per_s=$(field member_days_per_s "$t2") peak_rss_mib=$(field peak_rss_mib "$t2")" \
       "bytes_per_member=$(field soa_bytes_per_member "$t2") rss_bytes_per_member=$(field rss_bytes_per_member "$t2")" \
       "speedup_1_to_2=$speedup wall_s_1thread=$(field wall_s "$t1")" \
       "setup_pct_1thread=$(field setup "$(sed -n 2p <<<"$one")") setup_pct_warm_graph_cache=$setup_warm" \
       "days_ns_per_member_day_2threads=$days_ns2 days_ns_per_member_day_1thread=$days_ns1" \
       "days_speedup_1_to_2=$days_speedup $phases $modules"
done
