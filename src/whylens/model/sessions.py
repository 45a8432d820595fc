"""Sessionization, in SQL: the session of every event, and the sessions table built from them.

A person's events start a new session after more than the inactivity timeout (default 30 min),
or when the client-sent session id changes (both set and different). Sessions never split at
midnight or on a campaign change. Definitions: docs/metrics.md.
"""

from __future__ import annotations

from whylens.engines.base import Engine
from whylens.model import vocabulary
from whylens.sql import literal

TOUCHED = "_whylens_touched"
_ASSIGNED = "_whylens_session_of"


def _in_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


def numbered_sql(relation: str, columns: str = "*") -> str:
    """`columns` of `relation` plus `session_id` (`person_id#n`, n counting from 1).

    `relation` needs project_id, person_id, timestamp, event_id and client_session_id; the
    parameter `$timeout_us` is the inactivity timeout in microseconds.
    """
    return f"""
    SELECT {columns}, person_id || '#' || sum(is_start) OVER (
            PARTITION BY project_id, person_id ORDER BY timestamp, event_id
            ROWS UNBOUNDED PRECEDING) AS session_id
    FROM (
        SELECT *, CASE WHEN lag(timestamp) OVER w IS NULL
                         OR epoch_us(timestamp) - epoch_us(lag(timestamp) OVER w) > $timeout_us
                         OR client_session_id <> lag(client_session_id) OVER w
                       THEN 1 ELSE 0 END AS is_start
        FROM {relation}
        WINDOW w AS (PARTITION BY project_id, person_id ORDER BY timestamp, event_id)
    )
    """


#: the attribution a session takes from its first event
_FIRST_TOUCH = (
    "referrer",
    "referring_domain",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "device_type",
    "browser",
    "os",
    "country",
)


def sessions_sql(scope: str) -> str:
    """One row per session of the persons in `scope`, from their events' session ids.

    The first event (by time, then event id) is picked once, as a struct of every first-touch
    column, rather than once per column: the ordering key is the expensive part.
    """
    pageview = f"event IN {_in_list(vocabulary.PAGEVIEW_EVENTS)}"
    interaction = f"NOT ({pageview}) AND event NOT IN {_in_list(vocabulary.NON_INTERACTION_EVENTS)}"
    key = "(timestamp, event_id)"
    touch = ", ".join(f"{c} := {c}" for c in _FIRST_TOUCH)
    return f"""
    WITH s AS (
        SELECT e.project_id, e.session_id, any_value(e.person_id) AS person_id,
            min(timestamp) AS started_at, max(timestamp) AS ended_at,
            (epoch_us(max(timestamp)) - epoch_us(min(timestamp))) / 1e6 AS duration_s,
            count(*) AS events,
            count(*) FILTER (WHERE {pageview}) AS pageviews,
            count(*) FILTER (WHERE {interaction}) AS interactions,
            arg_min(struct_pack(path := path, url := url), {key}) FILTER (WHERE {pageview}) AS entry,
            arg_max(path, {key}) FILTER (WHERE {pageview}) AS exit_path,
            arg_min(struct_pack({touch}), {key}) AS first_touch
        FROM events e
        SEMI JOIN {scope} t ON e.project_id = t.project_id AND e.person_id = t.person_id
        GROUP BY e.project_id, e.session_id
    )
    SELECT project_id, session_id, person_id, started_at, ended_at, duration_s, events,
        pageviews, interactions, entry.path AS entry_path, exit_path, entry.url AS entry_url,
        CASE WHEN pageviews = 0 THEN NULL
             ELSE NOT (pageviews > 1 OR interactions > 0
                       OR duration_s >= {vocabulary.BOUNCE_MIN_DURATION_S}) END AS is_bounce,
        started_at = min(started_at) OVER (PARTITION BY project_id, person_id) AS is_first_session,
        {", ".join(f"first_touch.{c} AS {c}" for c in _FIRST_TOUCH)}
    FROM s
    """


def resessionize(engine: Engine, persons: str, timeout_s: int) -> None:
    """Recompute the session of every event of the persons in relation `persons`."""
    scoped = (
        f"(SELECT e.rowid AS rid, e.* FROM events e SEMI JOIN {persons} t"
        f" ON e.project_id = t.project_id AND e.person_id = t.person_id)"
    )
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ASSIGNED} AS {numbered_sql(scoped, 'rid')}",
        {"timeout_us": timeout_s * 1_000_000},
    )
    engine.execute(
        f"UPDATE events SET session_id = a.session_id FROM {_ASSIGNED} a"
        f" WHERE events.rowid = a.rid AND events.session_id IS DISTINCT FROM a.session_id"
    )
    engine.execute(f"DROP TABLE {_ASSIGNED}")


def rebuild(engine: Engine) -> None:
    """Rebuild the sessions rows of the persons in the temp table TOUCHED."""
    engine.execute(
        f"DELETE FROM sessions s USING {TOUCHED} t"
        f" WHERE s.project_id = t.project_id AND s.person_id = t.person_id"
    )
    engine.execute(f"INSERT INTO sessions {sessions_sql(TOUCHED)}")
