"""Scoring stored feedback on ClickHouse: the rows and the scorer of insights/feedback/store.py,
written the way a ReplacingMergeTree changes rows. A scored row is inserted again whole, with
its scores; `feedback` has no version column, so the row inserted last is the one FINAL reads
(and merges keep)."""

from __future__ import annotations

import threading

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.insights.dialects import implements
from whylens.insights.feedback.store import BATCH_ROWS
from whylens.insights.feedback.topics import tag_many
from whylens.insights.feedback.transformer import Scorer, resolve, score_with
from whylens.sql import identifier

#: the columns scoring sets, from the scores table
SCORED = ("sentiment", "label", "language", "scorer", "themes")
_SCORES = "_whylens_feedback_scores"
_SCORING = threading.Lock()


@implements("feedback_scores", "clickhouse")
def score_feedback(
    engine: Engine,
    project_id: str = "default",
    *,
    rescore: bool = False,
    model: str | Scorer | None = None,
    workers: int | None = None,
) -> int:
    """store.score_feedback: score the rows not scored yet (every row with `rescore`)."""
    if not engine.writable:
        return 0
    chosen = resolve(model) if model is not None else None
    pending = "" if rescore else " AND label IS NULL"
    with _SCORING:
        rows = engine.query(
            f"SELECT DISTINCT feedback_id, text FROM feedback WHERE project_id = $p{pending}",
            {"p": project_id},
        )
        ids, texts = rows.column("feedback_id").to_pylist(), rows.column("text").to_pylist()
        for start in range(0, len(ids), BATCH_ROWS):
            part = slice(start, start + BATCH_ROWS)
            _write(engine, project_id, ids[part], texts[part], chosen, workers)
    return len(ids)


def _write(
    engine: Engine,
    project_id: str,
    ids: list[str],
    texts: list[str | None],
    model: Scorer | None,
    workers: int | None,
) -> None:
    scores = score_with(model, texts, workers)
    table = pa.table(
        {
            "feedback_id": pa.array(ids, pa.string()),
            "sentiment": pa.array([s.sentiment for s in scores], pa.float64()),
            "label": pa.array([s.label for s in scores], pa.string()),
            "language": pa.array([s.language for s in scores], pa.string()),
            "scorer": pa.array([s.scorer for s in scores], pa.string()),
            "themes": pa.array(tag_many(texts), pa.list_(pa.string())),
        }
    )
    columns = engine.query(
        "SELECT name FROM system.columns WHERE database = currentDatabase()"
        " AND table = 'feedback' ORDER BY position"
    ).column("name")
    chosen = ", ".join(
        f"s.{identifier(c)}" if c in SCORED else f"f.{identifier(c)}" for c in columns.to_pylist()
    )
    with engine.registered(_SCORES, table):
        engine.execute(
            f"INSERT INTO feedback ({', '.join(identifier(c) for c in columns.to_pylist())})"
            f" SELECT {chosen} FROM feedback f INNER JOIN {_SCORES} s"
            " ON s.feedback_id = f.feedback_id WHERE f.project_id = $p",
            {"p": project_id},
        )
