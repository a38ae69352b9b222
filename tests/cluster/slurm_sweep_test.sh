#!/usr/bin/env bash
# A sweep on a real (local, single-node) Slurm cluster equals the same sweep in
# one process:
#   tests/cluster/slurm_sweep_test.sh BUILD_DIR
# Starts munged (unless one works already), slurmctld and slurmd in a private
# directory (local_slurm.sh), runs tests/cluster/sweep.yaml
#  1. through scripts/cluster/submit-sweep.sh --tasks 4 --wait (array 0-3 and
#     the dependent merge), and
#  2. as raw `sbatch --array=5-7 --wait` of the template then merge.sbatch:
#     array ids that do not start at 0 (shards from SLURM_ARRAY_TASK_MIN),
#  3. as one MPI job of 2 ranks (sweep-mpi.sbatch),
# then `commsim sweep` in one process, and compares the data bit for bit
# (compare_sweep.py), parts included. Stops the daemons it started whatever
# happens. Never skips: a cluster that cannot start fails the test, with logs.
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
commsim=$(cd "$build" && pwd)/commsim
sweep=$here/sweep.yaml
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -x "$commsim" ] || fail "$commsim: no commsim binary"
# slurm.conf runs slurmd and the jobs as root (SlurmUser=root, SlurmdUser=root).
[ "$(id -u)" -eq 0 ] || fail "needs root to run slurmd"
for tool in slurmctld slurmd sbatch munged mungekey; do
  command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
done

work=$(mktemp -d /tmp/commsim-slurm-test.XXXXXX)
# shellcheck source=tests/cluster/local_slurm.sh
source "$here/local_slurm.sh"
finish() {
  local rc=$?
  stop_local_slurm "$work/cluster" || rc=1
  if [ $rc -eq 0 ]; then
    rm -rf "$work"
  else
    for f in "$work"/out/*.parts/*.out "$work"/raw/*.out "$work"/out/*.out; do
      [ -f "$f" ] && { echo "----- $f" >&2 && cat "$f" >&2; }
    done
    echo "slurm_sweep_test: failed; files kept in $work" >&2
  fi
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
# Every wait below is bounded (timeout, sbatch --time) well inside CTest's
# TIMEOUT: CTest's kill would skip the trap and leave the daemons running.
start_local_slurm "$work/cluster" || fail "the local Slurm cluster did not start (logs above)"
cd "$work"

echo "== 1. submit-sweep.sh --tasks 4 --wait"
COMMSIM=$commsim timeout 150 "$root/scripts/cluster/submit-sweep.sh" "$sweep" "$work/out/array.h5" \
  --tasks 4 --wait --cpus-per-task=1 --time=5 || fail "submit-sweep.sh"

echo "== 2. sbatch --array=5-7 --wait, then merge.sbatch"
export SWEEP=$sweep COMMSIM=$commsim PARTS=$work/raw OUT=$work/out/raw.h5
mkdir -p "$PARTS"
timeout 120 sbatch --array=5-7 --wait --cpus-per-task=1 --time=5 --output="$PARTS/slurm-%A_%a.out" \
  "$root/scripts/cluster/sweep-array.sbatch" || fail "the array job (ids 5-7)"
timeout 60 sbatch --wait --time=5 --output="$PARTS/merge-%j.out" "$root/scripts/cluster/merge.sbatch" ||
  fail "merge.sbatch"

echo "== 3. sweep-mpi.sbatch, 2 ranks"
OUT=$work/out/mpi.h5 timeout 120 sbatch --wait --ntasks=2 --cpus-per-task=1 --time=5 \
  --output="$work/out/mpi-%j.out" "$root/scripts/cluster/sweep-mpi.sbatch" || fail "sweep-mpi.sbatch"

echo "== 4. one process"
timeout 120 "$commsim" sweep "$sweep" -o "$work/out/single.h5" --threads 2 --progress never ||
  fail "commsim sweep in one process"

echo "== 5. compare"
/usr/bin/python3 "$here/compare_sweep.py" "$work/out/single.h5" \
  "$work/out/array.h5" "$work/out/raw.h5" "$work/out/mpi.h5" --parts 4 "$work"/out/array.parts/part-*.h5 ||
  fail "merged files differ from the single-process file"
/usr/bin/python3 "$here/compare_sweep.py" "$work/out/single.h5" "$work/out/raw.h5" \
  --parts 3 "$PARTS"/part-*.h5 || fail "parts of the 5-7 array"
echo "slurm_sweep_test: ok in $((SECONDS - start)) s"
