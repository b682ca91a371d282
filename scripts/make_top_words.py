"""Regenerate src/newslint/data/top_words.json: each guessable language's most frequent words.

The language guess (newslint.lexicon) needs only these few words per language; reading
them from wordfreq at run time would load every language's whole word list (seconds).
Run: python scripts/make_top_words.py
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newslint.lexicon import GUESSABLE, TOP_WORDS_FILE, compute_top_words  # noqa: E402


def main():
    data = {lang: compute_top_words(lang) for lang in GUESSABLE}
    TOP_WORDS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                              encoding="utf-8")
    print(f"wrote {TOP_WORDS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
