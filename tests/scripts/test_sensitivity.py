#!/usr/bin/python3
"""Tests of scripts/sensitivity.py: Ishigami on commsim's own Sobol design, a real sweep.

1. Ishigami. `commsim sweep --dry-run --print-design` prints the design of
   a sobol sweep of three probability parameters in [0, 1] with n = 2000
   base samples (10,000 points); the test checks it is laid out as A, B,
   A_B^(1..3), maps each column to [-pi, pi], evaluates the Ishigami
   function (a = 7, b = 0.1) with numpy as the "simulator", and writes a
   sweep file in commsim's layout with h5py (tests/scripts/sweep_fixtures.py).
   Every estimated index must be within 4 standard errors of the known
   value (the standard error taken from the 95 % bootstrap interval) and
   the 99 % intervals must cover the known values. This checks the
   mapping of commsim's blocks to OpenTURNS' layout end to end: a design
   with the blocks in another convention is refused, and read as if it
   were right it would give other indices.
2. A real sweep. `commsim sweep` runs a sobol sweep of three parameters
   (n = 24, 120 points x 2 replicates of 300 members, 60 days) with the
   invites module switched off, so invites.reward has no effect: with
   common random streams its A_B block repeats A exactly, so its ST is 0
   and its S1 is near 0 within the interval, while the acquisition levers
   carry the variance of members.
3. Errors: a `commsim run` file, a grid sweep, an unknown metric: exit 2
   with a message.

usage: test_sensitivity.py COMMSIM_BINARY [unittest options]
"""

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402
from scipy.stats import norm  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(ROOT, "scripts")
sys.path.insert(0, SCRIPTS)
sys.path.insert(0, HERE)
import sensitivity  # noqa: E402
from commsim_sweep import PlotError  # noqa: E402
from sweep_fixtures import commsim_design, sobol_layout, write_sweep  # noqa: E402

COMMSIM = None  # set from argv[1] in __main__

ISHIGAMI_N = 2000
ISHIGAMI_KEYS = ("acquisition.join_probability", "invites.accept_probability",
                 "entry.selectivity")
# Known indices of Ishigami with a = 7, b = 0.1 on [-pi, pi]^3.
ISHIGAMI_S1 = (0.3139, 0.4424, 0.0)
ISHIGAMI_ST = (0.5576, 0.4424, 0.2437)

ISHIGAMI_SWEEP = f"""\
sweep:
  name: ishigami
  description: the design of a Sobol sweep of three probabilities (the values are Ishigami's)
  base: baseline.yaml
  design: sobol
  points: {ISHIGAMI_N}
  replicates: 1
  seed: 31
  parameters:
    {ISHIGAMI_KEYS[0]}: {{min: 0, max: 1}}
    {ISHIGAMI_KEYS[1]}: {{min: 0, max: 1}}
    {ISHIGAMI_KEYS[2]}: {{min: 0, max: 1}}
"""

REAL_N, REAL_REPLICATES, REAL_DAYS = 24, 2, 60
REAL_SWEEP = f"""\
sweep:
  name: real-sobol
  description: two acquisition levers and a reward paid by a switched-off module
  base: baseline.yaml
  set:
    run.days: {REAL_DAYS}
    community.initial_members: 300
    invites.enabled: false
  design: sobol
  points: {REAL_N}
  replicates: {REAL_REPLICATES}
  seed: 5
  parameters:
    acquisition.join_probability: {{min: 0.005, max: 0.05}}
    acquisition.daily_ads_reach: {{min: 200, max: 3000, scale: log}}
    invites.reward: {{min: 0, max: 20}}
"""


def run(args, cwd=ROOT, timeout=300):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def in_process(*args):
    """(exit code, stdout, stderr) of sensitivity.main(args)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = sensitivity.main(list(args))
        except SystemExit as e:  # argparse errors
            code = e.code
    return code, out.getvalue(), err.getvalue()


def ishigami(unit, a=7.0, b=0.1):
    """Ishigami of points in [0, 1]^3 mapped to [-pi, pi]^3."""
    x = -np.pi + 2 * np.pi * np.asarray(unit, dtype=float)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def write_ishigami(path, design, n, replicates=2):
    """A sobol sweep file whose metric 'ishigami' is Ishigami of the design (same in every
    replicate and on both days: the output of a point is the function's value)."""
    y = ishigami(design)
    values = np.repeat(y[:, None, None], replicates, axis=1).repeat(2, axis=2)
    return write_sweep(path, "sobol", dict(zip(ISHIGAMI_KEYS, design.T)),
                       {"ishigami": (values, "level", "1", "Ishigami function of the point")},
                       replicates, 2, name="ishigami", sobol_n=n,
                       units=dict.fromkeys(ISHIGAMI_KEYS, "probability"))


class SensitivityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_sensitivity.")
        d = cls.dir = cls.tmp.name
        shutil.copy(os.path.join(ROOT, "scenarios", "baseline.yaml"), d)
        # 1. commsim's design of the Ishigami sweep, Ishigami's values.
        cls.ishigami_yaml = os.path.join(d, "ishigami.yaml")
        with open(cls.ishigami_yaml, "w") as f:
            f.write(ISHIGAMI_SWEEP)
        cls.keys, cls.names, cls.design = commsim_design(COMMSIM, cls.ishigami_yaml)
        cls.ishigami = write_ishigami(os.path.join(d, "ishigami.h5"), cls.design, ISHIGAMI_N)
        started = time.monotonic()
        cls.indices = sensitivity.compute(cls.ishigami, "ishigami", bootstrap=1000,
                                          confidence=0.95)
        cls.indices99 = sensitivity.compute(cls.ishigami, "ishigami", bootstrap=1000,
                                            confidence=0.99)
        cls.ishigami_seconds = time.monotonic() - started
        # 2. A real sweep.
        cls.real_yaml = os.path.join(d, "real.yaml")
        with open(cls.real_yaml, "w") as f:
            f.write(REAL_SWEEP)
        cls.real = os.path.join(d, "real.h5")
        started = time.monotonic()
        result = run([COMMSIM, "sweep", cls.real_yaml, "-o", cls.real, "--quiet"])
        cls.sweep_seconds = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError(f"commsim sweep failed ({result.returncode}):\n{result.stdout}\n"
                               f"{result.stderr}")
        # 3. Files that are not sobol sweeps.
        cls.grid_yaml = os.path.join(d, "grid.yaml")
        with open(cls.grid_yaml, "w") as f:
            f.write("sweep:\n  name: grid\n  base: baseline.yaml\n  set:\n    run.days: 10\n"
                    "  replicates: 1\n  design: grid\n  parameters:\n"
                    "    entry.fee: [0, 10]\n")
        cls.grid = os.path.join(d, "grid.h5")
        result = run([COMMSIM, "sweep", cls.grid_yaml, "-o", cls.grid, "--quiet"])
        if result.returncode != 0:
            raise RuntimeError(f"commsim sweep (grid) failed:\n{result.stderr}")
        cls.run_file = os.path.join(d, "run.h5")
        result = run([COMMSIM, "run", os.path.join(d, "baseline.yaml"), "-o", cls.run_file,
                      "--days", "10", "--replicates", "2", "-q"])
        if result.returncode != 0:
            raise RuntimeError(f"commsim run failed:\n{result.stderr}")

    @classmethod
    def tearDownClass(cls):
        print(f"\n(Ishigami: two analyses {cls.ishigami_seconds:.1f} s; real sobol sweep "
              f"{cls.sweep_seconds:.1f} s)", file=sys.stderr)
        for name, r in (("95 %", cls.indices), ("99 %", cls.indices99)):
            print(f"Ishigami n = {ISHIGAMI_N}, {name}: " + "; ".join(
                f"{p['key']}: S1 {p['S1']:.4f} [{p['S1_low']:.4f}, {p['S1_high']:.4f}] "
                f"ST {p['ST']:.4f} [{p['ST_low']:.4f}, {p['ST_high']:.4f}]"
                for p in r["parameters"]), file=sys.stderr)
        cls.tmp.cleanup()

    # --- commsim's design -------------------------------------------------

    def test_commsim_design_is_a_b_ab_layout(self):
        n, k = ISHIGAMI_N, 3
        self.assertEqual(self.keys, list(ISHIGAMI_KEYS))
        self.assertEqual(self.design.shape, (n * (k + 2), k))
        a, b = self.design[:n], self.design[n:2 * n]
        np.testing.assert_array_equal(self.design, sobol_layout(a, b))
        self.assertTrue(np.all((self.design >= 0) & (self.design <= 1)))
        # A and B are independent samples filling the cube, not copies.
        self.assertFalse(np.any(np.all(a == b, axis=1)))
        for column in range(k):
            self.assertLess(abs(np.mean(a[:, column]) - 0.5), 0.02)
            self.assertLess(abs(np.corrcoef(a[:, column], b[:, column])[0, 1]), 0.1)

    # --- Ishigami ---------------------------------------------------------

    def test_ishigami_indices_within_four_standard_errors(self):
        z = norm.ppf(0.975)
        for p, s1, st in zip(self.indices["parameters"], ISHIGAMI_S1, ISHIGAMI_ST):
            for name, true in (("S1", s1), ("ST", st)):
                se = (p[f"{name}_high"] - p[f"{name}_low"]) / (2 * z)
                self.assertGreater(se, 0, (p["key"], name))
                self.assertLess(se, 2.5 / np.sqrt(ISHIGAMI_N), (p["key"], name, se))
                self.assertLessEqual(abs(p[name] - true), 4 * se,
                                     f"{p['key']} {name} = {p[name]:.4f}, known {true}, "
                                     f"standard error {se:.4f}")

    def test_ishigami_intervals_cover_the_known_indices(self):
        for p, s1, st in zip(self.indices99["parameters"], ISHIGAMI_S1, ISHIGAMI_ST):
            self.assertLessEqual(p["S1_low"], s1, p)
            self.assertGreaterEqual(p["S1_high"], s1, p)
            self.assertLessEqual(p["ST_low"], st, p)
            self.assertGreaterEqual(p["ST_high"], st, p)
            self.assertLessEqual(p["S1_low"], p["S1"])
            self.assertGreaterEqual(p["S1_high"], p["S1"])

    def test_ishigami_wrong_layout_refused_and_would_mislead(self):
        # A, B, then the blocks of the other convention: B with column i from A.
        n = ISHIGAMI_N
        a, b = self.design[:n], self.design[n:2 * n]
        wrong = np.vstack([a, b] + [np.where(np.arange(3) == i, a, b) for i in range(3)])
        path = write_ishigami(os.path.join(self.dir, "wrong.h5"), wrong, n)
        with self.assertRaisesRegex(PlotError, r"not laid out as A, B, A_B\^\(1\.\.k\): in "
                                    r"block A_B\^\(1\)"):
            sensitivity.compute(path, "ishigami", bootstrap=20)
        # Read as if it were right, it would give other indices: Martinez's S1_i is then
        # the correlation of B with "B but column i", i.e. 1 - ST_i, not S1_i.
        import openturns as ot
        s1, _ = sensitivity.ot_indices(ot, ot.MartinezSensitivityAlgorithm, wrong,
                                       ishigami(wrong), n)
        self.assertGreater(s1[2], ISHIGAMI_S1[2] + 0.5)
        self.assertLess(abs(s1[2] - (1 - ISHIGAMI_ST[2])), 0.1)
        # The same blocks with A and B exchanged are a valid design (A' = B, B' = A).
        swapped = write_ishigami(os.path.join(self.dir, "swapped.h5"), sobol_layout(b, a), n)
        r = sensitivity.compute(swapped, "ishigami", bootstrap=20)
        self.assertLess(abs(r["parameters"][2]["S1"]), 0.1)

    def test_ishigami_command_line_formats(self):
        csv_out = run([sys.executable, os.path.join(SCRIPTS, "sensitivity.py"), self.ishigami,
                       "--metric", "ishigami", "--format", "csv", "--bootstrap", "100"])
        self.assertEqual(csv_out.returncode, 0, csv_out.stderr)
        lines = csv_out.stdout.splitlines()
        self.assertEqual(lines[0], "parameter,unit,S1,S1_low,S1_high,ST,ST_low,ST_high")
        self.assertEqual([line.split(",")[0] for line in lines[1:]], list(ISHIGAMI_KEYS))
        code, out, err = in_process(self.ishigami, "--metric", "ishigami", "--format", "json",
                                    "--bootstrap", "100")
        self.assertEqual(code, 0, err)
        data = json.loads(out)
        self.assertEqual(data["n"], ISHIGAMI_N)
        self.assertEqual(data["output"], "mean over the replicates of each point")
        self.assertAlmostEqual(data["parameters"][1]["S1"], self.indices["parameters"][1]["S1"])
        png = os.path.join(self.dir, "ishigami.png")
        code, out, err = in_process(self.ishigami, "--metric", "ishigami", "--bootstrap", "100",
                                    "-o", png)
        self.assertEqual(code, 0, err)
        self.assertIn("mean over its 2 replicates", out)
        self.assertIn("percentile bootstrap of the n rows", out)
        image = matplotlib.image.imread(png)[..., :3]
        self.assertGreater(float(image.std()), 0.05)

    # --- a real sweep -----------------------------------------------------

    def test_real_sweep_layout(self):
        with h5py.File(self.real, "r") as f:
            self.assertEqual(int(f.attrs["sobol_base_samples"]), REAL_N)
            self.assertEqual(int(f.attrs["sweep_points"]), REAL_N * 5)
        n, k, x = sensitivity.sobol_blocks(sensitivity.Sweep(self.real))
        self.assertEqual((n, k), (REAL_N, 3))
        np.testing.assert_array_equal(x, sobol_layout(x[:n], x[n:2 * n]))
        keys, _, printed = commsim_design(COMMSIM, self.real_yaml)
        np.testing.assert_allclose(x, printed, rtol=1e-12)

    def test_real_sweep_indices(self):
        for metric, cumulative in (("members", False), ("joined", True)):
            r = sensitivity.compute(self.real, metric, cumulative=cumulative, bootstrap=300)
            by_key = {p["key"]: p for p in r["parameters"]}
            for p in r["parameters"]:
                for name in ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"):
                    self.assertTrue(np.isfinite(p[name]), (metric, p))
                self.assertGreater(p["S1"], -0.6, p)
                self.assertLess(p["S1"], 1.3, p)
                self.assertGreater(p["ST"], -0.3, p)
                self.assertLess(p["ST"], 1.5, p)
            # The reward of a switched-off module does nothing: S1 and ST near 0.
            reward = by_key["invites.reward"]
            self.assertLess(abs(reward["ST"]), 1e-9, reward)
            self.assertLessEqual(reward["ST_low"], 1e-9)
            self.assertGreaterEqual(reward["ST_high"], -1e-9)
            self.assertLessEqual(reward["S1_low"], 0.0, reward)
            self.assertGreaterEqual(reward["S1_high"], 0.0, reward)
            self.assertLess(abs(reward["S1"]), 0.5, reward)
            # The acquisition levers carry the variance of members and joiners.
            for key in ("acquisition.join_probability", "acquisition.daily_ads_reach"):
                self.assertGreater(by_key[key]["ST"], 0.1, (metric, by_key[key]))
            self.assertGreater(max(by_key["acquisition.join_probability"]["S1_low"],
                                   by_key["acquisition.daily_ads_reach"]["S1_low"]), 0.0)
            self.assertEqual(r["replicates"], REAL_REPLICATES)

    def test_real_sweep_command_line_and_chart(self):
        png = os.path.join(self.dir, "real.png")
        result = run([sys.executable, os.path.join(SCRIPTS, "sensitivity.py"), self.real,
                      "--metric", "members", "--at-day", "30", "--bootstrap", "200",
                      "-o", png])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("members [people] on day 30", result.stdout)
        self.assertIn("the mean over its 2 replicates", result.stdout)
        image = matplotlib.image.imread(png)[..., :3]
        self.assertGreater(image.shape[1], 500)
        self.assertGreater(float(image.std()), 0.05)
        self.assertGreater(np.any(image < 0.9, axis=-1).mean(), 0.02)

    # --- errors -----------------------------------------------------------

    def assert_refused(self, args, *fragments):
        code, out, err = in_process(*args)
        self.assertEqual(code, 2, err)
        self.assertTrue(err.startswith("sensitivity: "), err)
        self.assertEqual(out, "")
        for fragment in fragments:
            self.assertIn(fragment, err)

    def test_run_file_refused(self):
        self.assert_refused([self.run_file, "--metric", "members"], self.run_file,
                            "not a sweep file")
        result = run([sys.executable, os.path.join(SCRIPTS, "sensitivity.py"), self.run_file])
        self.assertEqual(result.returncode, 2)
        self.assertTrue(result.stderr.startswith("sensitivity: "), result.stderr)

    def test_grid_sweep_refused(self):
        self.assert_refused([self.grid, "--metric", "members"], self.grid, "'grid', not 'sobol'")

    def test_unknown_metric_refused(self):
        self.assert_refused([self.real, "--metric", "nope"], self.real, "unknown metric nope")

    def test_constant_metric_refused(self):
        # Nothing is paid when the invites module is off: cost is 0 at every point.
        self.assert_refused([self.real, "--metric", "incentive_cost"], "no variance")

    def test_incomplete_sweep_refused(self):
        stopped = os.path.join(self.dir, "stopped.h5")
        shutil.copy(self.real, stopped)
        with h5py.File(stopped, "r+") as f:
            f.attrs["complete"] = np.int32(0)
        self.assert_refused([stopped, "--metric", "members"], "incomplete sweep", "--resume")

    def test_level_not_summed(self):
        self.assert_refused([self.real, "--metric", "members", "--cumulative"],
                            "members is a level")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
