"""Sessionization: whylens' SQL over every person of an imported database, against pandas.

The SQL is exactly what an import runs (`whylens.model.sessions`), with all persons in scope;
the baseline is the plain pandas way: sort by person and time, a gap over the timeout or a
changed client session id starts a session, a running count numbers them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bench.measure import timed

SCOPE = "_bench_scope"


def session_ids_pandas(events: pd.DataFrame, timeout_s: int) -> pd.Series:
    """`person_id#n` for every event of (person_id, timestamp, client_session_id)."""
    ordered = events.sort_values(["person_id", "timestamp"], kind="stable", ignore_index=True)
    person, client_id = ordered["person_id"], ordered["client_session_id"]
    first = person.ne(person.shift())
    idle = ordered["timestamp"].diff() > pd.Timedelta(seconds=timeout_s)
    previous_id = client_id.shift()
    switched = client_id.notna() & previous_id.notna() & client_id.ne(previous_id)
    starts = (first | idle | switched).astype("int64")
    number = starts.groupby(person, sort=False).cumsum()
    return person + "#" + number.astype(str)


def assign_statement(engine: Any, scope: str) -> tuple[str, str]:
    """The function used and the SELECT an import runs to give each event its session
    (`assign_select`: ties broken by event id only where client session ids exist; session
    numbers, the `person#n` text being written by the update that follows)."""
    from whylens.model import sessions

    return "assign_sql", sessions.assign_select(engine, scope)


def measure(database: str, runs: int, table_runs: int) -> dict[str, Any]:
    """In the child: SQL timings, pandas load and compute timings, and both session counts."""
    from whylens.engines.duckdb import DuckDBEngine
    from whylens.model import sessions, vocabulary

    timeout_s = vocabulary.SESSION_TIMEOUT_S
    engine = DuckDBEngine(database)
    engine.execute(
        f"CREATE TEMP TABLE {SCOPE} AS SELECT DISTINCT project_id, person_id FROM events"
    )
    function, select = assign_statement(engine, SCOPE)
    assign_sql = f"CREATE OR REPLACE TEMP TABLE _bench_assigned AS {select}"
    params = {"timeout_us": timeout_s * 1_000_000}
    assign, _ = timed(lambda: engine.execute(assign_sql, params), runs)
    sql_sessions = engine.scalar(
        "SELECT count(DISTINCT (e.person_id, a.session_number))"
        " FROM _bench_assigned a JOIN events e ON e.rowid = a.rid"
    )
    # as an import: the cheaper ordering of the sessions table when no two events tie
    ties = bool(engine.scalar("SELECT bool_or(tied) FROM _bench_assigned"))
    engine.execute("DROP TABLE _bench_assigned")
    table_sql = (
        f"CREATE OR REPLACE TEMP TABLE _bench_sessions AS {sessions.sessions_sql(SCOPE, ties=ties)}"
    )
    table, _ = timed(lambda: engine.execute(table_sql), table_runs)
    load, frame = timed(
        lambda: engine.query(
            "SELECT person_id, timestamp, client_session_id FROM events"
        ).to_pandas(),
        1,
    )
    engine.close()
    compute, ids = timed(lambda: session_ids_pandas(frame, timeout_s), runs)
    return {
        "events": len(frame),
        "assign_function": function,
        "assign": assign.runs,
        "table": table.runs,
        "pandas_load": load.runs,
        "pandas": compute.runs,
        "sql_sessions": sql_sessions,
        "pandas_sessions": int(ids.nunique()),
    }
