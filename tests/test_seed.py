"""The reference article, scored by the shared checker: every required row, no false finding."""

import subprocess
import sys

from conftest import NEWSLINT, SHARED


def test_reference_article(seed):
    proc = subprocess.run([sys.executable, str(SHARED / "tools" / "seed_check.py"), "--newslint", NEWSLINT],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    assert "required 14/14" in proc.stdout and "false findings 0" in proc.stdout


def test_api(seed):
    from newslint import Linter, lint_records, lint_text

    text = seed.read_text(encoding="utf-8")
    codes = {f.code for f in lint_text(text)}
    assert {"NL101", "NL205", "NL304"} <= codes
    records = list(lint_records([{"id": "a", "text": text}, {"text": "Fine text."}]))
    assert records[0][0] == 0 and records[0][1] and records[1] == (1, [])
    import pickle

    linter = pickle.loads(pickle.dumps(Linter(select=["NL1"])))
    assert {f.code[:3] for f in linter.lint_text(text)} == {"NL1"}
