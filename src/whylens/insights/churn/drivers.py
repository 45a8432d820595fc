"""What the churn model relies on: permutation importance on the held-out period, i.e. how much
its AUC there drops when one feature's values are shuffled among the persons, with the spread
of that drop over several shuffles (a driver within its spread of 0 is noise)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: shuffles per feature: the spread is their standard deviation
REPEATS = 5
#: held-out persons the drivers are measured on, at most (a seeded random sample beyond): the
#: cost is features × REPEATS predictions over this many rows
SAMPLE = 5_000


@dataclass(frozen=True)
class Drivers:
    """Per feature: the mean drop in held-out AUC and its standard deviation over the shuffles."""

    importance: dict[str, float]
    spread: dict[str, float]
    persons: int  # held-out persons they were measured on

    def ranked(self) -> list[dict[str, Any]]:
        """Largest mean drop first, as the model summary lists them."""
        order = sorted(self.importance, key=lambda name: -self.importance[name])
        return [
            {"feature": n, "importance": self.importance[n], "importance_std": self.spread[n]}
            for n in order
        ]


def drivers(
    classifier: Any,
    matrix: np.ndarray,
    labels: np.ndarray,
    columns: tuple[str, ...],
    sample: int = SAMPLE,
    seed: int = 0,
) -> Drivers:
    """Permutation importance of `classifier` on held-out `matrix` / `labels` (AUC scoring).

    The sample is drawn once, so the unshuffled AUC it is compared with is on the same persons.
    """
    from sklearn.inspection import permutation_importance

    if len(matrix) > sample:
        rows = np.sort(np.random.default_rng(seed).choice(len(matrix), sample, replace=False))
        matrix, labels = matrix[rows], labels[rows]
    if len(np.unique(labels)) < 2:  # AUC needs both outcomes: nothing can be measured
        zero = dict.fromkeys(columns, 0.0)
        return Drivers(zero, dict(zero), len(labels))
    found = permutation_importance(
        classifier, matrix, labels, scoring="roc_auc", n_repeats=REPEATS, random_state=seed
    )
    return Drivers(
        {n: float(v) for n, v in zip(columns, found.importances_mean)},
        {n: float(v) for n, v in zip(columns, found.importances_std)},
        len(labels),
    )
