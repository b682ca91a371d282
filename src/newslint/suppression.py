"""Comment directives that silence findings in Markdown and HTML sources.

    <!-- newslint-disable-next-line NL101 glued -->
    <!-- newslint-disable NL3 -->  …  <!-- newslint-enable NL3 -->
    <!-- newslint-disable-file -->

Selectors are those of --select (codes, code prefixes, names, categories); none means all.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .finding import Finding
from .ruleset import selector_matches

SUFFIXES = (".md", ".markdown", ".html", ".htm", ".xhtml")
DIRECTIVE = regex.compile(
    r"<!--\s*newslint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->")


def _matches(selectors: tuple[str, ...], finding: Finding) -> bool:
    return not selectors or any(selector_matches(s, finding) for s in selectors)


@dataclass
class Directive:
    start: int
    end: int
    text: str
    selectors: tuple[str, ...]
    first_line: int  # the lines it covers, inclusive
    last_line: int
    used: bool = False


class Suppressions:
    def __init__(self, directives: list[Directive], comments: list[tuple[int, int]]):
        self.directives = directives
        self.comments = comments  # where every directive comment stands

    @classmethod
    def parse(cls, doc) -> "Suppressions | None":
        if not doc.path.lower().endswith(SUFFIXES) or "newslint-" not in doc.text:
            return None
        directives: list[Directive] = []
        comments: list[tuple[int, int]] = []
        open_ranges: list[Directive] = []
        last = len(doc.line_starts)
        for m in DIRECTIVE.finditer(doc.text):
            action = m.group(1)
            comments.append(m.span())
            selectors = tuple(m.group(2).replace(",", " ").split())
            line = doc.position(m.start())[0]
            directive = Directive(m.start(), m.end(), m.group(), selectors, line, line)
            if action == "disable-next-line":
                directive.first_line = directive.last_line = line + 1
            elif action == "disable-file":
                directive.first_line, directive.last_line = 1, last
            elif action == "disable":
                directive.last_line = last
                open_ranges.append(directive)
            else:  # enable closes the latest disable with the same selectors
                for opened in reversed(open_ranges):
                    if opened.selectors == selectors or not selectors:
                        opened.last_line = line
                        open_ranges.remove(opened)
                        break
                continue
            directives.append(directive)
        return cls(directives, comments) if comments else None

    def apply(self, findings: list[Finding]) -> tuple[list[Finding], list[Directive]]:
        """The findings no directive covers, and the directives that covered nothing.
        Findings on a directive itself (an HTML comment) are dropped: it is not article text."""
        kept = []
        for finding in findings:
            if any(start <= finding.start and finding.end <= end for start, end in self.comments):
                continue
            covering = [d for d in self.directives
                        if d.first_line <= finding.line <= d.last_line and _matches(d.selectors, finding)]
            for d in covering:
                d.used = True
            if not covering:
                kept.append(finding)
        return kept, [d for d in self.directives if not d.used]
