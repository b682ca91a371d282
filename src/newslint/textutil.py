"""Regex building blocks shared by the check kinds: compiled once, used on every document."""

from __future__ import annotations

import re
import signal
import threading
import time
from typing import Iterator

import regex

# any Unicode white space inside a line, the no-break space included
GAP = r"[^\S\r\n]+"
APOSTROPHES = "'’ʼ"
# a word of letters/digits with inner apostrophes and hyphens: don’t, Jong-un, 1990s
# (the `re` engine: several times faster than `regex` on short strings)
WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
# closing quotes and brackets that may follow a sentence's final punctuation
CLOSERS = "\"”’»)]」』"
SENTENCE_FINAL = tuple(".!?…。！？")
QUOTE_ENDS = tuple("\"”»」』")

# scripts written without spaces (Han, kana, Hangul, Thai): a character is half a word
UNSPACED = re.compile("[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
                      "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]")

# line anchors that know \r\n and \r as well as \n (regex's ^ and $ only know \n)
START = r"(?<![^\r\n])"
END = r"(?![^\r\n])"
# the same line end for the `re` engine, whose ^ in MULTILINE mode follows \n only
END_RE = r"(?=\r?\n|\r|\Z)"


def ends_sentence(line: str) -> bool:
    """Whether a line (stripped on the right) ends a sentence: final punctuation, maybe
    followed by closing quotes and brackets, or a closing quote (“… he said”): a line
    ending in ” is a finished sentence, which punctuation lists often forget."""
    return line.rstrip(CLOSERS).endswith(SENTENCE_FINAL) or line.endswith(QUOTE_ENDS)


# where a sentence ends inside a line: final punctuation, closing quotes, white space
SENTENCE_BREAK = re.compile(r"(?<=[.!?…。！？])[\"”’»)\]」』]*\s+")
SENTENCE_END = re.compile(r"[.!?…。！？\"”»」』]")  # what ends_sentence looks for
PROSE_WORDS = 8  # a sentence this long, mostly in lower case, is article prose


def holds_prose(text: str) -> bool:
    """Whether `text` holds a sentence of running prose: PROSE_WORDS words or more, most
    of them not capitalised (headlines and menus are in title case), ending in sentence
    punctuation or a closing quote."""
    if len(text) < 2 * PROSE_WORDS or not SENTENCE_END.search(text):
        return False  # too short, or no sentence ends here: most lines of page chrome
    for sentence in SENTENCE_BREAK.split(text.strip()):
        if word_count(sentence) >= PROSE_WORDS and ends_sentence(sentence.rstrip()):
            words = WORD.findall(sentence)
            if 2 * sum(not w[0].isupper() for w in words) >= len(words):
                return True
    return False


PIECE = 1 << 16
WHITE = re.compile(r"\s")


def pieces(text: str, size: int = PIECE) -> Iterator[str]:
    """`text` in pieces of about `size` characters, each cut just after white space: a
    scan for words or tokens over a 50 MB single line then holds one piece's matches at a
    time, not a list of all of them (which takes many times the text's size). A short text
    is one piece, itself."""
    start = 0
    while start < len(text):
        space = WHITE.search(text, start + size)
        end = len(text) if space is None else space.end()
        yield text[start:end]
        start = end


def distinct(pattern: re.Pattern, text: str) -> set:
    """The distinct results of pattern.findall(text), found piece by piece (see `pieces`:
    the pattern must not match across white space)."""
    found: set = set()
    for piece in pieces(text):
        found.update(pattern.findall(piece))
    return found


EDGE = 256


def line_ends(line: str) -> tuple[str, str]:
    """The first and the last EDGE characters of a line, white space at its ends aside:
    what tests of how a line begins and ends read, without copying a long line whole."""
    if len(line) <= 2 * EDGE:
        line = line.strip()
        return line, line
    return line[:EDGE].lstrip() or line.lstrip()[:EDGE], line[-EDGE:].rstrip() or line.rstrip()[-EDGE:]


def token_count(text: str) -> int:
    """How many white-space delimited tokens a text holds (len(text.split()), in pieces)."""
    if len(text) <= PIECE:
        return len(text.split())
    return sum(len(piece.split()) for piece in pieces(text))


def word_count(text: str) -> int:
    """How many words (WORD matches) a text holds: a run of an unspaced script counts
    one word per two characters (商品の改造が: three)."""
    words = WORD.findall(text)
    if text.isascii() or not UNSPACED.search(text):
        return len(words)
    return sum(max(1, len(UNSPACED.findall(w)) // 2) for w in words)


def _atom(ch: str) -> str:
    if ch == " ":
        return GAP
    if ch in APOSTROPHES:
        return f"[{APOSTROPHES}]"
    return regex.escape(ch)


def alternation(phrases, fold_case: bool = False) -> str:
    """Phrases as one regex, shaped as a character trie so that matching costs about one
    step per character whatever the number of phrases (a flat alternation of hundreds of
    phrases is tried one by one at every position). Longer phrases win."""
    trie: dict = {}
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        key = " ".join(words)
        key = "".join("'" if ch in APOSTROPHES else ch for ch in (key.lower() if fold_case else key))
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a phrase

    def build(node) -> str:
        branches = [_atom(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a phrase may end here: the rest is optional, tried first so longer phrases win
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie) + ")"


def compile_user(pattern: str, flags: int = 0):
    """Compile a regex from a rule file; raise ValueError with regex's own words."""
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None


def can_limit_re() -> bool:
    """Whether `time_limited` can stop a `re` scan here: signals reach the main thread only."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(signum, frame):
    raise TimeoutError("regular expression took too long")


# the signal module's own functions turn the handler they return into an enum, which for
# a Python function costs a raised and caught ValueError: 11 µs a scan instead of 1.5
try:
    from _signal import signal as _set_handler
except ImportError:  # pragma: no cover - not CPython
    _set_handler = signal.signal


def time_limited(matches: Iterator, seconds: float) -> Iterator:
    """`matches` of a `re` scan, which has no time limit of its own, stopped with
    TimeoutError after `seconds` as `regex` scans are: a SIGALRM interrupts the scan
    (CPython's `re` checks for signals while it backtracks). Main thread only (see
    can_limit_re); the handler and a timer set before are put back."""
    previous = _set_handler(signal.SIGALRM, _expire)
    began = time.monotonic()
    before, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield from matches
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _set_handler(signal.SIGALRM, previous)
        if before:
            signal.setitimer(signal.ITIMER_REAL, max(before - (time.monotonic() - began), 1e-3))


def line_span(text: str, offset: int) -> tuple[int, int]:
    """The line holding `offset`, without its line break and surrounding white space."""
    newline = text.rfind("\n", 0, offset)
    start = max(newline, text.rfind("\r", newline + 1, offset)) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    cr = text.find("\r", offset, end)
    end = cr if cr >= 0 else end
    line = text[start:end]
    return start + len(line) - len(line.lstrip()), start + len(line.rstrip())


TOKEN_EDGE = 200  # how far a token is followed either side of a match


def token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The white-space delimited token around [start, end), at most TOKEN_EDGE characters
    either side (a 50 MB line without spaces must not make this quadratic)."""
    lo = start
    floor = max(0, start - TOKEN_EDGE)
    while lo > floor and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    ceiling = min(len(text), end + TOKEN_EDGE)
    while hi < ceiling and not text[hi].isspace():
        hi += 1
    return lo, hi


def stripped_span(start: int, text: str) -> tuple[int, int]:
    """The span of `text` (found at `start`) without its surrounding white space."""
    return start + len(text) - len(text.lstrip()), start + len(text.rstrip())
