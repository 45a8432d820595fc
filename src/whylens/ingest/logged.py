"""Logged capture requests read by DuckDB: a batch of the write-ahead log as one table of events,
and the few parts the writer still handles in Python (traits, rejects, feedback items).

Reading the log in Python (a dict per event, then Arrow) held the interpreter lock for most of
the writer's own time, and the request handlers wait for that lock: under load they answered
at the pace the writer let them. DuckDB's JSON reader does the same work in C++ without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import orjson
import pyarrow as pa
import pyarrow.compute as pc

from whylens.ingest.capture.records import COLUMNS, TRAIT_KEYS

#: how DuckDB reads a log record (server/capture.py writes them): the event columns as text
#: but the time (microseconds) and the JSON objects, kept as JSON text
SHAPE = orjson.dumps(
    {
        "project": "VARCHAR",
        "source": "VARCHAR",
        "events": [
            {
                **{name: "VARCHAR" for name in COLUMNS},
                "timestamp": "BIGINT",
                "properties": "JSON",
                **dict.fromkeys(TRAIT_KEYS, "JSON"),
            }
        ],
        "feedback": "JSON",
        "rejects": "JSON",
    }
).decode()
_LOGGED = "_whylens_logged"
_PARSED = "_whylens_logged_parsed"
#: the records parsed once (each query over the JSON text would parse it again)
_PARSE = f"""
    CREATE OR REPLACE TEMP TABLE {_PARSED} AS
    SELECT seq, json_transform(payload, '{SHAPE}') AS d
    FROM (SELECT row_number() OVER () AS seq, payload FROM {_LOGGED})
"""
_EVENTS = f"""
    SELECT d.project, unnest(d.events, recursive := true), unnest(range(len(d.events))) AS i, seq
    FROM {_PARSED} ORDER BY seq, i
"""
_DOCUMENTS = f"""
    SELECT d.project, d.source, d.rejects, d.feedback FROM {_PARSED}
    WHERE json_array_length(d.rejects) > 0 OR d.feedback IS NOT NULL ORDER BY seq
"""


@dataclass
class Logged:
    """A batch of logged requests: their events (a `project` column beside the records'
    columns, in log order), the events that carry traits, and the requests with rejects or
    feedback items (`project`, `source`, `rejects`, `feedback`)."""

    events: pa.Table
    with_traits: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)

    def projects(self) -> list[str]:
        found = pc.unique(self.events.column("project")).to_pylist()
        return sorted(set(found) | {d["project"] for d in self.documents})

    def of(self, project: str) -> tuple[pa.Table, list[dict[str, Any]], list[dict[str, Any]]]:
        """A project's events table (as `import_table` reads it), its traits and documents."""
        rows = self.events.filter(pc.equal(self.events.column("project"), project))
        traits = [e for e in self.with_traits if e["project"] == project]
        documents = [d for d in self.documents if d["project"] == project]
        return rows.select(list(COLUMNS)), traits, documents


def read(connection: duckdb.DuckDBPyConnection, payloads: list[bytes]) -> Logged:
    """The log records `payloads` (JSON documents), parsed on `connection` (a scratch one)."""
    logged = pa.table({"payload": pa.array(payloads, pa.binary()).cast(pa.string())})
    connection.register(_LOGGED, logged)
    try:
        connection.execute(_PARSE)
        rows = connection.sql(_EVENTS).to_arrow_table()
        documents = connection.sql(_DOCUMENTS).fetchall()
        connection.execute(f"DROP TABLE {_PARSED}")
    finally:
        connection.unregister(_LOGGED)
    carrying = pc.or_(*(pc.is_valid(rows.column(k)) for k in TRAIT_KEYS))
    traits = rows.filter(carrying).select(["project", "user_id", "anonymous_id", *TRAIT_KEYS])
    return Logged(
        _events(rows),
        [_traits(row) for row in traits.to_pylist()],
        [
            {
                "project": project,
                "source": source,
                "rejects": orjson.loads(rejects) if rejects else [],
                "feedback": orjson.loads(feedback) if feedback else [],
            }
            for project, source, rejects, feedback in documents
        ],
    )


def _events(rows: pa.Table) -> pa.Table:
    """The columns as the writer's import reads them: UTC times, properties as JSON text."""
    if rows.column("timestamp").null_count:  # capture logs every event with its time
        raise ValueError("a logged event has no time in microseconds")
    columns = {
        "project": rows.column("project").cast(pa.string()),
        **{
            name: rows.column(name).cast(pa.string())
            for name in COLUMNS
            if name not in ("timestamp", "properties")
        },
        "timestamp": rows.column("timestamp").cast(pa.timestamp("us", tz="UTC")),
        "properties": pc.fill_null(rows.column("properties").cast(pa.string()), "{}"),
    }
    return pa.table(columns).select(["project", *COLUMNS])


def _traits(row: dict[str, Any]) -> dict[str, Any]:
    """An event that carries traits, as `writer.apply_traits` merges them."""
    return {k: orjson.loads(v) if k in TRAIT_KEYS else v for k, v in row.items() if v is not None}
