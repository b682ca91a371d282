"""Documents × enabled rules → findings, in a deterministic order.

A `Linter` loads and compiles its rules once; it pickles as its settings, so each worker
process compiles its own copy instead of receiving compiled patterns.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field, replace

from .config import Settings
from .document import Document
from .finding import Finding, Severity
from .prefilter import Prefilter
from .ruleset import Rule, load_rules, selector_matches
from .suppression import Suppressions

MAX_SHOWN = 60
UNUSED_CODE = "NL002"


def _shown(text: str) -> str:
    """The matched text as a message quotes it: one line, not too long."""
    if len(text) <= MAX_SHOWN and text.isprintable() and "  " not in text \
            and text[:1] != " " and text[-1:] != " ":
        return text  # already so (most matches): no new string
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def select_rules(rules: list[Rule], settings: Settings) -> list[Rule]:
    if settings.select:
        chosen = [r for r in rules if any(selector_matches(s, r) for s in settings.select)]
    else:
        chosen = [r for r in rules if r.enabled]
    extra = [r for r in rules if r not in chosen and any(selector_matches(s, r) for s in settings.extend_select)]
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
        self._prefilter: Prefilter | None = None
        self._linted = 0
        for rule in self.rules:
            if rule.code in self.settings.severity:
                rule.severity = Severity.parse(self.settings.severity[rule.code])

    @property
    def prefilter(self) -> Prefilter:
        """One scan per document that tells which pattern regexes can match it (see
        prefilter.py). Built on first need: it takes about 0.1 s, which a single
        article linted from the command line does not earn back."""
        if self._prefilter is None:
            self._prefilter = Prefilter([r.check for r in self.rules if hasattr(r.check, "gates")])
        return self._prefilter

    def __reduce__(self):
        return (Linter, (self.settings,))

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
        if not self.settings.per_file_ignores:
            return self.rules
        if path not in self._rules_by_path:
            ignored = [s for pattern, sels in self.settings.per_file_ignores.items()
                       if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern)
                       for s in sels]
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
        skipped = ()
        if self._linted > 1:  # from the second document on
            doc.memo["prefilter"] = self.prefilter
            skipped = self.prefilter.skipped(doc)
        for rule in rules:
            if skipped and id(rule.check) in skipped:
                continue
            if rule.languages and not rule.applies_to(doc.language):
                continue
            if rule.check.late:
                doc.memo["findings"] = findings
            try:
                for hit in rule.check.check(doc):
                    findings.append(self._finding(doc, rule, hit))
            except TimeoutError:
                errors.append(f"{doc.label}: rule {rule.code} ({rule.name}) took longer than "
                              f"{self.settings.timeout:g} s and was stopped; its findings are missing")
        suppressions = Suppressions.parse(doc)
        if suppressions is not None:
            findings, unused = suppressions.apply(findings)
            if self.settings.report_unused_suppressions:
                findings += [self._unused(doc, directive) for directive in unused]
        findings.sort(key=Finding.sort_key)
        lines = {f.line: doc.line_text(f.line) for f in findings} if self.settings.source_lines else {}
        return DocResult(doc.path, doc.id, doc.record, len(doc.text), findings, errors, lines,
                         bool(doc.input_error))

    def _unused(self, doc: Document, directive) -> Finding:
        return Finding(doc.path, doc.id, doc.record, *doc.span_position(directive.start, directive.end),
                       UNUSED_CODE, "unused-suppression", "input", Severity.WARNING,
                       f"this suppression comment matches no finding: {directive.text}",
                       directive.start, directive.end, directive.text)

    def _finding(self, doc: Document, rule: Rule, hit) -> Finding:
        # findings come by the hundred thousand: positional arguments, one line search
        matched = doc.text[hit.start:hit.end]
        values = {"match": _shown(matched), **hit.values} if hit.values else {"match": _shown(matched)}
        message = rule.message.format_map(values)
        return Finding(doc.path, doc.id, doc.record, *doc.span_position(hit.start, hit.end),
                       rule.code, rule.name, rule.category, rule.severity, message,
                       hit.start, hit.end, matched, hit.fix)
