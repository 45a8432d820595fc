"""`whylens churn` as a user runs it: train saves a model, score lists persons at risk (JSON, CSV),
the bare command does both; errors are one line."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whylens.cli.main import app, main
from whylens.demo.load import create_demo


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
    path = tmp_path_factory.mktemp("churn_cli")
    create_demo(path / "shop.duckdb", users=700, days=90, seed=2).close()
    return path


def test_train_then_score_with_the_saved_model(folder):
    trained = whylens(
        "churn", "train", "--db", "shop.duckdb", "--model", "m.joblib", "--json", cwd=folder
    )
    assert trained.returncode == 0, trained.stderr
    summary = json.loads(trained.stdout)
    assert summary["evaluation"]["auc"] > 0.7 and summary["model_file"] == "m.joblib"
    assert {"persons", "churn_rate", "k", "precision_at_k", "deciles"} <= set(summary["evaluation"])
    assert summary["drivers"][0]["importance"] > 0
    scored = whylens(
        "churn",
        "score",
        "--db",
        "shop.duckdb",
        "--model",
        "m.joblib",
        "--top",
        "7",
        "--csv",
        "risk.csv",
        "--json",
        cwd=folder,
    )
    assert scored.returncode == 0, scored.stderr
    document = json.loads(scored.stdout)
    assert len(document["persons"]) == 7 and document["model"] is None
    with (folder / "risk.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["person_id"] for r in rows] == [p["person_id"] for p in document["persons"]]
    assert rows[0]["reason_1"] == document["persons"][0]["reasons"][0]


def test_bare_churn_trains_and_lists_the_top(folder):
    done = whylens("churn", "--db", "shop.duckdb", "--top", "5", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert len(document["persons"]) == 5 and document["model"]["evaluation"]["auc"] is not None


def test_score_prints_a_table_without_json(folder, monkeypatch):
    monkeypatch.chdir(folder)  # in-process: the model file comes from the train test above
    table = CliRunner().invoke(
        app, ["churn", "score", "--db", "shop.duckdb", "--model", "m.joblib", "--top", "3"]
    )
    assert table.exit_code == 0, table.output
    assert "Persons at risk" in table.output and "days ago" in table.output


def test_a_missing_model_file_is_one_line(folder, monkeypatch, capsys):
    monkeypatch.chdir(folder)  # through the entry point, in-process
    monkeypatch.setattr(
        sys, "argv", ["whylens", "churn", "score", "--db", "shop.duckdb", "--model", "none.joblib"]
    )
    with pytest.raises(SystemExit) as exited:
        main()
    stderr = capsys.readouterr().err
    assert exited.value.code == 1 and "churn train" in stderr
    assert stderr.strip().count("\n") == 0
