"""Reading commsim sweep files (written by `commsim sweep`) for plot_sweep.py and sensitivity.py.

A sweep file is a schema 2 results file (docs/output-format.md) whose
scenarios are the points of a design (p0000, p0001, ...), with the global
attributes sweep_design, sweep_parameters (keys in design order),
sweep_points, sweep_seed, sweep_streams, sweep_hash, series and, for a
Sobol design, sobol_base_samples. Each swept parameter is a root
coordinate along `scenario` named by its key.

Sweep(path) reads the attributes, the design (one value per point and
parameter) and the list of metrics; Sweep.values(metric, day, cumulative)
returns one number per (point, replicate):

- from the daily root variables <metric>(scenario, replicate, day) when the
  file has them (series = "daily"): the value on day D, or with cumulative
  the sum over days 0..D;
- otherwise (series = "summaries", written with --summaries-only) from
  /final/<metric> (the last day) or /total/<metric> (the sum over all
  days, flows only): other days are not stored, and asking for one is an
  error that says so.

Replicates that did not complete (/replicate_complete = 0) are NaN. As in
commsim_results.py nothing here prints or exits: bad input raises
PlotError, which the scripts report as "<script>: message", exit status 2.
"""

import os
import warnings

import h5py
import numpy as np

from commsim_results import PlotError, check_file, summed_units, text

__all__ = ["PlotError", "Sweep", "STATISTICS", "statistic", "parse_day", "parameter_label",
           "format_value"]

# --statistic choices: what a point (or a grid cell) shows of its replicates.
STATISTICS = ("median", "mean", "p05", "p25", "p75", "p95")


def statistic(values, name, axis=-1):
    """A statistic over an axis (replicates), ignoring NaN; all-NaN gives NaN."""
    values = np.asarray(values, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices
        if name == "mean":
            return np.nanmean(values, axis=axis)
        q = 50 if name == "median" else int(name[1:])
        return np.nanpercentile(values, q, axis=axis, method="linear")


DEFAULT_METRIC = "profit"


def add_value_options(parser, metric_help):
    """--metric, --at-day and --cumulative: which value of each run a script uses
    (parse --at-day with parse_day)."""
    parser.add_argument("--metric", default=DEFAULT_METRIC,
                        help=f"{metric_help} (default: {DEFAULT_METRIC})")
    parser.add_argument("--at-day", metavar="D|final", default="final",
                        help="the day whose value is used, counted from 0, or 'final' "
                             "(default: the last day)")
    parser.add_argument("--cumulative", action="store_true",
                        help="use the sum over days 0..D of a flow (e.g. total profit) instead of "
                             "its value on day D")


def parse_day(text_value):
    """--at-day: 'final' (or 'last') -> None, else a non-negative integer."""
    if text_value is None or text_value.strip().lower() in ("final", "last"):
        return None
    try:
        day = int(text_value)
    except ValueError:
        raise PlotError(f"--at-day {text_value}: not a day number or 'final'") from None
    if day < 0:
        raise PlotError(f"--at-day {text_value}: days count from 0")
    return day


def format_value(value):
    """A parameter value for a tick label or a table: 0.02, 1000, 2.5e-05."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "nan"
    value = float(value)
    if value == int(value) and abs(value) < 1e7:
        return str(int(value))
    return f"{value:.4g}"


def parameter_label(key, unit):
    return f"{key} [{unit}]" if unit else key


class Sweep:
    """One sweep file, read eagerly except the metric values (read by values())."""

    def __init__(self, path):
        self.path = path
        self.attrs = check_file(path)  # PlotError unless a commsim schema 2 file
        if "sweep_design" not in self.attrs:
            raise PlotError(f"{path}: not a sweep file (no sweep_design attribute; it was "
                            "written by 'commsim run', not 'commsim sweep'): plot its scenarios "
                            "with plot_compare.py or plot_curves.py")
        try:
            with h5py.File(path, "r") as f:
                self._read(f)
        except (OSError, KeyError, ValueError, TypeError) as e:
            raise PlotError(f"{path}: not a readable commsim sweep file "
                            f"({type(e).__name__}: {e})") from None

    # --- reading ------------------------------------------------------------

    def _attr(self, name, default=None):
        value = self.attrs.get(name)
        return default if value is None else text(value)

    def _int_attr(self, name, default=None):
        value = self.attrs.get(name)
        if value is None:
            return default
        try:
            return int(np.asarray(value).reshape(-1)[0])
        except (TypeError, ValueError, IndexError):
            raise PlotError(f"{self.path}: unreadable {name} attribute") from None

    def _read(self, f):
        a = self.attrs
        self.design = self._attr("sweep_design").strip().lower()
        self.name = self._attr("sweep_name", os.path.splitext(os.path.basename(self.path))[0])
        self.series_kind = self._attr("series", "daily").strip().lower()
        self.streams = self._attr("sweep_streams", "")
        self.seed = self._int_attr("sweep_seed", self._int_attr("seed"))
        self.sobol_n = self._int_attr("sobol_base_samples")
        self.complete = self._int_attr("complete", 1) != 0
        if "shard_index" in a or "shard_count" in a:
            raise PlotError(f"{self.path}: a part file (shard {self._int_attr('shard_index', '?')}"
                            f"/{self._int_attr('shard_count', '?')}) holds only some points: "
                            "merge the parts first (commsim merge PART.h5... -o OUT.h5)")
        if "sweep_parameters" not in a:
            raise PlotError(f"{self.path}: sweep file without a sweep_parameters attribute")
        self.keys = self._attr("sweep_parameters").split()
        if not self.keys:
            raise PlotError(f"{self.path}: the sweep_parameters attribute is empty")
        # Each key's scale as the sweep file gave it (levels, linear or log);
        # None when the file does not say (written before sweep_scales).
        scales = self._attr("sweep_scales", "").split()
        self.scales = dict(zip(self.keys, scales)) if len(scales) == len(self.keys) else {}

        if "scenario" not in f:
            raise PlotError(f"{self.path}: no scenario coordinate")
        self.points = [text(s) for s in f["scenario"][()]]
        n = len(self.points)
        declared = self._int_attr("sweep_points", n)
        if declared != n:
            raise PlotError(f"{self.path}: sweep_points is {declared} but the file holds {n} "
                            "scenarios")
        self.replicates = self._int_attr("replicates")
        if "day" in f:
            self.days = np.asarray(f["day"][()], dtype=int)
        elif "summary" in f and "day" in f["summary"]:
            self.days = np.asarray(f["summary/day"][()], dtype=int)
        else:
            self.days = np.arange(self._int_attr("days", 0))
        if len(self.days) == 0:
            raise PlotError(f"{self.path}: no days")

        # The design: one value per point and swept parameter (root coordinates).
        self.values_of = {}
        self.units = {}
        self.long_names = {}
        for key in self.keys:
            if key not in f or not isinstance(f[key], h5py.Dataset) or f[key].shape != (n,):
                raise PlotError(f"{self.path}: swept parameter {key} (sweep_parameters) has no "
                                f"coordinate variable /{key} along scenario")
            try:
                self.values_of[key] = np.asarray(f[key][()], dtype=float)
            except (TypeError, ValueError):
                raise PlotError(f"{self.path}: swept parameter {key} is not numeric") from None
            attrs = dict(f[key].attrs)
            if "parameters" in f and key in f["parameters"]:
                attrs = {**dict(f["parameters"][key].attrs), **attrs}
            self.units[key] = text(attrs.get("commsim_unit", ""))
            self.long_names[key] = text(attrs.get("long_name", key))

        # Completed replicates (1) and incomplete ones (0: their values are NaN).
        self.replicate_complete = None
        if "replicate_complete" in f:
            self.replicate_complete = np.asarray(f["replicate_complete"][()], dtype=bool)
        if self.replicates is None:
            self.replicates = (self.replicate_complete.shape[1]
                               if self.replicate_complete is not None else None)

        # Metrics: daily root variables, else /final (and /total for flows).
        self.metrics = {}
        self.daily = set()
        for name, obj in f.items():
            if isinstance(obj, h5py.Dataset) and "kind" in obj.attrs and obj.ndim == 3 \
                    and obj.shape[0] == n and obj.shape[2] == len(self.days):
                self.metrics[name] = self._meta(obj)
                self.daily.add(name)
        self.finals, self.totals = set(), set()
        for group, names in (("final", self.finals), ("total", self.totals)):
            if group in f and isinstance(f[group], h5py.Group):
                for name, obj in f[group].items():
                    if isinstance(obj, h5py.Dataset) and obj.ndim == 2 and obj.shape[0] == n:
                        names.add(name)
                        if name not in self.metrics:
                            meta = self._meta(obj)
                            if group == "total" and "kind" not in obj.attrs:
                                meta["kind"] = "flow"
                            self.metrics[name] = meta
        if not self.metrics:
            raise PlotError(f"{self.path}: no metric variables (neither daily root variables "
                            "nor /final)")

    @staticmethod
    def _meta(obj):
        return {key: text(obj.attrs[key]) for key in ("long_name", "units", "kind")
                if key in obj.attrs}

    # --- the design -------------------------------------------------------

    def require_parameter(self, key, option):
        if key not in self.keys:
            raise PlotError(f"{self.path}: {option} {key} is not a swept parameter "
                            f"(swept: {', '.join(self.keys)})")

    def design_matrix(self, keys=None):
        """float array [point, parameter] in the order of keys (default: design order)."""
        return np.column_stack([self.values_of[k] for k in (keys or self.keys)])

    def grid_levels(self, key):
        """(sorted distinct values, index of each point's value) of one parameter."""
        levels, index = np.unique(self.values_of[key], return_inverse=True)
        return levels, index

    def is_grid(self):
        """A grid design whose points are the full product of each parameter's levels."""
        if self.design != "grid":
            return False
        sizes = [len(np.unique(self.values_of[k])) for k in self.keys]
        return int(np.prod(sizes)) == len(self.points)

    # --- metrics ----------------------------------------------------------

    def require_metric(self, metric):
        if metric not in self.metrics:
            raise PlotError(f"{self.path}: unknown metric {metric} "
                            f"(available: {', '.join(sorted(self.metrics))})")

    def day_index(self, day):
        """Index into days of --at-day D (None: the last day)."""
        if day is None:
            return len(self.days) - 1
        where = np.flatnonzero(self.days == day)
        if where.size == 0:
            raise PlotError(f"{self.path}: no day {day} (the file holds days "
                            f"{self.days[0]}..{self.days[-1]})")
        return int(where[0])

    def describe(self, metric, day=None, cumulative=False):
        """'on day 89' or 'summed over days 0..89' (the last day when day is None)."""
        last = int(self.days[self.day_index(day)])
        if cumulative:
            return f"summed over days {int(self.days[0])}..{last}"
        return f"on day {last}" + (" (the last day)" if day is None else "")

    def units_of(self, metric, cumulative=False):
        units = self.metrics[metric].get("units", "")
        return summed_units(units) if cumulative else units

    def values(self, metric, day=None, cumulative=False):
        """float array [point, replicate]: the metric on day D, or with cumulative its
        sum over days 0..D (D None: the last day). Incomplete replicates are NaN."""
        self.require_metric(metric)
        meta = self.metrics[metric]
        kind = meta.get("kind", "")
        if cumulative and kind and kind != "flow":
            raise PlotError(f"{self.path}: {metric} is a {kind} ({meta.get('long_name', '')}): "
                            "summing it over days means nothing; drop --cumulative "
                            "(only flows, kind 'flow', have totals)")
        index = self.day_index(day)
        last = index == len(self.days) - 1
        try:
            with h5py.File(self.path, "r") as f:
                if metric in self.daily:
                    data = f[metric]
                    if cumulative:
                        values = np.sum(np.asarray(data[:, :, :index + 1], dtype=float), axis=2)
                    else:
                        values = np.asarray(data[:, :, index], dtype=float)
                else:
                    values = self._from_summaries(f, metric, day, cumulative, last)
        except (OSError, KeyError) as e:
            raise PlotError(f"{self.path}: cannot read {metric} ({e})") from None
        if self.replicate_complete is not None and \
                self.replicate_complete.shape == values.shape:
            values = np.where(self.replicate_complete, values, np.nan)
        return values

    def _from_summaries(self, f, metric, day, cumulative, last):
        where = "/total" if cumulative else "/final"
        if not last:
            what = (f"the total over all days ({where}: days {self.days[0]}..{self.days[-1]})"
                    if cumulative else f"the last day, {self.days[-1]} ({where})")
            raise PlotError(
                f"{self.path}: series=\"{self.series_kind}\" (written with --summaries-only) "
                f"keeps no daily values, so {metric} on day {day} is not stored; for one value "
                f"per run it holds only {what}: use --at-day final, or re-run the sweep "
                "without --summaries-only")
        names = self.totals if cumulative else self.finals
        if metric not in names:
            raise PlotError(f"{self.path}: no {where}/{metric} in this file")
        return np.asarray(f[where.strip("/")][metric][()], dtype=float)

    # --- a figure's title line -------------------------------------------

    def run_line(self):
        """'sweep fee-by-reward: grid, 12 points x 8 replicates, seed 7 (common streams)'."""
        seed = "" if self.seed is None else f", seed {self.seed}"
        streams = f" ({self.streams} streams)" if self.streams else ""
        incomplete = "" if self.complete else ", INCOMPLETE (complete = 0)"
        sobol = f", n = {self.sobol_n}" if self.design == "sobol" and self.sobol_n else ""
        return (f"sweep {self.name}: {self.design}{sobol}, {len(self.points)} points × "
                f"{self.replicates} replicates, {len(self.days)} days{seed}{streams}"
                f"{incomplete}")
