"""The `newslint` command: parse arguments, wire sources, engine and reporters, pick the exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config, rule or
internal error (and broken corpus records with --strict-input).
"""

from __future__ import annotations

import os
import sys

from . import __version__

COMMANDS = ("check", "clean", "report", "rules", "rule", "test-rules", "config", "server")


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _seconds(value: str) -> float:
    """A time limit: a finite number of seconds above 0 (-1 or nan would switch the
    regex guard off, inf would make every rule fail)."""
    import argparse
    import math

    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value!r}")
    return seconds


def build_parser():
    import argparse
    from pathlib import Path

    from .config import SEVERITIES
    from .reporters import FORMATS

    parser = argparse.ArgumentParser(
        prog="newslint", description="Lint scraped news text: repeated headlines, glued words, "
        "boilerplate, broken quotes, mojibake and markup.")
    parser.add_argument("-V", "--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command")

    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("configuration")
    group.add_argument("--config", type=Path, help="use this config file instead of discovering one")
    group.add_argument("--isolated", action="store_true", help="ignore all config files")
    group.add_argument("--rules", action="append", metavar="DIR", help="add a folder of YAML rules")

    selection = argparse.ArgumentParser(add_help=False)
    sel = selection.add_argument_group("rule selection")
    sel.add_argument("--select", action="append", help="only these codes, prefixes, names or categories")
    sel.add_argument("--extend-select", action="append", help="also these")
    sel.add_argument("--ignore", action="append", help="not these")

    corpus = argparse.ArgumentParser(add_help=False)
    records = corpus.add_argument_group("corpus records")
    for name in ("text", "id", "title", "lang", "url"):
        records.add_argument(f"--{name}-field", help=f"corpus field holding the {name} (default {name})")
    records.add_argument("--site-field", help="corpus field naming the record's site, for the site-repeat "
                         "rule and reports (default: the domain of the url field)")
    records.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores for trees "
                         "and corpora, 1 for a single file)")
    records.add_argument("--scheduler", metavar="ADDRESS",
                         help="work on a Dask cluster (pip install 'newslint[dask]')")
    records.add_argument("--timeout", type=_seconds, help="seconds one rule may spend on one document (default 2)")

    check = sub.add_parser("check", parents=[common, selection, corpus],
                           help="lint files, folders, corpora (default)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                       help="files, folders (.txt/.md inside), JSONL/Parquet corpora, or - for stdin")
    out = check.add_argument_group("output")
    out.add_argument("--output-format", choices=sorted(FORMATS),
                     help="default: full on a terminal, concise when piped, github in GitHub Actions")
    out.add_argument("-o", "--output-file", type=Path, help="write the report to this file")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    out.add_argument("-q", "--quiet", action="store_true", help="print findings only: no notes, no summary")
    out.add_argument("--min-severity", choices=SEVERITIES,
                     help="report only findings of this severity or above (default info: all)")
    out.add_argument("--statistics", action="store_true", help="counts per rule instead of findings")
    out.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    fix = check.add_argument_group("fixes")
    fix.add_argument("--fix", action="store_true", help="apply the safe fixes to text files (standard "
                     "input: print the fixed text); the report shows what remains")
    fix.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also the fixes "
                     "that need a review: removing boilerplate lines, splitting glued words")
    fix.add_argument("--diff", action="store_true", help="show what --fix would change as a unified diff, "
                     "change nothing; exit 1 if it would change something")
    ex = check.add_argument_group("exit code")
    ex.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default warning)")
    ex.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    ex.add_argument("--strict-input", action="store_true", help="exit 2 when corpus records are broken")
    inp = check.add_argument_group("input")
    inp.add_argument("--stdin-filename", help="the name to report for standard input (its suffix picks the format)")
    inp.add_argument("--exclude", action="append", help="glob of files or folders to skip when walking "
                     "folders (a name, or a path glob relative to the working folder)")
    inp.add_argument("--force-exclude", action="store_true", help="also skip excluded files named on "
                     "the command line (as pre-commit names them)")
    inp.add_argument("--no-respect-gitignore", action="store_true",
                     help="walk into files and folders that .gitignore lists")
    base = check.add_argument_group("baselines and suppressions")
    base.add_argument("--baseline", type=Path, help="report only findings not recorded in this file")
    base.add_argument("--write-baseline", type=Path, help="record today's findings in this file")
    base.add_argument("--report-unused-suppressions", action="store_true",
                      help="report newslint-disable comments that silence nothing")

    clean = sub.add_parser("clean", parents=[common, selection, corpus],
                           help="write a corpus with every record's text fixed")
    clean.add_argument("corpus", metavar="CORPUS", help="a JSON Lines (.jsonl, .gz, .zst) or Parquet corpus")
    clean.add_argument("-o", "--output", required=True, metavar="OUT",
                       help="the cleaned corpus (its suffix picks the format); written once complete")
    clean.add_argument("--unsafe-fixes", action="store_true", help="also the fixes that need a review: "
                       "removing boilerplate lines and repeated headlines, splitting glued words")
    clean.add_argument("--report-field", metavar="NAME", help="add this field to each record: the fixes "
                       "applied, the lines removed, the findings that remain by rule")
    clean.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")
    clean.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    report = sub.add_parser("report", parents=[common, selection, corpus],
                            help="write an HTML page of charts and examples about a corpus")
    report.add_argument("corpora", nargs="+", metavar="CORPUS", help="JSON Lines (.jsonl, .gz, .zst) or Parquet corpora")
    report.add_argument("-o", "--output", required=True, metavar="HTML", help="the report (one self-contained file)")
    report.add_argument("--by", action="append", metavar="FIELD",
                        help="also chart the findings per value of this record field (e.g. extractor)")
    report.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")
    report.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    rules = sub.add_parser("rules", parents=[common], help="list every rule")
    rules.add_argument("--all", action="store_true", help="also rules that are off by default")
    rule = sub.add_parser("rule", parents=[common], help="explain one rule, with its examples")
    rule.add_argument("code", help="a rule code or name")
    test = sub.add_parser("test-rules", parents=[common],
                          help="check that every rule's bad examples fire and its good ones do not")
    test.add_argument("folders", nargs="*", type=Path, metavar="PATH",
                      help="rule folders to test (default: all configured rules)")
    sub.add_parser("config", parents=[common], help="print the resolved settings")
    sub.add_parser("server", help="run the language server for editors (LSP on standard input and "
                   "output; pip install 'newslint[lsp]')")
    return parser


def settings_from(args):
    from pathlib import Path

    from .config import load_settings
    from .globs import anchor

    settings = load_settings(args.config, args.isolated)
    settings.rules += [str(Path(p).resolve()) for p in args.rules or []]
    if getattr(args, "select", None):
        settings.select = settings.cli_selectors["select"] = _split(args.select)
    for name in ("extend_select", "ignore"):
        if getattr(args, name, None):
            given = settings.cli_selectors[name.replace("_", "-")] = _split(getattr(args, name))
            getattr(settings, name).extend(given)
    if getattr(args, "exclude", None):  # relative to the working folder
        settings.exclude.extend(anchor(p, Path.cwd()) for p in _split(args.exclude))
    for name in ("fail_on", "min_severity", "timeout", "text_field", "id_field", "title_field", "lang_field",
                 "url_field", "site_field"):
        if getattr(args, name, None) is not None:
            setattr(settings, name, getattr(args, name))
    for name in ("report_unused_suppressions", "force_exclude"):
        if getattr(args, name, False):
            setattr(settings, name, True)
    if getattr(args, "no_respect_gitignore", False):
        settings.respect_gitignore = False
    return settings


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["--version"], ["-V"]):  # answered before the engine is imported
        print(f"newslint {__version__}")
        return 0
    from .config import ConfigError
    from .errors import EXIT_ERROR, EXIT_OK, RunError, UsageError
    from .ruleset import RuleError
    from .sources import SourceError

    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version", "-V")):
        argv.insert(0, "check")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    try:
        if args.command == "server":  # each workspace folder has its own settings
            from .commands import server

            return server()
        settings = settings_from(args)
        if args.command == "check":
            from .commands import check

            return check(args, settings)
        if args.command in ("clean", "report"):
            import importlib

            module = importlib.import_module(f".{args.command}", __package__)
            return getattr(module, args.command)(args, settings)
        from . import commands

        return getattr(commands, args.command.replace("-", "_"))(args, settings)
    except (ConfigError, RuleError, RunError, SourceError, UsageError) as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # an internal error: say so plainly, without a traceback
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        print(f"newslint: internal error: {type(exc).__name__}: {exc} "
              "(set NEWSLINT_DEBUG=1 for a traceback, and please report it)", file=sys.stderr)
        return EXIT_ERROR

