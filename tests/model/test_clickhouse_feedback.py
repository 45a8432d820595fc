"""Feedback added to chdb is stored as on DuckDB: ids given or made from the content, person
ids resolved through identity links, rows of deleted persons dropped, and rows sent again (in
one table or a later call) stored once."""

from __future__ import annotations

from datetime import timedelta

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES
from tests.engines.pairs import pair
from tests.insights.journeys import T0

EVENTS = pa.table(
    {
        "user_id": ["a", None, "a", "b", "gone"],
        "anonymous_id": [None, "anon-1", "anon-1", None, None],
        "event": ["view", "view", "signup", "view", "view"],
        "timestamp": pa.array([T0 + timedelta(hours=h) for h in range(5)], pa.timestamp("us")),
    }
)
ANSWER = st.fixed_dictionaries(
    {
        "feedback_id": st.sampled_from([None, "f1", "f2"]),
        "person_id": st.sampled_from(["a", "anon-1", "b", "gone", "stranger", None]),
        "day": st.integers(0, 2),
        "kind": st.sampled_from(["nps", "text"]),
        "text": st.sampled_from(["Fast delivery, thanks", "Charged me twice", None]),
    }
)


def table(answers: list[dict]) -> pa.Table:
    return pa.table(
        {
            "feedback_id": pa.array([a["feedback_id"] for a in answers], pa.string()),
            "person_id": pa.array([a["person_id"] for a in answers], pa.string()),
            "timestamp": pa.array(
                [T0 + timedelta(days=a["day"]) for a in answers], pa.timestamp("us")
            ),
            "kind": [a["kind"] for a in answers],
            "score": [7.0 if a["kind"] == "nps" else None for a in answers],
            "text": pa.array([a["text"] for a in answers], pa.string()),
        }
    )


def stored(ws) -> list[tuple]:
    return sorted(
        tuple(r.values())
        for r in ws.engine.query(
            "SELECT feedback_id, person_id, timestamp, kind, score, text, source FROM feedback"
            " WHERE project_id = $p",
            {"p": ws.project_id},
        ).to_pylist()
    )


@settings(EXAMPLES, max_examples=15)
@given(st.lists(st.lists(ANSWER, min_size=1, max_size=6), min_size=1, max_size=2))
def test_feedback_is_stored_as_on_duckdb(chdb, calls):
    with pair(chdb, EVENTS) as (duck, other):
        for ws in (duck, other):
            ws.delete_person("gone")
        for answers in calls:
            added = [ws.add_feedback(table(answers)) for ws in (duck, other)]
            assert added[0] == added[1]
        assert stored(duck) == stored(other)
        persons = {row[1] for row in stored(other)}
        assert "anon-1" not in persons and "gone" not in persons  # resolved, dropped


def test_a_second_call_adds_nothing(chdb):
    answers = [{"feedback_id": None, "person_id": "anon-1", "day": 0, "kind": "text",
                "text": "Charged me twice"}]  # fmt: skip
    with pair(chdb, EVENTS) as (_, other):
        assert other.add_feedback(table(answers)) == 1
        assert other.add_feedback(table(answers)) == 0
        assert stored(other)[0][1] == "a"
