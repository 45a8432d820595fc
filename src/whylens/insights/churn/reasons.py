"""Why a person is at risk, in words: their three features that are most unusual in the risky
direction, weighted by how much the model relies on each (its permutation importance)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

#: feature -> (person's row, population median) -> words
PHRASES: dict[str, Callable[[Mapping[str, Any], float], str]] = {
    "days_since_last_seen": lambda r, m: (
        f"last seen {r['days_since_last_seen']:.0f} days ago (typical: {m:.0f})"
    ),
    "tenure_days": lambda r, m: f"first seen {r['tenure_days']:.0f} days ago (typical: {m:.0f})",
    "active_days_recent": lambda r, m: (
        f"active on {r['active_days_recent']:.0f} days in the last 4 weeks (typical: {m:.0f})"
    ),
    "active_days_previous": lambda r, m: (
        f"active on {r['active_days_previous']:.0f} days in the 4 weeks before (typical: {m:.0f})"
    ),
    "active_days_change": lambda r, m: (
        f"active days {_change(r['active_days_change'])} vs the previous 4 weeks"
    ),
    "sessions_recent": lambda r, m: (
        f"{r['sessions_recent']:.0f} sessions in the last 4 weeks (typical: {m:.0f})"
    ),
    "sessions_previous": lambda r, m: (
        f"{r['sessions_previous']:.0f} sessions in the 4 weeks before (typical: {m:.0f})"
    ),
    "sessions_change": lambda r, m: (
        f"sessions {_change(r['sessions_change'])} vs the previous 4 weeks"
    ),
    "events_recent": lambda r, m: (
        f"{r['events_recent']:.0f} events in the last 4 weeks (typical: {m:.0f})"
    ),
    "events_previous": lambda r, m: (
        f"{r['events_previous']:.0f} events in the 4 weeks before (typical: {m:.0f})"
    ),
    "events_change": lambda r, m: f"events {_change(r['events_change'])} vs the previous 4 weeks",
    "key_event_change": lambda r, m: (
        f"uses {r.get('key_event') or 'their key feature'} {_change(r['key_event_change'])} vs the previous 4 weeks"
    ),
    "cart_abandoned": lambda r, m: "left a cart without buying",
    "support_contacts": lambda r, m: (
        f"contacted support {r['support_contacts']:.0f} time(s) in 8 weeks"
    ),
    "negative_feedback": lambda r, m: (
        f"{r['negative_feedback']:.0f} negative survey answer(s) in 8 weeks"
    ),
}


def _change(value: float) -> str:
    return f"{'down' if value < 0 else 'up'} {abs(value):.0%}"


class Explainer:
    """Learns each feature's population distribution and risky direction from training rows."""

    def __init__(self, train: pd.DataFrame, labels: np.ndarray, importance: Mapping[str, float]):
        self.columns = [c for c in importance if importance[c] > 0 and c in PHRASES]
        self.weight = {c: float(importance[c]) for c in self.columns}
        self.sorted = {c: np.sort(train[c].dropna().to_numpy(float)) for c in self.columns}
        self.median = {c: float(np.median(v)) if len(v) else 0.0 for c, v in self.sorted.items()}
        self.direction = {c: _direction(train[c], labels) for c in self.columns}

    def reasons(self, frame: pd.DataFrame, count: int = 3) -> list[list[str]]:
        """Up to `count` phrases per row, the strongest first."""
        if not self.columns or frame.empty:
            return [[] for _ in range(len(frame))]
        risk = np.column_stack([self._risk(frame[c].to_numpy(float), c) for c in self.columns])
        found = []
        for row, scores in zip(frame.to_dict("records"), risk):
            best = [i for i in np.argsort(-scores, kind="stable")[:count] if scores[i] > 0]
            found.append(
                [PHRASES[self.columns[i]](row, self.median[self.columns[i]]) for i in best]
            )
        return found

    def _risk(self, values: np.ndarray, column: str) -> np.ndarray:
        """Importance × how far into the risky tail the value lies (0 at the median, NaN: 0)."""
        population = self.sorted[column]
        if not len(population):
            return np.zeros(len(values))
        below = np.searchsorted(population, values, side="left")
        upto = np.searchsorted(population, values, side="right")
        percentile = (below + upto) / 2 / len(population)
        risk = self.direction[column] * (percentile - 0.5) * self.weight[column]
        return np.where(np.isnan(values), 0.0, risk)


def _direction(values: pd.Series, labels: np.ndarray) -> float:
    """+1 when higher values go with churn, −1 when lower ones do (rank correlation)."""
    known = values.notna().to_numpy()
    if known.sum() < 2 or np.std(values[known]) == 0:
        return 0.0
    ranks = values[known].rank().to_numpy()
    return float(np.sign(np.corrcoef(ranks, labels[known])[0, 1]))
