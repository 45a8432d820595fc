"""Segments on chdb hold DuckDB's persons and limit every analysis as on DuckDB: random journeys,
rules of every kind (events counted in a window, with filters, stopped at a funnel step, and,
or, not), dynamic and static, used by each analysis."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES, journeys
from tests.engines.pairs import pair, same, table
from tests.insights.journeys import at
from whylens.insights.overview import MainFunnel, overview

RULES = [
    {"did": "buy", "at_least": 2},
    {"did": "signup", "in_last": "10d"},
    {"did": "buy", "where": ["plan = pro"]},
    {"funnel": ["$pageview", "buy"], "reached": 1, "window": "1d"},
    {"funnel": ["$pageview", "signup", "buy"], "reached": 3, "order": "strict", "in_last": "20d"},
    {"not": {"did": "buy"}},
    {"or": [{"did": "signup", "at_least": 2}, {"person": "plan", "operator": "is set"}]},
    {"and": [{"did": "*", "at_least": 3}, {"not": {"funnel": ["signup", "buy"], "reached": 2}}]},
]
#: each analysis, limited to the segment `s`
ANALYSES: dict[str, Any] = {
    "trends": lambda ws, s: ws.trends(["*", "buy"], "day", "persons", segment=s),
    "retention": lambda ws, s: ws.retention("*", "buy", "day", 4, segment=s),
    "funnel": lambda ws, s: ws.funnel(["$pageview", "buy"], trend="day", segment=s),
    "sessions": lambda ws, s: ws.sessions(breakdown="entry_path", segment=s),
    "paths": lambda ws, s: ws.paths("$pageview", depth=3, segment=s),
    "transitions": lambda ws, s: ws.path_transitions(segment=s),
    "stickiness": lambda ws, s: ws.stickiness("*", segment=s),
    "lifecycle": lambda ws, s: ws.lifecycle("buy", "week", segment=s),
    "adoption": lambda ws, s: ws.adoption(["buy", "signup"], segment=s),
    "overview": lambda ws, s: overview(
        ws.engine, ws.scope(segment=s), funnel=MainFunnel(["$pageview", "buy"])
    ),
}
#: when a segment was saved and refreshed differs between the engines
_TIMES = ("created_at", "refreshed_at")


def saved(ws) -> list[dict[str, Any]]:
    return [{k: v for k, v in s.items() if k not in _TIMES} for s in ws.segments.all()]


@settings(EXAMPLES, max_examples=8)
@given(
    journeys(),
    st.sampled_from(["dynamic", "static"]),
    st.sampled_from(sorted(ANALYSES)),
    st.integers(0, len(RULES) - 1),
)
def test_segments_agree(chdb, data, kind, analysis, chosen):
    """Every rule holds the same persons on both engines; one analysis limited to one of them
    gives the same document."""
    rows, _ = data
    with pair(chdb, table(rows)) as (duck, other):
        for ws in (duck, other):
            for i, rule in enumerate(RULES):
                ws.segments.create(f"s{i}", rule, kind=kind)
        assert saved(duck) == saved(other)
        for i in range(len(RULES)):
            assert duck.segments.members(f"s{i}") == other.segments.members(f"s{i}"), RULES[i]
        found = [ANALYSES[analysis](ws, f"s{chosen}") for ws in (duck, other)]
        same(*(f if isinstance(f, dict) else f.to_dict() for f in found))


def test_an_unsaved_definition_limits_an_analysis(chdb):
    rows = [("a", "buy", at(0)), ("b", "$pageview", at(1)), ("b", "buy", at(2))]
    rule = {"funnel": ["$pageview", "buy"], "reached": 2}
    with pair(chdb, table(rows)) as (duck, other):
        found = [
            ws.trends(["buy"], measure="persons", segment=rule).to_dict() for ws in (duck, other)
        ]
        assert found[0] == found[1] and found[0]["series"][0]["total"] == 1


def test_a_segment_is_refreshed_and_deleted_as_on_duckdb(chdb):
    rows = [("a", "buy", at(0)), ("b", "buy", at(1)), ("b", "buy", at(2))]
    with pair(chdb, table(rows)) as (duck, other):
        for ws in (duck, other):
            ws.segments.create("buyers", {"did": "buy", "at_least": 2}, kind="static")
            assert ws.segments.members("buyers") == ["b"]
            late = pa.table(
                {
                    "event_id": ["late"],
                    "user_id": ["a"],
                    "event": ["buy"],
                    "timestamp": pa.array([at(3)], pa.timestamp("us")),
                }
            )
            ws.import_table(late)
            assert ws.segments.members("buyers") == ["b"]  # static: taken when saved
            assert ws.segments.refresh("buyers")["persons"] == 2
            assert ws.segments.members("buyers") == ["a", "b"]
            assert ws.segments.show("buyers")["refreshed_at"] is not None
            ws.segments.delete("buyers")
            assert ws.segments.all() == []


def test_a_static_member_who_signs_up_is_followed_as_on_duckdb(chdb):
    visits = pa.table(
        {
            "event_id": ["v1", "v2", "v3"],
            "user_id": pa.array([None, None, "b"], pa.string()),
            "anonymous_id": ["anon", "anon", "anon"],
            "event": ["buy", "buy", "signup"],
            "timestamp": pa.array([at(1), at(2), at(3)], pa.timestamp("us")),
        }
    )
    with pair(chdb, table([("a", "buy", at(0))])) as (duck, other):
        for ws in (duck, other):
            ws.segments.create("buyers", {"did": "buy"}, kind="static")
            ws.import_table(visits.slice(0, 2))
            ws.segments.refresh("buyers")
            assert ws.segments.members("buyers") == ["a", "anon"]
            ws.import_table(visits.slice(2))  # the visitor signs up as b
            assert ws.segments.members("buyers") == ["a", "b"]
            found = ws.trends(["buy"], "day", "total", segment="buyers").to_dict()
            assert found["series"][0]["total"] == 3


@settings(EXAMPLES, max_examples=6)
@given(journeys(), st.sampled_from([None, ["$pageview", "buy"]]), st.sampled_from(RULES))
def test_a_comparison_agrees(chdb, data, funnel, rule):
    rows, (date_from, date_to) = data
    options = dict(funnel=funnel, purchase_event="buy", value_property=None)
    with pair(chdb, table(rows)) as (duck, other):
        found = []
        for ws in (duck, other):
            ws.segments.create("chosen", rule)
            found.append(
                ws.segments.compare(
                    ["chosen", {"did": "signup"}], date_from=date_from, date_to=date_to, **options
                ).to_dict()
            )
        same(*found)


def test_traits_churn_risk_and_clusters_agree_on_the_demo_shop(demo_pair):
    """Rules on traits and on stored churn scores, a comparison with revenue and churn risk, and
    the clusters of auto-segmentation: the same on both engines."""
    rules = {
        "pro": {"person": "plan", "operator": "=", "value": "pro"},
        "risky": {"churn_risk_above": 0.3, "inactive": "7d"},
        "carts_free_or_pro": {"and": [{"did": "add_to_cart"}, {"person": "plan in (free, pro)"}]},
    }
    for ws in demo_pair:
        for name, rule in rules.items():
            ws.segments.create(name, rule, kind="static" if name == "risky" else "dynamic")
    duck, other = demo_pair
    try:
        assert saved(duck) == saved(other)
        for name in rules:
            assert duck.segments.members(name) == other.segments.members(name), name
        assert duck.segments.members("pro") and duck.segments.members("risky")
        names = ["pro", "risky", "carts_free_or_pro"]
        same(
            *(
                ws.segments.compare(names, funnel=["view_item", "purchase"]).to_dict()
                for ws in demo_pair
            )
        )
        same(*(ws.segments.auto(k=4).to_dict() for ws in demo_pair))
        same(*(ws.trends(["purchase"], segment="risky").to_dict() for ws in demo_pair))
    finally:
        for ws in demo_pair:
            for name in rules:
                ws.segments.delete(name)
