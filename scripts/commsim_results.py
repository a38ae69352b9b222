"""Reading commsim results files (schema 2) for plot_compare.py, plot_funnel.py and report.py.

A small layer over h5py and scripts/plot_curves.py (whose file checks,
percentiles and panel drawing it reuses): Experiment holds one file's root
attributes, scenario names and strings, parameters, and reads a metric's
per replicate series [scenario, replicate, day] with its attributes.
Nothing here prints or exits; problems with the input raise PlotError,
which each script reports as "<script>: message" with exit status 2.
"""

import io

import matplotlib

matplotlib.use("Agg")  # files only, no display; must be set before pyplot loads
import matplotlib.pyplot as plt  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

from plot_curves import (  # noqa: E402,F401  (re-exported for the scripts)
    COHORT_PREFIX, QUANTILES, SCHEMA_VERSION, PlotError, check_file, draw_panel, percentiles,
    save_figure, short_commit, split_list, summed_units)

__all__ = ["COHORT_PREFIX", "QUANTILES", "SCHEMA_VERSION", "PlotError", "check_file",
           "draw_panel", "percentiles", "short_commit", "split_list", "summed_units",
           "HEADLINE_METRICS", "Experiment", "text", "strings", "colours", "save_figure",
           "figure_png"]

# The headline metrics of a comparison, in this order (those present and not zero everywhere).
HEADLINE_METRICS = ("members", "active", "messages", "conversions", "paid_members",
                    "revenue", "cost", "profit")


def text(value):
    """An HDF5 string (bytes or str, scalar or 1-element array) as str."""
    if isinstance(value, np.ndarray):
        value = value.reshape(-1)[0] if value.size == 1 else value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def strings(dataset):
    """A 1-d HDF5 string dataset as a list of str."""
    return [text(v) for v in dataset[()]]


class Experiment:
    """One results file, read eagerly except the metric series (read by series())."""

    def __init__(self, path):
        self.path = path
        self.attrs = check_file(path)  # PlotError unless a commsim schema 2 file
        try:
            with h5py.File(path, "r") as f:
                self._read(f)
        except (OSError, KeyError, ValueError, TypeError) as e:
            raise PlotError(f"{path}: not a readable commsim schema {SCHEMA_VERSION} file "
                            f"({type(e).__name__}: {e})") from None

    def _read(self, f):
        self.scenarios = strings(f["scenario"])
        n = len(self.scenarios)
        self.days = np.asarray(f["day"][()], dtype=int)
        # Metrics: root variables with a "kind" attribute over (scenario, replicate, day).
        self.metrics = {}
        for name, obj in f.items():
            if isinstance(obj, h5py.Dataset) and "kind" in obj.attrs and obj.ndim == 3 \
                    and obj.shape[0] == n and obj.shape[2] == len(self.days):
                self.metrics[name] = {key: text(obj.attrs[key])
                                      for key in ("long_name", "units", "kind")
                                      if key in obj.attrs}
        # Strings of each scenario: description, source, text, overrides, resolved_parameters.
        self.texts = {}
        if "scenarios" in f:
            for name, obj in f["scenarios"].items():
                if isinstance(obj, h5py.Dataset) and name != "scenario" and obj.shape == (n,):
                    self.texts[name] = strings(obj)
        # The parameters that differ between scenarios: root coordinates along scenario.
        self.varying = {}
        for name, obj in f.items():
            if isinstance(obj, h5py.Dataset) and name not in self.metrics and name != "scenario" \
                    and obj.shape == (n,) and "." in name:
                self.varying[name] = [self._value(obj, i) for i in range(n)]
        self.parameters = {}
        if "parameters" in f:
            for name, obj in f["parameters"].items():
                if isinstance(obj, h5py.Dataset) and name != "scenario" and obj.shape == (n,):
                    self.parameters[name] = [self._value(obj, i) for i in range(n)]

    @staticmethod
    def _value(dataset, i):
        value = dataset[i]
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if "flag_values" in dataset.attrs:  # booleans are int8 flags
            return bool(value)
        return value.item() if isinstance(value, np.generic) else value

    def describe(self, i):
        return self.texts.get("description", [""] * len(self.scenarios))[i]

    def require_metrics(self, names):
        unknown = [m for m in names if m not in self.metrics]
        if unknown:
            raise PlotError(f"{self.path}: unknown metric {', '.join(unknown)} "
                            f"(available: {', '.join(self.metrics)})")

    def scenario_index(self, name, role="scenario"):
        if name not in self.scenarios:
            raise PlotError(f"{self.path}: no {role} {name} "
                            f"(scenarios: {', '.join(self.scenarios)})")
        return self.scenarios.index(name)

    def series(self, metric):
        """float64 array [scenario, replicate, day] of one metric."""
        self.require_metrics([metric])
        try:
            with h5py.File(self.path, "r") as f:
                return np.asarray(f[metric][()], dtype=float)
        except (OSError, KeyError) as e:
            raise PlotError(f"{self.path}: cannot read {metric} ({e})") from None

    def all_zero(self, metric):
        """True when a metric is zero (or NaN) for every scenario, replicate and day."""
        return not np.nan_to_num(self.series(metric)).any()

    def parameter(self, key, default=None):
        """A parameter's value per scenario (list), or [default] * scenarios."""
        return self.parameters.get(key, [default] * len(self.scenarios))

    def run_line(self):
        """'a, b — 6 replicates, 60 days, seed 1, commsim 0.2.0 (abc)': a figure title line."""
        a = self.attrs
        seed = a.get("seed")
        if seed is None and "run.seed" in self.varying:
            seed = "/".join(str(s) for s in self.varying["run.seed"])
        seed = "" if seed is None else f", seed {text(seed)}"
        commit = short_commit(text(a.get("git_commit", "")))
        commit = f" ({commit})" if commit else ""
        return (f"{', '.join(self.scenarios)} — {text(a.get('replicates', '?'))} replicates, "
                f"{text(a.get('days', len(self.days)))} days{seed}, "
                f"commsim {text(a.get('commsim_version', '?'))}{commit}")


def colours(n):
    return [f"C{i % 10}" for i in range(n)]


def figure_png(fig, dpi=110):
    """A figure as PNG bytes (closed afterwards)."""
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buffer.getvalue()
