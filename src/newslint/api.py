"""The Python API: `lint_text`, `fix_text`, `lint_records` and the reusable, picklable `Linter`."""

from __future__ import annotations

from functools import lru_cache

from .document import Document
from .engine import Linter
from .finding import Finding


@lru_cache(maxsize=1)
def _default() -> Linter:
    return Linter()


def lint_text(text: str, linter: Linter | None = None, **metadata) -> list[Finding]:
    """Findings in one article with the default rules (or `linter`'s)."""
    return (linter or _default()).lint_text(text, **metadata)


def fix_text(text: str, unsafe: bool = False, linter: Linter | None = None,
             **metadata) -> tuple[str, list[Finding]]:
    """The article with its fixes applied (the safe ones, or all with `unsafe`), as
    `newslint --fix` does, and the findings that remain: a cleaning step for a corpus."""
    from .fix import fix_document  # here: most callers only lint

    fixed, _, result = fix_document(linter or _default(), Document(text=text, **metadata), unsafe)
    return fixed, result.findings


def lint_records(records, linter: Linter | None = None, fields=None):
    """Yield (record index, findings) for an iterable of dicts (text, id, title, lang)."""
    return (linter or _default()).lint_records(records, fields)


__all__ = ["Linter", "fix_text", "lint_records", "lint_text"]
