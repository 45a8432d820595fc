"""The one path by which events enter the store, whatever brought them (a file, an endpoint).

Each batch: identity links learned, persons resolved, event ids given (or derived from the
content), duplicates dropped against the store; afterwards the touched persons' sessions and
person rows are rebuilt in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from whylens.engines.base import Engine
from whylens.model import identity, persons, sessions, vocabulary

VALID = "_whylens_valid"
HASH_COUNTS = "_whylens_hash_counts"

EVENT_COLUMNS = (
    "project_id, event_id, event, person_id, distinct_id, anonymous_id, timestamp, received_at,"
    " session_id, client_session_id, url, path, referrer, referring_domain, utm_source,"
    " utm_medium, utm_campaign, device_type, browser, os, country, properties"
)


@dataclass
class LoadCounts:
    valid: int = 0
    imported: int = 0

    @property
    def duplicates(self) -> int:
        return self.valid - self.imported


class EventLoader:
    """Loads batches of normalised rows for one project; `finish` rebuilds derived tables."""

    def __init__(self, engine: Engine, project_id: str = "default") -> None:
        self.engine = engine
        self.project_id = project_id
        self.received_at = datetime.now(timezone.utc).replace(tzinfo=None)
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {sessions.TOUCHED}"
            " (project_id VARCHAR, person_id VARCHAR)"
        )
        self.start_source()

    def start_source(self) -> None:
        """Occurrence numbers of identical rows count from 1 again in each file."""
        self.engine.execute(f"CREATE OR REPLACE TEMP TABLE {HASH_COUNTS} (h VARCHAR, n BIGINT)")

    def load(self, rows: str) -> LoadCounts:
        """Insert the valid rows of the relation `rows` (normalised columns); returns counts."""
        engine, params = self.engine, {"project": self.project_id}
        engine.execute(f"""
            CREATE OR REPLACE TEMP TABLE {VALID} AS
            WITH hashed AS (
                SELECT *, CASE WHEN given_id IS NULL THEN md5(concat_ws(chr(31),
                        coalesce(user_id, ''), coalesce(anonymous_id, ''), event,
                        CAST(epoch_us(timestamp) AS VARCHAR), CAST(properties AS VARCHAR))) END AS h
                FROM {rows}
            ), numbered AS (
                SELECT *, row_number() OVER (PARTITION BY h ORDER BY _row) AS k FROM hashed
            )
            SELECT n.* EXCLUDE (h, k, given_id),
                coalesce(n.given_id, n.h || '-' || (coalesce(c.n, 0) + n.k)) AS event_id, n.h
            FROM numbered n LEFT JOIN (
                SELECT h, sum(n) AS n FROM {HASH_COUNTS}
                WHERE h IN (SELECT h FROM numbered WHERE h IS NOT NULL) GROUP BY h
            ) c ON c.h = n.h
        """)
        valid = engine.scalar(f"SELECT count(*) FROM {VALID}") or 0
        if not valid:
            return LoadCounts()
        engine.execute(f"""
            INSERT INTO {HASH_COUNTS}
            SELECT h, count(*) FROM {VALID} WHERE h IS NOT NULL GROUP BY h
        """)
        if identity.learn_links(engine, VALID, self.project_id):
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
            SELECT $project, r.event_id, r.event, {identity.person_expression()}, r.distinct_id,
                r.anonymous_id, r.timestamp, $received_at, NULL, r.client_session_id, r.url,
                r.path, r.referrer, r.referring_domain, r.utm_source, r.utm_medium,
                r.utm_campaign, r.device_type, r.browser, r.os, r.country, r.properties
            FROM {VALID} r {identity.identity_joins()}
            WHERE NOT EXISTS (
                SELECT 1 FROM events e WHERE e.project_id = $project AND e.event_id = r.event_id
            )
            QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY r._row) = 1
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
                FROM {VALID} r {identity.identity_joins()}
            """,
                params,
            )
        engine.execute(f"DROP TABLE {VALID}")
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
