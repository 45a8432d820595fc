"""Paths on chdb give DuckDB's documents: random sequences with events at shared instants (the
event id orders them), every direction, depths, top-N cut-offs, collapsed repeats, page paths and
sessions; and the transition matrix."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.engines.pairs import pair, same

T0 = datetime(2024, 5, 1, 9, 0)
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


@st.composite
def sequences(draw: st.DrawFn) -> pa.Table:
    """Up to 40 events of 4 persons in 10-minute slots over a day (gaps split sessions), with
    page views on a few paths."""
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["p1", "p2", "p3", "p4"]),
                st.sampled_from(["$pageview", "A", "B", "C"]),
                st.integers(0, 20),
                st.sampled_from(["/", "/a", "/b", None]),
            ),
            min_size=1,
            max_size=40,
        )
    )
    return pa.table(
        {
            "event_id": [f"e{i:02d}" for i in draw(st.permutations(range(len(items))))],
            "user_id": [i[0] for i in items],
            "event": [i[1] for i in items],
            "timestamp": pa.array(
                [T0 + timedelta(minutes=10 * i[2] + (i[2] > 10) * 90) for i in items],
                pa.timestamp("us"),
            ),
            "path": [i[3] for i in items],
        }
    )


@EXAMPLES
@given(
    sequences(),
    st.sampled_from(
        [
            {},
            {"start": "A"},
            {"end": "C"},
            {"start": "A", "end": "C"},
            {"start": "B", "end": "B"},
            {"start": "*", "end": "A|C"},
            {"pageviews": True, "start": "/"},
        ]
    ),
    st.sampled_from([1, 2, 4]),
    st.sampled_from([{}, {"top": 1, "top_paths": 2}, {"collapse": True}, {"by_session": True}]),
)
def test_paths_agree(chdb, data, anchors, depth, options):
    with pair(chdb, data) as (duck, other):
        asked = {**anchors, **options, "depth": depth}
        same(duck.paths(**asked).to_dict(), other.paths(**asked).to_dict())
        kinds = {k: v for k, v in options.items() if k in ("collapse", "by_session")}
        for pageviews in (False, True):
            same(
                duck.path_transitions(pageviews=pageviews, **kinds).to_dict(),
                other.path_transitions(pageviews=pageviews, **kinds).to_dict(),
            )
