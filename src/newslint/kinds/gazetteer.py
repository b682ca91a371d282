"""`gazetteer`: well-known proper nouns written in lower case (`kyiv`, `washington`)."""

from __future__ import annotations

import re

from ..finding import Edit, Fix, Hit
from ..prefilter import derive
from ..textutil import alternation
from . import Kind, Option, OptionError

BEFORE = "-_./@#"  # inside a URL, handle, hashtag or file name
AFTER = "_/@"


class Gazetteer(Kind):
    name = "gazetteer"
    doc = ("Reports the lower-case spelling of any of `names` as a whole word, outside URLs, "
           "e-mail addresses, hashtags and handles. Only names that are never common words "
           "belong in the list.")
    options = {
        "names": Option(list, "proper nouns, written as they should be", required=True),
    }
    fields = ("proper",)
    fixes = "writes the name with its capital (safe)"

    def compile(self):
        if not all(isinstance(n, str) and n[:1].isupper() for n in self.names):
            raise OptionError("names", "names must be strings that start with a capital")
        self.proper = {n.lower(): n for n in self.names}
        # a character trie for the fast `re` engine, tried only at word starts (\b); the
        # other word edges are checked on the few matches
        self.compiled = re.compile(r"\b" + alternation(self.proper))

    # the trie takes part in the prefilter (see prefilter.py): most texts hold no name
    max_line_length = None

    def gates(self) -> list[str | None]:
        return [derive(self.compiled.pattern, 0, "re")]

    def holds(self, index: int, text: str) -> bool:
        return self.compiled.search(text) is not None

    def check(self, doc):
        text = doc.text
        for m in self.compiled.finditer(text):
            start, end = m.span()
            if start and (text[start - 1].isalnum() or text[start - 1] in BEFORE):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] in AFTER
                                    or (text[end] in ".-" and end + 1 < len(text) and text[end + 1].isalpha())):
                continue
            proper = self.proper[m.group()]
            yield Hit(m.start(), m.end(), {"proper": proper},
                      Fix((Edit(m.start(), m.end(), proper),), f"write '{proper}'"))
