"""`newslint clean`: a corpus written back with each record's text fixed, nothing else changed."""

import gzip
import json
import secrets

import pytest

from newslint.records import JsonObject

DEFECTIVE = "Storm closes schools\n\nStorm closes schools\n\nThe storm in kyiv closed schools.\n\nRead more\n"
FIXED_SAFE = "Storm closes schools\n\nStorm closes schools\n\nThe storm in Kyiv closed schools.\n\nRead more\n"
# the last paragraph removed leaves the blank line before it (as --fix does on files)
FIXED_UNSAFE = "Storm closes schools\n\nThe storm in Kyiv closed schools.\n\n"


def lines_of(path) -> list[bytes]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as fh:
        return fh.read().splitlines()


def test_records_keep_order_and_every_other_byte(cli, isolated):
    source = isolated / "in.jsonl"
    raw = [
        '{"id": "a", "n": 1.0, "big": 1e5, "text": ' + json.dumps(DEFECTIVE) + ', "tags": ["é", "\\u00e9"]}',
        '{"text":' + json.dumps("Café in kyiv.\n", ensure_ascii=False) + ',"id":"b","z":null}',  # compact
        '{"id": "c", "text": "broken',  # invalid JSON: copied as it is
        '{"id": "d", "body": "no text field"}',
        '["not", "an", "object"]',
        '{"id": "e", "text": "Fine text."}',
    ]
    source.write_bytes(("\n".join(raw) + "\n").encode("utf-8") + b'{"id": "f", "text": "bad \xff byte"}\n')
    proc = cli("clean", source, "-o", "out.jsonl", "--unsafe-fixes")
    assert proc.returncode == 1, proc.stderr  # records could not be read: said, and the exit code tells
    assert "record 2: invalid JSON" in proc.stderr and "record 6: the record is not valid UTF-8" in proc.stderr
    assert "cleaned 7 record(s)" in proc.stderr and "4 record(s) could not be read" in proc.stderr
    out = lines_of(isolated / "out.jsonl")
    assert len(out) == 7
    assert out[0].decode() == raw[0].replace(json.dumps(DEFECTIVE), json.dumps(FIXED_UNSAFE))
    assert out[1].decode() == '{"text":"Café in Kyiv.\\n","id":"b","z":null}'
    assert out[2:6] == [line.encode() for line in raw[2:6]]
    assert out[6] == b'{"id": "f", "text": "bad \xff byte"}'


def test_safe_fixes_by_default_and_a_report_field(cli, isolated):
    (isolated / "in.jsonl").write_text(json.dumps({"id": "a", "text": DEFECTIVE}) + "\n", encoding="utf-8")
    assert cli("clean", "in.jsonl", "-o", "safe.jsonl").returncode == 0
    assert json.loads(lines_of(isolated / "safe.jsonl")[0])["text"] == FIXED_SAFE
    proc = cli("clean", "in.jsonl", "-o", "unsafe.jsonl", "--unsafe-fixes", "--report-field", "newslint")
    record = json.loads(lines_of(isolated / "unsafe.jsonl")[0])
    assert list(record) == ["id", "text", "newslint"] and record["text"] == FIXED_UNSAFE, proc.stderr
    assert record["newslint"] == {"fixes": 3, "removed": ["Storm closes schools", "Read more"], "remaining": {}}


def test_compressed_corpora_and_all_cores(cli, isolated):
    records = [{"id": f"d{i}", "text": DEFECTIVE if i % 3 else "Fine text.", "n": i} for i in range(600)]
    with gzip.open(isolated / "in.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in records)
    one = cli("clean", "in.jsonl.gz", "-o", "one.jsonl.gz", "--unsafe-fixes", "--jobs", "1")
    two = cli("clean", "in.jsonl.gz", "-o", "two.jsonl.gz", "--unsafe-fixes", "--jobs", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert lines_of(isolated / "one.jsonl.gz") == lines_of(isolated / "two.jsonl.gz")
    got = [json.loads(line) for line in lines_of(isolated / "two.jsonl.gz")]
    assert [r["id"] for r in got] == [r["id"] for r in records]
    assert {r["text"] for r in got} == {FIXED_UNSAFE, "Fine text."}
    pytest.importorskip("zstandard")
    assert cli("clean", "in.jsonl.gz", "-o", "out.jsonl.zst").returncode == 0
    assert cli("clean", "out.jsonl.zst", "-o", "again.jsonl").returncode == 0
    assert lines_of(isolated / "again.jsonl") == [json.dumps(r).encode() for r in
                                                  ({**r, "text": FIXED_SAFE if r["text"] != "Fine text." else r["text"]}
                                                   for r in records)]


def test_parquet_in_and_out_keeps_the_other_columns(cli, isolated):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from datetime import datetime, timezone

    when = datetime(2024, 5, 1, 12, 30, 0, 123456, tzinfo=timezone.utc)
    table = pa.table({
        "id": pa.array(["a", "b", "c"]),
        "text": pa.array([DEFECTIVE, None, "Fine text."], type=pa.large_string()),
        "crawled": pa.array([when] * 3, type=pa.timestamp("us", tz="UTC")),
        "links": pa.array([[1, 2], [], None], type=pa.list_(pa.int32())),
    })
    pq.write_table(table, isolated / "in.parquet")
    proc = cli("clean", "in.parquet", "-o", "out.parquet", "--unsafe-fixes", "--report-field", "nl")
    assert proc.returncode == 1 and "record 1: the record has no 'text' field" in proc.stderr, proc.stderr
    got = pq.read_table(isolated / "out.parquet")
    assert got.schema.remove(got.schema.get_field_index("nl")) == table.schema
    assert got.column("text").to_pylist() == [FIXED_UNSAFE, None, "Fine text."]
    for name in ("id", "crawled", "links"):
        assert got.column(name).equals(table.column(name))
    assert json.loads(got.column("nl")[0].as_py())["fixes"] == 3 and got.column("nl")[1].as_py() is None
    # Parquet to JSON Lines, and back
    assert cli("clean", "in.parquet", "-o", "out.jsonl").returncode == 1
    rows = [json.loads(line) for line in lines_of(isolated / "out.jsonl")]
    assert rows[0]["crawled"] == "2024-05-01T12:30:00.123456+00:00" and rows[2]["links"] is None
    (isolated / "in.jsonl").write_text("".join(json.dumps({"id": i, "text": DEFECTIVE}) + "\n" for i in range(3)),
                                       encoding="utf-8")
    assert cli("clean", "in.jsonl", "-o", "from-jsonl.parquet").returncode == 0
    assert pq.read_table(isolated / "from-jsonl.parquet").to_pylist() == [{"id": i, "text": FIXED_SAFE} for i in range(3)]


def test_output_is_complete_or_absent(cli, isolated):
    (isolated / "in.jsonl").write_text(json.dumps({"id": "a", "text": DEFECTIVE}) + "\n", encoding="utf-8")
    proc = cli("clean", "in.jsonl", "-o", "in.jsonl")
    assert proc.returncode == 2 and "this is the input" in proc.stderr
    assert cli("clean", "in.jsonl", "-o", "out.txt").returncode == 2
    assert cli("clean", "missing.jsonl", "-o", "out.jsonl").returncode == 2
    # a gzip file cut short: the run fails with a message, the old output stays as it was
    # (records of 4 kB that do not compress: several batches are cleaned and written before the cut)
    data = gzip.compress("".join(json.dumps({"id": i, "text": DEFECTIVE, "blob": secrets.token_hex(2000)}) + "\n"
                                 for i in range(300)).encode())
    (isolated / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (isolated / "out.jsonl").write_text("previous\n", encoding="utf-8")
    proc = cli("clean", "cut.jsonl.gz", "-o", "out.jsonl", "--jobs", "1")
    assert proc.returncode == 2 and "cut.jsonl.gz: cannot read" in proc.stderr and "Traceback" not in proc.stderr
    assert (isolated / "out.jsonl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in isolated.iterdir()) == ["cut.jsonl.gz", "in.jsonl", "out.jsonl"]
    # JSON Lines to Parquet cannot carry a broken record
    (isolated / "in.jsonl").write_text('{"id": "a", "text": "x"}\n{broken\n', encoding="utf-8")
    proc = cli("clean", "in.jsonl", "-o", "out.parquet")
    assert proc.returncode == 2 and "write JSON Lines" in proc.stderr
    assert not (isolated / "out.parquet").exists()


def test_json_object_replaces_values_in_place():
    record = JsonObject('{ "a" :1 , "text":"x\\u00e9", "a": [1,\t2] }\r\n')
    assert record.value == {"a": [1, 2], "text": "xé"}
    assert record.replaced({"text": "y", "a": 3}) == '{ "a" :1 , "text":"y", "a": 3 }\r\n'
    assert record.replaced({"new": "é"}) == '{ "a" :1 , "text":"x\\u00e9", "a": [1,\t2] , "new" :"\\u00e9" }\r\n'
    for bad in ('{"a": 1', '{"a": 1,}', '{"a" 1}', '{"a": 1} x', '[1]', '{"a": tru}'):
        with pytest.raises(ValueError):
            JsonObject(bad)
