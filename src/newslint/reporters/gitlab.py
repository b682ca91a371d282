"""`gitlab`: GitLab Code Quality report (a JSON array of issues with stable fingerprints)."""

from __future__ import annotations

from ..baseline import fingerprint
from .json import JsonArray

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitLab(JsonArray):
    def item(self, f) -> dict:
        return {
            "description": f"{f.code} {f.message}",
            "check_name": f"{f.code} {f.name}",
            "fingerprint": fingerprint(f),
            "severity": SEVERITY[str(f.severity)],
            "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
        }


REPORTERS = {"gitlab": GitLab}
