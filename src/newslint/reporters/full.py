"""`full`: the rich terminal view, grouped by file, each finding under its source line.

Article text goes into rich `Text` objects, never into markup strings, so `[sic]` and
`[Reuters]` print as written. rich is imported only here.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import Reporter, location

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT = 50  # characters shown either side of a span on long lines


def excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of `line` around [start, end) that fits a terminal, and the span inside it."""
    lo = max(0, start - CONTEXT)
    hi = min(len(line), max(end, start + 1) + CONTEXT)
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(line) else ""
    shown = prefix + line[lo:hi] + suffix
    return shown.replace("\t", " "), start - lo + len(prefix), min(end, hi) - lo + len(prefix)


def _console(stream, color: bool) -> Console:
    return Console(file=stream, force_terminal=color, no_color=not color, highlight=False,
                   markup=False, emoji=False, soft_wrap=True)


class Full(Reporter):
    def start(self) -> None:
        self.console = _console(self.stream, self.color)

    def document(self, result) -> None:
        if not result.findings:
            return
        header = Text(location(result), style="bold underline")
        if result.id is not None and result.record is not None:
            header.append(f"  (id {result.id})", style="dim")
        self.console.print(header)
        width = max(len(f"{f.line}:{f.column}") for f in result.findings)
        for f in result.findings:
            severity = str(f.severity)
            row = Text("  ")
            row.append(f"{f.line}:{f.column}".ljust(width), style="dim")
            row.append("  ")
            row.append(severity.ljust(8), style=STYLE[severity])
            row.append(f.code.ljust(6), style="bold")
            row.append(" ")
            row.append(f.message)
            row.append(f"  {f.name}", style="dim")
            self.console.print(row)
            source = result.lines.get(f.line)
            if source is not None and source.strip():
                end = f.end_column - 1 if f.end_line == f.line else len(source)
                shown, lo, hi = excerpt(source, f.column - 1, end)
                text = Text("      │ ", style="dim")
                body = Text(shown)
                body.stylize("reverse " + STYLE[severity], lo, max(hi, lo + 1))
                text.append_text(body)
                self.console.print(text)
        self.console.print()

    def finish(self, summary) -> None:
        if not summary.findings:
            self.console.print(Text(f"No problems found in {summary.documents} document(s).", style="green"))
            return
        table = Table(title="Summary", title_justify="left", show_edge=False)
        table.add_column("code", style="bold")
        table.add_column("name")
        table.add_column("findings", justify="right")
        table.add_column("documents", justify="right")
        for row in summary.statistics():
            table.add_row(row["code"], row["name"], str(row["count"]), str(row["documents"]))
        self.console.print(table)
        counts = ", ".join(f"{summary.by_severity[s]} {s}" for s in ("error", "warning", "info")
                           if summary.by_severity[s])
        self.console.print(Text(f"{summary.findings} findings ({counts}) in "
                                f"{summary.docs_with_findings} of {summary.documents} document(s).",
                                style="bold"))


class StatisticsRich(Full):
    def document(self, result) -> None:
        pass


REPORTERS = {"full": Full, "statistics-rich": StatisticsRich}
