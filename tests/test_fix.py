"""--fix, --unsafe-fixes and --diff: what is applied, what is kept, how files are written."""

import json
import os

from newslint.engine import Linter
from newslint.finding import Edit, Finding, Fix, Severity
from newslint.fix import Tally, applicable, apply, fixed_results
from newslint.sources import Note, TextFile

ARTICLE = ("Storm closes schools\n\nStorm closes schools\n\n"
           "The talks in kyiv  ended on Monday.\n\n  Advertisement  \n\nRead more\n")
SAFE = "Storm closes schools\n\nStorm closes schools\n\nThe talks in Kyiv ended on Monday.\n\n  Advertisement  \n\nRead more\n"
ALL = "Storm closes schools\n\nThe talks in Kyiv ended on Monday.\n\n"


def finding(start, end, text, safe=True):
    return Finding("-", None, None, 1, 1, 1, 1, "NL999", "test", "test", Severity.WARNING, "m",
                   fix=Fix((Edit(start, end, text),), "fix it", safe=safe))


def test_overlapping_fixes_wait_for_the_next_pass():
    fixes = applicable([finding(4, 9, "X"), finding(0, 5, "Y"), finding(5, 5, "!"), finding(9, 9, "+"),
                        finding(9, 9, "-"), finding(12, 14, "Z", safe=False)], unsafe=False)
    assert [f.edits[0].text for f in fixes] == ["Y", "+"]
    assert apply("0123456789abcdef", fixes) == "Y5678+9abcdef"


def test_fix_applies_safe_fixes_and_says_what_remains(cli, isolated):
    path = isolated / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    os.chmod(path, 0o640)
    proc = cli(path, "--fix", "--output-format", "concise")
    assert path.read_text(encoding="utf-8") == SAFE
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert proc.returncode == 1  # the headline copy and the promo lines remain
    assert "NL504" not in proc.stdout and "NL701" not in proc.stdout and "NL101" in proc.stdout
    # the headline's copy, the advertisement, the promo line: one finding a line
    assert "fixed 2 finding(s) in 1 file(s); 3 more can be fixed with --unsafe-fixes" in proc.stderr
    assert not [p for p in os.listdir(isolated) if p != "a.txt"]  # no temporary file left


def test_unsafe_fixes_remove_boilerplate_lines_and_keep_bom_and_line_ends(cli, isolated):
    path = isolated / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    proc = cli(path, "--fix", "--unsafe-fixes", "--output-format", "concise")
    assert path.read_bytes() == b"\xef\xbb\xbf" + ALL.replace("\n", "\r\n").encode("utf-8")
    assert proc.returncode == 0 and proc.stdout == ""
    assert "fixed 5 finding(s) in 1 file(s)" in proc.stderr


def test_diff_changes_nothing(cli, isolated):
    path = isolated / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    proc = cli(path, "--diff", "--unsafe-fixes")
    assert proc.returncode == 1 and path.read_text(encoding="utf-8") == ARTICLE
    assert "-  Advertisement  \n" in proc.stdout and "+The talks in Kyiv ended on Monday.\n" in proc.stdout
    clean = isolated / "b.txt"
    clean.write_text("The council met on Tuesday to discuss the budget.\n", encoding="utf-8")
    proc = cli(clean, "--diff")
    assert proc.returncode == 0 and proc.stdout == ""


def test_standard_input_gets_its_fixed_text_back(cli, isolated):
    proc = cli("-", "--fix", "--unsafe-fixes", "--output-format", "concise", input=ARTICLE)
    assert proc.stdout == ALL
    assert proc.returncode == 0


def test_what_is_not_fixed(cli, isolated):
    broken = isolated / "broken.txt"
    broken.write_bytes(b"The talks in kyiv ended.\n\xff\xfe\n")
    corpus = isolated / "c.jsonl"
    corpus.write_text(json.dumps({"id": 1, "text": "The talks in kyiv  ended."}) + "\n", encoding="utf-8")
    before = broken.read_bytes(), corpus.read_bytes()
    proc = cli(broken, corpus, "--fix", "--output-format", "concise")
    assert (broken.read_bytes(), corpus.read_bytes()) == before
    assert "broken.txt: not fixed: it is not valid UTF-8" in proc.stderr
    assert "c.jsonl: not fixed: fixes apply to text files" in proc.stderr
    assert "NL701" in proc.stdout and proc.returncode == 1
    assert cli(corpus, "--fix", "--scheduler", "tcp://127.0.0.1:1").returncode == 2


def test_removed_lines_take_their_gap_along():
    text = "A\n\nB\nC\n\nD\n\nE"
    removals = [finding(3, 5, ""), finding(5, 7, ""), finding(11, 12, "")]  # B, C and E
    assert apply(text, applicable(removals, unsafe=False)) == "A\n\nD\n\n"


def test_a_file_that_cannot_be_written_is_told_and_the_run_goes_on(isolated):
    locked, free = isolated / "a.txt", isolated / "b.txt"
    for path in (locked, free):
        path.write_text(ARTICLE, encoding="utf-8")
    written = {}

    def write(doc, text, changed, stdin):  # as a full disk or a read-only folder would
        if doc.path.endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        written[doc.path] = text

    tally = Tally()
    items = list(fixed_results(Linter(), [TextFile(str(locked)), TextFile(str(free))], False, tally, write))
    notes = [i.message for i in items if isinstance(i, Note)]
    assert notes == [f"{locked}: not fixed: cannot write it: Permission denied"]
    assert written == {str(free): SAFE} and tally.unwritten == 1 and tally.files == 1
    assert [i.path for i in items if not isinstance(i, Note)] == [str(locked), str(free)]


def test_stdin_with_a_filename_is_not_written_to_that_file(cli, isolated):
    (isolated / "story.txt").write_text("untouched\n", encoding="utf-8")
    proc = cli("-", "--stdin-filename", "story.txt", "--fix", input="The talks in kyiv ended.\n")
    assert proc.stdout == "The talks in Kyiv ended.\n"
    assert (isolated / "story.txt").read_text(encoding="utf-8") == "untouched\n"


def test_a_line_that_promo_phrases_fill_goes_and_a_sentence_holding_one_stays(cli, isolated):
    text = ("The vote is next week.\n\nFor Latest Updates Follow\u00a0us on Google News\n\n"
            "Readers can sign up for our free newsletter to get more.\n")
    proc = cli("-", "--fix", "--unsafe-fixes", "--output-format", "concise", input=text)
    assert proc.stdout == "The vote is next week.\n\nReaders can sign up for our free newsletter to get more.\n"


def test_fix_text_cleans_a_record_in_python():
    from newslint import fix_text

    fixed, remaining = fix_text(ARTICLE, unsafe=True)
    assert fixed == ALL and remaining == []
    fixed, remaining = fix_text(ARTICLE)
    # "  Advertisement  " is an indented fragment and a promo line: one finding, the promo line's
    assert fixed == SAFE and [(f.code, f.line) for f in remaining] == [("NL101", 3), ("NL305", 7), ("NL305", 9)]


def test_the_report_says_what_fixing_would_do(cli, example):
    proc = cli(example, "--output-format", "concise")
    assert "finding(s) can be fixed with --fix;" in proc.stderr and "with --fix --unsafe-fixes" in proc.stderr
    assert "can be fixed" not in cli(example, "--output-format", "json").stderr
