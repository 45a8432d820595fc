"""The overview's key numbers: each period's value, its change against the period before, and
its daily line, on journeys small enough to count by hand; and the same numbers as the sessions
and funnel insights over the same dates."""

from __future__ import annotations

import pytest

from tests.insights.journeys import at, workspace
from whylens.insights.overview import MainFunnel, overview

FUNNEL = MainFunnel(["view_item", "purchase"], name="buy")

# previous period, 1-2 Jan: a (180 s, not a bounce, converts), b (a bounce), d (no page view:
# not counted for bounce; enters the funnel and stops). Current, 3-4 Jan: a (a bounce),
# b (300 s), c (240 s, converts), d (enters and stops).
ROWS = [
    ("a", "$pageview", at(0, 10)),
    ("a", "view_item", at(0, 10, 2)),
    ("a", "purchase", at(0, 10, 3)),
    ("b", "$pageview", at(1, 9)),
    ("d", "view_item", at(1, 15)),
    ("a", "$pageview", at(2, 10)),
    ("b", "$pageview", at(2, 11)),
    ("b", "$pageview", at(2, 11, 5)),
    ("c", "$pageview", at(3, 12)),
    ("c", "view_item", at(3, 12, 3)),
    ("c", "purchase", at(3, 12, 4)),
    ("d", "view_item", at(3, 16)),
]


@pytest.fixture(scope="module")
def shop():
    ws = workspace([{"person": p, "event": e, "time": t} for p, e, t in ROWS])
    yield ws
    ws.close()


def kpis(document):
    return {k["metric"]: k for k in document["kpis"]}


def test_last_days_against_the_days_before(shop):
    found = overview(shop.engine, shop.scope(), funnel=FUNNEL, days=2)
    period = found["period"]
    assert (period["from"], period["to"]) == ("2024-01-03T00:00:00", "2024-01-05T00:00:00")
    assert period["previous"] == {
        "from": "2024-01-01T00:00:00",
        "to": "2024-01-03T00:00:00",
        "partial": False,
    }
    k = kpis(found)
    expected = {
        "persons": (4, 3, 1, 1 / 3),
        "sessions": (4, 3, 1, 1 / 3),
        "bounce_rate": (1 / 3, 1 / 2, -1 / 6, -1 / 3),
        "median_session_s": (120, 0, 120, None),  # no relative change from 0
        "conversion": (1 / 2, 1 / 2, 0, 0),
    }
    for name, (value, previous, delta, relative) in expected.items():
        got = k[name]
        assert got["value"] == pytest.approx(value), name
        assert got["previous"] == pytest.approx(previous), name
        assert got["change"] == pytest.approx(delta), name
        assert got["change_pct"] == (None if relative is None else pytest.approx(relative)), name
    assert [k[n]["good"] for n in expected] == ["up", "up", "down", "up", "up"]
    assert (k["conversion"]["entered"], k["conversion"]["converted"]) == (2, 1)


def test_daily_lines_pair_each_day_with_the_same_day_of_the_previous_period(shop):
    k = kpis(overview(shop.engine, shop.scope(), funnel=FUNNEL, days=2))

    def line(name):
        return [(p["date"][:10], p["value"], p["previous"]) for p in k[name]["series"]]

    assert line("persons") == [("2024-01-03", 2, 1), ("2024-01-04", 2, 2)]
    assert line("bounce_rate") == [("2024-01-03", 0.5, 0.0), ("2024-01-04", 0.0, 1.0)]
    assert line("median_session_s") == [("2024-01-03", 150, 180), ("2024-01-04", 120, 0)]
    assert line("conversion") == [("2024-01-03", None, 1.0), ("2024-01-04", 0.5, 0.0)]


def test_the_scope_dates_win_and_a_period_before_the_data_is_partial(shop):
    found = overview(shop.engine, shop.scope("2024-01-02", "2024-01-03"), funnel=FUNNEL)
    assert (found["period"]["from"], found["period"]["to"]) == (
        "2024-01-02T00:00:00",
        "2024-01-04T00:00:00",
    )
    assert found["period"]["previous"]["partial"] is True  # 31 Dec - 1 Jan: data starts 1 Jan
    k = kpis(found)
    assert (k["persons"]["value"], k["persons"]["previous"]) == (3, 1)  # b, d, a; then a
    assert len(k["persons"]["series"]) == 2


def test_data_shorter_than_two_periods_gives_half_to_each(shop):
    found = overview(shop.engine, shop.scope(), funnel=FUNNEL, days=28)
    assert (found["period"]["from"], found["period"]["to"]) == (
        "2024-01-03T00:00:00",
        "2024-01-05T00:00:00",
    )  # four days of data: the last two against the two before
    assert found["period"]["previous"]["partial"] is False
    assert found["kpis"] == overview(shop.engine, shop.scope(), funnel=FUNNEL, days=2)["kpis"]


def test_without_days_the_whole_history_is_the_period(shop):
    found = overview(shop.engine, shop.scope(), days=None)
    assert (found["period"]["from"], found["period"]["to"]) == (
        "2024-01-01T00:00:00",
        "2024-01-05T00:00:00",
    )
    assert found["totals"]["sessions"] == 7
    assert found["funnel"] is None and "conversion" not in kpis(found)
    assert [d["events"] for d in found["daily"]] == [3, 2, 3, 4]


def test_same_numbers_as_the_sessions_and_funnel_insights(shop):
    found = overview(shop.engine, shop.scope(), funnel=FUNNEL, days=2)
    dates = {"date_from": found["period"]["from"], "date_to": found["period"]["to"]}
    visits = shop.sessions(**dates).to_dict()
    steps = shop.funnel(FUNNEL.steps, **dates).to_dict()["steps"]
    k = kpis(found)
    assert k["sessions"]["value"] == visits["sessions"]
    assert k["persons"]["value"] == visits["persons"]
    assert k["bounce_rate"]["value"] == pytest.approx(visits["bounce_rate"])
    assert k["median_session_s"]["value"] == pytest.approx(visits["duration_s"]["median"])
    assert k["conversion"]["value"] == pytest.approx(steps[-1]["conversion"])


def test_no_events_is_empty_not_an_error(ws):
    found = overview(ws.engine, ws.scope(), funnel=FUNNEL)
    assert found["period"] is None and found["daily"] == []
    assert [(k["metric"], k["value"]) for k in found["kpis"]] == [
        ("persons", 0),
        ("sessions", 0),
        ("bounce_rate", None),
        ("median_session_s", None),
        ("conversion", None),
    ]
