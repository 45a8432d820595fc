"""`whylens adoption` as a user runs it: one JSON document, a table, a chart file, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CSV = """user_id,event,timestamp
a,signup,2024-01-01T10:00:00Z
a,wishlist,2024-01-01T11:00:00Z
a,compare,2024-01-03T10:00:00Z
a,compare,2024-02-05T10:00:00Z
b,view,2024-01-02T10:00:00Z
b,compare,2024-01-06T10:00:00Z
c,view,2024-01-01T12:00:00Z
c,view,2024-02-10T12:00:00Z
d,compare,2024-02-12T10:00:00Z
"""
RANGE = ("--from", "2024-01-01", "--to", "2024-02-25")


def whylens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "160"},  # a wide terminal: the table is not squeezed
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("adoption")
    (path / "f.csv").write_text(CSV)
    done = whylens("import", "f.csv", "--db", "w.duckdb", "--json", cwd=path)
    assert done.returncode == 0, done.stderr
    return path


def test_json_document_and_chart(folder):
    done = whylens(
        "adoption",
        "compare",
        "wishlist",
        "--db",
        "w.duckdb",
        *RANGE,
        "--json",
        "--plot",
        "chart.html",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    compare, wishlist = document["features"]
    assert compare["feature"] == "compare" and wishlist["feature"] == "wishlist"
    assert (compare["adopters"], compare["active_persons"], compare["adoption_rate"]) == (
        3,
        4,
        0.75,
    )
    assert (compare["median_days_to_adopt"], compare["retained_rate"]) == (2.0, 0.5)
    assert compare["trend"][0] == {
        "interval": "2024-01-01",
        "active_persons": 3,
        "users": 2,
        "rate": 2 / 3,
    }
    assert set(compare) >= {
        "uses_per_adopter_week",
        "adopter_active_rate",
        "non_adopter_active_rate",
        "trend_slope",
        "gathering_dust",
    }
    assert document["breadth"]["mean"] == 1.0
    assert document["breadth"]["distribution"][0] == {"features": 0, "persons": 1}
    assert (folder / "chart.html").stat().st_size > 0


def test_options_reach_the_analysis(folder):
    done = whylens(
        "adoption",
        "compare",
        "--active",
        "view",
        "--weeks-retained",
        "2",
        "--interval",
        "month",
        "--where",
        "event != signup",
        "--db",
        "w.duckdb",
        *RANGE,
        "--json",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["weeks_retained"], document["interval"]) == (2, "month")
    assert document["scope"]["where"] == ["event != signup"]
    compare = document["features"][0]
    assert (compare["adopters"], compare["active_persons"]) == (1, 2)
    assert [p["interval"] for p in compare["trend"]] == ["2024-01-01", "2024-02-01"]


def test_table_output(folder):
    done = whylens("adoption", "compare", "wishlist", "--db", "w.duckdb", *RANGE, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "compare" in done.stdout and "75%" in done.stdout and "Breadth" in done.stdout


def test_bad_interval_is_one_line_error(folder):
    done = whylens("adoption", "compare", "--interval", "fortnight", "--db", "w.duckdb", cwd=folder)
    assert done.returncode == 1
    assert done.stdout == "" and "unknown interval" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
