"""The prefilter's gates are supersets of their regexes, and findings do not change with them."""

from __future__ import annotations

import gzip
import json
import re
import string
from itertools import islice

import pytest
import regex

from newslint import prefilter
from newslint.document import Document
from newslint.engine import Linter
from newslint.prefilter import FOLD_BEYOND_ASCII, derive

from conftest import SHARED

re2 = pytest.importorskip("re2")  # the dev extra installs it
DEV = SHARED / "data" / "dev" / "dev.jsonl"
DEV2 = SHARED / "data" / "dev2" / "dev2.jsonl.gz"


def gate_matches(pattern: str, text: str, flags: int = 0, engine: str = "regex") -> bool:
    gate = derive(pattern, flags, engine)
    assert gate is not None, pattern
    return re2.search(gate, text) is not None


def test_case_blind_ascii_letters_beyond_ascii_are_what_re_matches():
    others = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    for letter in string.ascii_letters:
        found = {ord(ch) for ch in re.compile(letter, re.IGNORECASE).findall(others)}
        assert found == set(FOLD_BEYOND_ASCII.get(letter.lower(), ())), letter


@pytest.mark.parametrize("pattern, text, flags, engine", [
    (r"(?<=[$€£¥]\d[\d,.]*)(?=\p{Lu}\p{Ll})", "It cost $60See more", 0, "regex"),  # zero-width: edges become text
    (r"(?i)k", "\u212a", 0, "re"),  # Kelvin sign
    (r"s", "\u017f", re.IGNORECASE, "re"),  # long s
    (r"i", "\u0130", re.IGNORECASE, "re"),
    (r"s", "\u017f", re.IGNORECASE, "regex"),
    (r"©|\(c\)", "(C)", re.IGNORECASE, "re"),
    (r"^[^\S\r\n]*next\b", "x\n\u00a0\u2009NEXT story", re.MULTILINE | re.IGNORECASE, "re"),
    (r"(?-i:PREV)|next", "PREV", re.IGNORECASE, "re"),
    (r"[^\p{L}]x", "1x", 0, "regex"),
    (r"(\w+) \1", "la la", 0, "re"),
    (r"(?>a+)b|c{2000}", "aab", 0, "re"),
    (r"é", "É", re.IGNORECASE, "re"),
    (r"é", "É", re.IGNORECASE, "regex"),
    (r"\p{Lu}", "ß".upper()[0], 0, "regex"),
    (r"\\p{L}", "\\p{L}", 0, "regex"),  # an escaped backslash, not a property
])
def test_gates_match_where_their_regex_matches(pattern, text, flags, engine):
    module = re if engine == "re" else regex
    assert module.search(pattern, text, flags)
    assert gate_matches(pattern, text, flags, engine)


def test_gates_are_tight_on_ascii_text():
    assert not gate_matches(r"(?<=[$€£¥]\d[\d,.]*)(?=\p{Lu}\p{Ll})", "It cost $60 in all")
    assert not gate_matches(r"^[^\S\r\n]*next\b", "the next story", re.MULTILINE | re.IGNORECASE, "re")
    assert not gate_matches(r"(?-i:PREV)", "prev", re.IGNORECASE, "re")


@pytest.mark.parametrize("pattern", [r"\X", r"(?V1)[[a-z]--[aeiou]]", r"(?:cat){e<=1}", r"[[:alpha:]]",
                                     r"(?<name>a)", r"\L<words>", r"(?r)abc", r"(?|a|b)"])
def test_no_gate_where_regex_syntax_means_something_else(pattern):
    assert derive(pattern) is None


def test_text_that_is_not_utf8_runs_every_regex():
    linter = Linter(select=["NL5"])
    doc = Document(text="The vote is next week..\ud800")
    kind = next(r.check for r in linter.rules if r.code == "NL503")
    assert linter.prefilter.admitted(doc, kind) is None and not linter.prefilter.skipped(doc)
    linter.lint(Document(text="warm up"))
    assert [f.code for f in linter.lint(doc).findings] == ["NL503"]


def test_a_gate_that_is_not_a_superset_fails_test_rules(monkeypatch, capsys):
    from newslint import commands
    from newslint.config import Settings
    from newslint.kinds.pattern import Pattern

    monkeypatch.setattr(Pattern, "gates", lambda self: ["NEVER MATCHES ANYTHING"] * len(self.sources))
    args = type("Args", (), {"folders": []})()
    assert commands.test_rules(args, Settings()) == 1
    assert "FAIL NL603 html-entity the prefilter would skip a regex that matches its bad example" \
        in capsys.readouterr().out


def _sample(path, every: int) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in islice(fh, 0, None, every)]


@pytest.mark.parametrize("corpus, every", [(DEV, 12), (DEV2, 4)])
def test_findings_are_the_same_with_and_without_the_prefilter(corpus, every, monkeypatch):
    if not corpus.exists():
        pytest.skip(f"{corpus} is not beside this checkout")
    records = _sample(corpus, every)
    with_gates = Linter()
    assert with_gates.prefilter.sets  # built now, before the variable turns it off
    monkeypatch.setenv("NEWSLINT_PREFILTER", "off")
    without = Linter()
    assert without.prefilter.sets == {}
    for linter in (with_gates, without):
        linter.lint(Document(text="warm up"))  # the prefilter runs from the second document on

    def findings(linter):
        return [json.dumps(f.to_dict(), ensure_ascii=False) for _, found in linter.lint_records(records)
                for f in found]

    found = findings(with_gates)
    assert found and found == findings(without)
    assert len(records) >= 50


def test_every_builtin_pattern_regex_has_a_gate():
    linter = Linter(select=["ALL"])
    kinds = [r.check for r in linter.rules if hasattr(r.check, "gates")]
    assert kinds and all(gate is not None for kind in kinds for gate in kind.gates())
    slots = linter.prefilter.slots
    assert slots and all(n is not None for _, numbers in slots.values() for n in numbers)
    assert prefilter.MAX_COUNT < 1000


@pytest.mark.parametrize("pattern, flags", [
    (r"(?m)^[^\S\r\n]*(?:next|prev)\s+story", re.IGNORECASE),
    (r"(?:©|\(c\)\s*20\d\d|\bcopyright\b)", re.IGNORECASE),
    (r"(?<=[a-z] )(?:It|The)(?= [a-z])", 0),
])
def test_the_first_character_lookahead_keeps_every_match(pattern, flags):
    text = "x\n  NEXT story\nprev  story ©, (C) 2024 Copyright. the It was, ſ K İ \u00a0next story"
    changed = prefilter.with_first_chars(pattern, flags)
    lookahead = re.search(r"\(\?=(?:\[[^\]]*\]\*)?\[[^\]]*\]\)", changed).group()
    assert changed.replace(lookahead, "", 1) == pattern  # only a lookahead is added
    assert [m.span() for m in re.finditer(changed, text, flags)] == \
        [m.span() for m in re.finditer(pattern, text, flags)]


def test_no_first_character_lookahead_where_the_engine_has_a_fast_start():
    assert prefilter.with_first_chars(r"Getty Images\s*$") == r"Getty Images\s*$"
    assert prefilter.with_first_chars(r"(?:a|b)?c*") == r"(?:a|b)?c*"  # may match empty


@pytest.mark.parametrize("pattern, flags, anchored", [
    (r"^[^\S\r\n]*next\b", re.MULTILINE, True),
    (r"(?m)^\p{Lu}\w+", 0, True),
    (r"(?m)(?-i:^[A-Z]\w+)", re.IGNORECASE, True),  # a group that only sets flags
    (r"(?m)(^next)", 0, False),  # a capturing group: left alone
    (r"^next", 0, False),  # not multi-line: the start of the text only
    (r"(?m)^(?<=\n)next", 0, False),  # the gate would read the line break before it
    (r"(?m)^(?=next)", 0, False),  # may match empty
    (r"(?m)next^", 0, False),
    (r"(?m)(?:^a|b)", 0, False),
])
def test_line_anchored_regexes(pattern, flags, anchored):
    assert prefilter.line_anchored(pattern, flags) is anchored


@pytest.mark.parametrize("source", [
    r"^[^\S\r\n]*(?:next|prev)\s+story",  # a gate that may run over a line break
    r"^\s*(?:a\s*)+$",
    r"^[^\S\r\n]*(?:Δ|name\*)",
])
def test_a_line_anchored_regex_finds_at_its_lines_what_a_scan_finds(source):
    from newslint.kinds.pattern import Pattern
    from newslint.prefilter import Prefilter

    kind = Pattern({"regex": source, "engine": "re", "ignore-case": True}, timeout=5)
    gates = Prefilter([kind])
    assert gates.lines, "the regex is tried at its lines"
    texts = ["next\nstory\n  prev\n\n story next story", "a\na \n\na\n  a\nb", "x\n\u0394\nname*\n\uffff\n NAME*",
             "\n".join(["next", "", "story", "a", "a a", "prev story"] * 3)]
    for text in texts:
        doc = Document(text=text)
        doc.memo["prefilter"] = gates
        assert [h[:2] for h in kind.check(doc)] == [h[:2] for h in kind.check(Document(text=text))]


def test_lower_casing_turns_only_ascii_letters_i_and_the_kelvin_sign_into_ascii():
    """literal_gate's premise: İ (i and a combining dot) and K are the only characters
    beyond ASCII whose lower case holds an ASCII character."""
    beyond = {c for c in map(chr, range(128, 0x110000)) if not 0xD800 <= ord(c) < 0xE000
              and any(ch.isascii() for ch in c.lower())}
    assert beyond == {"\u0130", "\u212a"}


@pytest.mark.parametrize("word, text", [("kit", "\u212aIT"), ("ski", "SK\u0130"), ("click", "Please CLICK here"),
                                        ("suscríbete", "SUSCRÍBETE"), ("e-mail", "E-Mail")])
def test_a_literal_gate_matches_where_the_lower_cased_text_holds_the_word(word, text):
    assert word in text.lower()
    assert re2.search(prefilter.literal_gate(word), text)
    assert prefilter.literal_gate("i\u0307") is None


def test_case_blind_re_letters_of_the_bmp_match_nothing_beyond_it():
    """_re_cases asks the engine over the Basic Multilingual Plane only: no code point
    beyond it lower-cases into it (nor is one of `re`'s extra case pairs), and the
    letters of the rule packs match nothing beyond it."""
    import _sre
    from re._casefix import _EXTRA_CASES

    assert all(_sre.unicode_tolower(c) >= 0x10000 for c in range(0x10000, 0x110000))
    assert all((lo < 0x10000) == all(c < 0x10000 for c in cases) for lo, cases in _EXTRA_CASES.items())
    beyond = "".join(map(chr, range(0x10000, 0x110000)))
    for letter in "àáäçèéìíóöúûΔσſµǅ":
        assert not re.compile(letter, re.IGNORECASE).search(beyond), letter
    assert prefilter.derive("Δ", re.IGNORECASE, "re") == r"[\x{394}\x{3b4}]"
    assert re2.search(prefilter.derive("σ", re.IGNORECASE, "re"), "ς")  # an extra case pair


def test_white_space_lies_in_the_bmp_and_gates_know_it_exactly():
    """_spaces asks each engine for its white space over the BMP only."""
    beyond = "".join(map(chr, range(0x10000, 0x110000)))
    for module in (re, regex):
        assert not module.search(r"\s", beyond)
    gate = derive(r"[^\S\r\n]{2,}", 0, "re")
    assert re2.search(gate, "a \u00a0b") and not re2.search(gate, "a\u00e9\u00e9b") and not re2.search(gate, "\uffff\uffff")
    assert re2.search(derive(r"\S\s\S", 0, "regex"), "\u00e9\u3000\u00e9")
