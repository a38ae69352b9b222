#!/usr/bin/python3
"""End-to-end test of scripts/plot_curves.py on real commsim (schema 2) files.

The command line is run as a subprocess for the default plot and a few
errors; everything else calls the module in-process (faster), and checks
the curves load_curves() returns against the series stored in the file.

usage: test_plot_curves.py COMMSIM_BINARY [unittest options]
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import warnings

import matplotlib

matplotlib.use("Agg")  # never needs a display
import matplotlib.image  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "plot_curves.py")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import plot_curves  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUANTILES = ("p05", "p25", "p50", "p75", "p95")
REPLICATES, DAYS = 4, 40
COMMSIM = None  # set from argv[1] in __main__


def run(args, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def plot(*args):
    """The script as ctest users run it."""
    return run([sys.executable, SCRIPT, *args])


def plot_in_process(*args):
    """(exit code, stderr) of plot_curves.main(args), without a new interpreter."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = plot_curves.main(list(args))
        except SystemExit as e:  # argparse errors
            code = e.code
    return code, err.getvalue()


def simulate(out, *scenarios, replicates=REPLICATES, days=DAYS):
    sim = run([COMMSIM, "run", *scenarios, "-o", out, "--replicates", str(replicates),
               "--days", str(days), "-q"])
    if sim.returncode != 0:
        raise RuntimeError(f"commsim run failed ({sim.returncode}):\n{sim.stderr}")


def stored_series(path, metric):
    """(scenario names, float array [scenario, replicate, day]) read with plain h5py."""
    with h5py.File(path, "r") as f:
        names = [s.decode() if isinstance(s, bytes) else str(s) for s in f["scenario"][()]]
        return names, f[metric][()]


def nanpercentile(values, q):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN days
        return np.nanpercentile(values, q, axis=0)


class PlotCurvesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_plot_curves.")
        cls.dir = cls.tmp.name
        cls.h5 = os.path.join(cls.dir, "baseline.h5")
        simulate(cls.h5, "scenarios/baseline.yaml")
        # Two scenarios whose parameters differ (entry.fee) in one file.
        cls.two = os.path.join(cls.dir, "two.h5")
        simulate(cls.two, "scenarios/baseline.yaml", "scenarios/paid-entry.yaml")
        # The default plot is shared by several tests; make it once.
        cls.default = plot(cls.h5)
        cls.default_png = os.path.join(cls.dir, "baseline.png")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_no_stray_files(self, directory):
        stray = [n for n in os.listdir(directory) if ".tmp." in n]
        self.assertEqual(stray, [], "temporary files left behind")

    def assert_sensible_png(self, path):
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), PNG_SIGNATURE)
        image = matplotlib.image.imread(path)
        height, width = image.shape[:2]
        self.assertGreater(width, 600)
        self.assertGreater(height, 300)
        rgb = image[..., :3]
        self.assertGreater(float(rgb.std()), 0.02, "image looks blank")
        non_white = np.any(rgb < 0.9, axis=-1).mean()
        self.assertGreater(non_white, 0.005, "almost no non-white pixels")
        return image

    def assert_refused(self, args, *fragments, output=None):
        code, err = plot_in_process(*args)
        self.assertEqual(code, 2, err)
        self.assertTrue(err.startswith("plot_curves: "), err)
        for fragment in fragments:
            self.assertIn(fragment, err)
        if output is not None:
            self.assertFalse(os.path.exists(output))
        self.assert_no_stray_files(self.dir)
        return err

    # --- the plot ------------------------------------------------------

    def test_default_plot(self):
        self.assertEqual(self.default.returncode, 0, self.default.stderr)
        self.assertEqual(self.default.stderr, "")
        self.assertTrue(os.path.isfile(self.default_png))
        self.assert_sensible_png(self.default_png)
        self.assert_no_stray_files(self.dir)

    def test_default_panels_are_the_key_metrics(self):
        data = plot_curves.load_curves([self.h5])
        names = [p["name"] for p in data["panels"]]
        with h5py.File(self.h5, "r") as f:
            # Key metrics that are not zero throughout (the baseline sells nothing).
            expected = [m for m in plot_curves.KEY_METRICS
                        if m in f and np.nan_to_num(f[m][()]).any()]
        self.assertEqual(names, expected)
        self.assertIn("members", names)
        self.assertNotIn("revenue", names)
        with h5py.File(self.h5, "r") as f:
            self.assertLess(len(names), len(f["summary"]) - 3, "default draws every metric")

    def test_metric_subset_gives_smaller_image(self):
        out = os.path.join(self.dir, "subset.png")
        code, err = plot_in_process(self.h5, "-o", out, "--metrics", "members,active,members")
        self.assertEqual(code, 0, err)
        subset = self.assert_sensible_png(out)
        default = matplotlib.image.imread(self.default_png)
        self.assertLess(subset.shape[0] * subset.shape[1], default.shape[0] * default.shape[1])
        data = plot_curves.load_curves([self.h5], metrics=["members", "active"])
        self.assertEqual([p["name"] for p in data["panels"]], ["members", "active"])

    def test_titles_and_units_from_attributes(self):
        data = plot_curves.load_curves([self.h5], metrics=["members", "joined", "talk_share"])
        with h5py.File(self.h5, "r") as f:
            for panel in data["panels"]:
                with self.subTest(metric=panel["name"]):
                    attrs = f["summary"][panel["name"]].attrs
                    self.assertEqual(panel["long_name"], attrs["long_name"])
                    self.assertEqual(panel["units"], attrs["units"])
                    self.assertEqual(panel["kind"], attrs["kind"])
                    self.assertEqual(panel["note"], "")

    def test_retention_on_join_day_axis(self):
        metrics = ["retention_d1", "retention_d30", "members", "retained_at_30"]
        data = plot_curves.load_curves([self.h5], metrics=metrics)
        labels = {p["name"]: p["xlabel"] for p in data["panels"]}
        self.assertEqual(labels, {"retention_d1": "join day", "retention_d30": "join day",
                                  "members": "day", "retained_at_30": "day"})
        # A cohort joining in the last 30 days is not observed 30 days later.
        median = data["panels"][1]["curves"][0]["p50"]
        self.assertTrue(np.all(np.isnan(median[DAYS - 30:])))
        self.assertFalse(np.any(np.isnan(median[:DAYS - 30])))
        out = os.path.join(self.dir, "retention.png")
        code, err = plot_in_process(self.h5, "-o", out, "--metrics", ",".join(metrics))
        self.assertEqual(code, 0, err)
        self.assertEqual(err, "", "NaN tails must not warn")
        self.assert_sensible_png(out)

    # --- the data the plot draws ---------------------------------------

    def test_medians_and_bands_match_stored_series(self):
        metrics = ["members", "joined", "talk_share", "retention_d7", "revenue"]
        data = plot_curves.load_curves([self.two], metrics=metrics)
        for panel in data["panels"]:
            names, series = stored_series(self.two, panel["name"])
            self.assertEqual(series.shape, (2, REPLICATES, DAYS))
            for i, curve in enumerate(panel["curves"]):
                with self.subTest(metric=panel["name"], scenario=curve["scenario"]):
                    self.assertEqual(curve["scenario"], names[i])
                    np.testing.assert_array_equal(curve["day"], np.arange(DAYS))
                    for q in QUANTILES:
                        np.testing.assert_allclose(curve[q], nanpercentile(series[i], int(q[1:])),
                                                   rtol=0, atol=1e-9)

    def test_two_scenarios_overlaid(self):
        data = plot_curves.load_curves([self.two])
        for panel in data["panels"]:
            self.assertEqual([c["label"] for c in panel["curves"]], ["baseline", "paid-entry"])
        self.assertEqual(data["runs"][0]["scenarios"], ["baseline", "paid-entry"])
        # The fee changes the outcome, so the two medians really are two curves.
        members = data["panels"][0]["curves"]
        self.assertFalse(np.allclose(members[0]["p50"], members[1]["p50"]))
        out = os.path.join(self.dir, "two.png")
        code, err = plot_in_process(self.two, "-o", out, "--metrics", "members,revenue")
        self.assertEqual(code, 0, err)
        self.assert_sensible_png(out)

    def test_scenario_selection(self):
        data = plot_curves.load_curves([self.two], metrics=["members"], scenarios=["paid-entry"])
        self.assertEqual([c["scenario"] for c in data["panels"][0]["curves"]], ["paid-entry"])
        data = plot_curves.load_curves([self.two], metrics=["members"],
                                       scenarios=["paid-entry", "baseline"])
        self.assertEqual([c["scenario"] for c in data["panels"][0]["curves"]],
                         ["paid-entry", "baseline"])

    def test_two_files_give_one_curve_set_per_file_and_scenario(self):
        data = plot_curves.load_curves([self.h5, self.two], metrics=["members", "joined"])
        for panel in data["panels"]:
            self.assertEqual([(c["file"], c["scenario"]) for c in panel["curves"]],
                             [(self.h5, "baseline"), (self.two, "baseline"),
                              (self.two, "paid-entry")])
            self.assertEqual([c["label"] for c in panel["curves"]],
                             ["baseline (baseline.h5)", "baseline (two.h5)",
                              "paid-entry (two.h5)"])
        # Same name in two directories: the labels fall back to the paths given.
        other = os.path.join(self.dir, "copy")
        os.makedirs(other, exist_ok=True)
        copy = shutil.copy(self.h5, other)
        data = plot_curves.load_curves([self.h5, copy], metrics=["members"])
        self.assertEqual([c["label"] for c in data["panels"][0]["curves"]],
                         [f"baseline ({self.h5})", f"baseline ({copy})"])
        out = os.path.join(self.dir, "files.png")
        code, err = plot_in_process(self.h5, self.two, "-o", out, "--metrics", "members,joined",
                                    "--scenario", "baseline")
        self.assertEqual(code, 0, err)
        self.assert_sensible_png(out)

    def test_cumulative_quantiles_are_of_per_replicate_totals(self):
        metrics = ["joined", "messages", "members", "talk_share"]
        data = plot_curves.load_curves([self.two], metrics=metrics, cumulative=True)
        daily = plot_curves.load_curves([self.two], metrics=metrics)
        differs = False
        for panel, plain in zip(data["panels"], daily["panels"]):
            _, series = stored_series(self.two, panel["name"])
            for i, curve in enumerate(panel["curves"]):
                with self.subTest(metric=panel["name"], scenario=curve["scenario"]):
                    if panel["kind"] == "flow":
                        self.assertTrue(panel["summed"])
                        self.assertEqual(panel["note"], " (cumulative)")
                        self.assertNotIn("d-1", panel["units"])
                        totals = np.cumsum(series[i], axis=1)
                        for q in QUANTILES:
                            np.testing.assert_allclose(curve[q], nanpercentile(totals, int(q[1:])),
                                                       rtol=0, atol=1e-9)
                        naive = np.cumsum(plain["curves"][i]["p50"])
                        differs |= not np.allclose(curve["p50"], naive)
                    else:  # levels and ratios: unchanged, and marked
                        self.assertFalse(panel["summed"])
                        self.assertEqual(panel["note"], f" ({panel['kind']}, not summed)")
                        self.assertEqual(panel["units"], plain["units"])
                        for q in QUANTILES:
                            np.testing.assert_array_equal(curve[q], plain["curves"][i][q])
        self.assertEqual({p["name"]: p["kind"] for p in data["panels"]},
                         {"joined": "flow", "messages": "flow", "members": "level",
                          "talk_share": "ratio"})
        self.assertTrue(differs, "cumulative median equals the cumsum of daily medians")
        out = os.path.join(self.dir, "cumulative.png")
        code, err = plot_in_process(self.two, "-o", out, "--cumulative",
                                    "--metrics", ",".join(metrics))
        self.assertEqual(code, 0, err)
        self.assert_sensible_png(out)

    # --- errors: exit 2, a message, no output ---------------------------

    def test_unknown_metric(self):
        out = os.path.join(self.dir, "unknown.png")
        err = self.assert_refused([self.h5, "-o", out, "--metrics", "members,no_such_metric"],
                                  "no_such_metric", output=out)
        self.assertIn("members", err.split("available")[1])  # lists what is available

    def test_parameter_is_not_a_metric(self):
        out = os.path.join(self.dir, "parameter.png")
        self.assert_refused([self.two, "-o", out, "--metrics", "entry.fee"], "entry.fee",
                            output=out)

    def test_unknown_scenario(self):
        out = os.path.join(self.dir, "noscenario.png")
        self.assert_refused([self.two, "-o", out, "--scenario", "baseline,no_such_scenario"],
                            "no_such_scenario", "paid-entry", output=out)

    def test_file_without_the_chosen_scenario(self):
        out = os.path.join(self.dir, "nonein.png")
        self.assert_refused([self.h5, self.two, "-o", out, "--scenario", "paid-entry"],
                            self.h5, output=out)

    def test_missing_file(self):
        missing = os.path.join(self.dir, "missing.h5")
        result = plot(missing)  # the real command line: exit status 2
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"plot_curves: {missing}", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "missing.png")))

    def test_not_hdf5(self):
        junk = os.path.join(self.dir, "junk.h5")
        with open(junk, "w") as f:
            f.write("this is not HDF5\n")
        self.assert_refused([junk], junk, "HDF5", output=os.path.join(self.dir, "junk.png"))

    def test_hdf5_without_schema_version(self):
        other = os.path.join(self.dir, "other.h5")
        with h5py.File(other, "w") as f:
            f.create_dataset("x", data=np.arange(3.0))
        self.assert_refused([other], "schema_version", "not a commsim",
                            output=os.path.join(self.dir, "other.png"))

    def test_schema_1_refused(self):
        old = os.path.join(self.dir, "old.h5")
        with h5py.File(old, "w") as f:
            f.attrs["schema_version"] = np.int32(1)
            f.attrs["replicates"] = np.uint32(2)
            f.create_dataset("scenarios/x/series/members", data=np.ones((2, 3)))
            f.create_dataset("scenarios/x/summary/members/p50", data=np.ones(3))
        result = plot(old)  # the real command line: exit status 2
        self.assertEqual(result.returncode, 2)
        self.assertIn(old, result.stderr)
        self.assertIn("schema 1", result.stderr)
        self.assertIn("schema 2", result.stderr)
        self.assertIn("re-run", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "old.png")))

    def test_newer_schema_refused(self):
        new = os.path.join(self.dir, "new.h5")
        shutil.copy(self.h5, new)
        with h5py.File(new, "r+") as f:
            f.attrs["schema_version"] = np.int32(3)
        self.assert_refused([new], "schema_version 3", output=os.path.join(self.dir, "new.png"))

    def test_unwritable_output(self):
        out = os.path.join(self.dir, "no_such_dir", "x.png")
        self.assert_refused([self.h5, "-o", out, "--metrics", "members"], "cannot write",
                            output=out)

    def test_empty_metric_list(self):
        code, err = plot_in_process(self.h5, "--metrics", ",")
        self.assertEqual(code, 2)
        self.assertIn("--metrics", err)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))  # run() changes cwd to the repo root
    unittest.main()
