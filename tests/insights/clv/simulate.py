"""Purchase histories drawn from known BG/NBD and Gamma-Gamma parameters, as importable events."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa

START = datetime(2024, 1, 1)


def histories(
    n: int,
    r: float,
    alpha: float,
    a: float,
    b: float,
    p: float,
    q: float,
    v: float,
    days: int = 364,
    births: int = 84,
    seed: int = 0,
) -> pa.Table:
    """Each person: λ ~ Gamma(r, rate α) per week, drop-out p ~ Beta(a, b) after each repeat purchase,
    first purchase on a day in the first `births` days; spends z ~ Gamma(p, rate ν), ν ~ Gamma(q, rate v).
    Purchases fall at whole days (noon) so that no two land on one calendar day by accident."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, n) / 7  # per day
    drop = rng.beta(a, b, n)
    nu = rng.gamma(q, 1 / v, n)
    person, stamp, amount = [], [], []
    for i in range(n):
        day = float(rng.integers(0, births))
        times = [day]
        while True:
            day += rng.exponential(1 / rate[i])
            if day >= days:
                break
            times.append(day)
            if rng.random() < drop[i]:
                break
        # continuous times on a day grid: keep distinct days, as the model's "purchase occasions"
        kept = sorted({int(t) for t in times})
        person += [f"c{i}"] * len(kept)
        stamp += [START + timedelta(days=d, hours=12) for d in kept]
        amount += list(rng.gamma(p, 1 / nu[i], len(kept)))
    return pa.table(
        {
            "event_id": [f"e{k}" for k in range(len(person))],
            "user_id": person,
            "event": ["purchase"] * len(person),
            "timestamp": pa.array(stamp, pa.timestamp("us")),
            "revenue": pa.array(amount, pa.float64()),
        }
    )


def calibration_end(days: int = 364) -> str:
    return (START + timedelta(days=days - 1)).date().isoformat()
