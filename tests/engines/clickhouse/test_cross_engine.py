"""The same random data sets loaded into DuckDB and chdb give identical stores and identical
analyses, for every analysis ported to ClickHouse and a spread of its options."""

from __future__ import annotations

from datetime import timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.engines.pairs import pair, same, table
from tests.insights.journeys import T0, tuple_journeys
from whylens.insights.dialects import NotOnThisEngine, per_dialect

# no shrinking: each example loads two databases, and a failure prints its data anyway
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
STORE = {
    "events": "SELECT event_id, event, person_id, distinct_id, timestamp, session_id FROM events",
    "sessions": "SELECT session_id, person_id, started_at, ended_at, duration_s, events,"
    " pageviews, interactions, is_bounce, is_first_session FROM sessions",
    "persons": "SELECT person_id, first_seen, last_seen, is_identified FROM persons",
    "identities": "SELECT distinct_id, person_id FROM identities",
}


def journeys() -> st.SearchStrategy:
    return tuple_journeys(
        ("$pageview", "signup", "buy"), ("free", "pro", None), (3, 40), ((None, None), (0.1, 0.8))
    )


def rows_of(ws, sql: str) -> list[tuple]:
    scoped = f"SELECT * FROM ({sql}) WHERE person_id IS NOT NULL" if "person_id" in sql else sql
    found = ws.engine.query(
        scoped.replace(" FROM events", " FROM events WHERE project_id = $p")
        .replace(" FROM sessions", " FROM sessions WHERE project_id = $p")
        .replace(" FROM persons", " FROM persons WHERE project_id = $p")
        .replace(" FROM identities", " FROM identities WHERE project_id = $p"),
        {"p": ws.project_id},
    ).to_pylist()
    return sorted(tuple(str(v) for v in row.values()) for row in found)


@st.composite
def visits(draw: st.DrawFn) -> list[pa.Table]:
    """Batches of events from anonymous browsers that sign in now and then, in minutes, with
    repeats of earlier events (duplicates) and late arrivals."""
    count = draw(st.integers(5, 30))
    rows = [
        (
            draw(st.sampled_from(["anon1", "anon2", "anon3", None])),
            draw(st.sampled_from(["u1", "u2", None])),
            draw(st.sampled_from(["$pageview", "click", "signup"])),
            draw(st.integers(0, 600)),
        )
        for _ in range(count)
    ]
    rows = [r for r in rows if r[0] or r[1]] or [("anon1", None, "click", 0)]
    columns = {
        "event_id": [f"id{i % 17}" for i in range(len(rows))],
        "anonymous_id": [r[0] for r in rows],
        "user_id": [r[1] for r in rows],
        "event": [r[2] for r in rows],
        "timestamp": pa.array([T0 + timedelta(minutes=r[3]) for r in rows], pa.timestamp("us")),
    }
    whole = pa.table(columns)
    cut = draw(st.integers(1, whole.num_rows))
    return [whole.slice(0, cut), whole.slice(cut), whole.slice(0, max(1, cut // 2))]


@EXAMPLES
@given(visits())
def test_loads_give_the_same_store(chdb, batches):
    with pair(chdb, None) as (duck, other):
        for batch in batches:
            assert duck.import_table(batch).to_dict() == other.import_table(batch).to_dict()
        for name, sql in STORE.items():
            assert rows_of(duck, sql) == rows_of(other, sql), name
        assert duck.info() == other.info()


@EXAMPLES
@given(
    journeys(),
    st.sampled_from(["total", "persons", "per_person", "dau", "wau", "mau"]),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from([None, "plan"]),
    st.sampled_from([["*"], ["$pageview", "buy"], [{"event": "signup", "where": ["plan = pro"]}]]),
    st.booleans(),
    st.sampled_from([1, 10]),
)
def test_trends_agree(chdb, data, measure, interval, breakdown, events, compare, limit):
    rows, (start, end) = data
    if measure in ("dau", "wau", "mau"):
        interval = "day"
    with pair(chdb, table(rows)) as (duck, other):
        options = dict(
            events=events,
            interval=interval,
            measure=measure,
            breakdown=breakdown,
            breakdown_limit=limit,
            compare=compare,
            date_from=start,
            date_to=end,
        )
        assert duck.trends(**options).to_dict() == other.trends(**options).to_dict()


@EXAMPLES
@given(
    journeys(),
    st.sampled_from(["signup", "*"]),
    st.sampled_from(["buy", "*"]),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from(["first_time", "recurring"]),
    st.sampled_from(["on", "on_or_after"]),
    st.sampled_from(["weighted", "simple"]),
    st.sampled_from([None, "plan"]),
    st.sampled_from([None, "plan = pro"]),
)
def test_retention_agrees(chdb, data, start, back, period, cohort, mode, average, split, where):
    rows, (date_from, date_to) = data
    with pair(chdb, table(rows)) as (duck, other):
        options = dict(
            start=start,
            returning=back,
            period=period,
            periods=4,
            cohort=cohort,
            mode=mode,
            average=average,
            breakdown=split,
            breakdown_limit=1,
            where=where,
            date_from=date_from,
            date_to=date_to,
        )
        assert duck.retention(**options).to_dict() == other.retention(**options).to_dict()


def test_filters_read_json_properties_as_duckdb_does(chdb):
    data = pa.table(
        {
            "user_id": ["a", "b", "c", "d"],
            "event": ["buy"] * 4,
            "timestamp": pa.array([T0] * 4, pa.timestamp("us")),
            "properties": [
                '{"price": 12}',
                '{"price": "7.5", "$referrer": "https://news.example/"}',
                '{"price": null}',
                "{}",
            ],
            "path": ["/shop/x", None, "/", "/SHOP"],
            "referrer": ["https://search.example/", None, None, "https://news.example/a"],
        }
    )
    with pair(chdb, data) as (duck, other):
        for where in (
            ["price > 10"],
            ["price is set"],
            ["price is not set"],
            ["price = 12"],
            ["price in (12, 7.5)"],
            ["path contains shop"],
            ["path != /"],
            ["path not in (/)"],
            ["$referrer contains news"],  # PostHog's name: the column, else the property
        ):
            options = dict(measure="persons", where=where)
            assert duck.trends(**options).to_dict() == other.trends(**options).to_dict(), where


@EXAMPLES
@given(
    journeys(),
    st.sampled_from(["signup", "*", {"event": "buy", "where": ["plan = pro"]}]),
    st.sampled_from([("week", "day"), ("month", "day"), ("day", "hour")]),
    st.sampled_from([None, "plan is set"]),
)
def test_stickiness_agrees(chdb, data, event, cut, where):
    rows, (date_from, date_to) = data
    period, interval = cut
    options = dict(
        period=period, interval=interval, where=where, date_from=date_from, date_to=date_to
    )
    with pair(chdb, table(rows)) as (duck, other):
        same(
            duck.stickiness(event, **options).to_dict(),
            other.stickiness(event, **options).to_dict(),
        )


@EXAMPLES
@given(
    journeys(),
    st.sampled_from(["signup", "*", "buy|signup"]),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from([None, "plan = free"]),
)
def test_lifecycle_agrees(chdb, data, event, interval, where):
    rows, (date_from, date_to) = data
    options = dict(interval=interval, where=where, date_from=date_from, date_to=date_to)
    with pair(chdb, table(rows)) as (duck, other):
        same(
            duck.lifecycle(event, **options).to_dict(), other.lifecycle(event, **options).to_dict()
        )


def test_an_analysis_without_a_clickhouse_twin_says_so(chdb):
    """Every analysis runs on ClickHouse now; one named without a twin is refused, not sent."""

    @per_dialect("unported_example")
    def unported(engine, project_id):
        return engine.query("SELECT list_value(1)")

    with (
        pair(chdb, table([("a", "x", T0)])) as (_, other),
        pytest.raises(NotOnThisEngine, match="^unported_example does not run on clickhouse yet"),
    ):
        unported(other.engine, other.project_id)
