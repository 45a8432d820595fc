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
READY = "_whylens_ready"

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
        """Store the pending valid rows of one source; identical rows count per source."""
        if not self._has_pending:
            return LoadCounts()
        engine, params = self.engine, {"project": self.project_id}
        engine.execute(f"""
            CREATE OR REPLACE TEMP TABLE {READY} AS
            WITH hashed AS (
                SELECT * EXCLUDE (_field, _reason),
                    CASE WHEN given_id IS NULL THEN {_CONTENT_HASH} END AS h
                FROM {PENDING} WHERE _field IS NULL
            ), repeated AS (
                SELECT h FROM hashed WHERE h IS NOT NULL GROUP BY h HAVING count(*) > 1
            )
            SELECT * EXCLUDE (h, given_id), coalesce(given_id, h || '-1') AS event_id
            FROM hashed ANTI JOIN repeated USING (h)
            UNION ALL BY NAME
            SELECT * EXCLUDE (h, given_id),
                h || '-' || row_number() OVER (PARTITION BY h ORDER BY _row) AS event_id
            FROM hashed SEMI JOIN repeated USING (h)
        """)
        engine.execute(f"DROP TABLE {PENDING}")
        self._has_pending = False
        valid = engine.scalar(f"SELECT count(*) FROM {READY}") or 0
        if not valid:
            return LoadCounts()
        if identity.learn_links(engine, READY, self.project_id):
            persons.carry_traits(engine, identity.LINKS, self.project_id)
            engine.execute(
                f"INSERT INTO {sessions.TOUCHED} SELECT $project, person_id FROM {identity.LINKS}"
                f" UNION SELECT $project, distinct_id FROM {identity.LINKS}",
                params,
            )
        before = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        engine.execute(
            f"""
            INSERT INTO events ({EVENT_COLUMNS})
            WITH repeated AS (
                SELECT event_id, min(_row) AS first_row FROM {READY}
                GROUP BY event_id HAVING count(*) > 1
            ), fresh AS (
                SELECT r.* FROM {READY} r
                ANTI JOIN (SELECT event_id FROM events WHERE project_id = $project) e
                    ON e.event_id = r.event_id
                LEFT JOIN repeated d ON d.event_id = r.event_id
                WHERE d.first_row IS NULL OR d.first_row = r._row
            )
            SELECT $project, r.event_id, r.event, {identity.person_expression()}, r.distinct_id,
                r.anonymous_id, r.timestamp, $received_at, NULL, r.client_session_id, r.url,
                r.path, r.referrer, r.referring_domain, r.utm_source, r.utm_medium,
                r.utm_campaign, r.device_type, r.browser, r.os, r.country, r.properties
            FROM fresh r {identity.identity_joins()}
        """,
            {**params, "received_at": self.received_at},
        )
        after = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        imported = int(after - before)
        if imported:
            engine.execute(
                f"""
                INSERT INTO {sessions.TOUCHED}
                SELECT DISTINCT $project, {identity.person_expression()}
                FROM {READY} r {identity.identity_joins()}
            """,
                params,
            )
        engine.execute(f"DROP TABLE {READY}")
        return LoadCounts(valid=int(valid), imported=imported)

    def finish(self, timeout_s: int = vocabulary.SESSION_TIMEOUT_S) -> None:
        """Rebuild sessions and person rows of everyone this loader touched."""
        engine = self.engine
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {sessions.TOUCHED} AS"
            f" SELECT DISTINCT project_id, person_id FROM {sessions.TOUCHED}"
        )
        if engine.scalar(f"SELECT count(*) FROM {sessions.TOUCHED}"):
            sessions.refresh(engine, timeout_s)
            persons.refresh(engine)
        engine.execute(f"DELETE FROM {sessions.TOUCHED}")
