"""`balance`: quotation marks and brackets that do not pair, or point the wrong way.

Curly quotes are matched literally. A ’ between letters (don’t), before a decade (’90s)
or after a plural s (the Smiths’ house) is an apostrophe, never a quote.
"""

from __future__ import annotations

import regex

from ..finding import Hit
from . import Kind, Option

QUOTE_MARKS = regex.compile(r"[“”„‟«»‹›\"‘’‚]")
BRACKET_MARKS = regex.compile(r"[()\[\]{}]")
# a list marker like "1)" or "a)" at the start of a line is not a closing bracket
LIST_MARKER = regex.compile(r"(?:^|\n)[^\S\n]*(?:[\p{L}\p{N}]{1,3}|[ivxIVX]{1,4})\)$")
LETTER = regex.compile(r"[\p{L}\p{N}]")
CLOSERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", "‚": "‘’", "(": ")", "[": "]", "{": "}",
           '"': "”"}
PAIRS = {**CLOSERS, "”": "”"}  # a closing mark that opened a quotation (he said. ”Well …”)
DOUBLE_OPENERS = {"“", "„", "«", '"'}
GERMAN = {"»": "«", "›": "‹"}  # German and Danish also quote »like this«


def _is_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(LETTER.match(text[i]))


def _is_apostrophe(text: str, i: int) -> bool:
    """’ or ' inside a word, before a decade or number, after a plural s, or in rock ’n’ roll."""
    before, after = _is_letter(text, i - 1), _is_letter(text, i + 1)
    if before and after:
        return True
    if after and text[i + 1].isdigit():
        return True
    if after and text[i + 1: i + 3].lower() in ("n’", "n'"):
        return True
    if before and not after and text[i - 1] in "sSzZ" and (i + 1 >= len(text) or text[i + 1] not in "’'"):
        return True
    if before and text[i - 1] in "nN" and i >= 2 and text[i - 2] in "’'":
        return True
    return False


class Balance(Kind):
    name = "balance"
    doc = ("Pairs quotation marks (`marks: quotes`: “ ” „ « » ‹ › ‘ ’ and straight \") or brackets "
           "(`marks: brackets`) inside each paragraph. `problem: unpaired` reports marks left "
           "open or closing nothing (a quotation that continues into the next paragraph, "
           "which opens with the same mark, is fine); `problem: direction` reports a closing "
           "mark that opens a quotation (`he said. ”Well`) or an opening mark that closes one.")
    options = {
        "marks": Option(str, "what to pair", "quotes", choices=("quotes", "brackets")),
        "problem": Option(str, "what to report", "unpaired", choices=("unpaired", "direction")),
        "max-paragraph": Option(int, "skip paragraphs longer than this many characters", 20000),
    }
    fields = ("mark", "problem_text")

    def compile(self):
        self.marks_re = QUOTE_MARKS if self.marks == "quotes" else BRACKET_MARKS

    def check(self, doc):
        for offset, mark, problem in self._problems(doc):
            if (problem == "direction") == (self.problem == "direction"):
                message = {"open": "is never closed", "close": "closes nothing",
                           "direction": "points the wrong way"}[problem]
                yield Hit(offset, offset + 1, {"mark": mark, "problem_text": message})

    def _problems(self, doc) -> list[tuple[int, str, str]]:
        """Every pairing problem of the document, found once for all rules of these marks."""
        key = ("balance", self.marks, self.max_paragraph)
        if key in doc.memo:
            return doc.memo[key]
        problems = []
        if self.marks_re.search(doc.text):
            paragraphs = [p for p in doc.paragraphs if len(p[2]) <= self.max_paragraph]
            german = doc.language in ("de", "da")
            for index, (start, _, text) in enumerate(paragraphs):
                following = paragraphs[index + 1][2].lstrip()[:1] if index + 1 < len(paragraphs) else ""
                problems += [(start + offset, mark, problem)
                             for offset, mark, problem in self._scan(text, german, following)]
        doc.memo[key] = problems
        return problems

    def _scan(self, text, german, following):
        """Yield (offset, mark, problem) with problem in open/close/direction."""
        stack: list[tuple[int, str]] = []
        quotes = self.marks == "quotes"
        for m in self.marks_re.finditer(text):
            i, ch = m.start(), m.group()
            if ch in "’'" and _is_apostrophe(text, i):
                continue
            if ch == "'" or (ch == '"' and i and text[i - 1].isdigit() and not _is_letter(text, i + 1)):
                continue  # straight single quotes are mostly apostrophes; 12" is inches
            top = stack[-1][1] if stack else ""
            if ch == '"':  # straight quotes toggle, and pair with curly ones either way
                if top in DOUBLE_OPENERS:
                    stack.pop()
                else:
                    stack.append((i, ch))
                continue
            closes = PAIRS.get(top, "") + (GERMAN.get(top, "") if german else "")
            if top and ch in closes:
                stack.pop()
                continue
            if ch in CLOSERS or (german and ch in GERMAN):
                # an opening mark glued to the word before and followed by space closes something
                if quotes and ch in "“‘" and _is_letter(text, i - 1) and not _is_letter(text, i + 1):
                    yield i, ch, "direction"
                    if top:
                        stack.pop()
                    continue
                stack.append((i, ch))
                continue
            if ch == "’":
                continue  # a lone ’ is usually an apostrophe we could not prove
            if quotes and not _is_letter(text, i - 1) and _is_letter(text, i + 1):
                yield i, ch, "direction"  # a closing mark that opens: he said. ”Well
                stack.append((i, ch))
            elif ch == ")" and LIST_MARKER.search(text, 0, i + 1):
                continue
            else:
                yield i, ch, "close"
        for i, ch in stack:
            if ch in "‘‚":
                continue  # single opening marks double as apostrophes in careless text
            if following and following == ch:
                continue  # the quotation goes on in the next paragraph
            yield i, ch, "open"
