"""`whylens feedback …` and `whylens import-feedback` as a user runs them: one JSON document
with --json, tables otherwise, one-line errors."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whylens import open as whylens_open
from whylens.cli.main import app
from whylens.errors import ImportFileError
from whylens.insights.segments import MissingSegment

CSV = """person_id,text,score,kind,timestamp
a,Still waiting for my parcel,2,nps,2026-05-04T10:00:00Z
b,"Great prices, fast delivery!",10,nps,2026-05-05T10:00:00Z
c,Die App stürzt ständig ab,,text,2026-05-06T10:00:00Z
d,,4,csat,2026-05-12T10:00:00Z
e,The app keeps crashing,,text,2026-05-13T10:00:00Z
f,Nice,42,nps,2026-05-13T10:00:00Z
"""
EVENTS = "user_id,event,timestamp\na,view,2026-04-01\nb,view,2026-06-10\ne,view,2026-06-10\n"


def invoke(*args: str, cwd: Path):
    """In-process (fast); the subprocess below checks what only `main()` does: one-line errors."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"}, catch_exceptions=False)
    finally:
        os.chdir(previous)


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
    path = tmp_path_factory.mktemp("feedback")
    (path / "feedback.csv").write_text(CSV, encoding="utf-8")
    (path / "events.csv").write_text(EVENTS, encoding="utf-8")
    assert invoke("import", "events.csv", "--db", "f.duckdb", "--json", cwd=path).exit_code == 0
    done = invoke("import-feedback", "feedback.csv", "--db", "f.duckdb", "--json", cwd=path)
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert (summary["imported"], summary["rejected"]) == (5, 1)
    assert summary["rejects"][0]["row"] == 6 and summary["rejects"][0]["field"] == "score"
    return path


def run_json(folder: Path, *args: str) -> dict:
    done = invoke(*args, "--db", "f.duckdb", "--json", cwd=folder)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_list_gives_every_item_with_sentiment_label_and_themes(folder):
    document = run_json(folder, "feedback", "list")
    items = {i["person_id"]: i for i in document["items"]}
    assert document["count"] == 5 and set(items) == set("abcde")
    for item in items.values():
        assert {"sentiment", "label", "themes", "text", "score", "timestamp"} <= set(item)
        assert item["sentiment"] is None or -1 <= item["sentiment"] <= 1
    assert items["a"]["label"] == "negative" and items["a"]["themes"] == ["delivery"]
    assert items["b"]["label"] == "positive"
    assert items["c"]["label"] == "unscored" and items["c"]["sentiment"] is None
    assert items["d"]["label"] == "unscored" and items["d"]["themes"] == []
    only = run_json(
        folder,
        "feedback",
        "list",
        "--label",
        "negative",
        "--theme",
        "app",
        "--kind",
        "text",
        "--limit",
        "5",
    )
    assert [i["person_id"] for i in only["items"]] == ["e"]


def test_themes_trends_behavior_and_score(folder):
    themes = run_json(folder, "feedback", "themes", "--interval", "week")
    assert {t["theme"] for t in themes["themes"]} >= {"delivery", "app"}
    trends = run_json(folder, "feedback", "trends", "--interval", "month", "--by", "kind")
    assert trends["by"] == "kind" and trends["scope"]["segment"] is None
    assert {p["group"] for p in trends["periods"]} == {"nps", "csat", "text"}
    behavior = run_json(folder, "feedback", "behavior", "--churn-days", "30")
    churn = {(r["by"], r["group"]): r["churned"] for r in behavior["churn"]}
    assert churn[("nps_band", "detractor")] == 1 and churn[("nps_band", "promoter")] == 0
    assert behavior["before_answer"]["days"] == 7
    assert run_json(folder, "feedback", "behavior", "--before-days", "60")["before_answer"] == {
        # a viewed 33 days before answering, b answered before their only event
        "days": 60,
        "bands": [
            {
                "band": "detractor",
                "persons": 1,
                "active_persons": 1,
                "sessions_mean": 1.0,
                "sessions_median": 1.0,
                "events_mean": 1.0,
                "session_duration_median_s": 0.0,
                "last_events": [{"event": "view", "persons": 1, "share": 1.0}],
            },
            {
                "band": "passive",
                "persons": 0,
                "active_persons": 0,
                "sessions_mean": None,
                "sessions_median": None,
                "events_mean": None,
                "session_duration_median_s": None,
                "last_events": [],
            },
            {
                "band": "promoter",
                "persons": 1,
                "active_persons": 0,
                "sessions_mean": 0.0,
                "sessions_median": 0.0,
                "events_mean": 0.0,
                "session_duration_median_s": None,
                "last_events": [],
            },
        ],
        "events": [
            {
                "event": "view",
                "detractors": 1.0,
                "passives": None,
                "promoters": 0.0,
                "difference": 1.0,
                "ratio": None,
                "ci_low": 1.0,
                "ci_high": 1.0,
                "p_value": pytest.approx(0.157299, abs=1e-6),
            }
        ],
    }
    assert run_json(folder, "feedback", "score", "--rescore") == {"scored": 5, "surveys": 0}


def test_every_analysis_takes_a_segment(folder):
    with whylens_open(folder / "f.duckdb") as ws:
        if "a-and-b" not in [s["name"] for s in ws.segments.all()]:
            ws.segments.save_members("a-and-b", ["a", "b"])
    only = ("--segment", "a-and-b")
    listed = run_json(folder, "feedback", "list", *only)
    assert listed["scope"]["segment"] == "a-and-b"
    assert sorted(i["person_id"] for i in listed["items"]) == ["a", "b"]
    themes = run_json(folder, "feedback", "themes", *only)
    assert {t["theme"] for t in themes["themes"]} == {"delivery", "price"}  # no app: c, e
    trends = run_json(folder, "feedback", "trends", "--by", "kind", *only)
    assert {p["group"] for p in trends["periods"]} == {"nps"}
    behavior = run_json(folder, "feedback", "behavior", *only)
    assert behavior["scope"]["segment"] == "a-and-b"
    assert [b["persons"] for b in behavior["before_answer"]["bands"]] == [1, 0, 1]
    table = invoke("feedback", "behavior", "--db", "f.duckdb", *only, cwd=folder)
    assert table.exit_code == 0 and "before their latest NPS answer" in table.stdout
    with pytest.raises(MissingSegment, match="no segment 'kind' in project 'default'"):
        invoke("feedback", "trends", "--db", "f.duckdb", "--segment", "kind", cwd=folder)
    bad = whylens("feedback", "list", "--db", "f.duckdb", "--segment", "nobody", cwd=folder)
    assert bad.returncode == 1 and bad.stdout == ""
    (line,) = bad.stderr.strip().splitlines()
    assert "no segment 'nobody' in project 'default'" in line


def test_every_analysis_takes_the_range_and_filters(folder):
    week = ("--from", "2026-05-05", "--to", "2026-05-12")
    listed = run_json(folder, "feedback", "list", *week)
    assert sorted(i["person_id"] for i in listed["items"]) == ["b", "c", "d"]
    assert listed["scope"] == {
        "project": "default",
        "from": "2026-05-05T00:00:00",
        "to": "2026-05-13T00:00:00",
        "where": [],
        "segment": None,
    }
    # a filter keeps the answers of persons with an event passing it: a, b and e viewed
    viewed = run_json(folder, "feedback", "list", "--where", "event = view")
    assert sorted(i["person_id"] for i in viewed["items"]) == ["a", "b", "e"]
    themes = run_json(folder, "feedback", "themes", "--from", "2026-05-13")
    assert {t["theme"] for t in themes["themes"]} == {"app"}  # e's comment alone
    trends = run_json(folder, "feedback", "trends", "--by", "kind", *week)
    assert {p["group"] for p in trends["periods"]} == {"nps", "csat", "text"}
    assert sum(p["nps_n"] for p in trends["periods"]) == 1  # b's; a answered on 4 May
    # since 5 May, by persons with a view since then: b (10) and e; a's view was in April
    behavior = run_json(
        folder, "feedback", "behavior", "--from", "2026-05-05", "--where", "event = view"
    )
    assert [b["persons"] for b in behavior["before_answer"]["bands"]] == [0, 0, 1]
    assert behavior["scope"]["where"] == ["event = view"]
    assert [(r["by"], r["group"]) for r in behavior["churn"]] == [
        ("nps_band", "promoter"),
        ("sentiment", "negative"),
        ("sentiment", "positive"),
    ]
    shown = ("--from", "2026-05-05", "--where", "event = view")
    table = invoke("feedback", "trends", "--db", "f.duckdb", *shown, cwd=folder)
    assert table.exit_code == 0 and "┃" in table.stdout
    bad = whylens(
        "feedback", "themes", "--db", "f.duckdb", "--from", "2026-05-12", "--to", "2026-05-01",
        cwd=folder,
    )  # fmt: skip
    assert bad.returncode == 1 and bad.stdout == ""
    (line,) = bad.stderr.strip().splitlines()
    assert "the date range is empty" in line


def test_tables_and_errors(folder, tmp_path):
    for args in (
        ["feedback", "list"],
        ["feedback", "themes"],
        ["feedback", "trends"],
        ["feedback", "behavior"],
    ):
        done = invoke(*args, "--db", "f.duckdb", cwd=folder)
        assert done.exit_code == 0 and "┃" in done.stdout, (args, done.output)
    chart = tmp_path / "themes.html"
    assert (
        invoke("feedback", "themes", "--db", "f.duckdb", "--plot", str(chart), cwd=folder).exit_code
        == 0
    )
    assert chart.stat().st_size > 1000
    bad = whylens("feedback", "trends", "--db", "f.duckdb", "--interval", "year", cwd=folder)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    (folder / "notext.csv").write_text("person_id,score\na,3\n")
    with pytest.raises(ImportFileError, match="not in the file"):
        invoke("import-feedback", "notext.csv", "--db", "f.duckdb", "--map", "text=x", cwd=folder)
    shown = invoke(
        "import-feedback",
        "feedback.csv",
        "--db",
        "f.duckdb",
        "--map",
        "person_id=person_id",
        "--tz",
        "Europe/Berlin",
        cwd=folder,
    )
    assert shown.exit_code == 0 and "Rejected rows" in shown.stdout


@pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None, reason="transformers is installed"
)
def test_a_sentiment_model_without_transformers_is_a_one_line_error(folder):
    for args in (
        ["feedback", "score", "--sentiment-model", "models/sentiment"],
        ["import-feedback", "feedback.csv", "--sentiment-model", "models/sentiment"],
    ):
        done = whylens(*args, "--db", "f.duckdb", cwd=folder)
        assert done.returncode == 1 and done.stdout == "", args
        (line,) = done.stderr.strip().splitlines()
        assert "needs the `transformers` package" in line
