#!/usr/bin/python3
"""The comparison library scenarios/compare/: each file answers one classic
question of the domain with a base and variants; this test runs every file
and checks that the direction the practitioners' texts predict holds.

Each check is a *paired* difference per replicate, variant_r - base_r (common
random numbers: replicate r of every scenario of a file draws the same
numbers wherever the scenarios do not differ), on totals over the run for
flows (the series [scenario, replicate, day] summed over days), the mean
over days for ratios, and the last day for levels. A direction holds when
the mean paired difference is more than TOLERANCE_SE standard errors
(sd / sqrt(replicates)) on the predicted side of zero: with 16 replicates
that is a one-sided test at roughly the 3% level per check (t with 15
degrees of freedom), while the effects measured are many standard errors
wide. Every check says whether the direction comes from the texts
(domain.md) or from a mechanism documented in docs/model.md.

Where the model does not show a direction the texts state, the assertion is
left out with a comment giving the measured numbers (a finding to report,
not a weakened test).

Besides the directions, for every file: it validates, its leading comment
states the question, every scenario has the file's run.days and
run.replicates, every scenario has a sales funnel on (funnel.offer_bait or
funnel.offer_product in /parameters), and revenue is not zero throughout in
at least one scenario.

usage: test_compare_library.py COMMSIM_BINARY [unittest options]
Runs the six files as written (365 days x 16 replicates each, no overrides:
the files are what a strategist runs): about 40 s of simulation and 55 s in
all on two cores shared with compiles.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import numpy as np
import xarray as xr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIBRARY = os.path.join(ROOT, "scenarios", "compare")
FILES = ("pruning", "incentives", "entry-fee", "bait-price", "hard-selling", "invite-reward")
TOLERANCE_SE = 2.0  # a direction must clear this many standard errors of the mean paired difference
COMMSIM = None  # set from argv[1] in __main__

RESULTS = {}  # file -> path of its results file
RUN_SECONDS = {}  # file -> wall time of its run
MEASURED = []  # (file, check, mean, se, n) printed at the end


def run(args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def scenario_path(name):
    return os.path.join(LIBRARY, name + ".yaml")


DATASETS = {}  # (file, group) -> dataset loaded into memory once


def open_series(name, group=None):
    """The file's series (or one of its groups), read once and kept in memory."""
    key = (name, group)
    if key not in DATASETS:
        with xr.open_dataset(RESULTS[name], engine="h5netcdf", group=group) as ds:
            DATASETS[key] = ds.load()
    return DATASETS[key]


def total(ds, metric, scenario, days=None):
    """One value per replicate: the sum over days of a flow, the mean of a
    ratio, the last day of a level (within `days`, a slice, if given)."""
    series = ds[metric].sel(scenario=scenario)
    if days is not None:
        series = series.isel(day=days)
    kind = ds[metric].attrs["kind"]
    if kind == "flow":
        return series.sum("day").values
    if kind == "ratio":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean(series.values, axis=1)
    return series.isel(day=-1).values


class CompareLibraryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="compare-library-")
        for name in FILES:
            out = os.path.join(cls.tmp.name, name + ".h5")
            start = time.monotonic()
            sim = run([COMMSIM, "run", scenario_path(name), "-o", out, "-q"])
            RUN_SECONDS[name] = time.monotonic() - start
            if sim.returncode != 0:
                raise RuntimeError(f"commsim run {name}.yaml failed ({sim.returncode}):\n{sim.stderr}")
            RESULTS[name] = out

    @classmethod
    def tearDownClass(cls):
        DATASETS.clear()
        cls.tmp.cleanup()
        print("\nrun time per file (s): " + ", ".join(
            f"{name} {RUN_SECONDS[name]:.1f}" for name in FILES if name in RUN_SECONDS), file=sys.stderr)
        print("measured paired differences (mean, standard error, replicates):", file=sys.stderr)
        for name, check, mean, se, n in MEASURED:
            print(f"  {name:14s} {check:58s} {mean:14.5g} {se:12.4g}  n={n}", file=sys.stderr)

    # -- the paired check ----------------------------------------------------

    def assert_direction(self, name, check, difference, sign):
        """Mean paired difference more than TOLERANCE_SE standard errors on
        the side of `sign` (+1: the variant is higher, -1: lower)."""
        difference = np.asarray(difference, dtype=float)
        n = difference.size
        mean = float(difference.mean())
        se = float(difference.std(ddof=1) / np.sqrt(n)) if n > 1 else float("inf")
        MEASURED.append((name, check, mean, se, n))
        self.assertGreater(
            sign * mean, TOLERANCE_SE * se,
            f"{name}: {check}: mean paired difference {mean:.6g} (se {se:.4g}, n {n}) "
            f"is not {TOLERANCE_SE} se {'above' if sign > 0 else 'below'} 0")

    def higher(self, name, check, variant_values, base_values):
        self.assert_direction(name, check, variant_values - base_values, +1)

    def lower(self, name, check, variant_values, base_values):
        self.assert_direction(name, check, variant_values - base_values, -1)

    # -- every file ----------------------------------------------------------

    def test_every_file_validates(self):
        for name in FILES:
            with self.subTest(file=name):
                check = run([COMMSIM, "validate", scenario_path(name)])
                self.assertEqual(check.returncode, 0, check.stderr)

    def test_every_file_has_a_leading_comment_stating_the_question(self):
        for name in FILES:
            with self.subTest(file=name):
                with open(scenario_path(name), encoding="utf-8") as f:
                    lines = f.read().splitlines()
                leading = []
                for line in lines:
                    if not line.startswith("#"):
                        break
                    leading.append(line)
                text = " ".join(leading)
                self.assertGreaterEqual(len(leading), 10, "the file must open with its question")
                self.assertIn("Question:", text)
                self.assertIn("predict", text)  # what the texts predict
                self.assertIn("Metrics that answer it", text)
                self.assertRegex(text, r"Run time: about \d+ s")

    def test_every_scenario_has_the_files_horizon_and_replicates(self):
        for name in FILES:
            with self.subTest(file=name):
                with open(scenario_path(name), encoding="utf-8") as f:
                    text = f.read()
                days = int(re.search(r"^run: \{days: (\d+)", text, re.M).group(1))
                parameters = open_series(name, "parameters")
                ds = open_series(name)
                self.assertGreaterEqual(ds.sizes["scenario"], 2, "a comparison needs a variant")
                self.assertEqual(ds.sizes["day"], days)
                self.assertEqual(set(int(v) for v in parameters["run.days"].values), {days})
                self.assertEqual(len(set(int(v) for v in parameters["run.replicates"].values)), 1)

    def test_every_scenario_has_a_sales_funnel_on(self):
        for name in FILES:
            parameters = open_series(name, "parameters")
            for i, scenario in enumerate(parameters.scenario.values):
                with self.subTest(file=name, scenario=str(scenario)):
                    self.assertTrue(bool(parameters["funnel.enabled"].values[i]))
                    self.assertTrue(bool(parameters["funnel.offer_bait"].values[i])
                                    or bool(parameters["funnel.offer_product"].values[i]))

    def test_every_file_has_revenue_in_some_scenario(self):
        for name in FILES:
            with self.subTest(file=name):
                ds = open_series(name)
                self.assertTrue(bool((ds.revenue != 0).any()), "revenue is zero throughout")

    # -- 1. pruning ----------------------------------------------------------

    def test_pruning(self):
        name = "pruning"
        ds = open_series(name)
        never = "prune-never"
        for variant in ("prune-weekly", "prune-monthly"):
            # Texts (fact 4): pruning raises the visible active share.
            self.higher(name, f"{variant}: talk_share (mean over the year)",
                        total(ds, "talk_share", variant), total(ds, "talk_share", never))
            # Texts: pruning shrinks the groups (100 -> 30 in the example).
            self.lower(name, f"{variant}: members on the last day",
                       total(ds, "members", variant), total(ds, "members", never))
            # Texts: "pruning also loses some future buyers".
            sales = lambda s: total(ds, "trials", s) + total(ds, "conversions", s)  # noqa: E731
            self.lower(name, f"{variant}: sales (trials + conversions)", sales(variant), sales(never))
            self.lower(name, f"{variant}: revenue", total(ds, "revenue", variant), total(ds, "revenue", never))
        # Model mechanism (docs/model.md, pruning): pruning more often and at a
        # shorter silence removes more lurkers, so weekly looks livelier than
        # monthly and loses more buyers.
        self.higher(name, "prune-weekly vs prune-monthly: talk_share",
                    total(ds, "talk_share", "prune-weekly"), total(ds, "talk_share", "prune-monthly"))
        sales = lambda s: total(ds, "trials", s) + total(ds, "conversions", s)  # noqa: E731
        self.lower(name, "prune-weekly vs prune-monthly: sales", sales("prune-weekly"), sales("prune-monthly"))
        # Left out: the texts say the livelier look, "through social proof",
        # raises newcomer retention. The model does not show it consistently:
        # week-1 cohort retention (retention_d7, mean over cohorts, which a
        # prune at 14 or 30 days of silence cannot touch) is 0.9594 weekly
        # against 0.9617 never (paired -0.0023, se 0.0002: lower), and 0.9620
        # monthly (+0.0003, se 0.0001). Reported as a finding.

    # -- 2. incentives -------------------------------------------------------

    def test_incentives(self):
        name = "incentives"
        ds = open_series(name)
        base = "no-incentives"
        # Texts: "every incentive has a cost"; paid admins are a salary.
        for variant in ("red-packets", "paid-admins"):
            self.higher(name, f"{variant}: cost", total(ds, "cost", variant), total(ds, "cost", base))
        # Texts: red packets are "a short spike of attention" on the day they
        # are sent (Mon/Wed/Fri here; day 0 is a Monday): the excess visits
        # over the base are larger on packet days than on the other days.
        excess = (ds.active.sel(scenario="red-packets") - ds.active.sel(scenario=base)).values
        packet_day = np.isin(np.arange(excess.shape[1]) % 7, (0, 2, 4))
        self.assert_direction(name, "red-packets: excess visits/day, packet days - other days",
                              excess[:, packet_day].mean(axis=1) - excess[:, ~packet_day].mean(axis=1), +1)
        # Texts: volunteer admins burn out, paid rotating admins do not; so in
        # the second half of the year (the volunteers long burnt out) paid
        # admins keep the groups talking.
        second_half = slice(ds.sizes["day"] // 2, None)
        self.higher(name, "paid-admins: messages in the second half of the year",
                    total(ds, "messages", "paid-admins", second_half),
                    total(ds, "messages", base, second_half))
        # No direction in the texts on profit: measured for the report only.
        for variant in ("red-packets", "paid-admins"):
            d = total(ds, "profit", variant) - total(ds, "profit", base)
            MEASURED.append((name, f"{variant}: profit (no direction asserted)",
                             float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size))

    # -- 3. entry fee --------------------------------------------------------

    def test_entry_fee(self):
        name = "entry-fee"
        ds = open_series(name)
        free, fee = "free-entry", "entry-200"
        # Texts: a fee slows growth.
        self.lower(name, "entry-200: joined", total(ds, "joined", fee), total(ds, "joined", free))
        # Texts: a fee raises member quality ("paying makes members actually read").
        self.higher(name, "entry-200: talk_share (mean over the year)",
                    total(ds, "talk_share", fee), total(ds, "talk_share", free))
        self.higher(name, "entry-200: active_ratio (mean over the year)",
                    total(ds, "active_ratio", fee), total(ds, "active_ratio", free))
        # Texts: better members stay (group lifespan): fewer joiners churn.
        churn_share = lambda s: total(ds, "churned", s) / total(ds, "joined", s)  # noqa: E731
        self.lower(name, "entry-200: churned / joined", churn_share(fee), churn_share(free))
        # Texts: the fee is revenue (200 yuan per joiner, booked in revenue):
        # the fee community's revenue covers at least its fees in every
        # replicate, and the fees alone are a sizeable sum.
        fees = 200.0 * total(ds, "joined", fee)
        self.assertTrue(np.all(total(ds, "revenue", fee) >= fees - 1e-6))
        self.assert_direction(name, "entry-200: fee revenue (200 x joined)", fees, +1)
        d = total(ds, "profit", fee) - total(ds, "profit", free)
        MEASURED.append((name, "entry-200: profit (no direction asserted)",
                         float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size))

    # -- 4. bait price -------------------------------------------------------

    def test_bait_price(self):
        name = "bait-price"
        ds = open_series(name)
        # Texts (fact 10): a cheap class with a good experience converts into
        # the full product: any bait class sells more memberships than none.
        for variant in ("bait-1", "bait-9.9", "bait-50"):
            self.higher(name, f"{variant}: conversions",
                        total(ds, "conversions", variant), total(ds, "conversions", "no-bait"))
        # Model mechanism (docs/model.md, funnel price term): a dearer class
        # sells fewer places. The texts give no best price within 1 to 50 yuan.
        self.higher(name, "bait-1 vs bait-9.9: trials",
                    total(ds, "trials", "bait-1"), total(ds, "trials", "bait-9.9"))
        self.higher(name, "bait-9.9 vs bait-50: trials",
                    total(ds, "trials", "bait-9.9"), total(ds, "trials", "bait-50"))
        for a, b in (("bait-1", "no-bait"), ("bait-9.9", "no-bait"), ("bait-50", "no-bait"),
                     ("bait-1", "bait-9.9"), ("bait-50", "bait-9.9")):
            d = total(ds, "profit", a) - total(ds, "profit", b)
            MEASURED.append((name, f"{a} vs {b}: profit (no direction asserted)",
                             float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size))

    # -- 5. hard selling -----------------------------------------------------

    def test_hard_selling(self):
        name = "hard-selling"
        ds = open_series(name)
        base, day1, after = "no-hard-selling", "hard-sell-day1", "sell-after-trust"
        # Texts (fact 6): hard selling brings long-term churn.
        for variant in (day1, after):
            self.higher(name, f"{variant}: churned over the year",
                        total(ds, "churned", variant), total(ds, "churned", base))
        # Texts: hard selling brings short-term sales: in the first 60 days of
        # the after-trust campaign (days 120-179) it sells more than no promotion.
        window = slice(120, 180)
        sales = lambda s, days=None: total(ds, "trials", s, days) + total(ds, "conversions", s, days)  # noqa: E731
        self.higher(name, f"{after}: sales in days 120-179", sales(after, window), sales(base, window))
        # Texts: "slaughter the fish as soon as they arrive and they flee":
        # selling from day 1 earns less over the year than selling after trust.
        self.lower(name, f"{day1} vs {after}: profit over the year",
                   total(ds, "profit", day1), total(ds, "profit", after))
        # Left out: the texts' "short-term sales" for selling from day 1. The
        # model shows none: at the low trust of new members, pressure erodes
        # trust faster than the promotion multiplies purchases (x trust^2), so
        # in days 0-59 hard-sell-day1 sells fewer places and memberships than
        # no promotion (first term's trials 49.2 -> -18.1, se 1.6; revenue in
        # days 0-59 34,500 -> -12,000 yuan, se 1,600). Reported as a finding.
        early = slice(0, 60)
        d = sales(day1, early) - sales(base, early)
        MEASURED.append((name, f"{day1}: sales in days 0-59 (texts: up; not asserted)",
                         float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size))
        for variant in (day1, after):
            d = total(ds, "profit", variant) - total(ds, "profit", base)
            MEASURED.append((name, f"{variant}: profit (no direction asserted)",
                             float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size))

    # -- 6. invite reward ----------------------------------------------------

    def test_invite_reward(self):
        name = "invite-reward"
        ds = open_series(name)
        steps = (("invite-reward-5", "invite-reward-0"), ("invite-reward-20", "invite-reward-5"))
        for variant, lower_reward in steps:
            # Texts: rewarding members for bringing friends brings more friends in.
            self.higher(name, f"{variant} vs {lower_reward}: invites_accepted",
                        total(ds, "invites_accepted", variant), total(ds, "invites_accepted", lower_reward))
            # Texts: every incentive has a cost (reward x friends who join).
            self.higher(name, f"{variant} vs {lower_reward}: cost",
                        total(ds, "cost", variant), total(ds, "cost", lower_reward))
        for variant in ("invite-reward-5", "invite-reward-20"):
            d = total(ds, "profit", variant) - total(ds, "profit", "invite-reward-0")
            MEASURED.append((name, f"{variant}: profit (no direction asserted)",
                             float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_compare_library.py COMMSIM_BINARY [unittest options]")
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
