"""Sessionization, in SQL: the session of every event, and the sessions table built from them.

A person's events start a new session after more than the inactivity timeout (default 30 min),
or when the client-sent session id changes (both set and different). Sessions never split at
midnight or on a campaign change. Definitions: docs/metrics.md.

The session of every event comes from one sort of the events, person after person in time
order, and a single pass over the sorted rows (DuckDB's streaming windows, which read rows in
the order of the sort): the pass marks where sessions start and counts them. Sorting by a
64-bit hash of the person instead of the person id itself halves the cost of the sort; two
persons sharing a hash are detected in the same pass and then sorted by their ids
(docs/adr/0006-import-in-one-pass-per-file.md).
"""

from __future__ import annotations

from whylens.engines.base import Engine
from whylens.model import vocabulary
from whylens.sql import literal

TOUCHED = "_whylens_touched"
_ASSIGNED = "_whylens_session_of"
#: the sort key of a person: a hash sorts much faster than the id (collisions: `number_sql`)
PERSON_KEY = "hash(project_id, person_id)"
#: sessions per pass of a project's sessions rebuild (split by a hash of their id): the 1.7
#: million sessions of 10 million events took 1.1 GB in one pass, more than an import's memory
#: limit, and spilled (7.9 CPU-s, 12 s); in two passes they took 4.7 CPU-s and 4.7 s
SESSIONS_PER_PASS = 1_000_000


def _in_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


def events_of(scope: str) -> str:
    """The stored events of the persons in relation `scope`, as `number_sql` reads them.

    Matched on the persons' sort keys, a cheaper join than on their ids: a person who shares a
    key with one in `scope` comes along and is numbered again, to the same sessions.
    """
    return f"""
        SELECT rowid AS rid, project_id, person_id, timestamp, client_session_id, event_id
        FROM events WHERE {PERSON_KEY} IN (SELECT {PERSON_KEY} FROM {scope})
    """


def number_sql(
    rows: str, *, client_ids: bool = True, by_person_id: bool = False, ids: bool = True
) -> str:
    """`rid`, `session_number` (n, counting from 1), `tied` (at the same instant as the
    person's event before) and `shared` for every row of relation `rows` (rid, project_id,
    person_id, timestamp, client_session_id, event_id); with `ids`, also `person_id` and
    `session_id` (`person_id#n`).

    `client_ids`: whether any row may have a client session id. Only then can events at the
    same instant fall in different sessions, so only then are they taken in event id order, as
    the definition says (otherwise their order is free, and the id change is not looked at).
    `shared` marks a row whose person shares a hash with the person before it: the sessions
    are then only right with `by_person_id`. The parameter `$timeout_us` is the inactivity
    timeout in microseconds.
    """
    order = "person_key, project_id, person_id" if by_person_id else "person_key"
    order += ", timestamp, event_id" if client_ids else ", timestamp"
    client = "client_session_id" if client_ids else "CAST(NULL AS VARCHAR)"
    changed = "lag(person_id) OVER () <> person_id OR lag(project_id) OVER () <> project_id"
    outputs = (
        "*, person_id || '#' || session_number AS session_id" if ids else "* EXCLUDE (person_id)"
    )
    return f"""
    SELECT {outputs} FROM (
        SELECT rid, person_id, starts + 1
                - max(CASE WHEN is_first THEN starts END) OVER (ROWS UNBOUNDED PRECEDING)
                AS session_number, NOT is_first AND gap_us = 0 AS tied, shared
        FROM (
            SELECT rid, person_id, is_first, gap_us, shared,
                sum(CASE WHEN is_first OR gap_us > $timeout_us
                    OR client_session_id <> previous_client_id THEN 1 ELSE 0 END)
                    OVER (ROWS UNBOUNDED PRECEDING) AS starts
            FROM (
                SELECT rid, person_id, client_session_id,
                    epoch_us(timestamp) - epoch_us(lag(timestamp) OVER ()) AS gap_us,
                    lag(client_session_id) OVER () AS previous_client_id,
                    lag(person_key) OVER () IS DISTINCT FROM person_key OR {changed} AS is_first,
                    lag(person_key) OVER () = person_key AND ({changed}) AS shared
                FROM (
                    SELECT rid, project_id, person_id, timestamp,
                        {client} AS client_session_id, {PERSON_KEY} AS person_key
                    FROM {rows} ORDER BY {order}
                )
            )
        )
    )
    """


def assign_sql(
    scope: str, *, client_ids: bool = True, by_person_id: bool = False, ids: bool = True
) -> str:
    """`number_sql` over the stored events of the persons in `scope` (project_id, person_id)."""
    rows = f"({events_of(scope)})"
    return number_sql(rows, client_ids=client_ids, by_person_id=by_person_id, ids=ids)


def has_client_ids(engine: Engine, rows: str = "events") -> bool:
    """Whether any row of relation `rows` has a client session id."""
    return bool(
        engine.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {rows}"
            " WHERE client_session_id IS NOT NULL LIMIT 1)"
        )
    )


def assign_select(engine: Engine, scope: str) -> str:
    """`assign_sql` as an import runs it: client session ids looked at only if one exists,
    session numbers without the `person_id#n` text (the update writes that)."""
    return assign_sql(scope, client_ids=has_client_ids(engine), ids=False)


def number_into(
    engine: Engine,
    table: str,
    rows: str,
    client_ids: bool,
    timeout_s: int,
    params: dict | None = None,
) -> bool:
    """`number_sql` of `rows` (without `session_id`) into temp table `table`; again by person
    id if two persons of `rows` share a hash. `params`: those `rows` needs. Returns whether two
    events of a person share an instant."""
    create = f"CREATE OR REPLACE TEMP TABLE {table} AS "
    params = {**(params or {}), "timeout_us": timeout_s * 1_000_000}
    engine.execute(create + number_sql(rows, client_ids=client_ids, ids=False), params)
    if engine.scalar(f"SELECT bool_or(shared) FROM {table}"):
        exact = number_sql(rows, client_ids=client_ids, by_person_id=True, ids=False)
        engine.execute(create + exact, params)
    return bool(engine.scalar(f"SELECT bool_or(tied) FROM {table}"))


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


def bounce_sql(pageviews: str, interactions: str, duration_s: str) -> str:
    """SQL: whether a session is a bounce (the default rule; NULL without a page view)."""
    return (
        f"CASE WHEN {pageviews} = 0 THEN NULL ELSE NOT ({pageviews} > 1 OR {interactions} > 0"
        f" OR {duration_s} >= {vocabulary.BOUNCE_MIN_DURATION_S}) END"
    )


def sessions_sql(scope: str | None, ties: bool = True, events: str | None = None) -> str:
    """One row per session of the persons in `scope`, from their events' session ids; with no
    `scope`, of every person of project `$project`; or of the rows of relation `events` (with
    the columns of the events table).

    The first event (by time, then event id) is picked once, as a struct of every first-touch
    column, rather than once per column: the ordering key is the expensive part. When no two
    events of a person share an instant (not `ties`), time alone orders them, which is cheaper.
    A person's first session is their session number 1.
    """
    pageview = f"event IN {_in_list(vocabulary.PAGEVIEW_EVENTS)}"
    interaction = f"NOT ({pageview}) AND event NOT IN {_in_list(vocabulary.NON_INTERACTION_EVENTS)}"
    key = "(timestamp, event_id)" if ties else "timestamp"
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
        FROM {f"{events} e" if events else _events_in(scope)}
        GROUP BY e.project_id, e.session_id
    )
    SELECT project_id, session_id, person_id, started_at, ended_at, duration_s, events,
        pageviews, interactions, entry.path AS entry_path, exit_path, entry.url AS entry_url,
        {bounce_sql("pageviews", "interactions", "duration_s")} AS is_bounce,
        session_id = person_id || '#1' AS is_first_session,
        {", ".join(f"first_touch.{c} AS {c}" for c in _FIRST_TOUCH)}
    FROM s
    """


def resessionize(engine: Engine, persons: str, timeout_s: int) -> bool:
    """Recompute the session of every event of the persons in relation `persons`; returns
    whether two events of a person share an instant."""
    rows = f"({events_of(persons)})"
    ties = number_into(engine, _ASSIGNED, rows, has_client_ids(engine), timeout_s)
    new_id = "events.person_id || '#' || a.session_number"
    engine.execute(
        f"UPDATE events SET session_id = {new_id} FROM {_ASSIGNED} a"
        f" WHERE events.rowid = a.rid AND events.session_id IS DISTINCT FROM {new_id}"
    )
    engine.execute(f"DROP TABLE {_ASSIGNED}")
    return ties


def rebuild(engine: Engine, project_id: str | None = None, ties: bool = True) -> None:
    """Rebuild the sessions rows of the persons in the temp table TOUCHED, or of every person
    of `project_id` (after a load into an empty project; in passes, see `SESSIONS_PER_PASS`).
    `ties`: see `sessions_sql`."""
    if project_id is not None:
        params = {"project": project_id}
        engine.execute("DELETE FROM sessions WHERE project_id = $project", params)
        parts = _passes(engine, params)
        for part in range(parts):
            share = f" AND hash(session_id) % {parts} = {part}" if parts > 1 else ""
            rows = f"(SELECT * FROM events WHERE project_id = $project{share})"
            engine.execute(f"INSERT INTO sessions {sessions_sql(None, ties, rows)}", params)
        return
    engine.execute(
        f"DELETE FROM sessions s USING {TOUCHED} t"
        f" WHERE s.project_id = t.project_id AND s.person_id = t.person_id"
    )
    engine.execute(f"INSERT INTO sessions {sessions_sql(TOUCHED, ties)}")


def _passes(engine: Engine, params: dict) -> int:
    """How many passes the sessions of project `$project` are built in (`SESSIONS_PER_PASS`);
    their number estimated only when the events are more than a pass holds."""
    count = "SELECT {} FROM events WHERE project_id = $project"
    if (engine.scalar(count.format("count(*)"), params) or 0) <= SESSIONS_PER_PASS:
        return 1
    sessions = engine.scalar(count.format("approx_count_distinct(session_id)"), params) or 0
    return max(1, -(-int(sessions) // SESSIONS_PER_PASS))


def _events_in(scope: str | None) -> str:
    """FROM clause: the events (`e`) of the persons in `scope`, or of project `$project`."""
    if scope is None:
        return "(SELECT * FROM events WHERE project_id = $project) e"
    return (
        f"events e SEMI JOIN {scope} t ON e.project_id = t.project_id AND e.person_id = t.person_id"
    )
