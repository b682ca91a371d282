"""`json` (one array), `json-lines` (one finding a line) and `doc-summary` (one line a document).

The finding schema is public and documented in docs/output-formats.md.
"""

from __future__ import annotations

import json
from collections import Counter

from . import Reporter


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps would build one a call


def dumps(obj) -> str:
    return _ENCODER.encode(obj)


class JsonArray(Reporter):
    """One JSON array, written item by item so that memory stays flat."""

    def start(self) -> None:
        self.first = True
        self.stream.write("[")

    def items(self, result):
        return (f.to_dict() for f in result.findings)

    def document(self, result) -> None:
        for item in self.items(result):
            self.stream.write(("\n  " if self.first else ",\n  ") + dumps(item))
            self.first = False

    def finish(self, summary) -> None:
        self.stream.write("]\n" if self.first else "\n]\n")


class JsonLines(Reporter):
    @staticmethod
    def render(result) -> str:
        return "".join(dumps(f.to_dict()) + "\n" for f in result.findings)


class DocSummary(Reporter):
    """Lets pipelines filter a corpus: `jq 'select(.severities.error == 0)'`."""

    @staticmethod
    def render(result) -> str:
        return dumps({
            "path": result.path, "id": result.id, "record": result.record,
            "findings": len(result.findings),
            "categories": dict(Counter(f.category for f in result.findings)),
            "severities": dict(Counter(str(f.severity) for f in result.findings)),
            "codes": dict(Counter(f.code for f in result.findings)),
        }) + "\n"


REPORTERS = {"json": JsonArray, "json-lines": JsonLines, "doc-summary": DocSummary}
