"""Sessions continued by new events that come after everything stored of their person.

Live events arrive in time order: a person's new events nearly always follow their last stored
one. Their sessions then continue the person's last session (or start new ones after it), and
the sessions rows can be extended from the new events alone, without reading the person's
history: the stored sessions cannot change, session numbers go on from the person's count, and
a session's totals, entry, exit and first touch merge with what the new events add. The result
is what sessionizing the whole history gives (`sessions.number_sql`, `sessions.sessions_sql`).

Persons for whom that does not hold (an event at or before their last one) are left to be
sessionized over their whole history, as an import does.
"""

from __future__ import annotations

from whylens.engines.base import Engine, Params
from whylens.model import sessions

TAILS = "_whylens_tails"
NUMBERED = "_whylens_tail_numbered"
_NUMBERS = "_whylens_tail_numbers"
_TAIL_ROWS = "_whylens_tail_rows"
_PARTS = "_whylens_session_parts"


def split_late(engine: Engine, rows: str, touched: str, params: Params) -> None:
    """Find each person's tail (TAILS: sessions so far, last event time) and add to relation
    `touched` the persons of `rows` whose new events do not all come after it.

    A person is only continued when the sessions and persons rows agree on their last event
    (a store written otherwise is sessionized in full) and no earlier step touched them.
    """
    engine.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {TAILS} AS
        WITH batch AS (SELECT person_id, min(timestamp) AS first_new FROM {rows} GROUP BY ALL),
        last AS (
            SELECT s.person_id, count(*) AS sessions, max(s.ended_at) AS last_at
            FROM sessions s SEMI JOIN batch b ON b.person_id = s.person_id
            WHERE s.project_id = $project GROUP BY s.person_id
        )
        SELECT b.person_id, b.first_new, l.sessions, l.last_at,
            l.last_at IS NOT DISTINCT FROM p.last_seen
                AND (l.last_at IS NULL OR b.first_new > l.last_at)
                AND t.person_id IS NULL AS continues
        FROM batch b LEFT JOIN last l USING (person_id)
        LEFT JOIN persons p ON p.project_id = $project AND p.person_id = b.person_id
        LEFT JOIN (SELECT DISTINCT person_id FROM {touched} WHERE project_id = $project) t
            USING (person_id)
        """,
        params,
    )
    engine.execute(
        f"INSERT INTO {touched} SELECT $project, person_id FROM {TAILS} WHERE NOT continues",
        params,
    )


def number(engine: Engine, rows: str, timeout_s: int, params: Params) -> None:
    """Session ids (NUMBERED: `rid`, `session_id`) of the rows of continued persons, each
    person's sessions going on from their tail.

    The tail enters the numbering as one row before the new ones: at the last event's time,
    with its client session id (looked up only where the gap is within the timeout; beyond it
    a new session starts whatever the ids say). Rows numbered 1 continue the last session.
    """
    timeout = f"INTERVAL {int(timeout_s)} SECOND"
    recent = engine.scalar(
        f"SELECT min(last_at) FROM {TAILS} WHERE continues AND last_at >= first_new - {timeout}"
    )
    engine.execute(f"CREATE OR REPLACE TEMP TABLE {_TAIL_ROWS} (person_id VARCHAR, client VARCHAR)")
    if recent is not None:  # the events of the last timeout only: a scan of the newest rows
        engine.execute(
            f"""
            INSERT INTO {_TAIL_ROWS}
            SELECT e.person_id, arg_max_null(e.client_session_id, e.event_id)
            FROM events e JOIN {TAILS} t ON t.person_id = e.person_id AND t.last_at = e.timestamp
            WHERE e.project_id = $project AND e.timestamp >= $recent AND t.continues
                AND t.last_at >= t.first_new - {timeout}
            GROUP BY e.person_id
            """,
            {**params, "recent": recent},
        )
    numbered_rows = f"""(
        SELECT -row_number() OVER () AS rid, $project AS project_id, t.person_id,
            t.last_at AS timestamp, r.client AS client_session_id, '' AS event_id
        FROM {TAILS} t LEFT JOIN {_TAIL_ROWS} r USING (person_id)
        WHERE t.continues AND t.last_at IS NOT NULL
        UNION ALL
        SELECT n._row, $project, n.person_id, n.timestamp, n.client_session_id, n.event_id
        FROM {rows} n SEMI JOIN {TAILS} t ON t.person_id = n.person_id AND t.continues
    )"""
    sessions.number_into(engine, _NUMBERS, numbered_rows, True, timeout_s, params)
    engine.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {NUMBERED} AS
        SELECT s.rid, n.person_id || '#' || (s.session_number + coalesce(t.sessions - 1, 0))
            AS session_id
        FROM {_NUMBERS} s JOIN {rows} n ON n._row = s.rid JOIN {TAILS} t USING (person_id)
        """
    )
    engine.execute(f"DROP TABLE {_NUMBERS}")


def extend(engine: Engine, events: str, params: Params) -> None:
    """Merge the sessions of relation `events` (new rows of continued persons, with their
    session ids) into the sessions table: a continued last session is updated, others added.

    Every new event comes after the session's stored ones, so the stored first touch and entry
    stay (the entry only if the session had a page view), and the exit is the new one when
    there is one (`arg_max` skips pages without a path, so a new exit can be missing too).
    """
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_PARTS} AS {sessions.sessions_sql(None, events=events)}",
        params,
    )
    merged = {
        "pageviews": "sessions.pageviews + p.pageviews",
        "interactions": "sessions.interactions + p.interactions",
        "duration_s": "(epoch_us(p.ended_at) - epoch_us(sessions.started_at)) / 1e6",
    }
    engine.execute(
        f"""
        UPDATE sessions SET ended_at = p.ended_at, duration_s = {merged["duration_s"]},
            events = sessions.events + p.events, pageviews = {merged["pageviews"]},
            interactions = {merged["interactions"]},
            entry_path = CASE WHEN sessions.pageviews > 0 THEN sessions.entry_path
                ELSE p.entry_path END,
            entry_url = CASE WHEN sessions.pageviews > 0 THEN sessions.entry_url
                ELSE p.entry_url END,
            exit_path = coalesce(p.exit_path, sessions.exit_path),
            is_bounce = {sessions.bounce_sql(*merged.values())}
        FROM {_PARTS} p
        WHERE sessions.project_id = $project AND sessions.session_id = p.session_id
        """,
        params,
    )
    engine.execute(
        f"""
        INSERT INTO sessions SELECT p.* FROM {_PARTS} p
        WHERE p.session_id NOT IN (SELECT t.person_id || '#' || t.sessions FROM {TAILS} t
                                   WHERE t.continues AND t.sessions IS NOT NULL)
        """
    )
    engine.execute(f"DROP TABLE {_PARTS}")
