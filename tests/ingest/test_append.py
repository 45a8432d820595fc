"""The append path of captured events (from the parsed log to the store) leaves the store as the
import path does: batch by batch against imports of the same batches on random journeys (late
events, ties, client session ids, identity links, retries, pages without a path), and the cases
one at a time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import whylens
from tests.ingest.logged_records import append, event_table
from whylens.ingest import append as appending
from whylens.ingest.importer import ImportOptions, import_table

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
OPTIONS = ImportOptions(project_id="default", apply_privacy=False)
TABLES = {
    "events": "SELECT * EXCLUDE (received_at) FROM events ORDER BY project_id, event_id",
    "sessions": "SELECT * FROM sessions ORDER BY project_id, session_id",
    "persons": "SELECT * FROM persons ORDER BY project_id, person_id",
    "identities": "SELECT * EXCLUDE (linked_at) FROM identities ORDER BY distinct_id",
}


def record(number: int, who: tuple[str | None, str | None], seconds: int, **fields) -> dict:
    """A captured record as the log holds it (only the fields that have a value)."""
    user, anonymous = who
    moment = T0 + timedelta(seconds=seconds)
    built = {
        "event_id": f"m{number}",
        "user_id": user,
        "anonymous_id": anonymous,
        "event": "$pageview",
        "timestamp": int(moment.timestamp() * 1_000_000),
        **fields,
    }
    return {k: v for k, v in built.items() if v is not None}


def stored(ws) -> dict[str, list[dict]]:
    return {name: ws.engine.query(sql).to_pylist() for name, sql in TABLES.items()}


def both_ways(batches: list[list[dict]]) -> tuple[dict, dict]:
    """The store after appending the batches, and after importing them one by one."""
    with whylens.open(":memory:") as appended, whylens.open(":memory:") as imported:
        for batch in batches:
            append(appended.engine, batch)
            import_table(imported.engine, event_table(batch), "capture", OPTIONS)
        return stored(appended), stored(imported)


WHO = st.sampled_from(
    [("p1", None), ("p2", None), ("p3", None), (None, "a1"), (None, "a2"), ("p1", "a1")]
    + [("p2", "a2"), ("p3", "a1")]
)
EVENTS = st.tuples(
    WHO,
    # seconds after T0: gaps over and under the 30-minute timeout, and events at one instant
    st.one_of(st.integers(0, 8 * 3600), st.sampled_from(range(0, 8 * 3600, 900))),
    st.sampled_from(["$pageview", "$pageview", "click", "$identify"]),
    st.sampled_from([None, None, "s1", "s2"]),  # the client's session id
    st.sampled_from([None, "https://shop.example/", "https://shop.example/p?utm_source=ads"]),
    st.integers(min_value=0, max_value=60),  # the message id; a repeat is a retry
    st.booleans(),  # False: sent without an id (the id is derived from the content)
)


@st.composite
def captured_batches(draw: st.DrawFn) -> list[list[dict]]:
    """20 to 60 records, mostly in time order (live traffic), cut into 1 to 6 log batches."""
    items = draw(st.lists(EVENTS, min_size=20, max_size=60))
    if draw(st.booleans()):
        items.sort(key=lambda item: item[1])
    records = [
        record(
            number,
            who,
            seconds,
            event=name,
            session_id=client,
            url=url,
            event_id=f"m{number}" if with_id else None,
        )
        for who, seconds, name, client, url, number, with_id in items
    ]
    cuts = sorted(draw(st.lists(st.integers(0, len(records)), max_size=5)))
    bounds = [0, *cuts, len(records)]
    return [records[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(captured_batches())
def test_appending_leaves_the_store_as_importing_the_same_batches(batches):
    appended, imported = both_ways(batches)
    assert appended == imported


def test_a_later_batch_continues_the_last_session_and_starts_the_next():
    first = [record(1, ("p", None), 0), record(2, ("p", None), 600, event="click")]
    second = [
        record(3, ("p", None), 1200, url="https://shop.example/cart"),
        record(4, ("p", None), 1200 + 3600),
    ]
    appended, imported = both_ways([first, second])
    assert appended == imported
    sessions = appended["sessions"]
    assert [(s["session_id"], s["events"], s["exit_path"]) for s in sessions] == [
        ("p#1", 3, "/cart"),
        ("p#2", 1, None),
    ]
    assert sessions[0]["is_bounce"] is False and sessions[1]["is_bounce"] is True


def test_a_new_client_session_id_at_the_batch_boundary_starts_a_session():
    first = [record(1, ("p", None), 0, session_id="s1")]
    second = [record(2, ("p", None), 60, session_id="s2"), record(3, ("p", None), 90)]
    appended, imported = both_ways([first, second])
    assert appended == imported
    assert [s["events"] for s in appended["sessions"]] == [1, 2]


def test_an_event_before_the_persons_last_one_resessionizes_their_history():
    first = [record(1, ("p", None), 0), record(2, ("p", None), 3000)]
    late = [record(3, ("p", None), 1500, event="click")]  # bridges the 50-minute gap
    appended, imported = both_ways([first, late])
    assert appended == imported
    assert [s["events"] for s in appended["sessions"]] == [3]


def test_an_event_at_the_instant_of_the_persons_last_one_resessionizes_their_history():
    first = [record(5, ("p", None), 0, url="https://shop.example/a")]
    same_instant = [record(3, ("p", None), 0, url="https://shop.example/b")]
    appended, imported = both_ways([first, same_instant])
    assert appended == imported
    assert appended["sessions"][0]["entry_path"] == "/b"  # m3 comes before m5


def test_the_last_of_events_at_one_instant_is_the_one_a_new_event_follows():
    first = [record(1, ("p", None), 0, session_id="s1"), record(2, ("p", None), 0, session_id="s2")]
    second = [record(3, ("p", None), 60, session_id="s2")]
    appended, imported = both_ways([first, second])
    assert appended == imported
    assert [s["events"] for s in appended["sessions"]] == [1, 2]


def test_an_identity_link_moves_the_anonymous_history_to_the_person():
    first = [record(1, (None, "anon"), 0), record(2, ("u", None), 7200)]
    second = [record(3, ("u", "anon"), 7300, event="$identify")]
    appended, imported = both_ways([first, second])
    assert appended == imported
    assert {e["person_id"] for e in appended["events"]} == {"u"}
    assert [p["person_id"] for p in appended["persons"]] == ["u"]


def test_a_page_without_a_path_keeps_the_sessions_exit():
    first = [record(1, ("p", None), 0, url="https://shop.example/a")]
    second = [record(2, ("p", None), 60)]  # a page view without a url
    appended, imported = both_ways([first, second])
    assert appended == imported
    assert appended["sessions"][0]["exit_path"] == "/a"


def test_a_retry_within_a_day_is_dropped_and_one_days_apart_is_not():
    first = [record(1, ("p", None), 0)]
    retry = [record(1, ("p", None), 5), record(2, ("p", None), 10)]
    appended, _ = both_ways([first, retry])
    assert [e["event_id"] for e in appended["events"]] == ["m1", "m2"]
    much_later = int(appending.DEDUP_WINDOW.total_seconds()) + 60
    appended, imported = both_ways([first, [record(1, ("p", None), much_later)]])
    assert len(appended["events"]) == 2  # the store-wide check of an import would drop it
    assert len(imported["events"]) == 1


@pytest.mark.parametrize("project", ["default", "web"])
def test_persons_with_traits_but_no_events_take_the_new_events_values(project):
    with whylens.open(":memory:") as ws:
        ws.engine.execute(
            "INSERT INTO persons (project_id, person_id, traits, is_identified)"
            " VALUES ($project, 'p', '{\"plan\": \"pro\"}', true)",
            {"project": project},
        )
        append(ws.engine, [record(1, (None, "p"), 0)], project)
        (row,) = ws.engine.query("SELECT * FROM persons").to_pylist()
    assert row["is_identified"] is False and row["first_seen"] == row["last_seen"]
    assert row["traits"] == '{"plan": "pro"}'
