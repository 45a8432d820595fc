"""The overview on chdb gives DuckDB's document: random visits over three days, with and without
a main funnel (each order mode), over the data's last days or a chosen range, with filters."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.engines.clickhouse.test_sessions import EXAMPLES, T0, visits
from tests.engines.pairs import pair, same
from whylens.insights.overview import MainFunnel, overview

FUNNELS = [
    None,
    MainFunnel(["$pageview", "purchase"], name="buy"),
    MainFunnel(["$pageview", "click", "purchase"], window="1h", order="strict"),
    MainFunnel(["signup", "purchase"], window="1d", order="unordered"),
]


@EXAMPLES
@given(
    visits(),
    st.sampled_from(FUNNELS),
    st.sampled_from([None, 1, 2, 28]),
    st.sampled_from(
        [
            {},
            {"where": ["device_type = mobile"]},
            {"date_from": T0 + timedelta(days=1), "date_to": T0 + timedelta(days=2, hours=12)},
        ]
    ),
    st.sampled_from([2, 10]),
)
def test_overview_agrees(chdb, data, funnel, days, scope, top):
    with pair(chdb, data) as (duck, other):
        found = [
            overview(ws.engine, ws.scope(**scope), top=top, funnel=funnel, days=days)
            for ws in (duck, other)
        ]
        same(*found)


def test_overview_of_nothing(chdb):
    with pair(chdb, None) as (duck, other):
        funnel = FUNNELS[1]
        same(
            overview(duck.engine, duck.scope(), funnel=funnel),
            overview(other.engine, other.scope(), funnel=funnel),
        )
