"""`replacement`: U+FFFD replacement characters, where bytes were lost before newslint saw them
or where the input file was not valid UTF-8."""

from __future__ import annotations

import regex

from ..finding import Hit
from . import Kind

RUN = regex.compile("\ufffd+")


class Replacement(Kind):
    name = "replacement"
    doc = ("Reports runs of U+FFFD. When the file itself was not valid UTF-8 (newslint decoded "
           "it with replacement), the message says so.")
    fields = ("reason",)

    def check(self, doc):
        reason = ("the file is not valid UTF-8 here" if doc.decode_error
                  else "the text lost characters before it was saved")
        for m in RUN.finditer(doc.text):
            yield Hit(m.start(), m.end(), {"reason": reason})
