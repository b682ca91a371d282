"""`head` and `tail`: the page around an article, found from what the other rules report.

Scrapers that keep a whole page put its menus, tickers and teasers above the headline
and its footer (related links, comment chrome, tag clouds) below the last paragraph.
Single rules catch some of those lines: a repeated headline, a copyright notice, a share
bar. These late kinds run after them and read their findings: the lines above the last
copy of the headline, and the lines below the article once several footer lines have
been reported there, are page chrome too.
"""

from __future__ import annotations

from ..finding import Hit
from ..structure import EMPTY, FINISHED, Line
from ..textutil import ends_sentence, line_ends, stripped_span, token_count
from . import REMOVES, Kind, Option, line_hit
from .repeat import headline_keys


def _sentence(line: Line, words: int) -> bool:
    """A line of at least `words` words that starts with a capital and ends a sentence.
    Its shape and word count, worked out once for the document, rule most lines out:
    a line that ends a sentence is FINISHED, and it has at least as many words as tokens."""
    if line.shape != FINISHED or line.words < words:
        return False
    head, tail = line_ends(line.text)
    return head[:1].isupper() and ends_sentence(tail) and token_count(line.text) >= words


class Head(Kind):
    name = "head"
    doc = ("Runs after the other rules. When the rules named in `after` reported a copy of the "
           "headline above the body (the first sentence of `body-words` words or more), "
           "reports every line above the last such copy, except the copies themselves; the "
           "headline in another form (\"Headline | Site\") is reported without a fix, so that "
           "fixing keeps one copy.")
    late = True
    contextual = True
    fixes = REMOVES
    options = {
        "after": Option(list, "names of the rules whose findings are copies of the headline",
                        ["repeated-headline", "title-in-body"]),
        "body-words": Option(int, "the body's first paragraph has at least this many words", 25),
    }

    def check(self, doc):
        copies = [f for f in doc.memo.get("findings", ()) if f.name in self.after]
        if not copies:
            return  # no copy of the headline anywhere
        lines = [doc.structure.lines[index] for index in doc.structure.filled]
        body = next((line.start for line in lines if _sentence(line, self.body_words)), None)
        if body is None:
            return  # no body found: no telling where the top of the page ends
        copies = [f for f in copies if f.start < body]
        if not copies:
            return
        last = max(f.start for f in copies)
        headline = {" ".join(f.matched.lower().split()) for f in copies}
        keys = set().union(*(headline_keys(f.matched, 1) for f in copies))
        longest = {max(k.split(), key=len) for k in keys}  # a line holding a key holds one
        for start, text, _, _ in lines:
            if start >= last:
                break
            if " ".join(text.lower().split()) not in headline:
                folded = text.casefold().replace("’", "'")  # as the keys are folded
                if not any(w in folded for w in longest) or keys.isdisjoint(headline_keys(text, 1)):
                    yield line_hit(doc, start, text, read_whole=True)
                else:  # the headline in another form ("Headline | Site"): a fix keeps one copy
                    yield Hit(*stripped_span(start, text))


class Tail(Kind):
    name = "tail"
    doc = ("Runs after the other rules. Below the article's last paragraph (the last "
           "sentence of `body-words` words or more), from the `min-findings`-th line that "
           "other rules of `categories` reported, reports every line they did not, except "
           "sentences of `sentence-words` words or more: no paragraph of the article stands "
           "below its last one, so the verdict never crosses article text.")
    late = True
    contextual = True
    fixes = REMOVES
    options = {
        "categories": Option(list, "the categories whose findings show the footer", ["boilerplate"]),
        "min-findings": Option(int, "how many reported lines below the body start the footer", 3),
        "body-words": Option(int, "the body's paragraphs have at least this many words", 25),
        "sentence-words": Option(int, "sentences this long are never reported", 10),
    }

    def check(self, doc):
        findings = [f for f in doc.memo.get("findings", ()) if f.category in self.categories]
        if len({f.line for f in findings}) < self.min_findings:
            return  # not as many reported lines in the whole document
        lines = doc.structure.lines
        body_end = self._last_paragraph(doc.structure)
        if body_end is None or body_end + 1 == len(lines):
            return
        first = lines[body_end + 1].start
        reported = {f.line - 1 for f in findings if f.start >= first}
        if len(reported) < self.min_findings:
            return
        footer = sorted(reported)[self.min_findings - 1]
        for index in range(footer + 1, len(lines)):
            line = lines[index]
            if index in reported or line.shape == EMPTY or _sentence(line, self.sentence_words):
                continue
            yield line_hit(doc, line.start, line.text, read_whole=True)

    def _last_paragraph(self, structure) -> int | None:
        """The last line of the last paragraph of the article: prose lines next to each
        other (an inline tag may have broken a sentence over several) that hold
        `body-words` words or more and end a sentence."""
        lines, kinds = structure.lines, structure.kinds
        index = len(lines) - 1
        while index >= 0:
            if kinds[index] != "prose" or lines[index].shape != FINISHED \
                    or not ends_sentence(line_ends(lines[index].text)[1]):
                index -= 1
                continue
            last, words = index, 0
            while index >= 0 and kinds[index] == "prose":
                words += lines[index].words
                index -= 1
            if words >= self.body_words:
                return last
        return None
