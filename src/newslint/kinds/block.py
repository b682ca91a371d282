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

        def patterns(key, values):
            try:
                return [compile_user(value, flags) for value in values]
            except ValueError as exc:
                raise OptionError(key, str(exc)) from None

        self.headline = self.start == "headline"
        if isinstance(self.start, str) and not self.headline:
            raise OptionError("start", "start must be a list of regexes or 'headline'")
        if not self.headline and not self.start:
            raise OptionError("start", "start must list at least one regex")
        self.starts = [] if self.headline else patterns("start", self.start)
        self.continues = patterns("continue", getattr(self, "continue"))
        self.ends = patterns("end", self.end)

    def check(self, doc):
        structure = doc.structure
        lines, kinds = structure.lines, structure.kinds
        index = 0
        if self.headline:
            first = next((i for i, line in enumerate(lines) if line.shape != EMPTY), None)
            if first is not None:
                yield from self._block(doc, lines, kinds, first)
            return
        if self.after_paragraph:
            index = next((i + 1 for i, line in enumerate(lines)
                          if kinds[i] == "prose" and line.words >= self.after_paragraph), len(lines))
        while index < len(lines):
            _, text, words, shape = lines[index]
            if shape != EMPTY and words <= 12 and kinds[index] in self.scope and self._matches(self.starts, text):
                end = yield from self._block(doc, lines, kinds, index)
                index = max(end, index + 1)
            else:
                index += 1

    def _block(self, doc, lines, kinds, opening):
        """Report the block that line `opening` opens; return the index after it."""
        members = []
        index = opening + 1
        while index < len(lines) and (self.to_end or len(members) < self.max_lines):
            _, text, words, shape = lines[index]
            if shape == EMPTY:
                index += 1
                continue
            if not self.to_end and (self._resumes(kinds[index], words, shape)
                                    or self._broken_sentence(lines, index)
                                    or (self.continues and not self._matches(self.continues, text))
                                    or self._matches(self.ends, text)):
                break
            members.append(index)
            index += 1
        if len(members) < self.min_lines:
            return index
        if self.report_start and not self.headline:
            members.insert(0, opening)
        for member in members:
            start, text = lines[member][:2]
            if kinds[member] in self.scope:
                start, end = stripped_span(start, text)
                # judged by its place, not its words: the removal guard reads them all
                yield Hit(start, end, {}, line_fix(self, doc, start, end, matched=(start, start)))
        return index

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

    def _matches(self, patterns, text) -> bool:
        label = DECORATION.sub("", text)
        return any(p.fullmatch(label, timeout=self.timeout) for p in patterns)


DECORATION = regex.compile(r"^[\s#*>|•·▪\-–—_:]+|[\s#*|•·▪\-–—_:]+$")
