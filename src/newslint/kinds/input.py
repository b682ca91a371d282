"""`input`: an input that could not be read as an article (a file, or a corpus record)."""

from __future__ import annotations

from ..finding import Hit
from . import Kind, Option


class Input(Kind):
    name = "input"
    doc = ("Reports inputs that sources could not turn into a document, with the reason: "
           "corpus records (broken JSON, no text, the rest of a truncated file) and files "
           "that could not be read at all.")
    options = {
        "inputs": Option(str, "which inputs: corpus records, whole files, or both", "any",
                         choices=("any", "record", "file")),
    }
    fields = ("reason",)

    @classmethod
    def example_document(cls, text):
        """Examples of this kind are JSON Lines records, or documents given as mappings
        (a file that could not be read: its `input_error`)."""
        if isinstance(text, dict):
            return super().example_document(text)
        from ..sources import Fields, JsonLinesBatch

        return next(JsonLinesBatch("example.jsonl", 0, [text.encode("utf-8")], Fields()).documents())

    def check(self, doc):
        if doc.input_error and self.inputs != ("record" if doc.record is None else "file"):
            yield Hit(0, 0, {"reason": doc.input_error})
