"""Shared fixtures: the installed console script, the reference article, small corpora."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article.txt"
EXAMPLE = ROOT / "examples" / "article.txt"
NEWSLINT = str(Path(sys.executable).with_name("newslint"))
# a headline twice and a "Read more": findings of several rules, severities and fixes
DEFECTS = "Storm closes schools\n\nStorm closes schools\n\nThe storm closed schools.\n\nRead more\n"


def run(*args, cwd=None, input=None, env=None, timeout=600) -> subprocess.CompletedProcess:
    """Run the installed `newslint` console script, as users do."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run([NEWSLINT, *map(str, args)], cwd=cwd, input=input, capture_output=True,
                          text=isinstance(input, str) or input is None, env=full_env, timeout=timeout)


def findings(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


@pytest.fixture
def cli():
    return run


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seed/article.txt is not beside this checkout")
    return SEED


@pytest.fixture
def example() -> Path:
    return EXAMPLE


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A working directory with no config file above it that newslint would find."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def defective(isolated) -> Path:
    """article.txt holding DEFECTS, in an isolated working directory."""
    path = isolated / "article.txt"
    path.write_text(DEFECTS, encoding="utf-8")
    return path
