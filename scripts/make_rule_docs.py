"""Write docs/rules.md, the rule reference, from the rule packs (the one source).

Run: python scripts/make_rule_docs.py   (tests/test_docs.py fails when the file is stale)
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newslint.docs import rule_reference  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"

if __name__ == "__main__":
    TARGET.write_text(rule_reference(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
