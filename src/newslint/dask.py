"""Beyond one machine: lint on a Dask cluster (`pip install 'newslint[dask]'`).

`run_on_cluster` serves `newslint check … --scheduler tcp://HOST:8786`: the command line's
tasks (corpus batches, files) go to the workers in a bounded window and come back in
input order, so the output is the same as a local run's. Workers must see the same paths
as the client for plain files; corpus batches travel with their records.

`lint_dataframe` and `lint_bag` lint a dask.dataframe or dask.bag of articles and return
findings as a dask.dataframe, one row per finding (the JSON schema's columns).
"""

from __future__ import annotations

from collections import deque

from .config import Settings
from .engine import Linter
from .runner import lint_task
from .sources import Fields, RecordBatch

COLUMNS = ["path", "id", "record", "line", "column", "end_line", "end_column", "code", "name",
           "category", "severity", "message"]
_LINTERS: dict[str, Linter] = {}


def _import_distributed():
    try:
        import distributed
    except ImportError:
        from .sources import SourceError

        raise SourceError("--scheduler needs dask: pip install 'newslint[dask]'") from None
    return distributed


def _linter(settings: Settings) -> Linter:
    """One compiled Linter per settings in each worker process, reused across tasks."""
    key = repr(settings)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(settings)
    return _LINTERS[key]


def _work(linter: Linter, task, work=None):
    return (work or lint_task)(linter, task)


def run_on_cluster(linter: Linter, tasks, address: str, window: int = 64, work=None):
    """Lint tasks on the cluster at `address`; yield results in input order. `work`, as
    for runner.run, does something else with each task."""
    distributed = _import_distributed()
    try:
        client = distributed.Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        from .sources import SourceError

        raise SourceError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        # the Linter travels as its settings (and the tables of a corpus pass): each
        # worker compiles it once, when the scattered copy arrives
        shared = client.scatter(linter, broadcast=True)
        pending: deque = deque()
        for task in tasks:
            pending.append(client.submit(_work, shared, task, work, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _rows(settings: Settings, records: list[dict], fields: Fields, path: str) -> list[dict]:
    linter = _linter(settings)
    rows = []
    for doc in RecordBatch(path, 0, records, fields).documents():
        for finding in linter.lint(doc).findings:
            row = finding.to_dict()
            row["severity"] = str(row["severity"])
            rows.append({key: row[key] for key in COLUMNS})
    return rows


def _meta():
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("line", "column", "end_line", "end_column")
                                      else "object") for c in COLUMNS})


def lint_dataframe(frame, linter: Linter | None = None, text_field="text", id_field="id",
                   title_field="title", lang_field="lang", path="<dataframe>"):
    """Findings of every row of a dask.dataframe, as a dask.dataframe (lazy: call .compute()).

    `record` is the row's position inside its partition; use `id_field` to identify rows."""
    import pandas as pd

    settings = (linter or Linter()).settings
    fields = Fields(text_field, id_field, title_field, lang_field)

    def partition(part: "pd.DataFrame") -> "pd.DataFrame":
        rows = _rows(settings, part.to_dict("records"), fields, path)
        return pd.DataFrame(rows, columns=COLUMNS).astype(_meta().dtypes.to_dict())

    return frame.map_partitions(partition, meta=_meta())


def lint_bag(bag, linter: Linter | None = None, path="<bag>", **field_names):
    """Findings of a dask.bag of article dicts, as a dask.dataframe."""
    return lint_dataframe(bag.to_dataframe(), linter=linter, path=path, **field_names)
