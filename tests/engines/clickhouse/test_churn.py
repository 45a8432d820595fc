"""Churn on chdb: the per-person features (and labels) are DuckDB's for random journeys at any
cutoff and inactivity period, in a range or filtered; a model trained on the demo shop's is the
same model, with the same persons at risk."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES
from tests.engines.pairs import pair, same
from tests.insights.journeys import T0
from whylens.insights.churn.features import features

EVENTS = (
    "$pageview",
    "view_item",
    "view_item",
    "add_to_cart",
    "purchase",
    "support_contact",
    "cancel_subscription",
    "search",
)


@st.composite
def journeys(draw: st.DrawFn) -> pa.Table:
    """Up to 60 events of 6 persons over 90 days, a few minutes or days apart."""
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from("abcdef"),
                st.sampled_from(EVENTS),
                st.integers(0, 90 * 24),
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
                [T0 + timedelta(hours=i[2], minutes=i[2] % 7) for i in items],
                pa.timestamp("us"),
            ),
            "channel": [i[3] for i in items],
        }
    )


def rows(frame: pd.DataFrame) -> list[dict]:
    """The frame as records, missing values as None and counts as plain numbers."""
    found = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{k: v.item() if hasattr(v, "item") else v for k, v in r.items()} for r in found]


@settings(EXAMPLES, max_examples=10)
@given(
    journeys(),
    st.sampled_from([30, 45, 80]),
    st.sampled_from([30.0, 7.0, 1.5]),
    st.booleans(),
    st.sampled_from([{}, {"where": ["channel = web"]}, {"date_from": T0 + timedelta(days=20)}]),
)
def test_churn_features_agree(chdb, data, cutoff_day, days, labelled, scope):
    cutoff = T0 + timedelta(days=cutoff_day)
    with pair(chdb, data) as (duck, other):
        found = [
            rows(features(ws.engine, ws.scope(**scope), cutoff, days, labelled=labelled))
            for ws in (duck, other)
        ]
        same(*found)


def test_a_model_trained_on_the_same_shop_is_the_same(demo_pair):
    duck, other = demo_pair
    found = [ws.churn(inactive="7d", top=20).to_dict() for ws in demo_pair]
    assert found[0]["persons"] and found[0]["model"]["evaluation"]
    same(*found)
