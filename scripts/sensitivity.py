#!/usr/bin/python3
"""Sobol sensitivity indices of a metric of a commsim sobol sweep (OpenTURNS).

For a sweep file with sweep_design = "sobol" (k swept parameters, n =
sobol_base_samples, n*(k+2) points in blocks of n: A, B, then for i = 1..k
A_B^(i), the rows of A with column i taken from B), prints for each swept
parameter the first-order index S1 (the share of the output's variance
explained by that parameter alone) and the total index ST (the share it
takes part in, alone or through interactions), each with a bootstrap
confidence interval.

The output of a point is the MEAN over its replicates (NaN, i.e.
incomplete, replicates skipped) of one value per run: the metric on day D
(--at-day, default the last day), or with --cumulative its sum over days
0..D (flows only). Averaging replicates estimates the indices of the
expected output; what replicate noise is left in the mean is reported
(noise share) because it biases the indices (see docs/sweeps-analysis.md).

The indices come from OpenTURNS (python3-openturns): the estimators take
the input and output designs in OpenTURNS' SobolIndicesExperiment layout,
which is A, B, E_1..E_k with E_i = A with column i from B: the same as
commsim's, so the rows are passed in file order. The script checks that
the design in the file really is laid out so (every column of A_B^(i) but
the i-th equal to A's, the i-th equal to B's) and refuses it otherwise.

The interval of each index (--intervals rows, the default) is a percentile
bootstrap around OpenTURNS' estimator: the n base rows are drawn with
replacement --bootstrap times, each drawn row bringing its outputs in every
block, the estimator is recomputed on each resampled design, and the
central --confidence range of those estimates is taken, marginally for each
index. It is what the index would plausibly be with another draw of the n
rows, not a range of the index over replicates. --intervals openturns takes
OpenTURNS' own bootstrap interval instead, which in OpenTURNS 1.20 is far
too wide for the martinez and saltelli estimators (see INTERVALS below);
--intervals asymptotic its asymptotic (delta method) interval.

Errors (exit status 2, "sensitivity: ..." on stderr): a file that is not a
sweep file, not a sobol sweep or not in its layout, an incomplete sweep, an
unknown metric, a day not stored, a metric with the same value at every
point.

usage: sensitivity.py OUT.h5 [--metric M] [--at-day D | final] [--cumulative]
                      [--bootstrap 1000] [--confidence 0.95] [--estimator martinez]
                      [--intervals rows|openturns|asymptotic] [--format table|csv|json]
                      [-o PNG] [--seed 0]
"""

import argparse
import csv
import io
import json
import os
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only, no display; must be set before pyplot loads
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commsim_results import save_figure  # noqa: E402
from commsim_sweep import DEFAULT_METRIC, PlotError, Sweep, add_value_options, parse_day  # noqa: E402


# The estimators of OpenTURNS, by the name of the option.
#
# Default: Martinez. A simulator's output is noisy (a finite number of
# replicates) and its mean is often far from zero relative to its spread
# (profit, members). Martinez (2011) estimates S1_i as the correlation
# between the outputs of B and A_B^(i), and ST_i as 1 minus the
# correlation between A and A_B^(i): correlations do not depend on the
# output's location or scale, are bounded in [-1, 1], and use the blocks
# symmetrically. tests/scripts/sobol_estimator_study.py measures it on
# Ishigami (40 random designs per case): its estimates had the smallest
# standard deviation for 5 of the 6 indices, at n = 32 (S1 0.10-0.21,
# ST 0.09-0.19) as at n = 256 (S1 0.05-0.08, ST 0.03-0.08), with no larger
# bias; with noise of a quarter of the function's variance added to every
# run, for 4 of 6 and within 0.002 of the best for the other two. Jansen,
# the classic choice for ST, is about as good for ST but 1.3-2.2x noisier
# for S1; Saltelli and Mauntz-Kucherenko are noisier at
# small n, where sweeps of a simulator live (each point costs runs).
ESTIMATORS = {
    "martinez": "MartinezSensitivityAlgorithm",
    "jansen": "JansenSensitivityAlgorithm",
    "saltelli": "SaltelliSensitivityAlgorithm",
    "mauntz-kucherenko": "MauntzKucherenkoSensitivityAlgorithm",
}
DEFAULT_ESTIMATOR = "martinez"

# Intervals. OpenTURNS 1.20's own bootstrap (setBootstrapSize, get*IndicesInterval)
# recomputes each resample's indices against the variance of the ORIGINAL sample
# (referenceVariance_, fixed in setDesign) while Martinez and Saltelli scale their
# numerators with the resample's own variance, so the bootstrap distribution is not
# that of the estimator: on Ishigami at n = 256 its ST intervals are 0.51-0.58 wide
# where the estimator's actual 95 % spread (60 designs) is 0.10-0.29, and a parameter
# without effect (ST exactly 0 at every resample) gets an ST interval like [-0.34, 0.67].
# So the default ("rows") resamples the n base rows ourselves, each with its outputs in
# every block, and recomputes OpenTURNS' estimator on each resample: its widths matched
# the estimator's spread (0.29, 0.19, 0.10 for ST) and its coverage of the true Ishigami
# indices was 0.88-0.98 at n = 256 and 0.85-1.0 at n = 32 (nominal 0.95, 40 designs).
INTERVALS = ("rows", "openturns", "asymptotic")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="sensitivity",
        description="First-order (S1) and total (ST) Sobol indices, with bootstrap confidence "
                    "intervals, of a metric of a commsim sweep with design sobol (OpenTURNS). "
                    "The output of each point is the mean of the metric over the point's "
                    "replicates: its value on day D or, with --cumulative, its sum over days "
                    "0..D.")
    parser.add_argument("file", metavar="OUT.h5",
                        help="sweep file written by 'commsim sweep' with design: sobol")
    add_value_options(parser, "metric whose variance is apportioned")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for the intervals (default: 1000)")
    parser.add_argument("--confidence", type=float, default=0.95, metavar="P",
                        help="confidence level of the intervals, in (0, 1) (default: 0.95)")
    parser.add_argument("--estimator", choices=list(ESTIMATORS), default=DEFAULT_ESTIMATOR,
                        help=f"OpenTURNS estimator (default: {DEFAULT_ESTIMATOR}, robust for "
                             "noisy simulators; see the script's comments)")
    parser.add_argument("--intervals", choices=INTERVALS, default="rows",
                        help="rows (default): percentile bootstrap of the n base rows around "
                             "the OpenTURNS estimator; openturns: OpenTURNS' own bootstrap "
                             "interval (too wide in OpenTURNS 1.20 for martinez and saltelli, "
                             "see the script); asymptotic: OpenTURNS' asymptotic interval")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="what is printed on stdout (default: table)")
    parser.add_argument("-o", "--output", metavar="PNG",
                        help="also draw a bar chart of S1 and ST with their intervals")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the bootstrap's random generator (default: 0)")
    args = parser.parse_args(argv)
    if args.bootstrap < 10:
        parser.error(f"--bootstrap {args.bootstrap}: at least 10 resamples")
    if not 0 < args.confidence < 1:
        parser.error(f"--confidence {args.confidence}: must be in (0, 1)")
    if args.seed < 0:
        parser.error(f"--seed {args.seed}: must be >= 0")
    return args


def sobol_blocks(sweep):
    """(n, k, design matrix [point, k]) of a sobol sweep, after checking its layout."""
    path = sweep.path
    if sweep.design != "sobol":
        raise PlotError(f"{path}: sweep_design is {sweep.design!r}, not 'sobol': Sobol indices "
                        "need the sobol design (A, B and the A_B^(i) blocks); sweep with "
                        "'design: sobol' (plot this one with plot_sweep.py)")
    n, k = sweep.sobol_n, len(sweep.keys)
    if n is None or n < 2:
        raise PlotError(f"{path}: sobol sweep without a valid sobol_base_samples attribute "
                        f"({n})")
    points = len(sweep.points)
    if points != n * (k + 2):
        raise PlotError(f"{path}: a sobol sweep of k = {k} parameters and n = {n} base samples "
                        f"has n*(k+2) = {n * (k + 2)} points; the file holds {points}")
    x = sweep.design_matrix()
    a, b = x[:n], x[n:2 * n]
    for i, key in enumerate(sweep.keys):
        e = x[(2 + i) * n:(3 + i) * n]
        for j, other in enumerate(sweep.keys):
            source, name = (b, "B") if j == i else (a, "A")
            if not np.array_equal(e[:, j], source[:, j]):
                row = int(np.flatnonzero(e[:, j] != source[:, j])[0])
                raise PlotError(
                    f"{path}: the design is not laid out as A, B, A_B^(1..k): in block "
                    f"A_B^({i + 1}) (points {(2 + i) * n}..{(3 + i) * n - 1}, column {key} from "
                    f"B) column {other} should equal {name}'s, but point {(2 + i) * n + row} "
                    f"has {e[row, j]!r} where {name} has {source[row, j]!r}")
    return n, k, x


def per_point_output(sweep, metric, day, cumulative):
    """(mean over replicates per point, values [point, replicate])."""
    values = sweep.values(metric, day, cumulative)
    done = np.isfinite(values)
    empty = np.flatnonzero(~done.any(axis=1))
    if empty.size:
        raise PlotError(f"{sweep.path}: point {sweep.points[empty[0]]} (and {empty.size - 1} "
                        f"more) has no value for {metric} in any replicate: every point of a "
                        "Sobol design is needed")
    with np.errstate(all="ignore"):
        y = np.nanmean(values, axis=1)
    return y, values


def noise_share(values, y):
    """Replicate noise left in the per-point means, as a share of their variance:
    mean over points of (variance across replicates / replicates) / variance of y."""
    counts = np.isfinite(values).sum(axis=1)
    several = counts >= 2
    if not several.any():
        return None
    with np.errstate(all="ignore"):
        within = np.nanvar(values[several], axis=1, ddof=1) / counts[several]
    total = np.var(y, ddof=1)
    return float(np.mean(within) / total) if total > 0 else None


def ot_indices(ot, cls, x, y, n):
    """(S1, ST) of OpenTURNS' estimator cls on the design x and outputs y (n base rows)."""
    algorithm = cls(ot.Sample(x), ot.Sample(y[:, None]), n)
    return (np.array(algorithm.getFirstOrderIndices(), dtype=float),
            np.array(algorithm.getTotalOrderIndices(), dtype=float))


def bootstrap_rows(ot, cls, x, y, n, k, resamples, confidence, seed, path):
    """Percentile bootstrap intervals of OpenTURNS' estimator: the n base rows are drawn
    with replacement, each drawn row bringing its outputs in every block (A, B and each
    A_B^(i)), the estimator is recomputed on the resampled design, and the central
    `confidence` range of the estimates taken. ((S1 low, high), (ST low, high))."""
    rng = np.random.default_rng(seed)
    offsets = (np.arange(k + 2) * n)[:, None]
    estimates, failed = [], 0
    for _ in range(resamples):
        rows = (offsets + rng.integers(0, n, n)[None, :]).reshape(-1)
        try:
            estimates.append(np.concatenate(ot_indices(ot, cls, x[rows], y[rows], n)))
        except Exception:  # noqa: BLE001  OpenTURNS refuses a resample without variance
            failed += 1
    if failed > resamples // 10:
        raise PlotError(f"{path}: {failed} of {resamples} bootstrap resamples have an output "
                        "without variance: too few distinct outputs for intervals (more base "
                        "samples n, or another metric)")
    estimates = np.array(estimates)
    tail = 50 * (1 - confidence)
    lo, hi = np.percentile(estimates, [tail, 100 - tail], axis=0)
    return (lo[:k], hi[:k]), (lo[k:], hi[k:])


def compute(path, metric=DEFAULT_METRIC, day=None, cumulative=False, bootstrap=1000,
            confidence=0.95, estimator=DEFAULT_ESTIMATOR, seed=0, intervals="rows",
            sweep=None):
    """The indices as plain data (what the formats print and the chart draws)."""
    import openturns as ot  # imported here: the script's --help works without it

    sweep = sweep or Sweep(path)
    sweep.require_metric(metric)
    n, k, x = sobol_blocks(sweep)
    if not sweep.complete:
        raise PlotError(f"{path}: incomplete sweep (complete = 0): finish it first with "
                        "'commsim sweep SWEEP.yaml -o FILE --resume'")
    y, values = per_point_output(sweep, metric, day, cumulative)
    variance = float(np.var(y, ddof=1))
    if not np.isfinite(variance) or variance <= 0 or np.ptp(y) <= 1e-12 * max(1.0, abs(y).max()):
        raise PlotError(f"{path}: {metric} {sweep.describe(metric, day, cumulative)} is the same "
                        f"at every point ({y[0]:g}): there is no variance to apportion")

    ot.Log.Show(ot.Log.NONE)  # its warnings (e.g. S1 > ST) become notes in our output
    ot.RandomGenerator.SetSeed(seed)
    cls = getattr(ot, ESTIMATORS[estimator])
    s1, st = ot_indices(ot, cls, x, y, n)
    if intervals == "rows":
        (s1_lo, s1_hi), (st_lo, st_hi) = bootstrap_rows(ot, cls, x, y, n, k, bootstrap,
                                                        confidence, seed, path)
    else:  # OpenTURNS' own intervals: its bootstrap, or the asymptotic (delta method) ones
        algorithm = cls(ot.Sample(x), ot.Sample(y[:, None]), n)
        algorithm.setBootstrapSize(bootstrap)
        algorithm.setConfidenceLevel(confidence)
        algorithm.setUseAsymptoticDistribution(intervals == "asymptotic")
        i1 = algorithm.getFirstOrderIndicesInterval()
        it = algorithm.getTotalOrderIndicesInterval()
        s1_lo, s1_hi = np.array(i1.getLowerBound()), np.array(i1.getUpperBound())
        st_lo, st_hi = np.array(it.getLowerBound()), np.array(it.getUpperBound())

    replicates = np.isfinite(values).sum(axis=1)
    meta = sweep.metrics[metric]
    notes = []
    for i, key in enumerate(sweep.keys):
        if s1[i] > st[i] and s1_lo[i] <= st_hi[i]:
            notes.append(f"S1 > ST for {key}: equal within the intervals (sampling noise)")
        elif s1[i] > st[i]:
            notes.append(f"S1 > ST for {key} beyond the intervals: n is too small or the "
                         "output too noisy")
    share = noise_share(values, y)
    return {
        "file": path,
        "sweep": sweep.name,
        "metric": metric,
        "long_name": meta.get("long_name", metric),
        "units": sweep.units_of(metric, cumulative),
        "when": sweep.describe(metric, day, cumulative),
        "day": int(sweep.days[sweep.day_index(day)]),
        "cumulative": cumulative,
        "output": "mean over the replicates of each point",
        "estimator": estimator,
        "openturns_version": ot.__version__,
        "n": n, "k": k, "points": len(sweep.points),
        "replicates": int(sweep.replicates or replicates.max()),
        "replicates_min": int(replicates.min()),
        "bootstrap": bootstrap, "confidence": confidence, "seed": seed,
        "intervals": intervals,
        "output_mean": float(np.mean(y)), "output_variance": variance,
        "noise_share": share,
        "sum_s1": float(np.sum(s1)),
        "parameters": [{
            "key": key, "unit": sweep.units[key],
            "S1": float(s1[i]), "S1_low": float(s1_lo[i]), "S1_high": float(s1_hi[i]),
            "ST": float(st[i]), "ST_low": float(st_lo[i]), "ST_high": float(st_hi[i]),
        } for i, key in enumerate(sweep.keys)],
        "notes": notes,
        "run": sweep.run_line(),
    }


def footer(r):
    """The lines under the table: what the numbers are."""
    pct = f"{100 * r['confidence']:g} %"
    reps = (f"{r['replicates']}" if r["replicates_min"] == r["replicates"]
            else f"{r['replicates_min']}..{r['replicates']}")
    lines = [
        f"output of each point: the mean over its {reps} replicates of {r['metric']} "
        f"{r['when']}",
        f"n = {r['n']} base samples, k = {r['k']} parameters: {r['points']} points "
        f"(A, B, A_B^(1..{r['k']}))",
        f"estimator: {r['estimator']} (OpenTURNS {r['openturns_version']}); intervals: {pct}, "
        + {"rows": f"percentile bootstrap of the n rows, {r['bootstrap']} resamples "
                   f"(seed {r['seed']})",
           "openturns": f"OpenTURNS' bootstrap, {r['bootstrap']} resamples (seed {r['seed']})",
           "asymptotic": "OpenTURNS' asymptotic distribution"}[r["intervals"]],
        f"sum of S1 = {r['sum_s1']:.3f} (1 - sum: the share left to interactions, if positive)",
        f"output mean {r['output_mean']:.6g}, variance {r['output_variance']:.6g}"
        + (f" ({r['units']})^2" if r["units"] not in ("", "1") else ""),
    ]
    if r["noise_share"] is not None:
        lines.append(f"replicate noise left in the means: {100 * r['noise_share']:.1f} % of "
                     "their variance (it lowers S1 and raises ST; more replicates reduce it)")
    lines += r["notes"]
    return lines


def clean(value):
    """-2e-17 -> 0.0: an index that is 0 up to rounding prints as 0.000, not -0.000."""
    return 0.0 if abs(value) < 5e-13 else value


def table(r):
    pct = f"{100 * r['confidence']:g} %"
    width = max(len("parameter"), *(len(p["key"]) for p in r["parameters"]))
    units = f" [{r['units']}]" if r["units"] else ""
    out = [f"Sobol indices of {r['metric']}{units} {r['when']} — {r['file']}",
           f"{'parameter':<{width}}  {'S1':>7}  {pct + ' interval':>18}  {'ST':>7}  "
           f"{pct + ' interval':>18}"]
    for p in ({key: clean(v) if isinstance(v, float) else v for key, v in q.items()}
              for q in r["parameters"]):
        out.append(f"{p['key']:<{width}}  {p['S1']:7.3f}  "
                   f"{'[' + format(p['S1_low'], '.3f') + ', ' + format(p['S1_high'], '.3f') + ']':>18}"
                   f"  {p['ST']:7.3f}  "
                   f"{'[' + format(p['ST_low'], '.3f') + ', ' + format(p['ST_high'], '.3f') + ']':>18}")
    out += ["# " + line for line in footer(r)]
    return "\n".join(out) + "\n"


def csv_text(r):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["parameter", "unit", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"])
    for p in r["parameters"]:
        writer.writerow([p["key"], p["unit"]] + [repr(p[c]) for c in
                                                 ("S1", "S1_low", "S1_high", "ST", "ST_low",
                                                  "ST_high")])
    return buffer.getvalue()


def figure(r):
    keys = [p["key"] for p in r["parameters"]]
    k = len(keys)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.5 * k + 3), 4.8), layout="constrained")
    position = np.arange(k)
    width = 0.38
    for offset, index, colour in ((-width / 2, "S1", "C0"), (width / 2, "ST", "C3")):
        value = np.array([p[index] for p in r["parameters"]])
        lo = np.array([p[index + "_low"] for p in r["parameters"]])
        hi = np.array([p[index + "_high"] for p in r["parameters"]])
        error = np.vstack([np.clip(value - lo, 0, None), np.clip(hi - value, 0, None)])
        label = "S1 (first order)" if index == "S1" else "ST (total)"
        ax.bar(position + offset, value, width, color=colour, alpha=0.85, label=label,
               yerr=error, capsize=4, error_kw={"elinewidth": 1.2, "ecolor": "0.15"})
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(position, [p["key"] + (f"\n[{p['unit']}]" if p["unit"] else "")
                             for p in r["parameters"]], fontsize=8.5)
    ax.set_ylabel("share of the output's variance")
    top = max(1.0, max(p["ST_high"] for p in r["parameters"]) + 0.05)
    bottom = min(0.0, min(p["S1_low"] for p in r["parameters"]) - 0.05)
    ax.set_ylim(bottom, top)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="upper right", fontsize="small",
              title=f"bars: {100 * r['confidence']:g} % bootstrap interval",
              title_fontsize="small")
    units = f" [{r['units']}]" if r["units"] else ""
    lines = [textwrap.shorten(f"{os.path.basename(r['file'])}: {r['run']}", 110),
             textwrap.shorten(f"Sobol indices of {r['metric']}{units} {r['when']} "
                              f"({r['long_name']})", 110),
             f"output of a point: mean over its replicates; {r['estimator']} estimator; "
             + ("asymptotic intervals" if r["intervals"] == "asymptotic" else
                f"{r['bootstrap']} bootstrap resamples"
                + (" (OpenTURNS' bootstrap)" if r["intervals"] == "openturns" else ""))]
    fig.suptitle("\n".join(lines), fontsize=9.5)
    return fig


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        day = parse_day(args.at_day)
        result = compute(args.file, args.metric, day, args.cumulative, args.bootstrap,
                         args.confidence, args.estimator, args.seed, args.intervals)
        if args.output:
            save_figure(figure(result), args.output)
    except PlotError as e:
        print(f"sensitivity: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        print(f"sensitivity: OpenTURNS is needed (Debian: apt-get install python3-openturns): "
              f"{e}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    elif args.format == "csv":
        sys.stdout.write(csv_text(result))
    else:
        sys.stdout.write(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
