"""BG/NBD and Gamma-Gamma: the paper's worked example, and known parameters recovered from
purchase histories simulated from them, imported as events and fitted through `clv`."""

from __future__ import annotations

import numpy as np
import pytest

import whylens
from tests.insights.clv.simulate import calibration_end, histories
from whylens.errors import QueryError
from whylens.insights.clv import bgnbd, clv, gamma_gamma
from whylens.insights.scope import Scope

CDNOW = bgnbd.BgNbd(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=-9582.4)
TRUE_BGNBD = {"r": 0.5, "alpha": 4.0, "a": 0.8, "b": 2.5}  # alpha in weeks
TRUE_GG = {"p": 6.0, "q": 4.0, "v": 15.0}


def test_conditional_expectation_matches_the_papers_worked_example():
    # Fader, Hardie & Lee (2005): x = 2, t_x = 30.43, T = 38.86 weeks, next 39 weeks -> 1.226
    assert CDNOW.expected_purchases(39, np.array([2.0]), 30.43, 38.86)[0] == pytest.approx(
        1.226, abs=5e-4
    )


def test_p_alive_follows_the_formula_and_is_one_without_repeat_purchases():
    x, t_x, T = (
        np.array([0.0, 2.0, 5.0]),
        np.array([0.0, 30.43, 10.0]),
        np.array([20.0, 38.86, 40.0]),
    )
    got = CDNOW.p_alive(x, t_x, T)
    odds = (
        CDNOW.a
        / (CDNOW.b + x[1:] - 1)
        * ((CDNOW.alpha + T[1:]) / (CDNOW.alpha + t_x[1:])) ** (CDNOW.r + x[1:])
    )
    assert got[0] == 1.0
    assert got[1:] == pytest.approx(1 / (1 + odds))
    assert got[2] < got[1]  # five purchases, none in the last 30 weeks: more likely gone


def test_gamma_gamma_expected_spend_shrinks_towards_the_population_mean():
    model = gamma_gamma.GammaGamma(p=6.25, q=3.74, v=15.44, log_likelihood=0.0)
    population = 6.25 * 15.44 / (3.74 - 1)
    spend = model.expected_spend(np.array([0.0, 1.0, 50.0]), np.array([np.nan, 100.0, 100.0]))
    assert spend[0] == pytest.approx(population)
    assert population < spend[1] < spend[2] < 100.0
    assert spend[2] == pytest.approx(6.25 * (15.44 + 50 * 100) / (6.25 * 50 + 3.74 - 1))


@pytest.fixture(scope="module")
def simulated() -> whylens.Workspace:
    ws = whylens.open(":memory:")
    ws.import_table(histories(4000, **TRUE_BGNBD, **TRUE_GG, seed=0))
    yield ws
    ws.close()


def test_known_parameters_are_recovered_from_simulated_purchases(simulated):
    result = clv(
        simulated.engine,
        Scope(),
        "purchase",
        "revenue",
        until=calibration_end(),
        unit="week",
        horizon="26w",
    )
    fitted, spend = result.to_dict()["bgnbd"], result.to_dict()["gamma_gamma"]
    # 4,000 customers over a year: the purchase rate is well identified (within 10 %); drop-out
    # shapes a and b less so (within 30 % each, their mean a / (a + b) within 10 %)
    assert fitted["r"] == pytest.approx(TRUE_BGNBD["r"], rel=0.10)
    assert fitted["alpha"] == pytest.approx(TRUE_BGNBD["alpha"], rel=0.10)
    assert fitted["a"] == pytest.approx(TRUE_BGNBD["a"], rel=0.30)
    assert fitted["b"] == pytest.approx(TRUE_BGNBD["b"], rel=0.30)
    assert fitted["a"] / (fitted["a"] + fitted["b"]) == pytest.approx(0.8 / 3.3, rel=0.10)
    # spend: q within 10 %, p and v within 20 %, the population mean p·v/(q−1) within 5 %
    assert spend["q"] == pytest.approx(TRUE_GG["q"], rel=0.10)
    assert spend["p"] == pytest.approx(TRUE_GG["p"], rel=0.20)
    assert spend["v"] == pytest.approx(TRUE_GG["v"], rel=0.20)
    assert spend["p"] * spend["v"] / (spend["q"] - 1) == pytest.approx(30.0, rel=0.05)


def test_persons_are_ranked_by_expected_value_and_limited_by_top(simulated):
    result = clv(
        simulated.engine,
        Scope(),
        "purchase",
        "revenue",
        until=calibration_end(),
        unit="week",
        top=25,
    )
    document = result.to_dict()
    persons = document["persons"]
    assert len(persons) == 25 and document["customers"] == 4000
    values = [p["expected_value"] for p in persons]
    assert values == sorted(values, reverse=True)
    assert all(0 <= p["p_alive"] <= 1 and p["expected_purchases"] >= 0 for p in persons)
    first = persons[0]
    assert first["expected_value"] == pytest.approx(
        first["expected_purchases"] * first["expected_spend"]
    )
    assert list(result.df["person_id"]) == [p["person_id"] for p in persons]


def test_the_fit_is_more_likely_than_the_true_parameters_and_weights_change_nothing(simulated):
    from whylens.insights.clv.summaries import summaries

    data = summaries(simulated.engine, Scope(), "purchase", "revenue", calibration_end(), "week")
    fitted = bgnbd.fit(data.frequency, data.recency, data.age)
    weights = np.ones(len(data))
    truth = bgnbd.log_likelihood(
        np.array(list(TRUE_BGNBD.values())), data.frequency, data.recency, data.age, weights
    )
    assert fitted.log_likelihood == pytest.approx(
        bgnbd.log_likelihood(
            np.array([fitted.r, fitted.alpha, fitted.a, fitted.b]),
            data.frequency,
            data.recency,
            data.age,
            weights,
        )
    )
    assert fitted.log_likelihood > truth


def test_without_repeat_purchases_the_model_cannot_be_fitted():
    with pytest.raises(QueryError, match="repeat purchases"):
        bgnbd.fit(np.zeros(5), np.zeros(5), np.full(5, 10.0))
