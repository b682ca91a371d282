"""`pattern`: a regular expression (or a list of tokens) matched against the text."""

from __future__ import annotations

import heapq
import re
import time

import regex

from ..finding import Edit, Fix, Hit
from ..prefilter import derive, line_anchored, with_first_chars
from ..textutil import alternation, can_limit_re, compile_user, line_span, time_limited, token_span
from . import REMOVE_OPTION, Kind, Option, OptionError, line_fix


PER_LIMIT = 1_000_000  # characters a time limit covers


class Pattern(Kind):
    name = "pattern"
    doc = ("Reports every match of `regex` (multi-line: `^` and `$` match at line ends), or "
           "of any of `tokens` as whole words. `exceptions` are regexes; a match that one of "
           "them matches in full is skipped (with `span`, the token or line). `span: token` or "
           "`line` reports the token or whole line around the match. `replace` turns a match into a fix. Patterns run on the `regex` engine "
           "under the --timeout limit; `engine: re` runs a pattern that the standard `re` "
           "module understands on that faster engine, under the same limit (where the "
           "limit cannot reach `re`, in a thread other than the main one, on `regex`). The "
           "limit grows with texts of more than a million characters, by the million.")
    options = {
        "regex": Option((str, list), "the regular expression (Python `regex` syntax), or a list "
                        "of them: each is scanned on its own, which keeps the engines' fast "
                        "literal-prefix scan that one alternation of unlike branches loses"),
        "tokens": Option(list, "words or phrases matched as whole words, any white space between words"),
        "ignore-case": Option(bool, "match regardless of case", False),
        "group": Option(int, "report only this capture group of the match", 0),
        "exceptions": Option(list, "regexes: matches that one of them matches in full are skipped", []),
        "skip-repeated": Option(list, "regexes: a match that one of them matches in full is skipped "
                                "when the document holds it (or the regex's first group) twice: "
                                "a name the article repeats (Fin.Link, re:Invent), not a slip", []),
        "span": Option(str, "what to report: the match, the white-space delimited token "
                       "around it, or its whole line", "match", choices=("match", "token", "line")),
        "max-line-length": Option(int, "search only lines of at most this many characters: a pattern "
                                  "that matches within one line (a label, a credit) need not scan "
                                  "long paragraphs. A longer line reads as one U+FFFF character"),
        "engine": Option(str, "the regex engine", "regex", choices=("regex", "re")),
        "requires": Option(list, "literal strings, in lower case: a document that holds none of "
                           "them is skipped without running the regex. Seldom needed: the "
                           "engine derives a prefilter from the regex itself", []),
        "replace": Option(str, "replacement template for a fix (`\\1` or `\\g<name>` for groups)"),
        "fix-safe": Option(bool, "whether the replacement is safe to apply unreviewed", True),
        "fix": REMOVE_OPTION,
    }
    fields = ("replacement", "codepoint")

    def compile(self):
        if (self.regex is None) == (self.tokens is None):
            raise OptionError("regex", "give exactly one of 'regex' and 'tokens'")
        key = "regex" if self.regex is not None else "tokens"
        self._recompiled = None
        if self.regex is None:
            sources = [rf"(?<!\w){alternation(self.tokens, fold_case=self.ignore_case)}(?!\w)"]
        else:
            sources = [self.regex] if isinstance(self.regex, str) else self.regex
        if not sources or not all(isinstance(x, str) and x for x in sources):
            raise OptionError(key, "regex must be a non-empty string or list of strings")
        self.sources = sources
        try:
            if self.engine == "re":
                flags = re.MULTILINE | (re.IGNORECASE if self.ignore_case else 0)
                self.compiled = [re.compile(with_first_chars(x, flags), flags) for x in sources]
            else:
                flags = regex.MULTILINE | (regex.IGNORECASE if self.ignore_case else 0)
                self.compiled = [compile_user(x, flags) for x in sources]
            self.excepted = [compile_user(e, flags) for e in self.exceptions]
            self.names = [compile_user(e, flags) for e in self.skip_repeated]
        except (ValueError, re.error) as exc:
            raise OptionError(key, str(exc)) from None
        if self.fix == "remove" and self.replace is not None:
            raise OptionError("fix", "give either fix: remove or replace, not both")
        if not all(isinstance(r, str) and r and r == r.lower() for r in self.requires):
            raise OptionError("requires", "requires must list non-empty lower-case strings")
        groups = min(c.groups for c in self.compiled)
        if self.group > groups:
            raise OptionError("group", f"the regex has only {groups} group(s)")

    def fix_summary(self):
        if self.replace is not None:
            return f"replaces the match ({'safe' if self.fix_safe else 'unsafe'})"
        return super().fix_summary()

    def gates(self) -> list[str | None]:
        """Each regex's gate for the prefilter (see prefilter.py); None: it always runs."""
        flags = re.MULTILINE | (re.IGNORECASE if self.ignore_case else 0)
        return [derive(source, flags, self.engine) for source in self.sources]

    def holds(self, index: int, text: str) -> bool:
        return self.compiled[index].search(text) is not None

    def anchored(self) -> list[bool]:
        """Which regexes match only at the start of a line (see prefilter.line_anchored)."""
        flags = re.MULTILINE | (re.IGNORECASE if self.ignore_case else 0)
        return [line_anchored(source, flags, self.engine) for source in self.sources]

    def _finditer(self, text, admitted: list[int] | None = None, starts: list | None = None):
        """Matches of the rule's regexes (those `admitted`, by index: all when None), in
        text order, within the time limit: the timeout, or as many times it as the text
        has millions of characters (a linear scan of a 50 MB line takes seconds, a runaway
        one for ever). A regex with a list of `starts` (line starts, from the prefilter)
        is tried there only instead of scanning."""
        limit = None if self.timeout is None else self.timeout * max(1.0, len(text) / PER_LIMIT)
        on_re = self.engine == "re" and (limit is None or can_limit_re())
        compiled = self.compiled if on_re else self._on_regex()
        if admitted is not None:
            compiled = [compiled[i] for i in admitted]
        starts = starts or [None] * len(compiled)
        if on_re:
            scans = [c.finditer(text) if at is None else _at(c, text, at) for c, at in zip(compiled, starts)]
        else:
            deadline = None if limit is None else time.monotonic() + limit
            scans = [c.finditer(text, timeout=limit) if at is None else _at(c, text, at, deadline)
                     for c, at in zip(compiled, starts)]
        merged = scans[0] if len(scans) == 1 else heapq.merge(*scans, key=lambda m: m.span(self.group))
        return time_limited(merged, limit) if on_re and limit is not None else merged

    def _on_regex(self):
        """The rule's patterns for the `regex` engine, which has a timeout of its own
        (`engine: re` patterns compiled again, on first need)."""
        if self.engine == "regex":
            return self.compiled
        if self._recompiled is None:
            self._recompiled = [compile_user(c.pattern, c.flags & (regex.MULTILINE | regex.IGNORECASE))
                                for c in self.compiled]
        return self._recompiled

    def _repeated_name(self, text: str, found: str) -> bool:
        for name in self.names:
            m = name.fullmatch(found, timeout=self.timeout)
            if m and text.count(m.group(1) if name.groups else found) > 1:
                return True
        return False

    def check(self, doc):
        if self.requires:
            folded = doc.folded if doc.folded is not None else doc.text.lower()
            if not any(literal in folded for literal in self.requires):
                return
        view = doc.short_lines(self.max_line_length) if self.max_line_length else None
        text = doc.text if view is None else view.text
        prefilter = doc.memo.get("prefilter")
        admitted = None if prefilter is None else prefilter.admitted(doc, self)
        if admitted is not None and not admitted:
            return
        starts = None if admitted is None else [prefilter.line_starts(self, i, text) for i in admitted]
        last = 0  # where the last span reported ends (a line: with its line break): one
        # finding a place, whatever the number of the rule's regexes or of its matches there
        for m in self._finditer(text, admitted, starts):
            matched = start, end = m.span(self.group)
            if start < 0:
                continue
            if self.span == "line":
                start, end = line_span(text, start)
            elif self.span == "token":
                start, end = token_span(text, start, end)
            if start < last:
                continue
            last = end + (self.span == "line")
            edit = m.span()
            if view is not None:
                start, end = view.to_doc(start), view.to_doc(end)
                edit = view.to_doc(edit[0]), view.to_doc(edit[1])
                matched = view.to_doc(matched[0]), view.to_doc(matched[1])
            found = doc.text[start:end]
            if any(e.fullmatch(found, timeout=self.timeout) for e in self.excepted) \
                    or self._repeated_name(doc.text, found):
                continue
            values = {"codepoint": f"{ord(found[0]):04X}" if found else ""}
            fix = line_fix(self, doc, start, end, matched)
            if self.replace is not None:
                # a template without a backslash is its own expansion (and m.expand parses it anew each time)
                replacement = m.expand(self.replace) if "\\" in self.replace else self.replace
                values["replacement"] = replacement
                fix = Fix((Edit(*edit, replacement),), f"replace with {replacement!r}", safe=self.fix_safe)
            yield Hit(start, end, values, fix)


def _at(compiled, text: str, starts: list[int], deadline: float | None = None):
    """The matches of a regex that matches only at the start of a line, tried at `starts`
    (sorted line starts), as a scan would find them: none inside the one before. On the
    `regex` engine, within the time left until `deadline`."""
    end = 0
    for start in starts:
        if start < end:
            continue
        if deadline is None:
            found = compiled.match(text, start)
        else:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("regular expression took too long")
            found = compiled.match(text, start, timeout=left)
        if found is not None:
            end = found.end()
            yield found
