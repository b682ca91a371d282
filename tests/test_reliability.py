"""Bad input and faults, run for real: docs/reliability.md's table of cases, a test each.

Real processes, files and signals: a pool worker killed with SIGKILL, .zst and .gz files
cut short, FIFOs, files that cannot be read (as root: with the capabilities that let
root read anything dropped), read-only files, symlinks, hard links, other users' files.
"""

from __future__ import annotations

import ctypes
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import NEWSLINT, findings, run
from newslint import Linter, fix_text, lint_text
from newslint.runner import default_jobs

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 0, 1, 2
PR_CAPBSET_DROP = 24
NOBODY = 65534
TEXT = "The talks in kyiv  ended on Monday.\n"  # a safe fix for each of NL701 and NL504
FIXED = "The talks in Kyiv ended on Monday.\n"


def without(*capabilities):
    """A preexec_fn that drops capabilities from the child's bounding set, so that root
    meets file permissions (and ownership rules) as any user does."""
    def drop():
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in capabilities:
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
    return drop


def cli_as(preexec, *args, timeout=120):
    try:
        return subprocess.run([NEWSLINT, *map(str, args)], capture_output=True, text=True,
                              preexec_fn=preexec, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise
    except subprocess.SubprocessError as exc:  # prctl refused: no CAP_SETPCAP here
        pytest.skip(f"cannot drop capabilities here: {exc}")


# mojibake, and a removal fix that would take prose


def test_mojibake_is_repaired_and_not_taken_for_a_copyright_line(cli, isolated):
    assert fix_text("CafÃ©", unsafe=True)[0] == "Café"
    assert [f.code for f in lint_text("CafÃ©")] == ["NL601"]
    path = isolated / "m.txt"
    path.write_text("The cafÃ© near the bridge reopened…\n\nIt had been closed since the flood in May.\n",
                    encoding="utf-8")
    proc = cli(path, "--fix", "--unsafe-fixes", "--output-format", "concise")
    assert path.read_text(encoding="utf-8") == \
        "The café near the bridge reopened…\n\nIt had been closed since the flood in May.\n"
    assert proc.returncode == 0, proc.stderr
    # a copyright line written in mojibake is still one, and goes once repaired
    fixed, _ = fix_text("The vote is next week.\n\nÂ© 2024 Daily Ledger\n", unsafe=True)
    assert fixed == "The vote is next week.\n\n"


def test_a_removal_fix_never_takes_a_sentence_of_prose():
    glued = ("© AmazonThe symptoms came on quickly. First it was hard to breathe, then dizzy "
             "spells came with any amount of exertion.")
    text = f"The vote is next week.\n\n{glued}\n\n© 2024 Daily Ledger. All rights reserved.\n"
    notices = [f for f in lint_text(text) if f.code == "NL308"]
    assert [(f.line, f.fix is None) for f in notices] == [(3, True), (5, False)]
    fixed, _ = fix_text(text, unsafe=True)
    assert glued.replace("AmazonThe", "Amazon The") in fixed or glued in fixed
    assert "Daily Ledger" not in fixed


# a killed worker


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry))
    return found


@pytest.mark.skipif(default_jobs() < 2, reason="a pool needs two cores")
def test_a_killed_worker_ends_the_run_with_exit_2_and_nothing_lost_or_doubled(isolated):
    corpus = isolated / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(30000):  # every record has a finding (kyiv), so each shows in the output
            out.write(json.dumps({"id": i, "text": f"Record {i}: the talks in kyiv ended on Monday."}) + "\n")
    proc = subprocess.Popen([NEWSLINT, corpus, "--jobs", "2", "--output-format", "json-lines",
                             "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()  # the pool is up and working
    workers = [w for helper in _children(proc.pid) for w in _children(helper)]
    assert first and workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    killed = time.monotonic()
    out = proc.stdout.read()  # (communicate() would skip what readline() buffered)
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 2
    assert time.monotonic() - killed < 15
    assert "a worker process ended unexpectedly" in err and "Traceback" not in err
    records = [json.loads(line)["record"] for line in (first + out).splitlines()]
    assert records == list(range(len(records))), "records lost, doubled or out of order"
    assert 0 < len(records) < 30000


# corpora cut short, damaged, not what their suffix says


def _zstd_corpus(records: int, per_block: int) -> tuple[bytes, list[int]]:
    """A .jsonl.zst whose blocks end at record boundaries, and the offsets of those ends."""
    zstandard = pytest.importorskip("zstandard")
    buffer = io.BytesIO()
    edges = []
    with zstandard.ZstdCompressor().stream_writer(buffer, closefd=False) as writer:
        for i in range(records):
            writer.write(json.dumps({"id": i, "text": f"The council met on day {i}."}).encode() + b"\n")
            if (i + 1) % per_block == 0:
                writer.flush(zstandard.FLUSH_BLOCK)
                edges.append(buffer.tell())
    return buffer.getvalue(), edges


def test_a_truncated_zst_is_an_error_naming_the_last_good_record(cli, isolated):
    data, edges = _zstd_corpus(1000, 100)
    (isolated / "edge.jsonl.zst").write_bytes(data[:edges[3]])  # cut at a block edge: 400 records
    (isolated / "mid.jsonl.zst").write_bytes(data[:(edges[5] + edges[6]) // 2])
    (isolated / "whole.jsonl.zst").write_bytes(data)
    for name, last_good in (("edge", 399), ("mid", None)):
        proc = cli(f"{name}.jsonl.zst", "--output-format", "json-lines")
        (error,) = [f for f in findings(proc) if f["code"] == "NL001"]
        assert error["message"].startswith("this record could not be read: truncated input")
        if last_good is not None:
            assert error["record"] == last_good + 1 and f"the last good record is {last_good}" in error["message"]
        assert proc.returncode == 1
        assert cli(f"{name}.jsonl.zst", "-q", "--strict-input").returncode == 2
    assert cli("whole.jsonl.zst", "--strict-input", "-q").returncode == 0


def test_a_truncated_gzip_and_garbage_compressed_files(cli, isolated):
    lines = b"".join(json.dumps({"id": i, "text": "The council met."}).encode() + b"\n" for i in range(5000))
    packed = gzip.compress(lines)
    (isolated / "cut.jsonl.gz").write_bytes(packed[:len(packed) // 2])
    (isolated / "junk.jsonl.zst").write_bytes(b"this is not zstd data at all\n" * 20)
    (isolated / "junk.jsonl.gz").write_bytes(b"this is not gzip data at all\n" * 20)
    proc = cli("cut.jsonl.gz", "--output-format", "json-lines", "--strict-input")
    (error,) = findings(proc)
    assert "truncated input" in error["message"] and "the last good record is" in error["message"]
    assert proc.returncode == 2
    proc = cli("junk.jsonl.zst", "junk.jsonl.gz", "--output-format", "json-lines", "--exit-zero")
    assert [(f["path"], f["code"], f["message"]) for f in findings(proc)] == [
        ("junk.jsonl.zst", "NL003", "this file could not be read: not a zstd file"),
        ("junk.jsonl.gz", "NL003", "this file could not be read: not a gzip file")]
    assert proc.returncode == 2 and "internal error" not in proc.stderr


# what is not a regular file, what cannot be read


def test_fifos_are_skipped_not_waited_for(cli, isolated):
    os.mkdir("tree")
    os.mkfifo("tree/pipe.txt")
    os.mkfifo("given.txt")
    (isolated / "tree" / "a.txt").write_text(TEXT, encoding="utf-8")
    proc = cli("tree", "given.txt", "--output-format", "concise", timeout=60)
    assert "tree/pipe.txt: skipped: a FIFO, not a regular file" in proc.stderr
    assert "given.txt: skipped: a FIFO" in proc.stderr
    assert "tree/a.txt:1:14: NL701" in proc.stdout and proc.returncode == 0  # info findings


def test_a_file_that_cannot_be_read_fails_the_run_in_every_format(isolated):
    (isolated / "ok.txt").write_text(FIXED, encoding="utf-8")
    locked = isolated / "locked.txt"
    locked.write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    drop = without(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) if ROOT_USER else None
    for fmt in ("json", "json-lines", "concise", "sarif", "junit", "github", "gitlab", "full"):
        proc = cli_as(drop, "ok.txt", "locked.txt", "--output-format", fmt)
        assert proc.returncode == 2, (fmt, proc.stderr)
        assert "NL003" in proc.stdout or "unreadable-file" in proc.stdout, fmt
        assert "1 file(s) could not be read" in proc.stderr
    proc = cli_as(drop, "locked.txt", "-q", "--exit-zero")
    assert proc.returncode == 2 and "locked.txt:1:1: NL003" in proc.stdout
    (error,) = json.loads(cli_as(drop, "locked.txt", "--output-format", "json").stdout)
    assert error["message"] == "this file could not be read: permission denied"


def test_a_folder_that_cannot_be_listed_fails_the_run(isolated):
    os.makedirs("tree/locked")
    (isolated / "tree" / "locked" / "a.txt").write_text(TEXT, encoding="utf-8")
    (isolated / "tree" / "b.txt").write_text(FIXED, encoding="utf-8")
    (isolated / "tree" / "locked").chmod(0)
    drop = without(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) if ROOT_USER else None
    try:
        proc = cli_as(drop, "tree", "--output-format", "json-lines")
    finally:
        (isolated / "tree" / "locked").chmod(0o755)
    assert [(f["path"], f["message"]) for f in findings(proc)] == [
        ("tree/locked", "this file could not be read: cannot list the folder: permission denied")]
    assert proc.returncode == 2


def test_symlink_loops_are_named(cli, isolated):
    os.mkdir("tree")
    os.symlink("b.txt", "tree/a.txt")
    os.symlink("a.txt", "tree/b.txt")
    proc = cli("tree/a.txt")
    assert proc.returncode == 2 and "tree/a.txt: symlink loop" in proc.stderr
    proc = cli("tree", "--output-format", "json-lines")
    assert {(f["path"], f["message"]) for f in findings(proc)} == {
        ("tree/a.txt", "this file could not be read: symlink loop"),
        ("tree/b.txt", "this file could not be read: symlink loop")}
    assert proc.returncode == 2


def test_utf16_and_utf32_with_a_byte_order_mark_are_read_and_fixed_in_their_encoding(cli, isolated):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        path = isolated / f"{encoding}.txt"
        marked = ("\ufeff" + TEXT).encode(encoding) if encoding.endswith("be") else TEXT.encode(encoding)
        path.write_bytes(marked)
        proc = cli(path, "--output-format", "json-lines")
        assert [(f["code"], f["line"], f["column"]) for f in findings(proc)] == [("NL701", 1, 14), ("NL504", 1, 18)]
        cli(path, "--fix")
        assert path.read_bytes() == (("\ufeff" + FIXED).encode(encoding) if encoding.endswith("be")
                                     else FIXED.encode(encoding))


# --fix and what the user owns


def test_fix_leaves_a_read_only_file_alone(cli, isolated):
    path = isolated / "ro.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0o444)
    proc = cli(path, "--fix")
    assert path.read_text(encoding="utf-8") == TEXT and oct(path.stat().st_mode & 0o777) == "0o444"
    assert "ro.txt: not fixed: cannot write it: it is read-only" in proc.stderr
    assert proc.returncode == 2
    assert os.listdir(isolated) == ["ro.txt"]


def test_fix_through_a_symlink_and_on_a_hard_link(cli, isolated):
    os.mkdir("real")
    (isolated / "real" / "target.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("real/target.txt", "link.txt")
    (isolated / "one.txt").write_text(TEXT, encoding="utf-8")
    os.link("one.txt", "two.txt")
    proc = cli("link.txt", "one.txt", "--fix")
    assert proc.returncode == 0, proc.stderr
    assert os.path.islink("link.txt") and os.readlink("link.txt") == "real/target.txt"
    assert (isolated / "real" / "target.txt").read_text(encoding="utf-8") == FIXED
    assert (isolated / "two.txt").read_text(encoding="utf-8") == FIXED  # the other name shares the fix
    assert os.stat("one.txt").st_ino == os.stat("two.txt").st_ino and os.stat("one.txt").st_nlink == 2
    assert sorted(os.listdir(isolated)) == ["link.txt", "one.txt", "real", "two.txt"]
    assert os.listdir(isolated / "real") == ["target.txt"]


@pytest.mark.skipif(not ROOT_USER, reason="giving a file to another user needs root")
def test_fix_keeps_the_owner_group_and_mode_of_another_users_file(isolated):
    for name, drop in (("renamed.txt", None), ("in-place.txt", without(CAP_CHOWN))):
        path = isolated / name
        path.write_text(TEXT, encoding="utf-8")
        os.chown(path, NOBODY, NOBODY)
        path.chmod(0o664)
        # without CAP_CHOWN, a new file cannot be given to nobody: the text is written in place
        proc = cli_as(drop, path, "--fix")
        assert proc.returncode == 0, proc.stderr
        st = path.stat()
        assert (st.st_uid, st.st_gid, oct(st.st_mode & 0o777)) == (NOBODY, NOBODY, "0o664"), name
        assert path.read_text(encoding="utf-8") == FIXED
    assert sorted(os.listdir(isolated)) == ["in-place.txt", "renamed.txt"]


# time limits and workers


def test_timeouts_that_would_switch_the_guard_off_are_usage_errors(cli, isolated, tmp_path):
    (isolated / "a.txt").write_text(FIXED, encoding="utf-8")
    for value in ("-1", "nan", "inf", "0", "soon"):
        proc = cli("a.txt", f"--timeout={value}")
        assert proc.returncode == 2 and "--timeout: must be a number of seconds above 0" in proc.stderr
    (isolated / ".newslint.toml").write_text("timeout = inf\n", encoding="utf-8")
    proc = cli("a.txt")
    assert proc.returncode == 2 and "'timeout' has a wrong value inf" in proc.stderr


RUNAWAY = """code: EV101
name: runaway
kind: pattern
regex: '(a+)+$'
engine: re
category: boilerplate
severity: warning
message: "a runaway pattern"
description: Nested quantifiers backtrack for ever on a line of a's that does not end the line.
examples:
  bad: ["aaa"]
  good: ["b"]
"""


def test_engine_re_has_the_same_time_limit(cli, isolated):
    os.mkdir("rules")
    (isolated / "rules" / "EV101.yaml").write_text(RUNAWAY, encoding="utf-8")
    (isolated / "a.txt").write_text("a" * 40 + "b\n", encoding="utf-8")
    began = time.monotonic()
    proc = cli("a.txt", "--rules", "rules", "--timeout", "0.5", timeout=120)
    assert time.monotonic() - began < 30
    assert proc.returncode == 2 and "rule EV101 (runaway) took longer than 0.5 s" in proc.stderr
    # outside the main thread, where no signal can stop `re`, the pattern runs on `regex`
    linter = Linter(rules=[str(isolated / "rules")], timeout=0.5, select=["EV101"])
    results = []
    worker = threading.Thread(target=lambda: results.append(linter.lint_text("a" * 40 + "b\n")))
    worker.start()
    worker.join(60)
    assert not worker.is_alive() and results == [[]]


def test_jobs_are_capped_at_the_cores_and_the_files(cli, isolated):
    for name in ("a.txt", "b.txt"):
        (isolated / name).write_text(TEXT, encoding="utf-8")
    proc = cli("a.txt", "b.txt", "--jobs", "200", "--output-format", "concise")
    used = min(2, default_jobs())
    assert f"--jobs 200: using {used}" in proc.stderr and proc.returncode == 0
    assert proc.stdout.count("NL701") == 2


# bidirectional controls


def test_bidirectional_controls_are_reported_as_invisible_characters():
    found = [f.message for f in lint_text("The invoice is txt.\u202eexe and the\u200f total.") if f.code == "NL505"]
    assert found == ["an invisible character (U+202E) inside the text",
                     "an invisible character (U+200F) inside the text"]
    assert not [f for f in lint_text("ישראל (עברית) الإمارات العربية (العربية\u200f)") if f.code == "NL505"]


# a 50 MB single line


# started from a small process: Linux counts in a child's peak memory what the process
# that forked it held (the test runner, hundreds of MB once dask has been imported)
MEASURE = """import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024)
"""


def _peak_rss(*args, env=None) -> int:
    """The peak resident memory, in bytes, of one newslint run."""
    proc = subprocess.run([sys.executable, "-c", MEASURE, NEWSLINT, *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=900)
    code, peak = map(int, proc.stdout.split())
    assert code in (0, 1), proc.stderr
    return peak


NEWS = ("The council met on Tuesday to discuss the budget for the coming year. "
        "Officials said the talks would resume next week, according to a statement from the city. "
        "The mayor told reporters that the plan was not final and that residents would be heard. "
        "Schools will stay open while the work goes on, the district said in a letter to parents. ")


def test_a_50_mb_single_line_takes_at_most_5_times_its_size(isolated):
    """Article text run into one line, a finding every 1,352 characters (37,000 of them)."""
    path = isolated / "line.txt"
    unit = NEWS.replace("the talks would", "the talks in kyiv would") + NEWS * 3
    path.write_text(unit * (50_000_000 // len(unit)) + "\n", encoding="ascii")
    size = path.stat().st_size
    # the word lists cached beforehand, as after any first run (building the cache
    # imports wordfreq, which takes 45 MB once)
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated / "cache")}
    (isolated / "warm.txt").write_text(NEWS, encoding="ascii")
    _peak_rss(isolated / "warm.txt", env=env)
    peak = _peak_rss(path, "--output-format", "concise", "--no-progress", env=env)
    assert peak <= 5 * size, f"{peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB line"
