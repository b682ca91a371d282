"""What a rule reports: a Finding with its Severity and an optional Fix."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, NamedTuple


class Severity(enum.IntEnum):
    """Ordered so that `--fail-on warning` means `severity >= WARNING`."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    def __str__(self) -> str:
        return _NAMES[self]


_NAMES = {Severity.INFO: "info", Severity.WARNING: "warning", Severity.ERROR: "error"}


# Edit, Fix and Hit are made by the hundred thousand on a corpus: named tuples, which
# are built three times faster than frozen dataclasses


class Edit(NamedTuple):
    """Replace text[start:end] (character offsets) with `text`."""

    start: int
    end: int
    text: str


class Fix(NamedTuple):
    """Edits that mend a finding. `safe` fixes keep the meaning; others need a look."""

    edits: tuple[Edit, ...]
    message: str
    safe: bool = True


class Hit(NamedTuple):
    """What a check kind yields: a span of the text, values for the message, a fix."""

    start: int
    end: int
    values: Mapping[str, object] = MappingProxyType({})
    fix: Fix | None = None


@dataclass(slots=True)
class Finding:
    """One reported problem, with exact 1-based positions (end_column is exclusive)."""

    path: str
    id: str | None
    record: int | None
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    start: int = 0
    end: int = 0
    matched: str = ""
    fix: Fix | None = None

    def sort_key(self):
        return (self.line, self.column, self.code, self.end_line, self.end_column)

    def __reduce__(self):
        # workers send findings by the hundred thousand: a tuple of the fields pickles
        # in a fraction of the time and space of the instance dict
        return (Finding, (self.path, self.id, self.record, self.line, self.column, self.end_line,
                          self.end_column, self.code, self.name, self.category, self.severity,
                          self.message, self.start, self.end, self.matched, self.fix))

    def to_dict(self) -> dict:
        """The public, documented JSON schema (docs/output-formats.md)."""
        return {
            "path": self.path,
            "id": self.id,
            "record": self.record,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "fix": None if self.fix is None else {
                "message": self.fix.message,
                "applicability": "safe" if self.fix.safe else "unsafe",
                "edits": [{"start": e.start, "end": e.end, "content": e.text} for e in self.fix.edits],
            },
        }
