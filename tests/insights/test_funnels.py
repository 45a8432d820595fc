"""Funnels on tiny journeys whose answers are worked out by hand (docs/metrics.md, Funnels)."""

from __future__ import annotations

import pytest

from tests.insights.journeys import at, workspace
from whylens.errors import QueryError
from whylens.insights.funnels import summary

STEPS = ["view", "cart", "buy"]


def persons(result) -> list[int]:
    steps = result["steps"] if isinstance(result, dict) else result.document["steps"]
    return [s["persons"] for s in steps]


def journey(*rows: tuple) -> list[dict]:
    """(person, event, minutes after T0, {properties}) tuples -> journey rows."""
    return [
        {"person": p, "event": e, "time": at(minutes=m), **(extra[0] if extra else {})}
        for p, e, m, *extra in rows
    ]


def test_ordered_counts_each_person_once_at_the_furthest_step():
    with workspace(
        journey(
            ("a", "view", 0),
            ("a", "cart", 60),
            ("a", "buy", 120),
            ("b", "view", 0),
            ("b", "cart", 60),
            ("c", "view", 0),
            ("d", "cart", 0),
            ("d", "view", 60),  # cart before view: not a step 2
            ("e", "buy", 0),  # never entered
        )
    ) as ws:
        result = ws.funnel(STEPS)
    assert persons(result) == [4, 2, 1]
    steps = result.document["steps"]
    assert [s["conversion"] for s in steps] == [1.0, 0.5, 0.25]
    assert [s["conversion_from_previous"] for s in steps] == [1.0, 0.5, 0.5]
    assert [s["dropped_off"] for s in steps] == [2, 1, None]
    assert [s["drop_off_rate"] for s in steps] == [0.5, 0.5, None]
    assert steps[0]["median_time_from_previous_s"] is None
    assert steps[1]["median_time_from_previous_s"] == steps[1]["mean_time_from_previous_s"] == 3600
    assert steps[2]["median_time_from_previous_s"] == 3600
    hour = next(b for b in steps[1]["time_histogram"] if b["from_s"] == 3600)
    assert hour == {"from_s": 3600, "to_s": 21600, "persons": 2}


def test_strict_allows_no_other_event_between_consecutive_steps():
    rows = journey(
        ("a", "view", 0),
        ("a", "search", 1),
        ("a", "cart", 2),
        ("a", "buy", 3),
        ("b", "view", 0),
        ("b", "cart", 1),
        ("b", "search", 2),
        ("b", "buy", 3),
        ("c", "view", 0),
        ("c", "cart", 1),
        ("c", "buy", 2),
    )
    with workspace(rows) as ws:
        assert persons(ws.funnel(STEPS, order="strict")) == [3, 2, 1]
        assert persons(ws.funnel(STEPS, order="ordered")) == [3, 3, 3]


def test_unordered_takes_later_steps_in_any_order_after_the_entry():
    rows = journey(
        ("a", "view", 0),
        ("a", "buy", 60),
        ("a", "cart", 120),
        ("b", "cart", 0),
        ("b", "view", 60),
        ("b", "buy", 120),  # cart came before the entry
    )
    with workspace(rows) as ws:
        unordered = ws.funnel(STEPS, order="unordered")
        assert persons(unordered) == [2, 1, 1]
        assert persons(ws.funnel(STEPS)) == [2, 1, 0]
    steps = unordered.document["steps"]
    # a had done 2 steps at 120 min (cart), all 3 at the same moment (buy came earlier)
    assert steps[1]["median_time_from_previous_s"] == 7200
    assert steps[2]["median_time_from_previous_s"] == 0


def test_window_is_measured_from_the_step_1_event_and_includes_its_end():
    rows = journey(
        ("exact", "view", 0),
        ("exact", "cart", 60),
        ("over", "view", 0),
        ("over", "cart", 60.02),  # 1.2 s too late
        ("third", "view", 0),
        ("third", "cart", 30),
        ("third", "buy", 60),
        ("late", "view", 0),
        ("late", "cart", 30),
        ("late", "buy", 90),
    )
    with workspace(rows) as ws:
        for order in ("ordered", "strict", "unordered"):
            result = ws.funnel(STEPS, window="1h", order=order)
            assert persons(result) == [4, 3, 1], order
            assert sorted(result.dropped(1)["person_id"]) == ["over"]
        assert persons(ws.funnel(STEPS, window="none")) == [4, 4, 2]


def test_identical_timestamps_are_taken_in_step_order():
    rows = journey(
        ("a", "cart", 0),
        ("a", "view", 0),  # stored cart first, same instant
        ("b", "view", 0),
        ("b", "buy", 0),
        ("b", "cart", 0),
    )
    with workspace(rows) as ws:
        for order in ("ordered", "strict", "unordered"):
            assert persons(ws.funnel(STEPS, order=order)) == [2, 2, 1], order
        result = ws.funnel(STEPS)
    assert result.document["steps"][1]["median_time_from_previous_s"] == 0


def test_repeated_step_needs_another_event():
    rows = journey(
        ("a", "view", 0),
        ("a", "view", 5),
        ("b", "view", 0),
        ("c", "view", 0),
        ("c", "view", 0),  # one instant, one step: simultaneous
    )
    with workspace(rows) as ws:
        assert persons(ws.funnel(["view", "view"])) == [3, 1]
        assert persons(ws.funnel(["view", "view"], order="unordered")) == [3, 2]


def test_a_person_counts_at_the_furthest_step_over_all_entries():
    rows = journey(
        ("a", "view", 0),
        ("a", "view", 300),
        ("a", "cart", 330),  # only the 2nd entry fits
        ("b", "view", 0),
        ("b", "view", 10),
        ("b", "cart", 50),  # both fit: the latest counts
        ("c", "view", 0),
        ("c", "cart", 10),
        ("c", "view", 100),
        ("c", "cart", 105),
        ("c", "buy", 140),
    )
    with workspace(rows) as ws:
        result = ws.funnel(STEPS, window="1h")
    assert persons(result) == [3, 3, 1]
    # a: 30 min, b: 40 min (from the later entry), c: 5 min (its attempt starts at 100)
    assert result.document["steps"][1]["median_time_from_previous_s"] == 1800
    assert result.document["steps"][1]["mean_time_from_previous_s"] == pytest.approx(
        (1800 + 2400 + 300) / 3
    )


def test_exclusion_drops_persons_who_did_it_between_the_two_steps():
    rows = journey(
        ("between", "view", 0),
        ("between", "refund", 10),
        ("between", "cart", 20),
        ("after", "view", 0),
        ("after", "cart", 20),
        ("after", "refund", 30),
        ("stopped", "view", 0),
        ("stopped", "refund", 10),  # never reached step 2
        ("clean", "view", 0),
        ("clean", "cart", 20),
        ("clean", "buy", 30),
        ("late", "view", 0),
        ("late", "cart", 20),
        ("late", "refund", 25),
        ("late", "buy", 30),
    )
    with workspace(rows) as ws:
        result = ws.funnel(STEPS, exclusions=[{"event": "refund", "between": (1, 2)}])
        assert persons(result) == [4, 3, 2]
        assert sorted(result.dropped(1)["person_id"]) == ["stopped"]
        # the attempt must reach the second step: `between` and `after` stopped at step 2
        for exclusion in ("refund:1-3", "refund:2-3"):
            result = ws.funnel(STEPS, exclusions=[exclusion])
            assert persons(result) == [4, 3, 1]
            assert sorted(result.dropped(2)["person_id"]) == ["after", "between"]


def test_breakdown_attribution():
    rows = journey(
        ("a", "view", 0, {"source": "google"}),
        ("a", "cart", 10, {"source": "bing"}),
        ("a", "buy", 20, {"source": "ddg"}),
        ("b", "view", 0, {"source": "google"}),
        ("b", "cart", 10, {"source": "mail"}),
        ("c", "view", 0, {"source": "bing"}),
    )
    expected = {
        "first_touch": {"google": [2, 2, 1], "bing": [1, 0, 0]},
        "last_touch": {"ddg": [1, 1, 1], "mail": [1, 1, 0], "bing": [1, 0, 0]},
        "step:2": {"bing": [1, 1, 1], "mail": [1, 1, 0], "(none)": [1, 0, 0]},
    }
    with workspace(rows) as ws:
        for order in ("ordered", "strict", "unordered"):
            for attribution, values in expected.items():
                result = ws.funnel(STEPS, breakdown="source", attribution=attribution, order=order)
                found = {v["value"]: persons(v) for v in result.document["breakdown"]["values"]}
                assert found == values, (order, attribution)
                assert persons(result) == [3, 2, 1]
        limited = ws.funnel(STEPS, breakdown="source", breakdown_limit=1)
    values = limited.document["breakdown"]["values"]
    assert [(v["value"], persons(v)) for v in values] == [
        ("google", [2, 2, 1]),
        ("other", [1, 0, 0]),
    ]
    assert list(limited.breakdown_df["value"].unique()) == ["google", "other"]


def test_held_property_must_be_shared_by_all_steps():
    rows = journey(
        ("a", "view", 0, {"sid": "s1"}),
        ("a", "cart", 10, {"sid": "s2"}),
        ("b", "view", 0, {"sid": "s1"}),
        ("b", "cart", 10, {"sid": "s1"}),
        ("c", "view", 0, {"sid": "s1"}),
        ("c", "view", 5, {"sid": "s2"}),
        ("c", "cart", 10, {"sid": "s2"}),
        ("c", "buy", 20, {"sid": "s1"}),
    )
    with workspace(rows) as ws:
        assert persons(ws.funnel(STEPS)) == [3, 3, 1]
        assert persons(ws.funnel(STEPS, hold="sid")) == [3, 2, 0]


def test_step_filters_and_scope():
    rows = journey(
        ("a", "view", 0),
        ("a", "buy", 10, {"price": "50"}),
        ("b", "view", 0),
        ("b", "buy", 10, {"price": "5"}),
        ("c", "view", 3 * 24 * 60),
        ("c", "buy", 3 * 24 * 60 + 1, {"price": "90"}),
    )
    big = ["view", {"event": "buy", "where": ["price > 10"]}]
    with workspace(rows) as ws:
        assert persons(ws.funnel(big)) == [3, 2]
        assert persons(ws.funnel(big, date_from="2024-01-01", date_to="2024-01-02")) == [2, 1]
        assert persons(ws.funnel(["view", "buy"], where=["person_id in (a, b)"])) == [2, 2]
        assert persons(ws.funnel(["view", "purchase|buy"])) == [3, 3]


def test_trend_counts_each_person_in_the_period_of_their_entry():
    rows = journey(
        ("a", "view", 0),
        ("a", "cart", 10),
        ("a", "buy", 20),
        ("b", "view", 0),
        ("c", "view", 0),
        ("c", "view", 24 * 60),
        ("c", "cart", 24 * 60 + 5),
        ("c", "buy", 24 * 60 + 9),
    )
    with workspace(rows) as ws:
        result = ws.funnel(STEPS, trend="day")
    trend = result.trend_df
    assert trend["entered"].tolist() == [2, 1]
    assert trend["converted"].tolist() == [1, 1]
    assert trend["conversion"].tolist() == [0.5, 1.0]
    assert trend["entered"].sum() == persons(result)[0]


def test_correlation_finds_what_goes_with_converting():
    rows = []
    for i in range(40):
        p = f"p{i:02d}"
        converts = i < 20
        rows.append(
            {
                "person": p,
                "event": "view",
                "time": at(minutes=0),
                "browser": "Firefox" if i % 2 else "Chrome",
            }
        )
        if converts and i < 15:
            rows.append({"person": p, "event": "coupon", "time": at(minutes=5)})
        if not converts and i < 30:
            rows.append({"person": p, "event": "error", "time": at(minutes=5)})
        if converts:
            rows.append({"person": p, "event": "buy", "time": at(minutes=10)})
    with workspace(rows) as ws:
        found = ws.funnel_correlation(["view", "buy"], properties=["browser"])
        again = ws.funnel(["view", "buy"]).correlation(properties=["browser"], top=1)
    document = found.to_dict()
    assert (document["converters"], document["dropped"]) == (20, 20)
    coupon, error = document["success"][0], document["failure"][0]
    assert (coupon["name"], coupon["converters"], coupon["dropped"]) == ("coupon", 15, 0)
    # Haldane: (15.5 * 20.5) / (0.5 * 5.5)
    assert coupon["odds_ratio"] == pytest.approx(15.5 * 20.5 / (0.5 * 5.5))
    assert coupon["p_value"] < 1e-4
    assert (error["name"], error["converters"], error["dropped"]) == ("error", 0, 10)
    assert not any(r["name"] in ("view", "buy") for r in document["success"] + document["failure"])
    browsers = [r for r in document["success"] + document["failure"] if r["kind"] == "property"]
    assert all(r["p_value"] > 0.5 for r in browsers)
    assert len(again.to_dict()["success"]) == 1
    assert list(found.df.columns)[:3] == ["direction", "kind", "name"]
    assert found.plot() is not None


def test_questions_asked_of_one_funnel_find_its_attempts_once():
    rows = journey(
        ("a", "view", 0, {"browser": "Firefox"}),
        ("a", "coupon", 2),
        ("a", "cart", 10),
        ("a", "buy", 20),
        ("b", "view", 0, {"browser": "Chrome"}),
        ("b", "cart", 5),
        ("c", "view", 30, {"browser": "Firefox"}),
        ("c", "view", 24 * 60, {"browser": "Chrome"}),
        ("c", "coupon", 24 * 60 + 1),
        ("c", "cart", 24 * 60 + 5),
        ("c", "buy", 24 * 60 + 9),
        ("d", "view", 3 * 24 * 60),
        ("d", "cart", 3 * 24 * 60 + 1),
        ("e", "view", 40),
        ("e", "coupon", 41),
        ("e", "cart", 42),
        ("e", "buy", 43),
    )
    with workspace(rows) as ws:
        result = ws.funnel(STEPS, trend="day")
        correlation = result.correlation(properties=["browser"], top=5).to_dict()
        dropped = result.dropped(2).to_dict("records")
        afresh = ws.funnel(STEPS)  # the steps alone: one query, nothing kept
        alone = ws.funnel_correlation(STEPS, properties=["browser"], top=5).to_dict()
        computed = summary.dropped(ws.engine, result.spec, result.scope, 2)
    # steps, trend, the correlation and who dropped (5 queries) read the attempts found once
    assert len(result.sql) == 5 and len([sql for sql in result.sql if "ASOF JOIN" in sql]) == 1
    assert len([sql for sql in afresh.sql if "ASOF JOIN" in sql]) == 1 == len(afresh.sql)
    assert result.document["steps"] == afresh.document["steps"]
    assert persons(result) == [5, 5, 3]
    assert result.trend_df["entered"].tolist() == [3, 1, 1]  # c entered on day 1: its last view
    assert correlation == alone
    assert (correlation["converters"], correlation["dropped"]) == (3, 2)
    coupon = next(r for r in correlation["success"] if r["name"] == "coupon")
    assert (coupon["converters"], coupon["dropped"]) == (3, 0)
    assert dropped == computed
    assert sorted(r["person_id"] for r in dropped) == ["b", "d"]


def test_result_contract_and_shown_sql():
    with workspace(journey(("a", "view", 0), ("a", "cart", 1))) as ws:
        result = ws.funnel(["view", "cart"], window="7d")
        assert result.dropped(1).empty
        with pytest.raises(QueryError):
            result.dropped(2)
    document = result.to_dict()
    assert document["steps"][0] == {
        **document["steps"][0],
        "step": 1,
        "conversion": 1.0,
        "conversion_from_previous": 1.0,
        "median_time_from_previous_s": None,
    }
    assert document["window_s"] == 7 * 86400
    assert list(result.df["persons"]) == [1, 1]
    assert any("ASOF JOIN" in sql for sql in result.sql)
    assert result.plot().data


def test_empty_funnel():
    with workspace(journey(("a", "other", 0))) as ws:
        result = ws.funnel(STEPS, trend="week", breakdown="browser")
    assert persons(result) == [0, 0, 0]
    assert result.document["steps"][0]["conversion"] is None
    assert result.document["breakdown"]["values"] == []


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"steps": ["view"]}, "2 to 20 steps"),
        ({"steps": ["a"] * 21}, "2 to 20 steps"),
        ({"order": "sideways"}, "unknown order"),
        ({"window": "soon"}, "duration"),
        ({"exclusions": ["refund:2-1"]}, "from < to"),
        ({"exclusions": ["refund"]}, "EVENT:FROM-TO"),
        ({"attribution": "step:9", "breakdown": "x"}, "attribution"),
        ({"trend": "decade"}, "interval"),
    ],
)
def test_invalid_questions_are_refused_clearly(kwargs, message):
    kwargs = {"steps": STEPS, **kwargs}
    with workspace(journey(("a", "view", 0))) as ws, pytest.raises(QueryError, match=message):
        ws.funnel(kwargs.pop("steps"), **kwargs)
