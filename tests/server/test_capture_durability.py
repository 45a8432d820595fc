"""Durability of `whylens serve`: killed with SIGKILL under load, restarted, every acknowledged
event is in the store exactly once; SIGTERM drains what was acknowledged before exiting."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson

import whylens
from tests.server.live import free_port


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "whylens.cli.main", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def start_server(folder: Path, port: int) -> subprocess.Popen:
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
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if post(port, "/health", None, method="GET")[0] == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start: " + process.communicate()[1])


def post(port: int, path: str, body: dict | None, method: str = "POST") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, orjson.dumps(body) if body else None,
                           {"Content-Type": "application/json"})  # fmt: skip
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def batch(key: str, thread: int, number: int, size: int = 10) -> dict:
    events = [
        {
            "event": "load",
            "distinct_id": f"p{thread}-{number % 5}",
            "uuid": f"t{thread}-{number}-{i}",
        }
        for i in range(size)
    ]
    return {"api_key": key, "batch": events}


def load(port: int, key: str, thread: int, acked: list[str], stop: threading.Event) -> None:
    """Send batches until told to stop or the server goes away; note what was acknowledged."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for number in range(150):  # bounded: at most 1,500 events per thread
        if stop.is_set():
            break
        body = batch(key, thread, number)
        try:
            connection.request("POST", "/batch/", orjson.dumps(body),
                               {"Content-Type": "application/json"})  # fmt: skip
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            break
        if response.status == 200:
            acked.extend(event["uuid"] for event in body["batch"])
        time.sleep(0.005)
    connection.close()


def test_sigkill_under_load_loses_no_acknowledged_event_and_sigterm_drains(tmp_path):
    created = cli("keys", "create", "--project", "load", "--kind", "write", "--db", "w.duckdb",
                  "--json", cwd=tmp_path)  # fmt: skip
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)["key"]
    port = free_port()
    server = start_server(tmp_path, port)
    acked: list[str] = []
    stop = threading.Event()
    threads = [
        threading.Thread(target=load, args=(port, key, n, acked, stop), daemon=True)
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while len(acked) < 1500 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)  # mid-load: requests in flight, the writer mid-batch
    server.wait(timeout=30)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acked) >= 100

    server = start_server(tmp_path, port)  # start-up replays the log before serving
    retried = batch(key, 0, 0)  # a client retrying a batch that was acknowledged before
    assert post(port, "/batch/", retried)[0] == 200
    made = cli("keys", "create", "--project", "late", "--db", "w.duckdb", "--json", cwd=tmp_path)
    assert made.returncode == 0, made.stderr  # keys can be made while the server holds the file
    late = [{"event": "late", "distinct_id": "z", "uuid": f"late-{i}"} for i in range(20)]
    late_key = json.loads(made.stdout)["key"]
    assert post(port, "/batch/", {"api_key": late_key, "batch": late})[0] == 200
    server.send_signal(signal.SIGTERM)  # straight after the 200s: the writer may not have run
    assert server.wait(timeout=60) == 0

    with whylens.open(tmp_path / "w.duckdb") as ws:
        counts = ws.engine.query(
            "SELECT event_id, count(*) AS n FROM events WHERE project_id = 'load' GROUP BY 1"
        ).to_pylist()
        late_stored = ws.sql("SELECT count(*) AS n FROM events WHERE project_id = 'late'")["n"][0]
    stored = {row["event_id"]: row["n"] for row in counts}
    assert set(acked) <= set(stored), f"{len(set(acked) - set(stored))} acknowledged events lost"
    assert all(n == 1 for n in stored.values())
    assert late_stored == 20
