"""The demo's planted truths, recovered by the analyses themselves (docs/demo-data.md).

Tolerances are three binomial standard errors of each measured rate, so a failure means the
analysis (or the generator) is wrong, not that the sample was unlucky.
"""

from __future__ import annotations

import math

import pytest

from whylens.demo import params
from whylens.demo.load import create_demo

STEPS = list(params.FUNNEL_STEPS)
WINDOW = f"{params.FUNNEL_WINDOW_DAYS}d"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = create_demo(tmp_path_factory.mktemp("truths") / "demo.duckdb", users=4000, days=60, seed=3)
    yield ws
    ws.close()


def step_rates(doc: dict, value: str) -> list[tuple[float, int]]:
    """(conversion from the previous step, persons at the previous step) for steps 2..n."""
    group = next(v for v in doc["breakdown"]["values"] if v["value"] == value)
    persons = [s["persons"] for s in group["steps"]]
    return [(persons[i] / persons[i - 1], persons[i - 1]) for i in range(1, len(persons))]


def assert_close(found: list[tuple[float, int]], expected: tuple[float, ...]) -> None:
    for (rate, n), truth in zip(found, expected, strict=True):
        tolerance = 3 * math.sqrt(truth * (1 - truth) / n)
        assert abs(rate - truth) <= tolerance, (rate, truth, n)


def test_funnel_by_device_recovers_the_planted_rates(demo):
    doc = demo.funnel(STEPS, window=WINDOW, breakdown="device_type").to_dict()
    for device in ("desktop", "mobile"):
        assert_close(step_rates(doc, device), params.expected_funnel(device=device))
    desktop, mobile = step_rates(doc, "desktop"), step_rates(doc, "mobile")
    assert all(d[0] > m[0] for d, m in zip(desktop, mobile, strict=True))


def test_the_growing_feature_is_found_growing(demo):
    doc = demo.adoption([params.ADOPTION_FEATURE, "use_wishlist"]).to_dict()
    growing = next(f for f in doc["features"] if f["feature"] == params.ADOPTION_FEATURE)
    assert growing["trend_slope"] > 0 and not growing["gathering_dust"]
    rates = [p["rate"] for p in growing["trend"]]
    assert rates[-1] > rates[0] + 0.1
