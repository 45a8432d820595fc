"""Lifetime value on chdb: the per-person purchase summaries are DuckDB's (several purchases a
day, amounts missing or not numbers, a calibration end, days or weeks, filters), and so is the
document of the models fitted on them."""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES
from tests.engines.pairs import pair, same
from tests.insights.journeys import T0
from whylens.errors import QueryError
from whylens.insights.clv.summaries import summaries

AMOUNTS = ("12.5", "3", "40", None, "n/a", "0.1")


@st.composite
def purchases(draw: st.DrawFn) -> pa.Table:
    """Up to 60 purchases and views of 6 persons over 60 days, a few hours apart at most."""
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from("abcdef"),
                st.sampled_from(["purchase", "purchase", "view"]),
                st.integers(0, 60 * 24),
                st.sampled_from(AMOUNTS),
                st.sampled_from(["web", "app"]),
            ),
            min_size=1,
            max_size=60,
        )
    )
    return pa.table(
        {
            "event_id": [f"e{i}" for i in range(len(items))],
            "user_id": [i[0] for i in items],
            "event": [i[1] for i in items],
            "timestamp": pa.array(
                [T0 + timedelta(hours=i[2] // 20, minutes=i[2] % 20) for i in items],
                pa.timestamp("us"),
            ),
            "revenue": [i[3] for i in items],
            "channel": [i[4] for i in items],
        }
    )


def rows(found) -> list[tuple]:
    """The summaries as comparable rows (NaN, for no repeat day, as None)."""
    return [
        (p, x, t, T, None if m != m else m)
        for p, x, t, T, m in zip(
            found.person_id, found.frequency, found.recency, found.age, found.monetary
        )
    ]


@settings(EXAMPLES, max_examples=10)
@given(
    purchases(),
    st.sampled_from(["revenue", None]),
    st.sampled_from([None, date(2024, 1, 20), date(2024, 2, 10)]),
    st.sampled_from(["day", "week"]),
    st.sampled_from([None, "channel = web"]),
)
def test_purchase_summaries_agree(chdb, data, value, until, unit, where):
    with pair(chdb, data) as (duck, other):
        found = []
        for ws in (duck, other):
            try:
                made = summaries(ws.engine, ws.scope(where=where), "purchase", value, until, unit)
            except QueryError as exc:  # no purchase before the end: both must say so
                found.append(str(exc))
            else:
                found.append((rows(made), made.until))
        same(*found)


def test_the_lifetime_value_document_agrees(chdb):
    """Models fitted on the same summaries: the same document (a mean spend summed in another
    order may move the fitted spend in its last digits)."""
    people = [f"p{i}" for i in range(40)]
    events = [
        (p, T0 + timedelta(days=(i * 7 + k * (3 + i % 5)) % 90, hours=k), f"{5 + (i * k) % 30}")
        for i, p in enumerate(people)
        for k in range(1 + i % 6)
    ]
    data = pa.table(
        {
            "event_id": [f"e{i}" for i in range(len(events))],
            "user_id": [e[0] for e in events],
            "event": ["purchase"] * len(events),
            "timestamp": pa.array([e[1] for e in events], pa.timestamp("us")),
            "revenue": [e[2] for e in events],
        }
    )
    options = dict(value_property="revenue", until="2024-03-01", top=10)
    with pair(chdb, data) as (duck, other):
        same(
            duck.clv("purchase", **options).to_dict(),
            other.clv("purchase", **options).to_dict(),
            rel=1e-6,
        )


@pytest.mark.parametrize("until", ["2023-12-01", None])
def test_no_purchases_are_refused_alike(chdb, until):
    data = pa.table({"user_id": ["a"], "event": ["view"], "timestamp": [T0]})
    with pair(chdb, data) as (duck, other):
        for ws in (duck, other):
            with pytest.raises(QueryError, match="no 'purchase' events in scope"):
                ws.clv("purchase", until=until)
