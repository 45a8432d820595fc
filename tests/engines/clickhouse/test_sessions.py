"""Sessions on chdb give DuckDB's documents: random visits (page views with paths, sources and
devices, clicks, purchases, gaps that start new sessions), every bounce rule, each interval, a
breakdown and filters."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.engines.pairs import pair, same

T0 = datetime(2024, 3, 4, 8, 0)
URLS = (
    "https://shop.example/",
    "https://shop.example/item?id=1&utm_source=news",
    "https://shop.example/cart",
    "https://www.shop.example/item?id=2",
)
REFERRERS = (None, "https://google.com/search", "https://shop.example/item?id=1")
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


@st.composite
def visits(draw: st.DrawFn) -> pa.Table:
    """Up to 40 events of 4 persons over three days, minutes apart or hours apart."""
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["a", "b", "c", "d"]),
                st.sampled_from(["$pageview", "$pageview", "click", "purchase", "signup"]),
                st.integers(0, 3 * 24 * 60),
                st.sampled_from(URLS),
                st.sampled_from(REFERRERS),
                st.sampled_from(["mobile", "desktop", None]),
            ),
            min_size=1,
            max_size=40,
        )
    )
    # bunch events into visits: most land within minutes of another one
    return pa.table(
        {
            "user_id": [i[0] for i in items],
            "event": [i[1] for i in items],
            "timestamp": pa.array(
                [T0 + timedelta(minutes=(i[2] // 600) * 600 + i[2] % 45) for i in items],
                pa.timestamp("us"),
            ),
            "url": [i[3] for i in items],
            "referrer": [i[4] for i in items],
            "device_type": [i[5] for i in items],
        }
    )


@EXAMPLES
@given(
    visits(),
    st.sampled_from(["posthog", "plausible", "ga4"]),
    st.sampled_from(["hour", "day", "week"]),
    st.sampled_from([None, "source", "entry_path", "device_type"]),
    st.sampled_from(
        [{}, {"where": ["device_type = mobile"]}, {"date_from": T0 + timedelta(days=1)}]
    ),
)
def test_sessions_agree(chdb, data, rule, interval, breakdown, scope):
    options = dict(bounce_rule=rule, interval=interval, breakdown=breakdown, top=3, **scope)
    with pair(chdb, data) as (duck, other):
        same(duck.sessions(**options).to_dict(), other.sessions(**options).to_dict())
