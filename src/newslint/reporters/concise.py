"""`concise`: `path:line:col: CODE [severity] message`, one finding a line, as editors parse it."""

from __future__ import annotations

from . import Reporter, location


class Concise(Reporter):
    def document(self, result) -> None:
        where = location(result)
        for f in result.findings:
            self.stream.write(f"{where}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n")

REPORTERS = {"concise": Concise}
