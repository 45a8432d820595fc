"""The command line as a user runs it: a real process, stdout JSON, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CSV = "user_id,event,timestamp\nu1,signup,2024-01-01T10:00:00Z\nu1,purchase,2024-01-01T10:05:00Z\nu2,signup,2024-01-02T09:00:00Z\n"


def whylens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "f.csv").write_text(CSV)
    return tmp_path


def test_import_info_and_sql_as_json(folder):
    first = whylens("import", "f.csv", "--db", "w.duckdb", "--json", cwd=folder)
    assert first.returncode == 0, first.stderr
    doc = json.loads(first.stdout)
    assert {k: doc[k] for k in ("read", "imported", "duplicates", "rejected")} == {
        "read": 3,
        "imported": 3,
        "duplicates": 0,
        "rejected": 0,
    }
    again = json.loads(whylens("import", "f.csv", "--db", "w.duckdb", "--json", cwd=folder).stdout)
    assert (again["imported"], again["duplicates"]) == (0, 3)

    info = json.loads(whylens("info", "--db", "w.duckdb", "--json", cwd=folder).stdout)
    assert info == {
        "events": 3,
        "persons": 2,
        "sessions": 2,
        "event_names": {"signup": 2, "purchase": 1},
        "first": "2024-01-01T10:00:00",
        "last": "2024-01-02T09:00:00",
    }

    rows = json.loads(
        whylens(
            "sql",
            "SELECT person_id, count(*) AS n FROM events GROUP BY 1 ORDER BY 1",
            "--db",
            "w.duckdb",
            "--json",
            cwd=folder,
        ).stdout
    )
    assert rows == [{"person_id": "u1", "n": 2}, {"person_id": "u2", "n": 1}]


def test_database_from_the_environment(folder):
    env_run = subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", "import", "f.csv", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "WHYLENS_DB": "env.duckdb"},
    )
    assert env_run.returncode == 0, env_run.stderr
    assert (folder / "env.duckdb").exists()


def test_errors_are_one_line_without_traceback(folder):
    result = whylens("sql", "SELECT nope", "--db", "w.duckdb", cwd=folder)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and result.stdout == ""

    whylens("import", "f.csv", "--db", "w.duckdb", cwd=folder)
    result = whylens("sql", "SELECT nope", "--db", "w.duckdb", cwd=folder)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "nope" in result.stderr
    assert "Traceback" not in result.stderr

    missing = whylens("import", "missing.csv", "--db", "w.duckdb", cwd=folder)
    assert missing.returncode == 1 and "missing.csv" in missing.stderr

    debug = whylens("--debug", "sql", "SELECT nope", "--db", "w.duckdb", cwd=folder)
    assert "Traceback" in debug.stderr


def test_sql_cannot_write(folder):
    whylens("import", "f.csv", "--db", "w.duckdb", cwd=folder)
    result = whylens("sql", "DELETE FROM events", "--db", "w.duckdb", cwd=folder)
    assert result.returncode == 1
    info = json.loads(whylens("info", "--db", "w.duckdb", "--json", cwd=folder).stdout)
    assert info["events"] == 3


def test_bad_rows_are_reported_and_kept(folder):
    (folder / "bad.csv").write_text("user_id,event,timestamp\nu1,a,2024-01-01\nu2,b,yesterday\n")
    result = whylens("import", "bad.csv", "--db", "w.duckdb", "--rejects", "rej.csv", cwd=folder)
    assert result.returncode == 0
    assert "bad.csv row 2: timestamp" in result.stderr
    assert "yesterday" in (folder / "rej.csv").read_text()
    listed = json.loads(whylens("rejects", "--db", "w.duckdb", "--json", cwd=folder).stdout)
    assert [(r["row_number"], r["field"]) for r in listed] == [(2, "timestamp")]
