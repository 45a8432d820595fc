"""The schema for a ClickHouse cluster, derived from the single-server migrations
(model/migrations/clickhouse/) so that the two never drift apart (docs/scaling.md).

Tables read per person (events, sessions, persons) are sharded by a hash of the person: a
`<name>_local` ReplicatedMergeTree table on every shard, and a Distributed table under the name
whylens queries. Every other table is small and looked up by other keys: it is replicated in full
to every node (one replication path for the whole cluster), so a lookup is local wherever it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whylens.errors import ConfigError
from whylens.model.migrate import LEDGER, available, statements

#: tables distributed across shards, each by this expression of its row
SHARDED = {"events", "sessions", "persons"}
SHARD_KEY = "cityHash64(person_id)"
#: where a replicated table keeps its replication log: per shard, or one for the whole cluster
SHARD_PATH = "/clickhouse/tables/{{shard}}/{{database}}/{table}"
EVERY_NODE_PATH = "/clickhouse/tables/all/{{database}}/{table}"

_CLUSTER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_CREATE = re.compile(
    r"^CREATE TABLE IF NOT EXISTS (?P<name>\w+)\s*\((?P<columns>.*)\)\s*"
    r"ENGINE = (?P<engine>\w+)(?:\((?P<args>[^)]*)\))?(?P<rest>.*)$",
    re.DOTALL,
)
_INSERT = re.compile(r"^INSERT INTO (?P<name>\w+)\b", re.DOTALL)
_ALTER = re.compile(r"^ALTER TABLE (?P<name>\w+) (?P<change>ADD COLUMN .*)$", re.DOTALL)


@dataclass(frozen=True)
class ClusterSchema:
    """The statements that create whylens's tables on cluster `cluster`, in order."""

    cluster: str

    def __post_init__(self) -> None:
        if not _CLUSTER.match(self.cluster):
            raise ConfigError(
                f"{self.cluster!r} is not a cluster name: use letters, digits, _ . and -"
            )

    def statements(self) -> list[str]:
        """The ledger of applied migrations, every migration, then their rows in the ledger (so
        that whylens, connecting, finds nothing to apply)."""
        migrations = available("clickhouse")
        found = self.create(LEDGER["clickhouse"])
        for migration in migrations:
            for statement in statements(migration.sql):
                found.extend(self.derive(statement))
        found.extend(
            f"INSERT INTO schema_migrations (version, name) VALUES ({m.version}, '{m.name}')"
            for m in migrations
        )
        return found

    def derive(self, statement: str) -> list[str]:
        if _CREATE.match(statement):
            return self.create(statement)
        if _INSERT.match(statement):
            return [statement]  # into a table replicated in full: one insert reaches every node
        if found := _ALTER.match(statement):
            return self.alter(found["name"], found["change"])
        raise ConfigError(
            "cannot derive cluster DDL for this migration statement; extend model/cluster.py:"
            f" {statement.splitlines()[0]}"
        )

    def alter(self, name: str, change: str) -> list[str]:
        """A new column on every node: on the shards' tables, then on the distributed one."""
        tables = [f"{name}_local", name] if name in SHARDED else [name]
        return [f"ALTER TABLE {t} ON CLUSTER '{self.cluster}' {change}" for t in tables]

    def create(self, statement: str) -> list[str]:
        """A CREATE TABLE as its replicated (and, when sharded, distributed) twin."""
        found = _CREATE.match(statement)
        if found is None:
            raise ConfigError(f"not a CREATE TABLE: {statement.splitlines()[0]}")
        name, columns, rest = found["name"], found["columns"], found["rest"].strip()
        local = f"{name}_local" if name in SHARDED else name
        path = (SHARD_PATH if name in SHARDED else EVERY_NODE_PATH).format(table=local)
        args = ", ".join(a for a in (f"'{path}'", "'{replica}'", found["args"]) if a)
        table = (
            f"CREATE TABLE IF NOT EXISTS {local} ON CLUSTER '{self.cluster}' ({columns})"
            f" ENGINE = Replicated{found['engine']}({args})" + (f" {rest}" if rest else "")
        )
        if name not in SHARDED:
            return [table]
        distributed = (
            f"CREATE TABLE IF NOT EXISTS {name} ON CLUSTER '{self.cluster}' AS {local}"
            f" ENGINE = Distributed('{self.cluster}', currentDatabase(), '{local}', {SHARD_KEY})"
        )
        return [table, distributed]
