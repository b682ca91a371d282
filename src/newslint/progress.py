"""A progress bar on standard error (documents, MB/s), only when it is a terminal."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


@contextmanager
def progress(enabled: bool = True, total: int | None = None):
    """Yield advance(chars, documents=1); a no-op unless enabled and standard error is a terminal.
    With `total` (the input's size; characters approximate bytes) it shows a bar and ETA."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda chars, documents=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    start = time.perf_counter()
    done = {"docs": 0, "chars": 0}
    columns = [SpinnerColumn(), TextColumn("{task.fields[docs]} documents"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    if total:
        columns[1:1] = [BarColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("lint", total=total or None, docs=0, rate="")

        def advance(chars: int, documents: int = 1) -> None:
            before = done["docs"]
            done["docs"] += documents
            done["chars"] += chars
            if done["docs"] // 64 != before // 64:
                rate = done["chars"] / 1e6 / max(time.perf_counter() - start, 1e-9)
                bar.update(task, completed=done["chars"], docs=done["docs"], rate=f"{rate:.1f} MB/s")

        yield advance
