"""Captured events into the store, a log batch at a time, at a cost that does not grow with it.

A bulk import (loader.py) rebuilds the sessions and person rows of everyone it touches from
their whole history, and checks every id against the whole store. Live events nearly always come
after everything stored of their person: their sessions and person rows are then extended from
the new events alone (model/session_tails.py). Persons for whom that does not hold (an event at
or before their last one, a new identity link) are rebuilt from their history as an import
rebuilds them. Either way the store ends as a bulk import of the same events leaves it.

Retries are recognised by id among the stored events within a day of the batch's (a retried
event keeps its time; a replay of the log after a crash carries the very same times), so the
check reads the newest part of the store, not all of it (docs/adr/0008).
"""

from __future__ import annotations

from datetime import timedelta

from whylens.engines.base import Engine
from whylens.ingest.importer import ImportSummary, count_into, record_rejects
from whylens.ingest.loader import EVENT_COLUMNS, EventLoader
from whylens.ingest.logged import Logged
from whylens.ingest.readers import Reject
from whylens.ingest.surveys import SURVEY_EVENT, surveys_to_feedback
from whylens.model import persons, session_tails, sessions

#: how far apart in time two events with the same id may be and still be taken as one
DEDUP_WINDOW = timedelta(days=1)
#: the ids of stored events within the window around the batch
WINDOWED_IDS = (
    "(SELECT event_id FROM events WHERE project_id = $project"
    " AND timestamp BETWEEN $dedup_from AND $dedup_to)"
)
_NEW = "_whylens_append_new"


def append_logged(engine: Engine, logged: Logged, project_id: str, source: str) -> ImportSummary:
    """A project's events of a log batch parsed on `engine` itself, with the checks, ids and
    identity links of `import_table(logged.table(project_id))`, appended; the events go from
    the parsed log to the store without leaving DuckDB."""
    rows = logged.rows(project_id)
    loader = AppendLoader(engine, project_id)
    summary = ImportSummary(files=[source], read=logged.counts[project_id])
    if loader.add(rows, 1):
        rejected = engine.query(
            f"SELECT _row, _field, _reason, _raw FROM ({rows.sql}) WHERE _field IS NOT NULL"
            " ORDER BY _row",
            rows.params,
        ).to_pylist()
        summary.rejects = [
            Reject(source, r["_row"], r["_field"], r["_reason"], r["_raw"]) for r in rejected
        ]
    with engine.transaction():
        loader.finish()
    count_into(loader, summary)
    record_rejects(engine, summary, project_id, None)
    return summary


class AppendLoader(EventLoader):
    """The import's loader, storing new rows of continued persons with their sessions."""

    def __init__(self, engine: Engine, project_id: str = "default") -> None:
        super().__init__(engine, project_id)
        self._surveys = False

    def _store(self, valid: str) -> None:
        engine, params = self.engine, {"project": self.project_id}
        new = self.new_rows_sql(valid, WINDOWED_IDS)
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {_NEW} AS {new}", self._window(valid))
        session_tails.split_late(engine, _NEW, sessions.TOUCHED, params)
        session_tails.number(engine, _NEW, self.session_timeout_s, params)
        numbered = f"{_NEW} n LEFT JOIN {session_tails.NUMBERED} s ON s.rid = n._row"
        engine.execute(
            f"""
            INSERT INTO events ({EVENT_COLUMNS})
            SELECT $project, event_id, event, person_id, distinct_id, anonymous_id, timestamp,
                $received_at, s.session_id, client_session_id, url, path, referrer,
                referring_domain, utm_source, utm_medium, utm_campaign, device_type, browser,
                os, country, properties
            FROM {numbered}
            """,
            {**params, "received_at": self.received_at},
        )
        continued = (
            f"(SELECT $project AS project_id, n.*, s.session_id FROM {numbered}"
            " WHERE s.session_id IS NOT NULL)"
        )
        session_tails.extend(engine, continued, params)
        persons.extend(engine, continued, params)
        counts = engine.query(
            f"SELECT count(*) AS n, count(*) FILTER (WHERE event = $survey) AS surveys FROM {_NEW}",
            {"survey": SURVEY_EVENT},
        ).to_pylist()[0]
        self.counts.imported += int(counts["n"])
        self._surveys |= bool(counts["surveys"])
        for table in (_NEW, session_tails.NUMBERED, session_tails.TAILS):
            engine.execute(f"DROP TABLE {table}")

    def _window(self, valid: str) -> dict:
        """The parameters of the new rows' SQL: the project and the dedup window."""
        span = self.engine.query(
            f"SELECT min(timestamp) AS low, max(timestamp) AS high FROM {valid}"
        ).to_pylist()[0]
        return {
            "project": self.project_id,
            "dedup_from": span["low"] - DEDUP_WINDOW,
            "dedup_to": span["high"] + DEDUP_WINDOW,
        }

    def finish(self) -> None:
        """Persons with late events or new identity links sessionized over their history, as
        an import does; survey answers among the new events stored as feedback."""
        self.flush()
        engine, touched = self.engine, sessions.TOUCHED
        if engine.scalar(f"SELECT count(*) FROM {touched}"):
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {touched} AS SELECT DISTINCT * FROM {touched}"
            )
            ties = sessions.resessionize(engine, touched, self.session_timeout_s)
            sessions.rebuild(engine, None, ties)
            persons.refresh(engine, None)
            engine.execute(f"DELETE FROM {touched}")
        if self._surveys:
            self.counts.feedback += surveys_to_feedback(engine, self.project_id, self.received_at)
