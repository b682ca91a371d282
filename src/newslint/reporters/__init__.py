"""Output formats: one module per format, each a Reporter subclass registered by name."""

from __future__ import annotations

import importlib
from typing import TextIO

FORMATS = {
    "full": "full", "concise": "concise", "json": "json", "json-lines": "json", "doc-summary": "json",
    "sarif": "sarif", "github": "github", "gitlab": "gitlab", "junit": "junit",
}
# what --statistics prints instead of the findings, by output format; the formats of
# code-review tools (SARIF, annotations, Code Quality, JUnit) have no place for counts
STATISTICS = {"full": "statistics-rich", "concise": "statistics-text", "json": "statistics-json",
              "json-lines": "statistics-json", "doc-summary": "statistics-json"}


class Reporter:
    """Receives each document's findings in input order, then the run's summary.

    A format whose text for a document depends on that document alone defines a static
    `render(result) -> str`: lint processes then write that text, and `document` only
    copies it to the stream."""

    render = None
    render_color = None  # the same in colour, for formats that have colours

    def __init__(self, stream: TextIO, color: bool = False, rules=None):
        self.stream = stream
        self.color = color
        self.rules = rules or []  # the selected rules, for formats that describe them

    @classmethod
    def renderer(cls, color: bool):
        """The per-document render function for this colour choice (None: the format has none)."""
        return cls.render_color if color and cls.render_color is not None else cls.render

    def start(self) -> None:
        pass

    def document(self, result) -> None:
        render = self.renderer(self.color)
        if render is None:
            raise NotImplementedError
        self.stream.write(result.rendered if result.rendered is not None else render(result))

    def finish(self, summary) -> None:
        pass


def location(result_or_finding) -> str:
    """How text formats name where a finding is: the path, plus #record for corpora."""
    r = result_or_finding
    return r.path if r.record is None else f"{r.path}#{r.record}"


def in_record(finding) -> str:
    """Where a corpus finding is, for formats that point at lines of files (SARIF, GitHub,
    GitLab): a line of the corpus file would be the wrong one, so they name the record, and
    the line and column inside its text."""
    return f"record {finding.record}, id {finding.id}: line {finding.line}, column {finding.column} of its text"


def reporter_class(name: str, statistics: bool = False) -> type[Reporter]:
    if statistics:
        if name not in STATISTICS:
            from ..errors import UsageError

            raise UsageError(f"--statistics prints counts, which the {name} format has no place for: "
                             "use --output-format full, concise or json")
        name = STATISTICS[name]
        module = "statistics" if name != "statistics-rich" else "full"
    else:
        module = FORMATS[name]
    return importlib.import_module(f"{__name__}.{module}").REPORTERS[name]
