"""Saved segments: a dynamic one follows the data, a static one keeps its members until refreshed;
names, duplicates, deletion, saved clusters, stored churn scores, and deleting a person."""

from __future__ import annotations

import pyarrow as pa
import pytest

from tests.insights.journeys import at, workspace
from whylens.errors import QueryError
from whylens.insights.segments import MissingSegment
from whylens.insights.segments.store import SegmentExists

CARTS = {"did": "add_to_cart", "at_least": 2}


@pytest.fixture
def ws():
    rows = [
        {"person": p, "event": "add_to_cart", "time": at(d, 9)}
        for p, d in (("ann", 1), ("ann", 2), ("bob", 3))
    ]
    found = workspace(rows)
    yield found
    found.close()


def more_carts(ws, person: str, days: list[int]) -> None:
    ws.import_table(
        pa.table(
            {
                "event_id": [f"more-{person}-{d}" for d in days],
                "user_id": [person] * len(days),
                "event": ["add_to_cart"] * len(days),
                "timestamp": pa.array([at(d, 10) for d in days], pa.timestamp("us")),
            }
        )
    )


def test_dynamic_follows_the_data_static_keeps_its_members_until_refreshed(ws):
    dynamic = ws.segments.create("carts", CARTS)
    static = ws.segments.create("carts-then", CARTS, kind="static", description="as of day 3")
    assert dynamic["persons"] == static["persons"] == 1
    assert static["refreshed_at"] is not None and dynamic["refreshed_at"] is None
    more_carts(ws, "bob", [4])
    assert ws.segments.members("carts") == ["ann", "bob"]
    assert ws.segments.members("carts-then") == ["ann"]
    assert ws.segments.refresh("carts-then")["persons"] == 2
    assert ws.segments.members("carts-then") == ["ann", "bob"]


def test_list_show_delete(ws):
    ws.segments.create("carts", CARTS)
    ws.segments.create("late", {"did": "add_to_cart", "in_last": "12h"}, kind="static")
    listed = ws.segments.all()
    assert [(s["name"], s["kind"], s["persons"]) for s in listed] == [
        ("carts", "dynamic", 1),
        ("late", "static", 1),
    ]
    assert ws.segments.members("late") == ["bob"]
    shown = ws.segments.show("carts", members=5)
    assert shown["members"] == ["ann"] and shown["rule"] == "did add_to_cart at least 2 times"
    assert shown["definition"] == {"did": "add_to_cart", "at_least": 2}
    assert ws.segments.delete("carts")["name"] == "carts"
    with pytest.raises(MissingSegment, match="no segment 'carts' in project 'default'"):
        ws.segments.show("carts")


def test_deleting_a_static_segment_removes_its_members(ws):
    ws.segments.create("carts", CARTS, kind="static")
    assert ws.sql("SELECT count(*) AS n FROM segment_members")["n"][0] == 1
    ws.segments.delete("carts")
    assert ws.sql("SELECT count(*) AS n FROM segment_members")["n"][0] == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "segment name ''"),
        ("has space", "segment name 'has space'"),
        ("-dash", "starting with a letter or digit"),
        ("auto", "not auto or compare"),
        ("x" * 65, "1 to 64 letters"),
    ],
)
def test_names_are_checked(ws, name, message):
    with pytest.raises(QueryError, match=message):
        ws.segments.create(name, CARTS)


def test_a_name_is_taken_once_and_kinds_are_checked(ws):
    ws.segments.create("carts", CARTS)
    with pytest.raises(SegmentExists, match="a segment named 'carts' exists"):
        ws.segments.create("carts", {"did": "x"})
    with pytest.raises(QueryError, match="unknown segment kind 'frozen'"):
        ws.segments.create("other", CARTS, kind="frozen")


def test_a_list_of_persons_is_a_static_segment_that_cannot_be_refreshed(ws):
    saved = ws.segments.save_members("picked", ["bob", "nobody", "bob"], "chosen by hand")
    assert saved["persons"] == 1 and saved["definition"] is None  # unknown ids are left out
    assert ws.trends(["*"], "day", "persons", segment="picked").to_dict()["series"][0]["total"] == 1
    with pytest.raises(QueryError, match="saved from auto-segmentation: it has no rule"):
        ws.segments.refresh("picked")


def test_deleting_a_person_removes_their_memberships(ws):
    ws.segments.create("carts", {"did": "add_to_cart"}, kind="static")
    ws.delete_person("ann")
    assert ws.segments.members("carts") == ["bob"]


def test_churn_risk_scores_persons_once_and_refresh_scores_again(demo_copy):
    ws = demo_copy()
    with pytest.raises(QueryError, match="no churn scores are stored for a 30-day inactivity"):
        ws.trends(segment={"churn_risk_above": 0.5})
    risky = ws.segments.create("risky", {"churn_risk_above": 0.5})
    scored = ws.sql("SELECT count(*) AS n, max(scored_at) AS at FROM churn_scores")
    assert scored["n"][0] > 1000  # every person of today's population
    assert 0 < risky["persons"] < scored["n"][0]
    # the stored scores are those of the churn model (same training, same persons)
    from whylens.insights.churn import score, train
    from whylens.insights.scope import Scope

    frame = score(ws.engine, Scope(), train(ws.engine, Scope()), top=None)
    assert risky["persons"] == int((frame["score"] > 0.5).sum())
    ws.segments.refresh("risky")
    again = ws.sql("SELECT count(*) AS n, max(scored_at) AS at FROM churn_scores")
    assert again["n"][0] == scored["n"][0] and again["at"][0] > scored["at"][0]


def test_a_static_member_who_signs_up_is_followed_to_their_person(ws):
    def visit(user, anonymous, event, day):
        ws.import_table(
            pa.table(
                {
                    "event_id": [f"{anonymous}-{event}-{day}"],
                    "user_id": pa.array([user], pa.string()),
                    "anonymous_id": [anonymous],
                    "event": [event],
                    "timestamp": pa.array([at(day, 11)], pa.timestamp("us")),
                }
            )
        )

    visit(None, "anon-1", "add_to_cart", 4)
    visit(None, "anon-1", "add_to_cart", 5)
    ws.segments.create("carts-then", CARTS, kind="static")
    assert ws.segments.members("carts-then") == ["ann", "anon-1"]
    visit("bob", "anon-1", "signup", 6)  # the visitor was bob: their carts are bob's now
    assert ws.segments.members("carts-then") == ["ann", "bob"]
    assert ws.segments.show("carts-then")["persons"] == 2
    found = ws.trends(["add_to_cart"], "day", "total", segment="carts-then").to_dict()
    assert found["series"][0]["total"] == 5  # ann's two carts, and all three of bob's
