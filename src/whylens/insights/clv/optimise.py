"""The one way the lifetime-value models are fitted: minimise a negative log-likelihood over
log-parameters from a few starts, bounded so the search cannot run off to a degenerate edge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

#: log-parameters stay within e^-12 .. e^12: wide enough for any real data, finite for the search
LOG_BOUND = 12.0


def fit_log_params(
    negative_ll: Callable[[np.ndarray], float], starts: Sequence[Sequence[float]]
) -> OptimizeResult:
    """Best of L-BFGS-B from each start (positive parameters), polished by Nelder-Mead."""
    from scipy.optimize import minimize  # imported when used: scipy is slow to import

    def objective(log_params: np.ndarray) -> float:
        value = negative_ll(np.exp(log_params))
        return value if np.isfinite(value) else 1e300

    bounds = [(-LOG_BOUND, LOG_BOUND)] * len(starts[0])
    # L-BFGS-B's small matrix algebra goes through BLAS, whose threads only contend here (10x
    # slower measured on a loaded 2-core machine); the likelihood itself is vectorised numpy
    with threadpool_limits(1):
        tried = [
            minimize(objective, np.log(start), method="L-BFGS-B", bounds=bounds) for start in starts
        ]
        best = min(tried, key=lambda found: found.fun)
        polished = minimize(
            objective,
            best.x,
            method="Nelder-Mead",
            bounds=bounds,
            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000},
        )
    return polished if polished.fun <= best.fun else best
