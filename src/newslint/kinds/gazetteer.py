"""`gazetteer`: well-known proper nouns written in lower case (`kyiv`, `washington`)."""

from __future__ import annotations

import regex

from ..finding import Edit, Fix, Hit
from . import Kind, Option, OptionError, register


@register
class Gazetteer(Kind):
    name = "gazetteer"
    doc = ("Reports the lower-case spelling of any of `names` as a whole word, outside URLs, "
           "e-mail addresses, hashtags and handles. Only names that are never common words "
           "belong in the list.")
    options = {
        "names": Option(list, "proper nouns, written as they should be", required=True),
    }
    fields = ("proper",)

    def compile(self):
        if not all(isinstance(n, str) and n[:1].isupper() for n in self.names):
            raise OptionError("names", "names must be strings that start with a capital")
        self.proper = {n.lower(): n for n in self.names}
        words = "|".join(regex.escape(n) for n in sorted(self.proper, key=len, reverse=True))
        self.compiled = regex.compile(rf"(?<![\p{{L}}\p{{N}}\-_./@#])(?:{words})(?![\p{{L}}\p{{N}}_/@]|[.\-]\p{{L}})")

    def check(self, doc):
        for m in self.compiled.finditer(doc.text, timeout=self.timeout):
            proper = self.proper[m.group()]
            yield Hit(m.start(), m.end(), {"proper": proper},
                      Fix((Edit(m.start(), m.end(), proper),), f"write '{proper}'"))
