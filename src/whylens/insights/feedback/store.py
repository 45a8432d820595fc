"""Scoring stored feedback in batches: sentiment, label, language and themes per row.

Scoring is the model's job (Python per text); reading and writing the rows is SQL.
"""

from __future__ import annotations

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.insights.feedback.sentiment import score_texts
from whylens.insights.feedback.topics import tag_many

BATCH_ROWS = 50_000


def score_feedback(engine: Engine, project_id: str = "default", *, rescore: bool = False) -> int:
    """Score rows not scored yet (every row with `rescore`); returns the rows scored."""
    if not engine.writable:
        return 0
    pending = "" if rescore else " AND label IS NULL"
    rows = engine.query(
        f"SELECT DISTINCT feedback_id, text FROM feedback WHERE project_id = $p{pending}",
        {"p": project_id},
    )
    ids, texts = rows.column("feedback_id").to_pylist(), rows.column("text").to_pylist()
    for start in range(0, len(ids), BATCH_ROWS):
        _write(
            engine, project_id, ids[start : start + BATCH_ROWS], texts[start : start + BATCH_ROWS]
        )
    return len(ids)


def _write(engine: Engine, project_id: str, ids: list[str], texts: list[str | None]) -> None:
    scores = score_texts(texts)
    table = pa.table(
        {
            "feedback_id": pa.array(ids, pa.string()),
            "sentiment": pa.array([s.sentiment for s in scores], pa.float64()),
            "label": pa.array([s.label for s in scores], pa.string()),
            "language": pa.array([s.language for s in scores], pa.string()),
            "themes": pa.array(tag_many(texts), pa.list_(pa.string())),
        }
    )
    with engine.registered("_whylens_feedback_scores", table), engine.transaction():
        engine.execute(
            """
            UPDATE feedback SET sentiment = s.sentiment, label = s.label,
                language = s.language, themes = s.themes
            FROM _whylens_feedback_scores s
            WHERE feedback.project_id = $p AND feedback.feedback_id = s.feedback_id
            """,
            {"p": project_id},
        )
