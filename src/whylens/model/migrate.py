"""Versioned schema migrations: numbered SQL files per dialect, applied once each, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from whylens.engines.base import Engine
from whylens.errors import StoreError

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available(dialect: str) -> list[Migration]:
    """The migrations shipped for a dialect, sorted by version."""
    folder = resources.files("whylens.model") / "migrations" / dialect
    found = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    return sorted(found, key=lambda m: m.version)


#: the table recording applied migrations, per dialect (it exists before any migration runs)
LEDGER = {
    "duckdb": "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
    " applied_at TIMESTAMP NOT NULL DEFAULT now())",
    "clickhouse": "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version Int32, name String, applied_at DateTime64(6, 'UTC') DEFAULT now64(6))"
    " ENGINE = MergeTree ORDER BY version",
}


def applied_versions(engine: Engine) -> set[int]:
    engine.execute(LEDGER[engine.dialect])
    return {
        row["version"] for row in engine.query("SELECT version FROM schema_migrations").to_pylist()
    }


def pending(engine: Engine) -> list[Migration]:
    done = _read_applied(engine)
    return [m for m in available(engine.dialect) if m.version not in done]


def migrate(engine: Engine) -> list[Migration]:
    """Apply what is pending, each migration in its own transaction; returns what ran."""
    todo = pending(engine)
    if todo and not engine.writable:
        raise StoreError(
            "the database needs a schema upgrade; open it once for writing (e.g. `whylens info`)"
        )
    for migration in todo:
        with engine.transaction():
            for statement in statements(migration.sql):
                engine.execute(statement)
            engine.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            )
    return todo


def _read_applied(engine: Engine) -> set[int]:
    if not engine.writable:
        exists = engine.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        )
        if not exists:
            return set()
        rows = engine.query("SELECT version FROM schema_migrations").to_pylist()
        return {row["version"] for row in rows}
    return applied_versions(engine)


def statements(sql: str) -> list[str]:
    """Split a migration file on semicolons that end a line (our files keep one per statement)."""
    without_comments = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [s.strip() for s in re.split(r";\s*\n", without_comments + "\n") if s.strip()]
