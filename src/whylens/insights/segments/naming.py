"""Names for clusters, from what sets each apart: the features whose cluster mean lies furthest
from the population's (in population standard deviations), put in words, after a short label
such as "high intent" or "lapsed" chosen by the feature that stands out most."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: events that show an intent to buy before buying (the demo shop's and most shops' names)
INTENT_EVENTS = ("add_to_cart", "add_to_wishlist")
#: events of buying itself, besides the purchase event
BUYING_EVENTS = ("begin_checkout", "checkout", "order_completed")
#: features put in words, with how each reads (cluster mean, population mean)
PHRASES: dict[str, Callable[[float, float], str]] = {
    "recency_days": lambda c, a: f"last seen {c:.0f} days ago (average {a:.0f})",
    "sessions_per_week": lambda c, a: f"{c:.1f} sessions a week (average {a:.1f})",
    "session_minutes": lambda c, a: f"sessions of {c:.1f} min (average {a:.1f})",
    "events_per_session": lambda c, a: f"{c:.0f} events a session (average {a:.0f})",
    "revenue": lambda c, a: f"spends {_times(c, a)} the average",
    "tenure_days": lambda c, a: f"first seen {c:.0f} days ago (average {a:.0f})",
}
SHOWN = 2


@dataclass(frozen=True)
class Standout:
    """One feature of a cluster against the population."""

    feature: str
    cluster: float
    population: float
    z: float

    def words(self) -> str:
        if self.feature.startswith("n:"):
            return f"{self.feature[2:]} {_times(self.cluster, self.population)} the average"
        return PHRASES[self.feature](self.cluster, self.population)


def standouts(
    members: pd.DataFrame, population: pd.DataFrame, events: Sequence[str]
) -> list[Standout]:
    """The cluster's features, the most distinctive first."""
    found = []
    for feature in [*PHRASES, *(f"n:{e}" for e in events)]:
        values = population[feature].to_numpy(float)
        spread = float(values.std()) or 1.0
        mean, inside = float(values.mean()), float(members[feature].mean())
        found.append(Standout(feature, inside, mean, (inside - mean) / spread))
    return sorted(found, key=lambda s: -abs(s.z))


def label(top: Standout, purchase_event: str) -> str:
    """A short label from the feature that stands out most, and which way."""
    high = top.z > 0
    event = top.feature[2:] if top.feature.startswith("n:") else None
    if event is not None and not high:
        return f"little {event}"
    if event in INTENT_EVENTS:
        return "high intent"
    if event in (*BUYING_EVENTS, purchase_event):
        return "buyers"
    if event is not None:
        return f"{event} users"
    return {
        "recency_days": ("lapsed", "recently active"),
        "sessions_per_week": ("frequent visitors", "occasional visitors"),
        "session_minutes": ("long sessions", "quick visits"),
        "events_per_session": ("deep browsers", "shallow visits"),
        "revenue": ("buyers", "low spenders"),
        "tenure_days": ("long-standing", "new"),
    }[top.feature][0 if high else 1]


def name(
    members: pd.DataFrame, population: pd.DataFrame, events: Sequence[str], purchase_event: str
) -> tuple[str, list[Standout]]:
    """`high intent: add_to_cart 5.3x the average, 42% purchase` and the standouts behind it."""
    found = standouts(members, population, events)
    buyers = float(np.mean(members["buyer"].to_numpy(float))) if len(members) else 0.0
    words = ", ".join(s.words() for s in found[:SHOWN])
    return f"{label(found[0], purchase_event)}: {words}, {buyers:.0%} purchase", found


def _times(cluster: float, population: float) -> str:
    if population <= 0:
        return "∞x" if cluster > 0 else "1x"
    return f"{cluster / population:.1f}x"
