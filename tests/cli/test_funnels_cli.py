"""`whylens funnel` as a user runs it: a real process, one JSON document, CSV export, errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

CSV = """user_id,event,timestamp,price,source
u1,view,2024-01-01T10:00:00Z,,google
u1,cart,2024-01-01T10:05:00Z,,google
u1,buy,2024-01-01T10:09:00Z,20,google
u2,view,2024-01-02T09:00:00Z,,bing
u2,cart,2024-01-02T09:30:00Z,,bing
u2,buy,2024-01-20T09:30:00Z,5,bing
u3,view,2024-01-03T09:00:00Z,,google
u3,refund,2024-01-03T09:01:00Z,,google
u3,cart,2024-01-03T09:02:00Z,,google
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
    path = tmp_path_factory.mktemp("funnel")
    (path / "f.csv").write_text(CSV)
    done = whylens("import", "f.csv", "--db", "w.duckdb", "--json", cwd=path)
    assert done.returncode == 0, done.stderr
    return path


def run_json(folder: Path, *args: str) -> dict:
    done = whylens("funnel", *args, "--db", "w.duckdb", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_json_document_has_the_documented_shape(folder):
    doc = run_json(
        folder, "view", "cart", "buy", "--window", "14d", "--trend", "week", "--breakdown", "source"
    )
    steps = doc["steps"]
    assert [s["persons"] for s in steps] == [3, 3, 1]
    assert steps[0] == {
        **steps[0],
        "step": 1,
        "name": "view",
        "conversion": 1.0,
        "conversion_from_previous": 1.0,
        "median_time_from_previous_s": None,
    }
    assert steps[2]["conversion"] == pytest.approx(1 / 3)
    assert steps[2]["median_time_from_previous_s"] == 240
    assert [v["value"] for v in doc["breakdown"]["values"]] == ["google", "bing"]
    assert sum(p["entered"] for p in doc["trend"]["periods"]) == 3


def test_window_none_order_step_filters_and_exclusions(folder):
    assert [
        s["persons"] for s in run_json(folder, "view", "cart", "buy", "--window", "none")["steps"]
    ] == [3, 3, 2]
    filtered = run_json(
        folder, "view", "cart", "buy", "--window", "none", "--step-where", "3:price > 10"
    )
    assert [s["persons"] for s in filtered["steps"]] == [3, 3, 1]
    excluded = run_json(folder, "view", "cart", "--exclude", "refund:1-2")
    assert [s["persons"] for s in excluded["steps"]] == [2, 2]
    strict = run_json(folder, "view", "cart", "--order", "strict")
    assert [s["persons"] for s in strict["steps"]] == [3, 2]
    either = run_json(folder, "view", "cart|buy", "--hold", "source")
    assert [s["persons"] for s in either["steps"]] == [3, 3]


def test_dropped_persons_listed_and_exported(folder):
    doc = run_json(folder, "view", "cart", "buy", "--dropped-at", "2")
    assert doc["dropped"]["count"] == 2
    assert sorted(p["person_id"] for p in doc["dropped"]["persons"]) == ["u2", "u3"]
    done = whylens(
        "funnel",
        "view",
        "cart",
        "buy",
        "--dropped-at",
        "2",
        "--csv",
        "out.csv",
        "--db",
        "w.duckdb",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    with (folder / "out.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["person_id"] for r in rows) == ["u2", "u3"]
    assert set(rows[0]) == {"person_id", "last_step_time"}


def test_tables_correlation_and_plot(folder):
    done = whylens(
        "funnel",
        "view",
        "cart",
        "buy",
        "--correlation",
        "--correlation-property",
        "source",
        "--plot",
        "f.html",
        "--db",
        "w.duckdb",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    assert "Funnel" in done.stdout and "converting" in done.stdout
    assert (folder / "f.html").stat().st_size > 1000
    doc = run_json(folder, "view", "buy", "--correlation")
    assert {"converters", "dropped", "success", "failure"} <= set(doc["correlation"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["view", "cart", "--exclude", "refund"], "EVENT:FROM-TO"),
        (["view", "cart", "--step-where", "5:price > 1"], "N:FILTER"),
        (["view", "cart", "--dropped-at", "2"], "1 <= step < 2"),
        (["view", "cart", "--csv", "x.csv"], "--dropped-at"),
    ],
)
def test_errors_are_one_line(folder, args, message):
    done = whylens("funnel", *args, "--db", "w.duckdb", "--json", cwd=folder)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
