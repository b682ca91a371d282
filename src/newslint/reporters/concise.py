"""`concise`: `path:line:col: CODE [severity] message`, one finding a line, as editors parse it."""

from __future__ import annotations

from . import Reporter, location


class Concise(Reporter):
    @staticmethod
    def render(result) -> str:
        where = location(result)
        return "".join(f"{where}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n"
                       for f in result.findings)


REPORTERS = {"concise": Concise}
