"""How sure a difference between two segments is: Welch's t-test (with the 95% interval of the
difference of means) and Mann-Whitney's U for per-person values, the two-proportion z-test (with
a 95% Wald interval) for rates. Each takes the reference's sample first and tests b − a."""

from __future__ import annotations

from typing import Any

import numpy as np

CONFIDENCE = 0.95


def means(a: tuple[np.ndarray, Any], b: tuple[np.ndarray, Any]) -> dict[str, Any]:
    """Welch's t-test on b − a with its confidence interval; Mann-Whitney's U beside it."""
    from scipy import stats  # imported when used: scipy is slow to import

    x, y = a[0], b[0]
    if len(x) < 2 or len(y) < 2:
        return untested("fewer than two persons with a value")
    difference = float(y.mean() - x.mean())
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = float(np.sqrt(vx + vy))
    if se == 0:
        return {**untested("no variation"), "difference": difference}
    df = (vx + vy) ** 2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1))
    margin = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df)) * se
    p_value = float(2 * stats.t.sf(abs(difference) / se, df))
    u = stats.mannwhitneyu(y, x, alternative="two-sided")
    return {
        "difference": difference,
        "ci_low": difference - margin,
        "ci_high": difference + margin,
        "p_value": p_value,
        "test": "welch_t",
        "p_value_mann_whitney": float(u.pvalue),
    }


def proportions(a: tuple[np.ndarray, Any], b: tuple[np.ndarray, Any]) -> dict[str, Any]:
    """Two-proportion z-test (pooled) on b − a; a Wald interval for the difference."""
    from scipy import stats  # imported when used: scipy is slow to import

    sa, na = float(a[0].sum()), float(a[1].sum())
    sb, nb = float(b[0].sum()), float(b[1].sum())
    if not na or not nb:
        return untested("a segment has no trials")
    pa, pb = sa / na, sb / nb
    pooled = (sa + sb) / (na + nb)
    se_pooled = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    se = np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    z = stats.norm.ppf(0.5 + CONFIDENCE / 2)
    difference = pb - pa
    return {
        "difference": difference,
        "ci_low": float(difference - z * se),
        "ci_high": float(difference + z * se),
        "p_value": float(2 * stats.norm.sf(abs(difference) / se_pooled)) if se_pooled else None,
        "test": "two_proportion_z",
    }


def untested(reason: str) -> dict[str, Any]:
    return {
        "difference": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "test": None,
        "note": reason,
    }
