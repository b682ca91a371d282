"""`balance`: quotation marks and brackets that do not pair, or point the wrong way.

Curly quotes are matched literally. Only double marks pair: ’ is far more often an
apostrophe (don’t, ’90s, the Smiths’, rock ’n’ roll, ’em) than a closing quote, and ‘
stands for ’ in careless text (‘em, Hawai‘i), so single quotes are read for their
direction only, and nested quotations (“… ‘…’ …”) never unbalance a double one.

A paragraph is a run of non-blank lines of one structure block (see structure.py) in
the rule's scope, broken after a line that ends a sentence, so code blocks, front
matter and inline code spans neither hold marks nor pair them. A quotation may run over
paragraphs the way news writes it, each paragraph reopening it (“… / “… / “…”), or,
less formally, close some paragraphs later with no quote marks between.
"""

from __future__ import annotations

import regex

from ..finding import Hit
from ..textutil import SENTENCE_FINAL, ends_sentence
from . import Kind, Option, OptionError

# two single marks stand for one double mark (’’ and '' close, ‘‘ opens); ‘ is read for
# its direction only; ’ and ' never pair
QUOTE_MARKS = regex.compile(r"‘‘|’’|''|[“”„‟«»\"‘「」『』]")
BRACKET_MARKS = regex.compile(r"[()\[\]{}]")
# a list marker like "1)" or "a)" at the start of a line is not a closing bracket
LIST_MARKER = regex.compile(r"(?:^|\n)[^\S\n]*(?:[\p{L}\p{N}]{1,3}|[ivxIVX]{1,4})\)$")
LETTER = regex.compile(r"[\p{L}\p{N}]")
# the character before a quote mark that is the second byte of a UTF-8 letter read as
# Windows-1252 (Ã„ for Ä, Â« for «); â€ (or a€) before ” or “ is a dash (â€”, â€“)
MOJIBAKE_LEAD = "ÃÂ"
BRACKET_PAIRS = {"(": ")", "[": "]", "{": "}"}

DOUBLE_CLOSERS = frozenset(("”", '"', "’’", "''"))
# each opening mark and the marks that close it: „ closes with “ (German) or ” (Polish,
# Hungarian, …); ” opens a Swedish or Finnish quotation (”…”), or one typed the wrong
# way; » opens a German or Danish one (»…«) or a Finnish one (»…»)
CLOSED_BY = {"“": DOUBLE_CLOSERS, "‟": DOUBLE_CLOSERS, "‘‘": DOUBLE_CLOSERS, '"': DOUBLE_CLOSERS,
             "”": DOUBLE_CLOSERS, "„": DOUBLE_CLOSERS | {"“"}, "«": {"»"}, "»": {"«", "»"},
             "「": {"」"}, "『": {"』"}}
PROBLEMS = {"open": "is never closed", "close": "closes nothing"}
REVERSED_CLOSER = "points the wrong way: it opens a quotation but is a closing mark"
REVERSED_OPENER = "points the wrong way: it closes a quotation but is an opening mark"
# languages that open a quotation with » (German, Danish »…«; Finnish, Swedish »…»; …)
INWARD = frozenset(("de", "da", "fi", "sv", "cs", "sk", "hu", "hr", "sl", "pl"))
# languages that open a quotation with ” (Swedish, Finnish ”…”)
SAME_MARKS = frozenset(("sv", "fi"))
# a quotation that goes on in the next paragraph reopens with the same mark; French and
# Spanish may reopen a «…» quotation with »
REOPENS = {"«": "«»"}
# after these a mark can only close: “, in “Zodiaco “, is a closing mark typed wrong
AFTER_CLOSER = frozenset(",.;:!?)]}")
# Markdown emphasis next to a mark does not tell its direction: *"quote"*
EMPHASIS = "*_"
# what a paragraph ends with when it ends a sentence (closing brackets aside)
SENTENCE_END = frozenset(".!?…:;—–-")
CLOSING_BRACKETS = ")]}*_’'"
# what may stand before an opening mark besides white space
OPENING_CONTEXT = "([{—–-/"
# what may stand before the mark that reopens a quotation at the start of a line
LINE_LEAD = " \t>*_-+•"
# « and at most this many words on a line that ends no sentence: a link (« Previous post)
ARROW_WORDS = 6
# blocks whose every line is a paragraph
SINGLE_LINES = ("heading", "table", "chrome")
# a quotation left open runs on over at most this many paragraphs without quote marks
# to find its closing mark (a long quotation written without reopening marks)
MAX_GAP = 8


def _is_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(LETTER.match(text[i]))


def _before(text: str, i: int) -> str:
    """The character before a mark, Markdown emphasis skipped; a line break at the start."""
    i -= 1
    while i >= 0 and text[i] in EMPHASIS:
        i -= 1
    return text[i] if i >= 0 else "\n"


def _after(text: str, i: int) -> str:
    """The character after a mark, Markdown emphasis skipped; a line break at the end;
    … for three dots (“...the journey”)."""
    while i < len(text) and text[i] in EMPHASIS:
        i += 1
    if text.startswith("...", i):
        return "…"
    return text[i] if i < len(text) else "\n"


def _ends_paragraph(line: str) -> bool:
    """Whether a line ends a sentence, and so may end a paragraph; a mark after a space
    (CNBC's "), where an extractor broke the line before a link, ends nothing."""
    line = line.rstrip()
    return ends_sentence(line) and not line[-2:-1].isspace()


def _closing_place(before: str, after: str) -> bool:
    """Whether a mark stands where only a closing mark can: before , . ; or glued to
    the word before it and followed by a space."""
    return after in AFTER_CLOSER or (not before.isspace() and before not in OPENING_CONTEXT and after.isspace())


def _opening_place(before: str, after: str) -> bool:
    """Whether a mark stands where only an opening mark can: after a space or an
    opening bracket, glued to the word after it."""
    return (before.isspace() or before in OPENING_CONTEXT) and not after.isspace() and after not in AFTER_CLOSER


class Balance(Kind):
    name = "balance"
    doc = ("Pairs quotation marks (`marks: quotes`: `“ ” „ « » 「 」 『 』` and straight `\"`; the "
           "direction of `‘`) over the paragraphs of its scope, or brackets (`marks: brackets`) "
           "inside each paragraph. `problem: unpaired` reports marks left open or closing nothing "
           "(a quotation that goes on in the next paragraph, which reopens it, is fine); "
           "`problem: direction` reports a closing mark that opens a quotation (`he said. ”Well`) "
           "or an opening mark that closes one (`the end.“`).")
    options = {
        "marks": Option(str, "what to pair", "quotes", choices=("quotes", "brackets")),
        "problem": Option(str, "what to report", "unpaired", choices=("unpaired", "direction")),
        "max-paragraph": Option(int, "skip paragraphs longer than this many characters", 20000),
        "attribution": Option(list, "words that attribute a quotation (said, says): a paragraph that "
                              "holds one after a comma (`“…, the mayor said.`) ends the quotation it "
                              "opened, so the next paragraph's quote mark cannot reopen it", []),
    }
    fields = ("mark", "problem_text")

    def compile(self):
        if not all(isinstance(w, str) and w.strip() for w in self.attribution):
            raise OptionError("attribution", "attribution must be a list of words")
        words = "|".join(regex.escape(w.strip()) for w in sorted(self.attribution, key=len, reverse=True))
        # after a comma, at most three words (the mayor, Ana Ruiz) that start no clause
        self.attributed = regex.compile(
            rf"[,!?]\s+(?!(?:and|but|or|so|because|that|if|when|as|then|which|who|I|we|you)\b)"
            rf"(?:\S+\s+){{0,3}}(?:{words})\b") if words else None

    def check(self, doc):
        for offset, mark, problem in self._problems(doc):
            if (problem == "direction") == (self.problem == "direction"):
                message = PROBLEMS[problem] if problem != "direction" else (
                    REVERSED_CLOSER if mark == "”" else REVERSED_OPENER)
                yield Hit(offset, offset + len(mark), {"mark": mark, "problem_text": message})

    def _problems(self, doc) -> list[tuple[int, str, str]]:
        """Every pairing problem of the document, found once for all rules of these marks."""
        key = ("balance", self.marks, self.max_paragraph, self.scope, tuple(self.attribution or ()))
        if key in doc.memo:
            return doc.memo[key]
        problems = []
        text = doc.text
        if self.marks == "brackets" and BRACKET_MARKS.search(text):
            problems = Brackets(text).run([BRACKET_MARKS.finditer(text, start, end) for start, end, _ in doc.paragraphs
                                           if end - start <= self.max_paragraph])
        elif self.marks == "quotes" and QUOTE_MARKS.search(text):
            problems = Quotes(text, doc.language, self.attributed).run(self._quote_marks(doc))
        problems = doc.memo[key] = sorted(problems)
        return problems

    def _quote_marks(self, doc) -> list[tuple[int, str, list]]:
        """(end, block kind, readable quote marks) of each paragraph of at most
        `max-paragraph` characters: one scan for the marks of all of them (a mark never
        spans a line break, so each paragraph gets the marks its own scan would find)."""
        spans = [span for span in self._paragraphs(doc) if span[1] - span[0] <= self.max_paragraph]
        if not spans:
            return []
        marks = QUOTE_MARKS.finditer(doc.text, spans[0][0], spans[-1][1])
        mark = next(marks, None)
        paragraphs = []
        for start, end, kind in spans:
            found = []
            while mark is not None and mark.start() < end:
                if mark.start() >= start and self._readable(doc, mark):
                    found.append(mark)
                mark = next(marks, None)
            paragraphs.append((end, kind, found))
        return paragraphs

    def _paragraphs(self, doc):
        """(start, end, block kind) of each paragraph of quotations in the blocks the rule
        reads: a run of non-blank lines of one block, broken after a line that ends a
        sentence (an extractor writes a paragraph per line; a line that ends a sentence
        inside a wrapped paragraph costs nothing, since a quotation may run on over
        paragraphs). A heading, table row or page chrome line is a paragraph of its own."""
        kinds, lines = doc.structure.kinds, doc.lines
        reading = self._reading()
        first = last = None  # where the paragraph begins, and its last line so far
        for index in [i for i, kind in enumerate(kinds) if kind != "blank" and kind in reading]:
            kind = kinds[index]
            if first is not None and (last != index - 1 or kind != kinds[last] or kind in SINGLE_LINES
                                      or _ends_paragraph(lines[last][2])):
                yield first, lines[last][1], kinds[last]
                first = None
            if first is None:
                first = lines[index][0]
            last = index
        if first is not None:
            yield first, lines[last][1], kinds[last]

    def _reading(self) -> frozenset:
        """The blocks whose marks pair: the rule's scope, and the text of a Markdown
        file's HTML blocks (<blockquote>“… may close in the paragraph below), where the
        engine reports nothing unless the scope says so."""
        return self.scope | {"html"}

    def _readable(self, doc, match) -> bool:
        """Whether a mark is text to this rule: not inside a code span or link target, nor
        a piece of mojibake (the ” of â€”, the « of Â«: the encoding rules report those)."""
        i, text = match.start(), doc.text
        if i and (text[i - 1] in MOJIBAKE_LEAD or text[i - 2:i] in ("â€", "a€")):
            return False
        structure = doc.structure
        return not structure.inert or structure.allows(self._reading(), i, match.end())


class Brackets:
    """( ) [ ] { } pair inside a paragraph (a run of non-blank lines); "1)" at the start of
    a line is a list marker."""

    def __init__(self, text: str):
        self.text = text

    def run(self, paragraphs) -> list[tuple[int, str, str]]:
        problems = []
        for marks in paragraphs:
            stack: list[tuple[int, str]] = []
            for m in marks:
                i, ch = m.start(), m.group()
                if ch in BRACKET_PAIRS:
                    stack.append((i, ch))
                elif stack and BRACKET_PAIRS[stack[-1][1]] == ch:
                    stack.pop()
                # read from the line's start (its line break included): not the whole text before
                elif not (ch == ")" and LIST_MARKER.search(self.text, max(self.text.rfind("\n", 0, i), 0), i + 1)):
                    problems.append((i, ch, "close"))
            problems += [(i, ch, "open") for i, ch in stack]
        return problems


class Quotes:
    """Double quotation marks paired over a document, paragraph by paragraph (see the
    module's docstring); ‘ is read for its direction only."""

    def __init__(self, text: str, language: str | None, attributed):
        self.text = text
        self.inward = language in INWARD  # » opens a quotation
        self.same_marks = language in SAME_MARKS  # ” opens a quotation
        self.attributed = attributed
        self.problems: list[tuple[int, str, str]] = []
        # openers with a quotation of the same mark inside, opened after a sentence
        # (“… said. “…”): a closing mark was dropped before it, so the outer cannot run on
        self.interrupted: set[int] = set()

    def run(self, paragraphs) -> list[tuple[int, str, str]]:
        """The problems of a document, given the end, block kind and marks of each paragraph."""
        pending: list[tuple[int, str]] = []  # marks left open by the paragraphs above
        gap = 0  # paragraphs without quote marks since then
        runs_on = False  # whether the last of them may be reopened by the next paragraph
        for end, kind, marks in paragraphs:
            if marks:
                self.problems += [(m.start(), "‘", "direction") for m in marks
                                  if m.group() == "‘" and self._reversed_single(m.start())]
                marks = [m for m in marks if m.group() != "‘"]
            if not marks and kind != "prose":
                continue  # a heading, list or chrome line between a paragraph and its sequel
            if not marks:
                gap += 1
                if gap > MAX_GAP:
                    self._report_open(pending)
                    pending = []
                continue
            stack: list[tuple[int, str]] = []
            lead = marks[0]
            if pending and not gap and runs_on and lead.group() in REOPENS.get(pending[-1][1], pending[-1][1]) \
                    and self._line_start(lead.start()):
                # the quotation goes on; it lives on from this paragraph's reopening mark
                stack = pending[:-1] + [(lead.start(), pending[-1][1])]
                pending = []
                marks = marks[1:]
            for i, ch in self._scan(marks, stack):
                # a closing mark that closes nothing here may close a quotation left open above
                opener = next((k for k in range(len(pending) - 1, -1, -1) if ch in CLOSED_BY[pending[k][1]]), None)
                if opener is None:
                    self.problems.append((i, ch, "close"))
                else:
                    del pending[opener:]
            self._report_open(pending)
            pending, gap = stack, 0
            runs_on = bool(stack) and self._runs_on(stack[-1][0], end)
        self._report_open(pending)
        return self.problems

    def _runs_on(self, i: int, end: int) -> bool:
        """Whether the quotation opened at i, left open at the paragraph's end, may go on
        in the next paragraph: as news style has it, only a quotation of whole sentences
        does (it begins with a capital and the paragraph ends a sentence), and only when
        no quotation of its own mark, nor an attribution, stands inside it."""
        first = _after(self.text, i + 1)
        last = self.text[i:end].rstrip().rstrip(CLOSING_BRACKETS)[-1:]
        return (not first.islower() and last in SENTENCE_END and i not in self.interrupted
                and not (self.attributed and self.attributed.search(self.text, i, end)))

    def _report_open(self, openers) -> None:
        self.problems += [(i, ch, "open") for i, ch in openers if not self._arrow(i, ch)]

    def _reversed_single(self, i: int) -> bool:
        """‘ glued to the word before and followed by no letter (the Smiths‘ house)."""
        return _is_letter(self.text, i - 1) and not _is_letter(self.text, i + 1)

    def _inches(self, marks) -> dict[int, bool]:
        """Marks " and ” after a number (12", 6'2", 18” deep), each with whether the
        paragraph holds another mark to close the quotation open there, if any: without
        one, the mark closes it ("London 2", “Rocky 2”); with one, or with nothing open,
        it is an inch mark."""
        text = self.text
        spare = {}
        straight = curly = 0  # straight marks, and closing less opening curly ones, after each
        for m in reversed(marks):
            i, ch = m.start(), m.group()
            if ch in ('"', "”") and i and text[i - 1] in "0123456789½¼¾" and not _is_letter(text, i + 1):
                spare[i] = straight % 2 == 1 if ch == '"' else curly > 0
            straight += ch == '"'
            curly += (ch == "”") - (ch == "“")
        return spare

    def _scan(self, marks, stack) -> list[tuple[int, str]]:
        """Pair the marks of one paragraph on `stack`, which is left holding the marks
        still open; report marks that point the wrong way; return the closing marks
        that close nothing."""
        text = self.text
        inches = self._inches(marks)
        strays = []
        for m in marks:
            i, ch = m.start(), m.group()
            top = stack[-1][1] if stack else ""
            closes = bool(top) and ch in CLOSED_BY[top]
            if i in inches and (inches[i] or not closes or (top == '"') != (ch == '"')):
                continue  # an inch mark
            before, after = _before(text, i), _after(text, m.end())
            if ch == "“" and top == "„":
                stack.pop()  # „…“ (German)
            elif ch == "“" and _closing_place(before, after):
                self.problems.append((i, ch, "direction"))  # the end.“ or “ Zodiaco “,
                if top:
                    self._close(stack, m.end())
            elif ch == "«" and top == "»" and not _opening_place(before, after):
                stack.pop()  # »…« (German, Danish)
            elif ch == "»" and top == "«" and self._reopening(i, stack):
                continue  # « … on the next line » … (French, Spanish)
            elif ch in ("’’", "''"):
                if closes and not before.isspace():
                    self._close(stack, m.end())
            elif ch in "”」』" or ch == "»" and closes or ch == '"' and (
                    _closing_place(before, after) or top and not _opening_place(before, after)):
                if closes:
                    self._close(stack, m.end())
                elif ch == "”" and not _is_letter(text, i - 1) and _is_letter(text, i + 1):
                    if not self.same_marks:
                        self.problems.append((i, ch, "direction"))  # he said. ”Well
                    stack.append((i, ch))
                else:
                    strays.append((i, ch))
            elif ch == "»" and not (self.inward and _opening_place(before, after)):
                if not before.isspace():
                    strays.append((i, ch))  # after a space, an arrow: Read more », Home » News
            elif not (top == ch and self._reopening(i, stack)):
                if self._new_sentence(i):
                    outer = next((j for j, mark in reversed(stack) if mark == ch), None)
                    if outer is not None:
                        self.interrupted.add(outer)
                stack.append((i, ch))
        return strays

    def _new_sentence(self, i: int) -> bool:
        """Whether the mark at i opens a quotation after a finished sentence (said. “…)."""
        text = self.text
        i -= 1
        while i >= 0 and text[i].isspace():
            i -= 1
        return i >= 0 and text[i] in SENTENCE_FINAL

    def _line_start(self, i: int) -> bool:
        """Whether only white space and Markdown markers stand before offset i on its line."""
        start = self.text.rfind("\n", 0, i) + 1
        return not self.text[start:i].strip(LINE_LEAD)

    def _reopening(self, i: int, stack) -> bool:
        """Whether the mark at i, at the start of a line, reopens the quotation on top of
        the stack, opened on a line above (a paragraph per line, as extractors write)."""
        return self._line_start(i) and stack[-1][0] < self.text.rfind("\n", 0, i)

    def _close(self, stack, end: int) -> None:
        """Close the quotation on top of the stack; an outer «…» closes too when the line
        ends there («… «…»» is often written «… «…»)."""
        mark = stack.pop()[1]
        if mark == "«" and stack and stack[-1][1] == mark:
            line_end = self.text.find("\n", end)
            if not self.text[end:None if line_end < 0 else line_end].strip(" .,;:!?)]…"):
                stack.pop()

    def _arrow(self, i: int, ch: str) -> bool:
        """« followed by a space at the start of a short line that ends no sentence: a
        link arrow (« Previous post), not a French quotation."""
        if ch != "«" or not self._line_start(i) or not _after(self.text, i + 1).isspace():
            return False
        end = self.text.find("\n", i)
        line = self.text[i:None if end < 0 else end].rstrip()
        return len(line.split()) <= ARROW_WORDS and not ends_sentence(line)
