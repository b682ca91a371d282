"""Regex building blocks shared by the check kinds: compiled once, used on every document."""

from __future__ import annotations

import regex

# any Unicode white space inside a line (no-break space included) and the zero-width
# characters that scrapers leave between words
GAP = r"(?:[^\S\r\n]|[\u200b\u200c\u200d\u2060\ufeff])+"
APOSTROPHES = "'’ʼ"
# a word of letters/digits with inner apostrophes and hyphens: don’t, Jong-un, 1990s
WORD = regex.compile(r"[\p{L}\p{N}]+(?:[’'\-][\p{L}\p{N}]+)*")
WORD_CHARS = regex.compile(r"[\p{L}\p{N}]")
# line anchors that know \r\n and \r as well as \n (regex's ^ and $ only know \n)
START = r"(?<![^\r\n])"
END = r"(?![^\r\n])"


def phrase_pattern(phrase: str) -> str:
    """A phrase as a regex: words split by any white space, apostrophes straight or curly."""
    words = phrase.split()
    out = []
    for word in words:
        escaped = "".join(f"[{APOSTROPHES}]" if ch in APOSTROPHES else regex.escape(ch) for ch in word)
        out.append(escaped)
    return GAP.join(out)


def alternation(phrases) -> str:
    """One non-capturing alternation of phrases, longest first so the longest wins."""
    unique = sorted({p for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(phrase_pattern(p) for p in unique) + ")"


def compile_user(pattern: str, flags: int = 0):
    """Compile a regex from a rule file; raise ValueError with regex's own words."""
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None


def words(text: str) -> list[str]:
    return WORD.findall(text)
