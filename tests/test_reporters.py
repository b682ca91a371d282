"""Every output format, on the reference article."""

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import SHARED, findings
from newslint.reporters.full import excerpt
from newslint.reporters.github import escape_data, escape_property

KEYS = ["path", "id", "record", "line", "column", "end_line", "end_column", "code", "name", "category",
        "severity", "message", "fix"]


def test_json_lines_and_json_follow_the_public_schema(cli, seed):
    lines = findings(cli(seed, "--output-format", "json-lines"))
    assert lines and all(list(f) == KEYS for f in lines)
    assert all(f["id"] is None and f["record"] is None for f in lines)
    array = json.loads(cli(seed, "--output-format", "json").stdout)
    assert array == lines


def test_concise_is_what_editors_parse(cli, seed):
    out = cli(seed, "--output-format", "concise").stdout.splitlines()
    assert out[0].startswith(f"{seed}:3:1: NL101 [error] ")


def test_default_format_is_concise_when_piped(cli, seed):
    assert cli(seed).stdout == cli(seed, "--output-format", "concise").stdout


def test_full_prints_article_text_verbatim(cli, isolated):
    path = isolated / "a.txt"
    path.write_text("The [Reuters] report [sic] was “worrying”US [bold]officials[/bold] said.\n", encoding="utf-8")
    plain = cli(path, "--output-format", "full", "--color", "never").stdout
    assert "The [Reuters] report [sic] was “worrying”US [bold]officials[/bold] said." in plain
    assert "1:32" in plain and "NL202" in plain and "Summary" in plain and "\x1b[" not in plain
    assert "\x1b[" in cli(path, "--output-format", "full", "--color", "always").stdout
    assert "\x1b[" not in cli(path, "--output-format", "full", env={"NO_COLOR": "1"}).stdout


def test_full_excerpt_keeps_long_lines_readable():
    line = "x" * 1000 + "BAD" + "y" * 1000
    shown, lo, hi = excerpt(line, 1000, 1003, 70)
    assert shown[lo:hi] == "BAD" and len(shown) < 150
    words = " ".join(f"word{i}" for i in range(300))
    shown, lo, hi = excerpt(words, words.index("word150"), words.index("word150") + 7, 40)
    assert shown[lo:hi] == "word150"
    assert shown.startswith("…word") and shown.endswith("…")  # cut between words
    assert all(part.startswith("word") for part in shown.strip("…").split())


def test_sarif_validates_against_the_official_schema(cli, seed):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(cli(seed, "--output-format", "sarif").stdout)
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
               for r in rules.values())
    first = run["results"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
    assert first["partialFingerprints"]["newslint/v1"]
    assert run["results"][first["ruleIndex"]] and first["ruleId"] in rules


def test_github_annotations_and_escaping(cli, seed):
    out = cli(seed, "--output-format", "github").stdout.splitlines()
    assert out[0].startswith(f"::error file={seed},line=3,col=1,endLine=3,endColumn=")
    assert ",title=NL101 repeated-headline::" in out[0]
    assert escape_data("50% a\nb") == "50%25 a%0Ab" and escape_property("a:b,c") == "a%3Ab%2Cc"
    assert cli(seed, env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::error ")


def test_gitlab_code_quality(cli, seed):
    issues = json.loads(cli(seed, "--output-format", "gitlab").stdout)
    assert issues and {"description", "check_name", "fingerprint", "severity", "location"} <= set(issues[0])
    assert issues[0]["location"]["lines"]["begin"] == 3


def test_junit_xml(cli, seed):
    root = ET.fromstring(cli(seed, "--output-format", "junit").stdout)
    failures = root.findall(".//failure")
    assert failures and int(root.get("failures")) == len(failures)


def test_doc_summary_and_statistics(cli, seed):
    (summary,) = findings(cli(seed, "--output-format", "doc-summary"))
    assert summary["findings"] > 10 and summary["categories"]["boilerplate"] >= 4
    stats = json.loads(cli(seed, "--statistics", "--output-format", "json").stdout)
    assert stats["documents"] == 1 and stats["rules"][0]["count"] >= 1
    text = cli(seed, "--statistics").stdout
    assert "documents" in text and "NL" in text


def test_full_on_the_reference_article(cli, seed):
    out = cli(seed, "--output-format", "full", "--color", "never").stdout
    assert str(seed) in out and "3:1" in out and "NL101" in out and "Summary" in out
    assert "47 | NEXT Former President Iván Duque" in out  # the source line under its finding
