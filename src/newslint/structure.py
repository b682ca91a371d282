"""The blocks of a document: which lines are prose, headings, lists, tables, code, …

Computed once per document (`Document.structure`) and shared by every rule, so that no
rule re-detects a code block or takes an article's bullet list for a site menu. A
rule's `scope` names the blocks it reads (see BLOCKS); the engine drops what a rule
finds outside them.

Markdown files (by suffix) are parsed with markdown-it-py. Other text, what scrapers
and extractors save, is read line by line: fences, pipe tables, `#` headings, `>`
quotations and bullets where converters leave them; code by the shape of its lines;
and the article's own lists and subheadings by their place: a run of short lines that
a paragraph introduces and a paragraph follows belongs to the article, a run that
stands elsewhere is a page chrome candidate.

Inline, some spans are not text either: code spans, link targets, HTML comments (and,
in Markdown, inline HTML). Rules that do not read code never report inside them.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from .textutil import CLOSERS, QUOTE_ENDS, SENTENCE_FINAL, UNSPACED, ends_sentence, line_ends, token_count

BLOCKS = {
    "prose": "paragraphs of sentences",
    "heading": "section titles: Markdown headings, a short line standing alone between paragraphs",
    "list": "the items of an article's list: bulleted, numbered, or short lines that a paragraph introduces",
    "table": "table rows (cells between pipes)",
    "code": "program text: fenced or indented code in Markdown, lines shaped like code",
    "quote": "Markdown block quotations",
    "front-matter": "the YAML or TOML metadata block at the top of a Markdown file",
    "html": "HTML blocks of a Markdown file (markup there, not a remnant)",
    "chrome": "short lines outside the article's paragraphs and lists: menus, labels, footers",
    "blank": "empty lines and lines of white space",
}
# what rules read unless they say otherwise: everything but program text and metadata
TEXT = frozenset(BLOCKS) - {"code", "front-matter", "html"}


def describe_scope(scope: frozenset) -> str:
    """How the docs and `newslint rule` name a scope."""
    if scope == frozenset(BLOCKS):
        return "all blocks"
    if scope == TEXT:
        return "text: every block but code, front matter and HTML blocks"
    return ", ".join(kind for kind in BLOCKS if kind in scope)


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")

# line shapes (what the fragment rules judge a line by)
LABEL, FINISHED, CONTINUATION, OTHER, EMPTY = "label", "finished", "continuation", "other", "empty"
LEADS_ON = tuple(":;、，")
FINISHING = SENTENCE_FINAL + LEADS_ON
INNER = ",;:)]–—-"
INNER_ALONE = ",;:.)]"
LONG_LINE = 4096  # a longer line is never a label: not copied to be classified
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")

# a prose line: a sentence of this many words, or a line this long whatever it ends with
SENTENCE_WORDS = 5
LONG_WORDS = 16
# what a line that is not prose costs the stretch of the page that holds the article,
# in words of prose
CHROME_COST = 3
# a line of this many words that ends with a colon introduces what follows: prose
COLON_WORDS = 3

FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
MARK = re.compile(r"\s{0,3}[`~#>]")  # what a fence, a # heading and a > quotation start with
ATX = re.compile(r"\s{0,3}#{1,6}(?:\s|$)")
QUOTE = re.compile(r"\s{0,3}>(?:\s|$)")
BULLET = re.compile(r"\s*(?:[*+\-•·▪◦‣–]|\d{1,3}[.)]|[a-zA-Z][.)])\s+\S")
PIPE_ROW = re.compile(r"\s*\|.*\|\s*$|[^|]+(?:\s\|\s[^|]*){2,}$")
TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
# what program text looks like, line by line: a keyword at the start, a brace or
# semicolon at the end, a call or an operator inside. Two signs make a code line.
CODE_START = re.compile(
    r"\s*(?:(?:import|from|def|class|return|public|private|protected|static|const|let|var|"
    r"function|using|package|func|fn|struct|enum|interface|namespace|async|await|yield|"
    r"elif|except|catch|finally|throw|raise|lambda|typedef|template|module|export|"
    r"SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b(?!['’])|#include|@\w+|\$ |>>> |//|/\*|\*/|<\?)")
CODE_ENDINGS = tuple("; { } => -> () [] */ ,".split())
CALL_OPENS = re.compile(r"\)\s*[{:]$")  # `) {`, `):` end a function's head
CODE_INSIDE = re.compile(
    r"\w\([^()\s]*\)|\w\(\w|\b\w+\.\w+\(|\w<\w[\w ,.<>\[\]?]*>|[=!<>]=|&&|\|\||=>|->|::|\+=|-=|:=|\b\w+_\w+\b|"
    r"\b[a-z]+[A-Z]\w*\b|\s=\s|^\s*[\])}]|[{}]")
CODE_ALONE = frozenset("{ } }; ); }); ]; ) ] end fi done esac */".split())
PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)\1(?!`)")  # not across paragraphs
LINK_TARGET = re.compile(r"\]\(\s*<?[^\s)>]+>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|^\s{0,3}\[[^\]]+\]:\s*\S+.*$",
                         re.MULTILINE)
AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^\s<>]+>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
INLINE_HTML = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[^<>]*)?/?>")
# Markdown's own markup, with the character a text must hold for the pattern to run
MARKDOWN_MARKUP = [
    (HTML_COMMENT, "<"), (INLINE_HTML, "<"),
    (re.compile(r"&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});"), "&"),
    (re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL), "{"),  # Liquid, Jinja, Hugo templates
    (re.compile(r"\\[!-/:-@\[-`{-~]"), "\\"),  # backslash escapes
    (re.compile(r"^[ \t]*(?:>[ \t]?)*(?:[*+-]|\d{1,9}[.)])?[ \t]+|^[ \t]*>+", re.MULTILINE), None),
    (re.compile(r"[ \t]{2,}$|\\$", re.MULTILINE), None),  # a hard line break
]


class Line(NamedTuple):
    """What several rules want to know of a line, worked out once."""

    start: int  # offset of the line in the text
    text: str  # the line without its line break
    words: int  # white-space tokens (unspaced scripts: one per two characters)
    shape: str  # LABEL, FINISHED, CONTINUATION, OTHER or EMPTY


def line_shape(stripped: str, text: str) -> str:
    """LABEL: a few words that end no sentence; FINISHED: ends a sentence (or leads on
    with : or ;); CONTINUATION: goes on with a sentence begun above; OTHER: long lines,
    numbers, symbols."""
    if not stripped:
        return EMPTY
    # ends_sentence(stripped), or leads on: closers stripped once for both
    if stripped.rstrip(CLOSERS).endswith(FINISHING) or stripped.endswith(QUOTE_ENDS):
        return FINISHED
    if continues(stripped):
        return CONTINUATION
    if len(text) > 120 or DIGIT.search(stripped) or not LETTER.search(stripped):
        return OTHER  # numbers are data (scores, prices, dates), not labels
    return LABEL


def continues(line: str) -> bool:
    """Whether a stripped line goes on with a sentence begun on the line before."""
    first = line[0]
    if first.islower():
        return True
    rest = line[1:].lstrip()
    return ((first in INNER and rest[:1].isalpha())
            or (first in INNER_ALONE and (len(line) == 1 or line[1].isspace())))


def line_features(doc) -> tuple[list[Line], list[int]]:
    """A Line for every line of the document. A line longer than LONG_LINE is never a
    label: it is read by its ends and its words counted in pieces, not copied whole.
    Most lines of scraped text are empty (the blank lines between paragraphs): they
    cost a list slot each, and the Line tuples are built at C speed. Also the indices
    of the lines that are not empty."""
    texts = doc.line_texts
    words, shapes = [0] * len(texts), [EMPTY] * len(texts)
    filled = []
    for index in [i for i, text in enumerate(texts) if text]:
        text = texts[index]
        if len(text) > LONG_LINE:
            stripped = "" if text.isspace() else " ".join(line_ends(text))
            count = token_count(text) + (0 if text.isascii() else sum(1 for _ in UNSPACED.finditer(text)) // 2)
        else:
            stripped = text.strip()
            if not stripped:
                continue  # white space only: empty
            count = len(stripped.split())
            if count and not stripped.isascii():
                count += len(UNSPACED.findall(stripped)) // 2
        words[index] = count
        shape = shapes[index] = line_shape(stripped, text)
        if shape != EMPTY:
            filled.append(index)
    return list(map(tuple.__new__, repeat(Line), zip(doc.line_starts, texts, words, shapes))), filled


def code_like(text: str) -> bool:
    """Two signs of program text, and not a sentence of words. The cheap signs (a keyword
    at the start, a brace or semicolon at the end) are tried first: without one of them
    two signs cannot be had, and most lines stop there."""
    if len(text) > LONG_LINE:
        return False
    stripped = text.strip()
    if stripped in CODE_ALONE:
        return True
    signs = bool(CODE_START.match(text)) + (stripped.endswith(CODE_ENDINGS) or bool(CALL_OPENS.search(stripped)))
    if not signs or signs + bool(CODE_INSIDE.search(stripped)) < 2:
        return False
    # a sentence ("The function returns a list; see below.") has mostly plain words
    words = stripped.split()
    plain = sum(1 for w in words if PROSE_WORD.fullmatch(w.strip(".,;:!?\"'“”‘’()")))
    return not (len(words) >= 6 and plain >= 0.8 * len(words) and ends_sentence(stripped))


class Structure:
    """The block of every line and the inline spans that are not text. `kinds[i]` is the block kind of line i (0-based); `article` the first and
    last line of the stretch that holds the article ((0, -1) when there is none);
    `wrapped` (Markdown) the lines of paragraphs the writer wrapped over several lines:
    such a line is part of a sentence, never a label standing alone."""

    def __init__(self, doc):
        self.doc = doc
        # `filled`: the lines that are not empty (most lines of scraped text are): what
        # rules that read lines walk, and how they find a line's neighbours
        self.lines, self.filled = line_features(doc)
        self.markdown = doc.path.lower().endswith(MARKDOWN_SUFFIXES)
        self.wrapped: frozenset[int] = frozenset()
        if self.markdown:
            self.kinds, self.wrapped = _markdown_kinds(doc, self.lines)
            self.article = (0, len(self.lines) - 1)
        else:
            self.kinds, self.article = _text_kinds(self.lines, self.filled)
        self.present = frozenset(self.kinds)
        self.inert = _inert_spans(doc.text, self.markdown)

    def kind_at(self, offset: int) -> str:
        return self.kinds[bisect.bisect_right(self.doc.line_starts, offset) - 1]

    def allows(self, scope: frozenset, start: int, end: int) -> bool:
        """Whether a rule reading `scope` may report text[start:end]: its first line is
        of a kind in scope, and (unless the rule reads code) it touches no inert span."""
        if self.kind_at(start) not in scope:
            return False
        if self.inert and "code" not in scope:
            index = bisect.bisect_right(self.inert, (start, len(self.doc.text) + 1)) - 1
            if index >= 0 and self.inert[index][1] > start:
                return False
            if index + 1 < len(self.inert) and self.inert[index + 1][0] < max(end, start + 1):
                return False
        return True

    def stands_alone(self, start: int, end: int, heading: bool = False) -> bool:
        """Whether text[start:end] is a whole line standing alone in a Markdown file: a
        paragraph of its own or a table row (a heading too, with `heading`), not a list
        item, not a line of a wrapped paragraph, and with no words of the line outside
        it. A writer's "Learn more" heading, a "Security" item of a list, the line "next?"
        of a wrapped sentence or a phrase inside one are text the writer meant; a pasted
        "Share this article" line is not."""
        index = bisect.bisect_right(self.doc.line_starts, start) - 1
        if index in self.wrapped or self.kinds[index] == "list" or (self.kinds[index] == "heading" and not heading):
            return False
        line_start, text = self.lines[index].start, self.lines[index].text
        outside = text[:start - line_start] + text[end - line_start:]
        return not any(c.isalnum() for c in outside)

    def filters(self, scope: frozenset) -> bool:
        """Whether `scope` drops anything in this document (most documents are all text)."""
        return not self.present <= scope or (bool(self.inert) and "code" not in scope)


def _inert_spans(text: str, markdown: bool) -> list[tuple[int, int]]:
    """Sorted (start, end) of code spans and link targets, and in Markdown of its other
    markup: comments, inline HTML, entities, template tags, escapes, the marks that
    open list items and quotations, the spaces of a hard line break. Each pattern runs
    only when the text holds its first character."""
    patterns = [(INLINE_CODE, "`"), (LINK_TARGET, "]"), (AUTOLINK, "<")]
    if markdown:
        patterns += MARKDOWN_MARKUP
    merged: list[tuple[int, int]] = []  # overlapping spans made one, so that a bisect finds them
    for start, end in sorted(m.span() for pattern, first in patterns if first is None or first in text
                             for m in pattern.finditer(text)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# -- Markdown ------------------------------------------------------------------------

FRONT_MATTER = {"---": "---", "+++": "+++"}
MARKDOWN_BLOCKS = {"fence": "code", "code_block": "code", "html_block": "html", "table_open": "table",
                   "heading_open": "heading", "bullet_list_open": "list", "ordered_list_open": "list",
                   "blockquote_open": "quote", "paragraph_open": "prose", "hr": "prose"}
# when blocks nest, the more specific wins: code in a list is code, a list in a quote a list
PRIORITY = ("code", "html", "table", "heading", "list", "quote", "prose")
RANK = {kind: i for i, kind in enumerate(PRIORITY)}


@lru_cache(maxsize=1)
def _markdown_parser():
    """CommonMark with tables, built once (here: most documents are not Markdown)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _front_matter_end(lines: list[Line]) -> int:
    """The index after a front matter block that opens the file, or 0."""
    if not lines or lines[0].text.strip() not in FRONT_MATTER:
        return 0
    fence = FRONT_MATTER[lines[0].text.strip()]
    for index in range(1, len(lines)):
        if lines[index].text.strip() in (fence, "...") and (fence != "---" or index > 1):
            return index + 1
    return 0


def _markdown_kinds(doc, lines: list[Line]) -> tuple[list[str], frozenset[int]]:
    """The block of each line, and the lines of paragraphs wrapped over several lines."""
    kinds = ["blank" if shape == EMPTY else "prose" for _, _, _, shape in lines]
    matter = _front_matter_end(lines)
    kinds[:matter] = ["front-matter"] * matter
    # the front matter is parsed as blank lines, so that token maps keep their line numbers
    source = "\n" * matter + "\n".join(line.text for line in lines[matter:])
    best = [len(PRIORITY)] * len(lines)
    wrapped: set[int] = set()
    for token in _markdown_parser().parse(source):
        kind = MARKDOWN_BLOCKS.get(token.type)
        if kind is None or token.map is None:
            continue
        first, after = token.map
        if token.type == "paragraph_open" and after - first > 1:
            wrapped.update(range(first, min(after, len(lines))))
        for index in range(first, min(after, len(lines))):
            if lines[index].shape == EMPTY and kind not in ("code", "html"):
                continue  # a blank line inside a list stays blank; inside code it is code
            if RANK[kind] < best[index]:
                best[index] = RANK[kind]
                kinds[index] = kind
    return kinds, frozenset(wrapped)


# -- extracted text ------------------------------------------------------------------

def _text_kinds(lines: list[Line], filled: list[int]) -> tuple[list[str], tuple[int, int]]:
    """Block kinds of scraped text, in three passes: the marks converters leave (fences,
    pipes, #, >, code), then prose against short lines, then each run of short lines
    judged by the paragraphs around it. The passes visit the lines that are not empty
    (`filled`, their indices), and the empty ones only where a block runs over them."""
    kinds: list[str | None] = [None] * len(lines)
    _marked(lines, kinds, filled)
    for index in filled:
        if kinds[index] is None and _prose(lines, index):
            kinds[index] = "prose"
    if len(filled) < len(lines):
        kinds = ["blank" if kind is None and line.shape == EMPTY else kind for kind, line in zip(kinds, lines)]
    article = _article(lines, kinds)
    _short_runs(lines, kinds, *article)
    return kinds, article  # type: ignore[return-value]


def _marked(lines: list[Line], kinds: list, filled: list[int]) -> None:
    """Fenced code, pipe tables, # headings, > quotations and runs of code lines."""
    fence, opened = None, 0
    for index in filled:
        text = lines[index].text
        if fence is not None:
            if text.strip().startswith(fence):  # the fence closes: code up to here, blank lines too
                kinds[opened:index + 1] = ["code"] * (index + 1 - opened)
                fence = None
            continue
        if not MARK.match(text):
            continue
        opening = FENCE.match(text)
        if opening:
            fence, opened = opening.group(1)[0] * 3, index
        elif ATX.match(text):
            kinds[index] = "heading"
        elif QUOTE.match(text):
            kinds[index] = "quote"
    if fence is not None:  # never closed: code to the end
        kinds[opened:] = ["code"] * (len(lines) - opened)
    _tables(lines, kinds, filled)
    _code_runs(lines, kinds, filled)


def _tables(lines: list[Line], kinds: list, filled: list[int]) -> None:
    """Two or more pipe rows in a row with the same number of cells, or rows next to a
    |---|---| rule, are a table; one line of pipes is a menu ("Home | News | Sport")."""
    after = 0  # the line after the last run of pipe rows
    for index in [i for i in filled if "|" in lines[i].text]:
        text = lines[index].text
        if index < after or kinds[index] is not None or len(text) > LONG_LINE or not PIPE_ROW.match(text):
            continue
        end = index
        while end + 1 < len(lines) and kinds[end + 1] is None and len(lines[end + 1].text) <= LONG_LINE \
                and PIPE_ROW.match(lines[end + 1].text):
            end += 1
        rows = [lines[i].text for i in range(index, end + 1)]
        cells = {row.strip().strip("|").count("|") for row in rows if not TABLE_RULE.match(row)}
        if end > index and (len(cells) == 1 or any(TABLE_RULE.match(row) for row in rows)):
            kinds[index:end + 1] = ["table"] * (end + 1 - index)
        after = end + 1


def _code_runs(lines: list[Line], kinds: list, filled: list[int]) -> None:
    """Runs of lines shaped like code: two code lines at least, blank lines and a few
    lines of other shapes between them (a comment, `title: String!`) included."""
    if len(filled) < 2:
        return  # a run needs two lines: a one-line document has none to look for
    code = [i for i in filled if kinds[i] is None and code_like(lines[i].text)]
    if len(code) < 2:
        return
    is_code = set(code)
    after = 0  # the line after the last run
    for index in code:
        if index < after:
            continue
        last, members, gap = index, 1, 0
        probe = index + 1
        while probe < len(lines) and kinds[probe] is None and gap <= 2:
            if probe in is_code:
                last, members, gap = probe, members + 1, 0
            elif lines[probe].shape != EMPTY:
                gap += 1
            probe += 1
        if members >= 2:
            for i in range(index, last + 1):
                kinds[i] = "code"
        after = last + 1


def _prose(lines: list[Line], index: int) -> bool:
    """A sentence, a long line, or a piece of a sentence that an inline tag broke onto
    its own line (the line above runs on into it, or it goes on in lower case)."""
    _, text, words, shape = lines[index]
    if words >= LONG_WORDS or (shape == FINISHED and words >= SENTENCE_WORDS):
        return True
    if shape == FINISHED and words >= COLON_WORDS and text.rstrip().endswith(":"):
        return True  # a line that introduces a list
    if shape == CONTINUATION:
        return True
    if index > 0:
        _, _, before_words, before_shape = lines[index - 1]
        if before_shape in (LABEL, OTHER, CONTINUATION) and before_words >= LONG_WORDS:
            return True  # the sentence above runs on into this line
    return index + 1 < len(lines) and lines[index + 1].shape == CONTINUATION and words > 1


def _article(lines: list[Line], kinds: list) -> tuple[int, int]:
    """The first and last line of the stretch of the page that holds the article: the
    one where prose outweighs other lines most (each prose line counts its words, each
    other line costs CHROME_COST), found in one pass (the maximum-sum stretch)."""
    best, best_span, total, first = 0, (0, -1), 0, 0
    for index, kind in enumerate(kinds):
        if kind == "blank":
            continue
        words = lines[index].words
        value = words if kind == "prose" else -CHROME_COST
        if total <= 0:
            total, first = 0, index
        total += value
        if total > best:
            best, best_span = total, (first, index)
    return best_span


def _short_runs(lines: list[Line], kinds: list, top: int, bottom: int) -> None:
    """Each run of short lines (blank lines inside it allowed) inside the stretch that
    holds the article is a list, or a heading when it is one line; outside it, short
    lines and headings are chrome: menus, tag lists, footers, link labels."""
    after = 0  # the line after the last run
    for index in [i for i, kind in enumerate(kinds) if kind is None or (kind == "heading" and not top <= i <= bottom)]:
        if index < after:
            continue
        members = [index]
        probe = index + 1
        while probe < len(lines) and (kinds[probe] in (None, "blank") or (
                kinds[probe] == "heading" and not top <= probe <= bottom)):
            if kinds[probe] != "blank":
                members.append(probe)
            probe += 1
        if top <= members[0] and members[-1] <= bottom:
            kind = "heading" if len(members) == 1 and not BULLET.match(lines[members[0]].text) else "list"
        else:
            kind = "chrome"
        for member in members:
            kinds[member] = kind
        after = members[-1] + 1
