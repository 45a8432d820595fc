"""Funnels on chdb give DuckDB's documents: random small data sets with many events at one
instant, every order mode, with and without a window, with exclusions, each breakdown
attribution, a held property, filters, the trend, the dropped-off lists and the correlation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.engines.pairs import pair, same
from whylens.insights.funnels.spec import ORDERS

T0 = datetime(2024, 5, 1, 9, 0)
PLANS = ("free", "pro", None)
# no shrinking: each example loads two databases, and a failure prints its data anyway
EXAMPLES = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
STEP = st.sampled_from(
    ["A", "B", "C", "A|B", "*", {"event": "B", "where": ["plan = pro"]}],
)


@st.composite
def events(draw: st.DrawFn) -> pa.Table:
    """Up to 30 events of 4 persons in 5-minute slots (so instants are often shared). The plan is
    the same for a person's events at one instant: which of them an attempt uses is then
    immaterial, as docs/metrics.md leaves it."""
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["p1", "p2", "p3", "p4"]),
                st.sampled_from(["A", "B", "C", "X"]),
                st.integers(0, 12),
                st.sampled_from(["s1", "s2"]),
            ),
            min_size=1,
            max_size=30,
        )
    )
    return pa.table(
        {
            "event_id": [f"e{i}" for i in range(len(items))],
            "user_id": [p for p, *_ in items],
            "event": [e for _, e, *_ in items],
            "timestamp": pa.array(
                [T0 + timedelta(minutes=5 * m) for _, _, m, _ in items], pa.timestamp("us")
            ),
            "plan": [PLANS[(m + int(p[1])) % 3] for p, _, m, _ in items],
            "sid": [s for *_, s in items],
        }
    )


def without_times(document: dict) -> dict:
    """The document without times between steps: with a held value, attempts of two values that
    tie on every rule may differ in their middle steps (either one is the answer)."""
    timed = ("mean_time_from_previous_s", "median_time_from_previous_s", "time_histogram")
    return {
        **document,
        "steps": [{k: v for k, v in s.items() if k not in timed} for s in document["steps"]],
    }


@pytest.mark.parametrize("order", ORDERS)
@EXAMPLES
@given(
    events(),
    st.lists(STEP, min_size=2, max_size=4),
    st.sampled_from([None, 600, 1200]),
    st.sampled_from(["first_touch", "last_touch", "step:2"]),
    st.sampled_from([1, 10]),
)
def test_funnels_agree(chdb, order, data, steps, window, attribution, limit):
    base = {"window": window or "none", "order": order}
    n = len(steps)
    with pair(chdb, data) as (duck, other):
        for options in (
            {"trend": "day"},
            {"breakdown": "plan", "attribution": attribution, "breakdown_limit": limit},
            {"exclusions": [f"X:1-{n}", "C:1-2"], "breakdown": "plan"},
            {"where": ["plan != free"], "date_from": T0 + timedelta(minutes=10), "trend": "hour"},
        ):
            expected = duck.funnel(steps, **base, **options)
            got = other.funnel(steps, **base, **options)
            same(expected.to_dict(), got.to_dict(), str(options))
            if "breakdown" in options:
                for k in range(1, n):
                    dropped = expected.dropped(k), got.dropped(k)
                    same(*(d.to_dict("records") for d in dropped), f"dropped({k})")
        held = {**base, "hold": "sid", "trend": "day"}
        same(
            without_times(duck.funnel(steps, **held).to_dict()),
            without_times(other.funnel(steps, **held).to_dict()),
        )
        options = {**base, "properties": ["plan", "sid"], "top": 3}
        same(
            duck.funnel_correlation(steps, **options).to_dict(),
            other.funnel_correlation(steps, **options).to_dict(),
        )


def test_the_worked_examples_of_the_order_modes(chdb):
    """docs/metrics.md, Funnels, Order modes worked: a: view, search, cart, buy; b: view, buy,
    cart (one minute apart)."""
    rows = [
        ("a", "view", 0),
        ("a", "search", 1),
        ("a", "cart", 2),
        ("a", "buy", 3),
        ("b", "view", 0),
        ("b", "buy", 1),
        ("b", "cart", 2),
    ]
    data = pa.table(
        {
            "user_id": [p for p, _, _ in rows],
            "event": [e for _, e, _ in rows],
            "timestamp": pa.array(
                [T0 + timedelta(minutes=m) for *_, m in rows], pa.timestamp("us")
            ),
        }
    )
    expected = {"ordered": [2, 2, 1], "strict": [2, 0, 0], "unordered": [2, 2, 2]}
    with pair(chdb, data) as (duck, other):
        for order, persons in expected.items():
            got = other.funnel(["view", "cart", "buy"], order=order).to_dict()
            assert [s["persons"] for s in got["steps"]] == persons, order
            same(duck.funnel(["view", "cart", "buy"], order=order).to_dict(), got)
