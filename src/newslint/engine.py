"""Documents × enabled rules → findings, in a deterministic order.

A `Linter` loads and compiles its rules once; it pickles as its settings, so each worker
process compiles its own copy instead of receiving compiled patterns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from .config import Settings
from .document import Document
from .finding import Finding, Hit, Severity
from .globs import Globs, anchor
from .prefilter import Prefilter
from .ruleset import JUNK, Rule, check_selectors, load_rules, selector_matches
from .suppression import Suppressions

MAX_SHOWN = 60
# categories that, in a Markdown file, report only whole lines that stand alone
UNUSED_CODE = "NL002"  # reported here, after the suppression comments are applied
SKIP, MISSING = object(), object()  # what Linter._keeping says of a rule that does not run; no answer yet


def _shown(text: str) -> str:
    """The matched text as a message quotes it: one line, not too long, cut between words."""
    if len(text) <= MAX_SHOWN and text.isprintable() and "  " not in text \
            and text[:1] != " " and text[-1:] != " ":
        return text  # already so (most matches): no new string
    text = " ".join(text.split())
    if len(text) <= MAX_SHOWN:
        return text
    cut = text.rfind(" ", MAX_SHOWN // 2, MAX_SHOWN - 1)
    return text[:cut] + " …" if cut > 0 else text[: MAX_SHOWN - 1] + "…"


def select_rules(rules: list[Rule], settings: Settings) -> list[Rule]:
    """The rules the settings turn on. A selector that names no rule is a UsageError."""
    check_selectors({"select": settings.select, "extend-select": settings.extend_select,
                     "ignore": settings.ignore, "severity": list(settings.severity),
                     "per-file-ignores": [s for sels in settings.per_file_ignores.values() for s in sels]},
                    rules, settings.selector_origin)
    extend = settings.extend_select + ([UNUSED_CODE] if settings.report_unused_suppressions else [])
    if settings.select:
        chosen = [r for r in rules if any(selector_matches(s, r) for s in settings.select)]
    else:
        chosen = [r for r in rules if r.enabled]
    extra = [r for r in rules if r not in chosen and any(selector_matches(s, r) for s in extend)]
    return [r for r in chosen + extra if not any(selector_matches(s, r) for s in settings.ignore)]


@dataclass
class DocResult:
    """What linting one document gives back: light enough to send between processes."""

    path: str
    id: str | None
    record: int | None
    chars: int
    findings: list[Finding]
    errors: list[str] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)  # source lines that hold findings
    input_error: bool = False
    rendered: str | None = None  # the output format's text, when a lint process wrote it
    # (code, name, severity) -> findings, when the findings were dropped after rendering
    tally: Counter | None = None
    fixable: tuple[int, int] | None = None  # (safe, unsafe) fixes then, likewise

    def counts(self) -> Counter:
        """How many findings of each (code, name, severity): what a run's summary needs."""
        if self.tally is not None:
            return self.tally
        return Counter((f.code, f.name, f.severity) for f in self.findings)

    def fixes(self) -> tuple[int, int]:
        """How many findings carry a safe fix, and how many an unsafe one."""
        if self.fixable is not None:
            return self.fixable
        fixes = [f.fix.safe for f in self.findings if f.fix is not None]
        return sum(fixes), len(fixes) - sum(fixes)


class Linter:
    """Lints documents with the selected rules. `Linter(select=["NL1"], rules=["my/rules"])`
    takes Settings fields as keywords; it pickles cheaply (workers recompile)."""

    def __init__(self, settings: Settings | None = None, **options):
        self.settings = replace(settings or Settings(), **options)
        self.all_rules = load_rules(self.settings.rule_folders(), timeout=self.settings.timeout)
        # late kinds read the findings of the others, so they run last
        self.rules = sorted(select_rules(self.all_rules, self.settings), key=lambda r: r.check.late)
        self._rules_by_path: dict[str, list[Rule]] = {}
        self._contextual = frozenset(r.code for r in self.rules if r.check.contextual)
        self._prefilter: Prefilter | None = None
        self._linted = 0
        for rule in self.rules:
            for selector, severity in self.settings.severity.items():  # in table order: later wins
                if selector_matches(selector, rule):
                    rule.severity = Severity.parse(severity)
        self._unused_rule = next((r for r in self.rules if r.code == UNUSED_CODE), None)
        self._min_severity = Severity.parse(self.settings.min_severity)
        base = self.settings.base_folder()  # globs are relative to the config file's folder
        self._ignores = [(Globs([anchor(pattern, base)], base), selectors)
                         for pattern, selectors in self.settings.per_file_ignores.items()]
        self.tables: dict = {}  # rule code -> what a corpus pass built for it (corpus.py)

    @property
    def prefilter(self) -> Prefilter:
        """One scan per document that tells which pattern regexes can match it (see
        prefilter.py). Built on first need: it takes about 0.1 s, which a single
        article linted from the command line does not earn back."""
        if self._prefilter is None:
            self._prefilter = Prefilter([r.check for r in self.rules if hasattr(r.check, "gates")])
        return self._prefilter

    def __reduce__(self):
        # the tables of a corpus pass travel along: a worker gets them once, with the linter
        return (Linter, (self.settings,), self.tables or None)

    def __setstate__(self, tables: dict) -> None:
        self.use_tables(tables)

    @property
    def corpus_rules(self) -> list[Rule]:
        """The selected rules whose kind needs a pass over the whole corpus first."""
        return [r for r in self.rules if r.check.corpus]

    def use_tables(self, tables: dict) -> None:
        """Give corpus rules what a corpus pass built for them (rule code -> table)."""
        self.tables.update(tables)
        for rule in self.rules:
            if rule.code in tables:
                rule.check.table = tables[rule.code]

    def lint_text(self, text: str, **metadata) -> list[Finding]:
        """Findings in one article; metadata: path, id, title, url, lang."""
        return self.lint(Document(text=text, **metadata)).findings

    def lint_records(self, records, fields=None):
        """Yield (record index, findings) for dicts with text/id/title/lang fields."""
        from .sources import Fields, RecordBatch

        batch = RecordBatch("<records>", 0, records, fields or Fields.from_settings(self.settings))
        for doc in batch.documents():
            yield doc.record, self.lint(doc).findings

    def rules_for(self, path: str) -> list[Rule]:
        """The selected rules less the path's per-file ignores; worked out once per path
        (a corpus file holds millions of documents)."""
        if not self._ignores:
            return self.rules
        if path not in self._rules_by_path:
            ignored = [s for globs, selectors in self._ignores if globs.match(path) for s in selectors]
            self._rules_by_path[path] = [r for r in self.rules
                                         if not any(selector_matches(s, r) for s in ignored)]
        return self._rules_by_path[path]

    def lint(self, doc: Document, rules: list[Rule] | None = None) -> DocResult:
        """Findings of `rules` (default: the selected ones that apply to this path)."""
        findings: list[Finding] = []
        errors: list[str] = []
        rules = self.rules_for(doc.path) if rules is None else rules
        if doc.input_error:
            rules = [r for r in rules if r.kind == "input"]
        self._linted += 1
        skipped = frozenset()
        if self._linted > 1:  # from the second document on
            doc.memo["prefilter"] = self.prefilter
            skipped = self.prefilter.skipped(doc)
        finding = self._finding
        structure = doc.structure
        keeping: dict[tuple, object] = {}  # a rule's way of reading blocks -> what _keeping says
        for rule in rules:
            check, reading = rule.check, rule.reading
            if id(check) in skipped:
                continue
            if rule.languages and not rule.applies_to(doc.language):
                continue
            keep = keeping.get(reading, MISSING)
            if keep is MISSING:
                keep = keeping[reading] = self._keeping(structure, *reading)
            if keep is SKIP:
                continue
            if check.late:
                doc.memo["findings"] = findings
            try:
                hits = check.check(doc)
                for hit in hits if keep is None else self._filtered(doc, hits, *keep):
                    findings.append(finding(doc, rule, hit))
            except TimeoutError:
                errors.append(f"{doc.label}: rule {rule.code} ({rule.name}) took longer than "
                              f"{self.settings.timeout:g} s and was stopped; its findings are missing")
        suppressions = Suppressions.parse(doc)
        if suppressions is not None:
            findings, unused = suppressions.apply(findings)
            if self._unused_rule in rules:
                findings += [self._finding(doc, self._unused_rule, Hit(d.start, d.end)) for d in unused]
        if self._min_severity > Severity.INFO:
            findings = [f for f in findings if f.severity >= self._min_severity]
        findings = self._one_per_line(findings)
        findings.sort(key=Finding.sort_key)
        lines = {f.line: doc.line_text(f.line) for f in findings} if self.settings.source_lines else {}
        return DocResult(doc.path, doc.id, doc.record, len(doc.text), findings, errors, lines,
                         bool(doc.input_error))

    def _one_per_line(self, findings: list[Finding]) -> list[Finding]:
        """One defect, one finding: a line that several rules take for junk (a menu above
        the headline is a menu line, a section label and above the headline) is reported
        once, by the finding that fixes it, covers most of it and judges it by its own
        words rather than by its place, in that order; then the graver, then the first
        code. Each rule still reports alone when the others are not selected."""
        best: dict[tuple[int, int], tuple[tuple, Finding]] = {}  # (line, end line) -> rank, finding
        others = []
        for f in findings:
            if f.category not in JUNK:
                others.append(f)
                continue
            # a fix, the width, its own words, the severity; on a tie, the first code
            rank = (f.fix is not None, f.end - f.start, f.code not in self._contextual, f.severity)
            kept = best.get((f.line, f.end_line))
            if kept is None or rank > kept[0] or (rank == kept[0] and f.code < kept[1].code):
                best[(f.line, f.end_line)] = rank, f
        if len(best) + len(others) == len(findings):
            return findings
        return others + [f for _, f in best.values()]

    @staticmethod
    def _keeping(structure, scope: frozenset, contextual: bool, junk: bool, duplicate: bool):
        """Which hits of a rule that reads blocks so stand in the blocks it reads: SKIP
        (none: the rule does not run), None (all: most documents are all text, most rules
        read all text), else the arguments of _filtered. A contextual rule's removal fix
        is dropped on list and table lines: only lines that are junk on their own are
        removed from an article's list or table. In a Markdown file, which a writer
        authored, page chrome and duplicates are whole lines standing alone (see
        Structure.stands_alone), and rules that judge a line by its place on a scraped
        page do not run. Worked out once per document for each such way."""
        authored = structure.markdown and junk
        if authored and contextual:
            return SKIP  # an authored document: its layout is the writer's, not a scraped page's
        contextual = contextual and not {"list", "table"}.isdisjoint(structure.present)
        if not structure.filters(scope) and not contextual and not authored:
            return None
        return scope, contextual, authored, duplicate

    @staticmethod
    def _filtered(doc: Document, hits, scope: frozenset, contextual: bool, authored: bool, duplicate: bool):
        structure = doc.structure
        for hit in hits:
            if authored and not structure.stands_alone(hit.start, hit.end, heading=duplicate):
                continue
            if structure.allows(scope, hit.start, hit.end):
                if contextual and hit.fix is not None and structure.kind_at(hit.start) in ("list", "table"):
                    hit = hit._replace(fix=None)
                yield hit

    def _finding(self, doc: Document, rule: Rule, hit) -> Finding:
        # findings come by the hundred thousand: positional arguments, one line search
        matched = doc.text[hit.start:hit.end]
        values = {"match": _shown(matched), **hit.values} if hit.values else {"match": _shown(matched)}
        message = rule.message.format_map(values)
        return Finding(doc.path, doc.id, doc.record, *doc.span_position(hit.start, hit.end),
                       rule.code, rule.name, rule.category, rule.severity, message,
                       hit.start, hit.end, matched, hit.fix)
