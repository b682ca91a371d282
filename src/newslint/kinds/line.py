"""`line`: whole-line shapes that are never prose: white space only, punctuation only."""

from __future__ import annotations

import re

import regex

from ..finding import Edit, Fix, Hit
from ..textutil import END, END_RE, START
from . import REMOVES, Kind, Option, removal_fix

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SHAPES = {
    # a line that looks empty but is not: spaces, tabs, no-break and zero-width spaces
    "blank": rf"{START}[[\s{INVISIBLE}]--[\r\n]]+{END}",
    # a line of punctuation and symbols only: -, |, *, ... but not a section break
    # (***, * * *, ___, ---, ###: three or more of one mark)
    "punctuation": rf"{START}(?![^\S\r\n]*([*_\-=~#•·—–])(?:[^\S\r\n]*\1){{2,}}[^\S\r\n]*{END})"
                   rf"[^\S\r\n]*[\p{{P}}\p{{S}}](?:[\p{{P}}\p{{S}}{INVISIBLE}]|[^\S\r\n])*{END}",
}


# the same shapes for the standard `re` engine, several times faster; used when the
# document has no lone \r line ends (Document.folded tells). [^\w\s] is punctuation or symbol.
FAST = {
    "blank": rf"^[ \t\f\v\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x1c-\x1f\x85{INVISIBLE}]+"
             rf"{END_RE}",
    "punctuation": r"^(?![^\S\r\n]*([*_\-=~#•·—–])(?:[^\S\r\n]*\1){2,}[^\S\r\n]*(?:\r?\n|\r|\Z))"
                   rf"[^\S\r\n]*[^\w\s{INVISIBLE}](?:[^\w\s]|[^\S\r\n])*{END_RE}",
}


class Line(Kind):
    name = "line"
    doc = ("Reports lines of one shape: `blank` (only white space, no-break and zero-width "
           "spaces included, but not empty) or `punctuation` (only punctuation and symbols).")
    options = {
        "shape": Option(str, "the line shape", required=True, choices=tuple(SHAPES)),
        "fix": Option(str, "what the fix does with the line", "none", choices=("none", "empty", "remove")),
    }
    fields = ("shown",)

    def fix_summary(self):
        return {"none": None, "empty": "empties the line (safe)", "remove": REMOVES}[self.fix]

    def compile(self):
        self.compiled = regex.compile(SHAPES[self.shape], regex.MULTILINE | regex.VERSION1)
        self.fast = re.compile(FAST[self.shape], re.MULTILINE)

    def check(self, doc):
        text = doc.text
        if doc.folded is not None:
            matches = self.fast.finditer(text)
        else:
            matches = self.compiled.finditer(text, timeout=self.timeout)
        for m in matches:
            start, end = m.span()
            fix = None
            if self.fix == "empty":
                fix = Fix((Edit(start, end, ""),), "empty the line", safe=True)
            elif self.fix == "remove":
                fix = removal_fix(doc, start, end)
            shown = m.group().encode("unicode_escape").decode("ascii")
            yield Hit(start, end, {"shown": shown}, fix)
