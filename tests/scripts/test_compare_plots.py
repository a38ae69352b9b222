#!/usr/bin/python3
"""End-to-end test of scripts/plot_compare.py and scripts/plot_funnel.py on real runs.

One experiment of three copies of scenarios/bait-funnel.yaml (renamed):
`base`, `same` (identical to base: every paired difference must be exactly
0) and `reach` (twice the daily ad reach), 6 replicates x 60 days. The
command lines are run as subprocesses once each (the images are checked
for content); the curves and bars the scripts draw are checked in-process
against numpy on the series stored in the file; errors must exit 2 with a
message and write nothing.

usage: test_compare_plots.py COMMSIM_BINARY [unittest options]
"""

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "scripts")
sys.path.insert(0, SCRIPTS)
import plot_compare  # noqa: E402
import plot_funnel  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUANTILES = ("p05", "p25", "p50", "p75", "p95")
REPLICATES, DAYS = 6, 60
COMMSIM = None  # set from argv[1] in __main__


def run(args, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def variant(directory, name, replace=()):
    """A copy of scenarios/bait-funnel.yaml named `name`, with text replacements."""
    with open(os.path.join(ROOT, "scenarios", "bait-funnel.yaml")) as f:
        source = f.read()
    source, n = re.subn(r"(?m)^  name: bait-funnel$", f"  name: {name}", source)
    assert n == 1, "bait-funnel.yaml has no 'name: bait-funnel' line"
    for old, new in replace:
        assert old in source, f"bait-funnel.yaml lacks {old!r}"
        source = source.replace(old, new)
    path = os.path.join(directory, f"{name}.yaml")
    with open(path, "w") as f:
        f.write(source)
    return path


def simulate(out, *scenarios):
    sim = run([COMMSIM, "run", *scenarios, "-o", out, "--replicates", str(REPLICATES),
               "--days", str(DAYS), "-q"])
    if sim.returncode != 0:
        raise RuntimeError(f"commsim run failed ({sim.returncode}):\n{sim.stderr}")


def in_process(module, *args):
    """(exit code, stderr) of module.main(args)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = module.main(list(args))
        except SystemExit as e:  # argparse errors
            code = e.code
    return code, err.getvalue()


def stored(path, metric):
    with h5py.File(path, "r") as f:
        return np.asarray(f[metric][()], dtype=float)


def pct(values, q):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanpercentile(values, q, axis=0)


class ComparePlotsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_compare_plots.")
        d = cls.dir = cls.tmp.name
        base = variant(d, "base")
        same = variant(d, "same")
        reach = variant(d, "reach", [("daily_ads_reach: 1000", "daily_ads_reach: 2000"),
                                     ("  description: Fish pond", "  description: Twice the ads. Fish pond")])
        cls.h5 = os.path.join(d, "three.h5")
        simulate(cls.h5, base, same, reach)
        cls.one = os.path.join(d, "one.h5")
        simulate(cls.one, base)
        with h5py.File(cls.h5, "r") as f:
            cls.names = [s.decode() if isinstance(s, bytes) else str(s) for s in f["scenario"][()]]
            cls.seed_members = f["parameters/community.initial_members"][()].astype(float)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_sensible_png(self, path, halves=False):
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), PNG_SIGNATURE)
        image = matplotlib.image.imread(path)
        height, width = image.shape[:2]
        self.assertGreater(width, 800)
        self.assertGreater(height, 500)
        rgb = image[..., :3]
        parts = [rgb[:, : width // 2], rgb[:, width // 2:]] if halves else [rgb]
        for part in parts:  # with halves: both the fan charts and the differences are drawn
            self.assertGreater(float(part.std()), 0.02, "image looks blank")
            self.assertGreater(np.any(part < 0.9, axis=-1).mean(), 0.005, "almost nothing drawn")

    def assert_refused(self, module, args, *fragments, output=None):
        code, err = in_process(module, *args)
        prefix = module.__name__ + ": "
        self.assertEqual(code, 2, err)
        self.assertTrue(err.startswith(prefix), err)
        for fragment in fragments:
            self.assertIn(fragment, err)
        if output is not None:
            self.assertFalse(os.path.exists(output))
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp." in n], [])

    # --- plot_compare: the command line ----------------------------------

    def test_compare_command_line(self):
        out = os.path.join(self.dir, "compare.png")
        result = run([sys.executable, os.path.join(SCRIPTS, "plot_compare.py"), self.h5,
                      "-o", out, "--cumulative"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assert_sensible_png(out, halves=True)

    def test_compare_default_output_name(self):
        code, err = in_process(plot_compare, self.h5, "--metrics", "members")
        self.assertEqual(code, 0, err)
        self.assert_sensible_png(os.path.join(self.dir, "three-compare.png"), halves=True)

    # --- plot_compare: what it draws -------------------------------------

    def test_default_metrics_are_headline_metrics_not_zero(self):
        data = plot_compare.load_compare(self.h5)
        with h5py.File(self.h5, "r") as f:
            expected = [m for m in plot_compare.HEADLINE_METRICS
                        if m in f and np.nan_to_num(f[m][()]).any()]
        self.assertEqual([p["name"] for p in data["panels"]], expected)
        self.assertIn("revenue", expected)
        self.assertNotIn("cost", expected)  # the bait funnel spends nothing

    def test_titles_and_units_from_attributes(self):
        data = plot_compare.load_compare(self.h5, metrics=["members", "revenue"])
        with h5py.File(self.h5, "r") as f:
            for panel in data["panels"]:
                attrs = f[panel["name"]].attrs
                self.assertEqual(panel["long_name"], attrs["long_name"])
                self.assertEqual(panel["units"], attrs["units"])
                self.assertEqual(panel["difference"]["units"], attrs["units"])

    def test_fans_are_percentiles_of_the_series(self):
        data = plot_compare.load_compare(self.h5, metrics=["members", "revenue"])
        for panel in data["panels"]:
            series = stored(self.h5, panel["name"])
            self.assertEqual([c["scenario"] for c in panel["curves"]], self.names)
            for i, curve in enumerate(panel["curves"]):
                for q in QUANTILES:
                    np.testing.assert_allclose(curve[q], pct(series[i], int(q[1:])),
                                               rtol=0, atol=1e-9)

    def test_paired_difference_is_percentile_of_variant_minus_baseline(self):
        data = plot_compare.load_compare(self.h5, metrics=["members", "messages", "revenue"])
        self.assertEqual(data["baseline"], "base")
        self.assertEqual(data["variants"], ["same", "reach"])
        for panel in data["panels"]:
            series = stored(self.h5, panel["name"])
            curves = panel["difference"]["curves"]
            self.assertEqual([c["scenario"] for c in curves], ["same", "reach"])
            for curve, i in zip(curves, (1, 2)):
                for q in QUANTILES:
                    expected = np.percentile(series[i] - series[0], int(q[1:]), axis=0)
                    np.testing.assert_allclose(curve[q], expected, rtol=0, atol=1e-9)
            # Not the difference of the medians: pairing matters.
            reach = curves[1]["p50"]
            naive = np.median(series[2], axis=0) - np.median(series[0], axis=0)
            if panel["name"] == "messages":
                self.assertFalse(np.allclose(reach, naive))

    def test_identical_scenarios_differ_by_exactly_zero(self):
        for cumulative in (False, True):
            data = plot_compare.load_compare(self.h5, cumulative=cumulative)
            for panel in data["panels"]:
                same = panel["difference"]["curves"][0]
                self.assertEqual(same["scenario"], "same")
                for q in QUANTILES:
                    self.assertTrue(np.all(same[q] == 0), (panel["name"], q, cumulative))
        # ... and more ads really make a difference.
        members = plot_compare.load_compare(self.h5, metrics=["members"])["panels"][0]
        self.assertGreater(members["difference"]["curves"][1]["p05"][-1], 0)

    def test_cumulative_differences_of_running_totals(self):
        data = plot_compare.load_compare(self.h5, metrics=["revenue", "joined", "members"],
                                         cumulative=True)
        for panel in data["panels"]:
            series = stored(self.h5, panel["name"])
            flow = panel["kind"] == "flow"
            self.assertEqual(panel["summed"], flow)
            values = np.cumsum(series, axis=2) if flow else series
            self.assertEqual(panel["note"], " (cumulative)" if flow
                             else f" ({panel['kind']}, not summed)")
            if flow:
                self.assertNotIn("d-1", panel["units"])
            reach = panel["difference"]["curves"][1]
            for q in QUANTILES:
                np.testing.assert_allclose(
                    reach[q], np.percentile(values[2] - values[0], int(q[1:]), axis=0),
                    rtol=0, atol=1e-9)
                np.testing.assert_allclose(panel["curves"][2][q],
                                           np.percentile(values[2], int(q[1:]), axis=0),
                                           rtol=0, atol=1e-9)

    def test_other_baseline(self):
        data = plot_compare.load_compare(self.h5, baseline="reach", metrics=["members"])
        self.assertEqual(data["variants"], ["base", "same"])
        series = stored(self.h5, "members")
        diff = data["panels"][0]["difference"]["curves"]
        np.testing.assert_allclose(diff[0]["p50"], np.percentile(series[0] - series[2], 50, axis=0))
        self.assertLess(diff[0]["p95"][-1], 0)  # half the ads: fewer members

    # --- plot_compare: errors ---------------------------------------------

    def test_one_scenario_refused(self):
        out = os.path.join(self.dir, "one.png")
        self.assert_refused(plot_compare, [self.one, "-o", out], "one scenario", output=out)

    def test_unknown_baseline_refused(self):
        out = os.path.join(self.dir, "nobase.png")
        self.assert_refused(plot_compare, [self.h5, "-o", out, "--baseline", "nope"],
                            "nope", "reach", output=out)

    def test_unknown_metric_refused(self):
        out = os.path.join(self.dir, "nometric.png")
        self.assert_refused(plot_compare, [self.h5, "-o", out, "--metrics", "members,nope"],
                            "unknown metric nope", output=out)

    def test_other_schema_refused(self):
        new = os.path.join(self.dir, "schema3.h5")
        shutil.copy(self.one, new)
        with h5py.File(new, "r+") as f:
            f.attrs["schema_version"] = np.int32(3)
        for module in (plot_compare, plot_funnel):
            out = os.path.join(self.dir, f"schema3-{module.__name__}.png")
            self.assert_refused(module, [new, "-o", out], "schema_version 3", output=out)
        result = run([sys.executable, os.path.join(SCRIPTS, "plot_compare.py"), new])
        self.assertEqual(result.returncode, 2)
        self.assertTrue(result.stderr.startswith("plot_compare: "), result.stderr)

    def test_not_a_results_file_refused(self):
        junk = os.path.join(self.dir, "junk.h5")
        with open(junk, "w") as f:
            f.write("not HDF5\n")
        for module in (plot_compare, plot_funnel):
            out = os.path.join(self.dir, f"junk-{module.__name__}.png")
            self.assert_refused(module, [junk, "-o", out], "HDF5", output=out)

    # --- plot_funnel ------------------------------------------------------

    def test_funnel_command_line(self):
        out = os.path.join(self.dir, "funnel.png")
        result = run([sys.executable, os.path.join(SCRIPTS, "plot_funnel.py"), self.h5, "-o", out])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assert_sensible_png(out)

    def test_funnel_bars_match_series(self):
        data = plot_funnel.load_funnel(self.h5)
        keys = [s["key"] for s in data["stages"]]
        self.assertEqual(keys, ["reached", "active", "trials", "conversions", "renewals"])
        expected = np.stack([
            stored(self.h5, "joined").sum(axis=2) + self.seed_members[:, None],
            stored(self.h5, "active").mean(axis=2),
            stored(self.h5, "trials").sum(axis=2),
            stored(self.h5, "conversions").sum(axis=2),
            stored(self.h5, "renewals").sum(axis=2),
        ], axis=2)  # [scenario, replicate, stage]
        self.assertEqual([b["scenario"] for b in data["bars"]], self.names)
        for i, bar in enumerate(data["bars"]):
            np.testing.assert_allclose(bar["values"], expected[i], rtol=1e-12)
            for q in ("p05", "p50", "p95"):
                np.testing.assert_allclose(bar[q], np.percentile(expected[i], int(q[1:]), axis=0),
                                           rtol=1e-12)
        self.assertEqual(self.seed_members[0], 100)
        self.assertGreater(data["bars"][0]["p50"][2], 0, "no trials: the funnel did not run")
        # Identical scenarios, identical bars; twice the ads, more members reached.
        np.testing.assert_array_equal(data["bars"][0]["values"], data["bars"][1]["values"])
        self.assertGreater(data["bars"][2]["p50"][0], data["bars"][0]["p50"][0])

    def test_funnel_money_is_cumulative(self):
        data = plot_funnel.load_funnel(self.h5)
        self.assertEqual([p["name"] for p in data["money"]], ["revenue", "cost", "profit"])
        for panel in data["money"]:
            totals = np.cumsum(stored(self.h5, panel["name"]), axis=2)
            self.assertEqual(panel["units"], "yuan")
            for i, curve in enumerate(panel["curves"]):
                for q in ("p05", "p50", "p95"):
                    np.testing.assert_allclose(curve[q], np.percentile(totals[i], int(q[1:]), axis=0),
                                               rtol=0, atol=1e-9)

    def test_funnel_of_one_scenario(self):
        out = os.path.join(self.dir, "one-funnel.png")
        code, err = in_process(plot_funnel, self.one, "-o", out)
        self.assertEqual(code, 0, err)
        self.assert_sensible_png(out)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
