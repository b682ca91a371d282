"""The terminal report as people read it: carets under the span, wrapping at white space,
fix marks and help lines, --min-severity, and a progress bar only for runs that last."""

import json
import os
import pty
import re
import struct
import subprocess


from conftest import NEWSLINT, findings
from newslint.reporters.full import cells, wrap

QUOTES = "“One” and “two” came first, then “three”and the rest followed on Monday.\n"
LONG = ("The council met on Tuesday to discuss the budget for next year, and members said the plan "
        "would protect libraries, parks and the night buses that shift workers rely on in winter. "
        "After four hours the vote passed, though two members asked for the figures to be published "
        "in full before the next meeting, and the mayor agreed.Officials said the money would come "
        "from reserves and from a small rise in parking charges across the city centre.\n")


def full(cli, path, *args, columns=80):
    return cli(path, "--output-format", "full", *args, env={"NO_COLOR": "1", "COLUMNS": str(columns)})


def test_carets_mark_the_span_without_colour(cli, isolated):
    path = isolated / "a.txt"
    path.write_text(QUOTES, encoding="utf-8")
    (finding,) = findings(cli(path, "--select", "NL202", "--output-format", "json-lines"))
    out = full(cli, path, "--select", "NL202").stdout
    assert "\x1b[" not in out
    lines = out.splitlines()
    source = next(i for i, line in enumerate(lines) if line.startswith("1 | "))
    assert lines[source] == "1 | " + QUOTES.rstrip("\n")
    carets = lines[source + 1]
    start = carets.index("^")
    assert start - len("1 | ") == finding["column"] - 1  # under the third ”, not the first two
    assert carets[start:].startswith("^" * (finding["end_column"] - finding["column"]) + " warning: ")
    assert lines[source][start:].startswith("“three”and")


def test_full_output_wraps_at_white_space(cli, isolated):
    path = isolated / "a.txt"
    path.write_text(LONG, encoding="utf-8")
    words = set(LONG.split())
    for columns in (50, 80):
        out = full(cli, path, columns=columns).stdout
        assert out and all(cells(line) <= columns for line in out.splitlines())
        rows = [line.split("|", 1)[1] for line in out.splitlines() if re.match(r"^ *\d* \| ", line)]
        shown = [token.strip("…") for row in rows for token in row.split() if set(token) != {"^"}
                 and not token.endswith(":") and token not in ("warning", "missing-space-after-sentence")]
        assert shown and all(token in words for token in shown if token), set(shown) - words
        # the message wraps too, with every word whole
        header = [line for line in out.splitlines() if "NL201" in line or line.startswith("    ")]
        assert len(header) >= 2 and all(cells(line) <= columns for line in header)


def test_wrap_breaks_after_white_space():
    text = "the quick brown fox jumps over the lazy dog"
    rows = wrap(text, 12)
    assert [text[a:b] for a, b in rows] == ["the quick ", "brown fox ", "jumps over ", "the lazy dog"]
    letters = "abcdefghijklmnop"
    assert [letters[a:b] for a, b in wrap(letters, 5)] == ["abcde", "fghij", "klmno", "p"]
    assert wrap("", 10) == [(0, 0)]
    assert [text[a:b] for a, b in wrap(text, 12, first=20)][0] == "the quick brown fox "
    assert sum(1 for _ in wrap("漢字漢字漢字", 4)) == 3  # wide characters take two cells


def test_fixable_findings_are_marked_and_say_what_the_fix_does(cli, isolated):
    path = isolated / "a.txt"
    path.write_text("Calls from kyiv grew.\n\nRead more\n", encoding="utf-8")
    out = full(cli, "a.txt").stdout
    assert "a.txt:1:12: NL701 [*] 'kyiv' is a proper noun" in out  # safe: --fix mends it
    assert "  = help: write 'Kyiv'\n" in out
    assert "a.txt:3:1: NL305 'Read more'" in out  # unsafe: no [*]
    assert "  = help: remove the line (unsafe fix)" in out
    proc = full(cli, "a.txt")
    assert "[*] 1 finding(s) can be fixed with --fix; 1 more with --fix --unsafe-fixes" in proc.stderr


def test_min_severity_hides_lower_severities(cli, isolated):
    path = isolated / "a.txt"
    path.write_text("Calls from kyiv grew.\n\nRead more\n\nThe threat is “worrying”US officials said.\n",
                    encoding="utf-8")
    severities = {f["code"]: f["severity"] for f in findings(cli(path, "--output-format", "json-lines"))}
    assert set(severities.values()) >= {"info", "warning"}
    for level, kept in (("warning", {"warning", "error"}), ("error", {"error"})):
        got = findings(cli(path, "--min-severity", level, "--output-format", "json-lines"))
        assert {f["severity"] for f in got} <= kept and got == [
            f for f in findings(cli(path, "--output-format", "json-lines")) if f["severity"] in kept]
    only_info = isolated / "b.txt"
    only_info.write_text("Calls from kyiv grew.\n", encoding="utf-8")
    proc = full(cli, only_info, "--min-severity", "warning", "--fail-on", "info")
    assert proc.returncode == 0 and "No problems found" in proc.stdout  # what is hidden cannot fail
    (isolated / ".newslint.toml").write_text('min-severity = "warning"\n', encoding="utf-8")
    assert not findings(cli(only_info, "--output-format", "json-lines"))
    (isolated / ".newslint.toml").write_text('min-severity = "loud"\n', encoding="utf-8")
    assert cli(only_info).returncode == 2


def in_terminal(*args, cwd) -> tuple[int, str]:
    """Run newslint with a pseudo-terminal as standard input, output and error."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS", "COLUMNS")}
    proc = subprocess.Popen([NEWSLINT, *map(str, args)], stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                            env=env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=600), b"".join(chunks).decode("utf-8", "replace")


BAR = re.compile(r"\d+ documents")  # what the bar shows, and nothing else does


def test_no_progress_bar_for_a_quick_run(isolated, example):
    code, out = in_terminal(example, cwd=isolated)
    assert code == 1 and "NL304" in out
    assert not BAR.search(out) and "\x1b[?25l" not in out  # no bar was drawn, none is left


def test_a_progress_bar_for_a_long_run_is_drawn_above_the_report_and_removed(cli, isolated):
    with open(isolated / "c.jsonl", "w", encoding="utf-8") as out:
        for i in range(10000):
            out.write(json.dumps({"id": i, "text": "Storm closes schools\n\nStorm closes schools\n\n"
                                  "The storm closed schools across the county on Tuesday.\n" * 3}) + "\n")
    args = ("c.jsonl", "--jobs", "1", "--output-format", "concise", "--select", "NL101")
    code, out = in_terminal(*args, cwd=isolated)
    assert code == 1 and BAR.search(out), out[-2000:]
    report = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out)
    lines = [line for line in re.split(r"\r\n|\r|\n", report) if "NL101" in line]
    assert lines == cli(*args).stdout.splitlines()  # every line whole, none torn by the bar
    assert out.rstrip().endswith("\x1b[2K")  # the bar's line was cleared at the end
