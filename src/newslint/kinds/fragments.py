"""`fragments`: runs of short lines that are not prose: menus, tag lists, link labels.

Articles are sentences; page chrome is a stack of short labels. A line counts as a
fragment when it has a few words, no sentence-final punctuation and is not the middle
of a sentence that an inline tag broke apart (the line before runs on into it, or the
line after continues it in lower case). Only runs of several fragments are reported,
so a lone subheading between paragraphs passes.
"""

from __future__ import annotations

import re

from ..finding import Hit
from ..textutil import CLOSERS, UNSPACED, ends_sentence, line_ends, stripped_span, token_count
from . import REMOVE_OPTION, Kind, Option, line_fix

# every line is classified, so the tests below are string methods and small `re`
# patterns rather than `regex` searches (several times slower on short strings)
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
# a label does not end a sentence, nor in punctuation that leads on to more text
LEADS_ON = tuple(":;、，")
LONG_LINE = 4096  # a longer line is not copied to be classified
# a line that continues a sentence starts in lower case or with inner punctuation
INNER = ",;:)]–—-"
INNER_ALONE = ",;:.)]"


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
        "fix": REMOVE_OPTION,
    }

    def check(self, doc):
        lines = _line_features(doc)
        run: list[tuple[int, str]] = []
        for index, (start, text, words, shape) in enumerate(lines):
            if shape == LABEL and words <= self.max_words and self._fragment(lines, index, text):
                run.append((start, text))
                continue
            if len(run) >= self.min_run:
                yield from self._report(doc, run)
            run = []
        if len(run) >= self.min_run:
            yield from self._report(doc, run)

    def _fragment(self, lines, index, text) -> bool:
        """Whether a short label line is a fragment, judged by its neighbours."""
        if self.indented and not text[:1].isspace():
            return False
        if index + 1 < len(lines) and lines[index + 1][3] == CONTINUATION:
            return False
        if index > 0:
            _, before, before_words, before_shape = lines[index - 1]
            if before_words > self.max_words and before_shape != FINISHED_LINE:
                return False  # the sentence before runs on into this line
        return True

    def _report(self, doc, run):
        for start, text in run:
            start, end = stripped_span(start, text)
            yield Hit(start, end, {}, line_fix(self, doc, start, end))


LABEL, FINISHED_LINE, CONTINUATION, OTHER = "label", "finished", "continuation", "other"


def _line_features(doc) -> list[tuple[int, str, int, str]]:
    """(start, text, words, shape) of the non-blank lines, computed once per document for
    every fragments rule. Words are white-space tokens, or half the characters of
    scripts written without spaces."""
    features = doc.memo.get("line_features")
    if features is not None:
        return features
    features = []
    for start, _, text in doc.lines:
        if len(text) > LONG_LINE:  # never a label: read by its ends, its words counted in pieces
            if text.isspace():
                continue
            stripped = " ".join(line_ends(text))
            words = token_count(text) + (0 if text.isascii() else sum(1 for _ in UNSPACED.finditer(text)) // 2)
        else:
            stripped = text.strip()
            if not stripped:
                continue
            words = len(stripped.split())
            if not stripped.isascii():
                words += len(UNSPACED.findall(stripped)) // 2
        if ends_sentence(stripped) or stripped.rstrip(CLOSERS).endswith(LEADS_ON):
            shape = FINISHED_LINE
        elif _continues(stripped):
            shape = CONTINUATION
        elif len(text) > 120 or DIGIT.search(stripped) or not LETTER.search(stripped):
            shape = OTHER  # numbers are data (scores, prices, dates), not labels
        else:
            shape = LABEL
        features.append((start, text, words, shape))
    doc.memo["line_features"] = features
    return features


def _continues(line: str) -> bool:
    """Whether a stripped line goes on with a sentence begun on the line before."""
    first = line[0]
    if first.islower():
        return True
    rest = line[1:].lstrip()
    return ((first in INNER and rest[:1].isalpha())
            or (first in INNER_ALONE and (len(line) == 1 or line[1].isspace())))
