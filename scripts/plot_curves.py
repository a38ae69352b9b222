#!/usr/bin/python3
"""Fan charts of commsim results files (schema 2).

One panel per metric: the median across replicates as a line, the 25-75 %
and 5-95 % ranges as shaded bands. Every (file, scenario) pair is drawn in
its own colour and named in the legend (with the file when several files
are given). Daily curves come from the precomputed /summary group.
Without --metrics the key metrics (KEY_METRICS) are drawn, except those
zero throughout in every file (a module switched off), and those missing
from a file skipped; a panel's title and units come from the first file.

--cumulative sums each flow (kind "flow": events counted during a day) over
days. Quantiles of a sum are not sums of quantiles, so the bands are taken
across replicates of each replicate's running total (root series; numpy's
linear percentile, ignoring NaN). Levels and ratios have no meaningful sum:
they are drawn unchanged and their panel is marked "(level, not summed)" or
"(ratio, not summed)".

Cohort metrics (retention_*) are indexed by the cohort's join day, so their
x axis is labelled "join day"; every other axis is "day".

usage: plot_curves.py FILE.h5 [FILE2.h5 ...] [-o PNG] [--metrics a,b]
                      [--scenario NAME[,NAME]] [--cumulative]
"""

import argparse
import contextlib
import math
import os
import sys
import textwrap
import warnings

import matplotlib

matplotlib.use("Agg")  # files only, no display; must be set before pyplot loads
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

SCHEMA_VERSION = 2
ENGINE = "h5netcdf"
QUANTILES = ("p05", "p25", "p50", "p75", "p95")
# The panels drawn without --metrics, in this order; those a file lacks are skipped.
KEY_METRICS = ("members", "joined", "churned", "active", "messages", "talk_share",
               "groups_dead", "retention_d7", "conversions", "revenue", "profit")
COHORT_PREFIX = "retention_"
MAX_COLUMNS = 3
PANEL_WIDTH, PANEL_HEIGHT = 4.6, 3.3  # inches
TITLE_CHARS = 50  # long_name wrap width at the title font size and PANEL_WIDTH
TITLE_PAD = 4  # points between a panel and its title


class PlotError(Exception):
    """A problem with the user's input: reported on stderr, exit code 2."""


def split_list(text):
    """'a,,b,a' -> ['a', 'b']: the user's order, no blanks or repeats."""
    return list(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="plot_curves",
        description="Fan charts (median, 25-75 %% and 5-95 %% bands) of commsim results files.")
    parser.add_argument("files", nargs="+", metavar="FILE.h5",
                        help="results files written by 'commsim run' (schema 2); overlaid")
    parser.add_argument("-o", "--output", metavar="PNG",
                        help="image to write (default: the first FILE with a .png suffix)")
    parser.add_argument("--metrics", metavar="a,b",
                        help="comma-separated metrics to plot (default: the key metrics: "
                             + ", ".join(KEY_METRICS) + ")")
    parser.add_argument("--scenario", metavar="NAME[,NAME]",
                        help="scenarios to plot (default: every scenario of every file)")
    parser.add_argument("--cumulative", action="store_true",
                        help="sum flows over days (levels and ratios are drawn unchanged)")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = os.path.splitext(args.files[0])[0] + ".png"
    for option in ("metrics", "scenario"):
        value = getattr(args, option)
        if value is not None:
            setattr(args, option, split_list(value))
            if not getattr(args, option):
                parser.error(f"--{option} needs at least one name")
    return args


def check_file(path):
    """The root attributes of a commsim schema 2 file; refuse anything else, saying why."""
    if not os.path.isfile(path):
        raise PlotError(f"{path}: no such file")
    if not h5py.is_hdf5(path):
        raise PlotError(f"{path}: not an HDF5 file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise PlotError(f"{path}: cannot open HDF5 file ({e})") from None
    with f:
        if "schema_version" not in f.attrs:
            raise PlotError(f"{path}: not a commsim results file (no schema_version attribute)")
        try:
            version = int(np.asarray(f.attrs["schema_version"]).reshape(-1)[0])
        except (TypeError, ValueError, IndexError):
            raise PlotError(f"{path}: unreadable schema_version attribute") from None
        if version == 1:
            raise PlotError(f"{path}: schema 1 file (written by an older commsim); this script "
                            f"reads schema {SCHEMA_VERSION}: re-run the scenario with the "
                            "current commsim")
        if version != SCHEMA_VERSION:
            raise PlotError(f"{path}: schema_version {version} is not supported "
                            f"(this script reads schema {SCHEMA_VERSION})")
        if "summary" not in f:
            raise PlotError(f"{path}: schema {SCHEMA_VERSION} file without a /summary group")
        return dict(f.attrs)


def short_commit(commit):
    """'fd18320118c1...+dirty' -> 'fd18320118+dirty'."""
    base, plus, suffix = commit.partition("+")
    return base[:10] + plus + suffix


def summed_units(units):
    """Units of a flow summed over days: drop the per-day factor ('people d-1' -> 'people')."""
    rest = [u for u in units.split() if u != "d-1"]
    return " ".join(rest) or "1"


def percentiles(values):
    """{p05: ..., p95: ...} across axis 0 (replicates), NaN ignored, all-NaN days give NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices
        return {q: np.nanpercentile(values, int(q[1:]), axis=0, method="linear")
                for q in QUANTILES}


def read_file(path, metrics, scenarios, cumulative):
    """Run metadata and, per metric, the curves of the chosen scenarios of one file."""
    attrs = check_file(path)
    try:
        with contextlib.ExitStack() as stack:
            summary = stack.enter_context(xr.open_dataset(path, engine=ENGINE, group="summary"))
            # The per replicate series are only needed to sum flows.
            series = stack.enter_context(xr.open_dataset(path, engine=ENGINE)) \
                if cumulative else None
            return extract(path, attrs, summary, series, metrics, scenarios, cumulative)
    except (OSError, ValueError, KeyError) as e:
        raise PlotError(f"{path}: not a readable commsim schema {SCHEMA_VERSION} file "
                        f"({type(e).__name__}: {e})") from None


def extract(path, attrs, summary, series, metrics, scenarios, cumulative):
    """The body of read_file, on the opened root and /summary datasets."""
    names = [str(s) for s in summary["scenario"].values]
    chosen = names if scenarios is None else [s for s in scenarios if s in names]
    available = [m for m, v in summary.data_vars.items()
                 if v.dims == ("scenario", "statistic", "day")]
    wanted = [m for m in (metrics or KEY_METRICS) if m in available or metrics is not None]
    unknown = [m for m in wanted if m not in available]
    if unknown:
        raise PlotError(f"{path}: unknown metric {', '.join(unknown)} "
                        f"(available: {', '.join(available)})")
    missing = [q for q in QUANTILES if q not in summary["statistic"].values]
    if missing:
        raise PlotError(f"{path}: /summary lacks statistic {', '.join(missing)}")

    day = np.asarray(summary["day"].values)
    curves = {}
    for m in wanted:
        meta = summary[m].attrs
        kind, units = str(meta.get("kind", "")), str(meta.get("units", ""))
        summed = cumulative and kind == "flow"
        stats = summary[m].load()
        per_scenario = []
        for s in chosen:
            if summed:  # per replicate running totals, then quantiles across replicates
                values = series[m].sel(scenario=s).transpose("replicate", "day").values
                q = percentiles(np.cumsum(values, axis=1))  # a NaN day leaves the total unknown
            else:
                q = {k: np.asarray(stats.sel(scenario=s, statistic=k).values, dtype=float)
                     for k in QUANTILES}
            per_scenario.append({"file": path, "scenario": s, "day": day, **q})
        curves[m] = {
            "name": m,
            "long_name": str(meta.get("long_name", m)),
            "units": summed_units(units) if summed else units,
            "kind": kind,
            "summed": summed,
            "note": "" if not cumulative else " (cumulative)" if summed
            else f" ({kind}, not summed)",
            "xlabel": "join day" if m.startswith(COHORT_PREFIX) else "day",
            "curves": per_scenario,
        }

    seed = attrs.get("seed")
    if seed is None and "run.seed" in summary.coords:  # seeds differ between scenarios
        seed = "/".join(str(int(summary["run.seed"].sel(scenario=s))) for s in chosen)
    run = {
        "file": path,
        "scenarios": chosen,
        "replicates": int(attrs.get("replicates", 0)),
        "days": int(attrs.get("days", len(day))),
        "seed": None if seed is None else str(seed),
        "version": str(attrs.get("commsim_version", "?")),
        "commit": short_commit(str(attrs.get("git_commit", ""))),
    }
    return run, curves, names


def load_curves(paths, metrics=None, scenarios=None, cumulative=False):
    """What plot() draws: {"runs": [per file metadata], "panels": [per metric]}.

    Each panel holds name, long_name, units, kind, summed, note, xlabel and
    "curves": one dict per (file, scenario) with label, file, scenario, day
    and the quantile arrays p05..p95. Raises PlotError on bad input.
    """
    loaded = [read_file(p, metrics, scenarios, cumulative) for p in paths]
    if scenarios is not None:
        everywhere = set().union(*(names for _, _, names in loaded))
        absent = [s for s in scenarios if s not in everywhere]
        if absent:
            held = ", ".join(f"{run['file']}: {', '.join(names)}" for run, _, names in loaded)
            raise PlotError(f"no scenario {', '.join(absent)} (available: {held})")
        for run, _, names in loaded:
            if not run["scenarios"]:
                raise PlotError(f"{run['file']}: holds none of {', '.join(scenarios)} "
                                f"(available: {', '.join(names)})")

    # A panel needs the metric in every file; without --metrics, skip the others.
    order = metrics or KEY_METRICS
    common = [m for m in order if all(m in curves for _, curves, _ in loaded)]
    if not common:
        raise PlotError(f"none of the key metrics {', '.join(KEY_METRICS)} is in every file; "
                        "choose some with --metrics")

    # Without --metrics, key metrics that are zero throughout (a module that
    # is off: no funnel, no revenue) are not worth a panel.
    if metrics is None:
        def flat(m):
            return all(np.nan_to_num(c[q]).max(initial=0) == 0 and np.nan_to_num(c[q]).min(initial=0) == 0
                       for _, curves, _ in loaded for c in curves[m]["curves"] for q in ("p05", "p95"))
        common = [m for m in common if not flat(m)] or common

    # Legend labels: the scenario, plus the file when there are several files.
    files = [run["file"] for run, _, _ in loaded]
    short = [os.path.basename(f) for f in files]
    tags = short if len(set(short)) == len(short) else files
    panels = []
    for m in common:
        panel = dict(loaded[0][1][m], curves=[])
        for tag, (_, curves, _) in zip(tags, loaded):
            for c in curves[m]["curves"]:
                label = c["scenario"] if len(files) == 1 else f"{c['scenario']} ({tag})"
                panel["curves"].append(dict(c, label=label))
        panels.append(panel)
    return {"runs": [run for run, _, _ in loaded], "panels": panels, "cumulative": cumulative}


def figure_title(data):
    """One line per file: scenarios, replicates, seed, commsim version."""
    lines = []
    for run in data["runs"]:
        seed = f", seed {run['seed']}" if run["seed"] is not None else ""
        commit = f" ({run['commit']})" if run["commit"] else ""
        where = f"{os.path.basename(run['file'])}: " if len(data["runs"]) > 1 else ""
        lines.append(f"{where}{', '.join(run['scenarios'])} — {run['replicates']} replicates, "
                     f"{run['days']} days{seed}, commsim {run['version']}{commit}")
    if data["cumulative"]:
        lines.append("cumulative: flows summed over days; levels and ratios not summed")
    return "\n".join(lines)


def draw_panel(ax, panel, colours):
    """Bands and median of every curve of one metric; long_name as title, name above it."""
    for colour, c in zip(colours, panel["curves"]):
        ax.fill_between(c["day"], c["p05"], c["p95"], color=colour, alpha=0.13, linewidth=0)
        ax.fill_between(c["day"], c["p25"], c["p75"], color=colour, alpha=0.30, linewidth=0)
        ax.plot(c["day"], c["p50"], color=colour, linewidth=1.5)
        # A value between NaNs draws no line segment: mark it so it is seen.
        gap = np.pad(np.isnan(c["p50"]), 1, constant_values=True)
        alone = ~gap[1:-1] & gap[:-2] & gap[2:]
        ax.plot(c["day"][alone], c["p50"][alone], "o", color=colour, markersize=3)
    title = textwrap.fill(panel["long_name"], TITLE_CHARS)
    ax.set_title(title, fontsize=9, loc="left", pad=TITLE_PAD)
    # The metric name, small, on its own line above the (wrapped) long_name.
    lines = title.count("\n") + 1
    ax.annotate(panel["name"] + panel["note"], xy=(0, 1), xycoords="axes fraction",
                xytext=(0, TITLE_PAD + 11 * lines + 1), textcoords="offset points",
                ha="left", va="bottom", fontsize=8, family="monospace", color="0.35")
    # The whole day range, also where a cohort is too young to be observed (NaN).
    days = np.concatenate([c["day"] for c in panel["curves"]])
    margin = 0.02 * max(days.max() - days.min(), 1)
    ax.set_xlim(days.min() - margin, days.max() + margin)
    if all(np.all(np.isnan(c["p50"])) for c in panel["curves"]):
        ax.text(0.5, 0.5, "no observed values", transform=ax.transAxes, ha="center",
                va="center", color="0.4")
        ax.set_yticks([])
    ax.set_xlabel(panel["xlabel"])
    ax.set_ylabel(panel["units"])
    ax.grid(True, alpha=0.3)


def save_figure(fig, output, dpi=110):
    """Write a figure to output through a temporary file renamed into place
    (same directory, so the rename is atomic); close it."""
    temporary = f"{output}.tmp.{os.getpid()}"
    try:
        fig.savefig(temporary, format="png", dpi=dpi)
        os.replace(temporary, output)
    except OSError as e:
        raise PlotError(f"{output}: cannot write ({e.strerror or e})") from None
    finally:
        plt.close(fig)
        if os.path.exists(temporary):
            os.remove(temporary)


def plot(data, output):
    """Draw the fan charts and move the PNG into place only once it is complete."""
    panels = data["panels"]
    columns = min(MAX_COLUMNS, len(panels))
    rows = math.ceil(len(panels) / columns)
    n_curves = len(panels[0]["curves"])
    colours = [f"C{i % 10}" for i in range(n_curves)]

    # Row 0 holds only the legend, so it never covers a curve.
    legend_rows = math.ceil((n_curves + 3) / columns)
    legend_height = 0.25 * legend_rows + 0.2
    fig = plt.figure(figsize=(PANEL_WIDTH * columns,
                              PANEL_HEIGHT * rows + legend_height + 0.35 * len(data["runs"])),
                     layout="constrained")
    grid = fig.add_gridspec(rows + 1, columns,
                            height_ratios=[legend_height] + [PANEL_HEIGHT] * rows)
    for i, panel in enumerate(panels):
        draw_panel(fig.add_subplot(grid[1 + i // columns, i % columns]), panel, colours)

    key = fig.add_subplot(grid[0, :])
    key.axis("off")
    handles = [Line2D([], [], color=col, linewidth=2.5, label=c["label"])
               for col, c in zip(colours, panels[0]["curves"])]
    handles += [Line2D([], [], color="0.3", linewidth=1.5, label="median"),
                Patch(facecolor="0.3", alpha=0.45, label="25–75 %"),
                Patch(facecolor="0.3", alpha=0.18, label="5–95 %")]
    key.legend(handles=handles, loc="center", ncol=min(len(handles), 2 * columns),
               fontsize="small", frameon=False)
    fig.suptitle(figure_title(data), fontsize=10)

    save_figure(fig, output)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        plot(load_curves(args.files, args.metrics, args.scenario, args.cumulative), args.output)
    except PlotError as e:
        print(f"plot_curves: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
