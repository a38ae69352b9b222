#!/usr/bin/python3
"""End-to-end test of scripts/report.py: a real run, the real `commsim compare`, Chromium.

The report of a real experiment (two renamed copies of
scenarios/bait-funnel.yaml, one with twice the ad reach, 6 replicates x 60
days) is built with the command line, its table from the real
`COMMSIM compare FILE --format csv`, and rendered in headless Chromium:
through the DOM (--dump-dom) the comparison <table> must have the CSV's
header and every <img> a data: URI src; each data URI must decode to a
valid PNG (matplotlib reads it); a screenshot must not be blank. Chromium
is required (scripts/install-deps.sh installs it): the test fails, it does
not skip, when it is missing.

The table renderer is tested on hand-written CSV, and the page's Chromium
checks also run on a page whose table is hand-written, so that they are
exercised whatever the state of `commsim compare`. Failures of the
comparison (a command that fails or is missing) must exit 2 and write
nothing.

usage: test_report.py COMMSIM_BINARY [unittest options]
"""

import base64
import contextlib
import csv
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "scripts")
sys.path.insert(0, SCRIPTS)
import report  # noqa: E402
from commsim_results import Experiment  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REPLICATES, DAYS = 6, 60
CHROMIUM_TIMEOUT = 60  # seconds
COMMSIM = None  # set from argv[1] in __main__

HAND_CSV = """metric,statistic,baseline,variant,difference,probability_better,winner
revenue,total,1234.5,2345.25,1110.75,0.973,reach
members,final,855,1684,829,1,reach
<b>odd</b>,"a, b",NaN,,-0.000123,0.5
"""


def run(args, cwd=ROOT, timeout=300):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def variant(directory, name, replace=()):
    with open(os.path.join(ROOT, "scenarios", "bait-funnel.yaml")) as f:
        source = f.read()
    source, n = re.subn(r"(?m)^  name: bait-funnel$", f"  name: {name}", source)
    assert n == 1
    for old, new in replace:
        assert old in source, old
        source = source.replace(old, new)
    path = os.path.join(directory, f"{name}.yaml")
    with open(path, "w") as f:
        f.write(source)
    return path


def chromium_binary():
    found = shutil.which("chromium") or ("/usr/bin/chromium"
                                         if os.path.exists("/usr/bin/chromium") else None)
    if found is None:
        raise AssertionError("chromium is not installed (it is needed to check the report; "
                             "scripts/install-deps.sh installs it): this test does not skip")
    return found


def chromium(page, *options):
    """Run headless Chromium on a local page with a private profile; its stdout."""
    with tempfile.TemporaryDirectory(prefix="test_report.chromium.") as profile:
        command = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu",
                   f"--user-data-dir={profile}", *options, "file://" + os.path.abspath(page)]
        try:
            result = subprocess.run(command, capture_output=True, text=True,
                                    timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"chromium did not finish within {CHROMIUM_TIMEOUT} s: "
                                 f"{' '.join(command)}") from None
    if result.returncode != 0:
        raise AssertionError(f"chromium failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result.stdout


class Dom(html.parser.HTMLParser):
    """The tables (header cells, body rows) and img srcs of an HTML document."""

    def __init__(self, text):
        super().__init__()
        self.tables, self.images, self.scripts = [], [], 0
        self._cell = None
        self._section = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"header": [], "rows": [], "classes": []})
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self.tables and self._section == "tbody":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = [tag, "", attrs.get("class", "")]
        elif tag == "img":
            self.images.append(attrs.get("src", ""))
        elif tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self.tables:
            kind, content, cls = self._cell
            table = self.tables[-1]
            if self._section == "thead":
                table["header"].append(content.strip())
                table["classes"].append(cls)
            elif table["rows"]:
                table["rows"][-1].append((content.strip(), cls))
            self._cell = None
        elif tag == "table":
            self._section = None


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="test_report.")
        d = cls.dir = cls.tmp.name
        base = variant(d, "base")
        reach = variant(d, "reach", [("daily_ads_reach: 1000", "daily_ads_reach: 2000"),
                                     ("  description: Fish pond",
                                      "  description: Twice the ads <&>. Fish pond")])
        cls.h5 = os.path.join(d, "two.h5")
        sim = run([COMMSIM, "run", base, reach, "-o", cls.h5, "--replicates", str(REPLICATES),
                   "--days", str(DAYS), "-q"])
        if sim.returncode != 0:
            raise RuntimeError(f"commsim run failed ({sim.returncode}):\n{sim.stderr}")
        cls.one = os.path.join(d, "one.h5")
        sim = run([COMMSIM, "run", base, "-o", cls.one, "--replicates", "2", "--days", "10", "-q"])
        if sim.returncode != 0:
            raise RuntimeError(f"commsim run failed ({sim.returncode}):\n{sim.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def stub(self, name, body):
        """An executable standing in for commsim (only to test failures and the page)."""
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, 0o755)
        return path

    def report(self, *args):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                code = report.main(list(args))
            except SystemExit as e:
                code = e.code
        return code, err.getvalue()

    def check_page(self, page, csv_text):
        """The Chromium checks: DOM table with the CSV header, PNG data URIs, a screenshot."""
        with open(page, encoding="utf-8") as f:
            source = f.read()
        self.assertNotIn("<script", source.lower(), "the page must need no JavaScript")
        self.assertIsNone(re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", source),
                          "the page must load nothing from the network")
        dom = Dom(chromium(page, "--dump-dom"))
        header = next(csv.reader(io.StringIO(csv_text)))
        tables = [t for t in dom.tables if t["header"] == [h.strip() for h in header]]
        self.assertEqual(len(tables), 1, f"no <table> with header {header} in the DOM: "
                                         f"{[t['header'] for t in dom.tables]}")
        data_rows = [r for r in csv.reader(io.StringIO(csv_text)) if r][1:]
        self.assertEqual(len(tables[0]["rows"]), max(len(data_rows), 1))
        for name, cls in zip(tables[0]["header"], tables[0]["classes"]):
            if name == "winner":
                self.assertIn("winner", cls)
            if name.startswith("probability"):
                self.assertIn("probability", cls)

        self.assertGreaterEqual(len(dom.images), 2, "the plots are missing")
        for src in dom.images:
            self.assertTrue(src.startswith("data:image/png;base64,"), src[:60])
            png = base64.b64decode(src.split(",", 1)[1], validate=True)
            self.assertEqual(png[:8], PNG_SIGNATURE)
            image = matplotlib.image.imread(io.BytesIO(png), format="png")
            self.assertGreater(image.shape[0], 300)
            self.assertGreater(float(image[..., :3].std()), 0.02, "a blank plot")

        shot = os.path.join(self.dir, "screenshot.png")
        if os.path.exists(shot):
            os.remove(shot)
        chromium(page, f"--screenshot={shot}", "--window-size=1280,2000")
        image = matplotlib.image.imread(shot)
        self.assertEqual(image.shape[:2], (2000, 1280))
        self.assertGreater(float(image[..., :3].std()), 0.05, "the screenshot looks blank")
        return dom

    # --- the real report ----------------------------------------------------

    def test_report_with_real_compare(self):
        probe = run([COMMSIM, "compare", self.h5, "--format", "csv"])
        if probe.returncode != 0:
            self.fail("'commsim compare FILE --format csv' does not work with this binary "
                      f"({COMMSIM}), so the report cannot have its table:\n{probe.stderr[:500]}")
        out = os.path.join(self.dir, "real")
        result = run([sys.executable, os.path.join(SCRIPTS, "report.py"), self.h5, "-o", out,
                      "--commsim", COMMSIM])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["index.html"])
        self.check_page(os.path.join(out, "index.html"), probe.stdout)

    # --- the page, with a hand-written table ---------------------------------

    def test_page_in_chromium(self):
        stub = self.stub("compare-ok", f"[ \"$1\" = compare ] || exit 9\ncat <<'EOF'\n{HAND_CSV}EOF\n")
        out = os.path.join(self.dir, "hand", "deeper")
        code, err = self.report(self.h5, "-o", out, "--commsim", stub)
        self.assertEqual(code, 0, err)
        page = os.path.join(out, "index.html")
        dom = self.check_page(page, HAND_CSV)
        with open(page, encoding="utf-8") as f:
            source = f.read()
        experiment = Experiment(self.h5)
        # The question, each scenario's text (escaped), the provenance.
        self.assertIn(report.html.escape(experiment.describe(0)), source)
        self.assertIn("Twice the ads &lt;&amp;&gt;.", source)
        for text in experiment.texts["text"]:
            self.assertIn(f"<pre>{report.html.escape(text)}</pre>", source)
        for key in ("commsim_version", "git_commit", "history", "compiler", "hdf5_version",
                    "seed", "replicates", "days"):
            self.assertIn(f"<th>{key}</th>", source)
        self.assertIn(str(experiment.attrs["git_commit"]), source)
        self.assertIn("acquisition.daily_ads_reach = 2000 (baseline 1000)", source)
        self.assertEqual(dom.scripts, 0)

    def test_table_rendering(self):
        dom = Dom(report.render_table(HAND_CSV))
        self.assertEqual(len(dom.tables), 1)
        table = dom.tables[0]
        self.assertEqual(table["header"], ["metric", "statistic", "baseline", "variant",
                                           "difference", "probability_better", "winner"])
        self.assertEqual(table["classes"][-2:], ["probability", "winner"])
        rows = [[c for c, _ in r] for r in table["rows"]]
        self.assertEqual(rows[0], ["revenue", "total", "1,234", "2,345", "1,111", "0.973", "reach"])
        self.assertEqual(rows[1], ["members", "final", "855", "1,684", "829", "1", "reach"])
        # Escaped text, a quoted comma, NaN, an empty cell, a short row padded.
        self.assertEqual(rows[2], ["<b>odd</b>", "a, b", "NaN", "", "-0.000123", "0.5", ""])
        self.assertIn("&lt;b&gt;odd&lt;/b&gt;", report.render_table(HAND_CSV))
        classes = dict(zip(table["header"], table["rows"][0]))
        self.assertIn("number", classes["baseline"][1])
        self.assertIn("winner", classes["winner"][1])
        self.assertNotIn("number", classes["metric"][1])
        for value, shown in ((1234567, "1,234,567"), (0.5, "0.5"), (12.3456, "12.3"),
                             (-4.0, "-4"), (float("nan"), "NaN"), (123.45, "123.5")):
            self.assertEqual(report.format_number(value), shown)
        # Header only: the table is kept, saying it has no rows.
        empty = Dom(report.render_table("a,winner\n"))
        self.assertEqual(empty.tables[0]["header"], ["a", "winner"])

    # --- failures: exit 2, a message, nothing written ------------------------

    def assert_refused(self, args, *fragments, out):
        code, err = self.report(*args)
        self.assertEqual(code, 2, err)
        self.assertTrue(err.startswith("report: "), err)
        for fragment in fragments:
            self.assertIn(fragment, err)
        self.assertFalse(os.path.exists(out), "a failed report wrote something")

    def test_failing_compare_writes_nothing(self):
        stub = self.stub("compare-fails", "echo 'commsim: compare exploded' >&2\nexit 3\n")
        out = os.path.join(self.dir, "failed")
        self.assert_refused([self.h5, "-o", out, "--commsim", stub], "compare exploded",
                            "exit status 3", "table", out=out)

    def test_missing_commsim_writes_nothing(self):
        out = os.path.join(self.dir, "nobinary")
        missing = os.path.join(self.dir, "no-such-commsim")
        self.assert_refused([self.h5, "-o", out, "--commsim", missing], missing, "--commsim",
                            out=out)

    def test_empty_table_writes_nothing(self):
        stub = self.stub("compare-silent", "exit 0\n")
        out = os.path.join(self.dir, "silent")
        self.assert_refused([self.h5, "-o", out, "--commsim", stub], "no table", out=out)

    def test_bad_inputs_write_nothing(self):
        stub = self.stub("compare-any", "echo a,b\necho 1,2\n")
        out = os.path.join(self.dir, "bad")
        self.assert_refused([self.one, "-o", out, "--commsim", stub], "one scenario", out=out)
        self.assert_refused([self.h5, "-o", out, "--commsim", stub, "--baseline", "nope"],
                            "nope", out=out)
        junk = os.path.join(self.dir, "junk.h5")
        with open(junk, "w") as f:
            f.write("no\n")
        self.assert_refused([junk, "-o", out, "--commsim", stub], "HDF5", out=out)

    def test_baseline_is_passed_to_compare(self):
        log = os.path.join(self.dir, "args.log")
        stub = self.stub("compare-log", f"echo \"$@\" > {log}\necho a,winner\necho 1,x\n")
        out = os.path.join(self.dir, "baseline")
        code, err = self.report(self.h5, "-o", out, "--commsim", stub, "--baseline", "reach")
        self.assertEqual(code, 0, err)
        with open(log) as f:
            self.assertEqual(f.read().split(), ["compare", self.h5, "--format", "csv",
                                                "--baseline", "reach"])
        with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
            self.assertIn("Baseline: <strong>reach</strong>", f.read())
        self.assertEqual([n for n in os.listdir(out) if ".tmp." in n], [])


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
