"""The settings table: small facts of a database (the capture log's checkpoint, privacy rules,
the demo's seed), written the way each engine replaces a row. DuckDB has INSERT OR REPLACE;
ClickHouse's settings table is a ReplacingMergeTree on the key, read with FINAL, so a plain
insert replaces (the later row of a key wins).
"""

from __future__ import annotations

from whylens.engines.base import Engine

#: per dialect: store a value, replacing the key's
_PUT = {
    "duckdb": "INSERT OR REPLACE INTO settings (key, value) VALUES ($key, $value)",
    "clickhouse": "INSERT INTO settings (key, value) VALUES ($key, $value)",
}
#: store a value only when the key has none (both engines read the same statement)
_PUT_ONCE = (
    "INSERT INTO settings (key, value) SELECT $key, $value"
    " WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = $key)"
)


def get(engine: Engine, key: str) -> str | None:
    return engine.scalar("SELECT value FROM settings WHERE key = $key", {"key": key})


def put(engine: Engine, key: str, value: str) -> None:
    engine.execute(_PUT[engine.dialect], {"key": key, "value": value})


def put_once(engine: Engine, key: str, value: str) -> None:
    """Store `value` unless the key has one already (e.g. a secret made on first use)."""
    engine.execute(_PUT_ONCE, {"key": key, "value": value})
