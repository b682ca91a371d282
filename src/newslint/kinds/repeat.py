"""`repeat`: the headline, the record's title, lines or paragraphs that occur more than once."""

from __future__ import annotations

import regex

from ..finding import Edit, Fix, Hit
from ..textutil import WORD
from . import Kind, Option, register

MARKS = regex.compile(r"^(?:[#>*+\-•·|]+|\d{1,3}[.)])\s+")
SUFFIX = regex.compile(r"\s+(?:[|\-–—:·•]|::)\s+")
SENTENCE_END = regex.compile(r"[.!?…:;\"”’»)]\s*$")


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def headline_keys(line: str, min_words: int) -> set[str]:
    """Ways one headline is written: whole, without " | Site" or "Section: " around it."""
    line = MARKS.sub("", line.strip())
    keys = {_key(line)}
    parts = SUFFIX.split(line)
    if len(parts) > 1:
        keys.update(_key(p) for p in parts)
    return {k for k in keys if k.count(" ") + 1 >= min_words}


@register
class Repeat(Kind):
    name = "repeat"
    doc = ("`target: headline` reports lines at the top of the article (before the body "
           "starts) that repeat an earlier line there, also when one of them carries a "
           "\" | Site\" suffix or a \"Section: \" prefix; `title` reports lines that repeat the "
           "record's title anywhere; `line` and `paragraph` report any line or multi-line "
           "paragraph of `min-words` words or more that occurred before. Case, white space "
           "and punctuation do not count. The first occurrence is never reported.")
    options = {
        "target": Option(str, "what repeats", required=True, choices=("headline", "title", "line", "paragraph")),
        "min-words": Option(int, "shortest line or paragraph, in words, that counts", 3),
        "max-words": Option(int, "longest headline, in words", 30),
        "body-words": Option(int, "headline: the body starts at the first line of this many words", 25),
        "adjacent": Option(bool, "line, paragraph: only a repeat that follows its first occurrence "
                           "(blank lines aside): a block taken twice, not a pull quote", False),
    }
    fields = ("first_line",)

    def check(self, doc):
        if self.target == "paragraph":
            spans = list(doc.paragraphs())
        else:
            spans = list(doc.lines())
        if self.target == "headline":
            yield from self._headlines(doc, spans)
        elif self.target == "title":
            yield from self._title(doc, spans)
        else:
            yield from self._repeats(doc, spans)

    def _hit(self, doc, start, end, first):
        line_end = end + (2 if doc.text.startswith("\r\n", end) else 1 if end < len(doc.text) else 0)
        fix = Fix((Edit(start, line_end, ""),), "remove the repeated text", safe=False)
        return Hit(start, end, {"first_line": doc.position(first)[0]}, fix)

    def _headlines(self, doc, lines):
        seen: dict[str, int] = {}
        for start, end, text in lines:
            n = len(WORD.findall(text))
            if n >= self.body_words:
                break
            if n < self.min_words or n > self.max_words:
                continue
            keys = headline_keys(text, self.min_words)
            first = next((seen[k] for k in keys if k in seen), None)
            if first is not None:
                yield self._hit(doc, start + len(text) - len(text.lstrip()), start + len(text.rstrip()), first)
            for k in keys:
                seen.setdefault(k, start)

    def _title(self, doc, lines):
        if not doc.title:
            return
        wanted = headline_keys(doc.title, self.min_words)
        for start, end, text in lines:
            if len(text) < 400 and headline_keys(text, self.min_words) & wanted:
                yield self._hit(doc, start + len(text) - len(text.lstrip()), start + len(text.rstrip()), start)

    def _repeats(self, doc, spans):
        seen: dict[str, int] = {}
        previous: tuple[str, int] | None = None  # adjacent: the line before, and where it began
        for start, end, text in spans:
            if not text.strip():
                continue
            key = _key(text)
            first = seen.get(key)
            if self.adjacent:
                first = previous[1] if previous and previous[0] == key else None
                if first is None:
                    previous = (key, start)
            elif first is None:
                seen[key] = start
            single_line = "\n" not in text and "\r" not in text
            if self.target == "paragraph" and single_line:
                continue  # repeated-line's job
            if first is not None and key.count(" ") + 1 >= self.min_words:
                yield self._hit(doc, start + len(text) - len(text.lstrip()), start + len(text.rstrip()), first)
