"""The datatrove blocks, run by a real datatrove LocalPipelineExecutor on a JSON Lines corpus."""

import gzip
import json

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")  # datatrove's JSON Lines reader and writer need it

DEFECTIVE = "Storm closes schools\n\nStorm closes schools\n\nThe storm in kyiv closed schools.\n\nRead more\n"
CLEANED = "Storm closes schools\n\nThe storm in Kyiv closed schools.\n\n"
MOJIBAKE = "The minister said: â€œWe will not give up.â€\x9d The talks go on.\n"


def read_folder(folder) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh]
    return rows


def test_lint_clean_and_filter_in_a_local_pipeline(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from newslint.integrations.datatrove import NewslintCleaner, NewslintFilter, NewslintLinter

    source = tmp_path / "in"
    source.mkdir()
    for part in range(2):
        with open(source / f"part-{part}.jsonl", "w", encoding="utf-8") as out:
            for i in range(10):
                text = MOJIBAKE if i == 3 else DEFECTIVE if i % 2 else "The council met on Tuesday to vote."
                out.write(json.dumps({"id": f"p{part}-{i}", "text": text, "url": f"https://a.example/{part}/{i}"}) + "\n")
    LocalPipelineExecutor([
        JsonlReader(str(source)),
        NewslintLinter(),
        NewslintFilter(max_per_category={"encoding": 0}, exclusion_writer=JsonlWriter(str(tmp_path / "dropped"))),
        NewslintCleaner(unsafe=True, key="cleaning"),
        JsonlWriter(str(tmp_path / "out")),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()

    kept = sorted(read_folder(tmp_path / "out"), key=lambda r: r["id"])
    dropped = read_folder(tmp_path / "dropped")
    assert sorted(r["id"] for r in dropped) == ["p0-3", "p1-3"]
    assert dropped[0]["metadata"]["filter_reason"] == "newslint_encoding"
    assert len(kept) == 18
    bad = next(r for r in kept if r["id"] == "p0-1")
    assert bad["text"] == CLEANED
    lint = bad["metadata"]["newslint"]
    assert lint["counts"]["NL101"] == 1 and lint["severities"]["error"] >= 1 and lint["chars"] == len(DEFECTIVE)
    assert {f["code"] for f in lint["findings"]} >= {"NL101", "NL305", "NL701"}
    assert bad["metadata"]["cleaning"]["removed"] == ["Storm closes schools", "Read more"]
    assert bad["metadata"]["cleaning"]["remaining"] == {}
    fine = next(r for r in kept if r["id"] == "p0-0")
    assert fine["text"] == "The council met on Tuesday to vote." and fine["metadata"]["newslint"]["counts"] == {}
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    names = {name for step in stats for name in step["stats"]}
    assert {"findings_boilerplate", "dropped_newslint_encoding", "changed", "fixes"} <= names


def test_filter_thresholds_lint_by_themselves():
    from datatrove.data import Document

    from newslint.integrations.datatrove import NewslintFilter

    docs = [Document(text=DEFECTIVE, id="a"), Document(text="The council met on Tuesday.", id="b")]
    assert [NewslintFilter(max_errors=0).filter(d) for d in docs] == [(False, "newslint_errors"), True]
    assert [NewslintFilter(max_density=20).filter(d) for d in docs] == [(False, "newslint_density"), True]
    assert NewslintFilter(max_errors=0, select=["NL701"]).filter(docs[0]) is True  # only the rules selected
