"""The one path by which events enter the store, whatever brought them (a file, an endpoint).

Rows of a source (a file, a request batch) are first gathered in a pending table; `flush` then
gives each an id (its own, or one derived from its content), learns identity links, resolves
persons and inserts what the store does not hold yet, in one pass against the store. `finish`
rebuilds the sessions and person rows of everyone touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from whylens.engines.base import Engine
from whylens.model import identity, persons, sessions, vocabulary

PENDING = "_whylens_pending"
HASHED = "_whylens_hashed"
HASH_COUNTS = "_whylens_hash_counts"

EVENT_COLUMNS = (
    "project_id, event_id, event, person_id, distinct_id, anonymous_id, timestamp, received_at,"
    " session_id, client_session_id, url, path, referrer, referring_domain, utm_source,"
    " utm_medium, utm_campaign, device_type, browser, os, country, properties"
)
#: the content that identifies an event without an id of its own
_CONTENT_HASH = (
    "md5_number(concat_ws(chr(31), coalesce(user_id, ''), coalesce(anonymous_id, ''), event,"
    " CAST(epoch_us(timestamp) AS VARCHAR), CAST(properties AS VARCHAR)))"
)


@dataclass
class LoadCounts:
    valid: int = 0
    imported: int = 0

    @property
    def duplicates(self) -> int:
        return self.valid - self.imported


class EventLoader:
    """Loads sources of normalised rows for one project, in bounded batches."""

    #: pending rows stored per batch: bounds memory whatever the size of a source
    batch_rows = 1_000_000

    def __init__(self, engine: Engine, project_id: str = "default") -> None:
        self.engine = engine
        self.project_id = project_id
        # the load's mark on its rows; unique per load since loads never overlap
        self.received_at = datetime.now(timezone.utc).replace(tzinfo=None)
        self._pending_rows = 0
        self.counts = LoadCounts()
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {sessions.TOUCHED} (project_id VARCHAR, person_id VARCHAR)"
        )
        self.start_source()

    def start_source(self) -> None:
        """Identical rows are numbered per source: their occurrence counts start again."""
        self.engine.execute(f"CREATE OR REPLACE TEMP TABLE {HASH_COUNTS} (h UHUGEINT, n BIGINT)")

    def add(self, select_sql: str) -> None:
        """Append normalised rows (valid or not: `_field` marks rejects) to the pending table."""
        if self._pending_rows:
            self.engine.execute(f"INSERT INTO {PENDING} BY NAME {select_sql}")
        else:
            self.engine.execute(f"CREATE OR REPLACE TEMP TABLE {PENDING} AS {select_sql}")
        self._pending_rows = self.engine.scalar(f"SELECT count(*) FROM {PENDING}") or 0

    def rejected(self, since_row: int) -> str:
        """SQL for the pending rejects from a row number on (`_row`, `_field`, `_reason`)."""
        return (
            f"SELECT _row, _field, _reason FROM {PENDING}"
            f" WHERE _field IS NOT NULL AND _row >= {int(since_row)}"
        )

    def flush_if_full(self) -> None:
        if self._pending_rows >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Store the pending valid rows: ids, dedup against the store, persons resolved."""
        if not self._pending_rows:
            return
        engine, params = self.engine, {"project": self.project_id}
        valid = f"(SELECT * FROM {PENDING} WHERE _field IS NULL)"
        count = engine.scalar(f"SELECT count(*) FROM {valid}") or 0
        if count and identity.learn_links(engine, valid, self.project_id):
            persons.carry_traits(engine, identity.LINKS, self.project_id)
            engine.execute(
                f"INSERT INTO {sessions.TOUCHED} SELECT $project, person_id FROM {identity.LINKS}"
                f" UNION SELECT $project, distinct_id FROM {identity.LINKS}",
                params,
            )
        before = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        if count:
            engine.execute(f"CREATE OR REPLACE TEMP TABLE {HASHED} AS {_hashed_sql()}")
            engine.execute(
                f"INSERT INTO events ({EVENT_COLUMNS}) {_insert_sql()}",
                {**params, "received_at": self.received_at},
            )
            engine.execute(
                f"INSERT INTO {HASH_COUNTS} SELECT h, count(*) FROM {HASHED}"
                " WHERE h IS NOT NULL GROUP BY h"
            )
            engine.execute(f"DROP TABLE {HASHED}")
        engine.execute(f"DROP TABLE {PENDING}")
        self._pending_rows = 0
        after = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        self.counts.valid += int(count)
        self.counts.imported += int(after - before)

    def finish(self, timeout_s: int = vocabulary.SESSION_TIMEOUT_S) -> None:
        """Sessions and person rows of everyone this loader touched, rebuilt from their events.

        Each touched person is sessionized over their whole history, so late events and
        identity merges give the sessions a fresh import would.
        """
        self.flush()
        engine, marker = self.engine, {"received_at": self.received_at}
        engine.execute(
            f"INSERT INTO {sessions.TOUCHED} SELECT DISTINCT project_id, person_id FROM events"
            f" WHERE received_at = $received_at",
            marker,
        )
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {sessions.TOUCHED} AS"
            f" SELECT DISTINCT project_id, person_id FROM {sessions.TOUCHED}"
        )
        if engine.scalar(f"SELECT count(*) FROM {sessions.TOUCHED}"):
            sessions.resessionize(engine, sessions.TOUCHED, timeout_s)
            sessions.rebuild(engine)
            persons.refresh(engine)
        engine.execute(f"DELETE FROM {sessions.TOUCHED}")


def _hashed_sql() -> str:
    """Pending valid rows with their content hash (rows without an id of their own) and the
    occurrence number of identical rows, counted on from earlier batches of the same source."""
    return f"""
        WITH hashed AS (
            SELECT * EXCLUDE (_field, _reason),
                CASE WHEN given_id IS NULL THEN {_CONTENT_HASH} END AS h
            FROM {PENDING} WHERE _field IS NULL
        ), repeated AS (
            SELECT h FROM hashed WHERE h IS NOT NULL GROUP BY h HAVING count(*) > 1
            UNION SELECT h FROM {HASH_COUNTS} SEMI JOIN hashed USING (h)
        ), earlier AS (
            SELECT h, sum(n) AS n FROM {HASH_COUNTS} SEMI JOIN hashed USING (h) GROUP BY h
        )
        SELECT * EXCLUDE (given_id),
            coalesce(given_id, format('{{:032x}}', h) || '-1') AS event_id
        FROM hashed ANTI JOIN repeated USING (h)
        UNION ALL BY NAME
        SELECT r.* EXCLUDE (given_id), format('{{:032x}}', r.h) || '-' || (coalesce(c.n, 0)
            + row_number() OVER (PARTITION BY r.h ORDER BY r._row)) AS event_id
        FROM hashed r SEMI JOIN repeated USING (h) LEFT JOIN earlier c USING (h)
    """


def _insert_sql() -> str:
    """The new rows of HASHED as events: the first of a repeated id only, persons resolved."""
    return f"""
        WITH first_of_id AS (
            SELECT event_id, min(_row) AS first_row FROM {HASHED}
            GROUP BY event_id HAVING count(*) > 1
        )
        SELECT $project, r.event_id, r.event, {identity.person_expression()}, r.distinct_id,
            r.anonymous_id, r.timestamp, $received_at, NULL, r.client_session_id, r.url,
            r.path, r.referrer, r.referring_domain, r.utm_source, r.utm_medium,
            r.utm_campaign, r.device_type, r.browser, r.os, r.country, r.properties
        FROM {HASHED} r
        ANTI JOIN (SELECT event_id FROM events WHERE project_id = $project) e
            ON e.event_id = r.event_id
        ANTI JOIN (SELECT distinct_id FROM deleted_ids WHERE project_id = $project) gone
            ON gone.distinct_id = r.distinct_id OR gone.distinct_id = r.anonymous_id
        LEFT JOIN first_of_id d ON d.event_id = r.event_id
        {identity.identity_joins()}
        WHERE d.first_row IS NULL OR d.first_row = r._row
    """
