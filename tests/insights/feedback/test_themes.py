"""Themes: mentions, negative share, trend, recurring phrases and three quotes per theme."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest

from whylens.errors import QueryError
from whylens.insights.feedback import feedback_themes
from whylens.insights.feedback.topics import tag

TEXTS = [
    (datetime(2026, 5, 4), "My parcel arrived late again"),
    (datetime(2026, 5, 5), "Parcel arrived late, the tracking never updated"),
    (datetime(2026, 5, 12), "Fast delivery, thank you"),
    (datetime(2026, 5, 13), "Still waiting for my parcel, charged twice too"),
    (datetime(2026, 6, 2), "The app keeps crashing"),
    (datetime(2026, 6, 3), "It does the job."),
]


@pytest.fixture
def stored(ws):
    ws.add_feedback(
        pa.table(
            {
                "timestamp": [t for t, _ in TEXTS],
                "kind": ["text"] * len(TEXTS),
                "text": [x for _, x in TEXTS],
            }
        )
    )
    return ws


def test_tagging_rules():
    assert tag("Charged twice and the parcel never arrived") == ["delivery", "payment"]
    assert tag("The APP freezes") == ["app"]
    assert tag("It does the job.") == [] and tag(None) == []


def test_counts_negative_share_trend_and_quotes(stored):
    document = feedback_themes(stored.engine, interval="month").to_dict()
    themes = {t["theme"]: t for t in document["themes"]}
    assert set(themes) == {"delivery", "payment", "app"}
    delivery = themes["delivery"]
    assert delivery["mentions"] == 4
    assert delivery["negative_share"] == pytest.approx(3 / 4)
    assert [(p["date"], p["mentions"]) for p in delivery["trend"]] == [(datetime(2026, 5, 1), 4)]
    assert len(delivery["examples"]) == 3
    assert all(e["text"] in dict(map(reversed, TEXTS)) for e in delivery["examples"])
    assert {"phrase": "arrived late", "count": 2} in delivery["phrases"]
    assert themes["app"]["negative_share"] == 1.0 and len(themes["app"]["examples"]) == 1
    assert [t["theme"] for t in document["themes"]][0] == "delivery"  # most mentioned first


def test_weekly_trend_and_bad_interval(stored):
    delivery = feedback_themes(stored.engine, interval="week").to_dict()["themes"][0]
    assert [p["mentions"] for p in delivery["trend"]] == [2, 2]
    assert [p["negative_share"] for p in delivery["trend"]] == [1.0, 0.5]
    with pytest.raises(QueryError):
        feedback_themes(stored.engine, interval="year")
