"""The subcommands behind cli.py: check, rules, rule, test-rules, config, server."""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .baseline import Baseline
from .config import Settings
from .engine import Linter
from .errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from .finding import Finding
from .fix import Tally, diff, fixed_results, write_file
from .reporters import reporter_class
from .runner import default_jobs, run
from .sources import Note, is_corpus, plan
from .structure import describe_scope
from .summary import Summary


def _format(args, stream_is_tty: bool) -> str:
    if args.output_format:
        return args.output_format
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if stream_is_tty else "concise"


def _color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def output_stream(path: Path | None, console=None):
    """The console (standard output), or a file that appears only once the report is complete."""
    if path is None:
        yield console or sys.stdout
        return
    tmp = path.with_name(f".{path.name}.newslint-tmp")
    try:
        stream = open(tmp, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with stream:
            yield stream
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _jobs(args) -> int:
    if args.jobs is not None:
        if args.jobs < 1:
            raise UsageError("--jobs must be 1 or more")
        return _capped(args, args.jobs)
    many = any(p == "-" and is_corpus(args.stdin_filename or "") or
               (p != "-" and (os.path.isdir(p) or is_corpus(p))) for p in args.paths)
    return default_jobs() if many else 1


def corpus_pass(linter: Linter, paths: list[str], settings: Settings, jobs: int, scheduler: str | None) -> None:
    """Before linting, the pass over the same input that corpus rules (site-repeat) need;
    standard input, which can be read only once, is left out of it."""
    if linter.corpus_rules:
        from .corpus import prepare

        prepare(linter, plan([p for p in paths if p != "-"], settings), jobs, scheduler)


def _capped(args, jobs: int) -> int:
    """--jobs, at most the cores this process may use (linting is CPU work: more
    processes only take memory) and the files given when they are all articles."""
    cores = default_jobs()
    files = len(args.paths) if all(p != "-" and os.path.isfile(p) and not is_corpus(p) for p in args.paths) \
        else None
    capped = min(jobs, cores, files or jobs)
    if capped < jobs and not args.quiet:
        print(f"newslint: --jobs {jobs}: using {capped}, "
              f"{'the cores available' if capped == cores else 'one per file given'}", file=sys.stderr)
    return capped


def check(args, settings: Settings) -> int:
    if (args.fix or args.diff) and args.scheduler:
        raise UsageError("--fix and --diff change files on this machine: drop --scheduler")
    if args.diff:
        return show_diffs(args, settings)
    # fixed standard input goes to standard output, and the report to standard error
    console = sys.stderr if args.fix and "-" in args.paths else sys.stdout
    if args.unsafe_fixes and not (args.fix or args.diff):
        print("newslint: note: --unsafe-fixes applies with --fix or --diff; this run changes nothing",
              file=sys.stderr)
    fmt = _format(args, args.output_file is None and console.isatty())
    color = _color(args.color, console if args.output_file is None else None)
    reporter_cls = reporter_class(fmt, args.statistics)
    settings.source_lines = fmt == "full"  # only the full view shows source lines
    linter = Linter(settings)
    corpus_pass(linter, args.paths, settings, _jobs(args), args.scheduler)
    baseline = Baseline.load(args.baseline) if args.baseline else None
    recorder = Baseline() if args.write_baseline else None
    summary = Summary()
    tasks = plan(args.paths, settings, args.stdin_filename)
    tally = Tally()
    if args.fix:
        results = fixed_results(linter, tasks, args.unsafe_fixes, tally, _write_fixed, writes=True)
    elif args.scheduler:
        from .dask import run_on_cluster

        results = run_on_cluster(linter, tasks, args.scheduler)
    else:
        # a baseline drops findings after linting, and a new one records them: both need
        # the findings themselves in this process
        render = None if baseline or recorder else reporter_cls.renderer(color)
        results = run(linter, tasks, _jobs(args), render=render)
    from .progress import progress

    sizes = [os.path.getsize(p) for p in args.paths if p != "-" and os.path.isfile(p)]
    total = sum(sizes) if len(sizes) == len(args.paths) and not any(
        p.endswith((".gz", ".zst", ".parquet")) for p in args.paths) else None
    with output_stream(args.output_file, console) as stream:
        # (a report on standard error, beside fixed standard input, gets no bar)
        with progress(stream, enabled=not (args.quiet or args.no_progress) and console is sys.stdout,
                      total=total) as (advance, out):
            reporter = reporter_cls(out, color=color, rules=linter.rules)
            reporter.start()
            for item in results:
                if isinstance(item, Note):
                    if not args.quiet:
                        print(f"newslint: {item.message}", file=sys.stderr)
                    continue
                if recorder is not None:
                    recorder.record(item)
                if baseline is not None:
                    item.findings = baseline.new_findings(item)
                summary.add(item)
                reporter.document(item)
                advance(item.chars)
        if not args.quiet or fmt != "full":
            reporter.finish(summary)
    for error in summary.rule_errors:
        print(f"newslint: error: {error}", file=sys.stderr)
    if summary.unread_files:
        print(f"newslint: error: {summary.unread_files} file(s) could not be read (NL003)", file=sys.stderr)
    if args.fix and not args.quiet:
        print(f"newslint: {_fixed(tally, 0 if args.unsafe_fixes else summary.unsafe_fixes)}", file=sys.stderr)
    elif not args.quiet and fmt in ("full", "concise") and (summary.safe_fixes or summary.unsafe_fixes) \
            and not any(is_corpus(args.stdin_filename or "" if p == "-" else p) for p in args.paths):
        print(f"newslint: {_fixable(summary, fmt == 'full')}", file=sys.stderr)  # --fix never rewrites corpora
    if tally.unwritten:
        print(f"newslint: error: {tally.unwritten} file(s) could not be written", file=sys.stderr)
        return EXIT_ERROR
    if recorder is not None:
        recorder.save(args.write_baseline)
    if args.strict_input and summary.input_errors:
        print(f"newslint: error: {summary.input_errors} corpus record(s) could not be read",
              file=sys.stderr)
        return EXIT_ERROR
    return summary.exit_code(settings.fail_on, args.exit_zero)


def _write_fixed(doc, text: str, changed: bool, stdin: bool) -> None:
    if stdin:  # the text goes back out, fixed or not
        sys.stdout.write(text)
    elif changed:
        write_file(doc.path, text, doc.bom, doc.encoding)


def _fixed(tally: Tally, unsafe_left: int) -> str:
    said = f"fixed {tally.fixes} finding(s) in {tally.files} file(s)"
    if unsafe_left:
        said += f"; {unsafe_left} more can be fixed with --unsafe-fixes (review them)"
    return said


def _fixable(summary: Summary, marked: bool) -> str:
    """What fixing would do; `marked`: the report marks the findings --fix mends with [*]."""
    said = [f"{'[*] ' if marked else ''}{summary.safe_fixes} finding(s) can be fixed with --fix"] \
        if summary.safe_fixes else []
    if summary.unsafe_fixes:
        said.append(f"{summary.unsafe_fixes} more with --fix --unsafe-fixes" if said
                    else f"{summary.unsafe_fixes} finding(s) can be fixed with --fix --unsafe-fixes")
    return "; ".join(said) + " (--diff shows the changes first)"


def show_diffs(args, settings: Settings) -> int:
    """--diff: what --fix would change, as a unified diff; exit 1 when it would change anything."""
    linter = Linter(settings)
    corpus_pass(linter, args.paths, settings, _jobs(args), args.scheduler)
    tally, unsafe_left = Tally(), 0

    def show(doc, text, changed, stdin):
        if changed:
            sys.stdout.write(diff(doc.path, doc.text, text))

    for item in fixed_results(linter, plan(args.paths, settings, args.stdin_filename),
                              args.unsafe_fixes, tally, show):
        if isinstance(item, Note):
            if not args.quiet:
                print(f"newslint: {item.message}", file=sys.stderr)
        elif not args.unsafe_fixes:
            unsafe_left += item.fixes()[1]
    if not args.quiet:
        print(f"newslint: would have {_fixed(tally, unsafe_left)}", file=sys.stderr)
    return EXIT_FINDINGS if tally.files else EXIT_OK


def rules(args, settings: Settings) -> int:
    linter = Linter(settings)
    shown = linter.all_rules if args.all else linter.rules
    width = max((len(r.name) for r in shown), default=4)
    print(f"{'code':<7}{'name':<{width + 2}}{'category':<16}{'severity':<10}{'kind':<12}on")
    for r in shown:
        on = "yes" if r in linter.rules else "no"
        print(f"{r.code:<7}{r.name:<{width + 2}}{r.category:<16}{str(r.severity):<10}{r.kind:<12}{on}")
    off = len(linter.all_rules) - len(linter.rules)
    said = f"{len(linter.rules)} rules on"
    if off:
        said += f", {off} off (by default or by your settings)" + (
            "" if args.all else ": `newslint rules --all` lists them, `--extend-select CODE` turns one on")
    print(f"\n{said}.")
    return EXIT_OK


def rule(args, settings: Settings) -> int:
    linter = Linter(settings)
    found = [r for r in linter.all_rules if args.code in (r.code, r.name)]
    if not found:
        raise UsageError(f"no rule '{args.code}' (see `newslint rules --all`)")
    print(explain(found[0]))
    return EXIT_OK


def explain(r) -> str:
    lines = [f"{r.code} {r.name}", "",
             f"category: {r.category}   severity: {r.severity}   kind: {r.kind}   "
             f"on by default: {'yes' if r.enabled else 'no'}"
             + (f"   languages: {', '.join(r.languages)}" if r.languages else ""),
             "", r.description, "", f"message: {r.message}", f"fix: {r.check.fix_summary() or 'none'}",
             f"scope: {describe_scope(r.scope)}",
             "", "Flagged:"]
    lines += [f"    {example!r}" for example in r.examples["bad"]]
    lines += ["", "Not flagged:"] + [f"    {example!r}" for example in r.examples["good"]]
    return "\n".join(lines)


def example_findings(linter: Linter, rule, text: str) -> list[Finding]:
    """The rule's findings in one of its examples. A late rule reads the findings of the
    others, so it runs with all of them; a corpus rule first counts the example's corpus
    (the example and the other pages it names)."""
    doc = type(rule.check).example_document(text)
    if rule.check.corpus:
        from .corpus import prepare_documents

        prepare_documents(linter, type(rule.check).example_corpus(text), rules=[rule])
    if not rule.check.late:
        return linter.lint(doc, rules=[rule]).findings
    return [f for f in linter.lint(doc).findings if f.code == rule.code]


def _prefilter_misses(linter: Linter, rule, text: str) -> bool:
    """Whether the prefilter's gates would keep one of the rule's regexes from running on
    an example it matches (a gate must admit every text its regex matches)."""
    if not hasattr(rule.check, "gates"):
        return False
    doc = type(rule.check).example_document(text)
    limit = rule.check.max_line_length
    scanned = doc.short_lines(limit).text if limit else doc.text
    return bool(linter.prefilter.misses(doc, rule.check, scanned))


def test_rules(args, settings: Settings) -> int:
    if args.folders:
        settings.builtin_rules = False
        settings.rules = [str(p) for p in args.folders]
    settings.select = ["ALL"]
    linter = Linter(settings)
    failures = 0
    for r in linter.rules:
        for expect, examples in (("bad", r.examples["bad"]), ("good", r.examples["good"])):
            for text in examples:
                got = example_findings(linter, r, text)
                if expect == "bad" and _prefilter_misses(linter, r, text):
                    failures += 1
                    print(f"FAIL {r.code} {r.name} the prefilter would skip a regex that matches its "
                          f"bad example: {text!r}  [{r.path}]")
                if (expect == "bad") != bool(got):
                    failures += 1
                    what = "did not fire on its bad example" if expect == "bad" else \
                        f"fired on its good example ({got[0].message})"
                    print(f"FAIL {r.code} {r.name} {what}: {text!r}  [{r.path}]")
    print(f"{len(linter.rules)} rules, "
          f"{sum(len(r.examples['bad']) + len(r.examples['good']) for r in linter.rules)} examples: "
          f"{'all pass' if not failures else f'{failures} failed'}")
    return EXIT_FINDINGS if failures else EXIT_OK


def config(args, settings: Settings) -> int:
    print(json.dumps(settings.as_dict(), indent=2))
    return EXIT_OK


def server() -> int:
    try:
        from .server import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        raise UsageError(f"newslint server needs the lsp extra ({exc.name} is missing): "
                         "pip install 'newslint[lsp]'") from None
    return EXIT_OK if serve() else EXIT_ERROR
