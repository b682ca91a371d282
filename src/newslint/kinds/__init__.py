"""Check kinds: the Python code that runs a YAML rule, picked by the rule's `kind` key.

A kind is a subclass of `Kind` that declares its options and yields `Hit`s from
`check()`. The built-in kinds are the Kind subclasses of the modules in BUILTIN; other
packages add kinds through the `newslint.kinds` entry-point group (the entry point names
a Kind subclass).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..document import Document
from ..finding import Edit, Fix, Hit
from ..structure import TEXT
from ..textutil import PROSE_WORDS, holds_prose, stripped_span

BUILTIN = ("pattern", "phrases", "repeat", "balance", "line", "glued", "mojibake", "replacement",
           "input", "gazetteer", "fragments", "page", "suppression", "block", "site")


# a longer line is paragraph-sized: never removed unreviewed (nor scanned for prose)
MAX_REMOVED = 5000


def removal_fix(doc: Document, start: int, end: int, message: str = "remove the line",
                matched: tuple[int, int] | None = None) -> Fix | None:
    """Delete the lines holding text[start:end], line breaks included: not safe, whole
    lines go. None (no fix) when what the rule `matched` does not fill those lines and
    they hold article prose (`matched`: default start to end; an empty span for a rule
    that judges a line by its place on the page, not by its words).

    Why this guard suffices for "a fix never deletes article prose": a removal takes the
    whole line on the strength of what the rule matched, which may be a few characters
    of it (a © sign, "Photo:"). Prose is sentences (`holds_prose`: eight words or more,
    mostly in lower case, ending in sentence punctuation). Boilerplate that a rule matches
    whole (a phrase that fills the line, a blank or punctuation line, the copy of an
    earlier line, whose first copy stays) leaves nothing outside the match, and keeps its
    fix; a match that leaves part of the line (mojibake `Ã©` taken for a copyright sign,
    a credit label inside a sentence: "… on Tuesday Photo: to close …") keeps the line
    when the line, match included, holds a sentence of prose. Headlines,
    menus, credits and short notices are not sentences of prose by this test. The price:
    a boilerplate sentence around a small match (a reprint notice after the © line) is
    reported without a fix, for a person to remove. (On the dev sets the guard takes the
    fix from about five boilerplate lines for each line of text it keeps; a line that
    wraps a sentence without ending it is not recognised, and sentences of more than a
    dozen words without their full stop would cost ten boilerplate lines a line kept.)"""
    first, last = doc.whole_lines(start, end)
    low, high = matched if matched is not None else (start, end)
    if last - first > MAX_REMOVED:
        return None
    if (low - first) + (last - high) >= 2 * PROSE_WORDS and holds_prose(doc.text[first:last]):
        return None
    return Fix((Edit(first, last, ""),), message, safe=False)


def line_fix(kind: "Kind", doc: Document, start: int, end: int,
             matched: tuple[int, int] | None = None) -> Fix | None:
    """The removal fix for a kind whose rule says `fix: remove` (see REMOVE_OPTION)."""
    return removal_fix(doc, start, end, matched=matched) if kind.fix == "remove" else None


def line_hit(doc: Document, start: int, text: str, values: dict | None = None,
             message: str = "remove the line", read_whole: bool = False) -> Hit:
    """A whole line (`text`, found at `start`) without the white space around it, with
    the fix that removes it. `read_whole`: the rule did not match the line's words (it
    judged the line by its place on the page, or found it alike to another, not equal),
    so the removal guard reads all of them."""
    start, end = stripped_span(start, text)
    matched = (start, start) if read_whole else None
    return Hit(start, end, values or {}, removal_fix(doc, start, end, message, matched))


class OptionError(ValueError):
    """A rule option with a bad value; `key` names the option for the file:line message."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Option:
    """One option of a kind: its type (str, int, float, bool, list, dict, or a tuple of
    them), default and doc."""

    type: type | tuple
    doc: str
    default: Any = None
    required: bool = False
    choices: tuple = ()


REMOVES = "removes the line (unsafe)"
# the `fix` option of kinds that report whole lines of page chrome
REMOVE_OPTION = Option(str, "`remove`: each finding carries a fix that deletes the lines it covers "
                       "(an unsafe fix, applied with --fix --unsafe-fixes)", "none", choices=("none", "remove"))


class Kind:
    """Base class of check kinds. Subclasses set `name`, `options`, `fields` and `check()`."""

    name: ClassVar[str]
    doc: ClassVar[str] = ""
    options: ClassVar[dict[str, Option]] = {}
    # names a rule's message template may use besides {match}
    fields: ClassVar[tuple[str, ...]] = ()
    # a late kind runs after the others and may read their findings: doc.memo["findings"]
    late: ClassVar[bool] = False
    # what the fix of a finding does, for the rule docs ("removes the line (unsafe)")
    fixes: ClassVar[str | None] = None
    # the blocks (structure.BLOCKS) a rule of this kind reads unless its `scope` says
    # otherwise; set on each instance from its rule
    scope: frozenset = TEXT
    # a contextual kind judges a line by its place on a scraped page, not by the line
    # alone: it does not read Markdown files (authored, with no page around them), and
    # its removal fixes are dropped on the lines of lists and tables
    contextual: ClassVar[bool] = False
    # a corpus kind needs a first pass over the whole corpus (see corpus.py); check()
    # reads the table that pass built, and finds nothing without one
    corpus: ClassVar[bool] = False
    table: Any = None

    def __init__(self, options: dict, timeout: float | None = None):
        self.timeout = timeout
        for key, option in self.options.items():
            setattr(self, key.replace("-", "_"), options.get(key, option.default))
        self.compile()

    def compile(self) -> None:
        """Build what check() needs, once per process. Raise OptionError on bad values."""

    def fix_summary(self) -> str | None:
        """What this rule's fixes do, or None when its findings carry none."""
        if getattr(self, "fix", None) == "remove":
            return REMOVES
        return self.fixes

    def check(self, doc: Document) -> Iterator[Hit]:
        raise NotImplementedError

    @classmethod
    def example_document(cls, example: str | dict) -> Document:
        """The document a rule's example stands for (test-rules, docs): a text, or a
        mapping with the text and the record's title, lang or path."""
        if isinstance(example, str):
            return Document(text=example, path="example.txt")
        return Document(**{"path": "example.txt", **{k: v for k, v in example.items() if k != "others"}})

    @classmethod
    def example_corpus(cls, example: str | dict) -> list[Document]:
        """A corpus kind's example as a corpus of one site: the example's document, then
        the other pages the example names (`others`)."""
        others = () if isinstance(example, str) else example.get("others", ())
        return [cls.example_document(example),
                *(Document(text=text, path="example.txt", record=i) for i, text in enumerate(others))]


_REGISTRY: dict[str, type[Kind]] = {}
_PLUGINS_LOADED = False


def registry(plugins: bool = True) -> dict[str, type[Kind]]:
    """Every kind by name: the built-in ones, then (unless `plugins` is false) those of
    installed plugins. Reading the entry points costs about 0.08 s, so rule files that
    use only built-in kinds never pay for it."""
    global _PLUGINS_LOADED
    if not _REGISTRY:
        for name in BUILTIN:
            module = importlib.import_module(f"{__name__}.{name}")
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, Kind) and obj.__module__ == module.__name__:
                    _REGISTRY[obj.name] = obj
    if plugins and not _PLUGINS_LOADED:
        from importlib.metadata import entry_points

        _PLUGINS_LOADED = True
        for ep in entry_points(group="newslint.kinds"):
            cls = ep.load()
            _REGISTRY.setdefault(getattr(cls, "name", ep.name), cls)
    return _REGISTRY
