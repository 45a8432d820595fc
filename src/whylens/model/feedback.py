"""Feedback rows (survey scores and comments) stored beside the events of the same persons."""

from __future__ import annotations

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError

KINDS = ("nps", "csat", "ces", "text")
#: allowed score range per kind (a `text` answer has no score); CES: 7 is "very easy"
RANGES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
_COLUMNS = ("feedback_id", "person_id", "timestamp", "kind", "score", "text", "source")
_OPTIONAL = {
    "feedback_id": "VARCHAR",
    "person_id": "VARCHAR",
    "score": "DOUBLE",
    "text": "VARCHAR",
    "source": "VARCHAR",
    "properties": "JSON",
}


def add_feedback(engine: Engine, table: pa.Table, project_id: str) -> int:
    """Insert feedback rows not already stored; returns rows added.

    A row's id is its `feedback_id` when given (a client's dedup key), else a hash of its
    content, so the same answer sent or imported twice is stored once. `person_id` may be any id
    the person is known under: it is resolved through the identity links, as an event's is, and
    rows of deleted persons are dropped.
    """
    if engine.dialect == "clickhouse":  # the same code, on a scratch DuckDB
        from whylens.model.clickhouse_feedback import add_feedback as add_to_clickhouse

        return add_to_clickhouse(engine, table, project_id)  # type: ignore[arg-type]
    missing = [c for c in ("timestamp", "kind") if c not in table.column_names]
    if missing:
        raise QueryError(f"feedback needs column(s): {', '.join(missing)}")
    present = {c: table.column(c) for c in (*_COLUMNS, "properties") if c in table.column_names}
    with engine.registered("_whylens_feedback", pa.table(present)):
        columns = ", ".join(
            f"CAST({name} AS {sql_type}) AS {name}"
            if name in present
            else f"CAST(NULL AS {sql_type}) AS {name}"
            for name, sql_type in _OPTIONAL.items()
        )
        engine.execute(f"""
            CREATE OR REPLACE TEMP TABLE _whylens_feedback_rows AS
            SELECT {columns}, CAST(timestamp AS TIMESTAMP) AS timestamp,
                lower(CAST(kind AS VARCHAR)) AS kind
            FROM _whylens_feedback
        """)
    bad = engine.scalar(
        "SELECT count(*) FROM _whylens_feedback_rows WHERE NOT list_contains($kinds, kind)",
        {"kinds": list(KINDS)},
    )
    if bad:
        raise QueryError(f"{bad} feedback rows have a kind other than {', '.join(KINDS)}")
    before = engine.scalar("SELECT count(*) FROM feedback WHERE project_id = $p", {"p": project_id})
    engine.execute(
        """
        INSERT INTO feedback (project_id, feedback_id, person_id, timestamp, kind, score, text,
            source, properties)
        SELECT $p, id, coalesce(i.person_id, f.person_id), timestamp, kind, score, text, source,
            properties
        FROM (
            SELECT *, coalesce(feedback_id, md5(concat_ws(chr(31), coalesce(person_id, ''),
                CAST(timestamp AS VARCHAR), kind, coalesce(CAST(score AS VARCHAR), ''),
                coalesce(text, ''), coalesce(source, '')))) AS id
            FROM _whylens_feedback_rows
        ) f
        LEFT JOIN identities i ON i.project_id = $p AND i.distinct_id = f.person_id
        WHERE NOT EXISTS (SELECT 1 FROM feedback s WHERE s.project_id = $p AND s.feedback_id = f.id)
            AND NOT EXISTS (
                SELECT 1 FROM deleted_ids d WHERE d.project_id = $p AND d.distinct_id = f.person_id
            )
        QUALIFY row_number() OVER (PARTITION BY id) = 1
    """,
        {"p": project_id},
    )
    engine.execute("DROP TABLE _whylens_feedback_rows")
    return int(
        engine.scalar("SELECT count(*) FROM feedback WHERE project_id = $p", {"p": project_id})
        - before
    )
