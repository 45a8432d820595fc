"""Feedback rows (survey scores and comments) stored beside the events of the same persons."""

from __future__ import annotations

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError

KINDS = ("nps", "csat", "ces", "text")
_COLUMNS = ("person_id", "timestamp", "kind", "score", "text", "source")


def add_feedback(engine: Engine, table: pa.Table, project_id: str) -> int:
    """Insert feedback rows not already stored (id: hash of the row); returns rows added."""
    missing = [c for c in ("timestamp", "kind") if c not in table.column_names]
    if missing:
        raise QueryError(f"feedback needs column(s): {', '.join(missing)}")
    present = {c: table.column(c) for c in _COLUMNS if c in table.column_names}
    with engine.registered("_whylens_feedback", pa.table(present)):

        def column(name: str, sql_type: str) -> str:
            return f"CAST({name} AS {sql_type})" if name in present else f"CAST(NULL AS {sql_type})"

        engine.execute(f"""
            CREATE OR REPLACE TEMP TABLE _whylens_feedback_rows AS
            SELECT {column("person_id", "VARCHAR")} AS person_id,
                CAST(timestamp AS TIMESTAMP) AS timestamp, lower(CAST(kind AS VARCHAR)) AS kind,
                {column("score", "DOUBLE")} AS score, {column("text", "VARCHAR")} AS text,
                {column("source", "VARCHAR")} AS source
            FROM _whylens_feedback
        """)
    bad = engine.scalar(
        "SELECT count(*) FROM _whylens_feedback_rows WHERE kind NOT IN ('nps','csat','ces','text')"
    )
    if bad:
        raise QueryError(f"{bad} feedback rows have a kind other than {', '.join(KINDS)}")
    before = engine.scalar("SELECT count(*) FROM feedback WHERE project_id = $p", {"p": project_id})
    engine.execute(
        """
        INSERT INTO feedback (project_id, feedback_id, person_id, timestamp, kind, score, text, source)
        SELECT $p, id, person_id, timestamp, kind, score, text, source FROM (
            SELECT *, md5(concat_ws(chr(31), coalesce(person_id, ''), CAST(timestamp AS VARCHAR),
                kind, coalesce(CAST(score AS VARCHAR), ''), coalesce(text, ''),
                coalesce(source, ''))) AS id
            FROM _whylens_feedback_rows
        ) f
        WHERE NOT EXISTS (SELECT 1 FROM feedback s WHERE s.project_id = $p AND s.feedback_id = f.id)
        QUALIFY row_number() OVER (PARTITION BY id) = 1
    """,
        {"p": project_id},
    )
    engine.execute("DROP TABLE _whylens_feedback_rows")
    return int(
        engine.scalar("SELECT count(*) FROM feedback WHERE project_id = $p", {"p": project_id})
        - before
    )
