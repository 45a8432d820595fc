"""Identity stitching: anonymous browsing and the signed-up person it turns out to be are one."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa

T0 = datetime(2024, 5, 1, 9, 0)


def rows(*items):
    """(user_id, anonymous_id, event, minutes after T0) -> an events table."""
    return pa.table(
        {
            "user_id": pa.array([i[0] for i in items], pa.string()),
            "anonymous_id": pa.array([i[1] for i in items], pa.string()),
            "event": [i[2] for i in items],
            "timestamp": pa.array(
                [T0 + timedelta(minutes=i[3]) for i in items], pa.timestamp("us")
            ),
        }
    )


def persons_of(ws) -> dict[str, str]:
    return dict(ws.sql("SELECT event, person_id FROM events").values)


def test_anonymous_browsing_then_signup_is_one_person(ws):
    ws.import_table(
        rows(
            (None, "anon-1", "view_item", 0),
            (None, "anon-1", "add_to_cart", 2),
            ("alice", "anon-1", "signup", 5),
            ("alice", None, "purchase", 9),
        )
    )
    assert set(persons_of(ws).values()) == {"alice"}
    assert ws.sql("SELECT person_id, is_identified FROM persons").values.tolist() == [
        ["alice", True]
    ]
    assert ws.sql("SELECT count(DISTINCT session_id) FROM events").iloc[0, 0] == 1


def test_link_learned_in_a_later_import_repoints_earlier_events(ws):
    ws.import_table(rows((None, "anon-1", "view_item", 0), (None, "anon-1", "add_to_cart", 1)))
    assert ws.sql("SELECT person_id FROM persons").iloc[0, 0] == "anon-1"
    ws.import_table(rows(("alice", "anon-1", "signup", 3)), source="later")
    assert set(persons_of(ws).values()) == {"alice"}
    assert ws.sql("SELECT list(person_id) FROM persons").iloc[0, 0].tolist() == ["alice"]
    assert ws.sql("SELECT DISTINCT person_id FROM sessions").values.ravel().tolist() == ["alice"]


def test_two_devices_of_one_person(ws):
    ws.import_table(
        rows(
            (None, "phone", "view_item", 0),
            ("bob", "phone", "login", 1),
            (None, "laptop", "view_item", 600),
            ("bob", "laptop", "login", 601),
        )
    )
    assert set(persons_of(ws).values()) == {"bob"}
    assert ws.info()["persons"] == 1


def test_an_anonymous_id_is_never_moved_to_a_second_identified_person(ws):
    ws.import_table(
        rows(
            (None, "shared-tablet", "view_item", 0),
            ("carol", "shared-tablet", "login", 1),
            ("dave", "shared-tablet", "login", 120),
            (None, "shared-tablet", "view_item", 121),
        )
    )
    got = ws.sql(
        "SELECT event, minute(timestamp) AS m, person_id FROM events ORDER BY timestamp"
    ).values.tolist()
    assert [g[2] for g in got] == ["carol", "carol", "dave", "carol"]
    assert (
        ws.sql("SELECT person_id FROM identities WHERE distinct_id = 'shared-tablet'").iloc[0, 0]
        == "carol"
    )


def test_alias_chain_resolves_to_the_final_person(ws):
    ws.import_table(rows(("erin", "anon-a", "signup", 0)))
    ws.import_table(rows((None, "anon-b", "view", 5), ("anon-a", "anon-b", "login", 6)), source="2")
    # anon-b was seen with anon-a, which already belongs to erin: anon-b is erin too
    assert set(persons_of(ws).values()) == {"erin"}
