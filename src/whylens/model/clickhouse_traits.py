"""Person traits set from a table on a ClickHouse store, merged exactly as on DuckDB.

As imports do (ingest/clickhouse.py), the DuckDB code runs unchanged on a scratch database:
seeded with the rows of the persons the table names and with the store's privacy rules and
masking secret, it merges the traits (model/traits.py: JSON merge patch, rules applied); the
persons' rows are then written back with a new `_version` and their older rows deleted.
"""

from __future__ import annotations

import time

import pyarrow as pa

from whylens.engines.clickhouse.base import ClickHouseEngine
from whylens.errors import QueryError
from whylens.ingest import privacy_rules
from whylens.ingest.clickhouse import INCOMING, REWRITTEN, _copy, _delete_older, scratch_database
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
    p = {"project": project_id}
    with scratch_database() as scratch:
        for key in (privacy_rules.RULES_KEY, privacy_rules.SECRET_KEY):
            value = settings.get(store, key)
            if value is not None:
                settings.put(scratch, key, value)
        with store.registered(INCOMING, ids):
            known = store.query(
                f"SELECT {PERSONS} FROM persons WHERE project_id = $project"
                f" AND person_id IN (SELECT person_id FROM {INCOMING})",
                p,
            )
        if known.num_rows:
            with scratch.registered(INCOMING, known):
                scratch.execute(f"INSERT INTO persons ({PERSONS}) SELECT {PERSONS} FROM {INCOMING}")
        merged = merge(scratch, table, project_id, traits_protector(scratch, project_id))
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
    return merged
