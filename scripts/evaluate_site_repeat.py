"""What the site-repeat rule (NL321) adds on a labelled set, scored as ../shared/tools/evaluate.py does.

evaluate.py lints a corpus of ids and texts only, so no record has a site there and the
rule cannot run. This script builds the same corpus with each record's URL (the human
body of a page gets its page's URL, so it counts as that page), lints it without and
with the rule (a copy with `--min-documents`, since DEV has at most two pages a site),
scores both runs with evaluate.py's own scoring code, and prints a sample of the rule's
findings with their labels, to be read by hand.

    python scripts/evaluate_site_repeat.py [--data ../shared/data/dev2/dev2.jsonl.gz] [--min-documents 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT.parent / "shared" / "tools" / "evaluate.py"
RULE = ROOT / "rules" / "boilerplate" / "NL321-site-repeated-line.yaml"
CODE = "NL920"


def evaluate_module():
    spec = importlib.util.spec_from_file_location("evaluate", TOOLS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lint(corpus: Path, extra: list[str], jobs: int) -> dict[str, list[dict]]:
    argv = [sys.executable, "-m", "newslint", "check", str(corpus), "--text-field", "text", "--id-field", "id",
            "--output-format", "json-lines", "--exit-zero", "--jobs", str(jobs), *extra]
    proc = subprocess.run(argv, capture_output=True, text=True, check=True)
    found: dict[str, list[dict]] = {}
    for line in proc.stdout.splitlines():
        finding = json.loads(line)
        found.setdefault(finding["id"], []).append(finding)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "dev" / "dev.jsonl"))
    ap.add_argument("--min-documents", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=40, help="findings of the rule to print for reading")
    ap.add_argument("--seed", type=int, default=15)
    a = ap.parse_args()
    evaluate = evaluate_module()
    docs = evaluate.load(a.data, 0, 0)
    truths = {d["page_id"]: (d["truth"], d["url"]) for d in docs}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as out:
            for d in docs:
                out.write(json.dumps({"id": d["id"], "text": d["text"], "url": d["url"]}, ensure_ascii=False) + "\n")
            for page, (truth, url) in truths.items():
                out.write(json.dumps({"id": page + "#truth", "text": truth, "url": url}, ensure_ascii=False) + "\n")
        rules = Path(tmp) / "rules"
        rules.mkdir()
        rule = RULE.read_text(encoding="utf-8").replace("code: NL321", f"code: {CODE}")
        rule = rule.replace("name: site-repeated-line", "name: site-repeated-line-copy")
        rule = rule.replace("min-documents: 3", f"min-documents: {a.min_documents}")
        (rules / "rule.yaml").write_text(rule, encoding="utf-8")
        before = lint(corpus, [], a.jobs)
        after = lint(corpus, ["--rules", str(rules), "--extend-select", CODE], a.jobs)
    bodies = {page: truth for page, (truth, _) in truths.items()}
    for name, found in (("without", before), (f"with {CODE} (min-documents {a.min_documents})", after)):
        junk, *_, clean, clean_docs = evaluate.score(docs, found, bodies)
        junk_per100 = 100 * (clean["boilerplate"] + clean["duplicate"]) / clean_docs
        print(f"{name}:")
        for group in ("all", "cleaned", "naive"):
            print("  " + junk[group].row(group))
        print(f"  clean bodies: {junk_per100:.1f} junk findings per 100")
    by_id = {d["id"]: d for d in docs}
    own = [(doc_id, f) for doc_id, fs in after.items() for f in fs if f["code"] == CODE]
    labelled = {"boilerplate": 0, "content": 0, "other": 0}
    for doc_id, f in own:
        labelled[_label(by_id.get(doc_id), f["line"])] += 1
    print(f"\n{CODE}: {len(own)} findings; by their line's label: {labelled}")
    print(f"{CODE} findings on the human bodies: {sum(1 for doc_id, _ in own if doc_id.endswith('#truth'))}")
    # the line's label, for a first look; the judgement is the reader's
    for doc_id, f in random.Random(a.seed).sample(own, min(a.sample, len(own))):
        print(f"  [{_label(by_id.get(doc_id), f['line'])}] {doc_id}:{f['line']}: {f['message']}")


def _label(doc, line: int) -> str:
    if doc is None:
        return "other"  # a human body
    labels = doc["labels"]
    if line in labels["boilerplate_lines"] or line in labels["duplicate_title_lines"]:
        return "boilerplate"
    if line in labels["content_lines"]:
        return "content"
    return "other"


if __name__ == "__main__":
    main()
