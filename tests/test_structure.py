"""The structure layer: blocks of Markdown and of extracted text, and rules' scopes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint import lint_text
from newslint.document import Document
from newslint.engine import Linter
from newslint.ruleset import RuleError, load_rule

DATA = Path(__file__).parent / "data"


def kinds(text: str, path: str = "article.txt") -> list[str]:
    return Document(text, path=path).structure.kinds


def test_a_markdown_guide_draws_no_finding():
    """Front matter, fences, an indented code block, a table, lists, inline code, links,
    HTML, entities and template tags are Markdown, not defects."""
    text = (DATA / "guide.md").read_text(encoding="utf-8")
    assert lint_text(text, path="guide.md") == []


def test_markdown_blocks_come_from_the_parser():
    text = (DATA / "guide.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    found = dict(zip(lines, kinds(text, "guide.md")))
    assert found["tags:"] == "front-matter"
    assert found["## The data model"] == "heading"
    assert found["- Python 3.11 or newer"] == "list"
    assert found["| `addedBy`   | reference | the team member               |"] == "table"
    assert found["};"] == "code"
    assert found["    $ npm test"] == "code"
    assert found['> It took a week to build.'] == "quote"
    assert found["<!-- TODO: add the architecture diagram once it is approved -->"] == "html"


ARTICLE = "\n".join([
    "Home", "World", "Business", "Sport", "Weather", "",
    "Council approves the new harbour budget",
    "The city council approved a budget of 40 million for the harbour on Tuesday, after a debate "
    "that ran late into the evening and ended with a narrow vote.",
    "The plan pays for three things:",
    "New cranes for the container quay",
    "A longer breakwater",
    "Cycle lanes along the shore road",
    "Work starts in the spring and should be finished within two years, the harbour master said "
    "at a press conference on Wednesday.",
    "",
    "Privacy policy", "Terms of use", "Contact us", "Careers", "Advertise",
])


def test_extracted_text_tells_an_articles_list_from_the_menus_around_it():
    by_line = dict(zip(ARTICLE.split("\n"), kinds(ARTICLE)))
    assert by_line["A longer breakwater"] == "list"
    assert by_line["Home"] == by_line["Careers"] == "chrome"
    assert by_line["The plan pays for three things:"] == "prose"
    menus = [f.matched for f in lint_text(ARTICLE, Linter(select=["NL301"]))]
    assert "Sport" in menus and "Careers" in menus
    assert not {"A longer breakwater", "New cranes for the container quay"} & set(menus)


def test_code_and_tables_in_extracted_text():
    text = "\n".join([
        "To register the services, add this to your startup class:",
        "services.AddScoped<IRepository, Repository>();",
        "builder.Services.AddClasses(classes => classes.InNamespaces(\"App\"));",
        "};",
        "| Pos | Player | Club |",
        "| 1 | Jane Doe | Harbour FC |",
        "| 2 | John Roe | City United |",
        "The registration runs once, when the application starts, and costs nothing after that.",
    ])
    found = kinds(text)
    assert found[1:4] == ["code"] * 3 and found[4:7] == ["table"] * 3
    assert {f.code for f in lint_text(text)} == set()  # no glued words, stray punctuation or menus


def test_inline_code_and_link_targets_are_not_text():
    text = "Call `parseHTML.The` once; see [the docs](https://example.org/a.The/b) for more."
    assert lint_text(text) == []


def test_scope_is_checked_when_rules_load(tmp_path):
    rule = tmp_path / "XX1.yaml"
    rule.write_text("code: XX1\nname: x\nkind: pattern\nregex: x\ncategory: markup\nseverity: info\n"
                    "message: m\ndescription: d\nscope: [prose, menus]\n"
                    "examples: {bad: [x], good: [y]}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown block"):
        load_rule(rule)


def test_a_rule_scoped_to_headings_reads_only_headings(tmp_path):
    rule = tmp_path / "XX2.yaml"
    rule.write_text("code: XX2\nname: exclaim\nkind: pattern\nregex: '!'\ncategory: punctuation\n"
                    "severity: info\nmessage: m\ndescription: d\nscope: [heading]\n"
                    "examples: {bad: ['# Wow!'], good: ['Wow!']}\n", encoding="utf-8")
    loaded = load_rule(rule)
    from newslint.engine import Linter

    linter = Linter(select=["XX2"], rules=[str(tmp_path)])
    assert loaded.scope == frozenset({"heading"})
    found = linter.lint(Document("# Big news!\n\nIt rained!\n", path="a.md")).findings
    assert [(f.line, f.code) for f in found] == [(1, "XX2")]
