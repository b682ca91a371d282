"""The installed console script: inputs, selection, exit codes, bad input, config."""

import gzip
import json

import pytest

from conftest import findings

CLEAN = "The council met on Tuesday to discuss the budget for next year.\n"
DEFECTS = "Storm closes schools\n\nStorm closes schools\n\nThe storm closed schools.\n\nRead more\n"


@pytest.fixture
def article(isolated):
    path = isolated / "article.txt"
    path.write_text(DEFECTS, encoding="utf-8")
    return path


def test_exit_codes(cli, isolated, article):
    clean = isolated / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert cli(clean).returncode == 0
    assert cli(article).returncode == 1
    assert cli(article, "--exit-zero").returncode == 0
    assert cli(article, "--select", "NL305", "--fail-on", "error").returncode == 1
    assert cli(article, "--select", "NL101", "--severity-typo").returncode == 2
    assert cli(isolated / "missing.txt").returncode == 2
    assert "missing.txt: no such file or directory" in cli(isolated / "missing.txt").stderr


def test_fail_on_counts_severity_not_findings(cli, isolated):
    path = isolated / "a.txt"
    path.write_text("Calls from kyiv grew.\n", encoding="utf-8")  # an info finding only
    assert cli(path).returncode == 0
    assert cli(path, "--fail-on", "info").returncode == 1


@pytest.mark.parametrize("selector", ["NL101", "NL1", "repeated-headline", "duplicate"])
def test_select_by_code_prefix_name_category(cli, article, selector):
    codes = {f["code"] for f in findings(cli(article, "--select", selector, "--output-format", "json-lines"))}
    assert "NL101" in codes and "NL305" not in codes


def test_ignore_and_extend_select(cli, article):
    codes = {f["code"] for f in findings(cli(article, "--ignore", "boilerplate", "--output-format", "json-lines"))}
    assert "NL305" not in codes and "NL101" in codes
    path = article.with_name("b.txt")
    path.write_text("Section one.\n\n(open bracket never closed.\n", encoding="utf-8")
    assert findings(cli(path, "--select", "NL403", "--output-format", "json-lines"))  # off by default
    assert not findings(cli(path, "--output-format", "json-lines"))
    assert findings(cli(path, "--extend-select", "NL403", "--output-format", "json-lines"))


def test_stdin_with_filename(cli, isolated):
    proc = cli("-", "--stdin-filename", "story.txt", "--output-format", "concise", input=DEFECTS)
    assert "story.txt:3:1: NL101" in proc.stdout
    proc = cli("check", "-", "--stdin-filename", "c.jsonl", "--output-format", "json-lines",
               input=json.dumps({"id": "x", "text": DEFECTS}) + "\n")
    assert {(f["id"], f["record"]) for f in findings(proc)} == {("x", 0)}


def test_directories_recursive_with_exclude(cli, isolated):
    (isolated / "a" / "b").mkdir(parents=True)
    (isolated / "a" / "one.txt").write_text(DEFECTS, encoding="utf-8")
    (isolated / "a" / "b" / "two.md").write_text(DEFECTS, encoding="utf-8")
    (isolated / "a" / "b" / "skip.txt").write_text(DEFECTS, encoding="utf-8")
    (isolated / "a" / "data.csv").write_text(DEFECTS, encoding="utf-8")
    proc = cli("a", "--exclude", "skip.txt", "--output-format", "json-lines")
    assert {f["path"] for f in findings(proc)} == {"a/one.txt", "a/b/two.md"}


def test_bad_input_is_normal_input(cli, isolated):
    (isolated / "empty.txt").write_bytes(b"")
    (isolated / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (isolated / "latin1.txt").write_bytes("The caf\xe9 reopened.\n".encode("latin-1"))
    proc = cli("empty.txt", "binary.txt", "latin1.txt", "--output-format", "json-lines")
    assert proc.returncode == 1
    assert "binary.txt: skipped: binary file" in proc.stderr
    (finding,) = [f for f in findings(proc) if f["path"] == "latin1.txt"]
    assert finding["category"] == "encoding" and "not valid UTF-8" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, 8)
    assert "Traceback" not in proc.stderr


def test_jsonl_corpus_fields_broken_records_and_strict(cli, isolated):
    rows = [json.dumps({"doc": "a", "body": DEFECTS, "headline": "Storm closes schools"}),
            "{broken json", json.dumps({"doc": "c", "other": 1}), json.dumps({"body": CLEAN})]
    corpus = isolated / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")
    args = [corpus, "--text-field", "body", "--id-field", "doc", "--title-field", "headline",
            "--output-format", "json-lines"]
    proc = cli(*args)
    got = findings(proc)
    assert {f["record"] for f in got if f["code"] == "NL001"} == {1, 2}
    assert any(f["code"] == "NL102" and f["id"] == "a" for f in got)  # the title field is used
    assert cli(*args, "--strict-input").returncode == 2


def test_parquet_corpus(cli, isolated):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [DEFECTS, CLEAN]}), isolated / "c.parquet")
    got = findings(cli("c.parquet", "--output-format", "json-lines"))
    assert {f["id"] for f in got} == {"p1"} and {f["record"] for f in got} == {0}


def test_jobs_give_the_same_output_in_the_same_order(cli, isolated):
    with open(isolated / "c.jsonl", "w", encoding="utf-8") as out:
        for i in range(3000):
            out.write(json.dumps({"id": i, "text": DEFECTS if i % 3 else CLEAN}) + "\n")
    one = cli("c.jsonl", "--jobs", "1", "--output-format", "json-lines").stdout
    two = cli("c.jsonl", "--jobs", "2", "--output-format", "json-lines").stdout
    assert one == two and one.count("\n") > 3000
    # workers write the text and send back counts: the statistics and exit code agree
    stats = [cli("c.jsonl", "--jobs", jobs, "--statistics", "--output-format", "json-lines") for jobs in "12"]
    assert stats[0].stdout == stats[1].stdout and stats[0].returncode == stats[1].returncode == 1
    assert cli("c.jsonl", "--jobs", "2", "--output-format", "concise", "--fail-on", "error").returncode == \
        cli("c.jsonl", "--jobs", "1", "--output-format", "concise", "--fail-on", "error").returncode


def test_output_file_is_complete_or_absent(cli, article, isolated):
    out = isolated / "report.json"
    assert cli(article, "--output-format", "json", "-o", out).returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))
    assert not list(isolated.glob(".*newslint-tmp"))
    bad = cli(article, "-o", isolated / "no" / "dir" / "r.json")
    assert bad.returncode == 2 and "cannot write" in bad.stderr


def test_config_discovery_and_precedence(cli, isolated, article):
    (isolated / "pyproject.toml").write_text('[tool.newslint]\nselect = ["NL305"]\n', encoding="utf-8")
    sub = isolated / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(DEFECTS, encoding="utf-8")
    assert {f["code"] for f in findings(cli(article, "--output-format", "json-lines"))} == {"NL305"}
    (sub / ".newslint.yaml").write_text("select: [NL101]\n", encoding="utf-8")
    assert {f["code"] for f in findings(cli("a.txt", "--output-format", "json-lines", cwd=sub))} == {"NL101"}
    assert len({f["code"] for f in findings(cli("a.txt", "--isolated", "--output-format", "json-lines",
                                                cwd=sub))}) > 1
    (isolated / "other.toml").write_text('select = ["NL101"]\nfail-on = "error"\n', encoding="utf-8")
    proc = cli("config", "--config", "other.toml")
    assert json.loads(proc.stdout)["fail-on"] == "error"


def test_config_errors_and_per_file_settings(cli, isolated, article):
    (isolated / ".newslint.toml").write_text('selekt = ["NL1"]\n', encoding="utf-8")
    proc = cli(article)
    assert proc.returncode == 2 and "unknown setting 'selekt'" in proc.stderr
    (isolated / ".newslint.toml").write_text(
        '[per-file-ignores]\n"article.txt" = ["boilerplate"]\n[severity]\nNL101 = "info"\n', encoding="utf-8")
    got = findings(cli(article, "--output-format", "json-lines"))
    assert "NL305" not in {f["code"] for f in got}
    assert {f["severity"] for f in got if f["code"] == "NL101"} == {"info"}


def test_rules_rule_and_config_subcommands(cli, isolated):
    listing = cli("rules").stdout
    assert "NL101" in listing and "repeated-headline" in listing
    explained = cli("rule", "NL101")
    assert explained.returncode == 0 and "Flagged:" in explained.stdout
    assert cli("rule", "NL999").returncode == 2
    assert cli("--version").stdout.startswith("newslint ")


def test_python_dash_m(isolated, article):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "newslint", str(article), "--output-format", "concise"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "NL101" in proc.stdout
