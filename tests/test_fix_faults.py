"""--fix killed with SIGKILL, at random moments and at each step of writing a file.

After a kill, every file is its original text or its fully fixed text; the exception is
a file with other hard links, written in place, which may be cut short while its
journal (the complete fixed text) lies beside it. The next `newslint --fix` run clears
what the killed one left: it removes temporary files and finishes journalled writes.
After it, every file is fully fixed and nothing is left beside any.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NEWSLINT

LEFTOVERS = (".newslint-tmp", ".newslint-journal")
PAGE = ("Storm closes schools\n\nStorm closes schools\n\nThe talks in kyiv  ended on Monday, "
        "officials said after the meeting.\n\n  Advertisement  \n\nRead more\n\n")
PARAGRAPH = "The council met on Tuesday to discuss the budget for the coming year, the mayor said.\n\n"

INJECT = '''
import os, signal, sys
from pathlib import Path

point, nth = sys.argv[1], int(sys.argv[2])
calls = 0


def killed_at(original, half=False):
    def wrapper(*args, **kwargs):
        global calls
        # calls on paths count only on newslint's own files (the word-list cache is renamed too)
        paths = [str(a) for a in args if isinstance(a, (str, Path))]
        calls += not paths or any(".newslint-" in p for p in paths)
        if calls == nth:
            if half:  # os.pwrite(fd, data, offset): half the data is written, then the kill
                fd, data, offset = args
                original(fd, data[:len(data) // 2], offset)
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    return wrapper


if point == "unlink":
    Path.unlink = killed_at(Path.unlink)
else:
    setattr(os, point, killed_at(getattr(os, point), half=point == "pwrite"))
from newslint.cli import main
sys.exit(main(sys.argv[3:]))
'''


def _originals() -> dict[str, str]:
    """Relative path -> text: pages of different sizes, so that writes take some time."""
    rng = random.Random(13)
    return {f"tree/{i:02}.txt": PAGE + PARAGRAPH * rng.choice((1, 20, 500)) for i in range(10)}


def _lay_out(root: Path, texts: dict[str, str]) -> None:
    """The files, plus a hard link (tree/10.txt, also named other/10.txt) and a symlink
    (tree/11.txt, to other/target.txt)."""
    shutil.rmtree(root / "tree", ignore_errors=True)
    shutil.rmtree(root / "other", ignore_errors=True)
    (root / "tree").mkdir()
    (root / "other").mkdir()
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "other" / "10.txt").write_text(PAGE + PARAGRAPH * 1000, encoding="utf-8")
    os.link(root / "other" / "10.txt", root / "tree" / "10.txt")
    (root / "other" / "target.txt").write_text(PAGE, encoding="utf-8")
    os.symlink(root / "other" / "target.txt", root / "tree" / "11.txt")


def _contents(root: Path) -> dict[str, bytes]:
    return {f"tree/{p.name}": p.read_bytes() for p in sorted((root / "tree").glob("*.txt"))}


def _leftovers(root: Path) -> list[str]:
    return [p.name for folder in ("tree", "other") for p in (root / folder).iterdir()
            if p.name.endswith(LEFTOVERS)]


def _fix(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run([*(command or [NEWSLINT]), "tree", "--fix", "--unsafe-fixes", "-q"], cwd=root,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    """The originals and their fully fixed texts, from an uninterrupted run."""
    root = tmp_path_factory.mktemp("reference")
    _lay_out(root, _originals())
    before = _contents(root)
    began = time.monotonic()
    proc = _fix(root)
    assert proc.returncode in (0, 1), proc.stderr
    after = _contents(root)
    assert all(before[name] != after[name] for name in before), "every file has something to fix"
    return before, after, time.monotonic() - began


def _check_after_kill(root: Path, before: dict, after: dict) -> None:
    journalled = any(p.endswith(".newslint-journal") for p in _leftovers(root))
    for name, data in _contents(root).items():
        in_place = name == "tree/10.txt" and journalled  # a hard link, written in place
        assert data in (before[name], after[name]) or in_place, f"{name} is half-written"
    assert (root / "tree" / "10.txt").stat().st_ino == (root / "other" / "10.txt").stat().st_ino


def _check_recovered(root: Path, after: dict) -> None:
    proc = _fix(root)
    assert proc.returncode in (0, 1), proc.stderr
    assert _contents(root) == after
    assert _leftovers(root) == []
    assert os.path.islink(root / "tree" / "11.txt")
    assert (root / "other" / "10.txt").read_bytes() == after["tree/10.txt"]


# the files are fixed in order: 00-09 renamed over (one fsync, one rename each), then 10
# written in place (fsync of the temporary file, rename to journal, pwrite, ftruncate,
# fsync, journal removed), then the symlink's target
STEPS = [("fsync", 1, ".newslint-tmp"),  # the first temporary file written, not renamed
         ("replace", 1, ".newslint-tmp"),  # the same, synced
         ("replace", 11, ".newslint-tmp"),  # the hard-linked file's, not yet a journal
         ("pwrite", 1, ".newslint-journal"),  # half of the hard-linked file written in place
         ("ftruncate", 1, ".newslint-journal"),  # all of it written, the old end still there
         ("fsync", 12, ".newslint-journal"),  # written, not synced
         ("unlink", 1, ".newslint-journal")]  # written, the journal not yet removed


@pytest.mark.parametrize("point, nth, left", STEPS)
def test_a_kill_at_each_step_of_writing(tmp_path, expected, point, nth, left):
    before, after, _ = expected
    _lay_out(tmp_path, _originals())
    script = tmp_path / "inject.py"
    script.write_text(INJECT, encoding="utf-8")
    proc = _fix(tmp_path, sys.executable, str(script), point, str(nth))
    assert proc.returncode == -signal.SIGKILL, (point, proc.stderr)
    assert [name[-len(left):] for name in _leftovers(tmp_path)] == [left]
    _check_after_kill(tmp_path, before, after)
    _check_recovered(tmp_path, after)


def test_kills_at_random_moments(tmp_path, expected):
    before, after, duration = expected
    rng = random.Random(os.getpid())
    for _ in range(6):
        _lay_out(tmp_path, _originals())
        proc = subprocess.Popen([NEWSLINT, "tree", "--fix", "--unsafe-fixes", "-q"], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _check_after_kill(tmp_path, before, after)
        _check_recovered(tmp_path, after)
