"""`whylens retention`, `stickiness` and `lifecycle` as a user runs them: a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CSV = """user_id,event,timestamp,plan
u1,signup,2024-01-01T10:00:00Z,pro
u1,view,2024-01-09T10:05:00Z,pro
u2,signup,2024-01-02T09:00:00Z,free
u2,view,2024-01-17T09:00:00Z,free
u3,signup,2024-01-10T09:00:00Z,free
u3,view,2024-01-16T09:00:00Z,free
u3,view,2024-01-31T09:00:00Z,free
"""


def whylens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args, "--db", "w.duckdb"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("retention")
    (path / "f.csv").write_text(CSV)
    assert whylens("import", "f.csv", "--json", cwd=path).returncode == 0
    return path


def test_retention_json(folder):
    done = whylens(
        "retention",
        "--start",
        "signup",
        "--return",
        "view",
        "--periods",
        "3",
        "--unbounded",
        "--breakdown",
        "plan",
        "--json",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    # u1 (pro) and u2 (free) start in the week of Jan 1, u3 (free) in the week of Jan 8; data
    # ends Jan 31 09:00, so week 3 of the first cohort (Jan 22 - 28) is the last shown.
    assert [(c["breakdown"], c["cohort"], c["counts"]) for c in doc["cohorts"]] == [
        ("free", "2024-01-01", [1, 1, 1, 0]),
        ("free", "2024-01-08", [1, 1, 1]),
        ("pro", "2024-01-01", [1, 1, 0, 0]),
    ]
    assert doc["average"] == [1.0, 1.0, 2 / 3, 0.0]
    assert doc["query"]["mode"] == "on_or_after"


def test_retention_table_and_plot(folder):
    done = whylens(
        "retention",
        "--start",
        "signup",
        "--return",
        "view",
        "--recurring",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-28",
        "--plot",
        "r.html",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    assert "average (weighted)" in done.stdout and "week 0" in done.stdout
    assert (folder / "r.html").stat().st_size > 1000


def test_stickiness_and_lifecycle_json(folder):
    sticky = json.loads(whylens("stickiness", "view", "--json", cwd=folder).stdout)
    assert sticky["distribution"] == [
        {"period": "2024-01-08", "days": 1, "persons": 1},
        {"period": "2024-01-15", "days": 1, "persons": 2},
        {"period": "2024-01-29", "days": 1, "persons": 1},
    ]
    assert sticky["dau_mau"][-1] == {"date": "2024-01-31", "dau": 1, "mau": 3, "ratio": 1 / 3}
    life = json.loads(
        whylens("lifecycle", "view", "--interval", "week", "--json", cwd=folder).stdout
    )
    assert [(i["interval"], i["resurrecting"], i["dormant"]) for i in life["intervals"]] == [
        ("2024-01-01", 0, 0),
        ("2024-01-08", 1, 0),
        ("2024-01-15", 2, -1),
        ("2024-01-22", 0, -2),
        ("2024-01-29", 1, 0),
    ]


def test_tables_and_errors(folder):
    for command in (["stickiness", "--period", "month"], ["lifecycle", "--plot", "l.html"]):
        done = whylens(*command, cwd=folder)
        assert done.returncode == 0, done.stderr
        assert "2024-01" in done.stdout
    bad = whylens("retention", "--period", "hour", cwd=folder)
    assert bad.returncode == 1 and "not offered" in bad.stderr and bad.stdout == ""
