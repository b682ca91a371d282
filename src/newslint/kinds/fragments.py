"""`fragments`: runs of short lines that are not prose: menus, tag lists, link labels.

Articles are sentences; page chrome is a stack of short labels. A line counts as a
fragment when it has a few words, no sentence-final punctuation, is not the middle of a
sentence that an inline tag broke apart, and the document's structure puts it among page
chrome candidates, not in an article's list or among its subheadings (structure.py).
Only runs of several fragments are reported, so a lone label passes.
"""

from __future__ import annotations

from ..structure import CONTINUATION, FINISHED, LABEL
from ..finding import Hit
from ..textutil import stripped_span
from . import REMOVE_OPTION, Kind, Option, line_fix


class Fragments(Kind):
    name = "fragments"
    doc = ("Reports runs of at least `min-run` consecutive short lines (at most `max-words` "
           "words, no sentence-final punctuation, not part of a sentence broken across "
           "lines) among the blocks of its scope (by default page chrome candidates). "
           "Blank lines between them do not break a run; any other line does.")
    options = {
        "max-words": Option(int, "longest line, in words, that can be a fragment", 4),
        "min-run": Option(int, "how many fragments in a row are reported", 3),
        "indented": Option(bool, "only lines that start with white space (text left between HTML "
                           "tags keeps the page source's indentation; paragraphs do not)", False),
        "fix": REMOVE_OPTION,
    }
    scope = frozenset({"chrome"})
    contextual = True

    def check(self, doc):
        structure = doc.structure
        lines, kinds, filled = structure.lines, structure.kinds, structure.filled
        if len(filled) < self.min_run or self.scope.isdisjoint(structure.present):
            return  # too few lines for a run, or none of the blocks it reads
        run: list[tuple[int, str]] = []
        for position, index in enumerate(filled):  # blank lines neither make nor break a run
            start, text, words, shape = lines[index]
            if (shape == LABEL and words <= self.max_words and kinds[index] in self.scope
                    and self._fragment(lines, filled, position, text)):
                run.append((start, text))
                continue
            if len(run) >= self.min_run:
                yield from self._report(doc, run)
            run = []
        if len(run) >= self.min_run:
            yield from self._report(doc, run)

    def _fragment(self, lines, filled, position, text) -> bool:
        """Whether a short label line is a fragment, judged by its neighbours (the lines
        that are not blank before and after it)."""
        if self.indented and not text[:1].isspace():
            return False
        if position + 1 < len(filled) and lines[filled[position + 1]].shape == CONTINUATION:
            return False
        if position:
            before = lines[filled[position - 1]]
            if before.words > self.max_words and before.shape != FINISHED:
                return False  # the sentence before runs on into this line
        return True

    def _report(self, doc, run):
        for start, text in run:
            start, end = stripped_span(start, text)
            yield Hit(start, end, {}, line_fix(self, doc, start, end))
