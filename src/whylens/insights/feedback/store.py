"""Scoring stored feedback in batches: sentiment, label, language, scorer and themes per row.

Scoring is the model's job (Python per text); reading and writing the rows is SQL.
"""

from __future__ import annotations

import threading

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback.topics import tag_many
from whylens.insights.feedback.transformer import Scorer, resolve, score_with

BATCH_ROWS = 50_000
#: a batch's scores (feedback_id and the scored columns), registered while they are written
SCORES = "_whylens_feedback_scores"
#: one scoring at a time per process: a server's requests share a connection (a transaction
#: each), and its capture writer updates the same rows on another
_SCORING = threading.Lock()


def score_feedback(
    engine: Engine,
    project_id: str = "default",
    *,
    rescore: bool = False,
    model: str | Scorer | None = None,
    workers: int | None = None,
) -> int:
    """Score rows not scored yet (every row with `rescore`); returns the rows scored.

    `model` names a local transformer model (a path, or a name in the local cache) to score with
    instead of whylens' scorer; it is loaded before anything is read, so a missing one fails first.
    `workers`: processes for large batches (default every core; 1 inside a server).
    """
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
    with engine.registered(SCORES, table):
        write_scores(engine, project_id)


@per_dialect("feedback_scores")
def write_scores(engine: Engine, project_id: str) -> None:
    """Set the scored columns of the rows in SCORES (registered): the one step that differs
    between engines."""
    with engine.transaction():
        engine.execute(
            f"""
            UPDATE feedback SET sentiment = s.sentiment, label = s.label,
                language = s.language, scorer = s.scorer, themes = s.themes
            FROM {SCORES} s
            WHERE feedback.project_id = $p AND feedback.feedback_id = s.feedback_id
            """,
            {"p": project_id},
        )
