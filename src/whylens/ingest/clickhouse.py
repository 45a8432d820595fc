"""Imports into ClickHouse, with exactly the checks, ids, identity links and sessions of DuckDB.

The DuckDB importer runs unchanged on a scratch DuckDB database. Before each batch is stored
there, the scratch is seeded from ClickHouse with the part of the store the batch can touch:
the identity links and deletions of its ids, every event, session and person row of the persons those
ids can resolve to, and the stored events that share its event ids. At the end, the rows of
every seeded person are written back to ClickHouse with a new `_version`, and their older rows
are deleted (docs/clickhouse.md, Loading).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.engines.clickhouse.base import ClickHouseEngine
from whylens.engines.duckdb import DuckDBEngine
from whylens.ingest import importer, privacy_rules
from whylens.ingest.importer import ImportOptions, ImportSummary, Progress
from whylens.ingest.loader import EVENT_COLUMNS, EventLoader
from whylens.ingest.logged import Logged
from whylens.model import settings
from whylens.model.migrate import migrate

SEEDED = "_whylens_seeded_persons"  # persons whose whole history the scratch holds
SEEDED_LINKS = "_whylens_seeded_links"  # identity links copied from the store
BORROWED = "_whylens_borrowed_events"  # stored events copied only to detect duplicate ids
INCOMING = "_whylens_incoming"
WRITTEN = "_whylens_written_persons"
#: rows per INSERT into ClickHouse (one part each)
WRITE_ROWS = 1_000_000
#: person ids per DELETE statement
DELETE_PERSONS = 10_000
_PERSON_COLUMNS = "project_id, person_id, traits, first_seen, last_seen, is_identified"
_SESSION_COLUMNS = (
    "project_id, session_id, person_id, started_at, ended_at, duration_s, events, pageviews,"
    " interactions, entry_path, exit_path, entry_url, is_bounce, is_first_session, referrer,"
    " referring_domain, utm_source, utm_medium, utm_campaign, device_type, browser, os, country"
)
#: per table rewritten by person: its columns
REWRITTEN = {"events": EVENT_COLUMNS, "sessions": _SESSION_COLUMNS, "persons": _PERSON_COLUMNS}


class SeededLoader(EventLoader):
    """The DuckDB loader on a scratch database, seeded from the store before each batch (its
    ledgers are plain tables: the scratch is thrown away, and write-back reads them from a
    second connection)."""

    def __init__(self, scratch: Engine, store: ClickHouseEngine, project_id: str) -> None:
        super().__init__(scratch, project_id)
        self.store = store
        for table, column in ((SEEDED, "person_id"), (SEEDED_LINKS, "distinct_id")):
            scratch.execute(f"CREATE TABLE IF NOT EXISTS {table} ({column} VARCHAR)")
        scratch.execute(f"CREATE TABLE IF NOT EXISTS {BORROWED} (event_id VARCHAR)")

    def flush(self) -> None:
        if self._pending_rows:
            self.seed()
        super().flush()

    def seed(self) -> None:
        """Copy from the store what the pending batch can read or change."""
        scratch = self.engine
        pending = self.pending_sql()
        ids = scratch.query(
            f"SELECT DISTINCT id FROM (SELECT unnest([user_id, anonymous_id]) AS id"
            f" FROM {pending}) WHERE id IS NOT NULL"
        )
        given = scratch.query(
            f"SELECT DISTINCT given_id AS id FROM {pending} WHERE given_id IS NOT NULL"
        )
        links, gone = links_of(self.store, ids, self.project_id)
        self._add("identities", links, "distinct_id", SEEDED_LINKS)
        self._add("deleted_ids", gone, "distinct_id")
        candidates = pa.table(
            {
                "person_id": pa.concat_arrays(
                    [ids.column("id").combine_chunks(), links.column("person_id").combine_chunks()]
                )
            }
        )
        with scratch.registered(INCOMING, candidates):
            fresh = scratch.query(
                f"SELECT DISTINCT person_id FROM {INCOMING}"
                f" WHERE person_id NOT IN (SELECT person_id FROM {SEEDED})"
            )
        if fresh.num_rows:
            self._seed_persons(fresh)
        if given.num_rows:
            self._borrow(given)

    def _seed_persons(self, fresh: pa.Table) -> None:
        p = {"project": self.project_id}
        with self.store.registered(INCOMING, fresh):
            inside = f"project_id = $project AND person_id IN (SELECT person_id FROM {INCOMING})"
            found = {
                table: self.store.query(f"SELECT {columns} FROM {table} WHERE {inside}", p)
                for table, columns in REWRITTEN.items()
            }
        for table, key in (
            ("events", "event_id"),
            ("sessions", "session_id"),
            ("persons", "person_id"),
        ):
            self._add(table, found[table], key)
        with self.engine.registered(INCOMING, fresh):
            self.engine.execute(f"INSERT INTO {SEEDED} SELECT person_id FROM {INCOMING}")

    def _borrow(self, given: pa.Table) -> None:
        """Stored events with the batch's own ids, of persons not seeded: only for dedup."""
        with self.store.registered(INCOMING, given):
            events = self.store.query(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE project_id = $project"
                f" AND event_id IN (SELECT id FROM {INCOMING})",
                {"project": self.project_id},
            )
        added = self._add("events", events, "event_id")
        if added.num_rows:
            with self.engine.registered(INCOMING, added):
                self.engine.execute(f"INSERT INTO {BORROWED} SELECT event_id FROM {INCOMING}")

    def _add(self, table: str, rows: pa.Table, key: str, ledger: str | None = None) -> pa.Table:
        """Insert the rows the scratch does not hold yet (by `key`); returns their keys."""
        if not rows.num_rows:
            return rows.select([key])
        columns = ", ".join(rows.column_names)
        with self.engine.registered(INCOMING, rows):
            new = self.engine.query(
                f"SELECT {key} FROM {INCOMING} WHERE {key} NOT IN"
                f" (SELECT {key} FROM {table} WHERE project_id = $project)",
                {"project": self.project_id},
            )
            self.engine.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {INCOMING}"
                f" WHERE {key} NOT IN (SELECT {key} FROM {table} WHERE project_id = $project)",
                {"project": self.project_id},
            )
        if ledger:
            with self.engine.registered(INCOMING, new):
                self.engine.execute(f"INSERT INTO {ledger} SELECT {key} FROM {INCOMING}")
        return new


def links_of(store: ClickHouseEngine, ids: pa.Table, project_id: str) -> tuple[pa.Table, pa.Table]:
    """The store's identity links and deletions of these ids (a table with an `id` column)."""
    p = {"project": project_id}
    with store.registered(INCOMING, ids):
        links = store.query(
            "SELECT project_id, distinct_id, person_id, linked_at FROM identities"
            f" WHERE project_id = $project AND distinct_id IN (SELECT id FROM {INCOMING})",
            p,
        )
        gone = store.query(
            "SELECT project_id, distinct_id, deleted_at FROM deleted_ids"
            f" WHERE project_id = $project AND distinct_id IN (SELECT id FROM {INCOMING})",
            p,
        )
    return links, gone


def seed_links(
    store: ClickHouseEngine, scratch: DuckDBEngine, ids: pa.Table, project_id: str
) -> None:
    """Give an empty scratch the store's identity links and deletions of these ids, so that
    DuckDB code resolving ids to persons there resolves them as the store would."""
    for table, rows in zip(("identities", "deleted_ids"), links_of(store, ids, project_id)):
        if rows.num_rows:
            with scratch.registered(INCOMING, rows):
                columns = ", ".join(rows.column_names)
                scratch.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {INCOMING}")


def copy_new_feedback(scratch: DuckDBEngine, store: ClickHouseEngine, project_id: str) -> int:
    """The scratch's feedback rows into the store, but those whose id the store holds already
    (a ReplacingMergeTree would keep the copy inserted last: an unscored one); returns rows."""
    made = scratch.query("SELECT feedback_id AS id FROM feedback")
    if not made.num_rows:
        return 0
    with store.registered(INCOMING, made):
        held = store.query(
            "SELECT feedback_id AS id FROM feedback WHERE project_id = $project"
            f" AND feedback_id IN (SELECT id FROM {INCOMING})",
            {"project": project_id},
        )
    if held.num_rows:
        with scratch.registered(INCOMING, held):
            scratch.execute(
                f"DELETE FROM feedback WHERE feedback_id IN (SELECT id FROM {INCOMING})"
            )
    _copy(scratch, store, "feedback", "SELECT * FROM feedback", {})
    return made.num_rows - held.num_rows


@contextmanager
def scratch_database() -> Iterator[DuckDBEngine]:
    """A DuckDB file in a temporary folder (a file, so that a large load can spill to disk)."""
    with tempfile.TemporaryDirectory(prefix="whylens-load-") as folder:
        engine = DuckDBEngine(Path(folder) / "scratch.duckdb")
        try:
            migrate(engine)
            yield engine
        finally:
            engine.close()


def share_privacy(store: ClickHouseEngine, scratch: DuckDBEngine, options: ImportOptions) -> None:
    """Store the import's privacy rules in the store, as a DuckDB import stores them, and give
    the scratch the store's rules and masking secret (made in the store if a rule masks), so
    that the scratch's importer drops and masks what a DuckDB import would, with the same
    hashes import after import (docs/adr/0005-privacy-at-ingestion.md)."""
    if options.apply_privacy:
        privacy_rules.add(
            store, options.project_id, options.drop_properties, options.mask_properties
        )
        privacy_rules.policy(store, options.project_id)
    for key in (privacy_rules.RULES_KEY, privacy_rules.SECRET_KEY):
        value = settings.get(store, key)
        if value is not None:
            settings.put(scratch, key, value)


def import_paths(
    store: ClickHouseEngine,
    paths: list[str],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    rejects_path: str | Path | None = None,
) -> ImportSummary:
    """`importer.import_paths` for a ClickHouse store."""
    options = options or ImportOptions()
    with scratch_database() as scratch:
        share_privacy(store, scratch, options)
        loader = SeededLoader(scratch, store, options.project_id)
        summary = importer.import_paths(
            scratch, paths, options, progress, rejects_path, loader=loader
        )
        write_back(scratch, store, loader)
    return summary


def import_table(
    store: ClickHouseEngine, table: pa.Table, source: str, options: ImportOptions | None = None
) -> ImportSummary:
    """`importer.import_table` for a ClickHouse store."""
    options = options or ImportOptions()
    with scratch_database() as scratch:
        share_privacy(store, scratch, options)
        loader = SeededLoader(scratch, store, options.project_id)
        summary = importer.import_table(scratch, table, source, options, loader=loader)
        write_back(scratch, store, loader)
    return summary


def append_logged(
    store: ClickHouseEngine, logged: Logged, project_id: str, source: str
) -> ImportSummary:
    """Captured events (ingest/stores.py): a project's events of a log batch (parsed on a
    scratch DuckDB), taken as a ClickHouse store takes an import."""
    options = ImportOptions(project_id=project_id, apply_privacy=False)
    return import_table(store, logged.table(project_id), source, options)


def write_back(scratch: DuckDBEngine, store: ClickHouseEngine, loader: SeededLoader) -> None:
    """Replace the seeded persons' rows in the store by the scratch's, then add what is new.

    New rows go in first, with a higher `_version`; the older rows of the same persons are
    deleted after, so a failure in between leaves extra versions that FINAL hides where the
    sort key is unchanged, never a person without rows.
    """
    p = {"project": loader.project_id}
    version = int(loader.received_at.timestamp() * 1_000_000)
    scratch.execute(
        f"DELETE FROM events WHERE event_id IN (SELECT event_id FROM {BORROWED})"
        f" AND person_id NOT IN (SELECT person_id FROM {SEEDED})"
    )
    written = scratch.query(f"SELECT DISTINCT person_id FROM {SEEDED}")
    for table, columns in REWRITTEN.items():
        _copy(
            scratch,
            store,
            table,
            f"SELECT {columns}, CAST({version} AS UBIGINT) AS _version FROM {table}"
            f" WHERE project_id = $project AND person_id IN (SELECT person_id FROM {SEEDED})",
            p,
        )
    with store.registered(WRITTEN, written):
        for table in REWRITTEN:
            stale = (
                store.query(
                    f"SELECT DISTINCT person_id FROM {table} WHERE project_id = $project"
                    f" AND _version < $version AND person_id IN (SELECT person_id FROM {WRITTEN})",
                    {**p, "version": version},
                )
                .column("person_id")
                .to_pylist()
            )
            _delete_older(store, table, stale, {**p, "version": version})
    _copy(
        scratch,
        store,
        "identities",
        "SELECT project_id, distinct_id, person_id, linked_at FROM identities"
        f" WHERE distinct_id NOT IN (SELECT distinct_id FROM {SEEDED_LINKS})",
        {},
    )
    _copy(scratch, store, "rejects", "SELECT * FROM rejects", {})
    copy_new_feedback(scratch, store, loader.project_id)


def copy_project(source: DuckDBEngine, store: ClickHouseEngine, project_id: str) -> None:
    """Every stored row of a project of a DuckDB database into the same, empty, project of a
    ClickHouse store: the store then holds exactly what DuckDB made (the demo is made so)."""
    p = {"project": project_id}
    for table, columns in REWRITTEN.items():
        _copy(
            source,
            store,
            table,
            f"SELECT {columns}, CAST(1 AS UBIGINT) AS _version FROM {table}"
            " WHERE project_id = $project",
            p,
        )
    _copy(
        source,
        store,
        "identities",
        "SELECT project_id, distinct_id, person_id, linked_at FROM identities"
        " WHERE project_id = $project",
        p,
    )
    for table in ("rejects", "feedback"):
        _copy(source, store, table, f"SELECT * FROM {table} WHERE project_id = $project", p)


def _delete_older(store: ClickHouseEngine, table: str, persons: list[str], params: dict) -> None:
    """Lightweight deletes of the persons' rows older than the load, a slice of persons at a
    time (a mutation cannot read the session's temporary tables: the ids travel as a bound
    array)."""
    for start in range(0, len(persons), DELETE_PERSONS):
        store.execute(
            f"DELETE FROM {table} WHERE project_id = $project AND _version < $version"
            " AND has($persons, person_id)",
            {**params, "persons": persons[start : start + DELETE_PERSONS]},
        )


def _copy(
    scratch: DuckDBEngine, store: ClickHouseEngine, table: str, select: str, params: dict
) -> None:
    """Rows of a scratch SELECT into a store table, streamed WRITE_ROWS at a time."""
    batches = scratch.cursor().sql(select, params=params or None).to_arrow_reader(WRITE_ROWS)
    for batch in batches:
        if batch.num_rows:
            store.insert_arrow(table, _json_as_text(pa.Table.from_batches([batch])))


def _json_as_text(rows: pa.Table) -> pa.Table:
    """DuckDB's JSON columns arrive as an extension type; ClickHouse stores their text."""
    columns = [
        c.cast(pa.string()) if isinstance(c.type, pa.ExtensionType) else c for c in rows.columns
    ]
    return pa.Table.from_arrays(columns, names=rows.column_names)
