"""`fragments`: runs of short lines that are not prose: menus, tag lists, link labels.

Articles are sentences; page chrome is a stack of short labels. A line counts as a
fragment when it has a few words, no sentence-final punctuation, is not the middle of a
sentence that an inline tag broke apart, and the document's structure puts it among page
chrome candidates, not in an article's list or among its subheadings (structure.py).
Only runs of several fragments are reported, so a lone label passes.
"""

from __future__ import annotations

from ..structure import CONTINUATION, EMPTY, FINISHED, LABEL
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
        lines, kinds = structure.lines, structure.kinds
        run: list[tuple[int, str]] = []
        for index, (start, text, words, shape) in enumerate(lines):
            if shape == EMPTY:
                continue
            if (shape == LABEL and words <= self.max_words and kinds[index] in self.scope
                    and self._fragment(lines, index, text)):
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
        after = _neighbour(lines, index, 1)
        if after is not None and after.shape == CONTINUATION:
            return False
        before = _neighbour(lines, index, -1)
        if before is not None and before.words > self.max_words and before.shape != FINISHED:
            return False  # the sentence before runs on into this line
        return True

    def _report(self, doc, run):
        for start, text in run:
            start, end = stripped_span(start, text)
            yield Hit(start, end, {}, line_fix(self, doc, start, end))


def _neighbour(lines, index, step):
    """The nearest non-blank line before (step -1) or after (step 1) line `index`."""
    index += step
    while 0 <= index < len(lines):
        if lines[index].shape != EMPTY:
            return lines[index]
        index += step
    return None
