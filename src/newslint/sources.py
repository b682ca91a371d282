"""Inputs: files, folders, standard input, JSON Lines and Parquet corpora (plain, .gz, .zst).

`plan()` turns the command line's paths into small, picklable tasks; a task's
`documents()` reads its part (in a worker process when there are several) and yields
Documents. Corpora are read in batches, so memory stays flat however large they are.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import io
import json
import os
import stat
import sys
import zlib
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
    """A command line that names an input that is not there, or that needs a missing
    optional package: told before anything is linted, exit 2. An input that is there but
    cannot be read is reported as a finding instead (see `unreadable`), and the run goes on."""


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


BOM = codecs.BOM_UTF8
# byte-order marks and the encodings they name; UTF-32 LE first, as its mark begins
# with UTF-16 LE's
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (BOM, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def encoding_of(data: bytes) -> tuple[str, int]:
    """The encoding that the data's byte-order mark names, and the mark's length
    (UTF-8 and 0 without one)."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return "utf-8", 0


def decode(data: bytes, encoding: str = "utf-8", skip: int = 0) -> tuple[str, bool]:
    """The text after `skip` bytes (a byte-order mark); invalid bytes become U+FFFD and
    the flag says so. A memoryview: a 50 MB file is not copied to drop three bytes."""
    view = memoryview(data)[skip:]
    try:
        return str(view, encoding), False
    except UnicodeDecodeError:
        return str(view, encoding, errors="replace"), True


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:SNIFF]


def describe(exc: OSError) -> str:
    """Why a path cannot be read, in a few words."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


def unreadable(path: str, reason: str, record: int | None = None) -> Document:
    """The document that stands for an input that could not be read: reported by the
    input rules (NL003 for a file, NL001 from `record` on), so that it shows in every
    output format and fails the run (an input that was not linted never passes)."""
    return Document("", path, id=None if record is None else str(record), record=record,
                    input_error=reason)


@dataclass(frozen=True)
class Note:
    """An input that was skipped, and why: told to the user, not a finding. It may stand
    where a task does (a FIFO found among the files): it then passes through as itself."""

    message: str

    def documents(self) -> Iterator["Note"]:
        yield self


@dataclass
class Unreadable:
    """An input that could not be read from `record` on (None: not at all)."""

    path: str
    reason: str
    record: int | None = None

    def documents(self) -> Iterator[Document]:
        yield unreadable(self.path, self.reason, self.record)


@dataclass
class TextFile:
    """One article in a plain text or Markdown file (or standard input, given as `data`)."""

    path: str
    data: bytes | None = None

    def documents(self) -> Iterator[Document | Note]:
        try:
            yield self._read()
        except OSError as exc:
            yield unreadable(self.path, describe(exc))

    def _read(self) -> Document | Note:
        """The file's document; its bytes are let go on return, before it is linted."""
        data = Path(self.path).read_bytes() if self.data is None else self.data
        encoding, mark = encoding_of(data)
        if not mark and is_binary(data):
            return Note(f"{self.path}: skipped: binary file")
        text, bad = decode(data, encoding, mark)
        return Document(text=text, path=self.path, decode_error=bad, bom=mark > 0, encoding=encoding)


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


class ZstdFile(io.RawIOBase):
    """The decompressed bytes of a .zst file, frame after frame. Unlike zstandard's own
    readers, which stop quietly where the data stops, it raises EOFError when the file
    ends inside a frame: a corpus cut short must not pass for a shorter one."""

    CHUNK = 1 << 16

    def __init__(self, path: str, zstandard):
        self._file = open(path, "rb")
        self._zstandard = zstandard
        self._decompressor = zstandard.ZstdDecompressor()
        self._frame = None  # the decompression object of the frame being read
        self._out = memoryview(b"")
        self._started = False  # whether any frame decoded yet (else garbage is "not a zstd file")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._out:
            data = self._file.read(self.CHUNK)
            if not data:
                if self._frame is not None and not self._frame.eof:
                    raise EOFError("the file ends inside a compressed frame")
                return 0
            self._out = memoryview(self._decompress(data))
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size

    def _decompress(self, data: bytes) -> bytes:
        parts = []
        while data:
            if self._frame is None or self._frame.eof:
                self._frame = self._decompressor.decompressobj()
            try:
                parts.append(self._frame.decompress(data))
            except self._zstandard.ZstdError as exc:
                raise CorruptData("corrupt zstd data" if self._started else "not a zstd file") from exc
            self._started = True
            data = self._frame.unused_data if self._frame.eof else b""
        return b"".join(parts)

    def close(self) -> None:
        self._file.close()
        super().close()


class CorruptData(OSError):
    """Compressed data that does not decode."""


def open_binary(path: str):
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise SourceError(f"{path}: reading .zst needs the zstandard package: "
                              "pip install 'newslint[zstd]'") from None
        return io.BufferedReader(ZstdFile(path, zstandard))
    return open(path, "rb")


def _read_error(exc: Exception) -> str:
    if isinstance(exc, EOFError):
        return "truncated input: the compressed data ends early"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data ({exc})"
    if isinstance(exc, gzip.BadGzipFile):
        return str(exc).split(" (")[0].lower().replace("gzipped", "gzip")
    return describe(exc) if isinstance(exc, OSError) and exc.errno else str(exc)


def json_lines_batches(path: str, fields: Fields) -> Iterator[JsonLinesBatch | Unreadable]:
    """Batches of the file's records; where the file cannot be read on (truncated,
    corrupt), an Unreadable for the first record lost, after the batch of those before."""
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
    except (OSError, EOFError, zlib.error) as exc:
        reason = _read_error(exc)
        if batch and not batch[-1].endswith(b"\n"):
            batch.pop()  # the record the data stops inside: part of it is not a record
        if batch:
            yield JsonLinesBatch(path, index, batch, fields)
            index += len(batch)
        yield _cut_short(path, reason, index)
        return
    if batch:
        yield JsonLinesBatch(path, index, batch, fields)


def parquet_batches(path: str, fields: Fields) -> Iterator[RecordBatch | Unreadable]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError(f"{path}: reading Parquet needs pyarrow: pip install 'newslint[parquet]'") from None
    index = 0
    try:
        reader = pq.ParquetFile(path)
        wanted = [c for c in (fields.text, fields.id, fields.title, fields.lang, fields.url, fields.site)
                  if c in reader.schema_arrow.names]
        for batch in reader.iter_batches(batch_size=BATCH_RECORDS, columns=wanted):
            records = batch.to_pylist()
            yield RecordBatch(path, index, records, fields)
            index += len(records)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        yield _cut_short(path, f"cannot read Parquet: {exc}", index)


def _cut_short(path: str, reason: str, index: int) -> Unreadable:
    """A corpus that could not be read on from record `index` (0: not at all)."""
    if index == 0:
        return Unreadable(path, reason)
    return Unreadable(path, f"{reason}; the last good record is {index - 1}", index)


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

    unlisted: list[OSError] = []  # folders that could not be listed: yielded, to be reported
    for root, dirs, files in os.walk(folder, onerror=unlisted.append):
        yield from (Path(error.filename) for error in unlisted)
        unlisted.clear()
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
    yield from (Path(error.filename) for error in unlisted)


def plan(paths: list[str], settings: Settings, stdin_filename: str | None = None) -> Iterator:
    """Tasks for every input, in command-line order. Raises SourceError for missing paths
    at once, before any output is written."""
    for raw in paths:
        if raw != "-":
            try:
                os.stat(raw)
            except OSError as exc:
                raise SourceError(f"{raw}: {describe(exc)}") from None
    return _tasks(paths, settings, stdin_filename)


def _not_regular(path: Path) -> Note | Unreadable | None:
    """What stands for a path that is not a regular file (None for one): FIFOs, sockets and
    devices are skipped, as reading one may never end; a path that cannot be looked at, or
    a folder that cannot be listed, is unreadable."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Unreadable(path.as_posix(), describe(exc))
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):  # one that `walk` could not list
        try:
            os.listdir(path)
        except OSError as exc:
            return Unreadable(path.as_posix(), f"cannot list the folder: {describe(exc)}")
        return Note(f"{path.as_posix()}: skipped: a folder that could not be listed")
    what = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return Note(f"{path.as_posix()}: skipped: {what}, not a regular file (pipe text to `newslint -`)")


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
            skipped = _not_regular(file)
            if skipped is not None:
                yield skipped
            elif name.lower().endswith(".parquet"):
                yield from parquet_batches(name, fields)
            elif is_corpus(name):
                yield from json_lines_batches(name, fields)
            else:
                yield TextFile(name)
