#!/usr/bin/python3
"""End-to-end test of scripts/plot_curves.py on a real commsim results file.

usage: test_plot_curves.py COMMSIM_BINARY [unittest options]
"""

import os
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
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUANTILES = ("p05", "p25", "p50", "p75", "p95")
REPLICATES, DAYS = 4, 60
COMMSIM = None  # set from argv[1] in __main__


def run(args, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def plot(*args):
    return run([sys.executable, SCRIPT, *args])


class PlotCurvesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_plot_curves.")
        cls.dir = cls.tmp.name
        cls.h5 = os.path.join(cls.dir, "baseline.h5")
        sim = run([COMMSIM, "run", "scenarios/baseline.yaml", "-o", cls.h5,
                   "--replicates", str(REPLICATES), "--days", str(DAYS), "-q"])
        if sim.returncode != 0:
            raise RuntimeError(f"commsim run failed ({sim.returncode}):\n{sim.stderr}")
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

    # --- the plot ------------------------------------------------------

    def test_default_plot(self):
        self.assertEqual(self.default.returncode, 0, self.default.stderr)
        self.assertTrue(os.path.isfile(self.default_png))
        self.assert_sensible_png(self.default_png)
        self.assert_no_stray_files(self.dir)

    def test_metric_subset_gives_smaller_image(self):
        out = os.path.join(self.dir, "subset.png")
        result = plot(self.h5, "-o", out, "--metrics", "members,active")
        self.assertEqual(result.returncode, 0, result.stderr)
        subset = self.assert_sensible_png(out)
        default = matplotlib.image.imread(self.default_png)
        with open(out, "rb") as a, open(self.default_png, "rb") as b:
            self.assertNotEqual(a.read(), b.read())
        self.assertLess(subset.shape[0] * subset.shape[1], default.shape[0] * default.shape[1])

    def test_named_scenario(self):
        out = os.path.join(self.dir, "named.png")
        result = plot(self.h5, "-o", out, "--scenario", "baseline", "--metrics", "members")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isfile(out))

    # --- errors ------------------------------------------------------

    def test_unknown_metric(self):
        out = os.path.join(self.dir, "unknown.png")
        result = plot(self.h5, "-o", out, "--metrics", "members,no_such_metric")
        self.assertEqual(result.returncode, 2)
        self.assertIn("no_such_metric", result.stderr)
        self.assertIn("members", result.stderr)  # lists what is available
        self.assertFalse(os.path.exists(out))
        self.assert_no_stray_files(self.dir)

    def test_unknown_scenario(self):
        out = os.path.join(self.dir, "noscenario.png")
        result = plot(self.h5, "-o", out, "--scenario", "no_such_scenario")
        self.assertEqual(result.returncode, 2)
        self.assertIn("no_such_scenario", result.stderr)
        self.assertFalse(os.path.exists(out))

    def test_missing_file(self):
        missing = os.path.join(self.dir, "missing.h5")
        result = plot(missing)
        self.assertEqual(result.returncode, 2)
        self.assertIn(missing, result.stderr)

    def test_not_hdf5(self):
        junk = os.path.join(self.dir, "junk.h5")
        with open(junk, "w") as f:
            f.write("this is not HDF5\n")
        result = plot(junk)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(junk, result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "junk.png")))

    def test_hdf5_without_schema_version(self):
        other = os.path.join(self.dir, "other.h5")
        with h5py.File(other, "w") as f:
            f.create_dataset("x", data=np.arange(3.0))
        result = plot(other)
        self.assertEqual(result.returncode, 2)
        self.assertIn("schema_version", result.stderr)

    # --- the data the plot draws ------------------------------------

    def test_summary_matches_series(self):
        with h5py.File(self.h5, "r") as f:
            self.assertEqual(int(f.attrs["schema_version"]), 1)
            self.assertEqual(int(f.attrs["replicates"]), REPLICATES)
            self.assertEqual(int(f.attrs["days"]), DAYS)
            scenario = f["scenarios"]["baseline"]
            np.testing.assert_array_equal(scenario["day"][()], np.arange(DAYS))
            metrics = list(scenario["summary"])
            self.assertIn("members", metrics)
            for name in metrics:
                with self.subTest(metric=name):
                    series = scenario["series"][name][()]
                    self.assertEqual(series.shape, (REPLICATES, DAYS))
                    summary = scenario["summary"][name]
                    q = {k: summary[k][()] for k in QUANTILES}
                    # NaN marks an unobserved value (a cohort too young to
                    # measure); summaries leave it out, as numpy's nan* do.
                    observed = ~np.all(np.isnan(series), axis=0)
                    for lo, hi in zip(QUANTILES, QUANTILES[1:]):
                        self.assertTrue(np.all(q[lo][observed] <= q[hi][observed]), f"{lo} > {hi}")
                    with np.errstate(all="ignore"), warnings.catch_warnings():
                        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN days
                        for k in QUANTILES:
                            expected = np.nanpercentile(series, int(k[1:]), axis=0)
                            np.testing.assert_allclose(q[k], expected, rtol=0, atol=1e-9)
                        np.testing.assert_allclose(summary["mean"][()], np.nanmean(series, axis=0),
                                                   rtol=0, atol=1e-9)
                    for attr in ("units", "description", "kind"):
                        self.assertIsInstance(summary.attrs[attr], str)
                    self.assertIn(summary.attrs["kind"], ("level", "flow", "ratio"))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))  # run() changes cwd to the repo root
    unittest.main()
