"""The churn benchmark's synthetic persons: the feature columns the model reads, a population
the model would score (seen within the inactive period), and a churn signal it can learn."""

from __future__ import annotations

import numpy as np

from bench import churn
from whylens.insights.churn.features import COLUMNS, Events
from whylens.insights.churn.model import learn


def test_feature_rows_look_like_the_features_query_s():
    rows = churn.frame(5000, seed=1)
    assert set(COLUMNS) <= set(rows.columns) and rows["person_id"].is_unique
    assert (rows["days_since_last_seen"] < churn.DAYS).all()
    assert (rows["tenure_days"] >= rows["days_since_last_seen"]).all()
    assert 0.1 < rows["churned"].mean() < 0.6
    nothing_before = rows["sessions_previous"] == 0
    assert rows.loc[nothing_before, "sessions_change"].isna().all()
    assert rows.loc[~nothing_before, "sessions_change"].notna().all()


def test_the_model_finds_the_planted_signal_on_a_later_draw():
    past, held_out = churn.frame(20_000, seed=1), churn.frame(20_000, seed=2)
    model = learn(past, held_out, churn.DAYS, Events(), churn.TRAIN_CUTOFF, churn.EVAL_CUTOFF)
    assert model.evaluation["auc"] > 0.75  # judged on the later draw, as the benchmark reports
    scores = model.predict(held_out)
    assert len(scores) == len(held_out) and np.all((scores >= 0) & (scores <= 1))
