#!/usr/bin/python3
"""Compare the scenarios of one commsim results file (schema 2) with a baseline.

One row per metric, two panels side by side:

- left: every scenario's fan chart overlaid (median line, 25-75 % and
  5-95 % bands across replicates), one colour per scenario;
- right: the paired difference to the baseline as a fan chart of its own.
  For each replicate r, d_r = variant_r - baseline_r (day by day); the
  median and bands are percentiles of d_r across replicates per day (numpy's
  linear percentile, NaN ignored), one colour per variant (the variant's
  colour on the left), with a zero line. Scenarios of one file with the
  same run.seed run replicate r from the same random streams, so pairing
  removes the noise they share (identical scenarios differ by exactly 0);
  the bands of the difference are not the difference of the bands.

--cumulative sums each flow (kind "flow") over days per replicate before
anything else (fan: percentiles of each replicate's running total;
difference: running total of the variant minus that of the baseline, per
replicate). Levels and ratios are drawn unchanged and marked "(level, not
summed)" / "(ratio, not summed)".

Without --metrics the headline metrics are drawn (members, active,
messages, conversions, paid_members, revenue, cost, profit), those missing
from the file skipped, and those zero in every scenario (a module switched
off) left out. Titles are the metrics' long_name, y labels their units. The
baseline is the first scenario unless --baseline names another.

Errors (exit status 2, "plot_compare: ..." on stderr, no image written):
a file with one scenario, an unknown baseline or metric, a file that is not
a commsim schema 2 file, an output that cannot be written.

usage: plot_compare.py FILE.h5 [-o PNG] [--baseline NAME] [--metrics a,b] [--cumulative]
"""

import argparse
import os
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commsim_results import (  # noqa: E402
    COHORT_PREFIX, HEADLINE_METRICS, Experiment, PlotError, colours, draw_panel, percentiles,
    save_figure, split_list, summed_units)

PANEL_WIDTH, PANEL_HEIGHT = 5.4, 3.3  # inches


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="plot_compare",
        description="Fan charts of every scenario of a commsim results file and of the paired "
                    "difference of each variant to a baseline.")
    parser.add_argument("file", metavar="FILE.h5",
                        help="results file of two or more scenarios written by 'commsim run'")
    parser.add_argument("-o", "--output", metavar="PNG",
                        help="image to write (default: FILE with the suffix -compare.png)")
    parser.add_argument("--baseline", metavar="NAME",
                        help="the scenario the others are compared with (default: the first)")
    parser.add_argument("--metrics", metavar="a,b",
                        help="comma-separated metrics (default: " + ", ".join(HEADLINE_METRICS)
                             + "; those present and not zero everywhere)")
    parser.add_argument("--cumulative", action="store_true",
                        help="sum flows over days per replicate (levels and ratios unchanged)")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = os.path.splitext(args.file)[0] + "-compare.png"
    if args.metrics is not None:
        args.metrics = split_list(args.metrics)
        if not args.metrics:
            parser.error("--metrics needs at least one name")
    return args


def choose_metrics(experiment, metrics):
    """The user's metrics (all must exist), or the headline metrics present and not all zero."""
    if metrics is not None:
        experiment.require_metrics(metrics)
        return list(metrics)
    present = [m for m in HEADLINE_METRICS if m in experiment.metrics]
    if not present:
        raise PlotError(f"{experiment.path}: none of the headline metrics "
                        f"{', '.join(HEADLINE_METRICS)}; choose some with --metrics")
    return [m for m in present if not experiment.all_zero(m)] or present


def load_compare(path, baseline=None, metrics=None, cumulative=False, experiment=None):
    """What plot() draws, as plain data; raises PlotError on bad input.

    Returns {"file", "run", "baseline", "scenarios", "variants", "cumulative",
    "panels"}; each panel has name, long_name, units, kind, summed, note,
    xlabel, "curves" (one per scenario: label, scenario, day, p05..p95 of
    the series across replicates) and "difference" (a panel of the same
    shape whose curves are one per variant: percentiles across replicates of
    variant_r - baseline_r).
    """
    experiment = experiment or Experiment(path)
    names = experiment.scenarios
    if len(names) < 2:
        raise PlotError(f"{path}: one scenario ({names[0] if names else 'none'}): nothing to "
                        "compare; run several scenarios into one file "
                        "(commsim run A.yaml B.yaml -o FILE.h5)")
    baseline = names[0] if baseline is None else baseline
    base = experiment.scenario_index(baseline, "baseline scenario")
    variants = [i for i in range(len(names)) if i != base]
    chosen = choose_metrics(experiment, metrics)
    day = experiment.days
    palette = colours(len(names))

    panels = []
    for m in chosen:
        meta = experiment.metrics[m]
        kind, units = meta.get("kind", ""), meta.get("units", "")
        summed = cumulative and kind == "flow"
        values = experiment.series(m)  # [scenario, replicate, day]
        if summed:
            values = np.cumsum(values, axis=2)  # a NaN day leaves the total unknown
        note = "" if not cumulative else " (cumulative)" if summed else f" ({kind}, not summed)"
        common = {
            "name": m, "kind": kind, "summed": summed, "note": note,
            "units": summed_units(units) if summed else units,
            "xlabel": "join day" if m.startswith(COHORT_PREFIX) else "day",
        }
        curves = [{"label": s, "scenario": s, "colour": palette[i], "day": day,
                   **percentiles(values[i])} for i, s in enumerate(names)]
        differences = [{"label": f"{names[i]} − {baseline}", "scenario": names[i],
                        "colour": palette[i], "day": day,
                        **percentiles(values[i] - values[base])} for i in variants]
        what = "Difference of running totals" if summed else "Difference"
        panels.append(dict(common, long_name=meta.get("long_name", m), curves=curves,
                           difference=dict(common, curves=differences, long_name=(
                               f"{what} to {baseline} (paired by replicate)"))))
    return {"file": path, "run": experiment.run_line(), "baseline": baseline,
            "scenarios": names, "variants": [names[i] for i in variants],
            "cumulative": cumulative, "panels": panels}


def figure(data):
    """The matplotlib figure of load_compare()'s data (the caller saves and closes it)."""
    panels = data["panels"]
    rows = len(panels)
    names = data["scenarios"]
    legend_height = 0.25 * int(np.ceil((len(names) + 3) / 4)) + 0.2
    title_lines = 2 + bool(data["cumulative"])
    fig = plt.figure(figsize=(2 * PANEL_WIDTH,
                              PANEL_HEIGHT * rows + legend_height + 0.3 * title_lines),
                     layout="constrained")
    grid = fig.add_gridspec(rows + 1, 2, height_ratios=[legend_height] + [PANEL_HEIGHT] * rows)
    for row, panel in enumerate(panels):
        left = fig.add_subplot(grid[1 + row, 0])
        draw_panel(left, panel, [c["colour"] for c in panel["curves"]])
        right = fig.add_subplot(grid[1 + row, 1])
        diff = panel["difference"]
        right.axhline(0, color="black", linewidth=0.9, zorder=0)
        draw_panel(right, diff, [c["colour"] for c in diff["curves"]])

    key = fig.add_subplot(grid[0, :])
    key.axis("off")
    handles = [Line2D([], [], color=c["colour"], linewidth=2.5,
                      label=c["label"] + (" (baseline)" if c["scenario"] == data["baseline"]
                                          else ""))
               for c in panels[0]["curves"]]
    handles += [Line2D([], [], color="0.3", linewidth=1.5, label="median"),
                Patch(facecolor="0.3", alpha=0.45, label="25–75 %"),
                Patch(facecolor="0.3", alpha=0.18, label="5–95 %")]
    key.legend(handles=handles, loc="center", ncol=min(len(handles), 4), fontsize="small",
               frameon=False)
    lines = [textwrap.shorten(f"{os.path.basename(data['file'])}: {data['run']}", 150),
             f"left: each scenario across replicates; right: variant − {data['baseline']} "
             "(the baseline) in each replicate, then percentiles across replicates"]
    if data["cumulative"]:
        lines.append("cumulative: flows summed over days per replicate; levels and ratios "
                     "not summed")
    fig.suptitle("\n".join(lines), fontsize=10)
    return fig


def plot(data, output):
    save_figure(figure(data), output)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        plot(load_compare(args.file, args.baseline, args.metrics, args.cumulative), args.output)
    except PlotError as e:
        print(f"plot_compare: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
