"""Scoring stored feedback: every row gets sentiment, label, language, scorer and themes, once."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

import whylens
from whylens.insights.feedback import ModelScorer, feedback_list, score_feedback
from whylens.insights.feedback.lexicon import VERSION
from whylens.model import migrate

#: the migration that adds feedback.scorer
NAME = "feedback_scorer"

ROWS = {
    "person_id": ["a", "b", "c", "d", "e"],
    "timestamp": [datetime(2026, 5, d) for d in (1, 2, 3, 4, 5)],
    "kind": ["nps", "nps", "text", "csat", "text"],
    "score": [2.0, 10.0, None, 4.0, None],
    "text": [
        "Still waiting for my parcel",
        "Great prices, fast delivery!",
        "Die App stürzt ständig ab",
        None,
        "The app keeps crashing",
    ],
    "source": ["survey"] * 5,
}


def test_rows_are_scored_once_and_listed_with_label_and_themes(ws):
    ws.add_feedback(pa.table(ROWS))
    assert score_feedback(ws.engine) == 5
    assert score_feedback(ws.engine) == 0  # nothing new
    assert score_feedback(ws.engine, rescore=True) == 5
    items = {i["person_id"]: i for i in feedback_list(ws.engine).to_dict()["items"]}
    assert items["a"]["label"] == "negative" and items["a"]["sentiment"] < 0
    assert items["a"]["themes"] == ["delivery"]
    assert items["b"]["label"] == "positive" and set(items["b"]["themes"]) == {"delivery", "price"}
    assert items["c"]["label"] == "unscored" and items["c"]["sentiment"] is None
    assert items["c"]["language"] == "de"
    assert items["d"]["label"] == "unscored" and items["d"]["themes"] == []  # a score, no text
    assert items["e"]["themes"] == ["app"]


def test_list_filters_and_counts(ws):
    ws.add_feedback(pa.table(ROWS))
    document = feedback_list(ws.engine, label="negative").to_dict()
    assert document["count"] == 2 and document["labels"]["negative"] == 2
    assert [i["person_id"] for i in document["items"]] == ["e", "a"]  # newest first
    assert feedback_list(ws.engine, theme="price").to_dict()["count"] == 1
    assert feedback_list(ws.engine, kind="nps", limit=1).to_dict()["count"] == 1
    assert len(feedback_list(ws.engine).df) == 5


def test_each_row_records_the_scorer_that_scored_it(ws):
    ws.add_feedback(pa.table(ROWS))
    items = {i["person_id"]: i for i in feedback_list(ws.engine).to_dict()["items"]}
    assert items["a"]["scorer"] == items["e"]["scorer"] == f"vader-cx-{VERSION}"
    assert items["c"]["scorer"] is None and items["d"]["scorer"] is None  # foreign; no text

    def pipeline(batch, **options):
        return [[{"label": "POSITIVE", "score": 1.0}] for _ in batch]

    score_feedback(ws.engine, rescore=True, model=ModelScorer(pipeline, "tiny-sst2"))
    items = {i["person_id"]: i for i in feedback_list(ws.engine).to_dict()["items"]}
    assert items["a"]["scorer"] == "tiny-sst2" and items["a"]["sentiment"] == 1.0
    assert items["c"]["scorer"] is None


def test_a_database_from_before_the_scorer_column_is_migrated(tmp_path, monkeypatch):
    """Rows scored before the column existed keep their sentiment, with no scorer, until they
    are scored again."""
    path = tmp_path / "old.duckdb"
    real = migrate.available
    monkeypatch.setattr(migrate, "available", lambda d: [m for m in real(d) if m.name != NAME])
    with whylens.open(path) as old:
        old.add_feedback(pa.table(ROWS))
        old.engine.execute("UPDATE feedback SET sentiment = -0.5, label = 'negative'")
        columns = old.engine.query("SELECT * FROM feedback LIMIT 0").column_names
        assert "scorer" not in columns
    monkeypatch.undo()
    with whylens.open(path) as new:
        items = feedback_list(new.engine).to_dict()["items"]
        assert {(i["label"], i["scorer"]) for i in items} == {("negative", None)}
        score_feedback(new.engine, rescore=True)
        items = {i["person_id"]: i for i in feedback_list(new.engine).to_dict()["items"]}
        assert items["a"]["scorer"] == f"vader-cx-{VERSION}"
