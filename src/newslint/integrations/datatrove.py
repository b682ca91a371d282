"""newslint as datatrove pipeline blocks (`pip install 'newslint[datatrove]'`).

- `NewslintLinter` lints each document and puts its findings and their counts into
  `doc.metadata["newslint"]`.
- `NewslintCleaner` fixes each document's text as `newslint clean` does (safe fixes; with
  `unsafe=True` boilerplate lines and repeated headlines go too) and records what it did.
- `NewslintFilter` drops documents past thresholds (errors, warnings, findings per 1,000
  characters, findings of a category), with the reason in datatrove's stats and, given
  an `exclusion_writer`, in the dropped document's metadata.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from newslint.integrations.datatrove import NewslintCleaner, NewslintFilter

    LocalPipelineExecutor([JsonlReader("crawl/"), NewslintCleaner(unsafe=True),
                           NewslintFilter(max_errors=0, max_density=5), JsonlWriter("clean/")],
                          tasks=8, logging_dir="logs/").run()

Each block takes `linter=` a `Linter` (or Settings fields as keywords: `select=["NL3"]`);
it pickles as its settings, so every datatrove worker compiles the rules once. `key=`
names the metadata entry a block writes ("newslint"). A record's title, language, URL and
site are read from the metadata entries named by `title_key`, `lang_key` (else datatrove's
"language"), `url_key` and `site_key` (JsonlReader puts a record's other fields there). Corpus rules
(site-repeat) need a pass over the whole corpus first: they find nothing here unless the
linter was given their table by `newslint.corpus.prepare_documents`.
"""

from __future__ import annotations

from collections import Counter

try:
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.filters.base_filter import BaseFilter
except ImportError:  # pragma: no cover - the extra is not installed
    raise ImportError("newslint.integrations.datatrove needs datatrove: pip install 'newslint[datatrove]'") from None

from ..clean import clean_document
from ..document import Document
from ..engine import DocResult, Linter

KEY = "newslint"


class _NewslintStep:
    """What the blocks share: the linter, the metadata key they write under, and how a
    datatrove document becomes a newslint one."""

    def __init__(self, linter: Linter | None = None, key: str = KEY, title_key: str = "title",
                 lang_key: str = "lang", url_key: str = "url", site_key: str | None = None, **options):
        super().__init__()
        self.linter = linter or Linter(source_lines=False, **options)
        self.key, self.title_key, self.lang_key, self.url_key, self.site_key = key, title_key, lang_key, url_key, site_key

    def document(self, doc) -> Document:
        meta = doc.metadata

        def text(key):
            value = meta.get(key) if key else None
            return value if isinstance(value, str) else None

        return Document(doc.text, path=str(meta.get("file_path", "<datatrove>")), id=str(doc.id),
                        title=text(self.title_key), lang=text(self.lang_key) or text("language"),
                        url=text(self.url_key), site=text(self.site_key))

    def lint(self, doc) -> DocResult:
        return self.linter.lint(self.document(doc))


def summary(result: DocResult, findings: bool = True) -> dict:
    """What the lint block stores: counts by rule, category and severity (and the findings)."""
    out = {"counts": dict(Counter(f.code for f in result.findings)),
           "categories": dict(Counter(f.category for f in result.findings)),
           "severities": dict(Counter(str(f.severity) for f in result.findings)),
           "chars": result.chars}
    if findings:
        out["findings"] = [{k: v for k, v in f.to_dict().items() if k not in ("path", "id", "record", "fix")}
                           for f in result.findings]
    return out


class NewslintLinter(_NewslintStep, PipelineStep):
    """Lint each document: `doc.metadata[key]` gets the counts (and, unless
    `findings=False`, the findings with their positions and messages)."""

    name = "📰 newslint lint"
    type = "📊 - STATS"

    def __init__(self, findings: bool = True, **options):
        super().__init__(**options)
        self.findings = findings

    def run(self, data, rank: int = 0, world_size: int = 1):
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                result = self.lint(doc)
            doc.metadata[self.key] = summary(result, self.findings)
            for category, n in Counter(f.category for f in result.findings).items():
                self.stat_update(f"findings_{category}", value=n)
            yield doc


class NewslintCleaner(_NewslintStep, PipelineStep):
    """Fix each document's text as `newslint clean` does; `doc.metadata[key]` gets what was
    done: the number of fixes, the removed lines, the findings that remain by rule."""

    name = "📰 newslint clean"
    type = "✂️ - FORMAT"

    def __init__(self, unsafe: bool = False, **options):
        super().__init__(**options)
        self.unsafe = unsafe

    def run(self, data, rank: int = 0, world_size: int = 1):
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                text, report = clean_document(self.linter, self.document(doc), self.unsafe)
            if text != doc.text:
                self.stat_update("changed")
                self.stat_update("removed_chars", value=len(doc.text) - len(text))
            self.stat_update("fixes", value=report["fixes"])
            doc.text = text
            doc.metadata[self.key] = report
            yield doc


class NewslintFilter(_NewslintStep, BaseFilter):
    """Keep documents within the thresholds: at most `max_errors` error findings,
    `max_warnings` warnings, `max_density` findings per 1,000 characters, and
    `max_per_category` findings of each category named ({"encoding": 0}). None: no limit.
    Reads the counts a NewslintLinter before it stored under the same key, or lints."""

    name = "📰 newslint filter"

    def __init__(self, max_errors: int | None = None, max_warnings: int | None = None,
                 max_density: float | None = None, max_per_category: dict[str, int] | None = None,
                 exclusion_writer=None, **options):
        super().__init__(**options)
        self.exclusion_writer = exclusion_writer  # BaseFilter's, which writes what is dropped
        self.max_errors, self.max_warnings, self.max_density = max_errors, max_warnings, max_density
        self.max_per_category = max_per_category or {}

    def filter(self, doc) -> bool | tuple[bool, str]:
        counts = doc.metadata.get(self.key)
        if not isinstance(counts, dict) or "severities" not in counts:
            counts = summary(self.lint(doc), findings=False)
        severities, categories = counts["severities"], counts["categories"]
        for limit, found, reason in ((self.max_errors, severities.get("error", 0), "newslint_errors"),
                                     (self.max_warnings, severities.get("warning", 0), "newslint_warnings")):
            if limit is not None and found > limit:
                return False, reason
        if self.max_density is not None and counts["chars"] and \
                1000 * sum(severities.values()) / counts["chars"] > self.max_density:
            return False, "newslint_density"
        for category, limit in self.max_per_category.items():
            if categories.get(category, 0) > limit:
                return False, f"newslint_{category}"
        return True


__all__ = ["NewslintCleaner", "NewslintFilter", "NewslintLinter", "summary"]
