"""The corpus pass: what corpus rules learn from the whole corpus before linting.

Most rules judge a document alone. A *corpus kind* (`Kind.corpus = True`, such as
`site-repeat`) needs to have seen the other documents first: a line is page chrome
because it recurs on many pages of the same site. It works in two steps:

1. `prepare()` reads the input once before linting. For each batch of documents the
   kind's `gather(documents)` returns evidence (for site-repeat, hashes of their lines);
   that runs where the linting runs (worker processes with --jobs, Dask workers with
   --scheduler). The main process adds each batch's evidence to the kind's `tally()`
   and `finish()`es it into a table.
2. `Linter.use_tables()` gives each corpus rule its table. The Linter pickles with its
   tables, so each worker receives them once, with the linter; `check(doc)` reads it.

A corpus rule without a table (a single text, the Python API without `prepare_documents`)
finds nothing.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable

from .document import Document
from .engine import Linter
from .runner import run_anywhere
from .sources import BATCH_RECORDS


def gather_task(linter: Linter, task) -> list[dict]:
    """The corpus rules' evidence from one task's documents (a work function of runner.run)."""
    docs = [doc for doc in task.documents() if isinstance(doc, Document) and not doc.input_error]
    return [{rule.code: rule.check.gather(docs) for rule in linter.corpus_rules}]


def _build(linter: Linter, rules, evidence: Iterable[dict]) -> None:
    tallies = {rule.code: rule.check.tally() for rule in rules}
    for batch in evidence:
        for code, value in batch.items():
            if code in tallies:
                tallies[code].add(value)
    linter.use_tables({code: tally.finish() for code, tally in tallies.items()})


def prepare(linter: Linter, tasks: Iterable, jobs: int = 1, scheduler: str | None = None) -> None:
    """Run the corpus pass over `tasks` (from sources.plan) if a selected rule needs it:
    on `jobs` processes, or on the Dask cluster at `scheduler`."""
    if not linter.corpus_rules:
        return
    _build(linter, linter.corpus_rules, run_anywhere(linter, tasks, jobs, scheduler, work=gather_task))


def prepare_documents(linter: Linter, documents: Iterable[Document], rules=None) -> None:
    """The corpus pass over documents from Python (streamed, a batch at a time), for the
    selected corpus rules or the given ones."""
    rules = linter.corpus_rules if rules is None else rules
    stream = iter(documents)

    def evidence():
        while batch := list(islice(stream, BATCH_RECORDS)):
            yield {rule.code: rule.check.gather(batch) for rule in rules}

    _build(linter, rules, evidence())
