"""`mojibake`: UTF-8 text that was decoded as Latin-1 or Windows-1252 (`Ã©` for `é`).

A cheap regex finds the byte patterns mojibake leaves; only lines that have them are
handed to `ftfy`, which decides and proposes the repaired text.
"""

from __future__ import annotations

import re

from ..finding import Edit, Fix, Hit
from . import Kind, Option

# characters that UTF-8 lead bytes become in Latin-1/cp1252, followed by a continuation
SUSPECT = re.compile(r"[ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ ¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿]")
TOKEN = re.compile(r"\S+")


class Mojibake(Kind):
    name = "mojibake"
    doc = ("Reports words that ftfy can repair because they were decoded with the wrong "
           "encoding (`CafÃ©` is `Café`), with the repaired word as a safe fix.")
    options = {
        "max-token": Option(int, "skip tokens longer than this many characters", 200),
    }
    fields = ("fixed",)
    fixes = "puts back the characters the text meant (safe)"

    def check(self, doc):
        text = doc.text
        done = 0
        for suspect in SUSPECT.finditer(text):
            if suspect.start() < done:
                continue  # one finding per token
            start = suspect.start()
            while start > done and not text[start - 1].isspace():
                start -= 1
            token = TOKEN.match(text, start)
            done = token.end()
            if len(token.group()) > self.max_token:
                continue
            import ftfy  # only when the cheap pre-check found something: importing it costs 0.1 s

            fixed = ftfy.fix_encoding(token.group())
            if fixed != token.group():
                yield Hit(token.start(), token.end(), {"fixed": fixed},
                          Fix((Edit(token.start(), token.end(), fixed),), f"replace with {fixed!r}"))
