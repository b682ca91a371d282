"""`repeat`: the headline, the record's title, lines or paragraphs that occur more than once."""

from __future__ import annotations

import hashlib
import re

from ..textutil import WORD, ends_sentence, line_ends, pieces, token_count, word_count
from . import REMOVES, Kind, Option, line_hit

# the patterns below run once per line of a document's top: the `re` engine is several
# times faster than `regex` at such short work, and none needs Unicode properties
MARKS = re.compile(r"(?:[#>*+\-•·|]+|\d{1,3}[.)])\s+")
SUFFIX = re.compile(r"\s+(?:[|\-–—:·•]|::)\s+")
SECTION = re.compile(r"[^:\s][^:]{0,40}?:\s+(?=\S)")
H1 = re.compile(r"\s*(#{1,2})\s+\S")
# a reworded copy of the headline shares at least this many words with it: fewer in
# common ("Fox News" and "Fox News Radio") is chance, not the same headline
REWORDED_WORDS = 3
# a paragraph this many times `body-words` long starts the body even with no other after it
LONE_PARAGRAPH = 4
# the body starts at a paragraph that another follows: a prose line of this many words
PARAGRAPH_WORDS = 8
# blocks whose lines are neither the headline nor a copy of it: table rows, program text
NOT_HEADLINES = frozenset({"table", "code", "front-matter", "html"})


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold().replace("’", "'")))


def _size(key: str) -> int:
    """The words in a key (unspaced scripts: one per two characters)."""
    if not key:
        return 0
    return key.count(" ") + 1 if key.isascii() else word_count(key)


def _quick_key(text: str) -> str:
    """Case and white space folded: enough to see a line repeat the one before it."""
    return " ".join(text.lower().split())


LONG = 4096  # a longer line or paragraph is keyed by a Digest


class Digest(str):
    """The key of a long line or paragraph, which would be as long as it (a 50 MB line,
    100 MB more): a digest of the key, made piece by piece, and the key's word count."""

    words: int


def _long_key(text: str, key) -> str:
    """key(text), or its Digest for a long text (`key` must not join words across white space)."""
    if len(text) <= LONG:
        return key(text)
    digest, words = hashlib.blake2b(digest_size=16), 0
    for piece in pieces(text):
        part = key(piece)
        if part:
            words += part.count(" ") + 1
            digest.update(part.encode("utf-8", "surrogatepass") + b" ")
    found = Digest(digest.hexdigest())
    found.words = words
    return found


def _words(key: str) -> int:
    return key.words if isinstance(key, Digest) else key.count(" ") + 1


def headline_keys(line: str, min_words: int, max_words: int | None = None) -> set[str]:
    """Ways one headline is written: whole, without " | Site" or "Section: " around it.
    No keys when the whole line has fewer than min_words words (or more than max_words).
    Of a line cut by " | " or " - ", the first part and the longest are the headline
    ("Headline | Site", "Section | Headline"); the others name the site or a section
    ("Daily Ledger", "Paid Program"), which is not the headline."""
    line = line.strip()
    marks = MARKS.match(line)
    if marks:
        line = line[marks.end():]
    whole = _key(line)
    size = _size(whole)
    if size < min_words or (max_words is not None and size > max_words):
        return set()
    keys = {whole}
    parts = SUFFIX.split(line) if " " in line else [line]
    if len(parts) > 1:
        sized = [(k, _size(k)) for k in map(_key, parts)]
        longest = max(size for _, size in sized)
        keys.update(k for i, (k, size) in enumerate(sized) if size >= min_words and (i == 0 or size == longest))
    section = SECTION.match(line) if ":" in line else None
    if section:  # "Opinion: Headline", not "Headline: a subtitle"
        rest = _key(line[section.end():])
        if _size(rest) >= min_words and _size(rest) > _size(_key(section.group())):
            keys.add(rest)
    return keys


def _first(keys: set[str], offsets: dict[str, int]) -> int | None:
    """The earliest offset that one of keys has in offsets (a deterministic choice)."""
    found = [offsets[k] for k in keys if offsets.get(k, -1) >= 0]
    return min(found) if found else None


def is_title_tag(line: str) -> bool:
    """"Headline | Site" or "Headline - Site | Section": how <title> tags read (not an
    aside in parentheses such as "(Graphic: Stocks in 2019 - here)")."""
    line = line.strip()
    if len(line) > 300 or line.startswith("(") or not SUFFIX.search(line):
        return False
    parts = SUFFIX.split(line)
    return (1 < len(parts) <= 3 and len(WORD.findall(parts[0])) >= 3
            and 0 < len(WORD.findall(parts[-1])) <= 4 and not line.startswith(("|", ">")))


class Repeat(Kind):
    name = "repeat"
    doc = ("`target: headline` reports lines at the top of the article (before its first "
           "paragraph) that repeat the headline there, also when one of them carries a "
           "\" | Site\" suffix or a \"Section: \" prefix, or words it apart; `title` reports "
           "lines that repeat the record's title outside the article's paragraphs; `line` "
           "and `paragraph` report any line or multi-line paragraph of `min-words` words or "
           "more that occurred before. Case, white space and punctuation do not count. The "
           "first occurrence is never reported.")
    options = {
        "target": Option(str, "what repeats", required=True, choices=("headline", "title", "line", "paragraph")),
        "min-words": Option(int, "shortest line or paragraph, in words, that counts", 3),
        "max-words": Option(int, "longest headline, in words", 30),
        "body-words": Option(int, "headline, title: the body starts at the article's first "
                             "paragraph, a sentence of this many words that more prose follows", 18),
        "similarity": Option(float, "headline: how alike two lines must be, as the share of "
                             "their words they have in common (1: the same words)", 1.0),
        "reworded": Option(float, "headline: when no line copies the headline, the one line most "
                           "alike it that shares this share of words (1: none)", 1.0),
        "adjacent": Option(bool, "line, paragraph: only a repeat that follows its first occurrence "
                           "(blank lines aside): a block taken twice, not a pull quote", False),
    }
    fields = ("first_line",)
    fixes = REMOVES

    def check(self, doc):
        if len(doc.structure.filled) < 2 and not (doc.title and self.target in ("headline", "title")):
            return  # a repeat needs two lines that are not blank, or a line and the title
        if self.target == "paragraph":
            spans = doc.paragraphs
        else:
            spans = doc.lines
        if self.target == "headline":
            yield from self._headlines(doc, spans)
        elif self.target == "title":
            yield from self._title(doc, spans)
        else:
            yield from self._repeats(doc, spans)

    @staticmethod
    def _hit(doc, start, text, first, alike=False):
        """A copy of `text` (found at `start`), first seen at offset `first`. An `alike`
        copy has words of its own, which a removal would lose: the guard reads it whole."""
        return line_hit(doc, start, text, {"first_line": doc.position(first)[0]}, "remove the repeated text",
                        read_whole=alike)

    def _headline_keys(self, text: str) -> set[str]:
        """A line's headline keys if it has the words of a headline, else none."""
        if len(text) > 400:
            return set()
        words = text.split()
        tokens = len(words)
        if tokens > 2 * self.max_words:
            return set()
        # cheap bounds before counting real words: in ASCII, a token holds a word or more,
        # and a token of letters only holds exactly one ("Home", "News": most menu lines)
        if text.isascii() and tokens < self.min_words and (
                tokens < self.min_words - 2 or all(map(str.isalpha, words))):
            return set()
        return headline_keys(text, self.min_words, self.max_words)

    def _headlines(self, doc, lines):
        """The headline is the document's first line, its first Markdown heading of level 1
        and of level 2, its <title> ("Headline | Site") or its title. Before the body
        starts, a line that copies one of them, or that one of them copies, is reported;
        if none does, the line most alike one of them (the page's <h1> worded apart from
        its <title>)."""
        headline: dict[str, int] = {}  # key -> offset of the headline's first copy (-1: title)
        if doc.title:
            headline.update(dict.fromkeys(headline_keys(doc.title, self.min_words), -1))
        others: dict[str, int] = {}  # keys of the other headline-like lines so far
        word_sets: list[tuple[frozenset, int]] = []  # the words of each headline copy
        reworded: list[tuple[float, int, int, str, int]] = []  # likeness, -offset, offset, text, copy
        first_line, headings, title_tag, found = True, set(), False, False
        before = here = -1  # where the non-blank line before this one starts, and this one
        last_keys: set[str] = set()  # the keys of the non-blank line before
        kinds, markdown = doc.structure.kinds, doc.structure.markdown
        for index in range(min(self._body(doc), len(lines))):
            start, end, text = lines[index]
            if not text or text.isspace() or kinds[index] in NOT_HEADLINES:
                continue
            before, here = here, start
            keys = self._headline_keys(text)
            previous, last_keys = last_keys, keys
            heading = H1.match(text) if "#" in text else None
            level = len(heading.group(1)) if heading else 0
            # a Markdown file names its headline with `#`: its other headings are sections
            candidate = (level == 1 and 1 not in headings) if markdown else \
                (first_line or (level and level not in headings))
            first_line = False
            headings.add(level)
            if not keys:
                continue
            # the <title> comes first: only the first "Headline | Site" line is a candidate,
            # and not when its headline stood on a line before ("Español - es" in a menu)
            if not title_tag and not markdown and is_title_tag(text) and keys.isdisjoint(others):
                title_tag = candidate = True
            # headlines do not end with a full stop, sentences do: a sentence is taken
            # for a headline only where one stands (first line, heading, <title>), and
            # for a copy only when it is word for word
            sentence = text.rstrip().endswith(".")
            copy_of = _first(keys, headline)
            alike = False  # a copy in other words: the removal guard reads all of them
            if copy_of is None and word_sets and not sentence and not markdown \
                    and min(self.similarity, self.reworded) < 1:
                likeness, like = self._alike(keys, word_sets)
                if like == before or (likeness >= self.reworded and self._listed(keys, previous, lines, index)):
                    pass  # alike neighbours are a list (tour dates, contents), not a reworded headline
                elif likeness >= self.similarity:
                    copy_of, alike = like, True
                elif likeness >= self.reworded and not found:
                    reworded.append((likeness, -start, start, text, like))
            if copy_of is None and candidate and not sentence:
                copy_of = _first(keys, others)
            if copy_of is not None:
                found = True
                yield self._hit(doc, start, text, copy_of, alike)
            if candidate or keys & headline.keys():
                for k in keys:
                    if headline.get(k, -1) < 0:
                        headline[k] = start
                        word_sets.append((frozenset(k.split()), start))
            if not sentence:
                for k in keys:
                    others.setdefault(k, start)
        if reworded and not found:
            _, _, start, text, copy_of = max(reworded)  # the most alike, the first of equals
            yield self._hit(doc, start, text, copy_of, alike=True)

    def _body(self, doc) -> int:
        """The index of the body's first line: the first paragraph of the article's stretch
        (a prose line of `body-words` words that ends a sentence) that another paragraph
        follows, or one anywhere that is long enough alone. A notice or a caption standing
        alone above the headline is no body; nor is a caption shown twice. Found once
        for the rules that read it (the headline's, the title's)."""
        key = ("body", self.body_words)
        if key not in doc.memo:
            doc.memo[key] = self._find_body(doc.structure)
        return doc.memo[key]

    def _find_body(self, structure) -> int:
        lines, kinds = structure.lines, structure.kinds
        top, bottom = structure.article
        paragraph = None  # the line before, if it could open the body
        for index in range(bottom + 1):
            kind, line = kinds[index], lines[index]
            if kind == "blank":
                continue
            if paragraph is not None and kind == "prose" and line.words >= PARAGRAPH_WORDS \
                    and _key(line.text) != _key(lines[paragraph].text):
                return paragraph
            paragraph = None
            if kind == "prose" and line.words >= self.body_words and ends_sentence(line_ends(line.text)[1]):
                if line.words >= LONE_PARAGRAPH * self.body_words:
                    return index
                if index >= top:
                    paragraph = index
        return len(lines)

    def _listed(self, keys: set[str], previous: set[str], lines, index: int) -> bool:
        """Whether the line at index is an item of a list: alike the line before it or the
        line after it, each with words of its own (a copy or a breadcrumb holding the
        line is no other item)."""
        after = next((text for _, _, text in lines[index + 1:index + 4] if text.strip()), "")
        mine = set().union(*(k.split() for k in keys))
        for neighbour in (previous, self._headline_keys(after)):
            theirs = [frozenset(k.split()) for k in neighbour]
            if theirs and not any(mine <= words or words <= mine for words in theirs) \
                    and self._alike(keys, [(words, 0) for words in theirs])[0] >= self.similarity:
                return True
        return False

    @staticmethod
    def _alike(keys: set[str], word_sets: list[tuple[frozenset, int]]) -> tuple[float, int | None]:
        """How alike one of keys and the most alike headline copy are (the share of their
        words they have in common, if REWORDED_WORDS or more), and where that copy is."""
        best, where = 0.0, None
        for key in sorted(keys):
            words = set(key.split())
            for theirs, offset in word_sets:
                common = len(words & theirs)
                if common >= REWORDED_WORDS and common > best * len(words | theirs):
                    best, where = common / len(words | theirs), offset
        return best, where

    def _title(self, doc, lines):
        if not doc.title:
            return
        wanted = headline_keys(doc.title, self.min_words)
        if not wanted:
            return
        # a line holding a key holds its longest word (casefold and lower agree on ASCII)
        words = {max(key.split(), key=len) for key in wanted}
        indices = doc.lines_holding(words) if all(w.isascii() for w in words) else range(len(lines))
        inside = None  # the article's lines from its first paragraph to its last
        for index in indices:
            start, end, text = lines[index]
            if len(text) < 400 and headline_keys(text, self.min_words) & wanted:
                if inside is None:
                    inside = range(self._body(doc), doc.structure.article[1] + 1)
                if index not in inside:
                    yield self._hit(doc, start, text, start)

    def _repeats(self, doc, spans):
        if self.target == "line" and self.adjacent:
            # a line too short to hold min-words words is never reported: it only breaks
            # the run (None), and costs no key
            shortest = 2 * self.min_words - 1
            keys = [_long_key(text, _quick_key) if len(text) >= shortest else "" if not text or text.isspace()
                    else None for _, _, text in spans]
        elif self.target == "line":
            keys = [_long_key(text, _key) for _, _, text in spans]
        else:  # a single-line paragraph (None) is repeated-line's job
            key = _quick_key if self.adjacent else _key
            keys = [_long_key(text, key) if "\n" in text or "\r" in text else None for _, _, text in spans]
        seen: dict[str, int] = {}
        previous: tuple[str, int] | None = None  # adjacent: the line before, and where it began
        for (start, _, text), key in zip(spans, keys):
            if key == "":
                continue  # a blank line
            if key is None:
                previous = None
                continue
            if self.adjacent:
                first = previous[1] if previous is not None and previous[0] == key else None
                if first is None:
                    previous = (key, start)
            else:
                first = seen.setdefault(key, start)
                first = None if first == start else first
            if first is not None and _words(key) >= self.min_words:
                yield self._hit(doc, start, text, first)
