"""`github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=a.txt,line=3,col=1,endLine=3,endColumn=9,title=NL101 repeated-headline::message

A corpus finding is annotated on the corpus file as a whole, its record named in the
message. Escaping follows GitHub's toolkit: data escapes %, CR and LF; properties also : and ,.
"""

from __future__ import annotations

from . import Reporter, in_record

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GitHub(Reporter):
    def document(self, result) -> None:
        for f in result.findings:
            title = f"{f.code} {f.name}"
            if f.record is None:
                where = f"line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},"
                message = f.message
            else:
                where, message = "", f"{in_record(f)}: {f.message}"
            self.stream.write(f"::{LEVEL[str(f.severity)]} file={escape_property(f.path)},{where}"
                              f"title={escape_property(title)}::{escape_data(message)}\n")


REPORTERS = {"github": GitHub}
