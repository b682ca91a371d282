"""Settings: defaults, then the nearest config file, then the command line.

Config files, looked for from the working directory upwards (the nearest folder that
has one wins; inside a folder, in this order): `.newslint.toml`, `.newslint.yaml`
(or `.yml`), `pyproject.toml` with a `[tool.newslint]` table.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .ruleset import builtin_rules_dir

FILES = (".newslint.toml", ".newslint.yaml", ".newslint.yml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A config file or option that cannot be used; the message names the file."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # extra rule folders
    builtin_rules: bool = True
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False  # exclude files named on the command line too (pre-commit)
    respect_gitignore: bool = True
    extensions: list[str] = field(default_factory=lambda: [".txt", ".md"])
    fail_on: str = "warning"
    min_severity: str = "info"  # findings below it are not reported
    timeout: float = 2.0  # seconds one rule may take on one document (finite, above 0)
    report_unused_suppressions: bool = False
    text_field: str = "text"
    id_field: str = "id"
    title_field: str = "title"
    lang_field: str = "lang"
    url_field: str = "url"
    site_field: str = ""  # the field naming a record's site; empty: the domain of its URL
    source: str | None = None  # the config file these came from
    source_lines: bool = True  # return the lines that hold findings (for the full reporter)
    # selectors given on the command line, by key: error messages say where a typo is
    cli_selectors: dict[str, list[str]] = field(default_factory=dict)

    def base_folder(self) -> str:
        """The folder relative to which exclude and per-file-ignores globs were written."""
        return os.path.dirname(os.path.abspath(self.source)) if self.source else os.getcwd()

    def selector_origin(self, key: str, selector: str) -> str:
        """Where a selector was set: `--select`, or the config file and key."""
        if selector in self.cli_selectors.get(key, ()):
            return f"--{key}"
        return f"{self.source}: {key}" if self.source else key

    def rule_folders(self) -> list[Path]:
        folders = [builtin_rules_dir()] if self.builtin_rules else []
        return folders + [Path(p) for p in self.rules]

    def as_dict(self) -> dict:
        return {f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self) if f.name != "cli_selectors"}


KEYS = {f.name.replace("_", "-"): f for f in fields(Settings)
        if f.name not in ("source", "source_lines", "cli_selectors")}


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in FILES:
            path = folder / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "newslint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
            if path.name == "pyproject.toml":
                data = data.get("tool", {}).get("newslint", {})
        else:
            data = yaml.safe_load(text) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: invalid config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a table of settings")
    return data


def _typed(path, key: str, value):
    """Check one config value against the type of its Settings field."""
    expected = KEYS[key].type
    ok = {
        "list[str]": isinstance(value, list) and all(isinstance(v, str) for v in value),
        "dict[str, str]": isinstance(value, dict) and all(v in SEVERITIES for v in value.values()),
        "dict[str, list[str]]": isinstance(value, dict) and all(
            isinstance(v, list) and all(isinstance(s, str) for s in v) for v in value.values()),
        "bool": isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < math.inf,
        "str": isinstance(value, str),
    }[expected]
    if not ok:
        raise ConfigError(f"{path}: '{key}' has a wrong value {value!r} (expected {expected})")
    if key in ("fail-on", "min-severity") and value not in SEVERITIES:
        raise ConfigError(f"{path}: '{key}' must be one of {', '.join(SEVERITIES)}")
    return value


def load_settings(config: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> Settings:
    """Defaults, updated from `config` or the discovered config file (unless isolated)."""
    settings = Settings()
    if isolated:
        return settings
    path = config or find_config((cwd or Path.cwd()).resolve())
    if path is None:
        return settings
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    for key, value in _read(path).items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown setting '{key}' (known: {', '.join(sorted(KEYS))})")
        setattr(settings, KEYS[key].name, _typed(path, key, value))
    base = path.resolve().parent
    settings.rules = [str((base / p).resolve()) for p in settings.rules]
    settings.source = str(path)
    return settings
