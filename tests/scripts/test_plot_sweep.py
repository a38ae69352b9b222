#!/usr/bin/python3
"""End-to-end test of scripts/plot_sweep.py on real `commsim sweep` files.

Three small sweeps of scenarios/baseline.yaml (300 seed members, 60 days,
2 replicates) are run by the test: a 3 x 3 grid of entry.fee and
acquisition.join_probability, the same grid with --summaries-only, and a
12-point lhs of three parameters (one on a log scale). The command line is
run as a subprocess (the images are checked for content); what the script
draws is checked in-process against numpy on the stored series; the sweep
files themselves are checked against the layout plot_sweep.py relies on
(the design printed by --dry-run --print-design, /final and /total against
the daily series). Errors must exit 2 with a message and write nothing.

usage: test_plot_sweep.py COMMSIM_BINARY [unittest options]
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(ROOT, "scripts")
sys.path.insert(0, SCRIPTS)
sys.path.insert(0, HERE)
import plot_sweep  # noqa: E402
from sweep_fixtures import commsim_design  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REPLICATES, DAYS = 2, 60
COMMSIM = None  # set from argv[1] in __main__

COMMON = f"""\
  base: baseline.yaml
  set:
    run.days: {DAYS}
    community.initial_members: 300
  replicates: {REPLICATES}
  seed: 17
"""

GRID = """\
sweep:
  name: grid
  description: entry fee by join probability
{common}  design: grid
  parameters:
    entry.fee: [0, 50, 200]
    acquisition.join_probability: [0.01, 0.02, 0.04]
"""

LHS = """\
sweep:
  name: lhs
  description: three acquisition levers, ads reach on a log scale
{common}  design: lhs
  points: 12
  parameters:
    acquisition.daily_ads_reach: {{min: 100, max: 10000, scale: log}}
    acquisition.join_probability: {{min: 0.005, max: 0.05}}
    entry.fee: {{min: 0, max: 100}}
"""


def run(args, cwd=ROOT, timeout=300):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def in_process(*args):
    """(exit code, stderr) of plot_sweep.main(args)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = plot_sweep.main(list(args))
        except SystemExit as e:  # argparse errors
            code = e.code
    return code, err.getvalue()


def sweep(directory, name, text, *options):
    """Write SWEEP.yaml, run `commsim sweep` on it, return (yaml, h5)."""
    yaml = os.path.join(directory, f"{name}.yaml")
    with open(yaml, "w") as f:
        f.write(text.format(common=COMMON))
    out = os.path.join(directory, f"{name}.h5")
    result = run([COMMSIM, "sweep", yaml, "-o", out, "--quiet", *options])
    if result.returncode != 0:
        raise RuntimeError(f"commsim sweep {name} failed ({result.returncode}):\n"
                           f"{result.stdout}\n{result.stderr}")
    return yaml, out


def stored(path, name):
    with h5py.File(path, "r") as f:
        return np.asarray(f[name][()], dtype=float)


class PlotSweepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_plot_sweep.")
        d = cls.dir = cls.tmp.name
        shutil.copy(os.path.join(ROOT, "scenarios", "baseline.yaml"), d)
        cls.grid_yaml, cls.grid = sweep(d, "grid", GRID)
        _, cls.summaries = sweep(d, "grid-summaries", GRID.replace("name: grid",
                                                                   "name: grid-summaries"),
                                 "--summaries-only")
        cls.lhs_yaml, cls.lhs = sweep(d, "lhs", LHS)
        cls.run_file = os.path.join(d, "run.h5")
        result = run([COMMSIM, "run", os.path.join(d, "baseline.yaml"), "-o", cls.run_file,
                      "--days", "10", "--replicates", "2", "-q"])
        if result.returncode != 0:
            raise RuntimeError(f"commsim run failed:\n{result.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_sensible_png(self, path):
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), PNG_SIGNATURE)
        image = matplotlib.image.imread(path)
        height, width = image.shape[:2]
        self.assertGreater(width, 600)
        self.assertGreater(height, 400)
        rgb = image[..., :3]
        self.assertGreater(float(rgb.std()), 0.05, "image looks blank")
        self.assertGreater(np.any(rgb < 0.9, axis=-1).mean(), 0.05, "almost nothing drawn")

    def assert_refused(self, args, *fragments, output=None):
        code, err = in_process(*args)
        self.assertEqual(code, 2, err)
        self.assertTrue(err.startswith("plot_sweep: "), err)
        for fragment in fragments:
            self.assertIn(fragment, err)
        if output is not None:
            self.assertFalse(os.path.exists(output))
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp." in n], [])

    # --- the files commsim writes: the layout the script relies on -------

    def test_sweep_attributes_and_design(self):
        for yaml, path, design, points in ((self.grid_yaml, self.grid, "grid", 9),
                                           (self.lhs_yaml, self.lhs, "lhs", 12)):
            keys, names, values = commsim_design(COMMSIM, yaml)
            with h5py.File(path, "r") as f:
                a = f.attrs
                text = {k: (v.decode() if isinstance(v, bytes) else str(v))
                        for k, v in a.items()}
                self.assertEqual(text["sweep_design"], design)
                self.assertEqual(text["sweep_parameters"].split(), keys)
                self.assertEqual(int(a["sweep_points"]), points)
                self.assertEqual(text.get("series", "daily"), "daily")
                self.assertRegex(text["sweep_hash"], r"^[0-9a-f]{16}$")
                scenario = [s.decode() if isinstance(s, bytes) else s for s in f["scenario"][()]]
                self.assertEqual(scenario, [f"p{p:04d}" for p in range(points)])
                self.assertEqual(names, [str(p) for p in range(points)]
                                 if names[0].isdigit() else scenario)
                for j, key in enumerate(keys):
                    np.testing.assert_allclose(f[key][()], values[:, j], rtol=1e-12,
                                               err_msg=key)
                    self.assertIn(key, f["members"].attrs["coordinates"].decode()
                                  if isinstance(f["members"].attrs["coordinates"], bytes)
                                  else f["members"].attrs["coordinates"])

    def test_final_and_total_match_daily_series(self):
        with h5py.File(self.grid, "r") as f, h5py.File(self.summaries, "r") as s:
            self.assertEqual(s.attrs["series"].decode() if isinstance(s.attrs["series"], bytes)
                             else s.attrs["series"], "summaries")
            self.assertNotIn("members", s)  # no daily root variables
            for metric in ("members", "profit", "joined"):
                daily = f[metric][()]
                np.testing.assert_array_equal(f["final"][metric][()], daily[:, :, -1])
                np.testing.assert_array_equal(s["final"][metric][()], daily[:, :, -1])
                if f[metric].attrs["kind"] in (b"flow", "flow"):
                    np.testing.assert_allclose(f["total"][metric][()], daily.sum(axis=2),
                                               rtol=1e-12)
                    np.testing.assert_allclose(s["total"][metric][()], daily.sum(axis=2),
                                               rtol=1e-12)

    # --- the command line -------------------------------------------------

    def test_grid_heat_map_command_line(self):
        out = os.path.join(self.dir, "grid.png")
        result = run([sys.executable, os.path.join(SCRIPTS, "plot_sweep.py"), self.grid,
                      "-o", out, "--metric", "members"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assert_sensible_png(out)

    def test_lhs_scatter_command_line(self):
        out = os.path.join(self.dir, "lhs.png")
        result = run([sys.executable, os.path.join(SCRIPTS, "plot_sweep.py"), self.lhs,
                      "-o", out, "--metric", "joined", "--cumulative"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_sensible_png(out)

    def test_line_and_default_output_name(self):
        code, err = in_process(self.grid, "--metric", "members", "--y", "none")
        self.assertEqual(code, 0, err)
        self.assert_sensible_png(os.path.join(self.dir, "grid-members.png"))

    def test_summaries_only_file_plots_final_and_total(self):
        for extra in ([], ["--cumulative", "--metric", "joined"]):
            out = os.path.join(self.dir, f"summaries{len(extra)}.png")
            code, err = in_process(self.summaries, "-o", out, *extra)
            self.assertEqual(code, 0, err)
            self.assert_sensible_png(out)

    # --- what it draws ----------------------------------------------------

    def test_grid_cells_are_medians_of_the_day(self):
        members = stored(self.grid, "members")
        fee, join = stored(self.grid, "entry.fee"), stored(self.grid,
                                                          "acquisition.join_probability")
        for day, index in ((None, -1), (20, 20)):
            data = plot_sweep.load_sweep(self.grid, "members", day)
            self.assertEqual(data["kind"], "grid")
            self.assertEqual((data["x"], data["y"]), ("entry.fee", "acquisition.join_probability"))
            self.assertEqual(data["x_label"], "entry.fee [yuan]")
            self.assertEqual(data["y_label"], "acquisition.join_probability [probability]")
            np.testing.assert_array_equal(data["x_levels"], [0, 50, 200])
            np.testing.assert_array_equal(data["y_levels"], [0.01, 0.02, 0.04])
            for j, y in enumerate(data["y_levels"]):
                for i, x in enumerate(data["x_levels"]):
                    point = np.flatnonzero((fee == x) & (join == y))
                    self.assertEqual(point.size, 1)
                    self.assertAlmostEqual(data["z"][j, i],
                                           np.median(members[point[0], :, index]), places=9)
        # More joiners with a higher join probability, fewer with a fee.
        z = plot_sweep.load_sweep(self.grid, "members")["z"]
        self.assertGreater(z[2, 0], z[0, 0])
        self.assertGreater(z[0, 0], z[0, 2])

    def test_cumulative_statistic_and_swapped_axes(self):
        joined = stored(self.grid, "joined")
        data = plot_sweep.load_sweep(self.grid, "joined", 29, True, x="acquisition.join_probability",
                                     y="entry.fee", stat="p75")
        self.assertEqual(data["when"], "summed over days 0..29")
        self.assertNotIn("d-1", data["units"])
        fee, join = stored(self.grid, "entry.fee"), stored(self.grid,
                                                          "acquisition.join_probability")
        point = np.flatnonzero((fee == 50) & (join == 0.04))[0]
        expected = np.percentile(joined[point, :, :30].sum(axis=1), 75)
        self.assertAlmostEqual(data["z"][1, 2], expected, places=9)

    def test_summaries_file_gives_the_same_final_values(self):
        daily = plot_sweep.load_sweep(self.grid, "profit")
        summary = plot_sweep.load_sweep(self.summaries, "profit")
        np.testing.assert_array_equal(daily["z"], summary["z"])
        total = plot_sweep.load_sweep(self.summaries, "joined", None, True)
        np.testing.assert_allclose(total["z"], plot_sweep.load_sweep(self.grid, "joined", None,
                                                                     True)["z"], rtol=1e-12)

    def test_lhs_points_and_log_axis(self):
        data = plot_sweep.load_sweep(self.lhs, "members")
        self.assertEqual(data["kind"], "scatter")
        self.assertEqual(data["x"], "acquisition.daily_ads_reach")
        self.assertTrue(data["x_log"], "the log-scale parameter should get a log axis")
        self.assertFalse(data["y_log"])
        self.assertEqual(data["others"], ["entry.fee"])
        members = stored(self.lhs, "members")
        np.testing.assert_allclose(data["pz"], np.median(members[:, :, -1], axis=1))
        np.testing.assert_array_equal(data["px"], stored(self.lhs, "acquisition.daily_ads_reach"))

    def test_line_bands_pool_the_other_parameter(self):
        data = plot_sweep.load_sweep(self.grid, "members", x="entry.fee", y="none")
        self.assertEqual(data["kind"], "line")
        members = stored(self.grid, "members")[:, :, -1]
        fee = stored(self.grid, "entry.fee")
        for i, level in enumerate(data["lx"]):
            pooled = members[fee == level].reshape(-1)
            self.assertEqual(pooled.size, 3 * REPLICATES)
            self.assertAlmostEqual(data["value"][i], np.median(pooled))
            self.assertAlmostEqual(data["p05"][i], np.percentile(pooled, 5))
            self.assertAlmostEqual(data["p95"][i], np.percentile(pooled, 95))

    # --- errors -----------------------------------------------------------

    def test_run_file_is_not_a_sweep(self):
        out = os.path.join(self.dir, "run.png")
        self.assert_refused([self.run_file, "-o", out], self.run_file, "not a sweep file",
                            output=out)
        result = run([sys.executable, os.path.join(SCRIPTS, "plot_sweep.py"), self.run_file,
                      "-o", out])
        self.assertEqual(result.returncode, 2)
        self.assertTrue(result.stderr.startswith("plot_sweep: "), result.stderr)

    def test_unknown_metric_and_parameter(self):
        out = os.path.join(self.dir, "bad.png")
        self.assert_refused([self.grid, "-o", out, "--metric", "nope"], self.grid,
                            "unknown metric nope", output=out)
        self.assert_refused([self.grid, "-o", out, "--x", "entry.nope"],
                            "entry.nope is not a swept parameter", "entry.fee", output=out)
        self.assert_refused([self.grid, "-o", out, "--y", "invites.reward"],
                            "invites.reward is not a swept parameter", output=out)

    def test_days_not_stored(self):
        out = os.path.join(self.dir, "day.png")
        self.assert_refused([self.summaries, "-o", out, "--at-day", "10"], self.summaries,
                            "--summaries-only", "day 10 is not stored", "/final", output=out)
        self.assert_refused([self.summaries, "-o", out, "--at-day", "10", "--cumulative",
                             "--metric", "joined"], "/total", output=out)
        self.assert_refused([self.grid, "-o", out, "--at-day", str(DAYS)],
                            f"no day {DAYS}", output=out)
        self.assert_refused([self.grid, "-o", out, "--metric", "members", "--cumulative"],
                            "members is a level", output=out)

    def test_part_file_refused(self):
        part = os.path.join(self.dir, "grid.part.h5")
        result = run([COMMSIM, "sweep", self.grid_yaml, "--shard", "0/2", "-o", part, "--quiet"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_refused([part, "-o", os.path.join(self.dir, "part.png")], part,
                            "shard 0/2", "commsim merge")

    def test_incomplete_replicates_are_skipped(self):
        # A sweep stopped by a signal: point 0's replicate 1 not simulated (NaN, flag 0).
        stopped = os.path.join(self.dir, "stopped.h5")
        shutil.copy(self.grid, stopped)
        with h5py.File(stopped, "r+") as f:
            f.attrs["complete"] = np.int32(0)
            flags = f["replicate_complete"][()]
            flags[0, 1] = 0
            f["replicate_complete"][...] = flags
            members = f["members"][()]
            members[0, 1, :] = np.nan
            f["members"][...] = members
        data = plot_sweep.load_sweep(stopped, "members")
        self.assertIn("INCOMPLETE", data["run"])
        fee, join = stored(stopped, "entry.fee"), stored(stopped, "acquisition.join_probability")
        i = int(np.flatnonzero(data["x_levels"] == fee[0])[0])
        j = int(np.flatnonzero(data["y_levels"] == join[0])[0])
        self.assertEqual(data["z"][j, i], members[0, 0, -1])
        out = os.path.join(self.dir, "stopped.png")
        self.assertEqual(in_process(stopped, "-o", out, "--metric", "members")[0], 0)
        self.assert_sensible_png(out)

    def test_not_hdf5(self):
        junk = os.path.join(self.dir, "junk.h5")
        with open(junk, "w") as f:
            f.write(textwrap.dedent("not HDF5\n"))
        self.assert_refused([junk, "-o", os.path.join(self.dir, "junk.png")], junk, "HDF5")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
