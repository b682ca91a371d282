"""Where users run it: real pre-commit, baselines, suppression comments."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, findings

DEFECTIVE = "Storm closes schools\n\nStorm closes schools\n\nThe storm closed schools.\n\nRead more\n"
CLEAN = "The council met on Tuesday to discuss the budget for next year.\n"


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_real_pre_commit_try_repo(tmp_path):
    """pre-commit installs this checkout's hook into its own environment and runs it."""
    source = tmp_path / "newslint-src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info",
                                                               "build", "dist", ".pytest_cache"))
    git("init", "-q", cwd=source)
    git("add", "-A", cwd=source)
    git("commit", "-qm", "snapshot", cwd=source)
    repo = tmp_path / "content"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "bad.txt").write_text(DEFECTIVE, encoding="utf-8")
    (repo / "good.txt").write_text(CLEAN, encoding="utf-8")
    git("add", "-A", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "newslint", "--verbose"]
    bad = subprocess.run([*pre_commit, "--files", "bad.txt"], cwd=repo, capture_output=True, text=True, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.txt:3:1: NL101 [error] the headline is repeated" in bad.stdout
    good = subprocess.run([*pre_commit, "--files", "good.txt"], cwd=repo, capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    # pre-commit names the files; the hook's --force-exclude keeps the config's exclude
    (repo / "drafts").mkdir()
    (repo / "drafts" / "wip.txt").write_text(DEFECTIVE, encoding="utf-8")
    (repo / ".newslint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    git("add", "-A", cwd=repo)
    excluded = subprocess.run([*pre_commit, "--files", "drafts/wip.txt", "bad.txt"], cwd=repo,
                              capture_output=True, text=True, env=env)
    assert excluded.returncode == 1 and "drafts/wip.txt" not in excluded.stdout, excluded.stdout
    assert "bad.txt:3:1: NL101" in excluded.stdout
    # the fixing hook changes the file, which fails the hook run as pre-commit hooks do
    (repo / "fixable.txt").write_text("The talks in kyiv ended on Monday.\n", encoding="utf-8")
    git("add", "fixable.txt", cwd=repo)  # staged, as in a commit: pre-commit sees what the hook changed
    fixing = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "newslint-fix", "--files", "fixable.txt"]
    fixed = subprocess.run(fixing, cwd=repo, capture_output=True, text=True, env=env)
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout + fixed.stderr
    assert (repo / "fixable.txt").read_text(encoding="utf-8") == "The talks in Kyiv ended on Monday.\n"


def test_baseline_reports_only_new_findings(cli, isolated):
    path = isolated / "a.txt"
    path.write_text(DEFECTIVE, encoding="utf-8")
    assert cli(path, "--write-baseline", "base.json", "--exit-zero").returncode == 0
    assert json.loads((isolated / "base.json").read_text())["fingerprints"]
    assert cli(path, "--baseline", "base.json").returncode == 0
    # lines added above move every finding down: the baseline still holds
    path.write_text("A new first paragraph that is fine.\n\n" + DEFECTIVE + "\nClick here\n", encoding="utf-8")
    proc = cli(path, "--baseline", "base.json", "--output-format", "json-lines")
    assert proc.returncode == 1
    assert [f["message"] for f in findings(proc)] == ["'Click here' is a share, follow or subscribe prompt, not article text"]
    broken = isolated / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    assert cli(path, "--baseline", broken).returncode == 2


def test_suppression_comments_in_markdown(cli, isolated):
    path = isolated / "a.md"
    path.write_text(
        "<!-- newslint-disable-next-line NL305 -->\nRead more\n\nThe council met on Tuesday.\n\n"
        "Click here\n\nThe council met on Tuesday.\n\n"
        "<!-- newslint-disable boilerplate -->\nAdvertisement\n<!-- newslint-enable boilerplate -->\n\n"
        "The council met on Tuesday.\n\nShare\n\n"
        "<!-- newslint-disable-next-line glued -->\nThe end.\n", encoding="utf-8")
    got = findings(cli(path, "--output-format", "json-lines"))
    assert {(f["line"], f["code"]) for f in got} == {(6, "NL305"), (16, "NL305")}
    unused = findings(cli(path, "--output-format", "json-lines", "--report-unused-suppressions"))
    assert [(f["line"], f["code"]) for f in unused if f["code"] == "NL002"] == [(18, "NL002")]
    path.write_text("<!-- newslint-disable-file -->\nRead more\n", encoding="utf-8")
    assert cli(path).returncode == 0


def test_suppression_comments_are_ignored_in_plain_text(cli, isolated):
    path = isolated / "a.txt"
    path.write_text("<!-- newslint-disable-file -->\nRead more\n", encoding="utf-8")
    assert cli(path).returncode == 1


def test_pre_commit_hook_definition_is_valid():
    import yaml

    hook, fixing = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "newslint" and hook["language"] == "python"
    assert hook["entry"].startswith("newslint check") and "concise" in hook["entry"]
    assert fixing["id"] == "newslint-fix" and fixing["entry"] == hook["entry"].replace("check", "check --fix")
    assert "--force-exclude" in hook["entry"]  # pre-commit names excluded files too
