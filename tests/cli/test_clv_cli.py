"""`whylens clv` as a user runs it: one JSON document of the documented shape, a table, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import whylens as whylens_library
from tests.insights.clv.simulate import calibration_end, histories


def whylens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "160"},
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clv")
    with whylens_library.open(path / "shop.duckdb") as ws:
        ws.import_table(histories(300, 0.5, 4.0, 0.8, 2.5, 6.0, 4.0, 15.0, seed=5))
    return path


def test_json_has_the_fitted_parameters_and_the_top_persons(folder):
    done = whylens(
        "clv",
        "--db",
        "shop.duckdb",
        "--purchase-event",
        "purchase",
        "--value-property",
        "revenue",
        "--until",
        calibration_end(),
        "--unit",
        "week",
        "--horizon",
        "26w",
        "--top",
        "5",
        "--json",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document["bgnbd"]) >= {"r", "alpha", "a", "b", "log_likelihood"}
    assert set(document["gamma_gamma"]) >= {"p", "q", "v"}
    assert document["until"] == calibration_end() and document["customers"] == 300
    assert len(document["persons"]) == 5
    assert set(document["persons"][0]) >= {
        "person_id",
        "frequency",
        "recency",
        "T",
        "monetary",
        "p_alive",
        "expected_purchases",
        "expected_value",
    }
    values = [p["expected_value"] for p in document["persons"]]
    assert values == sorted(values, reverse=True)


def test_table_without_json_and_errors_in_one_line(folder):
    done = whylens("clv", "--db", "shop.duckdb", "--purchase-event", "purchase", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "BG/NBD" in done.stdout and "p_alive" in done.stdout
    failed = whylens(
        "clv", "--db", "shop.duckdb", "--purchase-event", "purchase", "--unit", "month", cwd=folder
    )
    assert failed.returncode == 1
    assert failed.stderr.strip().count("\n") == 0 and "unknown unit" in failed.stderr
