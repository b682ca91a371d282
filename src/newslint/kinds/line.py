"""`line`: whole-line shapes that are never prose: white space only, punctuation only."""

from __future__ import annotations

import regex

from ..finding import Edit, Fix, Hit
from ..textutil import END, START
from . import Kind, Option, register

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SHAPES = {
    # a line that looks empty but is not: spaces, tabs, no-break and zero-width spaces
    "blank": rf"{START}[[\s{INVISIBLE}]--[\r\n]]+{END}",
    # a line of punctuation and symbols only: -, |, *, ... but not a section break
    # (***, * * *, ___, ---, ###: three or more of one mark)
    "punctuation": rf"{START}(?![^\S\r\n]*([*_\-=~#•·—–])(?:[^\S\r\n]*\1){{2,}}[^\S\r\n]*{END})"
                   rf"[^\S\r\n]*[\p{{P}}\p{{S}}](?:[\p{{P}}\p{{S}}{INVISIBLE}]|[^\S\r\n])*{END}",
}


@register
class Line(Kind):
    name = "line"
    doc = ("Reports lines of one shape: `blank` (only white space, no-break and zero-width "
           "spaces included, but not empty) or `punctuation` (only punctuation and symbols).")
    options = {
        "shape": Option(str, "the line shape", required=True, choices=tuple(SHAPES)),
        "fix": Option(str, "what the fix does with the line", "none", choices=("none", "empty", "remove")),
    }
    fields = ("shown",)

    def compile(self):
        self.compiled = regex.compile(SHAPES[self.shape], regex.MULTILINE | regex.VERSION1)

    def check(self, doc):
        text = doc.text
        for m in self.compiled.finditer(text, timeout=self.timeout):
            start, end = m.span()
            fix = None
            if self.fix == "empty":
                fix = Fix((Edit(start, end, ""),), "empty the line", safe=True)
            elif self.fix == "remove":
                stop = end + (2 if text.startswith("\r\n", end) else 1 if end < len(text) else 0)
                fix = Fix((Edit(start, stop, ""),), "remove the line", safe=False)
            shown = m.group().encode("unicode_escape").decode("ascii")
            yield Hit(start, end, {"shown": shown}, fix)
