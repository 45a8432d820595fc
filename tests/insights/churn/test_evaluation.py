"""Held-out metrics on rankings whose AUC, precision and lift are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from whylens.insights.churn.evaluation import evaluate


def test_a_perfect_ranking():
    labels = np.array([1] * 20 + [0] * 80)
    scores = np.linspace(1, 0, 100)
    found = evaluate(labels, scores, k=10)
    assert found["auc"] == 1.0 and found["precision_at_k"] == 1.0 and found["churn_rate"] == 0.2
    first, second, third = found["deciles"][:3]
    assert (first["observed"], first["lift"], first["cumulative_capture"]) == (1.0, 5.0, 0.5)
    assert second["cumulative_capture"] == 1.0 and third["observed"] == 0.0
    assert len(found["deciles"]) == 10 and sum(d["persons"] for d in found["deciles"]) == 100


def test_a_reversed_ranking_and_calibration_means():
    labels = np.array([0, 0, 1, 1] * 5)
    scores = np.array([0.9, 0.8, 0.1, 0.2] * 5)
    found = evaluate(labels, scores)
    assert found["auc"] == 0.0 and found["k"] == 2 and found["precision_at_k"] == 0.0
    assert found["deciles"][0]["predicted"] == pytest.approx(0.9)


def test_auc_is_undefined_with_one_class():
    assert evaluate(np.zeros(5, dtype=int), np.arange(5.0))["auc"] is None
