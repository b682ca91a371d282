"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

Rule metadata (short and full descriptions, help), results with start and end
locations, and `partialFingerprints` that do not move with line numbers and are unique
within a run. A corpus finding is located by its record: a logical location
`path#record`, the record and the position inside its text in the message and
properties, and the corpus file's first line as its physical region (GitHub code
scanning needs one; a line of the record's text is not a line of the file).
"""

from __future__ import annotations

import json

from .. import __version__
from ..baseline import unique_fingerprints
from . import Reporter, in_record

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


class Sarif(Reporter):
    def start(self) -> None:
        self.results: list[dict] = []
        self.index = {r.code: i for i, r in enumerate(self.rules)}

    def document(self, result) -> None:
        for f, fingerprint in zip(result.findings, unique_fingerprints(result.findings)):
            entry = {
                "ruleId": f.code,
                "level": LEVEL[str(f.severity)],
                "message": {"text": f.message},
                "locations": [_location(f)],
                "partialFingerprints": {"newslint/v1": fingerprint},
            }
            if f.code in self.index:
                entry["ruleIndex"] = self.index[f.code]
            if f.record is not None:
                entry["message"]["text"] += f" ({in_record(f)})"
                entry["properties"] = {"record": f.record, "id": f.id, "line": f.line, "column": f.column,
                                       "endLine": f.end_line, "endColumn": f.end_column}
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


def _location(f) -> dict:
    if f.record is None:
        return {"physicalLocation": {
            "artifactLocation": {"uri": f.path},
            "region": {"startLine": f.line, "startColumn": f.column,
                       "endLine": f.end_line, "endColumn": max(f.end_column, f.column)}}}
    return {"physicalLocation": {"artifactLocation": {"uri": f.path}, "region": {"startLine": 1}},
            "logicalLocations": [{"name": f"record {f.record}", "fullyQualifiedName": f"{f.path}#{f.record}",
                                  "kind": "object", "properties": {"id": f.id}}]}


REPORTERS = {"sarif": Sarif}
