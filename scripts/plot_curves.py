#!/usr/bin/python3
"""Fan chart of a commsim results file.

One panel per metric: the median across replicates as a line, with the
5-95 % and 25-75 % ranges as shaded bands. Reads only the precomputed
/scenarios/<name>/summary groups, so it is fast for any replicate count.

usage: plot_curves.py FILE.h5 [-o PNG] [--metrics a,b] [--scenario NAME]
"""

import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display; must be set before pyplot loads
import matplotlib.pyplot as plt  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

SCHEMA_VERSION = 1
QUANTILES = ("p05", "p25", "p50", "p75", "p95")
MAX_COLUMNS = 3


class PlotError(Exception):
    """A problem with the user's input: reported on stderr, exit code 2."""


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Plot median and quantile bands of every metric in a commsim results file.")
    parser.add_argument("file", metavar="FILE.h5", help="results file written by 'commsim run'")
    parser.add_argument("-o", "--output", metavar="PNG",
                        help="image to write (default: FILE with a .png suffix)")
    parser.add_argument("--metrics", metavar="a,b",
                        help="comma-separated metrics to plot (default: all in the file)")
    parser.add_argument("--scenario", metavar="NAME",
                        help="scenario group to plot (default: the first in the file)")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = os.path.splitext(args.file)[0] + ".png"
    if args.metrics is not None:
        # Keep the user's order, drop blanks and repeats ("a,,b,a" -> a, b).
        names = [m.strip() for m in args.metrics.split(",") if m.strip()]
        args.metrics = list(dict.fromkeys(names))
        if not args.metrics:
            parser.error("--metrics needs at least one metric name")
    return args


def load(path, scenario=None, metrics=None):
    """Read run metadata and the summary curves of the chosen metrics."""
    if not os.path.isfile(path):
        raise PlotError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise PlotError(f"{path}: not a readable HDF5 file ({e})") from None
    with f:
        if "schema_version" not in f.attrs or "scenarios" not in f:
            raise PlotError(f"{path}: not a commsim results file (no schema_version)")
        version = int(f.attrs["schema_version"])
        if version != SCHEMA_VERSION:
            raise PlotError(f"{path}: schema_version {version} is not supported "
                            f"(this script reads {SCHEMA_VERSION})")

        names = list(f["scenarios"])
        if not names:
            raise PlotError(f"{path}: the file holds no scenarios")
        if scenario is None:
            scenario = names[0]
        elif scenario not in names:
            raise PlotError(f"{path}: no scenario '{scenario}' (available: {', '.join(names)})")
        group = f["scenarios"][scenario]
        summary = group["summary"]

        available = list(summary)
        if metrics is None:
            metrics = available
        unknown = [m for m in metrics if m not in summary]
        if unknown:
            raise PlotError(f"{path}: unknown metric {', '.join(unknown)} "
                            f"(available: {', '.join(available)})")

        curves = []
        for name in metrics:
            node = summary[name]
            missing = [q for q in QUANTILES if q not in node]
            if missing:
                raise PlotError(f"{path}: metric {name} lacks summary {', '.join(missing)}")
            curves.append({
                "name": name,
                "units": str(node.attrs.get("units", "")),
                **{q: np.asarray(node[q][()], dtype=float) for q in QUANTILES},
            })
        return {
            "scenario": scenario,
            "replicates": int(f.attrs.get("replicates", 0)),
            "seed": int(f.attrs.get("seed", 0)),
            "version": str(f.attrs.get("commsim_version", "?")),
            "commit": str(f.attrs.get("git_commit", "")),
            "day": np.asarray(group["day"][()], dtype=float),
            "curves": curves,
        }


def plot(data, output):
    """Draw the fan chart and move it into place only once it is complete."""
    curves = data["curves"]
    columns = min(MAX_COLUMNS, len(curves))
    rows = math.ceil(len(curves) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.6 * columns, 3.3 * rows + 0.5),
                             squeeze=False, layout="constrained")
    day = data["day"]
    for ax, curve in zip(axes.flat, curves):
        ax.fill_between(day, curve["p05"], curve["p95"], color="C0", alpha=0.18,
                        linewidth=0, label="5–95 %")
        ax.fill_between(day, curve["p25"], curve["p75"], color="C0", alpha=0.40,
                        linewidth=0, label="25–75 %")
        ax.plot(day, curve["p50"], color="C0", linewidth=1.6, label="median")
        ax.set_title(curve["name"])
        ax.set_xlabel("day")
        ax.set_ylabel(curve["units"])
        ax.grid(True, alpha=0.3)
    for ax in axes.flat[len(curves):]:
        ax.set_visible(False)  # unused cells of the last grid row
    axes.flat[0].legend(loc="best", fontsize="small")

    commit = f" ({data['commit']})" if data["commit"] else ""
    fig.suptitle(f"{data['scenario']} — {data['replicates']} replicates, seed {data['seed']}, "
                 f"commsim {data['version']}{commit}")

    # Same directory as the target so os.replace is an atomic rename.
    temporary = f"{output}.tmp.{os.getpid()}"
    try:
        fig.savefig(temporary, format="png", dpi=110)
        os.replace(temporary, output)
    except OSError as e:
        raise PlotError(f"{output}: cannot write ({e.strerror or e})") from None
    finally:
        plt.close(fig)
        if os.path.exists(temporary):
            os.remove(temporary)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        plot(load(args.file, args.scenario, args.metrics), args.output)
    except PlotError as e:
        print(f"plot_curves: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
