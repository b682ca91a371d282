"""A document to lint: its text, where it came from, and positions inside it.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only, as editors and the Language Server
Protocol count them (``str.splitlines`` also breaks at U+2028, form feeds and more,
which would shift every line number after one of them).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add

import regex

from .textutil import PIECE, pieces

LINE_BREAK = regex.compile(r"\r\n|\r|\n")


class cached_property:
    """functools.cached_property without the lock that Python 3.11 takes on every first
    access (about a microsecond each; a document computes several): worked out once per
    instance, kept in its __dict__, which later reads find first."""

    def __init__(self, func):
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
# what stands in a LineView for a line too long to scan: a non-blank character that no
# letter, digit, space or punctuation class matches
TOO_LONG = "\uffff"


@dataclass(eq=False)
class Document:
    """Text plus metadata. Corpus records fill `record` (0-based) and `id`."""

    text: str
    path: str = "-"
    id: str | None = None
    record: int | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    site: str | None = None  # the site the record names (--site-field); else its URL's domain counts
    # set by sources: why the text is not what the file held (bad bytes, broken record)
    decode_error: bool = False
    bom: bool = False  # the file began with a byte-order mark (a fix writes it back)
    encoding: str = "utf-8"  # the file's encoding: UTF-8, or the UTF-16/32 its mark names
    input_error: str | None = None
    # what several rules compute from this text once (word sets and the like)
    memo: dict = field(default_factory=dict, repr=False)

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets at which each line starts; `line_starts[0] == 0`."""
        return [start for start, _, _ in self.lines]

    @cached_property
    def structure(self):
        """The document's blocks (prose, headings, lists, tables, code, …): see structure.py."""
        from .structure import Structure

        return Structure(self)

    @cached_property
    def language(self) -> str | None:
        """The primary language subtag (`pt` of `pt-BR`), guessed from the words if not
        given: None for a text too short to tell, `und` for one in none of the languages
        newslint knows (or a mix of them: a page of menus)."""
        if self.lang:
            return self.lang.replace("_", "-").split("-")[0].lower()
        from .lexicon import guess_language

        return guess_language(self.text)

    @cached_property
    def folded(self) -> str | None:
        """The text in lower case, for case-blind matching with the fast `re` engine.

        None in the rare texts where that would go wrong: lower-casing changes the length
        (offsets would shift), or lines end in a lone \\r (which `re`'s ^ does not know)."""
        text = self.text
        if "\r" in text and text.count("\r") != text.count("\r\n"):
            return None
        # beyond ASCII, in pieces cut at white space (which lower-casing never crosses):
        # str.lower of such text first takes 12 bytes a character, 600 MB for a 50 MB line
        folded = text.lower() if text.isascii() or len(text) <= PIECE else "".join(map(str.lower, pieces(text)))
        return folded if len(folded) == len(text) else None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """1-based (line, column, end line, end column) of text[start:end]; one search
        serves both ends of the many spans that stay on their line."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, start) - 1
        line_start = starts[index]
        if index + 1 == len(starts) or end < starts[index + 1]:
            return index + 1, start - line_start + 1, index + 1, end - line_start + 1
        return (index + 1, start - line_start + 1, *self.position(end))

    @cached_property
    def line_texts(self) -> list[str]:
        """The text of every line, without its line break."""
        text = self.text
        return LINE_BREAK.split(text) if "\r" in text else text.split("\n")

    @cached_property
    def lines(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of every line, without its line break; built once and shared
        by the rules that read lines. str.split, map, accumulate and zip do the work at C
        speed: a regex, or a Python loop over the lines, would not."""
        text = self.text
        parts = self.line_texts
        if "\r" in text:
            breaks = [len(m.group()) for m in LINE_BREAK.finditer(text)]
        else:
            breaks = repeat(1)
        lengths = list(map(len, parts))
        starts = list(accumulate(map(add, lengths, breaks), initial=0))
        return list(zip(starts, map(add, starts, lengths), parts))

    def whole_lines(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the line holding `start` to past the line break after `end`:
        what a fix that removes lines deletes, indentation and trailing spaces included."""
        starts = self.line_starts
        first = starts[bisect.bisect_right(starts, start) - 1]
        after = bisect.bisect_right(starts, max(start, end - 1))
        return first, starts[after] if after < len(starts) else len(self.text)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of every paragraph: a run of non-blank lines. A paragraph of
        one line shares that line's text (a 50 MB line is not copied again)."""
        table = []
        first = last = -1
        only = ""  # the text of the paragraph's line while it has only one
        for start, end, text in self.lines:
            if text and not text.isspace():
                if first < 0:
                    first, only = start, text
                else:
                    only = None
                last = end
            elif first >= 0:
                table.append((first, last, self.text[first:last] if only is None else only))
                first = -1
        if first >= 0:
            table.append((first, last, self.text[first:last] if only is None else only))
        return table

    def short_lines(self, limit: int) -> LineView:
        """The document's lines with those longer than `limit` left out (see LineView);
        built once per limit and shared by the rules that ask for it."""
        view = self.memo.get(("short_lines", limit))
        if view is None:
            view = self.memo[("short_lines", limit)] = LineView(self, limit)
        return view

    def lines_holding(self, words) -> list[int]:
        """Indices of the lines whose lower-cased text holds one of `words` (lower case):
        found with str.find on the lower-cased text, not by lowering every line."""
        folded = self.folded
        if folded is None:
            return [i for i, (_, _, text) in enumerate(self.lines) if any(w in text.lower() for w in words)]
        if "" in words:
            return list(range(len(self.lines)))
        starts = self.line_starts
        found = set()
        for word in words:
            at = folded.find(word)
            while at >= 0:
                found.add(bisect.bisect_right(starts, at) - 1)
                at = folded.find(word, at + 1)
        return sorted(found)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break (the line table's own: no copy)."""
        return self.line_texts[line - 1]

    @property
    def label(self) -> str:
        """How messages name this document: the path, plus the record for corpora."""
        if self.record is None:
            return self.path
        return f"{self.path}:record {self.record}" + (f" (id {self.id})" if self.id is not None else "")


class LineView:
    """The text of a document's short lines, for rules that match within one line
    (labels, credits, datelines): most of an article's characters are in long paragraph
    lines, which such rules need not scan. Line i of the view is line i of the document;
    a line longer than `limit` is replaced by TOO_LONG, so a pattern that looks at the
    next line still sees that one is there. Lines are joined by \\n, whatever the
    document's line breaks; `to_doc` maps offsets back."""

    def __init__(self, doc: Document, limit: int):
        texts = doc.line_texts
        too_long = [i for i, length in enumerate(map(len, texts)) if length > limit]
        self.lines = texts  # the view's lines: the document's own list while none is too long
        if too_long:
            self.lines = texts[:]
            for index in too_long:
                self.lines[index] = TOO_LONG
        self.identity = not too_long and "\r" not in doc.text
        self.text = doc.text if self.identity else "\n".join(self.lines)
        self._origins = doc.line_starts

    @cached_property
    def starts(self) -> list[int]:
        """Offsets at which each line of the view starts (worked out on the first hit)."""
        return list(accumulate([len(p) + 1 for p in self.lines[:-1]], initial=0))

    def to_doc(self, offset: int) -> int:
        """The document offset of a view offset."""
        if self.identity:
            return offset
        index = bisect.bisect_right(self.starts, offset) - 1
        return self._origins[index] + offset - self.starts[index]
