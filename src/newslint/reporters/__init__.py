"""Output formats: one module per format, each a Reporter subclass registered by name."""

from __future__ import annotations

import importlib
from typing import TextIO

FORMATS = {
    "full": "full", "concise": "concise", "json": "json", "json-lines": "json", "doc-summary": "json",
    "sarif": "sarif", "github": "github", "gitlab": "gitlab", "junit": "junit",
}
# what --statistics prints instead of the findings, by output format
STATISTICS = {"full": "statistics-rich", "json": "statistics-json", "json-lines": "statistics-json",
              "doc-summary": "statistics-json"}


class Reporter:
    """Receives each document's findings in input order, then the run's summary.

    A format whose text for a document depends on that document alone defines a static
    `render(result) -> str`: lint processes then write that text, and `document` only
    copies it to the stream."""

    render = None

    def __init__(self, stream: TextIO, color: bool = False, rules=None):
        self.stream = stream
        self.color = color
        self.rules = rules or []  # the selected rules, for formats that describe them

    def start(self) -> None:
        pass

    def document(self, result) -> None:
        if self.render is None:
            raise NotImplementedError
        self.stream.write(result.rendered if result.rendered is not None else self.render(result))

    def finish(self, summary) -> None:
        pass


def location(result_or_finding) -> str:
    """How text formats name where a finding is: the path, plus #record for corpora."""
    r = result_or_finding
    return r.path if r.record is None else f"{r.path}#{r.record}"


def reporter_class(name: str, statistics: bool = False) -> type[Reporter]:
    if statistics:
        name = STATISTICS.get(name, "statistics-text")
        module = "statistics" if name != "statistics-rich" else "full"
    else:
        module = FORMATS[name]
    return importlib.import_module(f"{__name__}.{module}").REPORTERS[name]
