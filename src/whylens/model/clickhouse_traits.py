"""Person traits on a ClickHouse store, merged exactly as on DuckDB.

As imports do (ingest/clickhouse.py), the DuckDB code runs unchanged on a scratch database:
seeded with the rows of the persons concerned (and, for captured events, the identity links of
their ids) and with the store's privacy rules and masking secret, it merges the traits
(model/traits.py: JSON merge patch, rules applied; ingest/writer.py for `$set` and
`$set_once`); the persons' rows are then written back with a new `_version` and their older
rows deleted.
"""

from __future__ import annotations

import time
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from whylens.engines.clickhouse.base import ClickHouseEngine
from whylens.engines.duckdb import DuckDBEngine
from whylens.errors import QueryError
from whylens.ingest import privacy_rules
from whylens.ingest.clickhouse import (
    INCOMING,
    REWRITTEN,
    _copy,
    _delete_older,
    scratch_database,
    seed_links,
)
from whylens.ingest.protection import traits_protector
from whylens.model import settings
from whylens.model.traits import set_traits as merge

PERSONS = REWRITTEN["persons"]
NAMED = "_whylens_trait_persons"


def set_traits(store: ClickHouseEngine, table: pa.Table, project_id: str) -> int:
    """model.traits.set_traits for a ClickHouse store; returns the rows merged."""
    if "person_id" not in table.column_names:
        raise QueryError("traits need a person_id column")
    if table.num_rows == 0 or table.num_columns == 1:
        return 0
    ids = pa.table({"person_id": table.column("person_id").cast(pa.string())})
    privacy_rules.policy(store, project_id)  # the masking secret is made in the store, if due
    with scratch_database() as scratch:
        for key in (privacy_rules.RULES_KEY, privacy_rules.SECRET_KEY):
            value = settings.get(store, key)
            if value is not None:
                settings.put(scratch, key, value)
        _seed_persons(store, scratch, ids, project_id)
        merged = merge(scratch, table, project_id, traits_protector(scratch, project_id))
        _write_back(store, scratch, ids, project_id)
    return merged


def apply_captured(store: ClickHouseEngine, events: list[dict[str, Any]], project_id: str) -> None:
    """writer.apply_traits for a ClickHouse store: captured `$set` / `$set_once` traits."""
    from whylens.ingest.writer import apply_traits  # the DuckDB merge, run on the scratch

    given = [e.get(key) for e in events for key in ("user_id", "anonymous_id")]
    ids = pa.table({"id": pc.drop_null(pa.array(given, pa.string()).unique())})
    with scratch_database() as scratch:
        seed_links(store, scratch, ids, project_id)
        with scratch.registered(INCOMING, ids):
            persons = scratch.query(
                f"SELECT DISTINCT coalesce(i.person_id, r.id) AS person_id FROM {INCOMING} r"
                " LEFT JOIN identities i ON i.project_id = $project AND i.distinct_id = r.id",
                {"project": project_id},
            )
        _seed_persons(store, scratch, persons, project_id)
        apply_traits(scratch, events, project_id)
        _write_back(store, scratch, persons, project_id)


def _seed_persons(
    store: ClickHouseEngine, scratch: DuckDBEngine, ids: pa.Table, project_id: str
) -> None:
    """The store's rows of these persons (a table with a `person_id` column) into the scratch."""
    with store.registered(INCOMING, ids):
        known = store.query(
            f"SELECT {PERSONS} FROM persons WHERE project_id = $project"
            f" AND person_id IN (SELECT person_id FROM {INCOMING})",
            {"project": project_id},
        )
    if known.num_rows:
        with scratch.registered(INCOMING, known):
            scratch.execute(f"INSERT INTO persons ({PERSONS}) SELECT {PERSONS} FROM {INCOMING}")


def _write_back(
    store: ClickHouseEngine, scratch: DuckDBEngine, ids: pa.Table, project_id: str
) -> None:
    """These persons' scratch rows into the store with a new version, then their older rows
    deleted (a failure in between leaves a version FINAL hides, never a person without rows)."""
    p = {"project": project_id}
    with scratch.registered(INCOMING, ids):  # a table: the copy reads on another cursor
        scratch.execute(f"CREATE TABLE {NAMED} AS SELECT DISTINCT person_id FROM {INCOMING}")
    version = time.time_ns() // 1000
    _copy(
        scratch,
        store,
        "persons",
        f"SELECT {PERSONS}, CAST({version} AS UBIGINT) AS _version FROM persons"
        f" WHERE project_id = $project AND person_id IN (SELECT person_id FROM {NAMED})",
        p,
    )
    written = sorted(set(ids.column("person_id").to_pylist()) - {None})
    _delete_older(store, "persons", written, {**p, "version": version})
