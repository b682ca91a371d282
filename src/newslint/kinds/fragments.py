"""`fragments`: runs of short lines that are not prose: menus, tag lists, link labels.

Articles are sentences; page chrome is a stack of short labels. A line counts as a
fragment when it has a few words, no sentence-final punctuation and is not the middle
of a sentence that an inline tag broke apart (the line before runs on into it, or the
line after continues it in lower case). Only runs of several fragments are reported,
so a lone subheading between paragraphs passes.
"""

from __future__ import annotations

import regex

from ..finding import Hit
from ..textutil import WORD
from . import Kind, Option, register

LETTER = regex.compile(r"\p{L}")
DIGIT = regex.compile(r"\p{N}")
# scripts written without spaces: each character counts as half a word
UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]")
# sentence-final punctuation, maybe followed by closing quotes or brackets
FINISHED = regex.compile(r"[.!?…:;。！？、，][\"”’»)\]」』]*\s*$|[\"”»」』]\s*$")
# a line that continues a sentence: starts in lower case or with inner punctuation
CONTINUES = regex.compile(r"^\s*(?:\p{Ll}|[,;:)\]–—\-]\s*\p{L}|[,;:.)\]](?!\S))")


@register
class Fragments(Kind):
    name = "fragments"
    doc = ("Reports runs of at least `min-run` consecutive short lines (at most `max-words` "
           "words, no sentence-final punctuation, not part of a sentence broken across "
           "lines). Blank lines between them do not break a run; a prose line or a line of "
           "numbers does.")
    options = {
        "max-words": Option(int, "longest line, in words, that can be a fragment", 4),
        "min-run": Option(int, "how many fragments in a row are reported", 3),
        "indented": Option(bool, "only lines that start with white space (text left between HTML "
                           "tags keeps the page source's indentation; paragraphs do not)", False),
    }

    def check(self, doc):
        lines = [(s, e, t) for s, e, t in doc.lines() if t.strip()]
        run: list[tuple[int, int, str]] = []
        for index, (start, end, text) in enumerate(lines):
            if self._fragment(lines, index):
                run.append((start, end, text))
                continue
            yield from self._report(run)
            run = []
        yield from self._report(run)

    def _fragment(self, lines, index) -> bool:
        text = lines[index][2]
        if self.indented and not text[:1].isspace():
            return False
        if len(text) > 120 or not LETTER.search(text) or DIGIT.search(text):
            return False  # a line with numbers is data (scores, prices, dates), not a label
        words = len(WORD.findall(text)) + len(UNSPACED.findall(text)) // 2
        if words > self.max_words or FINISHED.search(text):
            return False
        if CONTINUES.match(text):
            return False
        if index + 1 < len(lines) and CONTINUES.match(lines[index + 1][2]):
            return False
        if index > 0:
            before = lines[index - 1][2]
            if len(WORD.findall(before)) > self.max_words and not FINISHED.search(before):
                return False  # the sentence before runs on into this line
        return True

    def _report(self, run):
        if len(run) < self.min_run:
            return
        for start, _, text in run:
            yield Hit(start + len(text) - len(text.lstrip()), start + len(text.rstrip()))
