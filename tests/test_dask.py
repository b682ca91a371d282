"""A real dask.distributed cluster on localhost: a scheduler process and worker processes."""

import json
import socket
import subprocess
import sys

import pytest

from conftest import findings

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")

DEFECTIVE = "Storm closes schools\n\nStorm closes schools\n\nThe storm closed schools.\n\nRead more\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler():
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2",
                                   "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_cluster_findings_equal_the_local_run(cli, isolated, scheduler):
    with open(isolated / "c.jsonl", "w", encoding="utf-8") as out:
        for i in range(2000):
            out.write(json.dumps({"id": f"d{i}", "text": DEFECTIVE if i % 2 else "Fine text."}) + "\n")
    local = cli("c.jsonl", "--output-format", "json-lines", "--jobs", "1")
    remote = cli("c.jsonl", "--output-format", "json-lines", "--scheduler", scheduler)
    assert remote.returncode == local.returncode == 1, remote.stderr
    assert remote.stdout == local.stdout and len(findings(remote)) == 2000


def test_unreachable_scheduler_is_a_clear_error(cli, isolated):
    (isolated / "a.txt").write_text("Fine text.\n", encoding="utf-8")
    proc = cli("a.txt", "--scheduler", f"tcp://127.0.0.1:{free_port()}", timeout=120)
    assert proc.returncode == 2 and "Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr


def test_dataframe_and_bag_api(scheduler):
    import dask.bag as db
    import pandas as pd

    from newslint import Linter
    from newslint.dask import lint_bag, lint_dataframe

    records = [{"id": f"d{i}", "text": DEFECTIVE if i % 2 else "Fine text."} for i in range(40)]
    with distributed.Client(scheduler):
        frame = dd.from_pandas(pd.DataFrame(records), npartitions=4)
        result = lint_dataframe(frame, linter=Linter(select=["NL1", "NL3"])).compute()
        assert set(result["id"]) == {f"d{i}" for i in range(1, 40, 2)}
        assert set(result["code"]) == {"NL101", "NL305"}
        bag = lint_bag(db.from_sequence(records, npartitions=3)).compute()
        assert len(bag) == len(lint_dataframe(frame).compute())


def test_cluster_counts_site_lines_and_cleans_like_a_local_run(cli, isolated, scheduler):
    """The corpus pass runs on the workers (the client merges their counts), the linter
    travels with its table; clean writes the same corpus."""
    footer = "The Ledger, 12 Main Street, Springfield, since 1881"
    with open(isolated / "c.jsonl", "w", encoding="utf-8") as out:
        for i in range(1200):
            text = f"Story {'abcdefghij'[i % 10]} {i % 7}\n\n{DEFECTIVE if i % 2 else 'Fine text.'}\n{footer if i % 3 else ''}\n"
            out.write(json.dumps({"id": f"d{i}", "url": f"https://site{i % 4}.example/{i}", "text": text}) + "\n")
    args = ["c.jsonl", "--select", "NL321", "--output-format", "json-lines"]
    local = cli(*args, "--jobs", "1")
    remote = cli(*args, "--scheduler", scheduler)
    assert remote.returncode == local.returncode == 1, remote.stderr
    assert remote.stdout == local.stdout
    assert sum(f["message"].startswith(f"'{footer}' recurs on 200 pages of site") for f in findings(remote)) == 800
    assert cli("clean", "c.jsonl", "-o", "local.jsonl", "--unsafe-fixes", "--jobs", "1").returncode == 0
    proc = cli("clean", "c.jsonl", "-o", "remote.jsonl", "--unsafe-fixes", "--scheduler", scheduler)
    assert proc.returncode == 0, proc.stderr
    assert (isolated / "remote.jsonl").read_bytes() == (isolated / "local.jsonl").read_bytes()
