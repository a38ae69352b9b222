#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build,
# simulate the bundled baseline scenario, summarise, export and plot it.
#   out/baseline.h5           every replicate's daily series and their quantiles
#                             (netCDF-4 compatible: xarray, ncdump, h5py)
#   out/baseline-summary.csv  the quantiles as a tidy table for spreadsheets
#   out/baseline.png          fan charts of the key curves
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh Release
build/commsim run scenarios/baseline.yaml -o out/baseline.h5 --force
build/commsim info out/baseline.h5
build/commsim export out/baseline.h5 --summary -o out/baseline-summary.csv --force
/usr/bin/python3 scripts/plot_curves.py out/baseline.h5 -o out/baseline.png
echo "quickstart: wrote out/baseline.h5, out/baseline-summary.csv and out/baseline.png"
echo "quickstart: open it with: /usr/bin/python3 -c 'import xarray as xr; print(xr.open_dataset(\"out/baseline.h5\", engine=\"h5netcdf\"))'"
