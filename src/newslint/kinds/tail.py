"""`tail`: the page footer below an article, found from what the other rules report there.

Below an article's last paragraph, scraped text often runs on into the page footer:
related links, comment chrome, tag clouds, newsletter forms. Single rules catch some of
those lines (a copyright notice, a share bar). Once several of them have been reported
below the last paragraph, the footer has begun, and the lines in between and after are
footer too. Sentences are left alone: a short closing paragraph may follow the body.
"""

from __future__ import annotations

from ..finding import Edit, Fix, Hit
from . import Kind, Option

SENTENCE_END = tuple(".!?…")
CLOSERS = "\"”’»)]"


def _sentence(text: str, words: int) -> bool:
    """A line of at least `words` words that starts with a capital and ends a sentence."""
    text = text.strip()
    return text[:1].isupper() and text.rstrip(CLOSERS).endswith(SENTENCE_END) and len(text.split()) >= words


class Tail(Kind):
    name = "tail"
    doc = ("Runs after the other rules. Below the article's last paragraph (the last "
           "sentence of `body-words` words or more), from the `min-findings`-th line that "
           "other rules of `categories` reported, reports every line they did not, except "
           "sentences of `sentence-words` words or more.")
    late = True
    options = {
        "categories": Option(list, "the categories whose findings show the footer", ["boilerplate"]),
        "min-findings": Option(int, "how many reported lines below the body start the footer", 3),
        "body-words": Option(int, "the body's paragraphs have at least this many words", 25),
        "sentence-words": Option(int, "sentences this long are never reported", 10),
    }

    def check(self, doc):
        lines = doc.lines
        body_end = next((i for i in range(len(lines) - 1, -1, -1)
                         if _sentence(lines[i][2], self.body_words)), None)
        if body_end is None:
            return
        below = lines[body_end + 1:]
        if not below:
            return
        first = below[0][0]
        reported = {doc.position(f.start)[0] - 1 for f in doc.memo.get("findings", ())
                    if f.category in self.categories and f.start >= first}
        if len(reported) < self.min_findings:
            return
        footer = sorted(reported)[self.min_findings - 1]
        for index in range(footer + 1, len(lines)):
            start, _, text = lines[index]
            if index in reported or not text or text.isspace() or _sentence(text, self.sentence_words):
                continue
            start, end = start + len(text) - len(text.lstrip()), start + len(text.rstrip())
            yield Hit(start, end, {}, Fix((Edit(start, doc.after_line_break(end), ""),),
                                          "remove the line", safe=False))
