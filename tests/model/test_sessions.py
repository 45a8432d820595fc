"""Sessionization against an independent plain-Python reference, plus its invariants."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import whylens

TIMEOUT = timedelta(minutes=30)
T0 = datetime(2024, 3, 1, 12, 0, 0)


def reference_sessions(events: list[dict]) -> dict[str, int]:
    """event_id -> session number within its person, by the rule in docs/metrics.md."""
    by_person: dict[str, list[dict]] = {}
    for e in events:
        by_person.setdefault(e["user_id"], []).append(e)
    result = {}
    for rows in by_person.values():
        rows.sort(key=lambda e: (e["timestamp"], e["event_id"]))
        number, previous = 0, None
        for e in rows:
            changed_id = (
                previous is not None
                and e["session_id"] is not None
                and previous["session_id"] is not None
                and e["session_id"] != previous["session_id"]
            )
            if previous is None or e["timestamp"] - previous["timestamp"] > TIMEOUT or changed_id:
                number += 1
            result[e["event_id"]] = number
            previous = e
    return result


def load(events: list[dict]):
    ws = whylens.open(":memory:")
    table = pa.table(
        {
            "event_id": [e["event_id"] for e in events],
            "user_id": [e["user_id"] for e in events],
            "event": [e["event"] for e in events],
            "timestamp": pa.array([e["timestamp"] for e in events], pa.timestamp("us")),
            "session_id": pa.array([e["session_id"] for e in events], pa.string()),
        }
    )
    ws.import_table(table)
    return ws


def stored_sessions(ws) -> dict[str, int]:
    rows = ws.sql("SELECT event_id, session_id FROM events").itertuples(index=False)
    return {event_id: int(session.rsplit("#", 1)[1]) for event_id, session in rows}


event_lists = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3"]),
        st.integers(min_value=0, max_value=6 * 3600),  # seconds after T0
        st.sampled_from(["$pageview", "click", "purchase"]),
        st.sampled_from([None, None, "s1", "s2"]),
    ),
    min_size=1,
    max_size=40,
).map(
    lambda items: [
        {
            "event_id": f"e{i}",
            "user_id": p,
            "timestamp": T0 + timedelta(seconds=s),
            "event": ev,
            "session_id": sid,
        }
        for i, (p, s, ev, sid) in enumerate(items)
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists)
def test_sessions_match_the_reference(events):
    with load(events) as ws:
        assert stored_sessions(ws) == reference_sessions(events)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists)
def test_sessions_partition_events_and_have_no_inner_gap_over_the_timeout(events):
    with load(events) as ws:
        per_session = ws.sql("""
            SELECT s.session_id, s.person_id, s.events, s.started_at, s.ended_at,
                (SELECT count(*) FROM events e WHERE e.session_id = s.session_id) AS counted,
                (SELECT max(gap) FROM (
                    SELECT epoch(timestamp) - epoch(lag(timestamp) OVER (ORDER BY timestamp, event_id)) AS gap
                    FROM events e WHERE e.session_id = s.session_id)) AS max_gap
            FROM sessions s
        """)
        assert per_session["events"].sum() == len(events)  # every event in exactly one session
        assert (per_session["events"] == per_session["counted"]).all()
        assert (per_session["max_gap"].fillna(0) <= TIMEOUT.total_seconds()).all()
        assert ws.sql("SELECT count(*) FROM events WHERE session_id IS NULL").iloc[0, 0] == 0
        persons = ws.sql(
            "SELECT DISTINCT person_id, split_part(session_id, '#', 1) AS owner FROM events"
        )
        assert (persons["person_id"] == persons["owner"]).all()


def test_hand_computed_sessions_and_bounces():
    m = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    events = [
        # p1: a bounce (one page view), then 40 minutes later an engaged visit
        {
            "event_id": "a",
            "user_id": "p1",
            "event": "$pageview",
            "timestamp": m(0),
            "session_id": None,
        },
        {
            "event_id": "b",
            "user_id": "p1",
            "event": "$pageview",
            "timestamp": m(40),
            "session_id": None,
        },
        {
            "event_id": "c",
            "user_id": "p1",
            "event": "add_to_cart",
            "timestamp": m(45),
            "session_id": None,
        },
        # p2: within 30 minutes but the client session id changes: two sessions
        {
            "event_id": "d",
            "user_id": "p2",
            "event": "$pageview",
            "timestamp": m(0),
            "session_id": "x",
        },
        {
            "event_id": "e",
            "user_id": "p2",
            "event": "$pageview",
            "timestamp": m(5),
            "session_id": "y",
        },
        # p3: no page view at all: left out of bounce
        {
            "event_id": "f",
            "user_id": "p3",
            "event": "api_call",
            "timestamp": m(0),
            "session_id": None,
        },
    ]
    with load(events) as ws:
        got = ws.sql(
            "SELECT session_id, events, duration_s, is_bounce, is_first_session"
            " FROM sessions ORDER BY session_id"
        ).to_dict("records")
    assert [(r["session_id"], r["events"], r["duration_s"]) for r in got] == [
        ("p1#1", 1, 0.0),
        ("p1#2", 2, 300.0),
        ("p2#1", 1, 0.0),
        ("p2#2", 1, 0.0),
        ("p3#1", 1, 0.0),
    ]
    assert [r["is_bounce"] for r in got][:4] == [True, False, True, True]
    assert got[4]["is_bounce"] is None or got[4]["is_bounce"] != got[4]["is_bounce"]  # NULL
    assert [r["is_first_session"] for r in got] == [True, False, True, False, True]


def test_late_events_resessionize_the_person():
    early = [
        {
            "event_id": "a",
            "user_id": "p",
            "event": "$pageview",
            "timestamp": T0,
            "session_id": None,
        },
        {
            "event_id": "b",
            "user_id": "p",
            "event": "$pageview",
            "timestamp": T0 + timedelta(minutes=50),
            "session_id": None,
        },
    ]
    with load(early) as ws:
        assert ws.sql("SELECT count(*) FROM sessions").iloc[0, 0] == 2
        bridge = pa.table(
            {
                "event_id": ["c"],
                "user_id": ["p"],
                "event": ["click"],
                "timestamp": pa.array([T0 + timedelta(minutes=25)], pa.timestamp("us")),
            }
        )
        ws.import_table(bridge)
        assert ws.sql("SELECT count(*) FROM sessions").iloc[0, 0] == 1
        assert ws.sql("SELECT count(DISTINCT session_id) FROM events").iloc[0, 0] == 1


def split_loads(events: list[dict], cut: int):
    """The events imported in two loads: the second numbers sessions over stored history."""
    ws = load(events[:cut])
    if events[cut:]:
        rest = pa.table(
            {
                "event_id": [e["event_id"] for e in events[cut:]],
                "user_id": [e["user_id"] for e in events[cut:]],
                "event": [e["event"] for e in events[cut:]],
                "timestamp": pa.array([e["timestamp"] for e in events[cut:]], pa.timestamp("us")),
                "session_id": pa.array([e["session_id"] for e in events[cut:]], pa.string()),
            }
        )
        ws.import_table(rest, source="later")
    return ws


SESSION_ROWS = "SELECT * EXCLUDE (project_id) FROM sessions ORDER BY session_id"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists, st.integers(min_value=0, max_value=40))
def test_sessions_numbered_on_insert_equal_those_renumbered_later(events, cut):
    """A load into an empty project numbers sessions before inserting; later loads renumber the
    persons they touch over their stored history: both give the reference's sessions."""
    with load(events) as whole, split_loads(events, min(cut, len(events))) as parts:
        assert stored_sessions(parts) == reference_sessions(events)
        assert whole.sql(SESSION_ROWS).equals(parts.sql(SESSION_ROWS))


def test_persons_sharing_a_sort_key_are_still_told_apart(monkeypatch):
    """Sessions are sorted by a hash of the person; persons whose hashes collide (here: all of
    them) are detected and sorted by their ids instead."""
    from whylens.model import sessions

    monkeypatch.setattr(sessions, "PERSON_KEY", "0")
    m = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    events = [
        {"event_id": f"e{i}", "user_id": p, "event": "click", "timestamp": m(t), "session_id": None}
        for i, (p, t) in enumerate(
            [("p1", 0), ("p2", 1), ("p1", 2), ("p3", 3), ("p2", 50), ("p1", 51), ("p3", 52)]
        )
    ]
    with split_loads(events, 4) as ws:  # both the insert and the renumbering path
        assert stored_sessions(ws) == reference_sessions(events)
        assert ws.sql("SELECT count(*) FROM sessions").iloc[0, 0] == 6


def test_events_at_the_same_instant_are_ordered_by_event_id():
    """Two page views at one instant: the one with the smaller event id comes first, so it is
    the entry page and the other the exit page, whatever the file order."""
    events = [
        {
            "event_id": "b",
            "user_id": "p",
            "event": "$pageview",
            "timestamp": T0,
            "session_id": None,
        },
        {
            "event_id": "a",
            "user_id": "p",
            "event": "$pageview",
            "timestamp": T0,
            "session_id": None,
        },
    ]
    table = pa.table(
        {
            "event_id": ["b", "a"],
            "user_id": ["p", "p"],
            "event": ["$pageview", "$pageview"],
            "timestamp": pa.array([T0, T0], pa.timestamp("us")),
            "url": ["https://shop.example/b", "https://shop.example/a"],
        }
    )
    ws = whylens.open(":memory:")
    with ws:
        ws.import_table(table)
        got = ws.sql("SELECT entry_path, exit_path, events FROM sessions").to_dict("records")
        assert got == [{"entry_path": "/a", "exit_path": "/b", "events": len(events)}]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists)
def test_time_alone_orders_the_sessions_table_when_no_events_tie(events):
    """Without two events of a person at one instant, the cheaper ordering by time gives the
    same sessions table as time then event id."""
    from whylens.model import sessions

    seen, distinct = set(), []
    for e in events:
        if (e["user_id"], e["timestamp"]) not in seen:
            seen.add((e["user_id"], e["timestamp"]))
            distinct.append(e)
    with load(distinct) as ws:
        ws.engine.execute(
            "CREATE TEMP TABLE scope AS SELECT DISTINCT project_id, person_id FROM events"
        )
        exact = ws.engine.query(f"SELECT * FROM ({sessions.sessions_sql('scope')}) ORDER BY 2")
        cheap = ws.engine.query(
            f"SELECT * FROM ({sessions.sessions_sql('scope', ties=False)}) ORDER BY 2"
        )
        assert exact.equals(cheap)


def test_a_project_rebuilt_in_several_passes_has_the_same_sessions(monkeypatch):
    """A project's sessions table is built in passes over shares of its sessions when it has
    many sessions: the shares together are the table of one pass."""
    from whylens.model import sessions

    m = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    events = [
        {
            "event_id": f"e{i}",
            "user_id": f"p{i % 5}",
            "event": ("$pageview", "click", "purchase")[i % 3],
            "timestamp": m(i * 37 % 900),
            "session_id": None,
        }
        for i in range(60)
    ]
    with load(events) as once:
        monkeypatch.setattr(sessions, "SESSIONS_PER_PASS", 4)
        with load(events) as in_passes:
            assert in_passes.sql(SESSION_ROWS).equals(once.sql(SESSION_ROWS))
            assert len(once.sql(SESSION_ROWS)) > 9
