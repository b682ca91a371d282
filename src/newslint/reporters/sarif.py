"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

Rule metadata (short and full descriptions, help), results with start and end
locations, and `partialFingerprints` that do not move with line numbers.
"""

from __future__ import annotations

import json

from .. import __version__
from ..baseline import fingerprint
from . import Reporter

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


class Sarif(Reporter):
    def start(self) -> None:
        self.results: list[dict] = []
        self.index = {r.code: i for i, r in enumerate(self.rules)}

    def document(self, result) -> None:
        for f in result.findings:
            entry = {
                "ruleId": f.code,
                "level": LEVEL[str(f.severity)],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": max(f.end_column, f.column)},
                }}],
                "partialFingerprints": {"newslint/v1": fingerprint(f)},
            }
            if f.code in self.index:
                entry["ruleIndex"] = self.index[f.code]
            if f.record is not None:
                entry["properties"] = {"record": f.record, "id": f.id}
            self.results.append(entry)

    def finish(self, summary) -> None:
        rules = [{
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.message.split("{")[0].strip(" :'") or r.name},
            "fullDescription": {"text": r.description},
            "help": {"text": r.description, "markdown": f"**{r.code} {r.name}**\n\n{r.description}"},
            "defaultConfiguration": {"level": LEVEL[str(r.severity)]},
            "properties": {"category": r.category, "tags": [r.category]},
        } for r in self.rules]
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "newslint", "version": __version__,
                                    "informationUri": "https://pypi.org/project/newslint/", "rules": rules}},
                "results": self.results,
            }],
        }
        json.dump(log, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


REPORTERS = {"sarif": Sarif}
