"""Feature adoption: hand-computed journeys, a plain-Python reference on random data, and the
invariants (shares in [0, 1], breadth adds up, a low and falling feature comes first)."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.insights.journeys import T0, at, workspace
from whylens.errors import QueryError

WEEK = timedelta(weeks=1)

# a: signs up Jan 1, wishlist the same day, compares on day 2 and day 35
# b: views Jan 2, compares Jan 6, never returns; c: views Jan 1 and Feb 10, never compares
# d: first seen Feb 12, comparing at once
JOURNEY = [
    {"person": "a", "event": "signup", "time": at(0, 10)},
    {"person": "a", "event": "wishlist", "time": at(0, 11)},
    {"person": "a", "event": "compare", "time": at(2, 10)},
    {"person": "a", "event": "compare", "time": at(35, 10)},
    {"person": "b", "event": "view", "time": at(1, 10)},
    {"person": "b", "event": "compare", "time": at(5, 10)},
    {"person": "c", "event": "view", "time": at(0, 12)},
    {"person": "c", "event": "view", "time": at(40, 12)},
    {"person": "d", "event": "compare", "time": at(42, 10)},
]
RANGE = {"date_from": "2024-01-01", "date_to": "2024-02-25"}  # 8 weeks; cut (N=4) = Jan 29


def by_name(result) -> dict:
    return {f["feature"]: f for f in result.to_dict()["features"]}


def test_hand_computed_journey():
    found = by_name(workspace(JOURNEY).adoption(["compare", "wishlist"], **RANGE))
    compare = found["compare"]
    assert (compare["adopters"], compare["active_persons"], compare["adoption_rate"]) == (
        3,
        4,
        0.75,
    )
    # days from first seen to first use: a 2, b 4, d 0
    assert (compare["median_days_to_adopt"], compare["mean_days_to_adopt"]) == (2.0, 2.0)
    # 4 uses over adopter-days to Feb 26 00:00: a 53.583, b 50.583, d 13.583
    assert compare["uses_per_adopter_week"] == pytest.approx(4 / (117.75 / 7))
    # a and b first used it by Jan 29; only a used it again 4+ weeks later
    assert (compare["retained_eligible"], compare["retained_rate"]) == (2, 0.5)
    # active before Jan 29: a, b (adopters by then), c; active from Jan 29 on: a, c
    assert (compare["adopter_active_rate"], compare["non_adopter_active_rate"]) == (0.5, 1.0)
    assert [(p["interval"], p["active_persons"], p["users"]) for p in compare["trend"]] == [
        ("2024-01-01", 3, 2),
        ("2024-02-05", 2, 1),
        ("2024-02-12", 1, 1),
    ]
    assert compare["trend_slope"] == pytest.approx(slope([0, 5, 6], [2 / 3, 1 / 2, 1]))
    wishlist = found["wishlist"]
    assert (wishlist["adopters"], wishlist["median_days_to_adopt"]) == (1, pytest.approx(1 / 24))
    assert wishlist["trend_slope"] < 0 and not wishlist["gathering_dust"]  # 25% is not low


def test_edges_of_the_n_week_windows_are_inclusive():
    rows = [
        {"person": "p", "event": "compare", "time": at(14)},  # first use exactly at the cut
        {"person": "q", "event": "compare", "time": at(0)},
        {"person": "q", "event": "compare", "time": at(14)},  # exactly 2 weeks later
        {"person": "r", "event": "view", "time": at(1)},
        {"person": "r", "event": "view", "time": at(14)},  # active exactly at the cut
    ]
    result = workspace(rows).adoption(["compare"], weeks_retained=2, date_to="2024-01-28")
    compare = by_name(result)["compare"]  # range end Jan 29 00:00, cut Jan 15 00:00
    assert (compare["retained_eligible"], compare["retained_rate"]) == (2, 0.5)
    assert (compare["adopter_active_rate"], compare["non_adopter_active_rate"]) == (1.0, 1.0)


def test_breadth_counts_active_persons_by_features_used():
    breadth = workspace(JOURNEY).adoption(["compare", "wishlist"], **RANGE).to_dict()["breadth"]
    assert breadth == {
        "mean": 1.0,
        "distribution": [
            {"features": 0, "persons": 1},
            {"features": 1, "persons": 2},
            {"features": 2, "persons": 1},
        ],
    }


def test_time_to_adopt_reads_the_first_use_before_the_range():
    found = by_name(workspace(JOURNEY).adoption(["compare"], date_from="2024-01-05"))
    compare = found["compare"]
    # a adopted on Jan 3 (2 days after first seen), before the range: still 2 days, not 35
    assert compare["adopters"] == 3 and compare["median_days_to_adopt"] == 2.0


def test_only_persons_doing_the_active_event_count():
    compare = by_name(workspace(JOURNEY).adoption(["compare"], active="view", **RANGE))["compare"]
    assert (compare["adopters"], compare["active_persons"]) == (1, 2)  # b of b and c


def test_feature_with_property_filter_and_scope_filter():
    rows = [dict(r, mode="fast" if r["time"] == at(2, 10) else "slow") for r in JOURNEY]
    ws = workspace(rows)
    fast = {"event": "compare", "where": ["mode = fast"], "label": "fast compare"}
    assert by_name(ws.adoption([fast], **RANGE))["fast compare"]["adopters"] == 1
    narrowed = by_name(ws.adoption(["compare"], where=["mode = slow"], **RANGE))["compare"]
    # a's only slow use is on day 35: the filter applies to first use too (35, 4 and 0 days)
    assert (narrowed["adopters"], narrowed["active_persons"]) == (3, 4)
    assert narrowed["median_days_to_adopt"] == 4.0


def test_person_traits_filter_the_scope_and_a_feature():
    ws = workspace(JOURNEY)
    ws.set_traits(pa.table({"person_id": ["a", "b"], "plan": ["pro", "free"]}))
    pro = by_name(ws.adoption(["compare"], where=["person.plan = pro"], **RANGE))["compare"]
    assert (pro["adopters"], pro["active_persons"]) == (1, 1)
    free = {"event": "compare", "where": ["person.plan = free"], "label": "free compare"}
    assert by_name(ws.adoption([free], **RANGE))["free compare"]["adopters"] == 1


def test_low_and_falling_feature_comes_first():
    rows = []
    for week in range(8):
        for i in range(10):
            rows.append({"person": f"p{i}", "event": "search", "time": at(7 * week + 1)})
            if i < 5 and week % 2 == 0:
                rows.append({"person": f"p{i}", "event": "export", "time": at(7 * week + 2)})
        if week < 2:
            rows.append({"person": "p0", "event": "share", "time": at(7 * week + 3)})
    result = workspace(rows).adoption(["export", "search", "share"], date_to="2024-02-25")
    features = result.to_dict()["features"]
    assert [f["feature"] for f in features] == ["share", "search", "export"]
    assert [f["gathering_dust"] for f in features] == [True, False, False]
    assert features[0]["dust_score"] > 0 and features[0]["trend_slope"] < 0


def test_empty_range_gives_empty_answers():
    result = workspace(JOURNEY).adoption(["compare"], date_from="2025-01-01")
    compare = result.to_dict()["features"][0]
    assert (compare["adopters"], compare["active_persons"], compare["adoption_rate"]) == (
        0,
        0,
        None,
    )
    assert compare["trend"] == [] and compare["trend_slope"] is None
    assert result.to_dict()["breadth"]["mean"] is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"features": []},
        {"features": ["a", "a"]},
        {"features": ["a"], "weeks_retained": 0},
        {"features": ["a"], "interval": "fortnight"},
        {"features": ["a"], "low_adoption": 2},
    ],
)
def test_bad_requests_are_refused(kwargs):
    with pytest.raises(QueryError):
        workspace(JOURNEY).adoption(**kwargs)


def test_frames_plot_and_sql():
    result = workspace(JOURNEY).adoption(["compare", "wishlist"], **RANGE)
    assert list(result.df["feature"]) == ["compare", "wishlist"]
    assert len(result.trend_df) == 6
    assert [trace.name for trace in result.plot().data] == ["compare", "wishlist"]
    assert len(result.sql) == 3 and all("$p" in sql for sql in result.sql)


# -- reference -------------------------------------------------------------------------------


def slope(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def reference(events, features, active, weeks, date_from, date_to) -> dict:
    """The definitions of docs/sections/adoption.md, person by person, in plain Python."""
    first_seen: dict[str, datetime] = {}
    for p, _, t in events:
        first_seen[p] = min(t, first_seen.get(p, t))
    history = [e for e in events if date_to is None or e[2] < date_to]
    window = [e for e in history if date_from is None or e[2] >= date_from]
    stop = date_to or max((t for _, _, t in window), default=None)
    cut = stop - timedelta(weeks=weeks) if stop else None
    is_active = lambda name: active == "*" or name == active  # noqa: E731
    actives = {p for p, ev, _ in window if is_active(ev)}
    early = {p for p, ev, t in window if is_active(ev) and t < cut}
    late = {p for p, ev, t in window if is_active(ev) and t >= cut}
    out = {}
    for f in features:
        times: dict[str, list[datetime]] = {}
        for p, ev, t in window:
            if ev == f and p in actives:
                times.setdefault(p, []).append(t)
        first_ever = {p: min(t for q, ev, t in history if q == p and ev == f) for p in times}
        days = [(first_ever[p] - first_seen[p]).total_seconds() / 86400 for p in times]
        exposure = sum(
            max((stop - min(ts)).total_seconds(), 86400) / WEEK.total_seconds()
            for ts in times.values()
        )
        eligible = [p for p, ts in times.items() if min(ts) <= cut]
        kept = [p for p in eligible if max(times[p]) >= min(times[p]) + timedelta(weeks=weeks)]
        adopted_early = {p for p in early if any(t < cut for t in times.get(p, []))}
        others = early - adopted_early
        out[f] = {
            "adopters": len(times),
            "active_persons": len(actives),
            "adoption_rate": len(times) / len(actives) if actives else None,
            "median_days_to_adopt": statistics.median(days) if days else None,
            "mean_days_to_adopt": statistics.mean(days) if days else None,
            "uses_per_adopter_week": sum(map(len, times.values())) / exposure if times else None,
            "retained_eligible": len(eligible),
            "retained_rate": len(kept) / len(eligible) if eligible else None,
            "adopter_active_rate": len(adopted_early & late) / len(adopted_early)
            if adopted_early
            else None,
            "non_adopter_active_rate": len(others & late) / len(others) if others else None,
            **weekly_trend(window, f, is_active),
        }
    return out


def weekly_trend(window, feature, is_active) -> dict:
    """Share of each week's active persons who used the feature that week; least-squares slope."""
    monday = lambda t: (t - timedelta(days=t.weekday())).date().isoformat()  # noqa: E731
    weeks: dict[str, tuple[set, set]] = {}
    for p, ev, t in window:
        if is_active(ev):
            weeks.setdefault(monday(t), (set(), set()))[0].add(p)
    for p, ev, t in window:
        if ev == feature and monday(t) in weeks:
            weeks[monday(t)][1].add(p)
    points = [(w, len(a & u) / len(a)) for w, (a, u) in sorted(weeks.items())]
    first = datetime.fromisoformat(points[0][0]) if points else None
    xs = [(datetime.fromisoformat(w) - first).days // 7 for w, _ in points]
    return {
        "trend": [{"interval": w, "rate": pytest.approx(r)} for w, r in points],
        "trend_slope": slope(xs, [r for _, r in points]) if len(points) >= 2 else None,
    }


HALF_DAYS = 140  # a coarse clock, so that uses fall exactly on the window and N-week edges
journeys = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3", "p4", "p5"]),
        st.sampled_from(["a", "b", "x"]),
        st.integers(min_value=0, max_value=HALF_DAYS).map(lambda h: T0 + timedelta(hours=12 * h)),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=journeys,
    active=st.sampled_from(["*", "x"]),
    weeks=st.integers(min_value=1, max_value=5),
    date_from=st.sampled_from([None, T0 + timedelta(days=9), T0 + timedelta(days=20)]),
    date_to=st.sampled_from([None, T0 + timedelta(days=50), T0 + timedelta(days=63, hours=5)]),
)
def test_matches_reference_on_random_journeys(events, active, weeks, date_from, date_to):
    ws = workspace([{"person": p, "event": ev, "time": t} for p, ev, t in events])
    result = ws.adoption(
        ["a", "b"], active=active, weeks_retained=weeks, date_from=date_from, date_to=date_to
    )
    expected = reference(events, ["a", "b"], active, weeks, date_from, date_to)
    found = by_name(result)
    for name, want in expected.items():
        trend = [{"interval": p["interval"], "rate": p["rate"]} for p in found[name]["trend"]]
        assert trend == want.pop("trend")
        for key, value in want.items():
            assert found[name][key] == (None if value is None else pytest.approx(value)), key
    # invariants: shares are shares, and breadth adds up to the active persons and adopters
    for f in found.values():
        for key in ("adoption_rate", "retained_rate", "adopter_active_rate"):
            assert f[key] is None or 0 <= f[key] <= 1
        assert all(0 <= p["rate"] <= 1 for p in f["trend"])
    breadth = result.to_dict()["breadth"]
    active_persons = found["a"]["active_persons"]
    assert sum(d["persons"] for d in breadth["distribution"]) == active_persons
    if active_persons:
        assert breadth["mean"] == pytest.approx(sum(f["adoption_rate"] for f in found.values()))
