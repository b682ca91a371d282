"""`gitlab`: GitLab Code Quality report (a JSON array of issues with stable fingerprints)."""

from __future__ import annotations

import json

from ..baseline import fingerprint
from . import Reporter

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitLab(Reporter):
    def start(self) -> None:
        self.first = True
        self.stream.write("[")

    def document(self, result) -> None:
        for f in result.findings:
            issue = {
                "description": f"{f.code} {f.message}",
                "check_name": f"{f.code} {f.name}",
                "fingerprint": fingerprint(f),
                "severity": SEVERITY[str(f.severity)],
                "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
            }
            self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(issue, ensure_ascii=False))
            self.first = False

    def finish(self, summary) -> None:
        self.stream.write("]\n" if self.first else "\n]\n")


REPORTERS = {"gitlab": GitLab}
