"""`pattern`: a regular expression (or a list of tokens) matched against the text."""

from __future__ import annotations

import regex

from ..finding import Edit, Fix, Hit
from ..textutil import alternation, compile_user
from . import Kind, Option, OptionError, register


@register
class Pattern(Kind):
    name = "pattern"
    doc = ("Reports every match of `regex` (multi-line: `^`/`$` match at line ends), or of any "
           "of `tokens` as whole words. `exceptions` are regexes; a match that one of them "
           "matches in full is skipped. `replace` turns a match into a fix.")
    options = {
        "regex": Option(str, "the regular expression (Python `regex` syntax)"),
        "tokens": Option(list, "words or phrases matched as whole words, any white space between words"),
        "ignore-case": Option(bool, "match regardless of case", False),
        "group": Option(int, "report only this capture group of the match", 0),
        "exceptions": Option(list, "regexes: matches that one of them matches in full are skipped", []),
        "replace": Option(str, "replacement template for a fix (`\\1` or `\\g<name>` for groups)"),
        "fix-safe": Option(bool, "whether the replacement is safe to apply unreviewed", True),
    }
    fields = ("replacement",)

    def compile(self):
        if (self.regex is None) == (self.tokens is None):
            raise OptionError("regex", "give exactly one of 'regex' and 'tokens'")
        flags = regex.MULTILINE | (regex.IGNORECASE if self.ignore_case else 0)
        source = self.regex if self.regex is not None else rf"(?<!\w){alternation(self.tokens, fold_case=self.ignore_case)}(?!\w)"
        try:
            self.compiled = compile_user(source, flags)
            self.excepted = [compile_user(e, flags) for e in self.exceptions]
        except ValueError as exc:
            raise OptionError("regex" if self.regex is not None else "tokens", str(exc)) from None
        if self.group > self.compiled.groups:
            raise OptionError("group", f"the regex has only {self.compiled.groups} group(s)")

    def check(self, doc):
        for m in self.compiled.finditer(doc.text, timeout=self.timeout):
            start, end = m.span(self.group)
            if start < 0:
                continue
            found = doc.text[start:end]
            if any(e.fullmatch(found, timeout=self.timeout) for e in self.excepted):
                continue
            values = {}
            fix = None
            if self.replace is not None:
                replacement = m.expand(self.replace)
                values["replacement"] = replacement
                fix = Fix((Edit(m.start(), m.end(), replacement),),
                          f"replace with {replacement!r}", safe=self.fix_safe)
            yield Hit(start, end, values, fix)
