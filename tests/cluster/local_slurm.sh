#!/usr/bin/env bash
# A private single-node Slurm cluster on this machine, for tests and for trying
# the cluster scripts by hand (docs/cluster.md).
#   source tests/cluster/local_slurm.sh; start_local_slurm DIR; ...; stop_local_slurm DIR
#   tests/cluster/local_slurm.sh start DIR   (then: export SLURM_CONF=DIR/slurm.conf)
#   tests/cluster/local_slurm.sh stop DIR
# Everything (config, state, spool, logs, pid files, munge socket and key) lives
# in DIR and the ports are picked free, so a second cluster or a leftover of an
# earlier run does not clash. A munged that already works is reused, never
# stopped; stop kills exactly the daemons that start launched, by pid file.

# Prints the daemons' logs, for a failure report.
local_slurm_logs() {
  local dir=$1 f
  for f in "$dir"/log/*.log; do
    [ -f "$f" ] || continue
    echo "----- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

# True if the pid in pid file $1 is alive and runs program $2 (a reused pid
# of another program is never killed).
local_slurm_pid_alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

# A free TCP port pair p, p+1 (slurmctld, slurmd); starts at a random even port
# so that two clusters started at once rarely try the same pair.
local_slurm_free_ports() {
  local p=$((20000 + (RANDOM % 5000) * 2)) i
  for ((i = 0; i < 200; i++)); do
    if [ -z "$(ss -Htan "( sport = :$p or sport = :$((p + 1)) )" 2>/dev/null)" ]; then
      echo "$p"
      return 0
    fi
    p=$((p + 2 > 29998 ? 20000 : p + 2))
  done
  echo "local_slurm: no free port pair" >&2
  return 1
}

start_local_slurm() {
  local dir=${1:?usage: start_local_slurm DIR}
  mkdir -p "$dir" && dir=$(cd "$dir" && pwd) || return 1
  if local_slurm_pid_alive "$dir/run/slurmctld.pid" slurmctld; then
    echo "local_slurm: a cluster is already running in $dir" >&2
    return 1
  fi
  mkdir -p "$dir"/{state,spool,log,run,munge} || return 1
  chmod 755 "$dir/munge" # munged wants the socket dir searchable by all
  : >"$dir/run/started"

  # munge: reuse a working system munged; else a private one on a private socket.
  local authinfo=""
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    echo "local_slurm: reusing the running munged"
  else
    local sock="$dir/munge/munge.socket"
    [ -f "$dir/munge/munge.key" ] || mungekey -c -k "$dir/munge/munge.key" || return 1
    # --force: munged refuses root-owned paths under /tmp otherwise.
    munged --force --socket="$sock" --key-file="$dir/munge/munge.key" \
      --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
      --seed-file="$dir/munge/munged.seed" 2>>"$dir/log/munged.log" || {
      echo "local_slurm: munged did not start" >&2
      local_slurm_logs "$dir"
      return 1
    }
    echo munged >>"$dir/run/started"
    authinfo="AuthInfo=socket=$sock"
  fi

  local host cpus mem ports
  host=$(hostname -s)
  cpus=$(nproc)
  # RealMemory above what slurmd sees drains the node: keep a 5% + 256 MB margin.
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.95 - 256 }' /proc/meminfo)
  ports=$(local_slurm_free_ports) || return 1
  cat >"$dir/slurm.conf" <<EOF
# Written by tests/cluster/local_slurm.sh: a private single-node cluster.
ClusterName=commsim$ports
SlurmctldHost=$host
SlurmctldPort=$ports
SlurmdPort=$((ports + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
$authinfo
# No cgroups (and no cgroup.conf: 22.05 rejects CgroupPlugin=disabled).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# CR_Core: jobs share the node by cores; memory is not a consumable.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"

  local name
  for name in slurmctld slurmd; do
    # Recorded before the start: a daemon that forks and then dies still has
    # its pid file checked by stop.
    echo "$name" >>"$dir/run/started"
    if ! "$name" -f "$SLURM_CONF"; then
      echo "local_slurm: $name did not start" >&2
      local_slurm_logs "$dir"
      stop_local_slurm "$dir"
      return 1
    fi
  done

  # Bounded wait for the node to be schedulable.
  local i state=""
  for ((i = 0; i < 60; i++)); do
    state=$(sinfo -h -N -o %t 2>/dev/null | head -n 1) || true
    case $state in idle | mix | alloc) break ;; esac
    sleep 1
  done
  case $state in
  idle | mix | alloc) ;;
  *)
    echo "local_slurm: node not idle after 60 s (state '${state}')" >&2
    sinfo -N -l >&2 || true
    local_slurm_logs "$dir"
    stop_local_slurm "$dir"
    return 1
    ;;
  esac
  echo "local_slurm: cluster up in $dir (node $host, $cpus CPUs, ports $ports/$((ports + 1)))"
  echo "local_slurm: export SLURM_CONF=$SLURM_CONF"
}

stop_local_slurm() {
  local dir=${1:?usage: stop_local_slurm DIR}
  dir=$(cd "$dir" 2>/dev/null && pwd) || return 0
  [ -f "$dir/run/started" ] || return 0
  # Cancel this cluster's jobs first, so no job step outlives slurmd.
  if local_slurm_pid_alive "$dir/run/slurmctld.pid" slurmctld; then
    SLURM_CONF="$dir/slurm.conf" scancel --quiet --user="$(id -un)" 2>/dev/null || true
  fi
  # Reverse order of start: slurmd, slurmctld, then munged (theirs need it).
  local name pidfile pid i
  for name in slurmd slurmctld munged; do
    grep -qx "$name" "$dir/run/started" || continue
    pidfile="$dir/run/$name.pid"
    local_slurm_pid_alive "$pidfile" "$name" || continue
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    i=0
    while [ -e "/proc/$pid" ] && [ $i -lt 100 ]; do
      sleep 0.2
      i=$((i + 1))
    done
    if [ -e "/proc/$pid" ]; then
      echo "local_slurm: $name ($pid) ignored SIGTERM for 20 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$dir/run/started"
}

# Run as a command rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case ${1:-} in
  start) start_local_slurm "${2:?usage: $0 start|stop DIR}" ;;
  stop) stop_local_slurm "${2:?usage: $0 start|stop DIR}" ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
  esac
fi
