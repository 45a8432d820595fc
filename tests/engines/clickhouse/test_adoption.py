"""Feature adoption on chdb gives DuckDB's document: random journeys, one or several features
(with a property filter), who counts as active, N weeks, each interval, ranges and filters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES, journeys
from tests.engines.pairs import pair, same, table


@settings(EXAMPLES, max_examples=8)
@given(
    journeys(),
    st.sampled_from(
        [["buy"], ["buy", "signup"], [{"event": "buy", "where": ["plan = pro"]}, "$pageview"]]
    ),
    st.sampled_from(["*", "$pageview"]),
    st.sampled_from([1, 2]),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from([None, "plan = free"]),
)
def test_adoption_agrees(chdb, data, features, active, weeks, interval, where):
    rows, (date_from, date_to) = data
    options = dict(
        active=active,
        weeks_retained=weeks,
        interval=interval,
        low_adoption=0.5,
        where=where,
        date_from=date_from,
        date_to=date_to,
    )
    with pair(chdb, table(rows)) as (duck, other):
        same(
            duck.adoption(features, **options).to_dict(),
            other.adoption(features, **options).to_dict(),
        )


def test_adoption_of_nothing(chdb):
    with pair(chdb, None) as (duck, other):
        same(duck.adoption(["buy", "x"]).to_dict(), other.adoption(["buy", "x"]).to_dict())
