"""Link to behavior: churn by NPS band and by sentiment, on a tiny shop and on the demo data,
whose churning persons answer worse and write more negative comments (docs/demo-data.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
import pytest

import whylens
from whylens.demo.load import create_demo
from whylens.insights.feedback import feedback_behavior

END = datetime(2026, 6, 30)


def test_churn_by_band_on_hand_made_persons(ws):
    # a, b answered badly and left 40 days before the end; c, d are promoters, still active
    last = {"a": END - timedelta(days=40), "b": END - timedelta(days=35), "c": END, "d": END}
    ws.import_table(
        pa.table(
            {
                "user_id": list(last),
                "event": ["use_compare"] * 4,
                "timestamp": list(last.values()),
            }
        )
    )
    ws.add_feedback(
        pa.table(
            {
                "person_id": ["a", "b", "c", "d"],
                "timestamp": [datetime(2026, 5, 1)] * 4,
                "kind": ["nps"] * 4,
                "score": [2.0, 6.0, 9.0, 10.0],
                "text": ["Charged twice", None, "Great prices", "Fast delivery, love it"],
            }
        )
    )
    document = feedback_behavior(ws.engine).to_dict()
    churn = {(r["by"], r["group"]): (r["persons"], r["churned"]) for r in document["churn"]}
    assert churn[("nps_band", "detractor")] == (2, 2)
    assert churn[("nps_band", "promoter")] == (2, 0)
    assert churn[("sentiment", "negative")] == (1, 1)
    assert churn[("sentiment", "positive")] == (2, 0)
    assert ("sentiment", "neutral") not in churn  # b wrote nothing
    rates = {r["group"]: r for r in document["churn"] if r["by"] == "nps_band"}
    assert rates["detractor"]["churn_rate"] == 1.0 and rates["detractor"]["churn_rate_high"] == 1.0
    assert 0 < rates["detractor"]["churn_rate_low"] < 1
    assert feedback_behavior(ws.engine, churn_days=45).to_dict()["churn"][0]["churned"] == 0


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    create_demo(path, users=2000, days=60, seed=1)
    with whylens.open(path) as ws:
        yield ws


def test_demo_churners_answer_worse_and_write_more_negatively(demo):
    document = feedback_behavior(demo.engine).to_dict()
    rate = {(r["by"], r["group"]): r for r in document["churn"]}
    detractor, promoter = rate[("nps_band", "detractor")], rate[("nps_band", "promoter")]
    negative, positive = rate[("sentiment", "negative")], rate[("sentiment", "positive")]
    assert detractor["churn_rate"] - promoter["churn_rate"] > 0.4
    assert detractor["churn_rate_low"] > promoter["churn_rate_high"]  # not chance
    assert negative["churn_rate"] - positive["churn_rate"] > 0.25
    assert negative["churn_rate_low"] > positive["churn_rate_high"]
    use = {u["event"]: u for u in document["feature_use"]}
    assert use["cancel_subscription"]["detractors"] > use["cancel_subscription"]["promoters"]


def test_demo_comments_of_churning_persons_are_mostly_negative(demo):
    shares = demo.sql("""
        WITH last AS (SELECT person_id, max(timestamp) AS t FROM events GROUP BY ALL)
        SELECT l.t < (SELECT max(t) FROM last) - INTERVAL 30 DAY AS churned,
            avg(CASE WHEN f.label = 'negative' THEN 1.0 ELSE 0.0 END) AS negative
        FROM feedback f JOIN last l USING (person_id)
        WHERE f.label <> 'unscored' GROUP BY ALL
    """).set_index("churned")["negative"]
    assert shares[True] > 0.5 and shares[False] < 0.3


def test_demo_detractors_contacted_support_and_cancelled_before_answering(demo):
    before = feedback_behavior(demo.engine).to_dict()["before_answer"]
    assert before["days"] == 7
    events = {e["event"]: e for e in before["events"]}
    for name in ("support_contact", "cancel_subscription"):
        assert events[name]["detractors"] > 5 * events[name]["promoters"]
        assert events[name]["ci_low"] > 0 and events[name]["p_value"] < 0.001
    detractors, passives, promoters = before["bands"]
    assert [b["band"] for b in before["bands"]] == ["detractor", "passive", "promoter"]
    assert min(detractors["persons"], passives["persons"], promoters["persons"]) > 100
    assert "cancel_subscription" in [e["event"] for e in detractors["last_events"]]
    assert "cancel_subscription" not in [e["event"] for e in promoters["last_events"]]
