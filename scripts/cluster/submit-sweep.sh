#!/usr/bin/env bash
# Submits a sharded sweep: an N-task array (sweep-array.sbatch), then the merge
# (merge.sbatch), which starts only when every task succeeded.
#   scripts/cluster/submit-sweep.sh SWEEP.yaml OUT.h5 --tasks N [options] [sbatch options...]
# options:
#   --tasks N       array size: shards of the sweep (required)
#   --parts DIR     part files (default: OUT without .h5, plus .parts/); must be
#                   on a filesystem every node sees
#   --wait          wait for the merge; exit with its status
#   --force         replace OUT if it exists
#   --resume        reuse DIR's existing parts (tasks finish them)
# Other arguments go to both sbatch calls (--partition, --account, --time,
# --cpus-per-task: the threads of each task). COMMSIM names the binary
# (default: commsim on PATH, else this checkout's build/commsim).
set -euo pipefail

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 2 ] || usage
sweep=$1 out=$2
shift 2
tasks="" parts="" wait=0 force=0 resume=0 sbatch_args=()
while [ $# -gt 0 ]; do
  case $1 in
  --tasks) tasks=${2:-} && shift ;;
  --tasks=*) tasks=${1#*=} ;;
  --parts) parts=${2:-} && shift ;;
  --parts=*) parts=${1#*=} ;;
  --wait) wait=1 ;;
  --force) force=1 ;;
  --resume) resume=1 ;;
  -h | --help) usage ;;
  *) sbatch_args+=("$1") ;;
  esac
  shift
done
case $tasks in '' | *[!0-9]* | 0) echo "submit-sweep: --tasks N (N >= 1) is required" >&2 && exit 2 ;; esac
[ -f "$sweep" ] || { echo "submit-sweep: $sweep: no such sweep file" >&2 && exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${COMMSIM:-}" ]; then
  COMMSIM=$(command -v commsim || echo "$here/../../build/commsim")
fi
[ -x "$COMMSIM" ] || { echo "submit-sweep: $COMMSIM: not an executable (set COMMSIM)" >&2 && exit 2; }
# Absolute paths: the jobs may start in another directory (sbatch --chdir).
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
mkdir -p "$(dirname "$out")"
sweep=$(abs "$sweep") out=$(abs "$out") COMMSIM=$(abs "$COMMSIM")
parts=${parts:-${out%.h5}.parts}
mkdir -p "$parts"
parts=$(cd "$parts" && pwd)

if [ -e "$out" ] && [ $force -eq 0 ]; then
  echo "submit-sweep: $out exists (--force replaces it)" >&2
  exit 2
fi
# Parts of another run would be merged (or resumed) with these.
if compgen -G "$parts/part-*.h5" >/dev/null && [ $resume -eq 0 ]; then
  echo "submit-sweep: $parts already holds part files: remove them, or --resume" >&2
  exit 2
fi
merge_args=""
if [ $force -eq 1 ]; then merge_args="--force"; fi

# Passed in the environment (sbatch's default --export=ALL): no comma quoting.
export SWEEP=$sweep PARTS=$parts OUT=$out COMMSIM
array=$(sbatch --parsable --array="0-$((tasks - 1))" --output="$parts/slurm-%A_%a.out" \
  "${sbatch_args[@]}" "$here/sweep-array.sbatch")
array=${array%%;*} # "id;cluster" on multi-cluster sites
# kill-on-invalid-dep: a failed task cancels the merge instead of leaving it
# pending forever (and --wait hanging).
merge=$(COMMSIM_ARGS=$merge_args sbatch --parsable --dependency="afterok:$array" \
  --kill-on-invalid-dep=yes --output="$parts/merge-%j.out" \
  "${sbatch_args[@]}" "$here/merge.sbatch")
merge=${merge%%;*}
echo "array job: $array ($tasks tasks, parts in $parts)"
echo "merge job: $merge (after $array succeeds; writes $out)"

if [ $wait -eq 1 ]; then
  # The merge is the last job: a failed task cancels it, so its end is the end.
  state=""
  while :; do
    state=$(scontrol -o show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
    state=${state#JobState=}
    case $state in
    PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED | REQUEUED | RESIZING) sleep 2 ;;
    *) break ;; # ended, or purged from slurmctld's memory ("")
    esac
  done
  if [ "$state" = COMPLETED ] || { [ -z "$state" ] && [ -f "$out" ]; }; then
    echo "submit-sweep: done: $out"
  else
    echo "submit-sweep: the sweep failed (merge job ${state:-gone});" \
      "logs: $parts/slurm-${array}_*.out, $parts/merge-$merge.out" >&2
    exit 1
  fi
fi
