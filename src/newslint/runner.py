"""Run a Linter over tasks from sources, on one core or all of them, results in input order."""

from __future__ import annotations

import gc
import os
from collections import deque
from typing import Callable, Iterable, Iterator

from .engine import DocResult, Linter
from .errors import RunError
from .sources import Note

_worker_linter: Linter | None = None
_worker_render: Callable | None = None
_worker_work: Callable | None = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def lint_task(linter: Linter, task, render: Callable | None = None) -> list[DocResult | Note]:
    results = [item if isinstance(item, Note) else linter.lint(item) for item in task.documents()]
    if render is not None:
        for result in results:
            if not isinstance(result, Note):
                # the text is written: only the counts need to travel back
                result.rendered, result.tally, result.fixable = render(result), result.counts(), result.fixes()
                result.findings = []
    return results


def _fewer_collections() -> None:
    """Linting allocates many short-lived tuples and lists but makes few reference
    cycles: collect the young generation less often, and never scan the compiled rules
    and word lists again (with collection switched off, the dev corpus linted 10-20%
    faster; these settings keep most of that and still collect)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _init(linter: Linter, render: Callable | None, work: Callable | None = None) -> None:
    global _worker_linter, _worker_render, _worker_work
    _worker_linter, _worker_render, _worker_work = linter, render, work
    _fewer_collections()


def _work(task) -> list:
    if _worker_work is not None:
        return _worker_work(_worker_linter, task)
    return lint_task(_worker_linter, task, _worker_render)


def run(linter: Linter, tasks: Iterable, jobs: int = 1,
        render: Callable | None = None, work: Callable | None = None) -> Iterator:
    """Lint every task's documents; with jobs > 1 in worker processes, same order as jobs=1.
    With `render` (an output format's per-document text) the workers write the text and
    send back counts instead of findings, so that the main process, which reads the input
    and writes the output, does not hold them up. `work(linter, task)`, a module-level
    function returning a list, does something else with each task instead of linting it
    (a corpus pass counts lines, `newslint clean` fixes records).

    A worker that dies (killed, out of memory) ends the run with a RunError: what was
    yielded before is complete and in order, nothing after it is (a multiprocessing.Pool
    would wait for the lost task for ever)."""
    if jobs <= 1:
        _fewer_collections()
        for task in tasks:
            yield from (work or lint_task)(linter, task)
        return
    # here: one article in one process does not pay for these imports
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    window: deque = deque()
    # workers start as tasks come, up to `jobs`: a few files never start more processes
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=(linter, render, work))
    try:
        # a bounded window of tasks in flight (Pool.imap would read the whole input ahead),
        # collected in submission order
        for task in tasks:
            window.append((task, pool.submit(_work, task)))
            while len(window) >= jobs * 4 or (window and window[0][1].done()):
                yield from _collect(*window.popleft(), BrokenProcessPool)
        while window:
            yield from _collect(*window.popleft(), BrokenProcessPool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(task, future, broken: type[Exception]) -> list:
    try:
        return future.result()
    except broken:
        where = getattr(task, "path", "")
        if getattr(task, "first", None) is not None:
            where += f" record {task.first}"
        raise RunError(f"a worker process ended unexpectedly (killed, or out of memory); the "
                       f"output stops before {where}, and the rest was not linted") from None


def run_anywhere(linter: Linter, tasks: Iterable, jobs: int, scheduler: str | None = None,
                 work: Callable | None = None) -> Iterator:
    """run() on this machine's cores, or on the Dask cluster at `scheduler` (--scheduler)."""
    if scheduler:
        from .dask import run_on_cluster

        return run_on_cluster(linter, tasks, scheduler, work=work)
    return run(linter, tasks, jobs, work=work)
