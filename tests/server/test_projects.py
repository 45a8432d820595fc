"""Projects: a write key writes only to its project, analyses see only their project."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from fastapi.testclient import TestClient

import whylens
from whylens.model import keys
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings


def cli(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_project_create_prints_both_keys_and_analyses_keep_projects_apart(tmp_path):
    made = cli("project", "create", "shop", "--db", "w.duckdb", "--json", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    document = json.loads(made.stdout)
    assert set(document) == {"project", "write_key", "read_key"} and document["project"] == "shop"
    assert document["write_key"].startswith("wlw_") and document["read_key"].startswith("wlr_")
    (tmp_path / "a.csv").write_text(
        "user_id,event,timestamp\nu1,buy,2024-01-01\nu2,buy,2024-01-01\n"
    )
    (tmp_path / "b.csv").write_text("user_id,event,timestamp\nz9,view,2024-01-02\n")
    assert (
        cli("import", "a.csv", "--db", "w.duckdb", "--project", "shop", cwd=tmp_path).returncode
        == 0
    )
    assert cli("import", "b.csv", "--db", "w.duckdb", cwd=tmp_path).returncode == 0
    shop = json.loads(
        cli("info", "--db", "w.duckdb", "--project", "shop", "--json", cwd=tmp_path).stdout
    )
    default = json.loads(cli("info", "--db", "w.duckdb", "--json", cwd=tmp_path).stdout)
    assert (shop["events"], shop["event_names"]) == (2, {"buy": 2})
    assert (default["events"], default["event_names"]) == (1, {"view": 1})
    trends = json.loads(
        cli("trends", "--db", "w.duckdb", "--project", "shop", "--json", cwd=tmp_path).stdout
    )
    assert trends["series"][0]["total"] == 2
    missing = cli("info", "--db", "w.duckdb", "--project", "nope", cwd=tmp_path)
    assert missing.returncode == 1 and "no project 'nope'" in missing.stderr


def test_a_write_key_writes_only_to_its_project_and_a_read_key_cannot_write(tmp_path):
    with whylens.open(":memory:") as ws:
        shop = keys.create_project(ws.engine, "shop")
        blog = keys.create_project(ws.engine, "blog")
        settings = CaptureSettings(log_dir=tmp_path / "log")
        with TestClient(create_app(ws, capture=settings)) as client:
            for key, who in ((shop["write_key"], "s1"), (blog["write_key"], "b1")):
                body = {"api_key": key, "batch": [{"event": "e", "distinct_id": who}]}
                assert client.post("/batch/", json=body).status_code == 200
            refused = client.post(
                "/batch/",
                json={"api_key": shop["read_key"], "batch": [{"event": "e", "distinct_id": "x"}]},
            )
            assert refused.status_code == 401
            writer = client.app.state.capture.writer
            deadline = time.monotonic() + 20
            while writer.backlog and time.monotonic() < deadline:
                time.sleep(0.05)
        rows = ws.sql("SELECT project_id, person_id FROM events ORDER BY 1").values.tolist()
    assert rows == [["blog", "b1"], ["shop", "s1"]]
