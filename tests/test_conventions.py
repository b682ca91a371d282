"""Command-line conventions that CI and content repos rely on: selectors, exclusion, paths
relative to the config file, fingerprints, corpus locations, rule pages."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import DEFECTS, SHARED, findings
from newslint import __version__

TWO_READ_MORE = "The council met on Tuesday.\n\nRead more\n\nThe budget passed.\n\nRead more\n"


def codes(proc) -> set[str]:
    return {f["code"] for f in findings(proc)}


@pytest.mark.parametrize("option, selector, hint", [
    ("--select", "NL9999", None), ("--ignore", "boilerplat", "boilerplate"),
    ("--extend-select", "repeated-headlines", "repeated-headline"), ("--select", "nl101", "NL101"),
])
def test_unknown_selectors_on_the_command_line_are_usage_errors(cli, defective, option, selector, hint):
    proc = cli(defective, option, selector)
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"{option}: unknown rule selector '{selector}'" in proc.stderr
    assert (f"did you mean '{hint}'?" in proc.stderr) if hint else "did you mean" not in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("config, key", [
    ('select = ["boilerplat"]\n', "select"),
    ('[per-file-ignores]\n"*.txt" = ["NL3O5"]\n', "per-file-ignores"),
    ('[severity]\nNL31O = "info"\n', "severity"),
])
def test_unknown_selectors_in_the_config_name_the_file(cli, isolated, defective, config, key):
    (isolated / ".newslint.toml").write_text(config, encoding="utf-8")
    proc = cli(defective)
    assert proc.returncode == 2 and ".newslint.toml: " + key + ": unknown rule selector" in proc.stderr
    assert "did you mean" in proc.stderr


def test_valid_selectors_still_work(cli, defective):
    for selector in ("ALL", "NL1", "duplicate", "repeated-headline", "markup", "NL002"):
        assert cli(defective, "--select", selector).returncode in (0, 1)
    (defective.parent / ".newslint.toml").write_text('[severity]\nboilerplate = "info"\n', encoding="utf-8")
    got = findings(cli(defective, "--output-format", "json-lines"))
    assert {f["severity"] for f in got if f["category"] == "boilerplate"} == {"info"}


def test_force_exclude_skips_excluded_files_named_on_the_command_line(cli, isolated):
    (isolated / "drafts").mkdir()
    (isolated / "drafts" / "a.txt").write_text(DEFECTS, encoding="utf-8")
    (isolated / "b.tmp.txt").write_text(DEFECTS, encoding="utf-8")
    (isolated / ".newslint.toml").write_text('exclude = ["drafts/", "*.tmp.txt"]\n', encoding="utf-8")
    assert cli("drafts/a.txt").returncode == 1  # named explicitly: linted, as ruff does
    assert cli("drafts/a.txt", "--force-exclude").returncode == 0
    assert cli("b.tmp.txt", "--force-exclude").returncode == 0
    assert cli(isolated / "drafts" / "a.txt", "--force-exclude").returncode == 0  # absolute path
    assert cli("a.txt", "--force-exclude", cwd=isolated / "drafts").returncode == 0  # from a subfolder
    assert cli(".").returncode == 0  # walking: excluded anyway


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_walking_respects_gitignore_and_skips_dependencies(cli, isolated):
    git("init", "-q", cwd=isolated)
    files = ["keep.txt", "ignored/a.txt", "notes.draft.txt", "sub/keep.md", "sub/local.txt",
             "sub/back.draft.txt", "node_modules/pkg/README.md", "env/lib/x.txt", ".hidden/x.txt"]
    for name in files:
        (isolated / name).parent.mkdir(parents=True, exist_ok=True)
        (isolated / name).write_text(DEFECTS, encoding="utf-8")
    (isolated / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (isolated / ".gitignore").write_text("ignored/\n*.draft.txt\n", encoding="utf-8")
    (isolated / "sub" / ".gitignore").write_text("local.txt\n!back.draft.txt\n", encoding="utf-8")

    def linted(*args, cwd=isolated):
        return {f["path"] for f in findings(cli(*args, "--output-format", "json-lines", cwd=cwd))}

    assert linted(".") == {"keep.txt", "sub/keep.md", "sub/back.draft.txt"}
    assert linted("sub", cwd=isolated) == {"sub/keep.md", "sub/back.draft.txt"}
    assert linted(".", cwd=isolated / "sub") == {"keep.md", "back.draft.txt"}  # the parents' rules hold
    assert linted("ignored") == {"ignored/a.txt"}  # a folder named on the command line is walked
    assert linted(".", "--no-respect-gitignore") == {
        "keep.txt", "ignored/a.txt", "notes.draft.txt", "sub/keep.md", "sub/local.txt",
        "sub/back.draft.txt"}  # node_modules, virtualenvs and hidden folders stay skipped
    (isolated / ".newslint.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert "notes.draft.txt" in linted(".")


def test_globs_are_relative_to_the_config_file(cli, isolated):
    (isolated / "archive" / "2019").mkdir(parents=True)
    for name in ("archive/old.txt", "archive/2019/older.txt", "new.txt"):
        (isolated / name).write_text(DEFECTS, encoding="utf-8")
    (isolated / ".newslint.toml").write_text(
        'exclude = ["archive/2019/"]\n[per-file-ignores]\n"archive/*.txt" = ["boilerplate"]\n', encoding="utf-8")

    def boilerplate(*args, cwd=isolated):
        return "NL305" in codes(cli(*args, "--output-format", "json-lines", cwd=cwd))

    assert not boilerplate("archive/old.txt")
    assert not boilerplate(isolated / "archive" / "old.txt")  # an absolute path
    assert not boilerplate("old.txt", cwd=isolated / "archive")  # from the subfolder
    assert not boilerplate("./archive/../archive/old.txt")
    assert boilerplate("new.txt") and boilerplate("archive/2019/older.txt")  # not archive/*.txt
    walked = {f["path"] for f in findings(cli(".", "--output-format", "json-lines", cwd=isolated / "archive"))}
    assert walked == {"old.txt"}  # archive/2019/ is excluded from the subfolder too
    # --exclude on the command line is relative to the working folder
    assert not findings(cli(".", "--exclude", "old.txt", "--output-format", "json-lines", cwd=isolated / "archive"))
    assert not findings(cli("archive", "--exclude", "archive/old.txt", "--exclude", "archive/2019",
                            "--output-format", "json-lines"))


def test_fingerprints_are_unique_and_survive_moving_lines(cli, isolated):
    path = isolated / "a.txt"
    path.write_text(TWO_READ_MORE, encoding="utf-8")
    before = json.loads(cli(path, "--output-format", "gitlab").stdout)
    prints = [issue["fingerprint"] for issue in before]
    assert len(before) == 2 and len(set(prints)) == 2
    sarif = json.loads(cli(path, "--output-format", "sarif").stdout)["runs"][0]["results"]
    assert [r["partialFingerprints"]["newslint/v1"] for r in sarif] == prints
    path.write_text("A new first paragraph that is fine.\n\n" + TWO_READ_MORE, encoding="utf-8")
    after = json.loads(cli(path, "--output-format", "gitlab").stdout)
    assert [issue["fingerprint"] for issue in after] == prints
    assert [issue["location"]["lines"]["begin"] for issue in after] == [5, 9]


def test_corpus_findings_are_located_by_record(cli, isolated):
    corpus = isolated / "c.jsonl"
    corpus.write_text(json.dumps({"id": "clean", "text": "The council met.\n"}) + "\n"
                      + json.dumps({"id": "x7", "text": TWO_READ_MORE}) + "\n", encoding="utf-8")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(cli(corpus, "--output-format", "sarif").stdout)
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert len(results) == 2 and len({r["partialFingerprints"]["newslint/v1"] for r in results}) == 2
    for result, line in zip(results, (3, 7)):
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == str(corpus)
        assert location["physicalLocation"]["region"] == {"startLine": 1}  # the file has 2 lines, not 7
        assert location["logicalLocations"][0]["fullyQualifiedName"] == f"{corpus}#1"
        assert f"record 1, id x7: line {line}, column 1 of its text" in result["message"]["text"]
        assert result["properties"]["record"] == 1 and result["properties"]["line"] == line
    annotations = cli(corpus, "--output-format", "github").stdout.splitlines()
    assert annotations[1] == (f"::error file={corpus},title=NL305 promo-line::record 1, id x7: line 7, "
                              "column 1 of its text: 'Read more' is a share, follow or subscribe prompt, "
                              "not article text")
    issues = json.loads(cli(corpus, "--output-format", "gitlab").stdout)
    assert [issue["location"]["lines"] for issue in issues] == [{"begin": 1, "end": 1}] * 2
    assert all("record 1, id x7" in issue["description"] for issue in issues)
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_rules_says_how_many_are_off(cli, isolated):
    out = cli("rules").stdout
    assert "off (by default or by your settings): `newslint rules --all` lists them" in out
    listed = [line.split()[0] for line in out.splitlines()[1:] if line.startswith("NL")]
    everything = [line.split()[0] for line in cli("rules", "--all").stdout.splitlines()[1:] if line.startswith("NL")]
    on, off = out.strip().splitlines()[-1].split(" rules on, ")
    assert int(on) == len(listed) and int(off.split()[0]) == len(everything) - len(listed) > 0


def test_every_code_newslint_emits_has_a_rule_page(cli, isolated):
    (isolated / "c.jsonl").write_text("{broken\n", encoding="utf-8")
    (isolated / "a.md").write_text("<!-- newslint-disable-next-line NL305 -->\nFine text.\n\n" + DEFECTS,
                                   encoding="utf-8")
    emitted = codes(cli("c.jsonl", "a.md", "--select", "ALL", "--output-format", "json-lines"))
    assert {"NL001", "NL002", "NL305"} <= emitted
    for code in emitted | {line.split()[0] for line in cli("rules", "--all").stdout.splitlines()
                           if line.startswith("NL")}:
        page = cli("rule", code)
        assert page.returncode == 0 and page.stdout.startswith(code + " "), code
    assert "(did you mean" not in cli("rule", "NL002").stderr


def test_unsafe_fixes_without_fix_says_it_does_nothing(cli, defective):
    before = defective.read_text(encoding="utf-8")
    proc = cli(defective, "--unsafe-fixes")
    assert proc.returncode == 1 and "--unsafe-fixes applies with --fix or --diff" in proc.stderr
    assert defective.read_text(encoding="utf-8") == before


def test_statistics_with_machine_formats(cli, defective):
    for fmt in ("sarif", "github", "gitlab", "junit"):
        proc = cli(defective, "--statistics", "--output-format", fmt)
        assert proc.returncode == 2 and "--statistics" in proc.stderr and proc.stdout == ""
    for fmt in ("json", "json-lines", "doc-summary"):
        stats = json.loads(cli(defective, "--statistics", "--output-format", fmt).stdout)
        assert stats["findings"] == 2 and stats["by_severity"] == {"error": 2}
        assert [r["code"] for r in stats["rules"]] == ["NL101", "NL305"]
    assert "findings in 1 of 1 documents" in cli(defective, "--statistics", "--output-format", "concise").stdout


def test_color_always_colours_concise(cli, defective):
    plain = cli(defective, "--output-format", "concise").stdout
    coloured = cli(defective, "--output-format", "concise", "--color", "always").stdout
    assert "\x1b[" not in plain and "\x1b[" in coloured

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_version_does_not_import_the_engine(isolated):
    """`newslint --version` answers before importing the rules engine (so it takes ~20 ms,
    not 70+): measured in imported modules, not in a timed test."""
    code = ("import sys; from newslint.cli import main; main(['--version']); "
            "print(sorted(m for m in sys.modules if m.startswith(('newslint', 'regex', 'yaml', 'rich', 'argparse'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert proc.stdout.splitlines() == [f"newslint {__version__}", "['newslint', 'newslint.cli']"]
