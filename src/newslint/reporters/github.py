"""`github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=a.txt,line=3,col=1,endLine=3,endColumn=9,title=NL101 repeated-headline::message

Escaping follows GitHub's toolkit: data escapes %, CR and LF; properties also : and ,.
"""

from __future__ import annotations

from . import Reporter

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GitHub(Reporter):
    def document(self, result) -> None:
        for f in result.findings:
            title = f"{f.code} {f.name}" + (f" (record {f.record}, id {f.id})" if f.record is not None else "")
            props = (f"file={escape_property(f.path)},line={f.line},col={f.column},"
                     f"endLine={f.end_line},endColumn={f.end_column},title={escape_property(title)}")
            self.stream.write(f"::{LEVEL[str(f.severity)]} {props}::{escape_data(f.message)}\n")


REPORTERS = {"github": GitHub}
