"""The corpus pass and the site-repeat rule: lines that recur on several pages of one site."""

import json
import os
import pickle
import random
from array import array
from collections import defaultdict

from conftest import ROOT, findings
from newslint import Linter
from newslint.corpus import prepare_documents
from newslint.document import Document
from newslint.kinds.site import PageCounts, site_of

FOOTER = "The Ledger, 12 Main Street, Springfield, since 1881"


TOPICS = ["schools", "budget", "storm", "parade", "bridge", "library", "harbour", "orchard", "museum", "stadium"]


def page(i: int, footer: str = FOOTER) -> str:
    topic = TOPICS[i]
    return f"The story of the {topic} today\n\nThe council met and agreed on the {topic} plan.\n\n{footer}\n"


def write(path, records):
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def site_findings(proc) -> list[tuple[str, int]]:
    return sorted((f["id"], f["line"]) for f in findings(proc) if f["code"] == "NL321")


def test_a_line_on_three_pages_of_a_site_is_reported_on_each(cli, isolated):
    records = [{"id": f"a{i}", "url": f"https://www.ledger.example/news/{i}", "text": page(i)} for i in range(3)]
    # the same line on two pages of another site: below min-documents there
    records += [{"id": f"b{i}", "url": f"https://other.example/{i}", "text": page(i)} for i in range(2)]
    # a third copy of a page (same URL, another extractor) is the same page
    records.append({"id": "b0-again", "url": "https://other.example/0", "text": page(0)})
    write(isolated / "c.jsonl", records)
    proc = cli("c.jsonl", "--select", "NL321", "--output-format", "json-lines", "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    assert site_findings(proc) == [("a0", 5), ("a1", 5), ("a2", 5)]
    message = findings(proc)[0]["message"]
    assert message == f"'{FOOTER}' recurs on 3 pages of ledger.example: page chrome, not article text"
    # worker processes count, the main process merges: the same findings
    assert site_findings(cli("c.jsonl", "--select", "NL321", "--output-format", "json-lines", "--jobs", "2")) \
        == site_findings(proc)
    # off by default: a plain run makes no pass and reports nothing of it
    assert not site_findings(cli("c.jsonl", "--output-format", "json-lines"))


def test_site_field_and_normalised_lines(cli, isolated):
    footers = [FOOTER, FOOTER.upper(), FOOTER.replace(",", " ,") + ".", FOOTER.replace("12", "99")]
    records = [{"id": f"d{i}", "domain": "ledger.example", "text": page(i, footer)} for i, footer in enumerate(footers)]
    records.append({"id": "other", "domain": "elsewhere.example", "text": page(9)})
    write(isolated / "c.jsonl", records)
    proc = cli("c.jsonl", "--select", "NL321", "--site-field", "domain", "--output-format", "json-lines")
    # case, punctuation and digits do not count; the page of another site shares no line
    assert site_findings(proc) == [(f"d{i}", 5) for i in range(4)]
    # without a site field or URL all records are one site, each record a page
    proc = cli("c.jsonl", "--select", "NL321", "--output-format", "json-lines")
    messages = [f["message"] for f in findings(proc)]
    assert len(messages) == 5 and all(m.endswith("on 5 pages of the corpus: page chrome, not article text")
                                      for m in messages)


def test_unsafe_fix_removes_the_repeated_line(cli, isolated):
    write(isolated / "c.jsonl", [{"id": f"a{i}", "text": page(i)} for i in range(3)])
    proc = cli("c.jsonl", "--select", "NL321", "--output-format", "json")
    fix = json.loads(proc.stdout)[0]["fix"]
    assert fix["applicability"] == "unsafe" and fix["edits"][0]["content"] == ""


def test_standard_input_is_linted_without_the_pass(cli, isolated):
    text = page(1)
    proc = cli("-", "--select", "NL321", "--stdin-filename", "story.txt", input=text)
    assert proc.returncode == 0, proc.stderr


def test_site_of_and_the_python_api():
    assert site_of(Document("x", url="https://WWW.Example.com:8080/a?b#c")) == "example.com"
    assert site_of(Document("x", url="example.com/a")) == "example.com"
    assert site_of(Document("x", url="https://a.example/", site="Paper")) == "paper"
    assert site_of(Document("x")) == ""
    linter = Linter(select=["NL321"])
    docs = [Document(page(i), url=f"https://ledger.example/{i}") for i in range(4)]
    assert linter.lint(docs[0]).findings == []  # no pass yet: nothing to go on
    prepare_documents(linter, docs)
    assert [f.line for f in linter.lint(docs[0]).findings] == [5]
    # a worker gets the table with the linter
    copy = pickle.loads(pickle.dumps(linter))
    assert [f.message for f in copy.lint(docs[1]).findings] == [f.message for f in linter.lint(docs[1]).findings]


def test_page_counts_spill_to_disk_and_merge_exactly():
    rng = random.Random(15)
    truth: dict[int, set] = defaultdict(set)
    small = PageCounts(min_pages=3, memory_mb=0.001)  # about 1,000 pairs a run: many runs
    whole = PageCounts(min_pages=3, memory_mb=100)
    for _ in range(40):
        batch = []
        for _ in range(300):
            line, page_key = rng.randrange(400), rng.randrange(12)  # repeats within and across batches
            truth[line].add(page_key)
            batch += [line, page_key]
        small.add(array("Q", batch))
        whole.add(array("Q", batch))
    assert len(small.runs) > 5 and not whole.runs
    expected = sorted((line, len(pages)) for line, pages in truth.items() if len(pages) >= 3)
    for counts in (small, whole):
        keys, pages = counts.finish()
        assert list(zip(keys, pages)) == expected
    assert not os.path.exists(small.folder.name)  # the spilled runs are removed


def test_site_repeat_options_are_checked(cli, isolated):
    rules = isolated / "rules"
    rules.mkdir()
    rule = (ROOT / "rules" / "boilerplate" / "NL321-site-repeated-line.yaml").read_text(encoding="utf-8")
    rule = rule.replace("code: NL321", "code: HR1").replace("name: site-repeated-line", "name: house-repeat")
    (rules / "a.yaml").write_text(rule.replace("min-documents: 3", "min-documents: 1"), encoding="utf-8")
    proc = cli("rules", "--rules", rules)
    assert proc.returncode == 2 and "a.yaml:4: 'min-documents' must be 2 or more" in proc.stderr
    (rules / "a.yaml").write_text(rule.replace("min-length: 12", "min-length: 12\nnormalise: [case, accents]"),
                                  encoding="utf-8")
    proc = cli("rules", "--rules", rules)
    assert proc.returncode == 2 and "'normalise' takes case, digits, punctuation, space; not accents" in proc.stderr
