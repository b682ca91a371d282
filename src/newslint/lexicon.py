"""Word frequencies per language (from `wordfreq`), loaded once per process and cached.

Also a cheap language guess for records that carry no `lang`: the share of a text's
words that are among each language's most frequent words (data/top_words.json, made
from wordfreq by scripts/make_top_words.py).
"""

from __future__ import annotations

import bisect
import json
import marshal
import os
import tempfile
from array import array
from collections import Counter
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Sequence

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


def _cached_list(lang: str) -> tuple[Sequence[str], array]:
    """The language's words in sorted order and their Zipf frequencies (in hundredths),
    kept in the user's cache folder: importing wordfreq alone costs about 0.3 s, reading
    this file about 0.06 s. The file is keyed on the installed wordfreq package (an
    upgrade rebuilds it); older copies are removed."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or not spec.origin:
        return [], array("H")
    folder = _cache_dir()
    cache = folder / f"zipf-{lang}-{os.stat(spec.origin).st_mtime_ns}.marshal"
    try:
        words, zipfs = marshal.loads(cache.read_bytes())
        return words, array("H", zipfs)
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, or written by another Python version
    pairs = sorted((word, 900 - index) for index, bucket in enumerate(_buckets_from_wordfreq(lang))
                   for word in bucket)
    words, zipfs = [w for w, _ in pairs], array("H", [z for _, z in pairs])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=cache.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps((tuple(words), zipfs.tobytes())))
        os.replace(tmp, cache)
        for old in folder.glob(f"zipf-{lang}-*"):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: slower, still right
    return words, zipfs


COMMON = 400  # Zipf 4 (once per 100,000 words): a few thousand words, most of any text


class ZipfTable:
    """word -> Zipf frequency (log10 of uses per billion words), with `get` like a dict.

    A dict of a language's 300,000 words takes about 0.14 s to build, more than linting
    one article, so the first lookups bisect the sorted list; after PROMOTE lookups (a
    corpus) the dict is built."""

    PROMOTE = 20000

    def __init__(self, words: Sequence[str], zipfs: array):
        self._words, self._zipfs = words, zipfs
        self._table: dict[str, int] | None = None
        self._common: set[str] = set()  # the words of Zipf COMMON or more, with the dict
        self._lookups = 0
        self._lowest = min(zipfs, default=0)

    def __bool__(self) -> bool:
        return bool(self._words)

    def rarer(self, words: set[str], zipf: float) -> set[str]:
        """The words known less well than `zipf` (or not at all). When that means not
        in the list, and the dict is built, a set difference does it at C speed."""
        if self._table is not None and zipf * 100 <= self._lowest:
            # the few thousand common words first: a small set stays in the CPU's cache
            return words.difference(self._common).difference(self._table)
        return {word for word in words if self.get(word) < zipf}

    def get(self, word: str, default: float = 0.0) -> float:
        if self._table is not None:
            hundredths = self._table.get(word)
        else:
            self._lookups += 1
            if self._lookups > self.PROMOTE:
                self._table = dict(zip(self._words, self._zipfs))
                self._common = {w for w, z in self._table.items() if z >= COMMON}
                return self.get(word, default)
            index = bisect.bisect_left(self._words, word)
            found = index < len(self._words) and self._words[index] == word
            hundredths = self._zipfs[index] if found else None
        return default if hundredths is None else hundredths / 100


@lru_cache(maxsize=None)
def zipf_table(lang: str) -> ZipfTable:
    """The word frequencies of a language; an empty table for languages wordfreq lacks."""
    return ZipfTable(*_cached_list(lang))


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


# the language of a text long enough to tell that the word lists know none of (BCP 47)
UNDETERMINED = "und"


def guess_language(text: str, sample: int = 2000) -> str | None:
    """The language whose most frequent words cover most of the text; UNDETERMINED when
    none covers enough of it; None when the text is too short to tell."""
    words = LOWER_WORD.findall(text[:sample])
    if len(words) < 8:
        return None
    # counted at C speed, in the order the languages are first met: the first best wins
    scores = Counter(chain.from_iterable(map(_languages_of_word().get, words, repeat(()))))
    if not scores:
        return UNDETERMINED
    lang = max(scores, key=scores.__getitem__)
    return lang if scores[lang] >= 0.2 * len(words) else UNDETERMINED
