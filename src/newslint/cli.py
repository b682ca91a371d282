"""The `newslint` command: parse arguments, wire sources, engine and reporters, pick the exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config, rule or
internal error (and broken corpus records with --strict-input).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from . import __version__
from .config import SEVERITIES, ConfigError, Settings, load_settings
from .errors import EXIT_ERROR, EXIT_OK, RunError, UsageError
from .reporters import FORMATS
from .ruleset import RuleError
from .sources import SourceError

COMMANDS = ("check", "rules", "rule", "test-rules", "config")


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _seconds(value: str) -> float:
    """A time limit: a finite number of seconds above 0 (-1 or nan would switch the
    regex guard off, inf would make every rule fail)."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value!r}")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslint", description="Lint scraped news text: repeated headlines, glued words, "
        "boilerplate, broken quotes, mojibake and markup.")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command")

    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("configuration")
    group.add_argument("--config", type=Path, help="use this config file instead of discovering one")
    group.add_argument("--isolated", action="store_true", help="ignore all config files")
    group.add_argument("--rules", action="append", metavar="DIR", help="add a folder of YAML rules")

    check = sub.add_parser("check", parents=[common], help="lint files, folders, corpora (default)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                       help="files, folders (.txt/.md inside), JSONL/Parquet corpora, or - for stdin")
    sel = check.add_argument_group("rule selection")
    sel.add_argument("--select", action="append", help="only these codes, prefixes, names or categories")
    sel.add_argument("--extend-select", action="append", help="also these")
    sel.add_argument("--ignore", action="append", help="not these")
    out = check.add_argument_group("output")
    out.add_argument("--output-format", choices=sorted(FORMATS),
                     help="default: full on a terminal, concise when piped, github in GitHub Actions")
    out.add_argument("-o", "--output-file", type=Path, help="write the report to this file")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    out.add_argument("-q", "--quiet", action="store_true", help="print findings only: no notes, no summary")
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
    inp.add_argument("--exclude", action="append", help="glob of files or folders to skip")
    for name in ("text", "id", "title", "lang"):
        inp.add_argument(f"--{name}-field", help=f"corpus field holding the {name} (default {name})")
    inp.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores for trees "
                     "and corpora, 1 for a single file)")
    inp.add_argument("--scheduler", metavar="ADDRESS", help="lint on a Dask cluster (pip install 'newslint[dask]')")
    base = check.add_argument_group("baselines and suppressions")
    base.add_argument("--baseline", type=Path, help="report only findings not recorded in this file")
    base.add_argument("--write-baseline", type=Path, help="record today's findings in this file")
    base.add_argument("--report-unused-suppressions", action="store_true",
                      help="report newslint-disable comments that silence nothing")
    check.add_argument("--timeout", type=_seconds, help="seconds one rule may spend on one document (default 2)")

    rules = sub.add_parser("rules", parents=[common], help="list every rule")
    rules.add_argument("--all", action="store_true", help="also rules that are off by default")
    rule = sub.add_parser("rule", parents=[common], help="explain one rule, with its examples")
    rule.add_argument("code", help="a rule code or name")
    test = sub.add_parser("test-rules", parents=[common],
                          help="check that every rule's bad examples fire and its good ones do not")
    test.add_argument("folders", nargs="*", type=Path, metavar="PATH",
                      help="rule folders to test (default: all configured rules)")
    sub.add_parser("config", parents=[common], help="print the resolved settings")
    return parser


def settings_from(args) -> Settings:
    settings = load_settings(args.config, args.isolated)
    settings.rules += [str(Path(p).resolve()) for p in args.rules or []]
    if getattr(args, "select", None):
        settings.select = _split(args.select)
    for name in ("extend_select", "ignore", "exclude"):
        if getattr(args, name, None):
            getattr(settings, name).extend(_split(getattr(args, name)))
    for name in ("fail_on", "timeout", "text_field", "id_field", "title_field", "lang_field"):
        if getattr(args, name, None) is not None:
            setattr(settings, name, getattr(args, name))
    if getattr(args, "report_unused_suppressions", False):
        settings.report_unused_suppressions = True
    return settings


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "check")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    try:
        settings = settings_from(args)
        if args.command == "check":
            from .commands import check

            return check(args, settings)
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

