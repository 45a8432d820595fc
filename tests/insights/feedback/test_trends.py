"""NPS, CSAT and sentiment per period on answers whose numbers can be checked by hand."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest

from whylens.errors import QueryError
from whylens.insights.feedback import feedback_trends
from whylens.insights.segments import MissingSegment


def answers(rows: list[tuple[int, str, float | None, str | None]]) -> pa.Table:
    """(day of May 2026, kind, score, text) -> a feedback table."""
    return pa.table(
        {
            "person_id": [f"p{i}" for i in range(len(rows))],
            "timestamp": [datetime(2026, 5, d, 12) for d, *_ in rows],
            "kind": [k for _, k, _, _ in rows],
            "score": pa.array([s for _, _, s, _ in rows], pa.float64()),
            "text": [t for *_, t in rows],
            "source": ["survey" if k == "nps" else "support" for _, k, _, _ in rows],
        }
    )


def test_nps_csat_and_sentiment_of_one_week(ws):
    # week of Monday 2026-05-04: promoters 10, 9; passive 8; detractor 3 -> NPS 25
    ws.add_feedback(
        answers(
            [
                (4, "nps", 10, "Fast delivery, love it"),
                (5, "nps", 9, None),
                (6, "nps", 8, None),
                (7, "nps", 3, "Still waiting for my parcel"),
                (5, "csat", 5, None),
                (6, "csat", 4, None),
                (7, "csat", 2, None),
            ]
        )
    )
    (period,) = feedback_trends(ws.engine).to_dict()["periods"]
    assert period["date"] == datetime(2026, 5, 4)
    assert period["nps"] == pytest.approx(25.0) and period["nps_n"] == 4
    # variance of (promoter - detractor) indicator: 0.75 - 0.25**2 = 0.6875
    assert period["nps_se"] == pytest.approx(100 * (0.6875 / 4) ** 0.5)
    assert period["nps_low"] == pytest.approx(max(-100, 25 - 1.959964 * period["nps_se"]))
    assert period["csat"] == pytest.approx(2 / 3) and period["csat_n"] == 3
    assert period["csat_high"] == 1.0  # clipped to the possible range
    assert period["sentiment_n"] == 2 and period["sentiment_low"] < period["sentiment"]


def test_a_significant_drop_is_flagged_and_a_small_one_is_not(ws):
    week1 = [(4 + i % 5, "nps", 10.0, None) for i in range(20)]
    week2 = [(11 + i % 5, "nps", 0.0 if i < 15 else 10.0, None) for i in range(20)]
    week3 = [(18 + i % 5, "nps", 0.0 if i < 14 else 10.0, None) for i in range(20)]
    ws.add_feedback(answers(week1 + week2 + week3))
    document = feedback_trends(ws.engine).to_dict()
    assert [p["nps"] for p in document["periods"]] == pytest.approx([100, -50, -40])
    assert [p["nps_drop"] for p in document["periods"]] == [False, True, False]
    assert document["drops"] == [{"group": None, "date": datetime(2026, 5, 11), "metric": "nps"}]


def test_split_by_source_theme_and_trait(ws):
    ws.add_feedback(answers([(4, "nps", 10, "The app keeps crashing"), (5, "csat", 5, None)]))
    ws.set_traits(pa.table({"person_id": ["p0", "p1"], "plan": ["pro", "free"]}))
    by_source = feedback_trends(ws.engine, interval="month", by="source").to_dict()
    assert by_source["by"] == "source" and by_source["scope"]["segment"] is None
    assert {p["group"]: p["nps_n"] for p in by_source["periods"]} == {"support": 0, "survey": 1}
    by_theme = feedback_trends(ws.engine, by="theme").to_dict()["periods"]
    assert {p["group"] for p in by_theme} == {"app", "(none)"}
    by_plan = feedback_trends(ws.engine, by="trait:plan").to_dict()["periods"]
    assert {p["group"]: p["csat"] for p in by_plan} == {"free": 1.0, "pro": None}
    with pytest.raises(QueryError, match="by must be one of source, kind, theme, trait:NAME"):
        feedback_trends(ws.engine, by="colour")
    with pytest.raises(QueryError):
        feedback_trends(ws.engine, interval="day")


def test_a_segment_limits_the_rows_and_combines_with_the_split(ws):
    # p0 and p2 are in the segment: promoter 10 by survey, detractor 3 by support
    ws.add_feedback(answers([(4, "nps", 10, None), (5, "nps", 0, None), (6, "csat", 3, None)]))
    ws.import_table(
        pa.table(
            {
                "user_id": ["p0", "p1", "p2"],
                "event": ["view"] * 3,
                "timestamp": [datetime(2026, 5, 1)] * 3,
            }
        )
    )
    ws.segments.save_members("chosen", ["p0", "p2"])  # a static segment holds known persons
    document = feedback_trends(ws.engine, by="kind", segment="chosen").to_dict()
    assert document["scope"]["segment"] == "chosen"
    assert {p["group"]: (p["nps_n"], p["csat_n"]) for p in document["periods"]} == {
        "csat": (0, 1),
        "nps": (1, 0),
    }
    with pytest.raises(MissingSegment, match="no segment 'kind' in project 'default'"):
        feedback_trends(ws.engine, segment="kind")


def test_ces_is_the_mean_effort_score_with_its_interval_and_drops(ws):
    # week 1: 7, 5, 3 -> mean 5, sd 2; week 2: 20 answers of 1 or 2 -> a significant fall
    week1 = [(4, "ces", 7.0, None), (5, "ces", 5.0, None), (6, "ces", 3.0, None)]
    week2 = [(11 + i % 5, "ces", 1.0 + i % 2, None) for i in range(20)]
    ws.add_feedback(answers(week1 + week2))
    first, second = feedback_trends(ws.engine).to_dict()["periods"]
    assert first["ces"] == pytest.approx(5.0) and first["ces_n"] == 3
    assert first["ces_se"] == pytest.approx(2 / 3**0.5)
    assert first["ces_low"] == pytest.approx(5 - 1.959964 * 2 / 3**0.5)
    assert first["ces_high"] == 7.0  # clipped to the scale
    assert first["nps_n"] == 0 and first["nps"] is None
    assert second["ces"] == pytest.approx(1.5) and second["ces_drop"] is True
