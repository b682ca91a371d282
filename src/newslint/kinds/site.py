"""`site-repeat`: lines that recur word for word on many pages of one site.

Menus, footers, newsletter prompts and legal lines are the same on every page of a site,
while article text is not: CCNet and similar pipelines drop such lines by hashing them.
This is a corpus kind (see corpus.py): a first pass hashes every document's normalised
lines with its site and counts on how many pages of the site each one occurs; `check()`
then reports the lines that reach `min-documents`.

Counting is exact and memory bounded: each document gives (line key, page key) pairs of
64-bit BLAKE2b hashes, 16 bytes; once `memory` megabytes of them are held they are sorted
and spilled to a temporary file, and the sorted runs are merged at the end. The only error
is a hash collision: two different lines (or pages) of a site taken for one happen with
probability about n²/2⁶⁵ for n distinct lines (below 3% for a billion lines, below one in
10¹⁰ for any given line).
"""

from __future__ import annotations

import bisect
import heapq
import os
import re
import tempfile
from array import array
from hashlib import blake2b
from urllib.parse import urlsplit

import regex

from ..document import LINE_BREAK, Document
from ..finding import Hit
from ..textutil import stripped_span
from . import REMOVE_OPTION, Kind, Option, OptionError, line_hit

STEPS = ("case", "digits", "punctuation", "space")
DIGIT = re.compile(r"\d")
PUNCTUATION = regex.compile(r"[\p{P}\p{S}]+")
PAIR_BYTES = 80  # one (line, page) pair while it is held: 16 in the buffer, a 128-bit int to sort it
RUN_PAIRS = 1 << 16  # pairs read at a time from each spilled run when merging
LOW = (1 << 64) - 1


def site_of(doc: Document) -> str:
    """The record's site: its site field, else its URL's host without `www.`; "" when it
    has neither (all such documents are one site)."""
    if doc.site:
        return doc.site.strip().lower()
    if not doc.url:
        return ""
    url = doc.url.strip()
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.")


def page_of(doc: Document) -> str:
    """What makes two documents one page: the URL without its #fragment (the same page
    extracted twice counts once), else the document's place in its input."""
    if doc.url:
        return doc.url.strip().split("#", 1)[0]
    return doc.path if doc.record is None else f"{doc.path}\0{doc.record}"


def _hash(data: bytes, key: bytes = b"") -> int:
    return int.from_bytes(blake2b(data, digest_size=8, key=key).digest(), "big")


class SiteRepeat(Kind):
    name = "site-repeat"
    doc = ("A corpus rule: reports lines that occur on at least `min-documents` pages of "
           "the document's site (the `--site-field`, else the domain of the URL field; "
           "documents with neither are one site). Lines are compared once normalised "
           "(`normalise`) and counted once per page (documents with the same URL are one "
           "page). It needs a pass over the corpus before linting, which `newslint check`, "
           "`clean` and `report` make when the rule is selected; it finds nothing in a "
           "document linted alone.")
    corpus = True
    options = {
        "min-documents": Option(int, "report a line found on at least this many pages of its site", 3),
        "min-length": Option(int, "shortest line counted, in characters once normalised", 12),
        "normalise": Option(list, "what does not count when lines are compared: `case`, `digits` "
                            "(all read as 0), `punctuation` (and symbols), `space` (runs of white "
                            "space); leading and trailing space never counts", list(STEPS)),
        "memory": Option((int, float), "megabytes of (line, page) pairs the pass holds before it "
                         "spills a sorted run to a temporary file", 256),
        "fix": REMOVE_OPTION,
    }
    fields = ("pages", "site")
    table: tuple[array, array] | None  # sorted line keys, and the pages each is on

    def compile(self):
        if self.min_documents < 2:
            raise OptionError("min-documents", "'min-documents' must be 2 or more")
        unknown = set(self.normalise) - set(STEPS)
        if unknown:
            raise OptionError("normalise", f"'normalise' takes {', '.join(STEPS)}; not {', '.join(sorted(unknown))}")

    def normalised_lines(self, text: str) -> list[str]:
        """The text's lines as they are compared, one per line of the document."""
        steps = self.normalise
        if "case" in steps:
            text = text.lower()
        if "digits" in steps:
            text = DIGIT.sub("0", text)
        if "punctuation" in steps:
            text = PUNCTUATION.sub("", text)
        lines = LINE_BREAK.split(text) if "\r" in text else text.split("\n")
        if "space" in steps:
            return [" ".join(line.split()) for line in lines]
        return [line.strip() for line in lines]

    def keys(self, doc: Document) -> list[tuple[int, int]]:
        """(line index, key) of the lines long enough to count; the key hashes the line
        with the document's site."""
        site = blake2b(site_of(doc).encode(), digest_size=16).digest()
        return [(index, _hash(line.encode(), site)) for index, line in enumerate(self.normalised_lines(doc.text))
                if len(line) >= self.min_length]

    def gather(self, docs: list[Document]) -> array:
        """The corpus pass on a batch: (line key, page key) pairs, each once per document."""
        pairs = array("Q")
        for doc in docs:
            page = _hash(page_of(doc).encode())
            for key in {key for _, key in self.keys(doc)}:
                pairs.append(key)
                pairs.append(page)
        return pairs

    def tally(self) -> PageCounts:
        return PageCounts(self.min_documents, self.memory)

    def check(self, doc):
        if not self.table:
            return
        keys, pages = self.table
        lines = doc.lines
        site = site_of(doc) or "the corpus"
        for index, key in self.keys(doc):
            at = bisect.bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                start, _, text = lines[index]
                values = {"pages": pages[at], "site": site}
                yield line_hit(doc, start, text, values) if self.fix == "remove" else \
                    Hit(*stripped_span(start, text), values)


class PageCounts:
    """On how many pages each line key occurs, counted exactly in bounded memory: pairs
    are held up to a limit, then sorted and written to a temporary file; finish() merges
    the sorted runs and keeps the keys found on at least `min_pages` pages."""

    def __init__(self, min_pages: int, memory_mb: float):
        self.min_pages = min_pages
        self.limit = max(1024, int(memory_mb * (1 << 20)) // PAIR_BYTES)
        self.pairs = array("Q")
        self.runs: list[str] = []
        self.folder: tempfile.TemporaryDirectory | None = None

    def add(self, pairs: array) -> None:
        self.pairs.extend(pairs)
        if len(self.pairs) // 2 >= self.limit:
            self._spill()

    def _sorted(self) -> list[int]:
        """The held pairs as sorted 128-bit numbers (line key, then page key); empties the buffer."""
        pairs, self.pairs = self.pairs, array("Q")
        return sorted(key << 64 | page for key, page in zip(pairs[::2], pairs[1::2]))

    def _spill(self) -> None:
        if self.folder is None:
            self.folder = tempfile.TemporaryDirectory(prefix="newslint-site-")
        run = array("Q")
        for pair in self._sorted():
            run.append(pair >> 64)
            run.append(pair & LOW)
        path = os.path.join(self.folder.name, f"run-{len(self.runs)}")
        with open(path, "wb") as out:
            run.tofile(out)
        self.runs.append(path)

    def finish(self) -> tuple[array, array]:
        """The table: sorted keys of the lines on at least `min_pages` pages, and how many."""
        keys, counts = array("Q"), array("L")
        current, pages, last = -1, 0, -1
        try:
            for pair in heapq.merge(*map(_read_run, self.runs), self._sorted()):
                if pair == last:  # the same page in two runs
                    continue
                last = pair
                key = pair >> 64
                if key != current:
                    if pages >= self.min_pages:
                        keys.append(current)
                        counts.append(pages)
                    current, pages = key, 0
                pages += 1
            if pages >= self.min_pages:
                keys.append(current)
                counts.append(pages)
        finally:
            if self.folder is not None:
                self.folder.cleanup()
        return keys, counts


def _read_run(path: str):
    """The pairs of a spilled run, as 128-bit numbers, read a block at a time."""
    with open(path, "rb") as run:
        while True:
            block = array("Q")
            try:
                block.fromfile(run, 2 * RUN_PAIRS)
            except EOFError:  # the last, shorter block has been read into `block`
                pass
            if not block:
                return
            yield from (key << 64 | page for key, page in zip(block[::2], block[1::2]))
