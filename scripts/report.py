#!/usr/bin/python3
"""One self-contained HTML report of a commsim experiment file (schema 2).

Writes DIR/index.html: a single page with no external resources and no
JavaScript (images are embedded as base64 PNG data URIs, the style sheet is
inline), readable on screen and printable. In order:

1. the title (the file's `title` attribute) and the question: the
   baseline's scenario.description (/scenarios/description; the baseline is
   the first scenario unless --baseline names another) and each variant's
   name, description and the levers that differ (the typed parameter
   coordinates along scenario);
2. the answer and the decision table, from the JSON printed by
   `commsim compare FILE.h5 --format json --cumulative [--baseline NAME]`
   (flows compared as totals over days 0..D, like the plots; levels and
   ratios on day D):
   - "Answer": one item per metric of the JSON's `best` (the winner and
     its `why` text), what a strategist reads first;
   - the decision table: one row per (metric, variant) of `comparisons`,
     grouped by metric, with the columns of HEADER: the metric (its units,
     "total over days 0..D" or "on day D"), the variant, which way is
     better, the baseline's and the variant's median [p05, p95], the mean
     paired difference with its 95% interval, P(variant better), the first
     resolved day, and the winner (the scenario, "(baseline)" when the
     baseline won, or why there is none); numbers rounded for reading
     (thousands separators, 3 significant digits for fractions, the exact
     value in the title attribute; null shown as "–"); the winner cell
     classed winner-variant / winner-baseline / winner-none and the
     probability highlighted;
   - under it, one line on how the numbers were computed (paired by
     replicate, 95% Student t interval) and the exact command;
3. the plots: scripts/plot_compare.py --cumulative (every scenario's fan
   chart and the paired difference to the baseline; flows as running
   totals) and scripts/plot_funnel.py, rendered in memory;
4. each scenario's file as given (/scenarios/text, HTML-escaped in <pre>),
   with its source path and command-line overrides;
5. the provenance: every root attribute of the file (commsim_version,
   git_commit, history, compiler, library versions, seed, replicates,
   days, ...) and the command that made the table.

The page holds no timestamp: the same file gives the same page.

The comparison table is not optional: if `commsim compare` cannot be run
or fails, or prints no usable JSON, the report stops with exit status 2
and its message on stderr ("report: ..."), and writes nothing. So do a file that is not a commsim
schema 2 file, a file with one scenario and an unknown baseline. DIR is
created if missing; index.html is written to a temporary file in DIR and
renamed into place (an existing index.html is replaced).

usage: report.py FILE.h5 -o DIR [--baseline NAME] [--commsim PATH]
"""

import argparse
import base64
import html
import json
import math
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commsim_results import Experiment, PlotError, figure_png, text  # noqa: E402
import plot_compare  # noqa: E402
import plot_funnel  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_COMMSIM = os.path.join(REPO, "build", "commsim")
COMPARE_TIMEOUT = 300  # seconds

STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 1200px;
       margin: 1.5em auto; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.question { font-size: 1.15em; background: #f4f6fa; border-left: 4px solid #1f77b4;
            padding: 0.5em 0.8em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.55em; vertical-align: top; }
th { background: #eef0f3; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.compare { font-size: 0.88em; }
table.compare thead th { vertical-align: bottom; font-size: 0.95em; }
table.compare tbody { border-top: 2px solid #888; }
table.compare th.metric { background: #f4f6fa; min-width: 8em; max-width: 13em; }
table.compare .units { font-weight: normal; font-size: 0.85em; color: #555; }
table.compare td.variant { font-weight: bold; white-space: nowrap; }
table.compare .median { font-weight: bold; }
table.compare .range { font-size: 0.85em; color: #555; }
td.probability { font-weight: bold; background: #f3f3f3; }
td.probability.p-high { background: #d9efd5; }
td.probability.p-low { background: #f7dcdc; }
td.winner { font-weight: bold; max-width: 13em; }
td.winner .name { white-space: nowrap; }
td.winner-variant { background: #cdeccb; color: #14521a; }
td.winner-baseline { background: #dce6f5; color: #1b3f73; }
td.winner-none { background: #fff3c4; color: #5c4a00; font-weight: normal; font-style: italic; }
ul.answer { font-size: 1.05em; }
ul.answer li { margin: 0.15em 0; }
.method { font-size: 0.85em; color: #444; }
code.command .arg { white-space: nowrap; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto;
      font-size: 0.85em; white-space: pre-wrap; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #444; }
.muted { color: #666; font-size: 0.9em; }
code { background: #f3f3f3; padding: 0 0.2em; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  figure, table, pre { page-break-inside: avoid; }
  h2 { page-break-after: avoid; }
  pre { white-space: pre-wrap; overflow: visible; }
}
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="report",
        description="A self-contained HTML report (DIR/index.html) of a commsim experiment: "
                    "the question, the comparison table of 'commsim compare', plots, the "
                    "scenarios and the provenance.")
    parser.add_argument("file", metavar="FILE.h5",
                        help="results file of two or more scenarios written by 'commsim run'")
    parser.add_argument("-o", "--output", metavar="DIR", required=True,
                        help="directory to write index.html into (created if missing)")
    parser.add_argument("--baseline", metavar="NAME",
                        help="the scenario the others are compared with (default: the first)")
    parser.add_argument("--commsim", metavar="PATH", default=DEFAULT_COMMSIM,
                        help=f"the commsim binary that runs 'compare' (default: {DEFAULT_COMMSIM})")
    return parser.parse_args(argv)


# --- the comparison table ---------------------------------------------------

# The header cells of the decision table, in order (the test looks the table up by them).
HEADER = ("metric", "variant", "better", "baseline median [p05, p95]",
          "variant median [p05, p95]", "paired difference [95% interval]",
          "P(variant better)", "resolved since (day)", "winner")
NULL = "–"  # shown for a null (missing) value


def compare_command(commsim, path, baseline):
    command = [commsim, "compare", path, "--format", "json", "--cumulative"]
    return command + (["--baseline", baseline] if baseline is not None else [])


def run_compare(commsim, path, baseline=None):
    """The JSON text of `commsim compare`; PlotError saying why when it cannot be had."""
    command = compare_command(commsim, path, baseline)
    shown = " ".join(command)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=COMPARE_TIMEOUT)
    except FileNotFoundError:
        raise PlotError(f"cannot run {commsim}: no such file (give the binary with "
                        "--commsim PATH)") from None
    except PermissionError:
        raise PlotError(f"cannot run {commsim}: not executable") from None
    except OSError as e:
        raise PlotError(f"cannot run {commsim}: {e.strerror or e}") from None
    except subprocess.TimeoutExpired:
        raise PlotError(f"'{shown}' did not finish within {COMPARE_TIMEOUT} s") from None
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip() or "no message"
        raise PlotError(f"the comparison table is required, and '{shown}' failed "
                        f"(exit status {result.returncode}):\n{message}")
    if not result.stdout.strip():
        raise PlotError(f"'{shown}' printed no table")
    return result.stdout


def parse_compare(json_text):
    """The object printed by `commsim compare --format json`, checked for what is rendered."""
    try:
        data = json.loads(json_text)
    except ValueError as e:
        raise PlotError(f"the output of 'commsim compare --format json' is not JSON ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("comparisons"), list):
        raise PlotError("the output of 'commsim compare --format json' has no 'comparisons' list")
    for i, row in enumerate(data["comparisons"]):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str)
                                                for k in ("variant", "metric")):
            raise PlotError(f"'commsim compare --format json': comparisons[{i}] has no "
                            "'variant' and 'metric'")
    if not isinstance(data.get("best", []), list):
        raise PlotError("'commsim compare --format json': 'best' is not a list")
    return data


def format_number(value):
    """A number for reading: 1,234,567 / 12,346 / 123 / 12.3 / 0.973 / NaN.

    Whole numbers and anything of magnitude 100 or more are rounded to a whole
    number with thousands separators; smaller fractions keep 3 significant digits.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 99.95:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def number(value, signed=False):
    """(shown text, exact text) of a JSON number; (NULL, "null") for null or a non-number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return NULL, "null"
    value = float(value)
    shown = format_number(value)
    if signed and value > 0:
        shown = "+" + shown
    return shown, repr(value) if value != int(value) or abs(value) >= 1e15 else str(int(value))


def _num(value, signed=False, cls="num"):
    shown, exact = number(value, signed)
    return f'<span class="{cls}" title="{html.escape(exact)}">{html.escape(shown)}</span>'


def spread_cell(row, who):
    """The median, then [p05, p95] under it, of `who` (baseline or variant)."""
    median = _num(row.get(f"{who}_p50"), cls="num median")
    low, high = _num(row.get(f"{who}_p05")), _num(row.get(f"{who}_p95"))
    return f'<td class="number">{median}<br><span class="range">[{low}, {high}]</span></td>'


def difference_cell(row):
    mean = _num(row.get("mean_difference"), signed=True, cls="num median")
    low, high = row.get("interval_low"), row.get("interval_high")
    if number(low)[1] == "null" and number(high)[1] == "null":
        interval = '<span class="range">(no interval)</span>'
    else:
        interval = (f'<span class="range">[{_num(low, signed=True)}, '
                    f'{_num(high, signed=True)}]</span>')
    pairs = row.get("pairs")
    title = f' title="{html.escape(f"{pairs} pairs")}"' if isinstance(pairs, int) else ""
    return f'<td class="number"{title}>{mean}<br>{interval}</td>'


def winner_text(row):
    """The winner cell's text: the scenario's name (and whether it is the baseline), or why none."""
    verdict, winner = row.get("verdict"), row.get("winner")
    if winner is not None and verdict == "baseline_better":
        return f"{winner} (baseline)"
    if winner is not None:
        return str(winner)
    if verdict == "zero_everywhere":
        return "zero in every scenario"
    if verdict == "no_direction":
        return "no better direction"
    if row.get("mean_difference") == 0 and row.get("sd_difference") == 0:
        return "tie (no difference in any replicate)"
    needed = row.get("replicates_needed")
    if isinstance(needed, int) and not isinstance(needed, bool):
        return f"not resolved (need ~{needed:,} replicates)"
    return "not resolved"


def winner_html(row):
    """winner_text as HTML: a scenario's name kept on one line."""
    shown = winner_text(row)
    name = row.get("winner")
    if name is not None and shown.startswith(str(name)):
        rest = shown[len(str(name)):]
        return f'<span class="name">{html.escape(str(name))}</span>{html.escape(rest)}'
    return html.escape(shown)


def winner_class(row):
    """winner-variant / winner-baseline / winner-none: who won the row, by its verdict."""
    if row.get("winner") is not None and row.get("verdict") == "variant_better":
        return "winner-variant"
    if row.get("winner") is not None and row.get("verdict") == "baseline_better":
        return "winner-baseline"
    return "winner-none"


def probability_class(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return "probability"
    if value >= 0.9:
        return "probability p-high"
    if value <= 0.1:
        return "probability p-low"
    return "probability"


def metric_label(row):
    """(name, 'units, total over days 0..D' or 'units, on day D') of a row's metric."""
    units = str(row.get("units") or "").strip()
    day = row.get("day")
    day_text = str(day) if isinstance(day, int) and not isinstance(day, bool) else "?"
    if row.get("cumulative") is True:
        # A flow summed over days: per day (d-1) times days is the unit itself.
        units = re.sub(r"\s*d-1$", "", units)
        when = f"total over days 0..{day_text}"
    else:
        when = f"on day {day_text}"
    units = "" if units in ("", "1") else units
    return str(row["metric"]), (f"{units}, {when}" if units else when)


def group_by_metric(comparisons):
    """[(metric, [rows])] in the order the metrics first appear."""
    groups = {}
    for row in comparisons:
        groups.setdefault(row["metric"], []).append(row)
    return list(groups.items())


def render_answer(data):
    """The "Answer" list: one item per metric of `best` (the winner and why)."""
    esc = html.escape
    best = [b for b in data.get("best", []) if isinstance(b, dict) and "metric" in b]
    if not best:
        return '<p class="muted">(commsim compare named no winner per metric)</p>'
    out = ['<ul class="answer">']
    for b in best:
        scenario = b.get("scenario")
        cls = "answer-none" if scenario is None else (
            "answer-baseline" if scenario == data.get("baseline") else "answer-variant")
        why = b.get("why") or (scenario if scenario is not None else NULL)
        out.append(f'<li class="{cls}"><strong>{esc(str(b["metric"]))}</strong>: '
                   f"{esc(str(why))}</li>")
    out.append("</ul>")
    return "\n".join(out)


def render_table(data):
    """The decision table: one row per (metric, variant), grouped by metric (one <tbody> each)."""
    esc = html.escape
    out = ['<table class="compare">', "<thead><tr>"]
    out += [f'<th scope="col">{esc(h)}</th>' for h in HEADER]
    out.append("</tr></thead>")
    groups = group_by_metric(data["comparisons"])
    for metric, rows in groups:
        out.append("<tbody>")
        name, detail = metric_label(rows[0])
        for i, row in enumerate(rows):
            out.append("<tr>")
            if i == 0:
                out.append(f'<th scope="rowgroup" class="metric" rowspan="{len(rows)}">'
                           f'{esc(name)}<br><span class="units">{esc(detail)}</span></th>')
            out.append(f'<td class="variant">{esc(str(row["variant"]))}</td>')
            out.append(f"<td>{esc(str(row.get('better') or NULL))}</td>")
            out.append(spread_cell(row, "baseline"))
            out.append(spread_cell(row, "variant"))
            out.append(difference_cell(row))
            probability = row.get("probability_better")
            out.append(f'<td class="number {probability_class(probability)}">'
                       f"{_num(probability)}</td>")
            day = row.get("first_resolved_day")
            out.append(f'<td class="number">{_num(day)}</td>')
            out.append(f'<td class="winner {winner_class(row)}">{winner_html(row)}</td>')
            out.append("</tr>")
        out.append("</tbody>")
    if not groups:
        out.append(f'<tbody><tr><td colspan="{len(HEADER)}" class="muted">(no rows)</td></tr>'
                   "</tbody>")
    out.append("</table>")
    return "\n".join(out)


def render_method(data, command):
    """The line under the table: how the numbers were computed, and the command."""
    esc = html.escape
    confidence = data.get("confidence")
    level = (f"{confidence * 100:g}%" if isinstance(confidence, (int, float))
             and not isinstance(confidence, bool) else "95%")
    replicates = data.get("replicates")
    paired = (f"{replicates} replicates, " if isinstance(replicates, int)
              and not isinstance(replicates, bool) else "")
    day = data.get("day")
    day_text = str(day) if isinstance(day, int) and not isinstance(day, bool) else "D"
    return ('<p class="method">How: each variant is paired with the baseline '
            f"<strong>{esc(str(data.get('baseline', '?')))}</strong> replicate by replicate "
            f"({paired}same seeds); the difference is variant − baseline, its mean over the "
            f"pairs with the {esc(level)} Student t interval; P(variant better) is the share of "
            "pairs in which the variant is better (a tie counts ½); resolved since is the first "
            "day from which the interval excludes zero through the last day; flows are totals "
            f"over days 0..{esc(day_text)}, levels and ratios are on day {esc(day_text)}. "
            f'<br>Command: <code class="command">{command_html(command)}</code></p>')


def command_html(command):
    """shlex.join(command) as HTML, each argument kept on one line."""
    return " ".join(f'<span class="arg">{html.escape(shlex.quote(a))}</span>' for a in command)


def render_comparison(json_text, command):
    """(answer HTML, table + method HTML) of the JSON text of `commsim compare`."""
    data = parse_compare(json_text)
    return render_answer(data), render_table(data) + "\n" + render_method(data, command)


# --- the page ------------------------------------------------------------------

def data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def attribute_text(value):
    if hasattr(value, "tolist") and not isinstance(value, (bytes, str)):
        value = value.tolist()
    if isinstance(value, list):
        return ", ".join(attribute_text(v) for v in value)
    return text(value)


def parameter_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_plots(experiment, baseline):
    """[(heading, caption, PNG bytes)] of the comparison and funnel plots."""
    compare = plot_compare.load_compare(experiment.path, baseline, cumulative=True,
                                        experiment=experiment)
    funnel = plot_funnel.load_funnel(experiment.path, experiment=experiment)
    return [
        ("Scenarios and paired differences",
         "Left: each scenario's median across replicates, with 25–75 % and 5–95 % bands. "
         f"Right: each variant minus the baseline {compare['baseline']}, replicate by "
         "replicate, then percentiles across replicates (zero line: no difference). Flows "
         "are running totals (cumulative); levels and ratios are as on each day. "
         "(scripts/plot_compare.py --cumulative)",
         figure_png(plot_compare.figure(compare))),
        ("Funnel, revenue, cost and profit",
         "Top: funnel stages, median across replicates with 5–95 % error bars (reached = "
         "seed members + joined; active = members active on an average day, who are the "
         "chat's readers; trials, conversions and renewals are totals over the run). "
         "Bottom: cumulative revenue, cost and profit. (scripts/plot_funnel.py)",
         figure_png(plot_funnel.figure(funnel))),
    ]


def build_page(experiment, baseline, answer_html, table_html, command, plots):
    """The HTML text of the report."""
    e = experiment
    names = e.scenarios
    base = names.index(baseline)
    esc = html.escape
    title = text(e.attrs.get("title", f"commsim experiment: {', '.join(names)}"))
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{esc(title)}</h1>",
           f'<p class="muted">{esc(os.path.basename(e.path))}: {esc(e.run_line())}</p>']

    # The question.
    out.append("<h2>The question</h2>")
    out.append(f'<p class="question">{esc(e.describe(base) or "(no description)")}</p>')
    out.append(f"<p>Baseline: <strong>{esc(baseline)}</strong>. Variants compared with it:</p>")
    out.append("<ul>")
    for i, s in enumerate(names):
        if i == base:
            continue
        levers = [f"{k} = {parameter_text(v[i])} (baseline {parameter_text(v[base])})"
                  for k, v in e.varying.items() if v[i] != v[base]]
        lever_text = f' <span class="muted">— {esc("; ".join(levers))}</span>' if levers else ""
        out.append(f"<li><strong>{esc(s)}</strong>: {esc(e.describe(i) or '(no description)')}"
                   f"{lever_text}</li>")
    out.append("</ul>")
    if e.varying:
        out.append("<table><thead><tr><th>scenario</th>"
                   + "".join(f"<th>{esc(k)}</th>" for k in e.varying) + "</tr></thead><tbody>")
        for i, s in enumerate(names):
            out.append(f"<tr><td>{esc(s)}</td>" + "".join(
                f"<td>{esc(parameter_text(v[i]))}</td>" for v in e.varying.values()) + "</tr>")
        out.append("</tbody></table>")

    # The answer, then the decision table it comes from.
    out.append("<h2>Answer</h2>")
    out.append('<p class="muted">The winner per metric: of the variants that beat the baseline '
               "with a resolved sign, the one that beats it by the most; the baseline when every "
               "variant is resolved worse.</p>")
    out.append(answer_html)
    out.append("<h2>Comparison</h2>")
    out.append(table_html)
    out.append("<h2>Plots</h2>")
    for heading, caption, png in plots:
        out.append(f"<figure><h3>{esc(heading)}</h3>"
                   f'<img src="{data_uri(png)}" alt="{esc(heading)}">'
                   f"<figcaption>{esc(caption)}</figcaption></figure>")

    out.append("<h2>Scenarios</h2>")
    for i, s in enumerate(names):
        role = " (baseline)" if i == base else ""
        out.append(f"<h3>{esc(s)}{role}</h3>")
        source = e.texts.get("source", [""] * len(names))[i]
        overrides = e.texts.get("overrides", [""] * len(names))[i].strip()
        out.append(f"<p>{esc(e.describe(i))}<br>"
                   f'<span class="muted">source: <code>{esc(source)}</code></span></p>')
        if overrides:
            out.append(f'<p class="muted">overrides, in the order applied:</p>'
                       f"<pre>{esc(overrides)}</pre>")
        out.append(f"<pre>{esc(e.texts.get('text', [''] * len(names))[i])}</pre>")

    out.append("<h2>Provenance</h2>")
    out.append("<table><tbody>")
    out.append(f"<tr><th>file</th><td>{esc(os.path.basename(e.path))}</td></tr>")
    for key, value in e.attrs.items():
        out.append(f"<tr><th>{esc(key)}</th><td>{esc(attribute_text(value))}</td></tr>")
    out.append(f"<tr><th>comparison table</th><td><code>{esc(shlex.join(command))}</code></td></tr>")
    out.append("<tr><th>report</th><td>scripts/report.py (plots: scripts/plot_compare.py, "
               "scripts/plot_funnel.py)</td></tr>")
    out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_page(directory, page):
    """DIR/index.html through a temporary file in DIR; returns the path."""
    target = os.path.join(directory, "index.html")
    temporary = f"{target}.tmp.{os.getpid()}"
    try:
        os.makedirs(directory, exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(page)
        os.replace(temporary, target)
    except OSError as e:
        raise PlotError(f"{target}: cannot write ({e.strerror or e})") from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return target


def make_report(path, directory, baseline=None, commsim=DEFAULT_COMMSIM):
    """Everything main() does; raises PlotError before writing anything if a part fails."""
    experiment = Experiment(path)
    if len(experiment.scenarios) < 2:
        raise PlotError(f"{path}: one scenario: nothing to compare")
    baseline = experiment.scenarios[0] if baseline is None else baseline
    experiment.scenario_index(baseline, "baseline scenario")
    # Pass --baseline only when given, so the table is commsim's default view otherwise.
    chosen = None if baseline == experiment.scenarios[0] else baseline
    command = compare_command(commsim, path, chosen)
    answer_html, table_html = render_comparison(run_compare(commsim, path, chosen), command)
    plots = render_plots(experiment, baseline)
    return write_page(directory, build_page(experiment, baseline, answer_html, table_html,
                                            command, plots))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        make_report(args.file, args.output, args.baseline, args.commsim)
    except PlotError as e:
        print(f"report: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
