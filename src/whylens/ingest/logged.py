"""Logged capture requests read by DuckDB: a batch of the write-ahead log parsed once into a
table, from which the writer takes each project's event rows, and the few parts it still
handles in Python (traits, rejects, feedback items).

Reading the log in Python (a dict per event, then Arrow) held the interpreter lock for most of
the writer's own time, and the request handlers wait for that lock. DuckDB's JSON reader does
the work in C++ without it. The records were checked and trimmed before they were logged, so
their rows need none of a file import's reading: on a DuckDB store they go from the parsed log
to the loader's pending rows in one statement (`rows`), properties as the JSON text the reader
wrote (docs/adr/0009).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.ingest import enrich, timestamps
from whylens.ingest.capture.records import COLUMNS, TRAIT_KEYS
from whylens.ingest.normalize import EventRows, needed

#: how DuckDB reads a log record (server/capture.py writes them): the event columns as text
#: but the times (microseconds) and the JSON objects, kept as JSON text; `received` (when the
#: request arrived) is missing from records of versions before it, and then NULL
SHAPE = orjson.dumps(
    {
        "project": "VARCHAR",
        "source": "VARCHAR",
        "received": "BIGINT",
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
_PAYLOADS = "_whylens_logged"
PARSED = "_whylens_logged_parsed"
#: the records parsed once (each query over the JSON text would parse it again), with what
#: the writer asks of each beside its events: their number, how many lack a time, whether any
#: carries traits, and whether the request had rejects or feedback items
_PARSE = f"""
    CREATE OR REPLACE TEMP TABLE {PARSED} AS
    SELECT seq, d.project AS project, len(d.events) AS n,
        len(list_filter(d.events, lambda e: e.timestamp IS NULL)) AS untimed,
        list_bool_or(list_transform(d.events, lambda e: e.set IS NOT NULL OR e.set_once IS NOT NULL))
            AS with_traits,
        json_array_length(d.rejects) > 0 OR d.feedback IS NOT NULL AS with_documents, d
    FROM (SELECT seq, json_transform(payload, '{SHAPE}') AS d FROM {_PAYLOADS})
"""
#: a project's events as logged, numbered from 1 in log order (`$project`)
_LOGGED_EVENTS = f"""
    SELECT p.first + unnest(range(p.n)) + 1 AS _row, unnest(p.d.events, recursive := true)
    FROM (
        SELECT seq, n, d,
            sum(n) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) - n AS first
        FROM {PARSED} WHERE project = $project
    ) p
"""
_COUNTS = f"SELECT project, sum(n) AS n, sum(untimed) AS untimed FROM {PARSED} GROUP BY ALL"
_DOCUMENTS = f"""
    SELECT project, d.source, d.received, d.rejects, d.feedback FROM {PARSED} WHERE with_documents
    ORDER BY seq
"""
_TRAITS = f"""
    SELECT project, e.user_id, e.anonymous_id, e.set, e.set_once
    FROM (
        SELECT seq, project, unnest(d.events) AS e, unnest(range(n)) AS i
        FROM {PARSED} WHERE with_traits
    )
    WHERE e.set IS NOT NULL OR e.set_once IS NOT NULL ORDER BY seq, i
"""
#: the text columns of a record (pending row column -> record field), stored as they are
_TEXT = {
    "event": "event",
    "user_id": "user_id",
    "anonymous_id": "anonymous_id",
    "given_id": "event_id",
    "client_session_id": "session_id",
    "url": "url",
    "referrer": "referrer",
    **{name: name for name in enrich.UTM_FIELDS},
}
_AGENT = ("device_type", "browser", "os")


@dataclass
class Logged:
    """A batch of logged requests parsed on `engine` (a DuckDB connection; the parsed table
    lives until `close`, or until the next batch read on the connection replaces it): the
    projects with events or documents, the events that carry traits (in log order) and the
    requests with rejects or feedback items (`project`, `source`, `received`, `rejects`,
    `feedback`)."""

    engine: Engine
    counts: dict[str, int]  # project -> its events in the batch
    with_traits: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)

    @property
    def projects(self) -> list[str]:
        return sorted(self.counts)

    def traits(self, project: str) -> list[dict[str, Any]]:
        return [e for e in self.with_traits if e["project"] == project]

    def documents_of(self, project: str) -> list[dict[str, Any]]:
        return [d for d in self.documents if d["project"] == project]

    def rows(self, project: str) -> EventRows:
        """A project's events as the loader's pending rows (`EventLoader.add`), as an import of
        `table(project)` makes them.

        Capture logs only events that pass the import's checks, their texts stripped by
        Python's `str.strip` (which strips all that DuckDB's `trim` does, and more) and the
        empty ones left out: they are not trimmed again (a copy of every value). They are
        checked all the same, and a row that fails keeps its record as `_raw` for the rejects.
        """
        text = {column: f"nullif({name}, '')" for column, name in _TEXT.items()}
        agent = {c: f"coalesce(nullif(e.{c}, ''), a.ua_{c})" for c in _AGENT}
        in_range = timestamps.in_range("timestamp")
        agents = (
            "(SELECT raw, nullif(raw, '') AS user_agent FROM (SELECT DISTINCT raw FROM"
            f" (SELECT unnest(d.events).user_agent AS raw FROM {PARSED} WHERE project = $project)"
            " WHERE raw IS NOT NULL))"
        )
        sql = f"""
        WITH e AS ({_LOGGED_EVENTS}), given AS (
            SELECT e._row, make_timestamp(e.timestamp) AS timestamp,
                {", ".join(f"{expr} AS {column}" for column, expr in text.items())},
                {", ".join(f"{expr} AS {column}" for column, expr in agent.items())},
                upper(nullif(e.country, '')) AS country,
                coalesce(e.properties, CAST('{{}}' AS JSON)) AS properties,
                e.timestamp AS _given_us, to_json(e) AS _raw
            FROM e LEFT JOIN ({enrich.user_agent_parts(agents)}) a ON a.raw = e.user_agent
        )
        SELECT *,
            CASE WHEN _given_us IS NULL OR NOT {in_range} THEN 'timestamp'
                {needed("field")} END AS _field,
            CASE WHEN _given_us IS NULL THEN 'is empty'
                WHEN NOT {in_range} THEN 'is outside {timestamps.EARLIEST} .. {timestamps.LATEST}'
                {needed("reason")} END AS _reason
        FROM given
        """
        columns = ("_row", "timestamp", *_TEXT, *_AGENT, "country", "properties")
        return EventRows(sql, columns, {"project": project})

    def table(self, project: str) -> pa.Table:
        """A project's events as `import_table` reads them (the records' columns, times in UTC,
        properties as JSON text), in log order: for stores that import them (ClickHouse)."""
        columns = {name: name for name in COLUMNS}
        columns["timestamp"] = "CAST(make_timestamp(timestamp) AS TIMESTAMPTZ)"
        columns["properties"] = "CAST(coalesce(properties, '{}') AS VARCHAR)"
        select = ", ".join(f"{expr} AS {name}" for name, expr in columns.items())
        return self.engine.query(
            f"SELECT {select} FROM ({_LOGGED_EVENTS}) ORDER BY _row", {"project": project}
        )

    def close(self) -> None:
        self.engine.execute(f"DROP TABLE IF EXISTS {PARSED}")


def read(engine: Engine, payloads: list[bytes]) -> Logged:
    """The log records `payloads` (JSON documents), parsed on `engine`, a DuckDB connection:
    the store's own, or a scratch one for a store of another kind."""
    logged = pa.table(
        {
            "seq": pa.array(range(len(payloads)), pa.int64()),
            "payload": pa.array(payloads, pa.binary()).cast(pa.string()),
        }
    )
    with engine.registered(_PAYLOADS, logged):
        engine.execute(_PARSE)
    counts = engine.query(_COUNTS).to_pylist()
    if any(c["untimed"] for c in counts):  # capture logs every event with its time: corrupt
        engine.execute(f"DROP TABLE {PARSED}")
        raise ValueError("a logged event has no time in microseconds")
    traits = engine.query(_TRAITS).to_pylist()
    documents = engine.query(_DOCUMENTS).to_pylist()
    return Logged(
        engine,
        {c["project"]: int(c["n"] or 0) for c in counts if c["project"] is not None},
        [_traits(row) for row in traits],
        [
            {
                "project": d["project"],
                "source": d["source"],
                "received": d["received"],
                "rejects": orjson.loads(d["rejects"]) if d["rejects"] else [],
                "feedback": orjson.loads(d["feedback"]) if d["feedback"] else [],
            }
            for d in documents
        ],
    )


def _traits(row: dict[str, Any]) -> dict[str, Any]:
    """An event that carries traits, as `writer.apply_traits` merges them."""
    return {k: orjson.loads(v) if k in TRAIT_KEYS else v for k, v in row.items() if v is not None}
