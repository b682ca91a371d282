"""One multi-pattern pass that tells which of the pattern rules' regexes can match a text.

Each regex of a `pattern` rule gets a *gate*: a simpler regex, derived here from the
rule's own pattern, that matches somewhere in every text where the rule's regex
matches; each key word of a `phrases` rule (`match: inside`) gets one too. Before the
rules run, one scan of all the gates at once (RE2's `Set`, from the optional
`google-re2` package, `pip install 'newslint[fast]'`) says which regexes and key words
can match a document; the others are not run at all. Without the package every regex
simply runs, as it always did: the findings are the same either way.

A kind takes part with `gates()` (one gate per regex or word; None: it always runs),
`max_line_length` (what text it scans: the document, or its lines up to that length)
and `holds(index, text)` (whether regex or word `index` finds something in `text`:
what test-rules checks each gate against).

How a gate is derived, so that it is a provable superset:
- the pattern is parsed by Python's own regex parser (`re._parser`); a pattern that it
  cannot parse, or that uses `regex`-only syntax other than `\\p{…}`, gets no gate (the
  rule always runs);
- every character test becomes an explicit set of code points, exact for ASCII (asked of
  the rule's own engine: what `\\s`, `\\w`, `\\p{Lu}` or a case-blind letter match) and,
  beyond ASCII, either the exact characters a case-sensitive literal names or else every
  non-ASCII character;
- lookarounds, word boundaries and end anchors are dropped, which only widens what
  matches; a lookbehind before the match and a lookahead after it become ordinary text
  (what they saw is in the text next to the match); backreferences match anything;
- atomic groups and possessive repeats become ordinary ones (backtracking only adds
  matches); large repeat counts become unbounded.

Each of these steps widens what matches at the same place, so a gate also matches where
its regex matches. For a regex whose every match starts a line (`^` first, in multi-line
mode, and never empty, as the line rules of the boilerplate pack are written), the
lines where its gate matches are the only places the regex need be tried: RE2 finds
them, the rule's own engine tries the regex there (`Prefilter.line_starts`).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C
    import sre_parse

import _sre
import regex
from regex import _regex

MAX_UNICODE = 0x10FFFF
ALL_OTHER = None  # the non-ASCII part of a set that holds every non-ASCII character
# ASCII letters that a case-blind `re` match also finds outside ASCII (İ ı for i, K for
# k, ſ for s); tests/test_prefilter.py checks it against the engine (`regex` tells its
# own case variants)
FOLD_BEYOND_ASCII = {"i": (0x130, 0x131), "k": (0x212A,), "s": (0x17F,)}
# `regex` syntax that Python's parser reads differently or not at all: no gate
REGEX_ONLY = regex.compile(r"\\[XGKLmMNh]|\[\[:|\(\?(?:[|R&]|P>|\d|V1)|\(\?[a-zA-Z]*[bferpw]|\{[^}]*[eisd][<=]")
# \p{Lu}, \P{L}, \pL; an escaped backslash is matched first so that \\p stays a literal
PROPERTY = regex.compile(r"\\\\|\\([pP])\{([^}]*)\}|\\([pP])([A-Za-z])")
# a private-use code point stands for each \p{…} while Python's parser reads the pattern
PLACEHOLDER = 0xF0000
# counted repeats above this become unbounded ({0,500} -> *): a superset, and RE2 refuses
# nested counts whose product passes 1000
MAX_COUNT = 16


class CharSet:
    """Characters one position may hold: an exact 128-bit ASCII mask, and beyond ASCII
    either a tuple of (first, last) code point ranges, exact, or ALL_OTHER (every one:
    what the analysis cannot tell exactly)."""

    __slots__ = ("ascii", "other")

    def __init__(self, ascii: int = 0, other=()):
        self.ascii, self.other = ascii, other

    @classmethod
    def of_chars(cls, codes) -> "CharSet":
        ascii, other = 0, []
        for code in codes:
            if code < 128:
                ascii |= 1 << code
            else:
                other.append((code, code))
        return cls(ascii, tuple(other))

    def __or__(self, that: "CharSet") -> "CharSet":
        if self.other is ALL_OTHER or that.other is ALL_OTHER:
            return CharSet(self.ascii | that.ascii, ALL_OTHER)
        return CharSet(self.ascii | that.ascii, self.other + that.other)

    def complement(self) -> "CharSet":
        """Every character not in the set: exact where the set is, and (a superset) every
        character beyond ASCII where the set holds ALL_OTHER."""
        ascii = ~self.ascii & ((1 << 128) - 1)
        if self.other is ALL_OTHER:
            return CharSet(ascii, ALL_OTHER)
        gaps, low = [], 128
        for lo, hi in CharSet(0, self.other).ranges():
            if lo > low:
                gaps.append((low, lo - 1))
            low = max(low, hi + 1)
        if low <= MAX_UNICODE:
            gaps.append((low, MAX_UNICODE))
        return CharSet(ascii, tuple(gaps))

    def ranges(self) -> list[tuple[int, int]]:
        """The set as sorted, merged code point ranges."""
        bits, spans = self.ascii, []
        while bits:
            low = bits & -bits
            spans.append((low.bit_length() - 1,) * 2)
            bits ^= low
        spans += [(128, MAX_UNICODE)] if self.other is ALL_OTHER else list(self.other)
        merged: list[list[int]] = []
        for lo, hi in sorted(spans):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return [(lo, hi) for lo, hi in merged]


ASCII = [chr(c) for c in range(128)]


@lru_cache(maxsize=None)
def _ascii_mask(engine: str, source: str, flags: int) -> int:
    """Which ASCII characters a one-character pattern matches, asked of the engine itself."""
    module = re if engine == "re" else regex
    pattern = module.compile(source, flags)
    return sum(1 << ord(ch) for ch in ASCII if pattern.fullmatch(ch))


BMP = 0x10000


@lru_cache(maxsize=None)
def _re_cases(code: int):
    """The characters beyond ASCII that a case-blind `re` literal matches (Δ: Δ and δ),
    asked of the engine over the Basic Multilingual Plane (a millisecond); a character
    of the BMP has no case partner beyond it (tests/test_prefilter.py checks every code
    point). A literal beyond the BMP: every character beyond ASCII."""
    if code >= BMP:
        return ALL_OTHER
    found = re.compile(re.escape(chr(code)), re.IGNORECASE).findall(_bmp())
    return tuple((ord(ch), ord(ch)) for ch in sorted(set(found)) if ord(ch) >= 128)


@lru_cache(maxsize=None)
def _spaces(engine: str) -> tuple:
    """The white space beyond ASCII that `\\s` matches, asked of the engine over the BMP
    (no white space lies beyond it: tests/test_prefilter.py checks every code point)."""
    module = re if engine == "re" else regex
    return tuple((ord(ch), ord(ch)) for ch in module.findall(r"\s", _bmp()))


@lru_cache(maxsize=1)
def _bmp() -> str:
    return "".join(map(chr, range(128, 0xD800))) + "".join(map(chr, range(0xE000, BMP)))


class Unsupported(Exception):
    """The pattern holds something this analysis does not handle: no gate."""


class _Deriver:
    """Turns one parsed pattern into gate source (RE2 syntax)."""

    def __init__(self, engine: str, properties: dict[int, str]):
        self.engine = engine
        self.properties = properties  # placeholder code point -> "\p{Lu}" / "\P{L}"

    # --- character sets

    def literal(self, code: int, flags: int) -> CharSet:
        if code in self.properties:
            return self.property(self.properties[code], flags)
        if not flags & C.SRE_FLAG_IGNORECASE:
            return CharSet.of_chars([code])
        if self.engine == "regex":
            return CharSet.of_chars(_regex.get_all_cases(regex.IGNORECASE, code))
        if not _sre.unicode_iscased(code):  # what `re` itself asks: then it matches exactly
            return CharSet.of_chars([code])
        if code < 128:
            ch = chr(code)
            return CharSet.of_chars({ord(ch.lower()), ord(ch.upper()), *FOLD_BEYOND_ASCII.get(ch.lower(), ())})
        # a case-blind non-ASCII letter in `re`: what the engine matches, asked of it
        return CharSet(_ascii_mask(self.engine, re.escape(chr(code)), re.IGNORECASE), _re_cases(code))

    def property(self, source: str, flags: int) -> CharSet:
        module_flags = regex.IGNORECASE if flags & C.SRE_FLAG_IGNORECASE else 0
        return CharSet(_ascii_mask("regex", source, module_flags), ALL_OTHER)

    def category(self, name) -> CharSet:
        sources = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                   C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
        if name not in sources:
            raise Unsupported(str(name))
        if name is C.CATEGORY_SPACE:  # white space beyond ASCII is a few characters: exact
            return CharSet(_ascii_mask(self.engine, r"\s", 0), _spaces(self.engine))
        if name is C.CATEGORY_NOT_SPACE:
            return self.category(C.CATEGORY_SPACE).complement()
        return CharSet(_ascii_mask(self.engine, sources[name], 0), ALL_OTHER)

    def in_set(self, items, flags: int) -> CharSet:
        negate = bool(items) and items[0][0] is C.NEGATE
        result = CharSet()
        for op, av in items[negate:]:
            if op is C.LITERAL:
                part = self.literal(av, flags)
            elif op is C.RANGE:
                lo, hi = av
                if lo <= PLACEHOLDER + len(self.properties) and hi >= PLACEHOLDER:
                    raise Unsupported("a range over \\p{…}")
                if flags & C.SRE_FLAG_IGNORECASE:
                    part = CharSet.of_chars([])
                    for code in range(lo, min(hi, 127) + 1):
                        part = part | self.literal(code, flags)
                    if hi >= 128:
                        part = part | CharSet(0, ALL_OTHER)
                else:
                    part = CharSet.of_chars(range(lo, min(hi, 127) + 1))
                    if hi >= 128:
                        part = part | CharSet(0, ((max(lo, 128), hi),))
            elif op is C.CATEGORY:
                part = self.category(av)
            else:
                raise Unsupported(str(op))
            result = result | part
        return result.complement() if negate else result

    # --- the pattern

    def sequence(self, items, flags: int, top: bool = False) -> str:
        """Gate source for a sequence. At the top (and in the top alternation's
        branches) a lookbehind before the first consumed character and a lookahead after
        the last become text of the gate."""
        items = list(items)
        if not top:
            return "".join(self.node(op, av, flags) for op, av in items)
        consumed = [i for i, (op, av) in enumerate(items) if not _zero_width(op, av)]
        first = consumed[0] if consumed else len(items)
        last = consumed[-1] if consumed else -1
        before = next((self.sequence(av[1], flags) for op, av in items[:first]
                       if op is C.ASSERT and av[0] == -1), "")
        after = next((self.sequence(av[1], flags) for op, av in items[last + 1:]
                      if op is C.ASSERT and av[0] == 1), "")
        body = "".join(self.node(op, av, flags) for op, av in items)
        return f"(?:{before})" * bool(before) + body + f"(?:{after})" * bool(after)

    def node(self, op, av, flags: int) -> str:
        if op is C.LITERAL:
            return _render(self.literal(av, flags))
        if op is C.NOT_LITERAL:
            return _render(self.literal(av, flags).complement())
        if op is C.ANY:
            return _render(CharSet(0, ()).complement()) if flags & C.SRE_FLAG_DOTALL else \
                _render(CharSet.of_chars([10]).complement())
        if op is C.IN:
            return _render(self.in_set(av, flags))
        if op is C.BRANCH:
            return "(?:" + "|".join(self.sequence(branch, flags) for branch in av[1]) + ")"
        if op is C.SUBPATTERN:
            _, add, remove, body = av
            return "(?:" + self.sequence(body, (flags | add) & ~remove) + ")"
        if op is getattr(C, "ATOMIC_GROUP", None):
            return "(?:" + self.sequence(av, flags) + ")"
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            low, high, body = av
            inner = "(?:" + self.sequence(body, flags) + ")"
            low = min(low, MAX_COUNT)
            if high is C.MAXREPEAT or high > MAX_COUNT:
                return f"{inner}{{{low},}}"
            return f"{inner}{{{low},{high}}}"
        if op is C.AT:
            if av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                return "(?m:^)" if av is C.AT_BEGINNING and flags & C.SRE_FLAG_MULTILINE else r"\A"
            return ""  # end anchors and word boundaries: dropped
        if op in (C.ASSERT, C.ASSERT_NOT):
            return ""
        if op is C.GROUPREF:
            return "(?s:.*)"
        if op is C.GROUPREF_EXISTS:
            _, yes, no = av
            return "(?:" + self.sequence(yes, flags) + "|" + (self.sequence(no, flags) if no else "") + ")"
        raise Unsupported(str(op))


def _zero_width(op, av) -> bool:
    return op in (C.AT, C.ASSERT, C.ASSERT_NOT)


def _code(code: int) -> str:
    """A code point as RE2 (and Hyperscan) read it, inside or outside a class."""
    ch = chr(code)
    if ch.isalnum() and code < 128:
        return ch
    return f"\\x{{{code:x}}}"


def _render(chars: CharSet) -> str:
    return _render_key(chars.ascii, chars.other)


@lru_cache(maxsize=4096)
def _render_key(ascii: int, other) -> str:
    spans = CharSet(ascii, other).ranges()
    if not spans:
        return f"[^{_code(0)}-{_code(MAX_UNICODE)}]"  # matches nothing
    if len(spans) == 1 and spans[0][0] == spans[0][1]:
        return _code(spans[0][0])
    return "[" + "".join(_code(lo) if lo == hi else f"{_code(lo)}-{_code(hi)}" for lo, hi in spans) + "]"


def derive(pattern: str, flags: int = 0, engine: str = "regex") -> str | None:
    """The gate of a pattern (RE2 syntax), or None when no safe gate can be derived.
    `flags` are the `re` flags the rule compiles with (IGNORECASE, MULTILINE)."""
    if REGEX_ONLY.search(pattern):
        return None
    properties: dict[int, str] = {}

    def placeholder(m):
        if m.group() == "\\\\":
            return m.group()
        if engine != "regex":
            raise Unsupported("\\p in an `re` pattern")
        code = PLACEHOLDER + len(properties)
        name = m.group(2) if m.group(2) is not None else m.group(4)
        properties[code] = f"\\{m.group(1) or m.group(3)}{{{name}}}"
        return f"\\U{code:08x}"

    try:
        source = PROPERTY.sub(placeholder, pattern)
        parsed = sre_parse.parse(source, flags)
        deriver = _Deriver(engine, properties)
        flags = parsed.state.flags
        items = list(parsed)
        if len(items) == 1 and items[0][0] is C.BRANCH:
            return "(?:" + "|".join(deriver.sequence(b, flags, top=True) for b in items[0][1][1]) + ")"
        return deriver.sequence(items, flags, top=True)
    except (Unsupported, re.error, regex.error, RecursionError, OverflowError, ValueError):
        return None


def _engine():
    """RE2's Set when `google-re2` is installed and NEWSLINT_PREFILTER is not `off`."""
    if os.environ.get("NEWSLINT_PREFILTER", "").lower() in ("off", "0", "no"):
        return None
    try:
        import re2
    except ImportError:
        return None
    return re2


class Prefilter:
    """The gates of the pattern rules' regexes, scanned at once per document.

    A document whose lines are all short (and whose lines end in \\n) is the text every
    rule scans: one RE2 Set of all the gates scans it once. Otherwise the rules that scan
    the same text (the document, or its short lines up to one limit) share a Set. A Set
    answers with the gates that match somewhere; a sentinel gate that matches
    everywhere proves that the scan ran to the end (RE2 answers nothing at all when it
    runs out of memory), else every regex runs."""

    def __init__(self, kinds):
        self.re2 = _engine()
        # id(kind) -> (the text it scans: a line limit or None, a gate number or None per regex)
        self.slots: dict[int, tuple[object, list[int | None]]] = {}
        self.sets: dict[object, tuple] = {}  # limit -> (Set, gate number of each of its gates)
        self.whole = None  # (Set, gate numbers) of every gate
        self.gated: list[tuple[int, frozenset]] = []
        self.gated_kinds: frozenset[int] = frozenset()
        self.kinds_of: dict[int, set[int]] = {}  # gate number -> the gated kinds it lets run
        self.lines: dict[int, object] = {}  # gate number -> the gate compiled alone, for line_starts
        if self.re2 is None:
            return
        gates: list[tuple[object, str]] = []
        for kind in kinds:
            numbers = []
            anchored = kind.anchored() if hasattr(kind, "anchored") else []
            for index, gate in enumerate(kind.gates()):
                if gate is None or not self._valid(gate):
                    numbers.append(None)
                    continue
                if index < len(anchored) and anchored[index]:
                    self.lines[len(gates)] = self.re2.compile(gate, self._options())
                numbers.append(len(gates))
                gates.append((kind.max_line_length, gate))
            self.slots[id(kind)] = (kind.max_line_length, numbers)
        # the kinds that can be skipped whole: every regex has a gate
        self.gated = [(kind, frozenset(numbers)) for kind, (_, numbers) in self.slots.items()
                      if numbers and None not in numbers]
        self.gated_kinds = frozenset(kind for kind, _ in self.gated)
        for kind, numbers in self.gated:
            for number in numbers:
                self.kinds_of.setdefault(number, set()).add(kind)
        self.whole = self._set(list(enumerate(gates)))
        limits = {limit for limit, _ in gates}
        # a document with no line longer than this is what every rule scans
        self.shortest = min((limit for limit in limits if limit is not None), default=float("inf"))
        for limit in limits:
            self.sets[limit] = self._set([(n, g) for n, g in enumerate(gates) if g[0] == limit])

    def _set(self, numbered) -> tuple:
        scanner = self.re2.Set.SearchSet(self._options())
        for _, (_, source) in numbered:
            scanner.Add(source)
        scanner.Add("")  # the sentinel comes last
        scanner.Compile()
        return scanner, [n for n, _ in numbered]

    def _options(self):
        options = self.re2.Options()
        options.log_errors = False
        return options

    def _valid(self, gate: str) -> bool:
        try:
            self.re2.compile(gate, self._options())
        except self.re2.error:
            return False
        return True

    @staticmethod
    def _match(scanner_numbers, text) -> list[int] | None:
        """The gate numbers that match text, or None when the answer cannot be trusted."""
        scanner, numbers = scanner_numbers
        try:
            found = scanner.Match(text)
        except UnicodeEncodeError:  # a lone surrogate: not UTF-8
            return None
        if not found or len(numbers) not in found:
            return None
        return [numbers[i] for i in found if i < len(numbers)]

    def matching(self, doc) -> frozenset | None:
        """The numbers of the gates that match the text their rule scans, once per
        document; None when every regex must run."""
        memo = doc.memo
        if "gates" in memo:
            return memo["gates"]
        found: list[int] | None = []
        if self.whole is None:
            found = None
        elif "\r" not in doc.text and max(map(len, doc.line_texts)) <= self.shortest:
            found = self._match(self.whole, doc.text)  # every rule scans the text itself
        else:
            for limit in self.sets:
                text = doc.text if limit is None else doc.short_lines(limit).text
                part = self._match(self.sets[limit], text)
                if part is None:
                    found = None
                    break
                found += part
        memo["gates"] = found = None if found is None else frozenset(found)
        return found

    def skipped(self, doc) -> set[int]:
        """id() of the kinds none of whose regexes can match this document."""
        found = self.matching(doc) if self.gated else None
        if found is None:
            return set()
        # from the few gates that match, at C speed: not a test of every gated kind
        return self.gated_kinds.difference(*[self.kinds_of[n] for n in found if n in self.kinds_of])

    def admitted(self, doc, kind) -> list[int] | None:
        """Indices of the kind's regexes that may match (None: all of them)."""
        slots = self.slots.get(id(kind))
        found = self.matching(doc) if slots else None
        if found is None:
            return None
        return [index for index, n in enumerate(slots[1]) if n is None or n in found]

    def line_starts(self, kind, index: int, text: str) -> list[int] | None:
        """Where in `text` (what the kind scans) its regex `index`, which only matches at
        the start of a line, may match: the start of each line where its gate matches
        (and of the lines a match of the gate runs over, which may hide a match of the
        gate that starts there). None when the regex is not so anchored: it scans."""
        slots = self.slots.get(id(kind))
        scanner = self.lines.get(slots[1][index]) if slots else None
        if scanner is None:
            return None
        starts = []
        try:
            for match in scanner.finditer(text):
                start, end = match.span()
                starts.append(start)
                inside = text.find("\n", start, end - 1)
                while inside >= 0:
                    starts.append(inside + 1)
                    inside = text.find("\n", inside + 1, end - 1)
        except UnicodeEncodeError:  # a lone surrogate: not UTF-8
            return None
        return starts

    def misses(self, doc, kind, text) -> list[int]:
        """Indices of the kind's regexes that match `text` (what the kind scans) although
        their gate says they cannot: a gate that is not a superset (test-rules reports it)."""
        admitted = self.admitted(doc, kind)
        if admitted is None:
            return []
        return [index for index in range(len(self.slots[id(kind)][1]))
                if index not in admitted and kind.holds(index, text)]


def literal_gate(word: str) -> str | None:
    """The gate of a word looked for in the lower-cased text (`word.lower() in
    text.lower()`): the word in any case. Lower-casing turns a character into one, but
    for İ, which becomes i and a combining dot (a word with that dot gets no gate: the
    dot may come from an İ before it); the case-blind classes hold İ for i and the
    Kelvin sign for k (tests/test_prefilter.py checks every code point)."""
    if "\u0307" in word:
        return None
    return derive(re.escape(word.lower()), re.IGNORECASE, "re")


def line_anchored(pattern: str, flags: int = 0, engine: str = "regex") -> bool:
    """Whether every match of the pattern starts at the start of a line and holds a
    character: `^` comes first (in multi-line mode, with no lookbehind before the first
    character it consumes, which its gate would read as text before the line) and the
    match cannot be empty. Then its gate matches at the start of every line where it
    does, and trying it at those lines finds what a scan finds."""
    if REGEX_ONLY.search(pattern):
        return False
    try:
        # a \p{…} property stands for one character: a placeholder keeps the parser happy
        parsed = sre_parse.parse(PROPERTY.sub(lambda m: m.group() if m.group() == "\\\\" else
                                              f"\\U{PLACEHOLDER:08x}", pattern), flags)
        items = list(parsed)
        flags = parsed.state.flags
        # a group around the whole pattern that only sets flags: `(?-i:^…)`
        while len(items) == 1 and items[0][0] is C.SUBPATTERN and items[0][1][0] is None:
            _, add, delete, inner = items[0][1]
            flags, items = (flags | add) & ~delete, list(inner)
        if not (flags & C.SRE_FLAG_MULTILINE) or not items or items[0] != (C.AT, C.AT_BEGINNING):
            return False
        for op, av in items:
            if not _zero_width(op, av):
                break
            if op is C.ASSERT and av[0] == -1:
                return False
        return not _lead(_Deriver(engine, {}), items, flags)[2]
    except (Unsupported, re.error, RecursionError, OverflowError, ValueError):
        return False


# --- the first characters of a match: a lookahead the engine puts in front of a pattern


REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))


def _lead(deriver: _Deriver, items, flags: int) -> tuple[CharSet, CharSet, bool]:
    r"""How a match of `items` begins (supersets): (skip, first, empty) such that every
    match that is not empty is a run of `skip` characters (what optional repeats of one
    character class at its start consume: `[^\S\r\n]*`) and then a `first`
    character; `empty`: whether a match may be empty, or end inside that run."""
    skip, first = CharSet(), CharSet()
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return skip, first | _node_chars(deriver, op, av, flags), False
        if op in REPEATS and av[0] == 0 and len(av[2]) == 1 and av[2][0][0] in (C.LITERAL, C.IN, C.ANY):
            skip = skip | _node_chars(deriver, *av[2][0], flags)  # [^\S\r\n]*: part of the run
            continue
        if op is C.SUBPATTERN:
            more_skip, more, empty = _lead(deriver, av[3], (flags | av[1]) & ~av[2])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            more_skip, more, empty = _lead(deriver, av, flags)
        elif op is C.BRANCH:
            more_skip, more, empty = CharSet(), CharSet(), False
            for branch in av[1]:
                branch_skip, branch_first, branch_empty = _lead(deriver, branch, flags)
                more_skip, more, empty = more_skip | branch_skip, more | branch_first, empty or branch_empty
        elif op in REPEATS:
            more_skip, more, empty = _lead(deriver, av[2], flags)
            empty = empty or av[0] == 0
        else:
            raise Unsupported(str(op))
        skip, first = skip | more_skip, first | more
        if not empty:
            return skip, first, False
    return skip, first, True


def _node_chars(deriver: _Deriver, op, av, flags: int) -> CharSet:
    if op is C.LITERAL:
        return deriver.literal(av, flags)
    if op is C.NOT_LITERAL:
        return deriver.literal(av, flags).complement()
    if op is C.ANY:
        return CharSet(0, ()).complement() if flags & C.SRE_FLAG_DOTALL else CharSet.of_chars([10]).complement()
    return deriver.in_set(av, flags)


GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))*")
# a pattern that starts with one of these has a fast start of its own in the engines
FAST_START = (C.LITERAL, C.IN, C.NOT_LITERAL)
WIDE = 60  # a first-character set of more ASCII characters than this does not pay
NARROW_SKIP = 8  # a run the lookahead skips holds at most this many ASCII characters (white space)


def with_first_chars(pattern: str, flags: int = 0, engine: str = "re") -> str:
    """The pattern with a lookahead for the characters its matches can start with, when
    it starts with an anchor or an alternation: the engine then rejects most positions
    after one character test instead of trying every branch there. White space that the
    pattern may skip first is skipped by the lookahead too: `^[^\\S\\r\\n]*(?:next|prev)`
    gets `(?=[^\\S\\r\\n]*[nNpP])`, what rule authors used to write by hand. The pattern
    itself is returned when no useful, safe set can be derived."""
    if REGEX_ONLY.search(pattern) or PROPERTY.search(pattern.replace("\\\\", "")):
        return pattern
    try:
        parsed = sre_parse.parse(pattern, flags)
        items = list(parsed)
        if not items or items[0][0] in FAST_START:
            return pattern
        skip, first, empty = _lead(_Deriver(engine, {}), items, parsed.state.flags)
    except (Unsupported, re.error, RecursionError, OverflowError, ValueError):
        return pattern
    if skip.other is ALL_OTHER or bin(skip.ascii).count("1") > NARROW_SKIP:
        skip, first = CharSet(), first | skip  # a wide run to skip: the first character only
    if empty or bin(first.ascii).count("1") > WIDE:
        return pattern
    run = f"{_python_class(skip)}*" if skip.ascii or skip.other else ""
    cut = GLOBAL_FLAGS.match(pattern).end()
    if items[0] == (C.AT, C.AT_BEGINNING) and pattern.startswith("^", cut):
        cut += 1  # after the anchor, which fails faster at most places
    return pattern[:cut] + f"(?={run}{_python_class(first)})" + pattern[cut:]


def _python_class(chars: CharSet) -> str:
    def code(c: int) -> str:
        return re.escape(chr(c)) if 32 < c < 127 else f"\\U{c:08x}"

    spans = chars.ranges()
    return "[" + "".join(code(lo) if lo == hi else f"{code(lo)}-{code(hi)}" for lo, hi in spans) + "]"
