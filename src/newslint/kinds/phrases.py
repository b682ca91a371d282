"""`phrases`: long literal lists (navigation, promotion) matched on whole lines or inside them."""

from __future__ import annotations

import regex

from ..finding import Edit, Fix, Hit
from ..textutil import END, START, alternation
from . import Kind, Option, OptionError, register

# what may surround a phrase on a line of its own: bullets, arrows, pipes, emoji
DECORATION = r"(?:[^\S\r\n]|[\p{P}\p{S}\u200b\ufeff])*"


@register
class Phrases(Kind):
    name = "phrases"
    doc = ("Matches any of `phrases`, with any Unicode white space between their words and "
           "straight or curly apostrophes alike. `match: line` reports lines that hold only a "
           "phrase (bullets and punctuation around it allowed); `line-start` reports whole "
           "lines that begin with one (`PREV …`); `inside` reports the phrase anywhere.")
    options = {
        "phrases": Option(list, "the phrases", required=True),
        "match": Option(str, "where a phrase must stand", "line", choices=("line", "line-start", "inside")),
        "ignore-case": Option(bool, "match regardless of case", True),
        "max-line-words": Option(int, "with line-start: skip lines longer than this many words", 40),
        "fix-remove-line": Option(bool, "offer removing the whole line as a fix", False),
    }

    def compile(self):
        if not self.phrases or not all(isinstance(p, str) and p.strip() for p in self.phrases):
            raise OptionError("phrases", "phrases must be a non-empty list of non-empty strings")
        body = alternation(self.phrases)
        if self.match == "line":
            source = rf"{START}{DECORATION}{body}{DECORATION}{END}"
        elif self.match == "line-start":
            source = rf"{START}{DECORATION}{body}(?![\p{{L}}\p{{N}}])[^\r\n]*"
        else:
            source = rf"(?<![\p{{L}}\p{{N}}]){body}(?![\p{{L}}\p{{N}}])"
        flags = regex.MULTILINE | (regex.IGNORECASE if self.ignore_case else 0)
        self.compiled = regex.compile(source, flags)

    def check(self, doc):
        text = doc.text
        for m in self.compiled.finditer(text, timeout=self.timeout):
            start, end = m.span()
            if self.match != "inside":
                # report the line without its surrounding white space
                found = m.group()
                start += len(found) - len(found.lstrip())
                end -= len(found) - len(found.rstrip())
                if start >= end:
                    continue
                if self.match == "line-start" and len(text[start:end].split()) > self.max_line_words:
                    continue
            fix = None
            if self.fix_remove_line:
                line_end = end
                while line_end < len(text) and text[line_end] in "\r\n":
                    line_end += 1
                    if text[line_end - 1] == "\n":
                        break
                fix = Fix((Edit(m.start(), line_end, ""),), "remove the line", safe=False)
            yield Hit(start, end, {}, fix)
