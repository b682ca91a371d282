"""Load rule packs (folders of YAML files, one rule a file), validate them, compile once.

Every mistake in a rule file is reported as `file:line: message`, so a rule author can
jump to it; the run then stops with exit code 2 (see cli.py).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import regex
import yaml

from .errors import UsageError
from .finding import Severity
from .kinds import Kind, OptionError, registry
from .structure import BLOCKS

CATEGORIES = {
    "duplicate": "the same headline, line or paragraph more than once",
    "glued": "words run together where a space was lost",
    "boilerplate": "navigation, promotion, captions, credits: page chrome, not article",
    "quotes": "quotation marks that do not pair or point the wrong way",
    "punctuation": "doubled or stray punctuation",
    "whitespace": "blank-looking lines, runs of spaces, invisible characters",
    "encoding": "mojibake, replacement characters, bytes that were not UTF-8",
    "markup": "HTML tags and entities, script and style fragments",
    "capitalization": "proper nouns written in lower case",
    "input": "records or files that could not be read as articles",
}
CODE = regex.compile(r"^[A-Z]{1,3}[0-9]{1,4}$")
NAME = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
COMMON_KEYS = {"code", "name", "kind", "category", "severity", "message", "description",
               "languages", "examples", "enabled", "scope"}
REQUIRED_KEYS = ("code", "name", "kind", "category", "severity", "message", "description", "examples")
TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
              list: "a list", dict: "a mapping"}


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: many times faster


class RuleError(Exception):
    """A rule file that cannot be used; str() is `path:line: message`."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line = str(path), line
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


# the categories that say a whole line is not article text
JUNK = frozenset({"boilerplate", "duplicate"})


@dataclass
class Rule:
    code: str
    name: str
    kind: str
    category: str
    severity: Severity
    message: str
    description: str
    examples: dict
    check: Kind
    languages: tuple[str, ...] = ()
    enabled: bool = True
    path: str = ""
    options: dict = field(default_factory=dict)
    scope: frozenset = frozenset(BLOCKS)

    def applies_to(self, language: str | None) -> bool:
        return not self.languages or language is None or language in self.languages

    @cached_property
    def reading(self) -> tuple:
        """How the rule reads a document's blocks (what Linter._keeping decides from):
        its scope, whether it judges lines by their place, whether it reports junk
        lines, whether it reports duplicates. Read once per rule and document."""
        return self.scope, self.check.contextual, self.category in JUNK, self.category == "duplicate"


def selector_matches(selector: str, rule) -> bool:
    """A selector names a code prefix (NL1, NL101), a rule name, a category, or ALL.

    `rule` is a Rule or a Finding: both carry code, name and category."""
    return (selector == "ALL" or rule.code.startswith(selector) or selector == rule.name
            or selector == rule.category)


def check_selectors(selectors: dict[str, list[str]], rules: list[Rule], origin) -> None:
    """Raise UsageError for a selector that names no rule: a typo must not turn CI green.
    `selectors` maps a setting to its selectors; `origin(key, selector)` says where it was set."""
    for key, given in selectors.items():
        for selector in given:
            if selector == "ALL" or selector in CATEGORIES or any(selector_matches(selector, r) for r in rules):
                continue
            hint = _did_you_mean(selector, rules)
            raise UsageError(f"{origin(key, selector)}: unknown rule selector '{selector}'"
                             + (f" (did you mean '{hint}'?)" if hint else "")
                             + "; `newslint rules --all` lists the codes, names and categories")


def _did_you_mean(selector: str, rules: list[Rule]) -> str | None:
    import difflib

    words = {w.casefold(): w for w in ("ALL", *CATEGORIES, *(r.code for r in rules), *(r.name for r in rules))}
    close = difflib.get_close_matches(selector.casefold(), list(words), n=1, cutoff=0.6)
    return words[close[0]] if close else None


def builtin_rules_dir() -> Path:
    """The shipped rule packs: inside the wheel, or the top-level rules/ of a checkout."""
    packaged = Path(__file__).parent / "rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"


def _load_yaml(path: Path) -> tuple[dict, dict[str, int]]:
    """Parse one rule file: the mapping and the line of each top-level key."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, None, f"cannot read rule file: {exc}") from None
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None or not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + 1 if node is not None else 1
            raise RuleError(path, line, "a rule file must hold one mapping (code: …, name: …, kind: …)")
        lines: dict[str, int] = {}
        for key_node, _ in node.value:
            key = key_node.value
            if key in lines:
                raise RuleError(path, key_node.start_mark.line + 1, f"duplicate key '{key}'")
            lines[key] = key_node.start_mark.line + 1
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    return data, lines


def _check_type(value, expected) -> bool:
    if isinstance(expected, tuple):
        return any(_check_type(value, t) for t in expected)
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


EXAMPLE_KEYS = {"text", "title", "lang", "path", "input_error"}
CORPUS_EXAMPLE_KEYS = {"text", "others"}  # others: the texts of the site's other pages


def _valid_example(item, corpus: bool) -> bool:
    """An example is a text, or a mapping with a text and the record's title/lang/path (or
    the input_error with which sources stand in for an unreadable file; for a corpus
    kind: with the other pages of the site)."""
    if isinstance(item, str):
        return True
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return False
    if corpus:
        others = item.get("others", [])
        return set(item) <= CORPUS_EXAMPLE_KEYS and isinstance(others, list) and \
            all(isinstance(v, str) for v in others)
    return set(item) <= EXAMPLE_KEYS and all(isinstance(v, str) for v in item.values())


def _validate_examples(examples, path, line, corpus: bool = False):
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise RuleError(path, line, "examples must be a mapping with the keys 'bad' and 'good'")
    keys = CORPUS_EXAMPLE_KEYS if corpus else EXAMPLE_KEYS
    for key in ("bad", "good"):
        items = examples.get(key)
        if not items or not isinstance(items, list) or not all(_valid_example(i, corpus) for i in items):
            raise RuleError(path, line, f"examples.{key} must be a non-empty list of texts "
                                        f"(or of mappings with {', '.join(sorted(keys))})")


def load_rule(path: Path, timeout: float | None = None) -> Rule:
    data, lines = _load_yaml(path)
    kinds = registry(plugins=False)
    if data.get("kind") not in kinds:
        kinds = registry()
    for key in REQUIRED_KEYS:
        if key not in data:
            raise RuleError(path, 1, f"missing required key '{key}'")

    def err(key, message):
        return RuleError(path, lines.get(key, 1), message)

    for key in ("code", "name", "kind", "category", "severity", "message", "description"):
        if not isinstance(data[key], str):
            raise err(key, f"'{key}' must be a string")
    if not CODE.match(data["code"]):
        raise err("code", f"code '{data['code']}' must look like NL101 (1-3 capitals, 1-4 digits)")
    if not NAME.match(data["name"]):
        raise err("name", f"name '{data['name']}' must be kebab-case, like repeated-headline")
    if data["kind"] not in kinds:
        raise err("kind", f"unknown kind '{data['kind']}' (known: {', '.join(sorted(kinds))})")
    if data["category"] not in CATEGORIES:
        raise err("category", f"unknown category '{data['category']}' (known: {', '.join(CATEGORIES)})")
    if data["severity"] not in ("error", "warning", "info"):
        raise err("severity", "severity must be error, warning or info")
    _validate_examples(data["examples"], path, lines["examples"], kinds[data["kind"]].corpus)
    languages = data.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise err("languages", "languages must be a list of language codes, like [en, es]")
    if not isinstance(data.get("enabled", True), bool):
        raise err("enabled", "enabled must be true or false")

    kind = kinds[data["kind"]]
    scope = _scope(data.get("scope"), kind, err)
    options = {}
    for key, value in data.items():
        if key in COMMON_KEYS:
            continue
        option = kind.options.get(key)
        if option is None:
            known = ", ".join(sorted(set(kind.options) | COMMON_KEYS))
            raise err(key, f"unknown key '{key}' for kind '{kind.name}' (known: {known})")
        if not _check_type(value, option.type):
            types = option.type if isinstance(option.type, tuple) else (option.type,)
            raise err(key, f"'{key}' must be {' or '.join(TYPE_NAMES[t] for t in types)}")
        if option.choices and value not in option.choices:
            raise err(key, f"'{key}' must be one of {', '.join(map(str, option.choices))}")
        options[key] = value
    for key, option in kind.options.items():
        if option.required and key not in options:
            raise RuleError(path, 1, f"kind '{kind.name}' needs the key '{key}'")

    allowed = {"match", *kind.fields}
    try:
        used = {f for _, f, _, _ in string.Formatter().parse(data["message"]) if f is not None}
    except ValueError as exc:
        raise err("message", f"bad message template: {exc}") from None
    unknown = {f.split(".")[0].split("[")[0] for f in used} - allowed
    if unknown or "" in used:
        raise err("message", f"message uses unknown field(s) {sorted(unknown) or ['{}']}; "
                             f"this kind offers {sorted(allowed)}")
    try:
        check = kind(options, timeout=timeout)
    except OptionError as exc:
        raise err(exc.key, str(exc)) from None
    check.scope = scope
    return Rule(code=data["code"], name=data["name"], kind=kind.name, category=data["category"],
                severity=Severity.parse(data["severity"]), message=data["message"],
                description=data["description"].strip(), examples=data["examples"], check=check,
                languages=tuple(languages), enabled=data.get("enabled", True), path=str(path),
                options=options, scope=scope)


def _scope(value, kind: type[Kind], err) -> frozenset:
    """The blocks a rule reads: its `scope` list (or `all`), else its kind's default."""
    if value is None:
        return kind.scope
    if value == "all":
        return frozenset(BLOCKS)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise err("scope", "scope must be a list of blocks, like [prose, heading], or 'all'")
    unknown = [v for v in value if v not in BLOCKS]
    if unknown:
        raise err("scope", f"unknown block(s) {', '.join(unknown)} in scope (known: {', '.join(BLOCKS)})")
    return frozenset(value)


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rules(folders: list[Path], timeout: float | None = None) -> list[Rule]:
    """Every rule of every pack, sorted by code. Raises RuleError on the first bad file."""
    rules: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(folder, None, "rule folder not found")
        for path in rule_files(folder):
            rule = load_rule(path, timeout)
            for index, key in ((rules, rule.code), (names, rule.name)):
                if key in index:
                    raise RuleError(path, 1, f"'{key}' is already used by {index[key].path}")
                index[key] = rule
    return sorted(rules.values(), key=lambda r: r.code)
