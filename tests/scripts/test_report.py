#!/usr/bin/python3
"""End-to-end test of scripts/report.py: a real run, the real `commsim compare`, Chromium.

The report of a real experiment (two renamed copies of
scenarios/bait-funnel.yaml, one with twice the ad reach, 6 replicates x 60
days) is built with the command line, its answer and decision table from
the real `COMMSIM compare FILE --format json --cumulative`, and rendered
in headless Chromium: through the DOM (--dump-dom) there must be one
<table> with the decision table's header (HEADER), one row per (metric,
variant) of the JSON's comparisons whose winner cell reads the JSON's
winner (or why there is none) and is classed by who won, an Answer list
with one item per metric, and every <img> a data: URI src; each data URI
must decode to a valid PNG (matplotlib reads it); at a 1280 px wide window
the table must be at most 1200 px wide with its winner column in view and
no horizontal scrolling (measured by a copy of the page with a script
added); a 1280x2400 screenshot must not be blank. Chromium is required
(scripts/install-deps.sh installs it): the test fails, it does not skip,
when it is missing.

The renderer is tested on hand-written JSON (escaping, number formatting,
nulls shown as "–"), and the page's Chromium checks also run on a page
made from that JSON by a stand-in compare, so that they are exercised
whatever the state of `commsim compare`. Failures of the comparison (a
command that fails, is missing, or prints no JSON) must exit 2 and write
nothing.

usage: test_report.py COMMSIM_BINARY [unittest options]
"""

import base64
import contextlib
import html.parser
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest
import unittest.mock

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

# The decision table's header cells, exactly.
HEADER = ["metric", "variant", "better", "baseline median [p05, p95]",
          "variant median [p05, p95]", "paired difference [95% interval]",
          "P(variant better)", "resolved since (day)", "winner"]
MAX_TABLE_WIDTH = 1200  # px, at a 1280 px wide window

# Hand-written `commsim compare --format json --cumulative` output: a won flow (a variant
# named like HTML), a flow the baseline won, a ratio of nulls (one pair) and an unresolved
# ratio that needs more replicates.
HAND = {
    "file": "x.h5", "baseline": "base & co", "variants": ["<i>v</i>", "reach"], "day": 59,
    "cumulative": True, "confidence": 0.95, "replicates": 6,
    "comparisons": [
        {"variant": "<i>v</i>", "baseline": "base & co", "metric": "revenue", "kind": "flow",
         "units": "yuan d-1", "better": "higher", "day": 59, "cumulative": True,
         "baseline_p05": 1234.5, "baseline_p50": 2345.25, "baseline_p95": 1234567.0,
         "variant_p05": 0.000123456, "variant_p50": 12.3456, "variant_p95": 99.99,
         "pairs": 6, "mean_difference": 1110.75, "sd_difference": 3.2,
         "interval_low": 1000.1, "interval_high": 1221.4, "probability_better": 0.97345,
         "first_resolved_day": 12, "replicates_needed": None, "verdict": "variant_better",
         "winner": "<i>v</i>"},
        {"variant": "reach", "baseline": "base & co", "metric": "revenue", "kind": "flow",
         "units": "yuan d-1", "better": "higher", "day": 59, "cumulative": True,
         "baseline_p05": 1234.5, "baseline_p50": 2345.25, "baseline_p95": 1234567.0,
         "variant_p05": 1200, "variant_p50": 2341, "variant_p95": 1234560,
         "pairs": 6, "mean_difference": -4.0, "sd_difference": 1.0,
         "interval_low": -5.05, "interval_high": -2.95, "probability_better": 0,
         "first_resolved_day": 40, "replicates_needed": None, "verdict": "baseline_better",
         "winner": "base & co"},
        {"variant": "<i>v</i>", "baseline": "base & co", "metric": "<b>odd</b>", "kind": "ratio",
         "units": "1", "better": "lower", "day": 59, "cumulative": False,
         "baseline_p05": None, "baseline_p50": None, "baseline_p95": None,
         "variant_p05": None, "variant_p50": None, "variant_p95": None,
         "pairs": 1, "mean_difference": None, "sd_difference": None,
         "interval_low": None, "interval_high": None, "probability_better": None,
         "first_resolved_day": None, "replicates_needed": None, "verdict": "not_resolved",
         "winner": None},
        {"variant": "reach", "baseline": "base & co", "metric": "<b>odd</b>", "kind": "ratio",
         "units": "1", "better": "lower", "day": 59, "cumulative": False,
         "baseline_p05": 0.25, "baseline_p50": 0.5, "baseline_p95": 0.75,
         "variant_p05": 0.2, "variant_p50": 0.45, "variant_p95": 0.7,
         "pairs": 6, "mean_difference": -0.05, "sd_difference": 0.2,
         "interval_low": -0.26, "interval_high": 0.16, "probability_better": 0.5833333333333334,
         "first_resolved_day": None, "replicates_needed": 70, "verdict": "not_resolved",
         "winner": None},
    ],
    "best": [
        {"metric": "revenue", "scenario": "<i>v</i>", "why": "<i>v</i>"},
        {"metric": "<b>odd</b>", "scenario": None,
         "why": "not resolved: no variant beats the baseline with a resolved sign"},
    ],
}
HAND_JSON = json.dumps(HAND, indent=2)

# What the winner cell says when the JSON's winner is null, by verdict.
NO_WINNER = {"not_resolved": ("not resolved", "tie (no difference in any replicate)"),
             "zero_everywhere": ("zero in every scenario",),
             "no_direction": ("no better direction",)}

# Added to a copy of the page (never to the report) to measure its layout in Chromium.
MEASURE = """<script>
var t = document.querySelector("table.compare"), r = t.getBoundingClientRect();
var w = t.querySelector("thead th:last-child").getBoundingClientRect();
document.body.setAttribute("data-layout", JSON.stringify({table: r.width, winner_right: w.right,
  scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth}));
</script>"""


def expected_winner(row):
    """(text or texts the winner cell may read, its class) for a row of the JSON."""
    if row["winner"] is not None:
        if row["verdict"] == "baseline_better":
            return (f"{row['winner']} (baseline)",), "winner-baseline"
        return (row["winner"],), "winner-variant"
    return NO_WINNER[row["verdict"]], "winner-none"


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
    """The tables (header cells, body rows with rowspans expanded), the Answer list items,
    the method line and the img srcs of an HTML document.

    A cell is (text, class, titles): <br> reads as a space, titles are the title
    attributes of the cell and of the elements in it.
    """

    def __init__(self, text):
        super().__init__()
        self.tables, self.images, self.scripts = [], [], 0
        self.answer, self.method = [], None
        self._cell = self._item = None
        self._section = None
        self._pending = {}  # column -> [rows left, cell] of a rowspan
        self._in_answer = self._in_method = False
        self.feed(text)

    def _fill(self):
        row = self.tables[-1]["rows"][-1]
        while len(row) in self._pending and self._pending[len(row)][0] > 0:
            entry = self._pending[len(row)]
            entry[0] -= 1
            row.append(entry[1])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._cell is not None and attrs.get("title") is not None:
            self._cell[3].append(attrs["title"])
        if tag == "table":
            self.tables.append({"header": [], "rows": [], "classes": []})
            self._pending = {}
        elif tag in ("thead", "tbody"):
            self._section = tag
            self._pending = {}
        elif tag == "tr" and self.tables and self._section == "tbody":
            self.tables[-1]["rows"].append([])
            self._fill()
        elif tag in ("th", "td") and self.tables:
            self._cell = [tag, "", attrs.get("class") or "",
                          [attrs["title"]] if attrs.get("title") is not None else [],
                          int(attrs.get("rowspan") or 1)]
        elif tag == "br" and self._cell is not None:
            self._cell[1] += " "
        elif tag == "ul" and "answer" in (attrs.get("class") or "").split():
            self._in_answer = True
        elif tag == "li" and self._in_answer:
            self._item = ["", attrs.get("class") or ""]
        elif tag == "p" and "method" in (attrs.get("class") or "").split():
            self._in_method, self.method = True, ""
        elif tag == "img":
            self.images.append(attrs.get("src", ""))
        elif tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data
        if self._item is not None:
            self._item[0] += data
        if self._in_method:
            self.method += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self.tables:
            kind, content, cls, titles, rowspan = self._cell
            table = self.tables[-1]
            cell = (" ".join(content.split()), cls, titles)
            if self._section == "thead":
                table["header"].append(cell[0])
                table["classes"].append(cls)
            elif table["rows"]:
                row = table["rows"][-1]
                if rowspan > 1:
                    self._pending[len(row)] = [rowspan - 1, cell]
                row.append(cell)
                self._fill()
            self._cell = None
        elif tag == "li" and self._item is not None:
            self.answer.append((" ".join(self._item[0].split()), self._item[1]))
            self._item = None
        elif tag == "ul":
            self._in_answer = False
        elif tag == "p" and self._in_method:
            self._in_method = False
            self.method = " ".join(self.method.split())
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

    def check_page(self, page, data):
        """The Chromium checks: the decision table and the Answer list of `data` (the JSON of
        compare) in the DOM, PNG data URIs, the table's width, a screenshot."""
        with open(page, encoding="utf-8") as f:
            source = f.read()
        self.assertNotIn("<script", source.lower(), "the page must need no JavaScript")
        self.assertIsNone(re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", source),
                          "the page must load nothing from the network")
        # The DOM, and the layout at a 1280 px wide window, of a copy with a script added
        # that measures the table (the same DOM otherwise).
        measured = os.path.join(os.path.dirname(page), "measure.test.html")
        with open(measured, "w", encoding="utf-8") as f:
            f.write(source.replace("</body>", MEASURE + "</body>"))
        try:
            dumped = chromium(measured, "--dump-dom", "--window-size=1280,2400")
        finally:
            os.remove(measured)
        dom = Dom(dumped)
        self.assertEqual(dom.scripts, 1, "the page has a <script> of its own")
        self.assertEqual(list(report.HEADER), HEADER)
        tables = [t for t in dom.tables if t["header"] == HEADER]
        self.assertEqual(len(tables), 1, f"no <table> with header {HEADER} in the DOM: "
                                         f"{[t['header'] for t in dom.tables]}")
        rows = tables[0]["rows"]
        comparisons = data["comparisons"]
        self.assertEqual(len(rows), max(len(comparisons), 1))
        for cells, row in zip(rows, comparisons):
            self.assertEqual(len(cells), len(HEADER), cells)
            shown = dict(zip(HEADER, cells))
            self.assertEqual(shown["metric"][0].split()[0], row["metric"])
            when = (f"total over days 0..{row['day']}" if row["cumulative"]
                    else f"on day {row['day']}")
            self.assertTrue(shown["metric"][0].endswith(when), (shown["metric"], when))
            self.assertEqual(shown["variant"][0], row["variant"])
            self.assertEqual(shown["better"][0], row["better"])
            texts, cls = expected_winner(row)
            winner_text, winner_class, _ = shown["winner"]
            self.assertTrue(winner_text in texts or (row["winner"] is None and any(
                winner_text.startswith(t) for t in texts)), (winner_text, row))
            self.assertIn("winner", winner_class.split())
            self.assertIn(cls, winner_class.split(), (winner_class, row))
            self.assertIn("probability", shown["P(variant better)"][1].split())
            if row["probability_better"] is None:
                self.assertEqual(shown["P(variant better)"][0], "–")
            else:
                self.assertAlmostEqual(float(shown["P(variant better)"][2][0]),
                                       row["probability_better"])
            day = row["first_resolved_day"]
            self.assertEqual(shown["resolved since (day)"][0], "–" if day is None else str(day))
        # The Answer list: one item per metric, "metric: why".
        metrics = list(dict.fromkeys(r["metric"] for r in comparisons))
        self.assertEqual([b["metric"] for b in data["best"]], metrics)
        self.assertEqual([text for text, _ in dom.answer],
                         [f"{b['metric']}: {b['why']}" for b in data["best"]])
        self.assertIn("paired", dom.method)
        self.assertIn("95% Student t interval", dom.method)

        self.assertGreaterEqual(len(dom.images), 2, "the plots are missing")
        for src in dom.images:
            self.assertTrue(src.startswith("data:image/png;base64,"), src[:60])
            png = base64.b64decode(src.split(",", 1)[1], validate=True)
            self.assertEqual(png[:8], PNG_SIGNATURE)
            image = matplotlib.image.imread(io.BytesIO(png), format="png")
            self.assertGreater(image.shape[0], 300)
            self.assertGreater(float(image[..., :3].std()), 0.02, "a blank plot")

        found = re.search(r'data-layout="([^"]*)"', dumped)
        self.assertIsNotNone(found, "the layout was not measured")
        layout = json.loads(html.unescape(found.group(1)))
        self.assertLessEqual(layout["table"], MAX_TABLE_WIDTH, layout)
        self.assertLessEqual(layout["scroll"], layout["client"], f"horizontal scrolling: {layout}")
        self.assertLessEqual(layout["winner_right"], layout["client"],
                             f"the winner column is off-screen: {layout}")

        shot = os.path.join(self.dir, "screenshot.png")
        if os.path.exists(shot):
            os.remove(shot)
        chromium(page, f"--screenshot={shot}", "--window-size=1280,2400")
        image = matplotlib.image.imread(shot)
        self.assertEqual(image.shape[:2], (2400, 1280))
        self.assertGreater(float(image[..., :3].std()), 0.05, "the screenshot looks blank")
        return dom

    # --- the real report ----------------------------------------------------

    def test_report_with_real_compare(self):
        probe = run([COMMSIM, "compare", self.h5, "--format", "json", "--cumulative"])
        if probe.returncode != 0:
            self.fail("'commsim compare FILE --format json --cumulative' does not work with "
                      f"this binary ({COMMSIM}), so the report cannot have its table:\n"
                      f"{probe.stderr[:500]}")
        data = json.loads(probe.stdout)
        self.assertTrue(data["comparisons"])
        self.assertTrue(any(r["cumulative"] for r in data["comparisons"]))
        out = os.path.join(self.dir, "real")
        result = run([sys.executable, os.path.join(SCRIPTS, "report.py"), self.h5, "-o", out,
                      "--commsim", COMMSIM])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["index.html"])
        dom = self.check_page(os.path.join(out, "index.html"), data)
        self.assertIn(shlex.join([COMMSIM, "compare", self.h5, "--format", "json",
                                  "--cumulative"]), dom.method)

    # --- the page, with a hand-written comparison ----------------------------

    def test_page_in_chromium(self):
        stub = self.stub("compare-ok",
                         f"[ \"$1\" = compare ] || exit 9\ncat <<'EOF'\n{HAND_JSON}\nEOF\n")
        out = os.path.join(self.dir, "hand", "deeper")
        code, err = self.report(self.h5, "-o", out, "--commsim", stub)
        self.assertEqual(code, 0, err)
        page = os.path.join(out, "index.html")
        dom = self.check_page(page, HAND)
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
        self.assertIn(shlex.join([stub, "compare", self.h5, "--format", "json", "--cumulative"]),
                      dom.method)

    def test_comparison_rendering(self):
        command = ["/opt/commsim dir/commsim", "compare", "x.h5", "--format", "json",
                   "--cumulative"]
        answer, table = report.render_comparison(HAND_JSON, command)
        dom = Dom(answer + table)
        self.assertEqual(len(dom.tables), 1)
        self.assertEqual(dom.tables[0]["header"], HEADER)
        rows = [[c for c, _, _ in r] for r in dom.tables[0]["rows"]]
        self.assertEqual(rows, [
            ["revenue yuan, total over days 0..59", "<i>v</i>", "higher",
             "2,345 [1,234, 1,234,567]", "12.3 [0.000123, 100]", "+1,111 [+1,000, +1,221]",
             "0.973", "12", "<i>v</i>"],
            ["revenue yuan, total over days 0..59", "reach", "higher",
             "2,345 [1,234, 1,234,567]", "2,341 [1,200, 1,234,560]", "-4 [-5.05, -2.95]",
             "0", "40", "base & co (baseline)"],
            ["<b>odd</b> on day 59", "<i>v</i>", "lower", "– [–, –]", "– [–, –]",
             "– (no interval)", "–", "–", "not resolved"],
            ["<b>odd</b> on day 59", "reach", "lower", "0.5 [0.25, 0.75]", "0.45 [0.2, 0.7]",
             "-0.05 [-0.26, +0.16]", "0.583", "–", "not resolved (need ~70 replicates)"],
        ])
        classes = [[c for _, c, _ in r] for r in dom.tables[0]["rows"]]
        self.assertEqual([c[-1] for c in classes], ["winner winner-variant",
                                                    "winner winner-baseline",
                                                    "winner winner-none", "winner winner-none"])
        self.assertTrue(all("probability" in c[6].split() for c in classes))
        self.assertIn("number", classes[0][3].split())
        # The exact values are in the titles; a null's is "null".
        titles = [[t for _, _, t in r] for r in dom.tables[0]["rows"]]
        self.assertEqual(titles[0][3], ["2345.25", "1234.5", "1234567"])
        self.assertEqual(titles[0][5][:3], ["6 pairs", "1110.75", "1000.1"])
        self.assertEqual(titles[0][6], ["0.97345"])
        self.assertEqual(titles[3][6], ["0.5833333333333334"])
        self.assertEqual(titles[2][6], ["null"])
        # Escaped names and metrics, never markup.
        for raw in ("<b>odd</b>", "<i>v</i>", "base & co"):
            self.assertNotIn(raw, answer + table)
        self.assertIn("&lt;b&gt;odd&lt;/b&gt;", table)
        self.assertIn("&lt;i&gt;v&lt;/i&gt;", answer)
        # The Answer list, one item per metric; the method line with the exact command.
        self.assertEqual(dom.answer, [
            ("revenue: <i>v</i>", "answer-variant"),
            ("<b>odd</b>: not resolved: no variant beats the baseline with a resolved sign",
             "answer-none")])
        self.assertIn("paired with the baseline base & co replicate by replicate", dom.method)
        self.assertIn("95% Student t interval", dom.method)
        self.assertIn("Command: '/opt/commsim dir/commsim' compare x.h5 --format json "
                      "--cumulative", dom.method)
        for value, shown in ((1234567, "1,234,567"), (0.5, "0.5"), (12.3456, "12.3"),
                             (-4.0, "-4"), (float("nan"), "NaN"), (123.45, "123"),
                             (498538.6, "498,539"), (0.000123456, "0.000123"),
                             (99.94, "99.9"), (-1404.8125, "-1,405")):
            self.assertEqual(report.format_number(value), shown, value)
        # No comparisons: the table is kept, saying it has no rows.
        empty = Dom(report.render_comparison('{"comparisons": [], "best": []}', command)[1])
        self.assertEqual(empty.tables[0]["header"], HEADER)
        self.assertEqual(len(empty.tables[0]["rows"]), 1)
        # Not the JSON of compare: refused.
        for bad in ("metric,winner\nx,y\n", "[]", '{"comparisons": [{"metric": 1}]}'):
            with self.assertRaises(report.PlotError):
                report.render_comparison(bad, command)

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

    def test_not_json_writes_nothing(self):
        stub = self.stub("compare-csv", "echo metric,winner\necho revenue,reach\n")
        out = os.path.join(self.dir, "notjson")
        self.assert_refused([self.h5, "-o", out, "--commsim", stub], "not JSON", out=out)

    def test_bad_inputs_write_nothing(self):
        stub = self.stub("compare-any", "echo '{\"comparisons\": []}'\n")
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
        stub = self.stub("compare-log", f"echo \"$@\" > {log}\ncat <<'EOF'\n{HAND_JSON}\nEOF\n")
        out = os.path.join(self.dir, "baseline")
        # No plots here (the other page tests draw them): only what reaches compare matters.
        with unittest.mock.patch.object(report, "render_plots", lambda *_: []):
            code, err = self.report(self.h5, "-o", out, "--commsim", stub, "--baseline", "reach")
        self.assertEqual(code, 0, err)
        with open(log) as f:
            self.assertEqual(f.read().split(), ["compare", self.h5, "--format", "json",
                                                "--cumulative", "--baseline", "reach"])
        with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
            self.assertIn("Baseline: <strong>reach</strong>", f.read())
        self.assertEqual([n for n in os.listdir(out) if ".tmp." in n], [])


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(f"usage: {sys.argv[0]} COMMSIM_BINARY [unittest options]", file=sys.stderr)
        sys.exit(2)
    COMMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
