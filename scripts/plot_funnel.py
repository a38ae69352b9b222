#!/usr/bin/python3
"""The sales funnel of each scenario of a commsim results file (schema 2).

Top: the funnel stages as grouped bars, one colour per scenario. Each bar
is the median across replicates of a per replicate total, with p05-p95
error bars (numpy's linear percentile); the y axis is symmetric-log
(linear below 1) so that thousands of members and a handful of renewals
both show. The stages, and exactly what each one is:

  reached      community.initial_members (the seed members, from
               /parameters) + sum over days of `joined`: everyone who was
               ever a member. The seed members count as reached: they are
               in the community at day 0 like a joiner the day after.
  active       mean over days of `active` (members who visited the group
               that day): members active on an average day.
  readers      commsim has no per person count of readers. In the model
               every visitor reads the chat (trust grows by reading), so the
               readers of the chat are the `active` members: no separate
               bar. The `reads` metric counts operator posts read (one
               member reading one post is one read: events, not people); its
               run total is printed under the chart, not drawn as a stage.
  trials       sum over days of `trials`: bait class purchases.
  conversions  sum over days of `conversions`: full product / paid
               membership purchases (at camp end or directly).
  renewals     sum over days of `renewals`: paid memberships renewed at a
               period end (none before renewal_days have passed).

Stages whose metric is missing from the file are left out.

Bottom: revenue, cost and profit over time, cumulative: each replicate's
running total of the daily flow, then the median line and 5-95 % band
across replicates, per scenario.

usage: plot_funnel.py FILE.h5 [-o PNG]
"""

import argparse
import os
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commsim_results import (  # noqa: E402
    Experiment, PlotError, colours, percentiles, save_figure, summed_units)

# (key, bar label, metric, how a replicate's series becomes one number)
STAGES = (
    ("reached", "reached\n(seed + joined)", "joined", "total+seed"),
    ("active", "active = chat readers\n(average day)", "active", "mean"),
    ("trials", "trials\n(bait class bought)", "trials", "total"),
    ("conversions", "conversions\n(product bought)", "conversions", "total"),
    ("renewals", "renewals", "renewals", "total"),
)
MONEY = ("revenue", "cost", "profit")
SEED_PARAMETER = "community.initial_members"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="plot_funnel",
        description="Funnel stages (reached, active, trials, conversions, renewals) and "
                    "cumulative revenue, cost and profit of every scenario of a commsim "
                    "results file.")
    parser.add_argument("file", metavar="FILE.h5", help="results file written by 'commsim run'")
    parser.add_argument("-o", "--output", metavar="PNG",
                        help="image to write (default: FILE with the suffix -funnel.png)")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = os.path.splitext(args.file)[0] + "-funnel.png"
    return args


def stage_values(experiment, metric, how):
    """One number per (scenario, replicate): [scenario, replicate]."""
    series = experiment.series(metric)
    if how == "mean":
        return np.nanmean(series, axis=2)
    totals = np.nansum(series, axis=2)
    if how == "total+seed":
        seeds = np.asarray([float(v or 0) for v in experiment.parameter(SEED_PARAMETER, 0)])
        totals = totals + seeds[:, None]
    return totals


def load_funnel(path, experiment=None):
    """What plot() draws, as plain data; raises PlotError on bad input.

    {"file", "run", "scenarios", "stages": [{key, label, metric}],
     "bars": [per scenario: {scenario, colour, values [replicate, stage],
              p05, p50, p95 (arrays over stages)}],
     "reads": per scenario median run total of `reads` (None if absent),
     "money": [per metric of MONEY present: {name, long_name, units,
               curves: [per scenario: scenario, colour, day, p05, p50, p95]}]}
    """
    experiment = experiment or Experiment(path)
    names = experiment.scenarios
    palette = colours(len(names))
    stages = [s for s in STAGES if s[2] in experiment.metrics]
    if not stages:
        raise PlotError(f"{path}: none of the funnel metrics "
                        f"{', '.join(s[2] for s in STAGES)}")
    columns = [stage_values(experiment, metric, how) for _, _, metric, how in stages]
    table = np.stack(columns, axis=2)  # [scenario, replicate, stage]
    bars = []
    for i, s in enumerate(names):
        q = percentiles(table[i])
        bars.append({"scenario": s, "colour": palette[i], "values": table[i],
                     "p05": q["p05"], "p50": q["p50"], "p95": q["p95"]})
    reads = None
    if "reads" in experiment.metrics:
        reads = np.median(np.nansum(experiment.series("reads"), axis=2), axis=1)

    money = []
    for m in MONEY:
        if m not in experiment.metrics:
            continue
        meta = experiment.metrics[m]
        totals = np.cumsum(experiment.series(m), axis=2)
        curves = []
        for i, s in enumerate(names):
            q = percentiles(totals[i])
            curves.append({"scenario": s, "colour": palette[i], "day": experiment.days,
                           "p05": q["p05"], "p50": q["p50"], "p95": q["p95"]})
        money.append({"name": m, "long_name": meta.get("long_name", m),
                      "units": summed_units(meta.get("units", "")), "curves": curves})
    return {"file": path, "run": experiment.run_line(), "scenarios": names,
            "stages": [{"key": k, "label": label, "metric": metric}
                       for k, label, metric, _ in stages],
            "bars": bars, "reads": reads, "money": money}


def draw_bars(ax, data):
    stages = data["stages"]
    n = len(data["bars"])
    width = 0.8 / n
    x = np.arange(len(stages))
    for j, bar in enumerate(data["bars"]):
        pos = x - 0.4 + width * (j + 0.5)
        median = bar["p50"]
        errors = np.vstack([median - bar["p05"], bar["p95"] - median])
        ax.bar(pos, median, width * 0.92, color=bar["colour"], label=bar["scenario"],
               yerr=errors, capsize=3, error_kw={"elinewidth": 1, "ecolor": "0.25"})
        for p, v, top in zip(pos, median, bar["p95"]):
            ax.annotate(f"{v:,.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.1f}",
                        xy=(p, max(top, v)), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7, rotation=90 if n > 3 else 0)
    ax.set_yscale("symlog", linthresh=1)
    ax.set_ylim(0, None)
    top = max(float(np.nanmax(b["p95"])) for b in data["bars"])
    ax.set_ylim(0, max(top, 1) * 6)  # room for the labels on a log axis
    ax.set_xticks(x, [s["label"] for s in stages], fontsize=8)
    ax.set_ylabel("people (symmetric log scale)")
    ax.set_title("Funnel: median across replicates of each replicate's total over the run "
                 "(active: its daily mean); error bars 5–95 %", fontsize=9, loc="left")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize="small", loc="upper right", frameon=False, ncol=min(n, 4))
    if data["reads"] is not None:
        reads = ", ".join(f"{b['scenario']} {r:,.0f}" for b, r in zip(data["bars"], data["reads"]))
        ax.text(0, -0.13, textwrap.shorten(
            "readers: no per person count; every visitor reads the chat, so 'active' is the "
            f"readers stage. Operator-post reads over the run (events, not people; median): "
            f"{reads}", 220), transform=ax.transAxes, fontsize=7.5, color="0.3", va="top")


def draw_money(ax, panel):
    for c in panel["curves"]:
        ax.fill_between(c["day"], c["p05"], c["p95"], color=c["colour"], alpha=0.18, linewidth=0)
        ax.plot(c["day"], c["p50"], color=c["colour"], linewidth=1.5, label=c["scenario"])
    zero = all(not np.nan_to_num(c["p95"]).any() and not np.nan_to_num(c["p05"]).any()
               for c in panel["curves"])
    if zero:
        ax.text(0.5, 0.62, "zero throughout", transform=ax.transAxes, ha="center", color="0.4")
    ax.axhline(0, color="black", linewidth=0.6, zorder=0)
    ax.set_title(f"{panel['name']}, cumulative (median, 5–95 %)", fontsize=9, loc="left")
    ax.set_xlabel("day")
    ax.set_ylabel(panel["units"])
    ax.grid(True, alpha=0.3)


def figure(data):
    columns = max(len(data["money"]), 1)
    fig = plt.figure(figsize=(13, 9), layout="constrained")
    grid = fig.add_gridspec(2, columns, height_ratios=[1.25, 1])
    draw_bars(fig.add_subplot(grid[0, :]), data)
    for i, panel in enumerate(data["money"]):
        draw_money(fig.add_subplot(grid[1, i]), panel)
    fig.suptitle(textwrap.shorten(f"{os.path.basename(data['file'])}: {data['run']}", 160),
                 fontsize=10)
    return fig


def plot(data, output):
    save_figure(figure(data), output)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        plot(load_funnel(args.file), args.output)
    except PlotError as e:
        print(f"plot_funnel: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
