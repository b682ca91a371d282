"""`phrases`: long literal lists (navigation, promotion) matched on whole lines or inside them.

The phrases are compiled into one character trie and matched with the standard `re`
engine on the lower-cased text: `re` scans such tries several times faster than
`regex`, whatever the number of phrases. Texts that `re` cannot take (see
Document.folded) and case-sensitive lists go through `regex`.
"""

from __future__ import annotations

import re

import regex

from ..finding import Hit
from ..textutil import DECORATION, DECORATION_RE, END, END_RE, START, alternation
from . import Kind, Option, OptionError


class Phrases(Kind):
    name = "phrases"
    doc = ("Matches any of `phrases`, with any Unicode white space between their words and "
           "straight or curly apostrophes alike. `match: line` reports lines that hold only a "
           "phrase (bullets, punctuation and symbols around it allowed); `inside` reports the "
           "phrase anywhere, as whole words.")
    options = {
        "phrases": Option(list, "the phrases", required=True),
        "match": Option(str, "where a phrase must stand", "line", choices=("line", "inside")),
        "ignore-case": Option(bool, "match regardless of case", True),
        "capitalised": Option(bool, "only phrases written with a capital first letter (News, NEWS: "
                              "a menu label; news: a word of a broken sentence)", False),
    }

    def compile(self):
        if not self.phrases or not all(isinstance(p, str) and p.strip() for p in self.phrases):
            raise OptionError("phrases", "phrases must be a non-empty list of non-empty strings")
        body = alternation(self.phrases, fold_case=self.ignore_case)
        if self.match == "line":
            fast = rf"^{DECORATION_RE}({body}){DECORATION_RE}{END_RE}"
            slow = rf"{START}{DECORATION}({body}){DECORATION}{END}"
        else:
            fast = slow = rf"(?<!\w)({body})(?!\w)"
        self.fast = re.compile(fast, re.MULTILINE) if self.ignore_case else None
        self.slow_source = slow
        self.slow = None  # compiled on first need: few documents need it

    def check(self, doc):
        folded = doc.folded if self.fast is not None else None
        if folded is not None:
            matches = self.fast.finditer(folded)
        else:
            if self.slow is None:
                self.slow = regex.compile(self.slow_source,
                                          regex.MULTILINE | (regex.IGNORECASE if self.ignore_case else 0))
            matches = self.slow.finditer(doc.text, timeout=self.timeout)
        text = doc.text
        for m in matches:
            start, end = m.span(1)
            if self.capitalised and not text[start].isupper():
                continue
            yield Hit(start, end)
