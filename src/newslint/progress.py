"""A progress bar on the terminal (documents, MB/s), for runs that last.

The bar appears only once a run has lasted `DELAY` seconds, and only when standard error
is a terminal: a single article, or any quick run, never shows one (nor leaves one
behind). While it shows, the report's lines, if they go to the terminal too, and notes on
standard error are printed above it; it is removed when the run ends.
"""

from __future__ import annotations

import io
import sys
import time
from contextlib import contextmanager

DELAY = 1.0  # seconds before a bar appears


class Output(io.TextIOBase):
    """The report's stream: written straight through, or, while a bar shares its terminal,
    line by line above the bar (a line is printed once it is complete)."""

    def __init__(self, stream):
        self.stream = stream
        self.console = None  # the bar's console, while a bar shows on this stream's terminal
        self.pending = ""

    def write(self, text: str) -> int:
        if self.console is None:
            return self.stream.write(text)
        lines, newline, self.pending = (self.pending + text).rpartition("\n")
        if newline:
            from rich.text import Text

            self.console.print(Text.from_ansi(lines), soft_wrap=True)
        return len(text)

    def detach(self) -> None:
        """The bar is gone: write what is left of a line, then write straight through."""
        self.console = None
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


@contextmanager
def progress(stream, enabled: bool = True, total: int | None = None, delay: float = DELAY):
    """Yield (advance, output): call advance(chars, documents=1) after each document (or
    batch of them) and write the
    report to `output`. With `total` (the input's size; characters approximate bytes)
    the bar shows a bar and an ETA."""
    output = Output(stream)
    if not (enabled and sys.stderr.isatty()):
        yield (lambda chars, documents=1: None), output
        return
    start = time.perf_counter()
    done = {"docs": 0, "chars": 0}
    state: dict = {}

    def show(rate: str):
        from rich.console import Console
        from rich.progress import (BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        shared = stream.isatty()  # the report goes to the terminal too: the bar goes with it
        columns = [SpinnerColumn(), TextColumn("{task.fields[docs]} documents"),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
        if total:
            columns[1:1] = [BarColumn(), TimeRemainingColumn()]
        bar = Progress(*columns, console=Console(file=stream if shared else sys.stderr), transient=True,
                       redirect_stdout=False, redirect_stderr=True)
        state["task"] = bar.add_task("lint", total=total or None, completed=done["chars"], docs=done["docs"],
                                     rate=rate)
        bar.start()
        if shared:
            output.console = bar.console
        return bar

    def advance(chars: int, documents: int = 1) -> None:
        before = done["docs"]
        done["docs"] += documents
        done["chars"] += chars
        if done["docs"] // 64 == before // 64 and "bar" in state:
            return
        elapsed = time.perf_counter() - start
        if "bar" not in state and elapsed < delay:
            return
        rate = f"{done['chars'] / 1e6 / max(elapsed, 1e-9):.1f} MB/s"
        if "bar" not in state:
            state["bar"] = show(rate)
        state["bar"].update(state["task"], completed=done["chars"], docs=done["docs"], rate=rate)

    try:
        yield advance, output
    finally:
        if "bar" in state:
            state["bar"].stop()
        output.detach()
