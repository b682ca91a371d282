"""`--statistics`: per-rule counts and the share of documents affected, instead of findings."""

from __future__ import annotations

import json

from . import Reporter


class StatisticsText(Reporter):
    def document(self, result) -> None:
        pass

    def finish(self, summary) -> None:
        for row in summary.statistics():
            self.stream.write(f"{row['count']:>8}  {row['code']:<6} {row['name']:<34} "
                              f"{row['documents']:>7} documents ({row['share']:.1%})\n")
        self.stream.write(f"{summary.findings} findings in {summary.docs_with_findings} of "
                          f"{summary.documents} documents; {summary.docs_with_error} with an error-level finding\n")


class StatisticsJson(StatisticsText):
    def finish(self, summary) -> None:
        self.stream.write(json.dumps({
            "documents": summary.documents, "findings": summary.findings,
            "documents_with_findings": summary.docs_with_findings,
            "documents_with_error": summary.docs_with_error,
            "by_severity": dict(summary.by_severity), "rules": summary.statistics(),
        }, ensure_ascii=False, indent=2) + "\n")


REPORTERS = {"statistics-text": StatisticsText, "statistics-json": StatisticsJson}
