"""`block`: page chrome that only its place shows, from a line that opens it to one that ends it.

A related-articles box is a run of headlines after "Related stories"; a comment section
runs from "14 Comments" to the end of the page; a byline block is the name and date
under the headline. Each line of such a block may read like article text on its own (a
headline, a comment), so the rule keys on the line that opens the block and on what may
continue it, and ends it where the article's own paragraphs resume.
"""

from __future__ import annotations

import regex

from ..finding import Hit
from ..structure import CONTINUATION, EMPTY, FINISHED
from ..textutil import compile_user, stripped_span
from . import REMOVE_OPTION, Kind, Option, OptionError, line_fix


class Block(Kind):
    name = "block"
    doc = ("Reports the lines of a block that a line matching `start` opens (or, with "
           "`start: headline`, the lines right under the document's first line), as long as "
           "each line matches one of `continue` (any line when not given) and is not the "
           "article's text again (a sentence of `stop-words` words or more, a prose line of "
           "twice as many, a sentence broken across lines); a line matching `end` ends the block "
           "too. `to-end: true` runs the block to the end of the document whatever it holds "
           "(a comment section); with `after-paragraph` only opening lines below the "
           "article's first paragraph count. Patterns match the whole line without the white space and "
           "decoration (bullets, #, pipes) around it, regardless of case. A block with fewer "
           "than `min-lines` lines after its opening line is not reported.")
    options = {
        "start": Option((list, str), "regexes of the line that opens the block, or `headline`: "
                        "the block starts under the document's first line", required=True),
        "continue": Option(list, "regexes: a line that matches none of them ends the block", []),
        "end": Option(list, "regexes: a line that matches one of them ends the block", []),
        "stop-words": Option(int, "a sentence of this many words ends the block (the article "
                             "goes on)", 8),
        "max-lines": Option(int, "the most lines a block holds after its opening line", 40),
        "min-lines": Option(int, "the fewest lines a block must hold after its opening line", 1),
        "to-end": Option(bool, "the block runs to the end of the document", False),
        "after-paragraph": Option(int, "only an opening line below the article's first paragraph of "
                                  "this many words (a prose line) opens the block; 0: anywhere", 0),
        "report-start": Option(bool, "report the opening line too", True),
        "fix": REMOVE_OPTION,
    }
    contextual = True

    def compile(self):
        flags = regex.IGNORECASE | regex.VERSION1

        def pattern(key, values):
            """One regex that matches a label in full where one of `values` does: one call
            a line, not one a regex. Each branch numbers its groups from 1, as the regex
            alone did (a branch reset group), so backreferences keep their meaning."""
            try:
                for value in values:
                    compile_user(value, flags)  # so that an error names the regex at fault
                return compile_user("(?|" + "|".join(f"(?:{v})" for v in values) + ")", flags) if values else None
            except ValueError as exc:
                raise OptionError(key, str(exc)) from None

        self.headline = self.start == "headline"
        if isinstance(self.start, str) and not self.headline:
            raise OptionError("start", "start must be a list of regexes or 'headline'")
        if not self.headline and not self.start:
            raise OptionError("start", "start must list at least one regex")
        self.starts = None if self.headline else pattern("start", self.start)
        self.continues = pattern("continue", getattr(self, "continue"))
        self.ends = pattern("end", self.end)

    def check(self, doc):
        structure = doc.structure
        lines, kinds, filled = structure.lines, structure.kinds, structure.filled
        if (self.min_lines and len(filled) < 2) or self.scope.isdisjoint(structure.present):
            return  # no line for a block to hold, or none of the blocks it reads
        if self.headline:
            if filled:
                yield from self._block(doc, lines, kinds, filled, 0)
            return
        after = 0  # where the next opening line may stand
        if self.after_paragraph:
            after = next((i + 1 for i in filled if kinds[i] == "prose" and lines[i].words >= self.after_paragraph),
                         len(lines))
        for position, index in enumerate(filled):
            if index >= after and lines[index].words <= 12 and kinds[index] in self.scope \
                    and self._matches(self.starts, doc, index):
                end = yield from self._block(doc, lines, kinds, filled, position)
                after = max(end, index + 1)

    def _block(self, doc, lines, kinds, filled, position):
        """Report the block that line filled[position] opens; return the index of the
        line where reading it stopped."""
        opening = filled[position]
        members: list[int] = []
        stop = len(lines)
        for index in filled[position + 1:]:  # blank lines neither end a block nor join it
            if self._full(members):
                break
            _, _, words, shape = lines[index]
            if not self.to_end and (self._resumes(kinds[index], words, shape)
                                    or self._broken_sentence(lines, index)
                                    or (self.continues and not self._matches(self.continues, doc, index))
                                    or self._matches(self.ends, doc, index)):
                stop = index
                break
            members.append(index)
        if self._full(members):
            stop = members[-1] + 1 if members else opening + 1
        if len(members) < self.min_lines:
            return stop
        if self.report_start and not self.headline:
            members.insert(0, opening)
        for member in members:
            start, text = lines[member][:2]
            if kinds[member] in self.scope:
                start, end = stripped_span(start, text)
                # judged by its place, not its words: the removal guard reads them all
                yield Hit(start, end, {}, line_fix(self, doc, start, end, matched=(start, start)))
        return stop

    def _full(self, members: list[int]) -> bool:
        return not self.to_end and len(members) >= self.max_lines

    def _resumes(self, kind: str, words: int, shape: str) -> bool:
        """Whether a line is the article's text again: a sentence of `stop-words` words,
        a long line of prose, or a sentence broken across lines (a headline never goes
        on in lower case)."""
        return kind == "prose" and (shape == CONTINUATION or words >= 2 * self.stop_words or (
            shape == FINISHED and words >= self.stop_words))

    @staticmethod
    def _broken_sentence(lines, index: int) -> bool:
        """Whether the line opens a sentence that an inline tag broke: the next line that
        is not blank goes on with it in lower case (a headline is never continued so)."""
        for line in lines[index + 1:index + 4]:
            if line.shape != EMPTY:
                return line.shape == CONTINUATION
        return False

    def _matches(self, pattern, doc, index: int) -> bool:
        if pattern is None:
            return False
        return pattern.fullmatch(_label(doc, index), timeout=self.timeout) is not None


def _label(doc, index: int) -> str:
    """Line `index` without the decoration around it, worked out once for every rule
    of this kind."""
    labels = doc.memo.get("block_labels")
    if labels is None:
        labels = doc.memo["block_labels"] = {}
    label = labels.get(index)
    if label is None:
        label = labels[index] = DECORATION.sub("", doc.line_texts[index])
    return label


DECORATION = regex.compile(r"^[\s#*>|•·▪\-–—_:]+|[\s#*|•·▪\-–—_:]+$")
