#!/usr/bin/env bash
# Installs every build, test and plotting dependency of commsim from Debian 12
# packages. Idempotent: packages already present are skipped, so a second run
# is a no-op that never touches the network.
#   scripts/install-deps.sh [check]   check: also the sanitizer and fuzzing
#                                     tools of scripts/check.sh
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libboost-random-dev libboost-program-options-dev
  libtbb-dev libhdf5-dev hdf5-tools libyaml-cpp-dev librandom123-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  python3-h5py python3-numpy python3-matplotlib
  python3-xarray python3-h5netcdf python3-netcdf4 python3-pandas python3-scipy netcdf-bin udunits-bin
  chromium
  # Sweeps: the Slurm test cluster (tests/cluster), MPI, the designs' reference.
  # Their postinsts may start munge (harmless: the test reuses a working one)
  # and skip slurmd/slurmctld while /etc/slurm/slurm.conf is absent; the test
  # starts its own daemons on a private slurm.conf.
  slurm-wlm munge openmpi-bin libopenmpi-dev python3-openturns
)
if [ "${1:-}" = check ]; then
  # clang's sanitizers and libFuzzer; dpkg-dev for `apt-get source onetbb`.
  packages+=(clang libclang-rt-14-dev dpkg-dev)
fi

missing=()
for p in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == *"install ok installed"* ]] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
