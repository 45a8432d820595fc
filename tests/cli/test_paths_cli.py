"""`whylens paths` as a user runs it: JSON documents on stdout, tables, the Sankey file, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CSV = """user_id,event,timestamp
a,home,2024-01-01T10:00:00Z
a,search,2024-01-01T10:01:00Z
a,search,2024-01-01T10:02:00Z
a,buy,2024-01-01T10:03:00Z
b,home,2024-01-01T10:00:00Z
b,buy,2024-01-01T10:05:00Z
c,search,2024-01-01T10:00:00Z
"""


def whylens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paths")
    (folder / "f.csv").write_text(CSV)
    done = whylens("import", "f.csv", "--db", "w.duckdb", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


def run_json(folder: Path, *args: str) -> dict:
    done = whylens("paths", "--db", "w.duckdb", "--json", *args, cwd=folder)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_next_steps_as_json(folder):
    doc = run_json(folder, "--start", "home", "--depth", "2")
    assert (doc["direction"], doc["persons"]) == ("next", 2)
    assert doc["steps"][1] == {
        "step": 1,
        "nodes": [
            {"name": "buy", "persons": 1, "share": 0.5},
            {"name": "search", "persons": 1, "share": 0.5},
        ],
    }
    assert {"step": 2, "source": "buy", "target": "end", "persons": 1} in doc["links"]
    assert doc["top_paths"][0] == {"path": ["home", "buy"], "persons": 1, "share": 0.5}


def test_transitions_json_shape(folder):
    doc = run_json(folder, "--transitions", "--collapse")
    assert doc == {
        "transitions": [
            {"from": "home", "to": "buy", "count": 1, "probability": 0.5},
            {"from": "home", "to": "search", "count": 1, "probability": 0.5},
            {"from": "search", "to": "buy", "count": 1, "probability": 1.0},
        ]
    }


def test_between_previous_and_step_matrix(folder):
    between = run_json(folder, "--start", "home", "--end", "buy", "--depth", "1")
    assert (between["converted"], between["median_s"]) == (2, 240.0)
    assert between["top_paths"][1]["path"] == ["home", "search", "...", "buy"]
    previous = run_json(folder, "--end", "buy", "--depth", "1", "--by-session")
    assert previous["steps"][0]["step"] == -1
    matrix = run_json(folder, "--start", "search", "--depth", "1", "--step-matrix")
    assert {(x["step"], x["name"]): x["share"] for x in matrix["step_matrix"]} == {
        (0, "search"): 1.0,
        (1, "search"): 0.5,
        (1, "end"): 0.5,
    }


def test_tables_and_plot(folder):
    done = whylens("paths", "--db", "w.duckdb", "--start", "home", "--plot", "s.html", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "Paths after home: 2 persons" in done.stdout and "Top paths" in done.stdout
    assert "home → search → search → buy" in done.stdout
    assert "sankey" in (folder / "s.html").read_text()
    matrix = whylens("paths", "--db", "w.duckdb", "--end", "buy", "--step-matrix", cwd=folder)
    assert "Step matrix" in matrix.stdout and "step -1" in matrix.stdout
    pairs = whylens("paths", "--db", "w.duckdb", "--transitions", cwd=folder)
    assert "Transitions" in pairs.stdout and "probability" in pairs.stdout


def test_errors_are_one_line(folder):
    done = whylens("paths", "--db", "w.duckdb", "--transitions", "--start", "home", cwd=folder)
    assert done.returncode == 1 and "takes no --start/--end" in done.stderr
    both = whylens("paths", "--db", "w.duckdb", "--from", "home", "--start", "buy", cwd=folder)
    assert both.returncode == 1 and "is not a date, and --start is given" in both.stderr


def test_from_and_to_take_an_event_or_a_date(folder):
    as_event = json.loads(
        whylens("paths", "--db", "w.duckdb", "--from", "home", "--json", cwd=folder).stdout
    )
    as_start = json.loads(
        whylens("paths", "--db", "w.duckdb", "--start", "home", "--json", cwd=folder).stdout
    )
    assert as_event["start"] == "home" and as_event["steps"] == as_start["steps"]
    dated = json.loads(
        whylens(
            "paths",
            "--db",
            "w.duckdb",
            "--start",
            "home",
            "--from",
            "2000-01-01",
            "--json",
            cwd=folder,
        ).stdout
    )
    assert dated["scope"]["from"].startswith("2000-01-01") and dated["start"] == "home"
