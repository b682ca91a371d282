"""`newslint report`: one self-contained HTML page, opened in real headless Chromium."""

import json
import os
import re

import pytest

from browser import chromium, open_page

pytest.importorskip("plotly")
pytest.importorskip("jinja2")

DEFECTIVE = "Storm closes schools\n\nStorm closes schools\n\nThe storm in kyiv closed schools.\n\nRead more\n"
CHARTS = ["chart-by-extractor", "chart-categories", "chart-density", "chart-lines", "chart-rules", "chart-sites"]


def corpus(path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(60):
            site = ("ledger.example", "courier.example", "herald.example")[i % 3]
            text = DEFECTIVE if i % 2 else "The council met on Tuesday to discuss the budget for next year."
            if i == 7:  # markup in the text must reach the page as text, never as markup
                text += '\n<img src=x onerror="console.error(\'injected\')"> <script>alert(1)</script>\n'
            out.write(json.dumps({"id": f"d{i}", "url": f"https://{site}/story/{i}", "text": text,
                                  "extractor": ("trafilatura", "bs4")[i % 2]}) + "\n")
        out.write("{not json\n")


def generated_line_dropped(html: str) -> str:
    return re.sub(r"newslint \S+ · \d{4}-\d\d-\d\d \d\d:\d\d", "", html)


def test_report_is_one_self_contained_page(cli, isolated):
    corpus(isolated / "c.jsonl")
    proc = cli("report", "c.jsonl", "-o", "report.html", "--by", "extractor", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "wrote report.html: 61 documents" in proc.stderr
    html = (isolated / "report.html").read_text(encoding="utf-8")
    # nothing is fetched: no script, style sheet or image from elsewhere; links go to the rule docs only
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # plotly.js and the charts' data
    assert not re.search(r"<(?:script|img|iframe)[^>]*\ssrc=|<link\b", markup)
    assert {u.split("#")[0] for u in re.findall(r'href="(https?://[^"]+)"', markup)} == \
        {"https://github.com/newslint/newslint/blob/main/docs/rules.md"}
    assert "NL101 repeated-headline" in html and "ledger.example" in html and "Findings per document by extractor" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    # worker processes give the same page
    assert cli("report", "c.jsonl", "-o", "two.html", "--by", "extractor", "--jobs", "2").returncode == 0
    assert generated_line_dropped((isolated / "two.html").read_text(encoding="utf-8")) == generated_line_dropped(html)


def test_report_opens_in_headless_chromium(cli, isolated):
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (.ci/run does)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    corpus(isolated / "c.jsonl")
    assert cli("report", "c.jsonl", "-o", "report.html", "--by", "extractor").returncode == 0
    page = open_page(isolated / "report.html",
                     ready=f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * len(CHARTS)}",
                     evaluate="[...document.querySelectorAll('.js-plotly-plot')].map(e => e.id).sort()")
    (isolated / "report.png").write_bytes(page.screenshot)
    assert page.errors == []
    assert page.requests == [(isolated / "report.html").resolve().as_uri()]  # the page itself, nothing else
    assert page.value == CHARTS
    assert page.screenshot.startswith(b"\x89PNG") and len(page.screenshot) > 50_000


def test_report_needs_corpora_and_an_html_name(cli, isolated):
    (isolated / "a.txt").write_text("Text.\n", encoding="utf-8")
    assert cli("report", "a.txt", "-o", "r.html").returncode == 2
    corpus(isolated / "c.jsonl")
    proc = cli("report", "c.jsonl", "-o", "r.pdf")
    assert proc.returncode == 2 and "name it .html" in proc.stderr
