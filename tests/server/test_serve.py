"""`whylens serve` owns the database; the CLI and notebooks keep working through it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import whylens
from tests.server.live import free_port

CSV = "user_id,event,timestamp\nu1,signup,2024-01-01T10:00:00Z\nu2,signup,2024-01-02T09:00:00Z\n"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def served(tmp_path: Path, request: pytest.FixtureRequest):
    """A server over a two-event database; `indirect` parameters are extra `serve` options."""
    (tmp_path / "a.csv").write_text(CSV)
    assert cli("import", "a.csv", "--db", "w.duckdb", cwd=tmp_path).returncode == 0
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "whylens.cli.main",
            "serve",
            "--db",
            "w.duckdb",
            "--port",
            str(port),
            *getattr(request, "param", ()),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("server did not become healthy: " + process.stderr.read())
    yield tmp_path, port, process
    if process.poll() is None:
        process.kill()


def test_cli_reads_and_imports_through_the_running_server(served):
    folder, port, process = served
    info = json.loads(cli("info", "--db", "w.duckdb", "--json", cwd=folder).stdout)
    assert info["events"] == 2
    (folder / "b.csv").write_text("user_id,event,timestamp\nu3,signup,2024-01-03T09:00:00Z\n")
    imported = json.loads(cli("import", "b.csv", "--db", "w.duckdb", "--json", cwd=folder).stdout)
    assert imported["imported"] == 1
    with whylens.open(folder / "w.duckdb") as ws:  # a notebook, meanwhile
        assert ws.sql("SELECT count(*) AS n FROM events")["n"][0] == 3
    refused = cli("sql", "DELETE FROM events", "--db", "w.duckdb", cwd=folder)
    assert refused.returncode == 1 and "SELECT" in refused.stderr


def test_the_internal_routes_need_the_token(served):
    _, port, _ = served
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/internal/query",
        data=b'{"sql": "SELECT 1"}',
        method="POST",
        headers={"Content-Type": "application/json", "X-Whylens-Token": "guess"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=5)
    assert raised.value.code == 403


def test_sigterm_stops_cleanly_and_the_file_is_free_again(served):
    folder, _, process = served
    assert (folder / "w.duckdb.server.json").exists()
    os.kill(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    assert not (folder / "w.duckdb.server.json").exists()
    with whylens.open(folder / "w.duckdb") as ws:
        assert ws.info()["events"] == 2


@pytest.mark.parametrize(
    ("served", "trains"), [((), True), (("--no-train-churn",), False)], indirect=["served"]
)
def test_the_churn_model_is_trained_at_start_unless_told_not_to(served, trains):
    _, _, process = served
    os.kill(process.pid, signal.SIGTERM)
    _, log = process.communicate(timeout=30)
    assert ("churn: training the default model" in log) is trains
