"""The BG/NBD model (Fader, Hardie & Lee 2005): how many purchases a customer will make and whether
they are still "alive", fitted by maximum likelihood on frequency / recency / age summaries.

Persons with equal (x, t_x, T) are fitted once with a weight, so the fit costs the same for a
thousand persons or a million. Parameters are optimised on the log scale (all are positive).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from whylens.errors import QueryError
from whylens.insights.clv.optimise import fit_log_params


@dataclass(frozen=True)
class BgNbd:
    """Fitted parameters: purchase rate λ ~ Gamma(r, α), drop-out probability p ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float

    def to_dict(self) -> dict[str, float]:
        return {
            "r": self.r,
            "alpha": self.alpha,
            "a": self.a,
            "b": self.b,
            "log_likelihood": self.log_likelihood,
        }

    def p_alive(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
        """P(alive | x, t_x, T): 1 when x = 0 (the model's assumption: no drop-out before a repeat)."""
        return 1.0 / (1.0 + self._death_odds(x, t_x, T))

    def expected_purchases(
        self, t: float, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
    ) -> np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next `t` units (paper, eq. 10)."""
        from scipy.special import hyp2f1  # imported when used: scipy is slow to import

        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + T + t)
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
        scale = (a + b + x - 1) / (a - 1)
        ratio = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        return scale * (1 - ratio * hyp) / (1 + self._death_odds(x, t_x, T))

    def _death_odds(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        log_odds = (
            np.log(self.a)
            - np.log(np.maximum(self.b + x - 1, 1e-12))
            + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x))
        )
        return np.where(x > 0, np.exp(np.minimum(log_odds, 700.0)), 0.0)


def log_likelihood(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, weights: np.ndarray
) -> float:
    """Sum over persons of the BG/NBD log-likelihood (paper, eq. 6), with gammaln for stability."""
    from scipy.special import gammaln  # imported when used: scipy is slow to import

    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return float(np.sum(weights * (a1 + a2 + np.logaddexp(a3, a4))))


def fit(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> BgNbd:
    """Maximum-likelihood fit; raises QueryError when the data cannot identify the model."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if len(x) < 2 or not np.any(x > 0):
        raise QueryError("BG/NBD needs several customers, some with repeat purchases")
    if np.any(t_x > T):
        raise QueryError("recency cannot exceed age: is the calibration end before a purchase?")
    keep = T > 0  # a customer born on the calibration end carries no information
    if not np.any(x[keep] > 0):
        raise QueryError("BG/NBD needs customers with repeat purchases before the calibration end")
    unique, weights = np.unique(
        np.column_stack([x[keep], t_x[keep], T[keep]]), axis=0, return_counts=True
    )
    ux, ut, uT = unique.T

    starts = ([1.0, 1.0, 1.0, 1.0], [0.5, float(np.mean(uT)), 0.5, 2.0])
    best = fit_log_params(lambda p: -log_likelihood(p, ux, ut, uT, weights), starts)
    r, alpha, a, b = np.exp(best.x)
    return BgNbd(float(r), float(alpha), float(a), float(b), float(-best.fun))
