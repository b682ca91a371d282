"""Applying fixes: the edits that findings carry, never two that overlap, re-linting until
nothing more applies; a file is written whole or not at all.

A fix is `safe` when it keeps the text's meaning (a run of spaces made one, `kyiv` made
`Kyiv`); removing a line or splitting a word needs a look, so those apply only with
`unsafe=True`, as ruff's --unsafe-fixes.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from .document import Document
from .finding import Edit, Finding, Fix
from .runner import lint_task
from .sources import BOM, Note, TextFile

MAX_PASSES = 10  # a fix can uncover another (two copies of a headline): lint again, a few times


def applicable(findings: list[Finding], unsafe: bool) -> list[Fix]:
    """The fixes to apply, in text order: of each group that overlap, the first only (the
    others are tried again on the fixed text)."""
    chosen: list[Fix] = []
    reach = -1  # where the chosen edits end
    fixes = [f.fix for f in findings if f.fix is not None and (unsafe or f.fix.safe)]
    for fix in sorted(fixes, key=_span):
        start, end = _span(fix)
        # an insertion right where a chosen edit ends waits too: two rules that each add
        # the missing space ('$20.There') would add two
        if start < reach or start == end == reach:
            continue
        chosen.append(fix)
        reach = max(reach, end)
    return chosen


def _span(fix: Fix) -> tuple[int, int]:
    return min(e.start for e in fix.edits), max(e.end for e in fix.edits)


def apply(text: str, fixes: list[Fix]) -> str:
    """The text with the edits of `fixes` (which do not overlap) made. Lines removed
    together are one removal; one that leaves two blank lines in a row takes the second
    along (a paragraph removed with its gap)."""
    edits: list[Edit] = []
    for edit in sorted((e for fix in fixes for e in fix.edits), key=lambda e: (e.start, e.end)):
        if edits and not edit.text and not edits[-1].text and edits[-1].end == edit.start:
            edits[-1] = Edit(edits[-1].start, edit.end, "")
        else:
            edits.append(edit)
    parts, at = [], 0
    for index, edit in enumerate(edits):
        end = edit.end
        if not edit.text and _blank_before(text, edit.start) and _whole_lines(text, edit.start, end):
            gap = _blank_line_at(text, end)
            if gap and (index + 1 == len(edits) or edits[index + 1].start >= end + gap):
                end += gap
        parts += (text[at:edit.start], edit.text)
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _whole_lines(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] == "\n") and end > start and (end == len(text) or text[end - 1] == "\n")


def _blank_before(text: str, start: int) -> bool:
    """Whether the line before `start` (a line start) is blank, or there is none."""
    if start == 0:
        return True
    previous = text.rfind("\n", 0, start - 1) + 1
    return not text[previous:start].strip()


def _blank_line_at(text: str, start: int) -> int:
    """The length of the blank line at `start`, line break included; 0 if it is not blank."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end + 1
    return end - start if start < len(text) and not text[start:end].strip() else 0


def fix_document(linter, doc: Document, unsafe: bool, removed: list[str] | None = None):
    """(fixed text, fixes applied, the DocResult of the fixed text). `removed`, when given,
    receives the text of each line or span the fixes delete (what `newslint clean` reports)."""
    result = linter.lint(doc)
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = applicable(result.findings, unsafe)
        text = apply(doc.text, fixes)
        if text == doc.text:  # nothing to do, or fixes that change nothing: no endless passes
            break
        applied += len(fixes)
        if removed is not None:
            removed += [gone for fix in fixes for e in fix.edits
                        if not e.text and (gone := doc.text[e.start:e.end].strip())]
        doc = replace(doc, text=text, memo={})
        result = linter.lint(doc)
    return doc.text, applied, result


def diff(path: str, before: str, after: str) -> str:
    """A unified diff of a fix, as `git diff` shows it."""
    import difflib  # here, as tempfile below: a run that fixes nothing does not import them

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        path, path))


def write_file(path: str, text: str, bom: bool) -> None:
    """Replace the file's content in one step (a temporary file beside it, renamed over
    it), keeping its permissions: an interrupted run leaves the old file, never half of it."""
    import tempfile

    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".newslint-tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write((BOM if bom else b"") + text.encode("utf-8"))
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Tally:
    """What a fixing run did, for its closing line."""

    fixes: int = 0
    files: int = 0
    unwritten: int = 0  # files whose fixed text could not be written


def fixed_results(linter, tasks, unsafe: bool, tally: Tally,
                  changed: Callable[[Document, str, bool, bool], None]) -> Iterator:
    """The results of the fixed texts (and Notes), for the report. `changed(doc, text,
    applied, stdin)` decides what becomes of each text file's new text: written, shown as
    a diff, or printed (standard input); an OSError there is told, and the run goes on.
    Corpus records are linted, not changed."""
    told: set[str] = set()
    for task in tasks:
        if not isinstance(task, TextFile):
            if task.path not in told:
                told.add(task.path)
                yield Note(f"{task.path}: not fixed: fixes apply to text files, not to corpus records")
            yield from lint_task(linter, task)
            continue
        for doc in task.documents():
            if isinstance(doc, Note):
                yield doc
                continue
            if doc.decode_error:
                yield Note(f"{doc.path}: not fixed: it is not valid UTF-8, and writing it back "
                           "would replace its bad bytes")
                yield linter.lint(doc)
                continue
            text, applied, result = fix_document(linter, doc, unsafe)
            try:
                changed(doc, text, applied > 0, task.data is not None)
            except OSError as exc:
                tally.unwritten += 1
                yield Note(f"{doc.path}: not fixed: cannot write it: {exc.strerror or exc}")
                yield linter.lint(doc)
                continue
            tally.fixes += applied
            tally.files += applied > 0
            yield result
