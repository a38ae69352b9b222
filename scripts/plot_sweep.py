#!/usr/bin/python3
"""Plot one metric of a commsim sweep file over its swept parameters.

The value of a run is the metric on day D (--at-day D, default the last
day), or with --cumulative its sum over days 0..D (flows only). Across the
replicates of a point the figure shows a statistic, the median unless
--statistic says otherwise (mean, p05, p25, p75, p95; NaN, i.e. incomplete
replicates, ignored).

- Two parameters (--x and --y, default the first two of the file's
  sweep_parameters): a heat map.
  * grid designs: one cell per pair of levels (equal cells, ticks at the
    levels, so uneven or log-spaced levels read as well as even ones), the
    value written in each cell when there are at most 144 cells. With more
    than two swept parameters a cell pools the replicates of every point
    with that (x, y) pair, i.e. of all levels of the other parameters
    (said in the title).
  * lhs, random and sobol designs (scattered points): each point a marker
    coloured by its value, over a triangulated filled contour
    (tricontourf) of the same values when the axes are linear and there
    are enough points. An axis is logarithmic when its values look like a log-scale
    parameter's (positive, spanning a factor 20 or more, crowded at the low
    end: see log_axis()).
- One parameter (a 1-D sweep, or --y none): the statistic as a line over
  the parameter, with the 25-75 % and 5-95 % ranges across replicates as
  bands (replicates of points with the same value pooled).

Axis labels are the parameter keys with their commsim_unit; the colour bar
(or the y axis) is the metric's long_name and units. A colour map centred
on 0 is used when the values take both signs (profit).

Files written with --summaries-only (series = "summaries") hold only the
last day (/final) and the total over all days (/total): other days are
refused with a message saying so.

Errors (exit status 2, "plot_sweep: ..." on stderr, no image written): a
file that is not a sweep file, an unknown metric or parameter, a day the
file does not hold, --cumulative on a level or ratio.

usage: plot_sweep.py OUT.h5 [-o PNG] [--metric M] [--at-day D | final] [--cumulative]
                     [--x KEY] [--y KEY | none] [--statistic median]
"""

import argparse
import os
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only, no display; must be set before pyplot loads
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.tri as mtri  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commsim_results import percentiles, save_figure  # noqa: E402
from commsim_sweep import (  # noqa: E402
    DEFAULT_METRIC, STATISTICS, PlotError, Sweep, add_value_options, format_value, parameter_label,
    parse_day, statistic)

ANNOTATE_CELLS = 144  # grid heat maps write the value in each cell up to this many cells
CONTOUR_POINTS = 12  # scattered designs: filled contours from this many points
LOG_SPAN = 20.0  # see log_axis()


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="plot_sweep",
        description="Heat map (two parameters) or line with replicate bands (one parameter) "
                    "of a metric of a commsim sweep file.")
    parser.add_argument("file", metavar="OUT.h5", help="sweep file written by 'commsim sweep'")
    parser.add_argument("-o", "--output", metavar="PNG",
                        help="image to write (default: OUT-<metric>.png next to OUT.h5)")
    add_value_options(parser, "metric to plot")
    parser.add_argument("--x", metavar="KEY", help="parameter on the x axis "
                        "(default: the first of sweep_parameters)")
    parser.add_argument("--y", metavar="KEY|none", help="parameter on the y axis (default: the "
                        "second of sweep_parameters; 'none' draws a line over --x)")
    parser.add_argument("--statistic", choices=STATISTICS, default="median",
                        help="statistic across the replicates of a point (default: median)")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = f"{os.path.splitext(args.file)[0]}-{args.metric}.png"
    return args


def choose_axes(sweep, x, y):
    """(x key, y key or None) from the options and the file's sweep_parameters."""
    keys = sweep.keys
    if x is not None:
        sweep.require_parameter(x, "--x")
    if y is not None and y.lower() != "none":
        sweep.require_parameter(y, "--y")
        if y == x:
            raise PlotError(f"--x and --y are both {x}")
    x = x or next(k for k in keys if k != y)
    if y is None:
        y = next((k for k in keys if k != x), None)
    elif y.lower() == "none":
        y = None
    return x, y


def log_axis(values, scale=None):
    """True for the values of a log-scale parameter. The sweep file's own scale
    (sweep_scales: log or linear) decides when the file records it; otherwise (a
    grid's levels, older files) the values do: positive, spanning a factor LOG_SPAN
    or more, and crowded at the low end (median in the lowest quarter of the range, as
    in a log-uniform sample or a geometric grid; a uniform sample has it near the middle)."""
    if scale in ("log", "linear"):
        return scale == "log"
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size < 3 or values.min() <= 0 or values.max() / values.min() < LOG_SPAN:
        return False
    lo, hi = values.min(), values.max()
    return (np.median(values) - lo) < 0.25 * (hi - lo)


def load_sweep(path, metric=DEFAULT_METRIC, day=None, cumulative=False, x=None, y=None,
               stat="median", sweep=None):
    """What plot() draws, as plain data; raises PlotError on bad input.

    Returns a dict with file, run (title line), metric, long_name, units,
    when ("on day 89", "summed over days 0..89"), statistic, x, y (keys; y
    None for a line), x_label, y_label, others (swept keys pooled), kind
    ("grid", "scatter" or "line") and:
    - grid: x_levels, y_levels, z [len(y_levels), len(x_levels)];
    - scatter: px, py, pz (one per point), x_log, y_log;
    - line: lx, and per quantile p05..p95 plus the statistic "value", x_log.
    """
    sweep = sweep or Sweep(path)
    sweep.require_metric(metric)
    x, y = choose_axes(sweep, x, y)
    values = sweep.values(metric, day, cumulative)  # [point, replicate]
    if not np.isfinite(values).any():
        raise PlotError(f"{path}: {metric} has no value {sweep.describe(metric, day, cumulative)}"
                        " in any completed replicate")
    meta = sweep.metrics[metric]
    used = [x] + ([y] if y else [])
    data = {
        "file": path, "run": sweep.run_line(), "metric": metric,
        "long_name": meta.get("long_name", metric),
        "units": sweep.units_of(metric, cumulative), "when": sweep.describe(metric, day, cumulative),
        "statistic": stat, "x": x, "y": y, "cumulative": cumulative,
        "x_label": parameter_label(x, sweep.units[x]),
        "y_label": parameter_label(y, sweep.units[y]) if y else None,
        "others": [k for k in sweep.keys if k not in used],
        "design": sweep.design,
    }
    xs = sweep.values_of[x]
    if y is None:  # a line over x; replicates of points sharing an x value pooled
        levels, index = np.unique(xs, return_inverse=True)
        pooled = [values[index == i].reshape(-1) for i in range(len(levels))]
        width = max(len(p) for p in pooled)
        table = np.full((width, len(levels)), np.nan)  # [replicate (pooled), level]
        for i, p in enumerate(pooled):
            table[:len(p), i] = p
        data.update(kind="line", lx=levels, value=statistic(table, stat, axis=0),
                    x_log=log_axis(levels, sweep.scales.get(x)), **percentiles(table))
        return data
    ys = sweep.values_of[y]
    if sweep.is_grid():
        x_levels, xi = np.unique(xs, return_inverse=True)
        y_levels, yi = np.unique(ys, return_inverse=True)
        z = np.full((len(y_levels), len(x_levels)), np.nan)
        for j in range(len(y_levels)):
            for i in range(len(x_levels)):
                cell = values[(xi == i) & (yi == j)].reshape(-1)
                if cell.size:
                    z[j, i] = statistic(cell, stat)
        data.update(kind="grid", x_levels=x_levels, y_levels=y_levels, z=z)
    else:  # scattered designs (and a grid that is not a full product): one marker a point
        data.update(kind="scatter", px=xs, py=ys, pz=statistic(values, stat, axis=1),
                    x_log=log_axis(xs, sweep.scales.get(x)), y_log=log_axis(ys, sweep.scales.get(y)))
    return data


def colour_norm(z):
    """A norm for z: centred on 0 (diverging map) when z takes both signs."""
    finite = np.asarray(z, dtype=float)
    finite = finite[np.isfinite(finite)]
    lo, hi = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 0.5 * (abs(lo) or 1), hi + 0.5 * (abs(hi) or 1)
    if lo < 0 < hi:
        return mcolors.TwoSlopeNorm(vcenter=0.0, vmin=lo, vmax=hi), "RdBu_r"
    return mcolors.Normalize(vmin=lo, vmax=hi), "viridis"


def cell_text(value):
    """A cell's value: 0.123, 45.6, 3,620, 1.2e+07."""
    if abs(value) >= 1e7:
        return f"{value:.3g}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def value_label(data):
    name = textwrap.fill(data["long_name"] + (" (cumulative)" if data["cumulative"] else ""),
                         45)
    units = f" [{data['units']}]" if data["units"] else ""
    return f"{name}{units}"


def draw_grid(fig, ax, data):
    z = np.ma.masked_invalid(data["z"])
    norm, cmap = colour_norm(data["z"])
    nx, ny = len(data["x_levels"]), len(data["y_levels"])
    mesh = ax.pcolormesh(np.arange(nx + 1) - 0.5, np.arange(ny + 1) - 0.5, z, cmap=cmap,
                         norm=norm, shading="flat", edgecolors="white", linewidth=0.5)
    ax.set_facecolor("0.85")  # cells without a value
    ax.set_xticks(np.arange(nx), [format_value(v) for v in data["x_levels"]],
                  rotation=45 if nx > 8 else 0)
    ax.set_yticks(np.arange(ny), [format_value(v) for v in data["y_levels"]])
    ax.set_xlim(-0.5, nx - 0.5)
    ax.set_ylim(-0.5, ny - 0.5)
    if nx * ny <= ANNOTATE_CELLS:
        colormap = plt.get_cmap(cmap)
        size = 9 if nx * ny <= 36 else 7
        for j in range(ny):
            for i in range(nx):
                v = data["z"][j, i]
                if not np.isfinite(v):
                    continue
                r, g, b, _ = colormap(norm(v))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
                ax.text(i, j, cell_text(v), ha="center", va="center", fontsize=size,
                        color="white" if dark else "black")
    fig.colorbar(mesh, ax=ax, label=value_label(data))


def draw_scatter(fig, ax, data):
    px, py, pz = data["px"], data["py"], data["pz"]
    ok = np.isfinite(pz)
    norm, cmap = colour_norm(pz)
    if data["x_log"]:
        ax.set_xscale("log")
    if data["y_log"]:
        ax.set_yscale("log")
    if not data["x_log"] and not data["y_log"] and ok.sum() >= CONTOUR_POINTS:
        try:
            triangulation = mtri.Triangulation(px[ok], py[ok])
            ax.tricontourf(triangulation, pz[ok], levels=14, cmap=cmap, norm=norm, alpha=0.55)
        except (ValueError, RuntimeError):
            pass  # collinear or duplicated points: the markers alone
    points = ax.scatter(px[ok], py[ok], c=pz[ok], cmap=cmap, norm=norm, s=36,
                        edgecolors="0.2", linewidths=0.5, zorder=3)
    if (~ok).any():
        ax.scatter(px[~ok], py[~ok], marker="x", color="0.4", s=30, zorder=3,
                   label="no completed replicate")
        ax.legend(loc="best", fontsize="small")
    fig.colorbar(points, ax=ax, label=value_label(data))


def draw_line(ax, data):
    x = data["lx"]
    ax.fill_between(x, data["p05"], data["p95"], color="C0", alpha=0.15, linewidth=0)
    ax.fill_between(x, data["p25"], data["p75"], color="C0", alpha=0.32, linewidth=0)
    ax.plot(x, data["value"], "o-", color="C0", linewidth=1.6, markersize=3.5)
    if data["x_log"]:
        ax.set_xscale("log")
    ax.set_ylabel(value_label(data))
    ax.grid(True, alpha=0.3)
    ax.legend(handles=[
        plt.Line2D([], [], color="C0", marker="o", markersize=3.5,
                   label=f"{data['statistic']} across replicates"),
        Patch(facecolor="C0", alpha=0.45, label="25–75 %"),
        Patch(facecolor="C0", alpha=0.2, label="5–95 %")], fontsize="small", loc="best")


def figure(data):
    fig, ax = plt.subplots(figsize=(7.6, 5.6), layout="constrained")
    if data["kind"] == "grid":
        draw_grid(fig, ax, data)
    elif data["kind"] == "scatter":
        draw_scatter(fig, ax, data)
    else:
        draw_line(ax, data)
    ax.set_xlabel(data["x_label"])
    if data["y_label"]:
        ax.set_ylabel(data["y_label"])
    lines = [textwrap.shorten(f"{os.path.basename(data['file'])}: {data['run']}", 110),
             f"{data['metric']} {data['when']}: {data['statistic']} across replicates"]
    if data["others"]:
        others = ", ".join(data["others"])
        lines.append(textwrap.shorten(
            f"each point also varies {others} (projection)" if data["kind"] == "scatter"
            else f"replicates pooled over every value of {others}", 110))
    fig.suptitle("\n".join(lines), fontsize=9.5)
    return fig


def plot(data, output):
    save_figure(figure(data), output)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        day = parse_day(args.at_day)
        data = load_sweep(args.file, args.metric, day, args.cumulative, args.x, args.y,
                          args.statistic)
        plot(data, args.output)
    except PlotError as e:
        print(f"plot_sweep: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
