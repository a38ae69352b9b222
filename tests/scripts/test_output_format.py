#!/usr/bin/python3
"""The results file opened by the tools users have, with no commsim code:
xarray (h5netcdf and netcdf4 engines), pandas on the CSV export, ncdump,
h5dump and udunits2; and the examples of docs/output-format.md, run as
written.

usage: test_output_format.py COMMSIM_BINARY [unittest options]
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
import pandas as pd
import xarray as xr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "output-format.md")
REPLICATES, DAYS = 4, 40
STATISTICS = ["p05", "p25", "p50", "p75", "p95", "mean"]
COUNTED = ("people", "messages", "posts", "articles", "reads", "shares", "invites", "sessions",
           "groups", "yuan")
COMMSIM = None  # set from argv[1]


def run(args, cwd=None, env=None):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def scenario_variant(directory, name, ads_reach, moderation):
    """baseline.yaml with another name, ads reach and moderation flag."""
    with open(os.path.join(ROOT, "scenarios", "baseline.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"name: \S+", f"name: {name}", text, count=1)
    text = re.sub(r"daily_ads_reach: \S+", f"daily_ads_reach: {ads_reach}", text, count=1)
    text += f"roles:\n  moderation: {'true' if moderation else 'false'}\n"
    path = os.path.join(directory, f"{name}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class ExperimentFileTest(unittest.TestCase):
    """Two scenarios in one file, as every tool sees them."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_output_format.")
        cls.dir = cls.tmp.name
        a = scenario_variant(cls.dir, "few_ads", 500, False)
        b = scenario_variant(cls.dir, "many_ads", 2000, True)
        cls.h5 = os.path.join(cls.dir, "two.h5")
        sim = run([COMMSIM, "run", a, b, "-o", cls.h5, "--replicates", str(REPLICATES),
                   "--days", str(DAYS), "--seed", "11", "-q"])
        if sim.returncode != 0:
            raise RuntimeError(f"commsim run failed ({sim.returncode}):\n{sim.stderr}")
        with h5py.File(cls.h5, "r") as f:
            cls.raw_members = f["members"][()]
            cls.raw_retention = f["retention_d7"][()]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_dataset(self, ds):
        self.assertEqual(ds.members.dims, ("scenario", "replicate", "day"))
        self.assertEqual(list(ds.scenario.values), ["few_ads", "many_ads"])
        np.testing.assert_array_equal(ds.replicate.values, np.arange(REPLICATES))
        np.testing.assert_array_equal(ds.day.values, np.arange(DAYS))
        self.assertTrue(np.issubdtype(ds.day.dtype, np.integer))
        # The differing parameters are typed coordinates along scenario.
        reach = ds["acquisition.daily_ads_reach"]
        self.assertIn("acquisition.daily_ads_reach", ds.coords)
        self.assertEqual(reach.dims, ("scenario",))
        self.assertTrue(np.issubdtype(reach.dtype, np.integer))
        np.testing.assert_array_equal(reach.values, [500, 2000])
        np.testing.assert_array_equal(ds["roles.moderation"].values, [0, 1])
        self.assertNotIn("run.seed", ds.coords)  # the same in both: not a coordinate
        np.testing.assert_array_equal(ds.members.values, self.raw_members)
        # NaN of unobserved cohorts survives the fill-value decoding.
        np.testing.assert_array_equal(np.isnan(ds.retention_d7.values), np.isnan(self.raw_retention))
        self.assertTrue(np.isnan(ds.retention_d7.values[..., -1]).all())
        self.assertEqual(ds.members.attrs["units"], "people")
        self.assertEqual(ds.joined.attrs["kind"], "flow")
        self.assertTrue(ds.members.attrs["long_name"])
        # A variant with 4x the ads reach grows faster in every replicate.
        last = ds.members.isel(day=-1)
        self.assertTrue((last.sel(scenario="many_ads") > last.sel(scenario="few_ads")).all())

    def test_xarray_h5netcdf(self):
        with xr.open_dataset(self.h5, engine="h5netcdf") as ds:
            self.check_dataset(ds)
            for name in ("Conventions", "title", "history", "source"):
                self.assertIn(name, ds.attrs)
            self.assertEqual(ds.attrs["Conventions"], "CF-1.8")
            self.assertIn("commsim run", ds.attrs["history"])
            self.assertEqual(len(ds.attrs["git_commit"].split("+")[0]), 40)
            for name in ("compiler", "compiler_flags", "build_type", "hdf5_version", "onetbb_version",
                         "boost_version", "yaml_cpp_version", "random123_version"):
                self.assertTrue(ds.attrs[name], name)

    def test_xarray_netcdf4(self):
        with xr.open_dataset(self.h5, engine="netcdf4") as ds:
            self.check_dataset(ds)

    def test_summary_group(self):
        for engine in ("h5netcdf", "netcdf4"):
            with xr.open_dataset(self.h5, engine=engine, group="summary") as summary:
                self.assertEqual(summary.members.dims, ("scenario", "statistic", "day"))
                self.assertEqual(list(summary.statistic.values), STATISTICS)
                self.assertIn("acquisition.daily_ads_reach", summary.coords)
                for s, name in enumerate(summary.scenario.values):
                    for q, statistic in enumerate(STATISTICS[:-1]):
                        expected = np.percentile(self.raw_members[s], int(statistic[1:]), axis=0)
                        np.testing.assert_allclose(
                            summary.members.sel(scenario=name, statistic=statistic).values, expected,
                            rtol=1e-12)
                    np.testing.assert_allclose(summary.members.sel(scenario=name, statistic="mean"),
                                               self.raw_members[s].mean(axis=0), rtol=1e-12)

    def test_parameters_and_scenario_texts(self):
        with xr.open_dataset(self.h5, engine="h5netcdf", group="parameters") as p:
            self.assertGreater(len(p.data_vars), 100)
            np.testing.assert_array_equal(p["run.seed"].values, [11, 11])
            self.assertEqual(p["run.seed"].dtype, np.int64)
            self.assertTrue(np.issubdtype(p["churn.base_hazard"].dtype, np.floating))
            self.assertEqual(list(p["scenario.name"].values), ["few_ads", "many_ads"])
        with xr.open_dataset(self.h5, engine="h5netcdf", group="scenarios") as t:
            for field in ("description", "source", "text", "overrides", "resolved_parameters"):
                self.assertIn(field, t.data_vars)
            self.assertIn("daily_ads_reach: 2000", str(t.text.sel(scenario="many_ads").item()))
            self.assertIn("run.seed=11", str(t.overrides.sel(scenario="few_ads").item()))

    def test_ncdump_header(self):
        result = run(["ncdump", "-h", self.h5])
        self.assertEqual(result.returncode, 0, result.stderr)
        for expected in ("dimensions:", "scenario = 2 ;", f"replicate = {REPLICATES} ;",
                         f"day = {DAYS} ;", "double members(scenario, replicate, day) ;",
                         "int64 acquisition.daily_ads_reach(scenario) ;", ':Conventions = "CF-1.8" ;',
                         "group: summary {", "double members(scenario, statistic, day) ;"):
            self.assertIn(expected, result.stdout)

    def test_h5dump_reads_everything(self):
        result = run(["h5dump", "-H", self.h5])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('DATASET "members"', result.stdout)
        self.assertIn("DIMENSION_LIST", result.stdout)

    def test_units_parse_with_udunits(self):
        with h5py.File(self.h5, "r") as f:
            units = sorted({f[name].attrs["units"] for name in f if "kind" in f[name].attrs})
        self.assertIn("1", units)
        self.assertIn("people d-1", units)
        for unit in units:
            dimensionless = re.sub(r"\b(" + "|".join(COUNTED) + r")\b", "1", unit)
            result = run(["udunits2", "-W", "", "-H", dimensionless])
            self.assertEqual(result.returncode, 0, f"{unit!r} -> {dimensionless!r}: {result.stderr}")
            self.assertNotIn("Don't recognize", result.stdout + result.stderr, unit)

    def test_csv_export_reads_in_pandas(self):
        csv = os.path.join(self.dir, "two.csv")
        result = run([COMMSIM, "export", self.h5, "-o", csv])
        self.assertEqual(result.returncode, 0, result.stderr)
        # round_trip: pandas' default parser may be 1 ulp off the shortest form written.
        table = pd.read_csv(csv, float_precision="round_trip")
        self.assertEqual(list(table.columns), ["scenario", "acquisition.daily_ads_reach", "roles.moderation",
                                               "replicate", "day", "metric", "value"])
        with xr.open_dataset(self.h5, engine="h5netcdf") as ds:
            metrics = [v for v in ds.data_vars if "kind" in ds[v].attrs]
            self.assertEqual(len(table), len(metrics) * 2 * REPLICATES * DAYS)
            wide = table.pivot_table(index=["scenario", "replicate", "day"], columns="metric",
                                     values="value", dropna=False)
            frame = ds[metrics].to_dataframe()
            for metric in ("members", "revenue", "retention_d7", "talk_share"):
                np.testing.assert_array_equal(
                    wide[metric].sort_index().values,
                    frame[metric].reorder_levels(["scenario", "replicate", "day"]).sort_index().values)
        self.assertEqual(set(table[table.scenario == "many_ads"]["acquisition.daily_ads_reach"]), {2000})
        self.assertEqual(set(table[table.scenario == "many_ads"]["roles.moderation"]), {True})

    def test_csv_summary_and_metric_subset_to_stdout(self):
        result = run([COMMSIM, "export", self.h5, "--summary", "--metrics", "members,joined"])
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "scenario,acquisition.daily_ads_reach,roles.moderation,statistic,day,metric,value")
        self.assertEqual(len(lines) - 1, 2 * 2 * len(STATISTICS) * DAYS)
        bad = run([COMMSIM, "export", self.h5, "--metrics", "nope"])
        self.assertEqual(bad.returncode, 2)
        self.assertIn("no metric 'nope'", bad.stderr)
        self.assertEqual(bad.stdout, "")
        wrong_format = run([COMMSIM, "export", self.h5, "--format", "xlsx"])
        self.assertEqual(wrong_format.returncode, 2)

    def test_export_never_replaces_without_force(self):
        csv = os.path.join(self.dir, "once.csv")
        self.assertEqual(run([COMMSIM, "export", self.h5, "-o", csv]).returncode, 0)
        again = run([COMMSIM, "export", self.h5, "-o", csv])
        self.assertEqual(again.returncode, 2)
        self.assertIn("use --force", again.stderr)
        self.assertEqual(run([COMMSIM, "export", self.h5, "-o", csv, "--force", "--metrics", "members"]).returncode, 0)
        self.assertEqual(len(pd.read_csv(csv)), 2 * REPLICATES * DAYS)
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp." in n], [])


class SchemaOneTest(unittest.TestCase):
    def test_schema_one_file_is_refused(self):
        with tempfile.TemporaryDirectory() as directory:
            old = os.path.join(directory, "old.h5")
            with h5py.File(old, "w") as f:  # the layout commsim 0.1 wrote
                f.attrs["schema_version"] = np.int32(1)
                f.create_dataset("scenarios/baseline/series/members", data=np.zeros((2, 3)))
            for command in (["info", old], ["export", old]):
                result = run([COMMSIM, *command])
                self.assertEqual(result.returncode, 2, command)
                self.assertIn("schema version 1", result.stderr)
                self.assertIn("reads schema version 2", result.stderr)


class MalformedFileTest(unittest.TestCase):
    """A well-formed file with no days once crashed `info` (.back() of an
    empty summary): every reader command must answer with a message."""

    def test_empty_file_is_bad_input_not_a_crash(self):
        with tempfile.TemporaryDirectory() as directory:
            empty = os.path.join(directory, "empty.h5")
            with h5py.File(empty, "w") as f:
                f.attrs["schema_version"] = np.int32(2)
                f.create_dataset("scenario", data=np.array(["a"], dtype=h5py.string_dtype()))
                f.create_dataset("replicate", data=np.zeros(0, dtype=np.int32))
                f.create_dataset("day", data=np.zeros(0, dtype=np.int32))
                # Metrics are listed from /summary: give it the same empty shape.
                for group in (f, f.create_group("summary")):
                    members = group.create_dataset("members", data=np.zeros((1, 0, 0)))
                    members.attrs["kind"] = "level"
                    members.attrs["long_name"] = "members"
                    members.attrs["units"] = "people"
            result = run([COMMSIM, "info", empty])
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("holds no simulated days", result.stderr)
            for command in (["export", empty], ["compare", empty]):
                result = run([COMMSIM, *command])
                self.assertIn(result.returncode, (0, 2), f"{command}: {result.stderr}")


def doc_blocks(language):
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"```" + language + r"\n(.*?)```", text, re.S)


class DocumentationExamplesTest(unittest.TestCase):
    """Every python and sh example of docs/output-format.md runs as written,
    in a directory where `commsim run scenarios/baseline.yaml -o
    out/baseline.h5` has run."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_output_doc.")
        cls.dir = cls.tmp.name
        # `commsim` and `python3` on PATH as a user has them.
        bin_dir = os.path.join(cls.dir, "bin")
        os.mkdir(bin_dir)
        os.symlink(os.path.abspath(COMMSIM), os.path.join(bin_dir, "commsim"))
        os.symlink("/usr/bin/python3", os.path.join(bin_dir, "python3"))
        cls.env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
        shutil.copytree(os.path.join(ROOT, "scenarios"), os.path.join(cls.dir, "scenarios"))
        made = run(["commsim", "run", "scenarios/baseline.yaml", "-o", "out/baseline.h5",
                    "--replicates", "3", "--days", "30", "-q"], cwd=cls.dir, env=cls.env)
        if made.returncode != 0:
            raise RuntimeError(made.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_examples_exist(self):
        self.assertGreaterEqual(len(doc_blocks("python")), 4)
        self.assertGreaterEqual(len(doc_blocks("sh")), 3)

    def test_examples_run(self):
        # In document order: the CSV example reads the file the sh block before it wrote.
        with open(DOC, encoding="utf-8") as f:
            blocks = re.findall(r"```(python|sh)\n(.*?)```", f.read(), re.S)
        for language, code in blocks:
            with self.subTest(code=code.splitlines()[0]):
                command = ["/usr/bin/python3", "-c", code] if language == "python" else \
                    ["bash", "-euo", "pipefail", "-c", code]
                result = run(command, cwd=self.dir, env=self.env)
                self.assertEqual(result.returncode, 0, f"{code}\n--- stderr:\n{result.stderr}")


if __name__ == "__main__":
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
