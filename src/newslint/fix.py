"""Applying fixes: the edits that findings carry, never two that overlap, re-linting until
nothing more applies; a file is written whole or not at all.

A fix is `safe` when it keeps the text's meaning (a run of spaces made one, `kyiv` made
`Kyiv`); removing a line or splitting a word needs a look, so those apply only with
`unsafe=True`, as ruff's --unsafe-fixes. The safe ones go first: an unsafe fix is
judged again on the text they repaired.

Files are written so that nothing the user owns is lost or half-written, a SIGKILL
included: see `write_file` and `Leftovers`, and docs/reliability.md.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from .document import Document
from .finding import Edit, Finding, Fix
from .runner import lint_task
from .sources import BOMS, Note, TextFile

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
        text, fixes = _fix_pass(doc.text, result.findings, unsafe)
        if not fixes:  # nothing to do, or fixes that change nothing: no endless passes
            break
        applied += len(fixes)
        if removed is not None:
            removed += [gone for fix in fixes for e in fix.edits
                        if not e.text and (gone := doc.text[e.start:e.end].strip())]
        doc = replace(doc, text=text, memo={})
        result = linter.lint(doc)
    return doc.text, applied, result


def _fix_pass(text: str, findings: list[Finding], unsafe: bool) -> tuple[str, list]:
    """The text after one pass of fixes, and the fixes applied. The safe fixes go on
    their own while they change something; the unsafe ones follow in a later pass, after
    the text was linted again: a removal is then judged on the repaired text (mojibake
    `Â©` read as a copyright sign is `©` by then, and `Ã©` no sign at all)."""
    for with_unsafe in (False, True) if unsafe else (False,):
        fixes = applicable(findings, with_unsafe)
        fixed = apply(text, fixes)
        if fixed != text:
            return fixed, fixes
    return text, []


def diff(path: str, before: str, after: str) -> str:
    """A unified diff of a fix, as `git diff` shows it."""
    import difflib  # here, as tempfile below: a run that fixes nothing does not import them

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        path, path))


TEMPORARY = ".newslint-tmp"  # the new text, being written beside the file
JOURNAL = ".newslint-journal"  # the new text, complete, being copied into the file
TAG = 8  # hex digits that tell apart the temporary files of one file


def write_file(path: str, text: str, bom: bool, encoding: str = "utf-8") -> None:
    """Replace the file's text so that it is never half-written, keeping what it is.

    Through a symlink, the file it points to is written and the link stays. The new
    text goes to a temporary file beside it, synced, given the file's owner, group and
    mode, and renamed over it: one step, which an interrupted run has taken or not.
    Where a rename would lose something (other hard links share the file; an owner this
    process cannot give), the text is written into the file itself, through a journal:
    the complete temporary file is renamed to a JOURNAL first, so that a run killed (or a
    disk failing) while writing leaves it, and the next run finishes the write
    (`Leftovers`). A file whose permissions allow no writing is left alone (root could
    write it, but someone made it read-only)."""
    target = Path(os.path.realpath(path))
    st = target.stat()
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "it is read-only")
    data = (_mark(encoding) if bom else b"") + text.encode(encoding)
    tmp = _write_temporary(target, data)
    try:
        if st.st_nlink == 1 and _take_owner(tmp, st):
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            os.replace(tmp, target)
            return
        journal = tmp.with_name(tmp.name[:-len(TEMPORARY)] + JOURNAL)
        os.replace(tmp, journal)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        _write_in_place(target, data)
    except OSError as exc:
        raise OSError(exc.errno, f"{exc.strerror or exc}; the next --fix run finishes the write "
                                 f"from {journal.name}") from None
    journal.unlink()


def _mark(encoding: str) -> bytes:
    return next(mark for mark, name in BOMS if name == encoding)


def _write_temporary(target: Path, data: bytes) -> Path:
    """A synced file beside `target` holding `data` (removed again if writing fails)."""
    import secrets  # here, as difflib above: a run that fixes nothing does not import it

    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(TAG // 2)}{TEMPORARY}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _take_owner(tmp: Path, st: os.stat_result) -> bool:
    """Give the temporary file the owner and group of the file it replaces; False if
    this process may not (another user's file, writable to this one)."""
    mine = tmp.stat()
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return True
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        return False
    return True


def _write_in_place(target: Path, data: bytes) -> None:
    """Overwrite the file's content, keeping the file (its links, owner, mode)."""
    fd = os.open(target, os.O_WRONLY)
    try:
        view = memoryview(data)
        written = 0
        while written < len(view):
            written += os.pwrite(fd, view[written:], written)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


class Leftovers:
    """What killed runs of `write_file` left beside the files to fix, cleared before each
    is read: a temporary file is removed (the file itself was not touched yet); a journal
    is complete, so its text is written into the file, whose own write it may have cut
    short, and then removed. Each folder is listed once."""

    def __init__(self):
        self._folders: dict[Path, dict[str, list[str]]] = {}

    def _found(self, folder: Path) -> dict[str, list[str]]:
        """file name -> its leftovers' names, in one folder."""
        if folder not in self._folders:
            found: dict[str, list[str]] = {}
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            for name in names:
                for suffix in (TEMPORARY, JOURNAL):
                    stem = name[1:-len(suffix) - TAG - 1]
                    if name.startswith(".") and name.endswith(suffix) and stem and \
                            name[-len(suffix) - TAG - 1] == ".":
                        found.setdefault(stem, []).append(name)
            self._folders[folder] = found
        return self._folders[folder]

    def recover(self, path: str) -> list[str]:
        """Clear the leftovers of the file at `path` (or its symlink's target); say what was done."""
        target = Path(os.path.realpath(path))
        done = []
        for name in sorted(self._found(target.parent).pop(target.name, [])):
            leftover = target.with_name(name)
            if name.endswith(JOURNAL) and target.exists():
                _write_in_place(target, leftover.read_bytes())
                done.append(f"{path}: finished writing the fix that an interrupted run began")
            else:
                done.append(f"{path}: removed {name}, left by an interrupted run")
            leftover.unlink()
        return done


@dataclass
class Tally:
    """What a fixing run did, for its closing line."""

    fixes: int = 0
    files: int = 0
    unwritten: int = 0  # files whose fixed text could not be written


def fixed_results(linter, tasks, unsafe: bool, tally: Tally,
                  changed: Callable[[Document, str, bool, bool], None],
                  writes: bool = False) -> Iterator:
    """The results of the fixed texts (and Notes), for the report. `changed(doc, text,
    applied, stdin)` decides what becomes of each text file's new text: written, shown as
    a diff, or printed (standard input); an OSError there is told, and the run goes on.
    When it `writes` files, what an interrupted run left beside each is cleared first.
    Corpus records are linted, not changed."""
    told: set[str] = set()
    leftovers = Leftovers() if writes else None
    for task in tasks:
        if isinstance(task, Note):
            yield task
            continue
        if not isinstance(task, TextFile):
            if task.path not in told:
                told.add(task.path)
                yield Note(f"{task.path}: not fixed: fixes apply to text files, not to corpus records")
            yield from lint_task(linter, task)
            continue
        if leftovers is not None and task.data is None:
            try:
                yield from map(Note, leftovers.recover(task.path))
            except OSError as exc:
                yield Note(f"{task.path}: cannot clear what an interrupted run left: {exc.strerror or exc}")
        for doc in task.documents():
            if isinstance(doc, Note):
                yield doc
                continue
            if doc.input_error:
                yield linter.lint(doc)
                continue
            if doc.decode_error:
                yield Note(f"{doc.path}: not fixed: it is not valid {doc.encoding.upper()}, and writing "
                           "it back would replace its bad bytes")
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
