"""`newslint report CORPUS -o report.html`: one self-contained HTML page about a corpus.

Charts of the findings per rule and category, per site and per any record field named
with `--by` (an extractor, a crawl), the distribution of defect density over documents,
the most repeated boilerplate lines, and examples of each rule's findings in their line,
linked to the rule's description. Plotly draws the charts (its JavaScript is inlined
once, so the page opens without a network) and Jinja renders the page.

Workers lint a batch each and send back an `Overview` of it (counts, a few examples),
which the main process merges in input order: memory grows with the number of sites and
field values, not of documents; the repeated lines are a top list kept in bounded memory.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import __version__
from .config import Settings
from .engine import DocResult, Linter
from .errors import EXIT_OK, UsageError
from .records import batches, records
from .sources import Fields, SourceError, is_corpus

EXAMPLES = 3  # findings shown per rule
CONTEXT = 110  # characters of the line shown either side of a finding
LINES_KEPT = 20_000  # distinct boilerplate lines counted at a time (the most frequent stay)
TOP = 25  # bars in the per-site and per-field charts
CHARTED_LINES = 30
DENSITY_BINS = (0, 0.5, 1, 2, 5, 10, 20, 50)  # findings per 1,000 characters
DOCS_URL = "https://github.com/newslint/newslint/blob/main/docs/rules.md"
LINE_CATEGORIES = ("boilerplate", "duplicate")
NO_SITE = "(no site)"
COLORS = {"boilerplate": "#e45756", "duplicate": "#f58518", "glued": "#4c78a8", "quotes": "#72b7b2",
          "punctuation": "#54a24b", "whitespace": "#b8b8b8", "encoding": "#b279a2", "markup": "#9d755d",
          "capitalization": "#eeca3b", "input": "#222222"}


@dataclass
class Example:
    code: str
    source: str  # its site; for records without one, the document
    document: str  # path:record (id)
    where: str  # line:column
    message: str
    before: str
    matched: str
    after: str


def _density_bin(findings: int, chars: int) -> str:
    if not chars:
        return "empty"
    rate = 1000 * findings / chars
    if rate == 0:
        return "0"
    for low, high in zip(DENSITY_BINS, DENSITY_BINS[1:]):
        if rate <= high:
            return f"{low:g}–{high:g}"
    return f"> {DENSITY_BINS[-1]:g}"


DENSITY_LABELS = ["empty", "0"] + [f"{lo:g}–{hi:g}" for lo, hi in zip(DENSITY_BINS, DENSITY_BINS[1:])] \
    + [f"> {DENSITY_BINS[-1]:g}"]


@dataclass
class Overview:
    """What the report shows, for a batch or the whole corpus; overviews merge."""

    documents: int = 0
    chars: int = 0
    findings: int = 0
    with_findings: int = 0
    unreadable: int = 0
    by_rule: Counter = field(default_factory=Counter)  # code -> findings
    docs_by_rule: Counter = field(default_factory=Counter)  # code -> documents
    by_site: Counter = field(default_factory=Counter)  # (site, category) -> findings
    site_docs: Counter = field(default_factory=Counter)
    by_group: Counter = field(default_factory=Counter)  # (field, value, category) -> findings
    group_docs: Counter = field(default_factory=Counter)  # (field, value) -> documents
    density: Counter = field(default_factory=Counter)  # bin -> documents
    lines: Counter = field(default_factory=Counter)  # folded boilerplate line -> documents
    shown: dict = field(default_factory=dict)  # folded line -> as first seen
    examples: dict = field(default_factory=dict)  # code -> [Example]

    def add(self, doc, result: DocResult, site: str, groups: dict) -> None:
        categories = Counter(f.category for f in result.findings)
        self.documents += 1
        self.chars += result.chars
        self.findings += len(result.findings)
        self.with_findings += bool(result.findings)
        self.unreadable += result.input_error
        codes = Counter(f.code for f in result.findings)
        self.by_rule.update(codes)
        self.docs_by_rule.update(codes.keys())
        self.site_docs[site] += 1
        self.by_site.update({(site, c): n for c, n in categories.items()})
        for name, value in groups.items():
            value = "(none)" if value is None else str(value)[:80]
            self.group_docs[(name, value)] += 1
            self.by_group.update({(name, value, c): n for c, n in categories.items()})
        self.density[_density_bin(len(result.findings), result.chars)] += 1
        seen = set()
        for f in result.findings:
            if f.category in LINE_CATEGORIES and f.line == f.end_line:
                key = " ".join(f.matched.casefold().split())
                if key and key not in seen:
                    seen.add(key)
                    self.lines[key] += 1
                    self.shown.setdefault(key, " ".join(f.matched.split()))
            shown = self.examples.setdefault(f.code, [])
            source = doc.label if site == NO_SITE else site
            if _wanted(shown, source):
                shown.append(_example(doc, f, source))
        self._prune()

    def merge(self, other: "Overview") -> None:
        for name in ("documents", "chars", "findings", "with_findings", "unreadable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_rule", "docs_by_rule", "by_site", "site_docs", "by_group", "group_docs", "density",
                     "lines"):
            getattr(self, name).update(getattr(other, name))
        for key, text in other.shown.items():
            self.shown.setdefault(key, text)
        for code, shown in other.examples.items():
            mine = self.examples.setdefault(code, [])
            for example in shown:
                if _wanted(mine, example.source):
                    mine.append(example)
        self._prune()

    def _prune(self) -> None:
        """Keep the most frequent boilerplate lines when there are too many distinct ones:
        a line must recur within a stretch of the corpus to stay counted."""
        if len(self.lines) > 2 * LINES_KEPT:
            self.lines = Counter(dict(self.lines.most_common(LINES_KEPT)))
            self.shown = {key: self.shown[key] for key in self.lines}


def _wanted(shown: list[Example], source: str) -> bool:
    """Whether to show one more example from `source`: a rule's examples come from as many
    sites (documents, for records without a site) as there are."""
    return len(shown) < EXAMPLES and all(source != other.source for other in shown)


def _example(doc, finding, source: str) -> Example:
    line = doc.line_text(finding.line)
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    before, after = line[max(0, start - CONTEXT):start], line[end:end + CONTEXT]
    return Example(finding.code, source, doc.label,
                   f"{finding.line}:{finding.column}", finding.message,
                   ("…" if start > CONTEXT else "") + before, line[start:end][:4 * CONTEXT],
                   after + ("…" if end + CONTEXT < len(line) else ""))


def report_task(linter: Linter, task, by: tuple[str, ...] = ()) -> list[Overview]:
    """Lint one batch of records and sum it up (a work function of runner.run)."""
    from .kinds.site import site_of

    overview = Overview()
    for raw, doc in records(task, by):
        groups = {name: raw.get(name) if isinstance(raw, dict) else None for name in by}
        overview.add(doc, linter.lint(doc), site_of(doc) or NO_SITE, groups)
    return [overview]


# --- the page -------------------------------------------------------------------------

def _figure(traces, height: int, **layout):
    import plotly.graph_objects as go

    fig = go.Figure(traces)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), barmode="stack",
                      legend=dict(orientation="h", x=0, y=1, yanchor="bottom"),
                      font=dict(family="system-ui, sans-serif", size=12),
                      template="plotly_white", **layout)
    return fig


def _stacked(rows: list[str], values: dict, categories: list[str], hover: dict | None = None, height=None):
    """Horizontal bars, one per row, stacked by category; values[(row, category)]."""
    import plotly.graph_objects as go

    traces = [go.Bar(name=c, y=rows, x=[values.get((r, c), 0) for r in rows], orientation="h",
                     marker_color=COLORS.get(c), customdata=[hover.get(r, "") for r in rows] if hover else None,
                     hovertemplate="%{y}<br>" + c + ": %{x}" + ("<br>%{customdata}" if hover else "") + "<extra></extra>")
              for c in categories if any(values.get((r, c)) for r in rows)]
    return _figure(traces, height or 120 + 22 * len(rows), yaxis=dict(autorange="reversed", automargin=True))


def charts(overview: Overview, rules: dict, by: tuple[str, ...]) -> dict[str, str]:
    """Plotly charts as HTML fragments (without plotly.js, which the page holds once)."""
    import plotly.graph_objects as go

    out: dict[str, str] = {}
    config = {"displaylogo": False, "responsive": True}

    def html(name: str, fig) -> None:
        out[name] = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{name}", config=config)

    categories = sorted({rules[c].category for c in overview.by_rule if c in rules} | {c for _, c in overview.by_site})
    top_rules = [code for code, _ in overview.by_rule.most_common(40)]
    labels = {code: f"{code} {rules[code].name}" if code in rules else code for code in top_rules}
    values = {(labels[code], rules[code].category if code in rules else "input"): overview.by_rule[code]
              for code in top_rules}
    hover = {labels[code]: f"{overview.docs_by_rule[code]} documents" for code in top_rules}
    html("rules", _stacked([labels[c] for c in top_rules], values, categories, hover))

    per_category = Counter()
    for (_, category), n in overview.by_site.items():
        per_category[category] += n
    names = [c for c, _ in per_category.most_common()]
    html("categories", _figure([go.Bar(x=names, y=[per_category[c] for c in names],
                                       marker_color=[COLORS.get(c, "#888") for c in names],
                                       hovertemplate="%{x}: %{y} findings<extra></extra>")], 320))

    site_totals = Counter()
    for (site, _), n in overview.by_site.items():
        site_totals[site] += n
    sites = [s for s, _ in site_totals.most_common(TOP)]
    html("sites", _stacked(sites, overview.by_site, categories,
                           {s: f"{overview.site_docs[s]} documents" for s in sites}))

    for name in by:
        docs = {value: n for (f, value), n in overview.group_docs.items() if f == name}
        rate = {(value, c): round(n / docs[value], 2) for (f, value, c), n in overview.by_group.items() if f == name}
        totals = Counter()
        for (value, _), r in rate.items():
            totals[value] += r
        rows = [v for v, _ in totals.most_common(TOP)] + [v for v in sorted(docs) if v not in totals][:TOP]
        html(f"by-{name}", _stacked(rows[:TOP], rate, categories, {v: f"{docs[v]} documents" for v in rows},
                                   ).update_layout(xaxis_title="findings per document"))

    bins = [b for b in DENSITY_LABELS if overview.density.get(b)]
    html("density", _figure([go.Bar(x=bins, y=[overview.density[b] for b in bins], marker_color="#4c78a8",
                                    hovertemplate="%{x} per 1,000 characters: %{y} documents<extra></extra>")],
                            320, xaxis_title="findings per 1,000 characters", yaxis_title="documents"))

    lines = overview.lines.most_common(CHARTED_LINES)
    if lines:
        shown = [_short(overview.shown[key]) for key, _ in lines]
        html("lines", _figure([go.Bar(y=shown, x=[n for _, n in lines], orientation="h", marker_color=COLORS["boilerplate"],
                                      hovertemplate="%{y}: %{x} documents<extra></extra>")],
                              120 + 22 * len(lines), yaxis=dict(autorange="reversed", automargin=True),
                              xaxis_title="documents"))
    return out


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _libraries():
    """Jinja and plotly.offline, or the error that says how to install them."""
    try:
        import jinja2
        import plotly.offline
    except ImportError:
        raise SourceError("newslint report needs plotly and jinja2: pip install 'newslint[report]'") from None
    return jinja2, plotly.offline


def render(overview: Overview, linter: Linter, sources: list[str], by: tuple[str, ...]) -> str:
    jinja2, offline = _libraries()
    rules = {r.code: r for r in linter.all_rules}
    env = jinja2.Environment(loader=jinja2.PackageLoader("newslint", "templates"),
                             autoescape=jinja2.select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    fired = [rules[code] for code, _ in overview.by_rule.most_common() if code in rules]
    return env.get_template("report.html.j2").render(
        overview=overview, charts=charts(overview, rules, by), by=by, sources=sources, fired=fired,
        repeated=[(overview.shown[k], n) for k, n in overview.lines.most_common(CHARTED_LINES)],
        docs_url=DOCS_URL, version=__version__, plotly_js=offline.get_plotlyjs(),
        generated=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), colors=COLORS, top=TOP)


def report(args, settings: Settings) -> int:
    from .commands import corpus_pass, output_stream
    from .progress import progress
    from .runner import default_jobs, run_anywhere

    for path in args.corpora:
        if not is_corpus(path):
            raise UsageError(f"{path}: newslint report reads JSON Lines (.jsonl, .gz, .zst) or Parquet corpora")
        if not os.path.isfile(path):
            raise SourceError(f"{path}: no such file")
    target = Path(args.output)
    if not target.name.lower().endswith((".html", ".htm")):
        raise UsageError(f"{target}: the report is an HTML file: name it .html")
    _libraries()  # before the corpus is read: say at once what is missing
    settings.source_lines = False
    linter = Linter(settings)
    by = tuple(args.by or ())
    jobs = args.jobs or default_jobs()
    corpus_pass(linter, args.corpora, settings, jobs, args.scheduler)
    fields = Fields.from_settings(settings)
    tasks = (task for path in args.corpora for task in batches(path, fields))
    results = run_anywhere(linter, tasks, jobs, args.scheduler, work=partial(report_task, by=by))
    overview = Overview()
    with progress(sys.stderr, enabled=not (args.quiet or args.no_progress)) as (advance, _):
        for part in results:
            overview.merge(part)
            advance(part.chars, part.documents)
    page = render(overview, linter, list(args.corpora), by)
    with output_stream(target) as stream:
        stream.write(page)
    if not args.quiet:
        print(f"newslint: wrote {target}: {overview.documents} documents, {overview.findings} findings "
              f"in {overview.with_findings}", file=sys.stderr)
    return EXIT_OK
