"""Properties of the engine and the fixer over generated texts (hypothesis), bounded to a
few seconds each; the failing examples found so far are kept as @example cases.

- lint_text never raises, and every position is exact: (line, column) and (end_line,
  end_column) are where `start` and `end` fall, counting lines as editors do;
- fix_text never raises, and fixing the fixed text changes nothing (safe and unsafe);
- a removal fix never takes a sentence of article prose: after fix_text(unsafe=True)
  every prose sentence put in a page of boilerplate is still there.
"""

from __future__ import annotations

import re

import ftfy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newslint import fix_text, lint_text

BOUNDED = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters and pieces that scraped news text is made of, the awkward ones included
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            "  \n\n\r\t\u00a0.,;:!?'\"“”‘’«»()[]-–—…*#|/&<>@©®™ÃÂ€ﬁ"
            "\u200b\u200d\u2060\ufeff\u00ad\u202e\u2066\u200f\ufffd\x00\x0b\u2028"
            "éüßЖщ漢字かなשלוםعربي😀\u0301")
PIECES = ["Read more", "PREV", "NEXT", "Advertisement", "Follow us on Google News", "© 2024 Daily Ledger.",
          "All rights reserved.", "CafÃ©", "donâ€™t", "Â©", "Koreawarning", "worrying”US", "kyiv",
          "Storm closes schools", "(AP Photo/Jae C. Hong)", "<b>", "&amp;", "  ", "..", "\n\n", "\r\n",
          "Photo: Getty Images", "Share this article", "Home", "Politics", "Sports", " | Daily Ledger"]
texts = st.lists(st.one_of(st.text(ALPHABET, max_size=12), st.sampled_from(PIECES)), max_size=25).map("".join)

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset, lines ending at \\r\\n, \\r or \\n only."""
    starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


@BOUNDED
@given(texts)
@example("CafÃ©")
@example("a\r\rb\u2028c  kyiv\n")
def test_findings_have_exact_positions(text):
    for f in lint_text(text):
        assert 0 <= f.start <= f.end <= len(text)
        assert (f.line, f.column) == position(text, f.start), f
        assert (f.end_line, f.end_column) == position(text, f.end), f
        assert f.matched == text[f.start:f.end]
        if f.fix is not None:
            assert all(0 <= e.start <= e.end <= len(text) for e in f.fix.edits)


@BOUNDED
@given(texts)
@example("CafÃ©")
@example("The vote is next week.\n\nÂ© 2024 Daily Ledger\n")
def test_fixing_is_idempotent(text):
    for unsafe in (False, True):
        fixed, _ = fix_text(text, unsafe=unsafe)
        assert fix_text(fixed, unsafe=unsafe)[0] == fixed


PROSE = [
    "The council voted on Tuesday to close three schools after the storm damaged their roofs.",
    "Officials said the talks in Geneva would resume next week, according to a statement.",
    "She told reporters that the plan was not final and that residents would be heard first.",
    "The company reported a loss of $20 million in the third quarter, its first in two years.",
    "“We have not seen anything like this in decades,” the fire chief said at the scene.",
    "Prices rose faster than expected last month, driven by the cost of food and energy.",
]
BOILERPLATE = ["Read more", "Advertisement", "Follow us on Google News", "© 2024 Daily Ledger. All rights reserved.",
               "PREV", "NEXT", "Share this article", "Home", "Politics", "Sports", "Weather",
               "Photo: Getty Images", "Sign up for our newsletter", "Storm closes schools", "Â© 2019 AP", "---"]
NOISE = ["©", "CafÃ©", "Â©", "\u200b", "\u202e", "(AP Photo)", "Photo:", "Read more", "kyiv", "  "]


@st.composite
def pages(draw):
    """A page of boilerplate lines and prose sentences, some with noise put inside: the
    page, and its sentences without the noise (which a fix may take, the words not)."""
    lines, sentences = [], []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            sentence = draw(st.sampled_from(PROSE))
            sentences.append(sentence)
            if draw(st.booleans()):
                words = sentence.split(" ")
                words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(NOISE)))
                sentence = " ".join(words)
            lines.append(sentence)
        else:
            lines.append(draw(st.sampled_from(BOILERPLATE)))
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    return separator.join(lines) + separator, sentences


def words(text: str) -> list[str]:
    """The words of a text, mojibake repaired, in lower case: what survives any fix but a removal."""
    return re.findall(r"[a-z]+", ftfy.fix_text(text).lower())


def kept(sentence: str, text: str) -> bool:
    """Whether the sentence's words are in the text, in order (other words may come between)."""
    remaining = iter(words(text))
    return all(word in remaining for word in words(sentence))


@BOUNDED
@given(pages())
@example(("The cafÃ© near the bridge reopened on Tuesday after the long winter closure ended.\n",
          ["The café near the bridge reopened on Tuesday after the long winter closure ended."]))
@example(("The council voted on Tuesday to close three © schools after the storm damaged their roofs.\n", [PROSE[0]]))
@example((f"Read more\nRead more\n{PROSE[2]}\nRead more\n{PROSE[0]}\n{PROSE[2]} CafÃ©\n", [PROSE[2] + " Café"]))
def test_a_fix_never_removes_a_sentence_of_prose(page):
    text, sentences = page
    fixed = fix_text(text, unsafe=True)[0]
    for sentence in sentences:
        assert kept(sentence, fixed), sentence
