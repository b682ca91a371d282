"""`junit`: JUnit XML, one test case per document, one failure per finding."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from . import Reporter, location


class JUnit(Reporter):
    def start(self) -> None:
        self.cases: list[str] = []
        self.failures = 0

    def document(self, result) -> None:
        name = location(result)
        if not result.findings:
            self.cases.append(f'    <testcase classname="newslint" name={quoteattr(name)}/>')
            return
        parts = [f'    <testcase classname="newslint" name={quoteattr(name)}>']
        for f in result.findings:
            self.failures += 1
            text = f"{name}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}"
            parts.append(f"      <failure type={quoteattr(f.code)} message={quoteattr(f.message)}>"
                         f"{escape(text)}</failure>")
        parts.append("    </testcase>")
        self.cases.append("\n".join(parts))

    def finish(self, summary) -> None:
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                          f'<testsuites name="newslint" tests="{len(self.cases)}" failures="{self.failures}">\n'
                          f'  <testsuite name="newslint" tests="{len(self.cases)}" failures="{self.failures}">\n')
        for case in self.cases:
            self.stream.write(case + "\n")
        self.stream.write("  </testsuite>\n</testsuites>\n")


REPORTERS = {"junit": JUnit}
