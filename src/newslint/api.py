"""The Python API: `lint_text`, `lint_records` and the reusable, picklable `Linter`."""

from __future__ import annotations

from functools import lru_cache

from .engine import Linter
from .finding import Finding


@lru_cache(maxsize=1)
def _default() -> Linter:
    return Linter()


def lint_text(text: str, linter: Linter | None = None, **metadata) -> list[Finding]:
    """Findings in one article with the default rules (or `linter`'s)."""
    return (linter or _default()).lint_text(text, **metadata)


def lint_records(records, linter: Linter | None = None, fields=None):
    """Yield (record index, findings) for an iterable of dicts (text, id, title, lang)."""
    return (linter or _default()).lint_records(records, fields)


__all__ = ["Linter", "lint_records", "lint_text"]
