"""`phrases`: long literal lists (navigation, promotion) matched on whole lines or inside them.

`match: line` needs no regex: each short line, without the decoration around it and
with its white space and apostrophes normalised, is looked up in a set of the phrases.
The line keys are computed once per document and shared by every such rule, so a rule
costs one set lookup per line whatever the number of its phrases.

`match: inside` picks a few key words that every phrase holds one of, finds the lines
that hold each with str.find (C speed) and matches there the phrases of that key word,
compiled into a character trie on first need, with the standard `re` engine on the
lower-cased text (several times faster than `regex`): a trie scanned over the whole
text would cost the engine a step at every character.
"""

from __future__ import annotations

import bisect
import re

import regex

from ..finding import Hit
from ..prefilter import literal_gate
from ..textutil import APOSTROPHES, alternation
from . import REMOVE_OPTION, Kind, Option, OptionError, line_fix, removal_fix

EDGES = re.compile(r"^\W+|\W+$")  # the decoration around a label: bullets, pipes, arrows
GOES_ON = tuple(",.;:)")  # what the rest of a sentence starts with after a link split out of it
ALNUM = re.compile(r"[^\W_]")  # what str.isalnum accepts
# lines longer than this are not looked up (unless a phrase is nearly as long): a label
# with its decoration is shorter, and one limit lets every rule share the line keys
LINE_LIMIT = 200
SLACK = 80


def _normal(text: str, fold: bool) -> str:
    """A line or phrase as the set lookup sees it: one space between words, ' for every
    apostrophe, no decoration at either end, lower case if folded."""
    if fold:
        text = text.lower()
    for apostrophe in APOSTROPHES[1:]:
        text = text.replace(apostrophe, "'")
    key = " ".join(text.split())
    if key and not (key[0].isalnum() and key[-1].isalnum()):
        key = EDGES.sub("", key)
    return key


def _line_keys(doc, limit: int, fold: bool) -> list[str]:
    """_normal of each line of at most `limit` characters ("" for the longer ones)."""
    memo_key = ("phrase_line_keys", limit, fold)
    keys = doc.memo.get(memo_key)
    if keys is None:
        keys = doc.memo[memo_key] = [_normal(line, fold) if line else "" for line in doc.short_lines(limit).lines]
    return keys


def _label_span(start: int, text: str) -> tuple[int, int]:
    """The span of a line's label without the decoration around it."""
    left, right = 0, len(text)
    while left < right and not (text[left].isalnum() or text[left] == "_"):
        left += 1
    while right > left and not (text[right - 1].isalnum() or text[right - 1] == "_"):
        right -= 1
    return start + left, start + right


class Phrases(Kind):
    name = "phrases"
    doc = ("Matches any of `phrases`, with any Unicode white space between their words and "
           "straight or curly apostrophes alike. `match: line` reports lines that hold only a "
           "phrase (bullets, punctuation and symbols around it allowed); `inside` reports the "
           "phrase anywhere, as whole words, and a line that phrases fill as one finding.")
    options = {
        "phrases": Option(list, "the phrases", required=True),
        "match": Option(str, "where a phrase must stand", "line", choices=("line", "inside")),
        "ignore-case": Option(bool, "match regardless of case", True),
        "capitalised": Option(bool, "only phrases written with a capital first letter (News, NEWS: "
                              "a menu label; news: a word of a broken sentence)", False),
        "in-sentence": Option(bool, "`match: line`, `false`: not a line that the next line goes on "
                              "from with , . ; : or ) (a link that an extractor split out of its "
                              "sentence: 'such as ⏎ Pinterest ⏎ , and TikTok')", True),
        "fix": REMOVE_OPTION,  # match: inside: for the lines that the phrases fill
    }

    def compile(self):
        if not self.phrases or not all(isinstance(p, str) and p.strip() for p in self.phrases):
            raise OptionError("phrases", "phrases must be a non-empty list of non-empty strings")
        if self.match == "line":
            self.keys = frozenset(_normal(p, self.ignore_case) for p in self.phrases) - {""}
            if not self.keys:
                raise OptionError("phrases", "the phrases hold no letters or digits")
            self.limit = max(LINE_LIMIT, max(len(p) for p in self.phrases) + SLACK)
            return
        normals = [_normal(p, self.ignore_case) for p in self.phrases]
        self.groups: dict[str, list[str]] = {anchor: [] for anchor in _key_words(normals)}
        for phrase, normal in zip(self.phrases, normals):
            self.groups[next(a for a in self.groups if a in normal)].append(phrase)
        self.anchors = list(self.groups)
        self.patterns: dict[tuple[str, bool], object] = {}  # compiled on first need

    # match: inside takes part in the prefilter (see prefilter.py): one gate per key word
    max_line_length = None

    def gates(self) -> list[str | None]:
        return [] if self.match == "line" else [literal_gate(anchor) for anchor in self.anchors]

    def holds(self, index: int, text: str) -> bool:
        return self.anchors[index].lower() in text.lower()

    def fix_summary(self):
        if self.fix == "remove" and self.match == "inside":
            return "removes a line that the phrases fill (unsafe)"
        return super().fix_summary()

    def _pattern(self, anchor: str, fast: bool):
        """The trie of the phrases that hold `anchor`: for `re` on the lower-cased text
        (fast), or for `regex` on the text as it is."""
        pattern = self.patterns.get((anchor, fast))
        if pattern is None:
            source = rf"(?<!\w)({alternation(self.groups[anchor], fold_case=self.ignore_case)})(?!\w)"
            pattern = re.compile(source) if fast else \
                regex.compile(source, regex.IGNORECASE if self.ignore_case else 0)
            self.patterns[(anchor, fast)] = pattern
        return pattern

    def check(self, doc):
        if self.match == "line":
            yield from self._lines(doc)
            return
        text = doc.text
        fast = self.ignore_case and doc.folded is not None
        spans = set()
        prefilter = doc.memo.get("prefilter")
        admitted = None if prefilter is None else prefilter.admitted(doc, self)
        anchors = self.anchors if admitted is None else [self.anchors[i] for i in admitted]
        for anchor in anchors:
            indices = doc.lines_holding([anchor.lower()])  # one str search when the text lacks it
            if not indices:
                continue
            pattern = self._pattern(anchor, fast)
            for index in indices:
                start, end, _ = doc.lines[index]
                matches = pattern.finditer(doc.folded, start, end) if fast else \
                    pattern.finditer(text, start, end, timeout=self.timeout)
                spans.update(m.span(1) for m in matches)
        spans = sorted(s for s in spans if not self.capitalised or text[s[0]].isupper())
        whole = self._filled_lines(doc, spans) if self.fix == "remove" else set()
        merged: list[list] = []  # [start, end, the line's index when the phrases fill it]
        for start, end in spans:
            index = bisect.bisect_right(doc.line_starts, start) - 1 if whole else None
            if index in whole and merged and merged[-1][2] == index:
                merged[-1][1] = max(merged[-1][1], end)  # one line of phrases, one finding
            else:
                merged.append([start, end, index if index in whole else None])
        for start, end, index in merged:
            # the phrases fill the line: all of it is what they matched
            fix = None if index is None else removal_fix(doc, start, end, matched=doc.whole_lines(start, end))
            yield Hit(start, end, {}, fix)

    @staticmethod
    def _filled_lines(doc, spans) -> set[int]:
        """The lines that the phrases fill, punctuation and white space aside ("For Latest
        Updates Follow us on Google News"): removing them takes no article text along."""
        cuts: dict[int, list[tuple[int, int]]] = {}
        for start, end in spans:
            cuts.setdefault(bisect.bisect_right(doc.line_starts, start) - 1, []).append((start, end))
        filled = set()
        for index, line_cuts in cuts.items():
            line_start, _, line = doc.lines[index]
            gaps, at = [], 0  # what the phrases leave of the line: searched, not copied
            for start, end in line_cuts:  # in text order; phrases may overlap
                gaps.append((at, max(at, start - line_start)))
                at = max(at, end - line_start)
            gaps.append((at, len(line)))
            if not any(ALNUM.search(line, low, high) for low, high in gaps):
                filled.add(index)
        return filled

    def _lines(self, doc):
        keys, wanted = _line_keys(doc, self.limit, self.ignore_case), self.keys
        if wanted.isdisjoint(keys):
            return
        lines = doc.lines
        for index, key in enumerate(keys):
            if key in wanted:
                start, end = _label_span(*lines[index][::2])
                if self.capitalised and not doc.text[start].isupper():
                    continue
                if not self.in_sentence and _next_text(lines, index).startswith(GOES_ON):
                    continue
                yield Hit(start, end, {}, line_fix(self, doc, start, end))


def _next_text(lines, index: int) -> str:
    """The next non-blank line after lines[index], stripped ("" at the end)."""
    for _, _, text in lines[index + 1:index + 50]:
        if text.strip():
            return text.strip()
    return ""


def _key_words(phrases: list[str]) -> list[str]:
    """A few words such that every phrase holds one: each costs a str.find over the text,
    so words that many phrases hold are taken first (cookie: "We use cookies", "Cookie
    settings"), long ones (rare in text) before short ones. Words with an apostrophe are
    never taken (the text may curl it); a phrase with no other word makes the list [""]:
    search everywhere."""
    def candidates(phrase: str) -> list[str]:
        words = [w for w in phrase.split() if "'" not in w]
        return [w for w in words if len(w) >= 6] or [w for w in words if len(w) >= 4] or words

    left = list(phrases)
    if not all(candidates(p) for p in left):
        return [""]
    chosen = []
    while left:
        words = {w for p in left for w in candidates(p)}
        best = max(words, key=lambda w: (sum(w in p for p in left), len(w), w))
        chosen.append(best)
        left = [p for p in left if best not in p]
    return sorted(chosen)
