"""`newslint clean CORPUS -o OUT`: the corpus with every record's text fixed.

Every record is written in input order, with only its text field changed (safe fixes; with
`unsafe`, boilerplate lines and repeated headlines removed too). A JSON Lines record keeps
its own line with the new text put in place of the old (records.JsonObject), so its other
fields stay byte for byte as they were; a Parquet row keeps its other columns, replaced
as Arrow columns. `report_field` adds a field that says what was done: the number of
fixes, the text of the lines removed and the findings that remain, by rule. A record that
cannot be read is copied through unchanged and told. The output goes to a temporary file
beside OUT, renamed over it only once complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path

from .config import Settings
from .engine import Linter
from .errors import EXIT_FINDINGS, EXIT_OK, UsageError
from .fix import fix_document
from .records import ArrowBatch, JsonObject, batches, is_parquet
from .sources import SourceError, decode, is_corpus, record_document

TOLD = 20  # unreadable records told one by one; then only their number
ROW_GROUP = 65_536  # rows per Parquet row group written


@dataclass(frozen=True)
class Options:
    unsafe: bool = False
    report_field: str | None = None
    to_parquet: bool = False


@dataclass
class Cleaned:
    """One batch, cleaned: its records as the output takes them (JSON Lines bytes, an
    Arrow table, or row dicts for Parquet), and what was done."""

    records: object
    count: int = 0
    chars: int = 0
    changed: int = 0
    fixes: int = 0
    removed: int = 0
    unreadable: list[str] = field(default_factory=list)  # "record N: why"


def clean_document(linter: Linter, doc, unsafe: bool = False) -> tuple[str, dict]:
    """The document's text fixed, and what was done: {"fixes": applied, "removed": [the
    text of each removed line or span], "remaining": {rule code: findings left}}."""
    removed: list[str] = []
    text, applied, result = fix_document(linter, doc, unsafe, removed)
    remaining = Counter(f.code for f in result.findings)
    return text, {"fixes": applied, "removed": removed, "remaining": dict(sorted(remaining.items()))}


def _fix(linter: Linter, doc, options: Options, done: Cleaned) -> tuple[str, dict]:
    text, report = clean_document(linter, doc, options.unsafe)
    done.chars += len(doc.text)
    done.changed += text != doc.text
    done.fixes += report["fixes"]
    done.removed += len(report["removed"])
    return text, report


def clean_task(linter: Linter, task, options: Options) -> list[Cleaned]:
    """Clean one batch of records (a work function of runner.run)."""
    return [_clean_table(linter, task, options) if isinstance(task, ArrowBatch) else _clean_lines(linter, task, options)]


def _clean_lines(linter: Linter, task, options: Options) -> Cleaned:
    done = Cleaned([] if options.to_parquet else b"", count=len(task.lines))
    out = []
    for offset, line in enumerate(task.lines):
        index = task.first + offset
        text, bad = decode(line)
        try:
            if bad:
                raise ValueError("the record is not valid UTF-8")
            record = JsonObject(text)
        except ValueError as exc:
            done.unreadable.append(f"record {index}: {exc}")
            out.append(line)
            continue
        doc = record_document(record.value, task.path, index, task.fields)
        if doc.input_error:
            done.unreadable.append(f"record {index}: {doc.input_error}")
            out.append(line)
            continue
        fixed, report = _fix(linter, doc, options, done)
        if options.to_parquet:  # a row; in Parquet the report is a column of JSON text
            row = {**record.value, task.fields.text: fixed}
            if options.report_field:
                row[options.report_field] = json.dumps(report, ensure_ascii=False)
            out.append(row)
        else:
            changes = {task.fields.text: fixed}
            if options.report_field:
                changes[options.report_field] = report
            out.append(record.replaced(changes).encode("utf-8"))
    if options.to_parquet:
        done.records = out
    else:  # the last line of a file may lack its line break
        done.records = b"".join(line if line.endswith(b"\n") else line + b"\n" for line in out)
    return done


def _clean_table(linter: Linter, task: ArrowBatch, options: Options) -> Cleaned:
    import pyarrow as pa

    table, text_field = task.table, task.fields.text
    done = Cleaned(None, count=table.num_rows)
    texts, reports = [], []
    for row, doc in task.records():
        if doc.input_error:
            done.unreadable.append(f"record {doc.record}: {doc.input_error}")
            texts.append(row.get(text_field))
            reports.append(None)
            continue
        fixed, report = _fix(linter, doc, options, done)
        texts.append(fixed)
        reports.append(json.dumps(report, ensure_ascii=False))
    at = table.schema.get_field_index(text_field)
    if at >= 0:
        column = table.schema.field(at)
        table = table.set_column(at, column, pa.array(texts, type=column.type))
    if options.report_field:
        report = pa.array(reports, type=pa.string())
        at = table.schema.get_field_index(options.report_field)
        table = table.set_column(at, options.report_field, report) if at >= 0 else \
            table.append_column(options.report_field, report)
    if options.to_parquet:
        done.records = table
    else:
        done.records = "".join(json.dumps(row, ensure_ascii=False, default=_jsonable) + "\n"
                               for row in table.to_pylist()).encode("utf-8")
    return done


def _jsonable(value):
    """Parquet values that JSON has no type for: dates and times as ISO 8601, the rest as text."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


class Output:
    """The cleaned corpus: written to a temporary file beside `path` (JSON Lines, .gz,
    .zst or Parquet by its suffix), renamed over it when complete, removed if not."""

    def __init__(self, path: Path):
        self.path = path
        self.parquet = is_parquet(path.name)
        self.writer = None  # the Parquet writer, made with the first rows' schema
        self.rows: list = []  # Arrow tables waiting to fill a row group

    def __enter__(self):
        try:
            fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                            suffix=".newslint-tmp")
        except OSError as exc:
            raise UsageError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        self.raw = os.fdopen(fd, "wb")
        self.stream = self.raw
        name = self.path.name.lower()
        if name.endswith(".gz"):
            import gzip

            self.stream = gzip.GzipFile(filename=self.path.name[:-3], mode="wb", fileobj=self.raw, mtime=0)
        elif name.endswith(".zst"):
            try:
                import zstandard
            except ImportError:
                raise SourceError(f"{self.path}: writing .zst needs the zstandard package: "
                                  "pip install 'newslint[zstd]'") from None
            self.stream = zstandard.ZstdCompressor().stream_writer(self.raw, closefd=False)
        return self

    def write(self, records) -> None:
        if not self.parquet:
            self.stream.write(records)
            return
        import pyarrow as pa

        if isinstance(records, list):  # JSON Lines rows: the first batch sets the columns
            schema = self.writer.schema if self.writer else None
            unknown = set().union(*records) - set(schema.names) if schema and records else set()
            if unknown:
                raise UsageError(f"{self.path}: a record has field(s) {', '.join(sorted(unknown))} that the "
                                 "first records lack, and Parquet columns are set by them: write JSON Lines")
            try:
                records = pa.Table.from_pylist(records, schema=schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                raise UsageError(f"{self.path}: a record does not fit the columns of the first records "
                                 f"({exc}): write JSON Lines") from None
        if self.writer is None:
            import pyarrow.parquet as pq

            self.writer = pq.ParquetWriter(self.raw, records.schema)
        self.rows.append(records)
        if sum(t.num_rows for t in self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.concat_tables(self.rows))
            self.rows = []

    def __exit__(self, kind, error, trace):
        try:
            if kind is None:
                if self.parquet:
                    if self.writer is None:  # no records: an empty table still has a text column
                        self.write(_empty_table())
                    self._flush()
                    self.writer.close()
                elif self.stream is not self.raw:
                    self.stream.close()
            elif self.writer is not None:
                with contextlib.suppress(Exception):  # the file is dropped: only stop the writer
                    self.writer.close()
            self.raw.close()
            if kind is None:
                os.chmod(self.tmp, _mode(self.path))
                os.replace(self.tmp, self.path)
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def _empty_table():
    import pyarrow as pa

    return pa.table({"text": pa.array([], type=pa.string())})


def _mode(path: Path) -> int:
    """The permissions of the file replaced, or those a new file gets."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _check_paths(source: str, target: Path, settings: Settings, report_field: str | None) -> None:
    if not os.path.isfile(source):
        raise SourceError(f"{source}: no such file")
    for path in (source, target.name):
        if not is_corpus(path):
            raise UsageError(f"{path}: newslint clean reads and writes JSON Lines (.jsonl, .gz, .zst) or "
                             "Parquet corpora; `newslint --fix` fixes text files")
    if target.exists() and os.path.samefile(source, target):
        raise UsageError(f"{target}: this is the input; write the cleaned corpus to another file")
    if report_field == settings.text_field:
        raise UsageError(f"--report-field {report_field} is the text field")


def clean(args, settings: Settings) -> int:
    from .commands import corpus_pass
    from .progress import progress
    from .runner import default_jobs, run_anywhere
    from .sources import Fields

    target = Path(args.output)
    _check_paths(args.corpus, target, settings, args.report_field)
    settings.source_lines = False
    linter = Linter(settings)
    jobs = args.jobs or default_jobs()
    corpus_pass(linter, [args.corpus], settings, jobs, args.scheduler)
    options = Options(args.unsafe_fixes, args.report_field, is_parquet(target.name))
    tasks = batches(args.corpus, Fields.from_settings(settings))
    results = run_anywhere(linter, tasks, jobs, args.scheduler, work=partial(clean_task, options=options))
    total, unreadable = Cleaned(None), 0
    size = None if args.corpus.endswith((".gz", ".zst", ".parquet")) else os.path.getsize(args.corpus)
    with Output(target) as out, progress(sys.stderr, enabled=not (args.quiet or args.no_progress), total=size) as (advance, _):
        for done in results:
            if done.unreadable and isinstance(done.records, list):
                raise UsageError(f"{args.corpus}: {done.unreadable[0]}; Parquet has no place for a record "
                                 "that cannot be read: write JSON Lines")
            out.write(done.records)
            for message in done.unreadable[:max(0, TOLD - unreadable)] if not args.quiet else ():
                print(f"newslint: {args.corpus}: {message}: copied unchanged", file=sys.stderr)
            unreadable += len(done.unreadable)
            for name in ("count", "chars", "changed", "fixes", "removed"):
                setattr(total, name, getattr(total, name) + getattr(done, name))
            advance(done.chars, done.count)
    if not args.quiet:
        _summary(total, unreadable, target)
    return EXIT_FINDINGS if unreadable else EXIT_OK


def _summary(total: Cleaned, unreadable: int, target: Path) -> None:
    said = (f"newslint: cleaned {total.count} record(s) into {target}: {total.changed} changed, "
            f"{total.fixes} fix(es) applied, {total.removed} line(s) or span(s) removed")
    if unreadable:
        said += (f"; {unreadable} record(s) could not be read and were copied unchanged"
                 + (f" ({unreadable - TOLD} not listed above)" if unreadable > TOLD else ""))
    print(said, file=sys.stderr)
