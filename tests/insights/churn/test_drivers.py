"""The model's drivers are measured on the held-out period, with their spread: a feature that
predicted churn only while the model learned is no driver on the later period."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from whylens.insights.churn.drivers import REPEATS, drivers
from whylens.insights.churn.features import COLUMNS, Events
from whylens.insights.churn.model import learn

PERSONS = 3000


def labelled(seed: int, tenure_matters: bool) -> pd.DataFrame:
    """Random features; churn follows `days_since_last_seen` and, if `tenure_matters`, tenure."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({name: rng.random(PERSONS) for name in COLUMNS})
    risk = 6 * frame["days_since_last_seen"] - 3 + (6 * frame["tenure_days"] - 3) * tenure_matters
    frame["churned"] = rng.random(PERSONS) < 1 / (1 + np.exp(-risk))
    frame["person_id"] = [f"p{i}" for i in range(PERSONS)]
    frame["key_event"] = "view_item"
    return frame


@pytest.fixture(scope="module")
def model():
    past, held_out = labelled(1, tenure_matters=True), labelled(2, tenure_matters=False)
    return learn(past, held_out, 30.0, Events(), datetime(2025, 1, 1), datetime(2025, 1, 31))


def test_a_feature_that_stopped_mattering_is_no_driver_on_the_held_out_period(model):
    importance, spread = model.importance, model.importance_std
    assert importance["days_since_last_seen"] > 0.1
    assert importance["days_since_last_seen"] > 10 * spread["days_since_last_seen"]
    # the first model leans on tenure (it predicted churn while it learned), yet on the
    # held-out persons shuffling it costs next to nothing
    assert abs(importance["tenure_days"]) < 0.02


def test_the_summary_lists_each_driver_with_its_spread(model):
    listed = model.summary()["drivers"]
    assert [d["feature"] for d in listed][0] == "days_since_last_seen"
    assert [d["importance"] for d in listed] == sorted(
        (d["importance"] for d in listed), reverse=True
    )
    assert all(d["importance_std"] >= 0 for d in listed) and len(listed) == len(COLUMNS)


def test_a_large_held_out_period_is_sampled_once():
    from sklearn.ensemble import HistGradientBoostingClassifier

    frame = labelled(3, tenure_matters=False)
    matrix, labels = frame[list(COLUMNS)].to_numpy(float), frame["churned"].to_numpy(int)
    classifier = HistGradientBoostingClassifier(max_iter=20).fit(matrix, labels)
    found = drivers(classifier, matrix, labels, COLUMNS, sample=1000)
    assert found.persons == 1000 and REPEATS >= 3
    assert found.importance["days_since_last_seen"] > found.importance["tenure_days"]
    again = drivers(classifier, matrix, labels, COLUMNS, sample=1000)
    assert again == found  # seeded: the same persons and shuffles each time


def test_one_outcome_only_measures_nothing():
    frame = labelled(4, tenure_matters=False)
    matrix = frame[list(COLUMNS)].to_numpy(float)
    found = drivers(object(), matrix, np.zeros(PERSONS, dtype=int), COLUMNS)
    assert set(found.importance.values()) == {0.0} and found.persons == PERSONS
