"""`input`: a corpus record that could not be read as an article (broken JSON, no text)."""

from __future__ import annotations

from ..finding import Hit
from . import Kind


class Input(Kind):
    name = "input"
    doc = "Reports records that sources could not turn into a document, with the reason."
    fields = ("reason",)

    @classmethod
    def example_document(cls, text):
        """Examples of this kind are JSON Lines records."""
        from ..sources import Fields, JsonLinesBatch

        return next(JsonLinesBatch("example.jsonl", 0, [text.encode("utf-8")], Fields()).documents())

    def check(self, doc):
        if doc.input_error:
            yield Hit(0, 0, {"reason": doc.input_error})
