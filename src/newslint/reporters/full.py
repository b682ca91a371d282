"""`full`: the terminal view, shaped like ruff's and rustc's: each finding's location and
message, its source line with the span underlined by carets (readable without colour),
what its fix does, and a summary table.

    article.txt:14:27: NL202 [*] 'worrying”US' has no space between a quotation mark
        and the next word
       |
    14 | The threat “is incredibly worrying”US State Department spokesman Matthew
       |                           ^^^^^^^^^^^ warning: missing-space-at-quote
       | Miller told reporters…
       |
       = help: insert the space

Everything is wrapped to the terminal's width at white space, never inside a word
(unless a word is wider than the line); long source lines are shown as a window around
the span, cut between words. `[*]` marks a finding that `--fix` mends. Article text goes
into rich `Text` objects, never into markup strings, so `[sic]` and `[Reuters]` print as
written; control characters are shown as their Unicode pictures. rich is imported only here.
"""

from __future__ import annotations

import shutil

from rich.cells import get_character_cell_size
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import Reporter, location

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GUTTER = "bright_blue"
MIN_WIDTH = 40
SPAN_ROWS = 4  # at most this many rows of a long span are shown
# C0 controls, DEL and C1 controls as visible one-cell characters; a tab as a space
VISIBLE = {**{c: 0x2400 + c for c in range(32)}, 0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)},
           0x09: 0x20}


def cells(text: str) -> int:
    return sum(map(get_character_cell_size, text))


def wrap(text: str, width: int, first: int | None = None) -> list[tuple[int, int]]:
    """Rows of `text` (start, end offsets) no wider than `width` cells (`first` for the
    first row), broken after white space; a word wider than a row is cut. An empty text
    is one empty row."""
    rows: list[tuple[int, int]] = []
    start = 0
    while start < len(text) or not rows:
        room = width if rows or first is None else first
        used, end, after_space = 0, start, -1
        while end < len(text):
            size = get_character_cell_size(text[end])
            if used + size > room and end > start:
                break
            used += size
            end += 1
            if text[end - 1].isspace():
                after_space = end
        if end < len(text) and after_space > start:
            end = after_space
        rows.append((start, end))
        start = end
    return rows


def excerpt(line: str, start: int, end: int, room: int) -> tuple[str, int, int]:
    """A window of `line` around [start, end) of about three rows of `room` cells, cut
    between words and marked with …, and the span's offsets inside it."""
    end = min(max(end, start), start + SPAN_ROWS * room)
    lo = max(0, start - room)
    hi = min(len(line), end + room)
    if lo:  # begin at a word (after the first space in the window's left context)
        space = line.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(line):  # and end at one
        space = line.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(line) else ""
    shown = (prefix + line[lo:hi] + suffix).translate(VISIBLE)
    return shown, start - lo + len(prefix), end - lo + len(prefix)


def _gutter(text: str) -> Text:
    """A Text that starts with gutter-styled `text`; what is appended keeps its own style."""
    start = Text()
    start.append(text, style=GUTTER)
    return start


def _console(stream, color: bool) -> Console:
    return Console(file=stream, force_terminal=color, no_color=not color, highlight=False,
                   markup=False, emoji=False, soft_wrap=True)


def terminal_width() -> int:
    """The terminal's width (or $COLUMNS; 80 when there is neither)."""
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


class Full(Reporter):
    def start(self) -> None:
        self.console = _console(self.stream, self.color)
        self.width = terminal_width()

    def _print_wrapped(self, text: Text, indent: int) -> None:
        """Print `text` wrapped at white space, continuation rows indented."""
        for index, (lo, hi) in enumerate(wrap(text.plain, self.width - indent, self.width)):
            row = text[lo:hi]
            row.rstrip()
            if index:
                row = Text(" " * indent) + row
            self.console.print(row)

    def document(self, result) -> None:
        if not result.findings:
            return
        where = location(result)
        if result.id is not None and result.record is not None:
            self.console.print(Text(f"{where} (id {result.id})", style="bold underline"))
        for f in result.findings:
            # a record that could not be read has no text to show
            self.finding(f, where, None if result.input_error else result.lines.get(f.line))

    def finding(self, f, where: str, source: str | None) -> None:
        severity = str(f.severity)
        header = Text()
        header.append(f"{where}:{f.line}:{f.column}:", style="bold")
        header.append(" ")
        header.append(f.code, style="bold " + STYLE[severity].split()[-1])
        if f.fix is not None and f.fix.safe:
            header.append(" [*]", style="cyan")
        header.append(" " + f.message)
        self._print_wrapped(header, 4)
        label = Text(f"{severity}: {f.name}", style=STYLE[severity])
        if f.end_line > f.line:
            label.append(f" (to line {f.end_line})")
        margin = " " * len(str(f.line))  # the gutter's, so that | and = line up
        if source is None:
            self.console.print(_gutter(f"{margin} = ") + label)
        else:
            self.snippet(f, source, label)
        if f.fix is not None:
            help_line = _gutter(f"{margin} = ")
            help_line.append("help", style="bold")
            help_line.append(f": {f.fix.message}" + ("" if f.fix.safe else " (unsafe fix)"))
            self._print_wrapped(help_line, len(margin) + 9)
        self.console.print()

    def snippet(self, f, source: str, label: Text) -> None:
        """The source line (a window of it), wrapped, with carets under the span."""
        number = str(f.line)
        gutter = len(number) + 3  # "14 | "
        room = max(10, self.width - gutter - 1)
        end = f.end_column - 1 if f.end_line == f.line else len(source)
        shown, lo, hi = excerpt(source, f.column - 1, end, room)
        blank = _gutter(" " * len(number) + " |")
        self.console.print(blank)
        style = STYLE[str(f.severity)]
        rows = wrap(shown, room)
        last_span_row = max((i for i, (a, b) in enumerate(rows) if a < hi and b > lo), default=None)
        if last_span_row is None:  # an empty span: its caret goes where it starts
            last_span_row = next((i for i, (a, b) in enumerate(rows) if a <= lo <= b), len(rows) - 1)
        for index, (a, b) in enumerate(rows):
            prefix = number if index == 0 else " " * len(number)
            row = _gutter(prefix + " | ")
            row.append(shown[a:b].rstrip(" "))
            self.console.print(row)
            span_lo, span_hi = max(lo, a), min(hi, b)
            if span_lo >= span_hi and index != last_span_row:
                continue
            if span_lo > span_hi:  # the empty span's row
                span_lo = span_hi = min(max(lo, a), b)
            carets = _gutter(" " * len(number) + " | ")
            carets.append(" " * cells(shown[a:span_lo]))
            carets.append("^" * max(1, cells(shown[span_lo:span_hi])), style=style)
            if index == last_span_row:
                if carets.cell_len + 1 + label.cell_len > self.width:
                    self.console.print(carets)
                    carets = _gutter(" " * len(number) + " | ")
                    carets.append(" " * max(0, min(cells(shown[a:span_lo]), room - label.cell_len)))
                else:
                    carets.append(" ")
                carets.append_text(label)
            self.console.print(carets)
        self.console.print(blank)

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
