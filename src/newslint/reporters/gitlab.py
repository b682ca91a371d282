"""`gitlab`: GitLab Code Quality report (a JSON array of issues with stable fingerprints).

A corpus finding points at the corpus file's first line and names its record in the
description: a line of the record's text is not a line of the file.
"""

from __future__ import annotations

from ..baseline import unique_fingerprints
from . import in_record
from .json import JsonArray

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitLab(JsonArray):
    def items(self, result):
        for f, fingerprint in zip(result.findings, unique_fingerprints(result.findings)):
            corpus = f.record is not None
            yield {
                "description": f"{f.code} {f.message}" + (f" ({in_record(f)})" if corpus else ""),
                "check_name": f"{f.code} {f.name}",
                "fingerprint": fingerprint,
                "severity": SEVERITY[str(f.severity)],
                "location": {"path": f.path, "lines": {"begin": 1 if corpus else f.line,
                                                        "end": 1 if corpus else f.end_line}},
            }


REPORTERS = {"gitlab": GitLab}
