"""Baselines: record today's findings, then report only new ones.

A fingerprint is the rule, the document (path, or path and record id for corpora) and
the normalised matched text, never a line number, so edits elsewhere in a file do not
bring old findings back. The same fingerprint may occur several times; the baseline
keeps the count.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from .errors import UsageError

VERSION = 1


def fingerprint(finding) -> str:
    import hashlib  # here: most runs keep no baseline

    where = finding.path if finding.id is None else f"{finding.path}#{finding.id}"
    text = " ".join(finding.matched.split()).casefold()
    return hashlib.sha256(f"{finding.code}\0{where}\0{text}".encode("utf-8")).hexdigest()[:32]


def unique_fingerprints(findings) -> list[str]:
    """One fingerprint a finding, unique within its document: the second "Read more" of an
    article gets its own (the first's, hashed with its rank), so that code-quality tools
    count two issues; both stay the same when the lines above them move."""
    import hashlib

    seen: Counter = Counter()
    unique = []
    for f in findings:
        key = fingerprint(f)
        rank = seen[key]
        seen[key] += 1
        unique.append(key if not rank else hashlib.sha256(f"{key}\0{rank}".encode()).hexdigest()[:32])
    return unique


class Baseline:
    def __init__(self, counts: Counter | None = None):
        self.counts = counts if counts is not None else Counter()

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            counts = Counter({str(k): int(v) for k, v in data["fingerprints"].items()})
        except OSError as exc:
            raise UsageError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UsageError(f"{path}: not a newslint baseline (write one with --write-baseline)") from None
        return cls(counts)

    def record(self, result) -> None:
        self.counts.update(fingerprint(f) for f in result.findings)

    def new_findings(self, result) -> list:
        """The findings of one document that the baseline does not account for."""
        fresh = []
        for f in result.findings:
            key = fingerprint(f)
            if self.counts[key] > 0:
                self.counts[key] -= 1
            else:
                fresh.append(f)
        return fresh

    def save(self, path: Path) -> None:
        tmp = path.with_name(f".{path.name}.newslint-tmp")
        try:
            tmp.write_text(json.dumps({"version": VERSION, "fingerprints": dict(sorted(self.counts.items()))},
                                      indent=0) + "\n", encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise UsageError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
