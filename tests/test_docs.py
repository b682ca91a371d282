"""Generated files must match their sources."""

import json

from conftest import ROOT
from newslint.docs import rule_reference
from newslint.lexicon import GUESSABLE, TOP_WORDS_FILE, compute_top_words


def test_rule_reference_is_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rule_reference(), "docs/rules.md is stale: run python scripts/make_rule_docs.py"


def test_top_words_match_wordfreq():
    data = json.loads(TOP_WORDS_FILE.read_text(encoding="utf-8"))
    assert set(data) == set(GUESSABLE)
    assert data["en"] == compute_top_words("en"), "run python scripts/make_top_words.py"


def test_readme_quick_start_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "newslint examples/article.txt" in readme and "pytest" in readme
