#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build,
# simulate the bundled baseline scenario and plot it.
#   out/baseline.h5   every replicate's daily series and their quantiles
#   out/baseline.png  fan chart of each metric
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh Release
build/commsim run scenarios/baseline.yaml -o out/baseline.h5
build/commsim info out/baseline.h5
/usr/bin/python3 scripts/plot_curves.py out/baseline.h5 -o out/baseline.png \
  --metrics members,joined,churned,active,talk_share,messages,groups,groups_dead,retention_d7
echo "quickstart: wrote out/baseline.h5 and out/baseline.png"
