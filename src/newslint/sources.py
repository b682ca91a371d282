"""Inputs: files, folders, standard input, JSON Lines and Parquet corpora (plain, .gz, .zst).

`plan()` turns the command line's paths into small, picklable tasks; a task's
`documents()` reads its part (in a worker process when there are several) and yields
Documents. Corpora are read in batches, so memory stays flat however large they are.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .config import Settings
from .document import Document
from .globs import SKIPPED_FOLDERS, GitIgnore, Globs, anchor, is_virtualenv

CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".parquet")
BATCH_BYTES = 1 << 18
BATCH_RECORDS = 512
SNIFF = 8192


class SourceError(Exception):
    """An input that cannot be read at all (missing path, missing optional package)."""


@dataclass(frozen=True)
class Fields:
    text: str = "text"
    id: str = "id"
    title: str = "title"
    lang: str = "lang"
    url: str = "url"
    site: str = ""  # none: a record's site is its URL's domain

    @classmethod
    def from_settings(cls, s: Settings) -> "Fields":
        return cls(s.text_field, s.id_field, s.title_field, s.lang_field, s.url_field, s.site_field)


BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> tuple[str, bool]:
    """UTF-8 (a BOM dropped); invalid bytes become U+FFFD and the flag says so."""
    if data.startswith(BOM):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), True


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:SNIFF]


@dataclass(frozen=True)
class Note:
    """An input that was skipped, and why: told to the user, not a finding."""

    message: str


@dataclass
class TextFile:
    """One article in a plain text or Markdown file (or standard input, given as `data`)."""

    path: str
    data: bytes | None = None

    def documents(self) -> Iterator[Document | Note]:
        data = self.data
        if data is None:
            try:
                data = Path(self.path).read_bytes()
            except OSError as exc:
                yield Note(f"{self.path}: skipped: cannot read: {exc.strerror or exc}")
                return
        if is_binary(data):
            yield Note(f"{self.path}: skipped: binary file")
            return
        text, bad = decode(data)
        yield Document(text=text, path=self.path, decode_error=bad, bom=data.startswith(BOM))


def record_document(raw, path: str, index: int, fields: Fields) -> Document:
    """A Document from one decoded corpus record, or one that carries the reason it is broken."""
    if not isinstance(raw, dict):
        return Document("", path, record=index, input_error="the record is not a JSON object")
    text = raw.get(fields.text)
    ident = raw.get(fields.id)
    ident = str(index) if ident is None else str(ident)
    if not isinstance(text, str):
        reason = (f"the record has no '{fields.text}' field" if text is None
                  else f"the '{fields.text}' field is not a string")
        return Document("", path, id=ident, record=index, input_error=reason)

    def optional(name):
        value = raw.get(name)
        return value if isinstance(value, str) else None

    return Document(text, path, id=ident, record=index, title=optional(fields.title),
                    lang=optional(fields.lang), url=optional(fields.url),
                    site=optional(fields.site) if fields.site else None)


@dataclass
class JsonLinesBatch:
    """Consecutive lines of a JSON Lines file; `first` is the record index of the first."""

    path: str
    first: int
    lines: list[bytes]
    fields: Fields

    def documents(self) -> Iterator[Document]:
        for _, doc in self.records():
            yield doc

    def records(self) -> Iterator[tuple[object, Document]]:
        """Each record's decoded JSON value (None when it cannot be decoded) and its Document."""
        for offset, line in enumerate(self.lines):
            index = self.first + offset
            text, bad = decode(line)
            if bad:
                yield None, Document("", self.path, id=str(index), record=index,
                                     input_error="the record is not valid UTF-8")
                continue
            try:
                raw = json.loads(text)
            except ValueError as exc:
                yield None, Document("", self.path, id=str(index), record=index,
                                     input_error=f"invalid JSON: {exc}")
                continue
            yield raw, record_document(raw, self.path, index, self.fields)


@dataclass
class RecordBatch:
    """Records already decoded (Parquet rows, Python dicts from the API)."""

    path: str
    first: int
    records: list
    fields: Fields

    def documents(self) -> Iterator[Document]:
        for offset, raw in enumerate(self.records):
            yield record_document(raw, self.path, self.first + offset, self.fields)


def open_binary(path: str):
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise SourceError(f"{path}: reading .zst needs the zstandard package: "
                              "pip install 'newslint[zstd]'") from None
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(path, "rb")))
    return open(path, "rb")


def json_lines_batches(path: str, fields: Fields) -> Iterator[JsonLinesBatch]:
    index = 0
    batch: list[bytes] = []
    size = 0
    try:
        with open_binary(path) as stream:
            for line in stream:
                if not line.strip():
                    continue
                batch.append(line)
                size += len(line)
                if size >= BATCH_BYTES or len(batch) >= BATCH_RECORDS:
                    yield JsonLinesBatch(path, index, batch, fields)
                    index += len(batch)
                    batch, size = [], 0
    except (OSError, EOFError) as exc:
        raise SourceError(f"{path}: cannot read (record {index + len(batch)}): {exc}") from None
    if batch:
        yield JsonLinesBatch(path, index, batch, fields)


def parquet_batches(path: str, fields: Fields) -> Iterator[RecordBatch]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError(f"{path}: reading Parquet needs pyarrow: pip install 'newslint[parquet]'") from None
    try:
        reader = pq.ParquetFile(path)
        wanted = [c for c in (fields.text, fields.id, fields.title, fields.lang, fields.url, fields.site)
                  if c in reader.schema_arrow.names]
        index = 0
        for batch in reader.iter_batches(batch_size=BATCH_RECORDS, columns=wanted):
            records = batch.to_pylist()
            yield RecordBatch(path, index, records, fields)
            index += len(records)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise SourceError(f"{path}: cannot read Parquet: {exc}") from None


def is_corpus(path: str) -> bool:
    return path.lower().endswith(CORPUS_SUFFIXES)


def excluded(settings: Settings) -> Globs:
    """The settings' exclude globs, relative to the config file's folder."""
    base = settings.base_folder()
    return Globs([anchor(p, base) for p in settings.exclude], base)


def walk(folder: Path, settings: Settings, exclude: Globs | None = None) -> Iterator[Path]:
    """Files under a folder with a linted suffix, sorted, skipping hidden, excluded and
    git-ignored ones, and folders of version control, dependencies and virtualenvs."""
    suffixes = tuple(settings.extensions)
    exclude = excluded(settings) if exclude is None else exclude
    ignores = {}  # os.walk's folder → the .gitignore rules in force there
    if settings.respect_gitignore:
        top = GitIgnore.above(folder)
        # a folder named on the command line is walked even when it is ignored itself
        ignores[os.fspath(folder)] = GitIgnore([]).entering(folder) if top.ignored(folder, True) else top

    def skipped(path: Path, is_dir: bool, ignore) -> bool:
        return (exclude.match(path, is_dir)
                or (ignore is not None and ignore.ignored(path, is_dir)))

    for root, dirs, files in os.walk(folder):
        base = Path(root)
        ignore = ignores.pop(root, None)
        kept = []
        for name in sorted(dirs):
            path = base / name
            if name.startswith(".") or name in SKIPPED_FOLDERS or is_virtualenv(path) or skipped(path, True, ignore):
                continue
            kept.append(name)
            if ignore is not None:
                ignores[os.path.join(root, name)] = ignore.entering(path)
        dirs[:] = kept
        for name in sorted(files):
            path = base / name
            if name.lower().endswith(suffixes) and not skipped(path, False, ignore):
                yield path


def plan(paths: list[str], settings: Settings, stdin_filename: str | None = None) -> Iterator:
    """Tasks for every input, in command-line order. Raises SourceError for missing paths
    at once, before any output is written."""
    for raw in paths:
        if raw != "-" and not os.path.exists(raw):
            raise SourceError(f"{raw}: no such file or directory")
    return _tasks(paths, settings, stdin_filename)


def _tasks(paths: list[str], settings: Settings, stdin_filename: str | None) -> Iterator:
    fields = Fields.from_settings(settings)
    exclude = excluded(settings)
    for raw in paths:
        if raw == "-":
            name = stdin_filename or "-"
            data = sys.stdin.buffer.read()
            if is_corpus(name):
                lines = [line for line in data.splitlines(keepends=True) if line.strip()]
                for first in range(0, len(lines), BATCH_RECORDS):
                    yield JsonLinesBatch(name, first, lines[first:first + BATCH_RECORDS], fields)
            else:
                yield TextFile(name, data)
            continue
        path = Path(raw)
        if path.is_dir():
            files = walk(path, settings, exclude)
        else:  # a file named on the command line is linted unless --force-exclude says otherwise
            files = [] if settings.force_exclude and exclude.match(path) else [path]
        for file in files:
            name = file.as_posix()
            if name.lower().endswith(".parquet"):
                yield from parquet_batches(name, fields)
            elif is_corpus(name):
                yield from json_lines_batches(name, fields)
            else:
                yield TextFile(name)
