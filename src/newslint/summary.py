"""Counts over a run: per rule, per severity, per document; what --statistics prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from .finding import Severity


@dataclass
class Summary:
    documents: int = 0
    chars: int = 0
    findings: int = 0
    by_rule: Counter = field(default_factory=Counter)  # (code, name) -> findings
    docs_by_rule: Counter = field(default_factory=Counter)  # (code, name) -> documents
    by_severity: Counter = field(default_factory=Counter)
    docs_with_error: int = 0
    docs_with_findings: int = 0
    input_errors: int = 0  # corpus records that could not be read
    unread_files: int = 0  # files that could not be read at all
    rule_errors: list[str] = field(default_factory=list)
    max_severity: Severity | None = None
    safe_fixes: int = 0
    unsafe_fixes: int = 0

    def add(self, result) -> None:
        self.documents += 1
        safe, unsafe = result.fixes()
        self.safe_fixes += safe
        self.unsafe_fixes += unsafe
        self.chars += result.chars
        if result.input_error:
            if result.record is None:
                self.unread_files += 1
            else:
                self.input_errors += 1
        self.rule_errors.extend(result.errors)
        counts = result.counts()
        if not counts:
            return
        self.findings += sum(counts.values())
        self.docs_with_findings += 1
        rules: Counter = Counter()
        severities: Counter = Counter()
        for (code, name, severity), n in counts.items():
            rules[(code, name)] += n
            severities[severity] += n
        self.by_rule.update(rules)
        self.docs_by_rule.update(rules.keys())
        self.by_severity.update({str(s): n for s, n in severities.items()})
        worst = max(severities)
        if self.max_severity is None or worst > self.max_severity:
            self.max_severity = worst
        if Severity.ERROR in severities:
            self.docs_with_error += 1

    def statistics(self) -> list[dict]:
        """One row per rule, most findings first: what --statistics prints."""
        return [{"code": code, "name": name, "count": count,
                 "documents": self.docs_by_rule[(code, name)],
                 "share": self.docs_by_rule[(code, name)] / self.documents if self.documents else 0.0}
                for (code, name), count in sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]

    def exit_code(self, fail_on: str, exit_zero: bool = False) -> int:
        """2 when a rule failed to run or a file could not be read, 1 when a finding is at
        or above `fail_on`, else 0: never a count of findings."""
        if self.rule_errors or self.unread_files:
            return EXIT_ERROR
        if exit_zero or self.max_severity is None:
            return EXIT_OK
        return EXIT_FINDINGS if self.max_severity >= Severity.parse(fail_on) else EXIT_OK
