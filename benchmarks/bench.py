"""newslint benchmarks: single-core throughput beside a bare Python pass, --jobs scaling,
peak memory against corpus size, single-article latency. Each part prints a table.

    python benchmarks/bench.py                      # all parts, on ../shared/data/dev/dev.jsonl
    python benchmarks/bench.py --parts throughput --corpus my.jsonl
    python benchmarks/bench.py --parts memory --sizes 10,100,1000   # MB of generated JSONL

The bare pass is what any tool must at least do: read the file, json.loads each record,
one compiled `regex` word scan of its text. MB/s counts the UTF-8 bytes of the article texts,
not of the file (a JSONL record also holds its id, labels and JSON escapes).
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
NEWSLINT = shutil.which("newslint") or str(Path(sys.executable).with_name("newslint"))
WORD = regex.compile(r"\w+")


def table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    print(f"\n{title}")
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  " + "  ".join(str(x).rjust(w) for x, w in zip(row, widths)))


def corpus_texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def text_megabytes(path: Path) -> float:
    """MB of article text in a corpus: what MB/s is counted in."""
    return sum(len(text.encode("utf-8")) for text in corpus_texts(path)) / 1e6


def bare_pass(path: Path) -> float:
    start = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            WORD.findall(json.loads(line)["text"])
    return time.perf_counter() - start


def newslint_pass(path: Path) -> tuple[float, int]:
    from newslint.engine import Linter
    from newslint.sources import Fields, JsonLinesBatch

    linter = Linter()
    with open(path, "rb") as fh:  # warm up: dictionaries, language lists
        warm = [next(fh) for _ in range(20)]
    for doc in JsonLinesBatch(str(path), 0, warm, Fields()).documents():
        linter.lint(doc)
    start = time.perf_counter()
    count = 0
    with open(path, "rb") as fh:
        lines = fh.readlines()
    for first in range(0, len(lines), 512):
        for doc in JsonLinesBatch(str(path), first, lines[first:first + 512], Fields()).documents():
            count += len(linter.lint(doc).findings)
    return time.perf_counter() - start, count


def throughput(corpus: Path) -> None:
    size = text_megabytes(corpus)
    bare = min(bare_pass(corpus) for _ in range(3))
    lint, count = newslint_pass(corpus)
    table(f"Single core over {corpus.name} ({size:.1f} MB of text, {count} findings)",
          ["pass", "seconds", "MB/s", "× bare"],
          [["bare Python (read, json, regex word scan)", f"{bare:.2f}", f"{size / bare:.1f}", "1.0"],
           ["newslint, default rules", f"{lint:.2f}", f"{size / lint:.2f}", f"{lint / bare:.1f}"]])


def run_cli(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (kB) of one newslint run, via /usr/bin/time when present."""
    timer = shutil.which("time") or "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        if os.path.exists(timer):
            subprocess.run([timer, "-f", "%M", "-o", report.name, NEWSLINT, *args],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall = time.perf_counter() - start
            text = Path(report.name).read_text().strip().splitlines()
            return wall, int(text[-1]) if text and text[-1].isdigit() else 0
        subprocess.run([NEWSLINT, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - start, 0


def scaling(corpus: Path) -> None:
    size = text_megabytes(corpus)
    rows = []
    base = None
    for jobs in (1, 2, os.cpu_count() or 2):
        wall, _ = run_cli(["check", str(corpus), "--jobs", str(jobs), "--output-format", "json-lines",
                           "--exit-zero", "--no-progress"])
        base = base or wall
        rows.append([jobs, f"{wall:.1f}", f"{size / wall:.2f}", f"{base / wall:.2f}"])
    table(f"Scaling with --jobs ({corpus.name}, {size:.1f} MB of text, whole process)",
          ["jobs", "seconds", "MB/s", "speed-up"], rows)


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
            wall, peak = run_cli(["check", str(path), "--jobs", str(jobs), "--output-format", "doc-summary",
                                  "--exit-zero", "--no-progress"])
            rows.append([megabytes, f"{wall:.1f}", f"{peak / 1024:.0f}"])
            path.unlink()
    table(f"Peak RSS against corpus size (--jobs {jobs}; RSS of the main process)",
          ["corpus MB", "seconds", "peak RSS MB"], rows)


def latency(article: Path) -> None:
    walls = [run_cli([str(article), "--output-format", "concise"])[0] for _ in range(9)]
    table(f"Single article ({article.name}), whole process, dictionary included",
          ["runs", "median s", "min s"], [[len(walls), f"{statistics.median(walls):.3f}", f"{min(walls):.3f}"]])
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
    parser.add_argument("--parts", default="throughput,scaling,memory,latency")
    parser.add_argument("--sizes", default="10,100", help="MB of generated corpus for the memory part")
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the memory part")
    args = parser.parse_args()
    parts = args.parts.split(",")
    # every run as installed: pip writes the bytecode cache and the first run the word-list
    # cache, so bytecode writing is allowed and a warm-up run comes first
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    run_cli([str(ROOT / "examples" / "article.txt")])
    corpus = args.corpus
    tmp = None
    if corpus is None:  # no dev set beside the checkout: a corpus of the example article
        tmp = tempfile.TemporaryDirectory()
        corpus = make_corpus([(ROOT / "examples" / "article.txt").read_text(encoding="utf-8")], 5, Path(tmp.name))
    if "throughput" in parts:
        throughput(corpus)
    if "scaling" in parts:
        scaling(corpus)
    if "memory" in parts:
        memory(corpus_texts(corpus), [int(s) for s in args.sizes.split(",")], args.jobs)
    if "latency" in parts:
        latency(ROOT / "examples" / "article.txt")


if __name__ == "__main__":
    main()
