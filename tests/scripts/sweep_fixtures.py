"""Synthetic sweep files in the layout `commsim sweep` writes, and commsim's own design.

write_sweep() writes a small HDF5 file with h5py that carries what
scripts/commsim_sweep.py reads from a real sweep file (/work/sweep-spec.md,
docs/output-format.md): the schema 2 global attributes, the sweep_*
attributes, the swept parameters as root coordinates along scenario (with
commsim_unit), the metrics as daily root variables (series "daily") or only
/final and /total (series "summaries"), /summary and /replicate_complete.
It is used where the values must be known exactly (the Ishigami function as
the "simulator"); the design itself comes from `commsim sweep --dry-run
--print-design` (commsim_design()), so the block layout is commsim's.

sobol_layout() builds the blocks A, B, A_B^(1..k) in numpy for the checks
of the design commsim prints.
"""

import csv
import io
import subprocess
import warnings

import h5py
import numpy as np

STATISTICS = ("p05", "p25", "p50", "p75", "p95", "mean")


def commsim_design(commsim, sweep_yaml, cwd=None, timeout=120):
    """(keys, float array [point, parameter]) of `commsim sweep FILE --dry-run --print-design`.

    The CSV is the lines of stdout from the header 'point,<key>,...' on (the
    dry run's estimate lines before it are skipped)."""
    result = subprocess.run([commsim, "sweep", sweep_yaml, "--dry-run", "--print-design"],
                            cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"commsim sweep --dry-run --print-design failed "
                           f"({result.returncode}):\n{result.stderr}")
    lines = result.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("point,")), None)
    if start is None:
        raise RuntimeError(f"no 'point,...' CSV header in the output of --print-design:\n"
                           f"{result.stdout}")
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = rows[0], [r for r in rows[1:] if r]
    keys = header[1:]
    points = [r[0] for r in body]
    values = np.array([[float(v) for v in r[1:]] for r in body], dtype=float)
    return keys, points, values


def sobol_layout(a, b):
    """The n*(k+2) rows A, B, A_B^(1), ..., A_B^(k) (A_B^(i): A with column i from B)."""
    blocks = [a, b]
    for i in range(a.shape[1]):
        e = a.copy()
        e[:, i] = b[:, i]
        blocks.append(e)
    return np.vstack(blocks)


def _string_dataset(group, name, values):
    dt = h5py.string_dtype("utf-8")
    return group.create_dataset(name, data=np.array(values, dtype=object), dtype=dt)


def write_sweep(path, design, parameters, metrics, replicates, days, *, name="synthetic",
                seed=7, streams="common", series="daily", sobol_n=None, units=None,
                complete=None, integer=()):
    """A sweep file at path.

    parameters: {key: values per point} in design order; units: {key: commsim_unit};
    integer: keys written as int64. metrics: {name: (values [point, replicate, day],
    kind, units, long_name)}. complete: bool [point, replicate] (default all)."""
    keys = list(parameters)
    n_points = len(next(iter(parameters.values())))
    units = units or {}
    with h5py.File(path, "w") as f:
        a = f.attrs
        a["Conventions"] = "CF-1.8"
        a["title"] = f"commsim sweep: {name}"
        a["schema_version"] = np.int32(2)
        a["commsim_version"] = "0.0.0-synthetic"
        a["git_commit"] = "0" * 40
        a["replicates"] = np.int64(replicates)
        a["days"] = np.int64(days)
        a["seed"] = np.int64(seed)
        a["complete"] = np.int32(1 if complete is None or np.all(complete) else 0)
        a["sweep_name"] = name
        a["sweep_design"] = design
        a["sweep_parameters"] = " ".join(keys)
        a["sweep_points"] = np.int64(n_points)
        a["sweep_seed"] = np.int64(seed)
        a["sweep_streams"] = streams
        a["sweep_hash"] = "0123456789abcdef"
        a["series"] = series
        if sobol_n is not None:
            a["sobol_base_samples"] = np.int64(sobol_n)

        names = [f"p{p:04d}" for p in range(n_points)]
        for group in (f, f.create_group("summary"), f.create_group("parameters"),
                      f.create_group("final"), f.create_group("total")):
            _string_dataset(group, "scenario", names)
        f["replicate"] = np.arange(replicates, dtype=np.int32)
        f["day"] = np.arange(days, dtype=np.int32)
        f["summary/day"] = np.arange(days, dtype=np.int32)
        _string_dataset(f["summary"], "statistic", list(STATISTICS))
        for key in keys:
            dtype = np.int64 if key in integer else np.float64
            values = np.asarray(parameters[key], dtype=dtype)
            for where in (f, f["parameters"]):
                d = where.create_dataset(key, data=values)
                d.attrs["commsim_unit"] = units.get(key, "")
                d.attrs["long_name"] = f"synthetic parameter {key}"
        done = np.ones((n_points, replicates), dtype=bool) if complete is None \
            else np.asarray(complete, dtype=bool)
        f["replicate_complete"] = done.astype(np.int8)
        coordinates = " ".join(keys)
        for metric, (values, kind, metric_units, long_name) in metrics.items():
            values = np.asarray(values, dtype=float).copy()
            values[~done] = np.nan
            targets = []
            if series == "daily":
                targets.append((f, metric, values))
            targets.append((f["final"], metric, values[:, :, -1]))
            if kind == "flow":
                targets.append((f["total"], metric, values.sum(axis=2)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices
                q = np.nanpercentile(values, [5, 25, 50, 75, 95], axis=1)  # [q, point, day]
                mean = np.nanmean(values, axis=1)
            summary = np.concatenate([q, mean[None]], axis=0).transpose(1, 0, 2)
            targets.append((f["summary"], metric, summary))
            for group, vname, data in targets:
                d = group.create_dataset(vname, data=data)
                d.attrs["long_name"] = long_name
                d.attrs["units"] = metric_units
                d.attrs["kind"] = kind
                d.attrs["coordinates"] = coordinates
    return path
