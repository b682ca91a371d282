"""`glued`: two words run together where a scraper dropped the space, found with word frequencies.

A token is glued when the dictionary of the document's language does not know it but
it splits into two words that it knows well: `Koreawarning` = Korea + warning,
`JAMNow` = JAM + Now. A compiled regex picks the few candidate tokens; only those are
looked up, so clean text costs one regex pass.

Brand and product names are made the same way (PocketGuard, WordPress, MXNet), so the
document is asked whether a candidate is a name or a seam between two blocks of text:
- a name repeats (CloudSimple, BrandVoice); a glue between a heading and its paragraph
  shows the seam: the document starts sentences with the second half elsewhere, ends
  them with the first, and the token is followed by a lower-case word ("Fraud
  DetectionMachine learning in shops"). Two capitalised halves need that evidence,
  unless the second is a very common sentence start; a word said twice (PwCPwC) never;
- a half the word list does not know is a word when the document uses it on its own
  (UdemyUdemy offers, optionsZapier);
- a token among capitalised words stands in a menu or a run of headlines, and several
  glued tokens close together are a menu run together: the boilerplate rules report
  those;
- in an article with code, lower camelCase words are identifiers; a token touching a
  call, an assignment or a tag is program text;
- for `split: word`, the halves must be a word and a function word (countryand), or a
  proper name the document uses and a common word (Koreawarning).
"""

from __future__ import annotations

import re
from collections import Counter

import regex

from ..finding import Edit, Fix, Hit
from ..lexicon import UNDETERMINED, zipf_table
from ..textutil import distinct
from . import Kind, Option

# a capital that starts a word inside a token: focusThe, TheHollywood, JAMNow. The
# pattern starts at the capital (rare) and looks back, which scans several times faster
# than starting at the lower-case letter (most characters are one).
JUNCTION = regex.compile(r"(?<=\p{Ll})\p{Lu}|(?<=\p{Lu})\p{Lu}(?=\p{Ll})")
# what may not touch a candidate: it would be part of a URL, handle, hashtag, file name,
# or program text (a tag or type parameter: <packageSources>, a call: popUntil()
BEFORE = frozenset("-_./@#’'&\\<")
AFTER = frozenset("_/@\\(")
# a name given a value is a variable or an attribute: newPos = …, protocolVersion="3"
ASSIGNED = re.compile(r"[ \t]*=")
AFTER_IF_LETTER = frozenset(".-’'")
# but an English possessive or contraction ends a word: scheduleHere’s, longI’m
CLITIC = re.compile(r"[’'](?:s|m|re|ll|ve|d|t)(?![^\W\d_])")
SPLITS = ("case", "word")
SPLIT_CASE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})")
# the plural of an acronym: LLMs, JWTs, GWPs
ACRONYM_PLURAL = regex.compile(r"\p{Lu}{2,}s")
# surname particles written joined to the name: DiBenedetto, DelGiorno, McDonald, LaGuardia
PARTICLES = frozenset("di de del della dello van von mc mac la le du da dos st o".split())
NAME_TAIL_ZIPF = 4.0  # Korea+warning: a name the text uses, glued to a common word of 4+ letters
NAME_USES = 2  # how often the text must use that name inside a sentence, and never in lower case
# where a text shows its seams: a sentence mark and space before a word that starts a
# sentence, a mark after one that ends a sentence
OPENING = regex.compile(r"[.!?:][\"'”’)]?[^\S\n]+$")
CLOSING = regex.compile(r"[.!?:][\"'”’)]?(?:\s|$)")
LIST_MARKS = " \t-*•#>"
LOWER_NEXT = regex.compile(r"[^\S\n]+\p{Ll}")
# an article that shows this many lines of program text names things in lower camelCase
# (approvedList, isEmpty, userRepository), in its prose too
CODE_LINES = 3
# a token used more often than this in one document is a name (or a layout), never glue
MAX_USES = 8
# the first letter of a word (of two letters or more, not all capitals): what the prose test counts
WORD_START = regex.compile(r"(?<!\p{L})\p{L}(?=\p{Ll})")
PROSE_CHARS = 100  # how far either side of a candidate the prose test looks, on its line


EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}<>.,;:!?…*_~|/\\-–—"
# a white-space token that is one run of 6 to 31 letters, edge punctuation aside: the
# long words that may be two glued together, found at C speed (str.split and a Python
# loop over every token took three times as long)
LONG_WORD = re.compile(rf"(?<!\S)[{re.escape(EDGE_PUNCTUATION)}]*([^\W\d_]{{6,31}})[{re.escape(EDGE_PUNCTUATION)}]*(?!\S)")


def letter_run(text: str, index: int, limit: int = 64) -> tuple[int, int]:
    """The run of letters around text[index], at most `limit` either side."""
    start, end = index, index
    floor, ceiling = max(0, index - limit), min(len(text), index + limit)
    while start > floor and text[start - 1].isalpha():
        start -= 1
    while end < ceiling and text[end].isalpha():
        end += 1
    return start, end


def _is_proper_name(doc, word: str) -> bool:
    """Does the document use `word` as a proper name: capitalised inside sentences ("to
    Ukraine", "North Korea"), at least NAME_USES times, and never in lower case? A word
    that only starts sentences or headings (Art, Work, Trail) is a common word."""
    names = doc.memo.setdefault("proper_names", {})
    if word not in names:
        inside = regex.findall(rf"(?<=[\p{{Ll}},;]\s){word}(?![\p{{L}}\p{{N}}])", doc.text)
        names[word] = len(inside) >= NAME_USES and regex.search(
            rf"(?<![\p{{L}}\p{{N}}]){word.lower()}(?![\p{{L}}\p{{N}}])", doc.text) is None
    return names[word]


def _uses(text: str, word: str):
    """The offsets where `word` stands in `text` as a whole word (found with str.find: a
    word a glued token holds is rare, a scan of every word of the text is not)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and text[at - 1].isalnum()) and not (end < len(text) and text[end].isalnum()):
            yield at
        at = text.find(word, end)


def _memo(doc, key: str, word: str, test) -> bool:
    """test(doc, word), worked out once per document and word."""
    answers = doc.memo.setdefault(key, {})
    if word not in answers:
        answers[word] = test(doc, word)
    return answers[word]


def _stands_alone(doc, word: str) -> bool:
    """Does the document use `word` on its own (Udemy, Zapier, ZRG)? Then it is a word,
    though the word list does not know it."""
    return next(_uses(doc.text, word), None) is not None


def _opens(doc, word: str) -> bool:
    """Does a sentence, a line or a list item start with `word` (capitalised, not an
    acronym: AI, FIRE start sentences as names do) and go on?"""
    text = doc.text
    if not word[1:].islower():
        return False
    for at in _uses(text, word):
        line_start = text.rfind("\n", 0, at) + 1
        if not text[line_start:at].strip(LIST_MARKS):
            line_end = text.find("\n", at)
            if text[at + len(word):line_end if line_end >= 0 else len(text)].strip():
                return True
        elif OPENING.search(text, max(line_start, at - 8), at):
            return True
    return False


def _closes(doc, word: str) -> bool:
    """Does a sentence or a line end with `word` (capitalised or not, but not in
    capitals; a line of one word shows nothing)?"""
    text = doc.folded if doc.folded is not None else doc.text.lower()
    for at in _uses(text, word.lower()):
        end = at + len(word)
        if not doc.text[at + 1:end].islower() and len(word) > 1:
            continue
        if CLOSING.match(text, end):
            return True
        line_end = text.find("\n", end)
        line_start = text.rfind("\n", 0, at) + 1
        if not text[end:line_end if line_end >= 0 else len(text)].strip() and text[line_start:at].strip():
            return True
    return False


class Glued(Kind):
    name = "glued"
    doc = ("`split: case` checks tokens with a capital inside (`JAMNow`); `split: word` checks "
           "long words written in lower case (`Koreawarning`). A token is reported when the "
           "document language's word list (wordfreq) does not know it, or knows it less "
           "well than `max-whole-zipf`, and it splits into two words of at least `min-zipf`. "
           "With `split: word` the second half must also be very common (`function-zipf`, "
           "`name-function-zipf` for a capitalised token: and, after, the) or the first half a "
           "proper name the document uses inside sentences and never in lower case. A token "
           "the document uses twice is a name (`split: case`: unless the document shows the "
           "seam, see `min-seam-signs`); tokens among more than `max-nearby` other glued "
           "tokens within `nearby-chars`, or among capitalised words (`min-prose`), stand in "
           "menus and are not reported.")
    options = {
        "split": Option(str, "which tokens to check", required=True, choices=SPLITS),
        "min-zipf": Option(float, "how common each half must be (Zipf scale: 3 = once per million words)", 3.0),
        "function-zipf": Option(float, "split: word: how common the second half must be, "
                                "unless the first is a name used in the document", 5.5),
        "name-function-zipf": Option(float, "split: word: the same for a capitalised token: "
                                     "brand names are made of a word and a common word "
                                     "(Workfrom, Zencare), a glued name ends in a function "
                                     "word (Academyis, Collectionat)", 6.3),
        "min-part": Option(int, "shortest half, in letters", 2),
        "max-whole-zipf": Option(float, "a token the list knows at least this well is a word", 1.0),
        "compound-zipf": Option(float, "split: case: when both halves are capitalised (WoodSpring, "
                                "ShowBoeing), how common the second must be: brand names are "
                                "made of two capitalised nouns, a glued sentence start is common",
                                0.0),
        "min-seam-signs": Option(int, "split: case: a token of two capitalised words (or an "
                                 "acronym and a word: MXNet) whose second is rarer than "
                                 "compound-zipf is still reported with this many signs of a seam: "
                                 "the document starts a sentence or line with the second word "
                                 "elsewhere (two signs), ends one with the first (one), a "
                                 "lower-case word follows the token (one: DetectionMachine "
                                 "learning). A token the document uses twice needs the first two; "
                                 "a word said twice (PwCPwC) needs none", 2),
        "min-prose": Option(float, "the share of the words around a token (100 characters either "
                            "side, on its line) that must start in lower case: a token among "
                            "capitalised words stands in a menu or a run of titles, which the "
                            "boilerplate rules report", 0.0),
        "max-nearby": Option(int, "more glued tokens than this nearby make a menu, not glue", 2),
        "nearby-chars": Option(int, "how near, in characters", 120),
        "default-language": Option(str, "dictionary for documents of unknown language", "en"),
    }
    fields = ("left", "right")
    fixes = "inserts the missing space (unsafe)"

    def _case_tokens(self, text):
        """(start, end) of the letter runs that hold a lower-to-upper junction."""
        last = -1
        for m in JUNCTION.finditer(text, timeout=self.timeout):
            if m.start() < last:
                continue
            start, end = letter_run(text, m.start())
            last = end
            yield start, end

    def _word_tokens(self, doc, table):
        """(start, end) of long lower-case words the list does not know. Each distinct
        word is looked at once (a regex scan and, on the lower-cased text, a set
        difference with the word list run at C speed); only the rare unknown words are
        then located in the text."""
        text, folded = doc.text, doc.folded
        source = folded if folded is not None else text
        words = distinct(LONG_WORD, source)
        if folded is not None:
            words = table.rarer(words, self.max_whole_zipf)
        unknown = {word for word in words if word.isalpha() and word[1:].islower()
                   and (folded is not None or table.get(word.lower(), 0.0) < self.max_whole_zipf)}
        for word in unknown:
            at = source.find(word)
            while at >= 0:
                end = at + len(word)
                if not (at and text[at - 1].isalpha()) and not (end < len(text) and text[end].isalpha()) \
                        and text[at + 1:end].islower():
                    yield at, end
                at = source.find(word, end)

    def _seam_signs(self, doc, start: int, end: int, split: int) -> tuple[bool, bool, bool]:
        """Signs that text[start:end] joins two blocks at `split`: the document starts a
        sentence or line with the right half elsewhere, ends one with the left half, and a
        lower-case word follows (the right half began a sentence)."""
        text = doc.text
        return (_memo(doc, "opens", text[start + split:end], _opens),
                _memo(doc, "closes", text[start:start + split], _closes),
                LOWER_NEXT.match(text, end) is not None)

    def _table(self, doc):
        """The word list of the document's language; `default-language`'s when it is
        unknown (too short to tell, or none newslint knows: a rule that must know it
        says so with `languages`)."""
        language = doc.language
        return zipf_table(language if language not in (None, UNDETERMINED) else self.default_language)

    def check(self, doc):
        text = doc.text
        table = None
        if self.split == "case":
            spans = self._case_tokens(text)
        else:
            table = self._table(doc)
            spans = self._word_tokens(doc, table)
        # uses anywhere count (originalPos = …, originalPos.X): a name the text repeats.
        # Counted by token as they come; a token used more than MAX_USES times is a name
        # and none of its uses is kept (a 50 MB line of one token must not fill a list)
        counts: Counter = Counter()
        candidates = []
        for start, end in spans:
            token = text[start:end]
            counts[token] += 1
            if counts[token] <= MAX_USES and self._free(text, start, end):
                candidates.append((start, end))
        candidates = sorted(span for span in candidates if counts[text[span[0]:span[1]]] <= MAX_USES)
        if not candidates:
            return
        table = table if table is not None else self._table(doc)
        if not table:
            return
        identifiers = self.split == "case" and doc.structure.kinds.count("code") >= CODE_LINES
        found = []
        for start, end in candidates:
            token = text[start:end]
            if identifiers and token[0].islower():
                continue
            repeated = counts[token] > 1
            if (repeated and self.split == "word") or table.get(token.lower(), 0.0) >= self.max_whole_zipf:
                continue
            split, compound = self._split(token, table, doc)
            if split is None:
                continue
            # no name is a word said twice (PwCPwC, UdemyUdemy): a heading and its paragraph
            if (repeated or compound) and token[:split] != token[split:]:
                # a name, unless the document shows the seam: see min-seam-signs
                opens, closes, lower_next = self._seam_signs(doc, start, end, split)
                if repeated and not (opens and closes):
                    continue
                if compound and 2 * opens + closes + lower_next < self.min_seam_signs:
                    continue
            if self.min_prose and not self._among_prose(text, start, end):
                continue
            found.append((start, end, split))
        starts = [start for start, _, _ in found]
        for index, (start, end, split) in enumerate(found):
            if self._crowded(starts, index):
                continue
            token = doc.text[start:end]
            left, right = token[:split], token[split:]
            fix = Fix((Edit(start + split, start + split, " "),), f"insert a space: '{left} {right}'", safe=False)
            yield Hit(start, end, {"left": left, "right": right}, fix)

    @staticmethod
    def _free(text: str, start: int, end: int) -> bool:
        """Not part of a URL, e-mail address, handle, hashtag, file name or program text."""
        if start and (text[start - 1] in BEFORE or text[start - 1].isdigit()):
            return False
        if end < len(text):
            after = text[end]
            if after in AFTER or after.isdigit() or ASSIGNED.match(text, end):
                return False
            if after in AFTER_IF_LETTER and end + 1 < len(text) and text[end + 1].isalpha() \
                    and not CLITIC.match(text, end):
                return False
        return True

    def _among_prose(self, text: str, start: int, end: int) -> bool:
        """Do enough of the words around text[start:end] start in lower case?"""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        words = (WORD_START.findall(text, max(line_start, start - PROSE_CHARS), start)
                 + WORD_START.findall(text, end, min(line_end, end + PROSE_CHARS)))
        return sum(w.islower() for w in words) >= self.min_prose * len(words) if words else False

    def _crowded(self, starts: list[int], index: int) -> bool:
        here = starts[index]
        lo, hi = index, index
        while lo > 0 and here - starts[lo - 1] <= self.nearby_chars:
            lo -= 1
        while hi + 1 < len(starts) and starts[hi + 1] - here <= self.nearby_chars:
            hi += 1
        return hi - lo > self.max_nearby

    def _split(self, token: str, table: dict, doc) -> tuple[int | None, bool]:
        """Where the space belongs (None when no split gives two common words), and
        whether the split joins two capitalised words the way brand names are made."""
        lower = token.lower()
        if self.split == "case":
            if ACRONYM_PLURAL.fullmatch(token):
                return None, False
            points = [m.start() for m in SPLIT_CASE.finditer(token)]
        else:
            points = range(self.min_part, len(token) - self.min_part + 1)
        best, best_score, compound, compound_score = None, 0.0, None, 0.0
        for i in points:
            if i < self.min_part or (len(token) - i < self.min_part and token[i:] not in ("A", "I")):
                continue
            if self.split == "case" and lower[:i] in PARTICLES:
                return None, False
            left, right = table.get(lower[:i], 0.0), table.get(lower[i:], 0.0)
            if self.split == "case":
                # a known word glued to a capitalised name the list may not know
                # (WashingtonCeres), or to a one-letter sentence start (industryA); a
                # half the list does not know that the document uses as a name on its
                # own (UdemyUdemy offers, optionsZapier offers)
                if token[i:] in ("A", "I") or (right >= 2.0 and token[i - 1].islower()):
                    right = max(right, self.min_zipf)
                # and a sentence's last word the list knows a little (takeawaysBefore)
                if token[0].islower() and i >= 4 and left >= 2.0:
                    left = max(left, self.min_zipf)
                if right < self.min_zipf and _memo(doc, "alone", token[i:], _stands_alone):
                    right = self.min_zipf
                if left < self.min_zipf and token[0].isupper() and _memo(doc, "alone", token[:i], _stands_alone):
                    left = self.min_zipf
            score = min(left, right)
            if score < self.min_zipf or score <= best_score:
                continue
            if self.split == "case" and token[0].isupper() and token[i].isupper() \
                    and table.get(lower[i:], 0.0) < self.compound_zipf:
                if score > compound_score:
                    compound, compound_score = i, score
                continue
            if self.split == "word" and right < (self.name_function_zipf if token[0].isupper()
                                                 else self.function_zipf) and not (
                    token[0].isupper() and len(token) - i >= 4 and right >= NAME_TAIL_ZIPF
                    and _is_proper_name(doc, token[:i])):
                continue  # neither "word + and/after/the" nor "Korea + warning"
            best, best_score = i, score
        return (best, False) if best is not None else (compound, compound is not None)
