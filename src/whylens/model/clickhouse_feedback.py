"""Feedback rows added to a ClickHouse store, checked, identified and deduplicated as on DuckDB.

As imports do (ingest/clickhouse.py), the DuckDB code runs unchanged on a scratch database
seeded with the store's identity links and deletions of the rows' person ids; what it stores
there is copied to the store, but the rows whose id the store holds already.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from whylens.engines.clickhouse.base import ClickHouseEngine
from whylens.ingest.clickhouse import copy_new_feedback, scratch_database, seed_links
from whylens.model import feedback


def add_feedback(store: ClickHouseEngine, table: pa.Table, project_id: str) -> int:
    """model.feedback.add_feedback for a ClickHouse store; returns rows added."""
    ids = pa.table({"id": pa.array([], pa.string())})
    if "person_id" in table.column_names:
        ids = pa.table({"id": pc.drop_null(table.column("person_id").cast(pa.string()).unique())})
    with scratch_database() as scratch:
        seed_links(store, scratch, ids, project_id)
        feedback.add_feedback(scratch, table, project_id)
        return copy_new_feedback(scratch, store, project_id)
