"""Corpus records whole, for the commands that write them back or read more of them than
the linter does (`newslint clean`, `newslint report`).

A JSON Lines batch (sources.JsonLinesBatch) already keeps each record's raw line. A
Parquet batch here is an Arrow table of every column, so that cleaning can replace the
text column and leave the others exactly as they were. Both are tasks like those of
sources.plan: small, picklable, and their `documents()` feed the linter and the corpus pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

from .document import Document
from .sources import (BATCH_RECORDS, Fields, JsonLinesBatch, SourceError, Unreadable, json_lines_batches,
                      record_document)


def is_parquet(path: str) -> bool:
    return path.lower().endswith(".parquet")


@dataclass
class ArrowBatch:
    """Consecutive rows of a Parquet file, every column; `first` is the index of the first."""

    path: str
    first: int
    table: Any  # pyarrow.Table
    fields: Fields

    def records(self, extra: tuple[str, ...] = ()) -> Iterator[tuple[dict, Document]]:
        """Each row (the columns the linter reads, and `extra`) and its Document."""
        fields = self.fields
        wanted = [c for c in dict.fromkeys((fields.text, fields.id, fields.title, fields.lang, fields.url,
                                            fields.site, *extra)) if c in self.table.column_names]
        for offset, row in enumerate(self.table.select(wanted).to_pylist()):
            yield row, record_document(row, self.path, self.first + offset, fields)

    def documents(self) -> Iterator[Document]:
        for _, doc in self.records():
            yield doc


def parquet_tables(path: str, fields: Fields) -> Iterator[ArrowBatch]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError(f"{path}: reading Parquet needs pyarrow: pip install 'newslint[parquet]'") from None
    try:
        index = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_RECORDS):
            yield ArrowBatch(path, index, pa.Table.from_batches([batch]), fields)
            index += batch.num_rows
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise SourceError(f"{path}: cannot read Parquet: {exc}") from None


def batches(path: str, fields: Fields) -> Iterator[JsonLinesBatch | ArrowBatch]:
    """A corpus file's records in batches, whole. A file that cannot be read to its end
    (truncated, corrupt) is a SourceError: a cleaned copy of part of it would pass for all."""
    if is_parquet(path):
        yield from parquet_tables(path, fields)
        return
    for batch in json_lines_batches(path, fields):
        if isinstance(batch, Unreadable):
            raise SourceError(f"{path}: cannot read: {batch.reason}")
        yield batch


def records(task, extra: tuple[str, ...] = ()) -> Iterator[tuple[Any, Document]]:
    """Each record of a batch as decoded (None when it cannot be) and its Document."""
    return task.records(extra) if isinstance(task, ArrowBatch) else task.records()


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class JsonObject:
    """One JSON Lines record: its fields, and where each top-level value stands in the
    line, so that a value can be replaced with every other byte of the line kept."""

    def __init__(self, line: str):
        self.line = line
        self.value: dict = {}
        self.spans: dict[str, tuple[int, int]] = {}
        self.key_separator, self.item_separator = ": ", ", "
        at = self._skip(0)
        if line[at:at + 1] != "{":
            raise ValueError("the record is not a JSON object")
        at = self.end = self._skip(at + 1)  # end: where a new field goes, after the last value
        first = True
        while line[at:at + 1] != "}" or not first:
            if line[at:at + 1] != '"':
                raise ValueError(f"invalid JSON: a field name was expected at column {at + 1}")
            key, after_key = json.decoder.scanstring(line, at + 1)
            at = self._skip(after_key)
            if line[at:at + 1] != ":":
                raise ValueError(f"invalid JSON: ':' was expected at column {at + 1}")
            start = self._skip(at + 1)
            try:
                self.value[key], end = _DECODER.raw_decode(line, start)
            except ValueError as exc:
                raise ValueError(f"invalid JSON: {exc}") from None
            if first:
                self.key_separator = line[after_key:start]
            self.spans[key] = (start, end)
            self.end = end
            at = self._skip(end)
            if line[at:at + 1] == "}":
                break
            if line[at:at + 1] != ",":
                raise ValueError(f"invalid JSON: ',' or '}}' was expected at column {at + 1}")
            after = self._skip(at + 1)
            if first:
                self.item_separator = line[end:after]
            at, first = after, False
        if self._skip(at + 1) != len(line):
            raise ValueError(f"invalid JSON: extra data at column {at + 2}")

    def _skip(self, at: int) -> int:
        return _SPACE.match(self.line, at).end()

    def replaced(self, changes: dict[str, Any]) -> str:
        """The line with these fields' values replaced (or added at the end), in the
        line's own style: ASCII escapes if it has no other characters, its separators."""
        line = self.line
        ascii_only = line.isascii()

        def dump(value) -> str:
            return json.dumps(value, ensure_ascii=ascii_only)

        added = [dump(key) + self.key_separator + dump(value) for key, value in changes.items()
                 if key not in self.spans]
        if added:  # after the last value: the spans before stay right
            members = self.item_separator.join(added)
            line = line[:self.end] + (self.item_separator if self.spans else "") + members + line[self.end:]
        for key in sorted((k for k in changes if k in self.spans), key=self.spans.get, reverse=True):
            start, end = self.spans[key]
            line = line[:start] + dump(changes[key]) + line[end:]
        return line
