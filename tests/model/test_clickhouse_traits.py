"""Person traits set on chdb are DuckDB's: known and new persons, traits replaced and removed
(a null), numbers and text, over several calls, with the project's privacy rules applied; and
a segment on a trait holds the same persons."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES
from tests.engines.pairs import pair
from tests.insights.journeys import T0
from whylens.ingest import privacy_rules

EVENTS = pa.table(
    {
        "user_id": ["a", "b", "b", "c"],
        "event": ["view", "view", "buy", "view"],
        "timestamp": pa.array([T0 + timedelta(hours=h) for h in range(4)], pa.timestamp("us")),
    }
)
VALUES = {
    "plan": st.sampled_from(["free", "pro", None]),
    "seats": st.sampled_from([1, 5, None]),
    "email": st.sampled_from(["a@example.com", "b@example.com", None]),
    "phone": st.sampled_from(["555", None]),
}


@st.composite
def calls(draw: st.DrawFn) -> list[pa.Table]:
    """One to three traits tables over known persons (a, b, c) and new ones (x, y)."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        names = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=4, unique=True))
        people = draw(st.lists(st.sampled_from("abcxy"), min_size=1, max_size=4, unique=True))
        columns = {"person_id": people}
        for name in names:
            columns[name] = [draw(VALUES[name]) for _ in people]
        found.append(pa.table(columns))
    return found


def persons(ws) -> list[tuple]:
    rows = ws.engine.query(
        "SELECT person_id, traits, first_seen, last_seen, is_identified FROM persons"
        " WHERE project_id = $p ORDER BY person_id",
        {"p": ws.project_id},
    ).to_pylist()
    return [
        (r["person_id"], orjson.loads(r["traits"] or "{}"), r["first_seen"], r["last_seen"],
         bool(r["is_identified"]))
        for r in rows
    ]  # fmt: skip


@settings(EXAMPLES, max_examples=10)
@given(calls(), st.booleans())
def test_traits_are_merged_as_on_duckdb(chdb, tables, protected):
    with pair(chdb, EVENTS) as (duck, other):
        for ws in (duck, other):
            if protected:
                privacy_rules.add(ws.engine, ws.project_id, drop=["phone"], mask=["email"])
            secret = privacy_rules.secret(duck.engine) if protected else None
            if secret is not None and ws is other:  # one secret, so that masks can be compared
                ws.set_setting(privacy_rules.SECRET_KEY, secret.hex())
            for table in tables:
                assert ws.set_traits(table) == table.num_rows
        assert persons(duck) == persons(other)
        if protected:  # the rules were applied, not only the same on both
            traits = [t for _, t, *_ in persons(other)]
            assert not any("phone" in t or "@" in str(t.get("email", "")) for t in traits)
        rule = {"person": "plan", "operator": "=", "value": "pro"}
        for ws in (duck, other):
            ws.segments.create("pro", rule)
        assert duck.segments.members("pro") == other.segments.members("pro")


LINKED = pa.concat_tables(
    [
        EVENTS.append_column("anonymous_id", pa.array([None] * 4, pa.string())),
        pa.table(  # anon-1 browsed, then signed up as a: one person
            {
                "user_id": [None, "a"],
                "event": ["view", "signup"],
                "timestamp": pa.array([T0, T0 + timedelta(hours=5)], pa.timestamp("us")),
                "anonymous_id": ["anon-1", "anon-1"],
            }
        ),
    ]
)
TRAITS = st.dictionaries(
    st.sampled_from(["plan", "seats", "city"]),
    st.one_of(st.none(), st.sampled_from(["free", "pro", "Paris"]), st.integers(1, 3)),
    max_size=2,
)


@st.composite
def captured(draw: st.DrawFn) -> list[dict]:
    """Captured events carrying `set` / `set_once`, under user ids, anonymous ids or both."""
    found = []
    for _ in range(draw(st.integers(1, 6))):
        event = {
            "user_id": draw(st.sampled_from(["a", "b", "z", None])),
            "anonymous_id": draw(st.sampled_from(["anon-1", "anon-2", None])),
        }
        if event["user_id"] is None and event["anonymous_id"] is None:
            event["user_id"] = "b"
        for key in draw(st.lists(st.sampled_from(["set", "set_once"]), min_size=1, unique=True)):
            event[key] = draw(TRAITS)
        found.append(event)
    return found


@settings(EXAMPLES, max_examples=10)
@given(st.lists(captured(), min_size=1, max_size=2))
def test_captured_traits_are_merged_as_on_duckdb(chdb, batches):
    from whylens.ingest.writer import apply_traits

    with pair(chdb, LINKED) as (duck, other):
        for ws in (duck, other):
            for batch in batches:
                apply_traits(ws.engine, batch, ws.project_id)
        assert persons(duck) == persons(other)


def test_captured_traits_reach_the_linked_person(chdb):
    from whylens.ingest.writer import apply_traits

    batch = [
        {"user_id": None, "anonymous_id": "anon-1", "set_once": {"first": "ad", "plan": "free"}},
        {"user_id": "a", "anonymous_id": None, "set": {"plan": "pro"}},
    ]
    with pair(chdb, LINKED) as (_, other):
        apply_traits(other.engine, batch, other.project_id)
        traits = {who: t for who, t, *_ in persons(other)}
        assert traits["a"] == {"first": "ad", "plan": "pro"}  # anon-1 is a: one person
        assert "anon-1" not in traits
