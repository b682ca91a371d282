"""`glued`: two words run together where a scraper dropped the space, found with word frequencies.

A token is glued when the dictionary of the document's language does not know it but
it splits into two words that it knows well: `Koreawarning` = Korea + warning,
`JAMNow` = JAM + Now. A compiled regex picks the few candidate tokens; only those are
looked up, so clean text costs one regex pass.
"""

from __future__ import annotations

import regex

from ..finding import Edit, Fix, Hit
from ..lexicon import zipf_table
from . import Kind, Option, register

CANDIDATES = {
    # a capital that starts a word inside a token: focusThe, TheHollywood, JAMNow
    "case": regex.compile(r"(?<![\p{L}\p{N}\-_./@#’'])\p{L}*(?:\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll})\p{L}*"
                          r"(?![\p{L}\p{N}_/@]|[.\-’']\p{L})"),
    # a long word with no capital after its first letter: Koreawarning, countryand
    "word": regex.compile(r"(?<![\p{L}\p{N}\-_./@#’'&])\p{L}\p{Ll}{5,30}(?![\p{L}\p{N}_/@]|[.\-’']\p{L})"),
}
SPLIT_CASE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})")


@register
class Glued(Kind):
    name = "glued"
    doc = ("`split: case` checks tokens with a capital inside (`JAMNow`); `split: word` checks "
           "long words written in lower case (`Koreawarning`). A token is reported when the "
           "document language's word list (wordfreq) does not know it, or knows it less "
           "well than `max-whole-zipf`, and it splits into two words of at least `min-zipf`. "
           "Real mixed-case names the list knows (iPhone, YouTube, McDonald) pass.")
    options = {
        "split": Option(str, "which tokens to check", required=True, choices=tuple(CANDIDATES)),
        "min-zipf": Option(float, "how common each half must be (Zipf scale: 3 = once per million words)", 3.0),
        "min-part": Option(int, "shortest half, in letters", 2),
        "max-whole-zipf": Option(float, "a token the list knows at least this well is a word", 1.0),
        "default-language": Option(str, "dictionary for documents of unknown language", "en"),
    }
    fields = ("left", "right")

    def compile(self):
        self.candidates = CANDIDATES[self.split]

    def check(self, doc):
        table = None
        for m in self.candidates.finditer(doc.text, timeout=self.timeout):
            token = m.group()
            if table is None:
                table = zipf_table(doc.language or self.default_language)
                if not table:
                    return
            if table.get(token.lower(), 0.0) >= self.max_whole_zipf:
                continue
            split = self._split(token, table)
            if split is None:
                continue
            at = m.start() + split
            left, right = token[:split], token[split:]
            fix = Fix((Edit(at, at, " "),), f"insert a space: '{left} {right}'", safe=False)
            yield Hit(m.start(), m.end(), {"left": left, "right": right}, fix)

    def _split(self, token: str, table: dict) -> int | None:
        """Where the space belongs, or None when no split gives two common words."""
        lower = token.lower()
        if self.split == "case":
            points = [m.start() for m in SPLIT_CASE.finditer(token) if 0 < m.start() < len(token)]
        else:
            points = range(self.min_part, len(token) - self.min_part + 1)
        best, best_score = None, 0.0
        for i in points:
            if i < self.min_part or len(token) - i < self.min_part:
                continue
            score = min(table.get(lower[:i], 0.0), table.get(lower[i:], 0.0))
            if score > best_score:
                best, best_score = i, score
        return best if best_score >= self.min_zipf else None
