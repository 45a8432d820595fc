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
_WITH_HISTORY = "_whylens_with_history"

EVENT_COLUMNS = (
    "project_id, event_id, event, person_id, distinct_id, anonymous_id, timestamp, received_at,"
    " session_id, client_session_id, url, path, referrer, referring_domain, utm_source,"
    " utm_medium, utm_campaign, device_type, browser, os, country, properties"
)
#: the content that identifies an event without an id of its own
_CONTENT_HASH = (
    "md5(concat_ws(chr(31), coalesce(user_id, ''), coalesce(anonymous_id, ''), event,"
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
    """Loads sources of normalised rows for one project."""

    def __init__(self, engine: Engine, project_id: str = "default") -> None:
        self.engine = engine
        self.project_id = project_id
        self.received_at = datetime.now(timezone.utc).replace(tzinfo=None)
        self._has_pending = False
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {sessions.TOUCHED} (project_id VARCHAR, person_id VARCHAR)"
        )

    def add(self, select_sql: str) -> None:
        """Append normalised rows (valid or not: `_field` marks rejects) to the pending table."""
        if self._has_pending:
            self.engine.execute(f"INSERT INTO {PENDING} BY NAME {select_sql}")
        else:
            self.engine.execute(f"CREATE OR REPLACE TEMP TABLE {PENDING} AS {select_sql}")
            self._has_pending = True

    def rejected(self, since_row: int) -> str:
        """SQL for the pending rejects from a row number on (`_row`, `_field`, `_reason`)."""
        return (
            f"SELECT _row, _field, _reason FROM {PENDING}"
            f" WHERE _field IS NOT NULL AND _row >= {int(since_row)}"
        )

    def flush(self) -> LoadCounts:
        """Store the pending valid rows of one source; identical rows count per source.

        One statement gives ids, drops what the store already holds, resolves persons and
        numbers sessions (from the new rows alone: persons with earlier events are numbered
        again in `finish`).
        """
        if not self._has_pending:
            return LoadCounts()
        engine, params = self.engine, {"project": self.project_id}
        valid = engine.scalar(f"SELECT count(*) FROM {PENDING} WHERE _field IS NULL") or 0
        if valid and identity.learn_links(
            engine, f"(SELECT * FROM {PENDING} WHERE _field IS NULL)", self.project_id
        ):
            persons.carry_traits(engine, identity.LINKS, self.project_id)
            engine.execute(
                f"INSERT INTO {sessions.TOUCHED} SELECT $project, person_id FROM {identity.LINKS}"
                f" UNION SELECT $project, distinct_id FROM {identity.LINKS}",
                params,
            )
        before = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        if valid:
            engine.execute(
                f"INSERT INTO events ({EVENT_COLUMNS}) {self._insert_sql()}",
                {
                    **params,
                    "received_at": self.received_at,
                    "timeout_us": vocabulary.SESSION_TIMEOUT_S * 1_000_000,
                },
            )
        engine.execute(f"DROP TABLE {PENDING}")
        self._has_pending = False
        after = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        return LoadCounts(valid=int(valid), imported=int(after - before))

    def _insert_sql(self) -> str:
        fresh = f"""(
            WITH hashed AS (
                SELECT * EXCLUDE (_field, _reason),
                    CASE WHEN given_id IS NULL THEN {_CONTENT_HASH} END AS h
                FROM {PENDING} WHERE _field IS NULL
            ), repeated AS (
                SELECT h FROM hashed WHERE h IS NOT NULL GROUP BY h HAVING count(*) > 1
            ), identified AS (
                SELECT * EXCLUDE (h, given_id), coalesce(given_id, h || '-1') AS event_id
                FROM hashed ANTI JOIN repeated USING (h)
                UNION ALL BY NAME
                SELECT * EXCLUDE (h, given_id),
                    h || '-' || row_number() OVER (PARTITION BY h ORDER BY _row) AS event_id
                FROM hashed SEMI JOIN repeated USING (h)
            ), first_of_id AS (
                SELECT event_id, min(_row) AS first_row FROM identified
                GROUP BY event_id HAVING count(*) > 1
            )
            SELECT $project AS project_id, {identity.person_expression()} AS person_id, r.*
            FROM identified r
            ANTI JOIN (SELECT event_id FROM events WHERE project_id = $project) e
                ON e.event_id = r.event_id
            LEFT JOIN first_of_id d ON d.event_id = r.event_id
            {identity.identity_joins()}
            WHERE d.first_row IS NULL OR d.first_row = r._row
        )"""
        return f"""
            SELECT project_id, event_id, event, person_id, distinct_id, anonymous_id, timestamp,
                $received_at, session_id, client_session_id, url, path, referrer,
                referring_domain, utm_source, utm_medium, utm_campaign, device_type, browser,
                os, country, properties
            FROM ({sessions.numbered_sql(fresh)})
        """

    def finish(self, timeout_s: int = vocabulary.SESSION_TIMEOUT_S) -> None:
        """Sessions and person rows of everyone this loader touched, rebuilt from their events.

        Persons who had events before this load are sessionized again over their whole history,
        so late events and identity merges give the sessions a fresh import would.
        """
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
        if not engine.scalar(f"SELECT count(*) FROM {sessions.TOUCHED}"):
            return
        engine.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {_WITH_HISTORY} AS
            SELECT DISTINCT e.project_id, e.person_id FROM events e
            SEMI JOIN {sessions.TOUCHED} t ON e.project_id = t.project_id AND e.person_id = t.person_id
            WHERE e.received_at <> $received_at
        """,
            marker,
        )
        if engine.scalar(f"SELECT count(*) FROM {_WITH_HISTORY}"):
            sessions.resessionize(engine, _WITH_HISTORY, timeout_s)
        engine.execute(f"DROP TABLE {_WITH_HISTORY}")
        sessions.rebuild(engine)
        persons.refresh(engine)
        engine.execute(f"DELETE FROM {sessions.TOUCHED}")
