"""Word frequencies per language (from `wordfreq`), loaded once per process and cached.

Also a cheap language guess for records that carry no `lang`: the share of a text's
words that are among each language's most frequent words (data/top_words.json, made
from wordfreq by scripts/make_top_words.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import regex

LOWER_WORD = regex.compile(r"\p{Ll}{1,20}")
TOP_WORDS_FILE = Path(__file__).parent / "data" / "top_words.json"
TOP_N = 150
# languages the guess chooses among: those the rule packs carry phrases for, and a few
# more whose text would otherwise be taken for one of them
GUESSABLE = ("en", "es", "fr", "de", "pt", "it", "nl", "id", "ru", "pl", "sv", "tr", "ro", "ca")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint"


def _buckets_from_wordfreq(lang: str) -> list[list[str]]:
    import wordfreq

    try:
        return wordfreq.get_frequency_list(lang, wordlist="best")
    except (LookupError, ValueError, OSError):
        return []


def _load_buckets(lang: str) -> list[list[str]]:
    """wordfreq's buckets (bucket i: words of frequency 10**(-i/100)), cached as plain text.

    Importing wordfreq alone costs about 0.3 s; the cache keeps a single-article run fast.
    """
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or not spec.origin:
        return []
    # the cache is keyed on the installed wordfreq package, so an upgrade rebuilds it
    stamp = os.stat(spec.origin).st_mtime_ns
    cache = _cache_dir() / f"zipf-{lang}-{stamp}.txt"
    try:
        return [line.split(" ") if line else [] for line in cache.read_text(encoding="utf-8").split("\n")]
    except (OSError, UnicodeDecodeError):
        pass
    buckets = _buckets_from_wordfreq(lang)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(" ".join(b) for b in buckets))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: slower, still right
    return buckets


@lru_cache(maxsize=None)
def zipf_table(lang: str) -> dict[str, float]:
    """word -> Zipf frequency (log10 of uses per billion words); {} for unknown languages."""
    table: dict[str, float] = {}
    for index, bucket in enumerate(_load_buckets(lang)):
        table.update(dict.fromkeys(bucket, round(9 - index / 100, 2)))
    return table


def compute_top_words(lang: str) -> list[str]:
    import wordfreq

    return [w for w in wordfreq.top_n_list(lang, TOP_N) if w.isalpha()]


@lru_cache(maxsize=1)
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    """word -> the languages among whose most frequent words it is."""
    data = json.loads(TOP_WORDS_FILE.read_text(encoding="utf-8"))
    index: dict[str, list[str]] = {}
    for lang, words in data.items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def guess_language(text: str, sample: int = 2000) -> str | None:
    """The language whose most frequent words cover most of the text; None if unsure."""
    words = LOWER_WORD.findall(text[:sample])
    if len(words) < 8:
        return None
    index = _languages_of_word()
    scores: Counter = Counter()
    for word, count in Counter(words).items():
        for lang in index.get(word, ()):
            scores[lang] += count
    if not scores:
        return None
    lang, hits = scores.most_common(1)[0]
    return lang if hits >= 0.2 * len(words) else None
