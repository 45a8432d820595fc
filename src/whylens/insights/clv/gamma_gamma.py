"""The Gamma-Gamma spend model (Fader, Hardie & Lee 2005b): a customer's mean transaction value,
shrunk from their own average towards the population's by how many repeat purchases back it.

Fitted by maximum likelihood on (x, mean repeat spend) of customers with x > 0 only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from whylens.errors import QueryError
from whylens.insights.clv.optimise import fit_log_params


@dataclass(frozen=True)
class GammaGamma:
    """Spend z ~ Gamma(p, ν) per transaction, ν ~ Gamma(q, v) across customers."""

    p: float
    q: float
    v: float
    log_likelihood: float

    def to_dict(self) -> dict[str, float]:
        return {"p": self.p, "q": self.q, "v": self.v, "log_likelihood": self.log_likelihood}

    def expected_spend(self, x: np.ndarray, m_x: np.ndarray) -> np.ndarray:
        """E[M | p, q, v, x, m_x]: with x = 0 the population mean p·v / (q − 1)."""
        x = np.asarray(x, dtype=float)
        m_x = np.where(x > 0, np.nan_to_num(np.asarray(m_x, dtype=float)), 0.0)
        if self.q <= 1:
            return np.full(x.shape, np.nan)  # the population mean spend is infinite
        return self.p * (self.v + x * m_x) / (self.p * x + self.q - 1)


def log_likelihood(params: np.ndarray, x: np.ndarray, m_x: np.ndarray) -> float:
    """Sum of the log-likelihood of mean spends (paper 2005b, eq. 3), constants included."""
    from scipy.special import gammaln  # imported when used: scipy is slow to import

    p, q, v = params
    px = p * x
    return float(
        np.sum(
            gammaln(px + q)
            - gammaln(px)
            - gammaln(q)
            + q * np.log(v)
            + (px - 1) * np.log(m_x)
            + px * np.log(x)
            - (px + q) * np.log(x * m_x + v)
        )
    )


def fit(x: np.ndarray, m_x: np.ndarray) -> GammaGamma:
    """Maximum-likelihood fit on customers with x > 0 and a positive mean spend."""
    x, m_x = np.asarray(x, dtype=float), np.asarray(m_x, dtype=float)
    keep = (x > 0) & np.isfinite(m_x) & (m_x > 0)
    if keep.sum() < 2:
        raise QueryError(
            "Gamma-Gamma needs several customers with repeat purchases of positive value"
        )
    x, m_x = x[keep], m_x[keep]

    mean = float(np.mean(m_x))
    starts = ([1.0, 1.0, mean], [2.0, 2.0, mean], [5.0, 3.0, mean])
    found = fit_log_params(lambda params: -log_likelihood(params, x, m_x), starts)
    p, q, v = np.exp(found.x)
    return GammaGamma(float(p), float(q), float(v), float(-found.fun))
