"""`concise`: `path:line:col: CODE [severity] message`, one finding a line, as editors parse it.

With colour (`--color always`, or a terminal), the parts are coloured as ruff colours its
concise output; the text stays the same.
"""

from __future__ import annotations

from . import Reporter, location

RESET, BOLD, CYAN = "\x1b[0m", "\x1b[1m", "\x1b[36m"
SEVERITY = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


class Concise(Reporter):
    @staticmethod
    def render(result) -> str:
        where = location(result)
        return "".join(f"{where}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n"
                       for f in result.findings)

    @staticmethod
    def render_color(result) -> str:
        where = f"{BOLD}{location(result)}{RESET}{CYAN}:{RESET}"
        return "".join(f"{where}{f.line}{CYAN}:{RESET}{f.column}{CYAN}:{RESET} {BOLD}{f.code}{RESET} "
                       f"{SEVERITY[str(f.severity)]}[{f.severity}]{RESET} {f.message}\n"
                       for f in result.findings)


REPORTERS = {"concise": Concise}
