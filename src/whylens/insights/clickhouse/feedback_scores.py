"""Scores written back on ClickHouse, the way a ReplacingMergeTree changes rows: a scored row is
inserted again whole, with its scores; `feedback` has no version column, so the row inserted
last is the one FINAL reads (and merges keep). The scoring itself is insights/feedback/store.py."""

from __future__ import annotations

from whylens.engines.base import Engine
from whylens.insights.dialects import implements
from whylens.insights.feedback.store import SCORES
from whylens.sql import identifier

#: the columns scoring sets, from the scores table
SCORED = ("sentiment", "label", "language", "scorer", "themes")


@implements("feedback_scores", "clickhouse")
def write_scores(engine: Engine, project_id: str) -> None:
    """store.write_scores: each scored row inserted again with the scores of SCORES."""
    columns = (
        engine.query(
            "SELECT name FROM system.columns WHERE database = currentDatabase()"
            " AND table = 'feedback' ORDER BY position"
        )
        .column("name")
        .to_pylist()
    )
    chosen = ", ".join(
        f"s.{identifier(c)}" if c in SCORED else f"f.{identifier(c)}" for c in columns
    )
    engine.execute(
        f"INSERT INTO feedback ({', '.join(identifier(c) for c in columns)})"
        f" SELECT {chosen} FROM feedback f INNER JOIN {SCORES} s"
        " ON s.feedback_id = f.feedback_id WHERE f.project_id = $p",
        {"p": project_id},
    )
