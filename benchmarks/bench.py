"""newslint benchmarks, measured in CPU time so that the ratios hold on a shared machine.

    python benchmarks/bench.py                      # every part, on ../shared/data/dev/dev.jsonl
    python benchmarks/bench.py --parts throughput --corpus my.jsonl --repeats 5
    python benchmarks/bench.py --parts memory --sizes 10,1000   # MB of generated JSONL

Parts (each prints a table):
- throughput: CPU seconds (time.process_time) of each pass over the same texts, in one
  process, `--repeats` times, interleaved: the bare pass (read the file, json.loads each
  record, one `regex` word scan of its text), newslint's default rules and, when they are
  installed (`pip install 'newslint[bench]'`), datatrove's C4QualityFilter and
  GopherQualityFilter `.filter` and proselint with all its checks. Every pass reads and
  decodes the records itself. MB counts the UTF-8 bytes of the article texts, not of the
  file (a JSONL record also holds its id, labels and JSON escapes).
- latency: CPU microseconds per document for a one-sentence document and for the example
  article, default rules, in a warm process; making the Document is included.
- scaling: `newslint check --jobs N` as a command, wall time and the CPU time of the
  whole process tree (main process and workers, read from /proc while it runs).
- memory: peak RSS of the main process and of the largest worker against corpus size.
- cli: wall time of `newslint examples/article.txt`, a whole process, dictionary included.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "dev" / "dev.jsonl"
ARTICLE = ROOT / "examples" / "article.txt"
NEWSLINT = shutil.which("newslint") or str(Path(sys.executable).with_name("newslint"))
WORD = regex.compile(r"\w+")
SENTENCE = "The council met on Tuesday to discuss the budget for next year."
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    print(f"\n{title}")
    for row in [header, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths)) + " |")
    sys.stdout.flush()


def span(values: list[float], digits: int = 2) -> str:
    """A range as the tables print it: 1.7–2.0 (one value when they agree)."""
    lo, hi = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
    return lo if lo == hi else f"{lo}–{hi}"


def records(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def text_megabytes(path: Path) -> float:
    """MB of article text in a corpus: what MB/s is counted in."""
    return sum(len(r["text"].encode("utf-8")) for r in records(path)) / 1e6


# --- the passes of the throughput table: each reads the corpus and returns CPU seconds


def bare_pass(path: Path) -> float:
    start = time.process_time()
    for record in records(path):
        WORD.findall(record["text"])
    return time.process_time() - start


def newslint_pass(path: Path) -> float:
    """The command line's own path without the output: sources, runner, default rules."""
    from newslint.config import Settings
    from newslint.runner import run
    from newslint.sources import plan

    linter = _linter()
    settings = Settings()
    start = time.process_time()
    for result in run(linter, plan([str(path)], settings), jobs=1):
        getattr(result, "findings", None)
    return time.process_time() - start


_LINTER = None


def _linter():
    """One Linter for every pass, warmed up (word lists and language data loaded)."""
    global _LINTER
    if _LINTER is None:
        from newslint.engine import Linter

        _LINTER = Linter(source_lines=False)  # as for the machine formats: no source lines
        _LINTER.lint_text(ARTICLE.read_text(encoding="utf-8"))
        _LINTER.lint_text("El concejo se reunió el martes para hablar del presupuesto del año que viene.")
    return _LINTER


def datatrove_pass(name: str):
    from datatrove.data import Document
    from datatrove.pipeline import filters

    check = getattr(filters, name)()
    check.filter(Document(text=SENTENCE, id="warm-up"))  # loads the tokenizer

    def run(path: Path) -> float:
        start = time.process_time()
        for index, record in enumerate(records(path)):
            check.filter(Document(text=record["text"], id=str(index)))
        return time.process_time() - start

    return run


def proselint_pass():
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "checks": dict.fromkeys(DEFAULT["checks"], True), "max_errors": 10 ** 9}
    LintFile("warm-up", SENTENCE).lint(config)

    def run(path: Path) -> float:
        start = time.process_time()
        for record in records(path):
            if record["text"]:
                LintFile("record", record["text"]).lint(config)
        return time.process_time() - start

    return run


def peers() -> list[tuple[str, object]]:
    """The other tools' passes whose packages are installed."""
    found = []
    try:
        found += [("datatrove C4QualityFilter.filter", datatrove_pass("C4QualityFilter")),
                  ("datatrove GopherQualityFilter.filter", datatrove_pass("GopherQualityFilter"))]
    except ImportError as exc:
        print(f"(datatrove not measured: {exc})", file=sys.stderr)
    try:
        found.append(("proselint, all checks", proselint_pass()))
    except ImportError as exc:
        print(f"(proselint not measured: {exc})", file=sys.stderr)
    return found


def throughput(corpus: Path, repeats: int, with_peers: bool) -> None:
    size = text_megabytes(corpus)
    passes = [("bare pass (read JSON, one `regex` word scan)", bare_pass),
              ("newslint, default rules", newslint_pass)]
    newslint_pass(corpus)  # untimed: the word lists of every language in the corpus load
    if with_peers:
        passes += peers()
    seconds: dict[str, list[float]] = {name: [] for name, _ in passes}
    for _ in range(repeats):  # interleaved: a busy moment of the machine hits every pass
        for name, run in passes:
            seconds[name].append(run(corpus))
    bare = seconds[passes[0][0]]
    rows = [[name, span([size / s for s in times]), span([s / b for s, b in zip(times, bare)], 1)]
            for name, times in seconds.items()]
    table(f"Throughput on {corpus.name}: {size:.1f} MB of article text, CPU time in one process, "
          f"{repeats} repeats", ["pass", "MB/s per core", "× a bare pass"], rows)


def latency() -> None:
    from newslint.document import Document

    linter = _linter()
    article = ARTICLE.read_text(encoding="utf-8")
    rows = []
    for name, text, count in (("one sentence", SENTENCE, 20000), (ARTICLE.name, article, 300)):
        runs = []
        for _ in range(3):
            # made, linted and dropped one by one, as a corpus run or an editor does: a
            # list of 20,000 live documents would measure the garbage collector walking it
            start = time.process_time()
            for _ in range(count):
                linter.lint(Document(text=text))
            runs.append((time.process_time() - start) / count * 1e6)
        rows.append([name, len(text), span(runs, 0)])
    table("Latency per document, default rules, CPU time in a warm process",
          ["document", "characters", "µs per document"], rows)


# --- whole commands: wall time, and the CPU and memory of the process tree from /proc


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _stat(pid: int) -> tuple[float, int] | None:
    """CPU seconds so far and peak RSS (kB) of one process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/status") as fh:
            peak = next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
    except (OSError, StopIteration, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK, peak


def run_command(args: list[str]) -> dict:
    """Run newslint: its wall seconds, the CPU seconds and peak RSS (MB) of the main
    process (from wait4) and of the processes it started (read from /proc every 20 ms: a
    worker's last few milliseconds may be missed)."""
    start = time.perf_counter()
    proc = subprocess.Popen([NEWSLINT, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    others: dict[int, tuple[float, int]] = {}
    while True:
        done, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            break
        stack = _children(proc.pid)
        while stack:
            pid = stack.pop()
            stack += _children(pid)
            seen = _stat(pid)
            if seen is not None:  # an exiting process shows no memory any more: keep its peak
                others[pid] = (seen[0], max(seen[1], others.get(pid, (0, 0))[1]))
        time.sleep(0.02)
    return {"wall": time.perf_counter() - start,
            "main_cpu": usage.ru_utime + usage.ru_stime,
            "cpu": usage.ru_utime + usage.ru_stime + sum(c for c, _ in others.values()),
            "main_rss": usage.ru_maxrss / 1024,
            "worker_rss": max((r for _, r in others.values()), default=0) / 1024}


def scaling(corpus: Path, repeats: int) -> None:
    size = text_megabytes(corpus)
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(repeats):
        for jobs in runs:
            runs[jobs].append(run_command(["check", str(corpus), "--jobs", str(jobs), "--output-format",
                                           "json-lines", "--exit-zero", "--no-progress"]))
    one = runs[1]
    rows = []
    for jobs, results in runs.items():
        walls = [r["wall"] for r in results]
        cpus = [r["cpu"] for r in results]
        # with one core a job, the run takes as long as its busiest part: the main process
        # (reading, writing) or a worker's share of the linting
        busiest = [max(r["main_cpu"], (r["cpu"] - r["main_cpu"]) / jobs) if jobs > 1 else r["cpu"]
                   for r in results]
        rows.append([jobs, span(walls), span(cpus), span([size / w for w in walls]),
                     span([a["wall"] / w for a, w in zip(one, walls)]),
                     span([a["cpu"] / b for a, b in zip(one, busiest)])])
    table(f"Scaling with --jobs ({corpus.name}, {size:.1f} MB of text, json-lines output, "
          f"{repeats} repeats)",
          ["jobs", "wall s", "CPU s (all processes)", "MB/s wall", "speed-up (wall)",
           "speed-up (CPU: 1 job's CPU / busiest process's CPU)"], rows)


def make_corpus(source: list[str], megabytes: int, folder: Path) -> Path:
    path = folder / f"corpus-{megabytes}mb.jsonl"
    target = megabytes * 1_000_000
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        index = 0
        while written < target:
            line = json.dumps({"id": index, "text": source[index % len(source)]}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            index += 1
    return path


def memory(source: list[str], sizes: list[int], jobs: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = make_corpus(source, megabytes, Path(folder))
            result = run_command(["check", str(path), "--jobs", str(jobs), "--output-format", "doc-summary",
                                  "--exit-zero", "--no-progress"])
            rows.append([megabytes, f"{result['wall']:.1f}", f"{result['cpu']:.1f}",
                         f"{result['main_rss']:.0f}", f"{result['worker_rss']:.0f}"])
            path.unlink()
    table(f"Peak RSS against corpus size (--jobs {jobs}, doc-summary output)",
          ["corpus MB", "wall s", "CPU s", "main process RSS MB", "largest worker RSS MB"], rows)


def cli(article: Path) -> None:
    walls = [run_command([str(article), "--output-format", "concise"])["wall"] for _ in range(9)]
    table(f"Single article ({article.name}) through the command line: whole process, dictionary included",
          ["runs", "median wall s", "min wall s"],
          [[len(walls), f"{statistics.median(walls):.3f}", f"{min(walls):.3f}"]])
    startup()


def startup(runs: int = 20) -> None:
    """`newslint --version` against a bare interpreter, in CPU time (wall time on a shared
    machine measures the neighbours): what starting the command costs before any work."""
    import resource

    rows = []
    for label, command in (("newslint --version", [NEWSLINT, "--version"]),
                           ("python -c pass", [sys.executable, "-c", "pass"])):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for _ in range(runs):
            subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
        rows.append([label, runs, f"{cpu * 1000:.1f}"])
    table("Start-up, CPU time per run", ["command", "runs", "CPU ms"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEV if DEV.exists() else None)
    parser.add_argument("--parts", default="throughput,latency,scaling,memory,cli")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="measure newslint and the bare pass only")
    parser.add_argument("--sizes", default="10,1000", help="MB of generated corpus for the memory part")
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the memory part")
    args = parser.parse_args()
    parts = args.parts.split(",")
    # every run as installed: pip writes the bytecode cache and the first run the word-list
    # cache, so bytecode writing is allowed and a warm-up run comes first
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    run_command([str(ARTICLE)])
    corpus = args.corpus
    tmp = None
    if corpus is None:  # no dev set beside the checkout: a corpus of the example article
        tmp = tempfile.TemporaryDirectory()
        corpus = make_corpus([ARTICLE.read_text(encoding="utf-8")], 5, Path(tmp.name))
    if "throughput" in parts:
        throughput(corpus, args.repeats, not args.no_peers)
    if "latency" in parts:
        latency()
    if "scaling" in parts:
        scaling(corpus, args.repeats)
    if "memory" in parts:
        memory([r["text"] for r in records(corpus)], [int(s) for s in args.sizes.split(",")], args.jobs)
    if "cli" in parts:
        cli(ARTICLE)


if __name__ == "__main__":
    main()
