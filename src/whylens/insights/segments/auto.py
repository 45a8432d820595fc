"""Auto-segmentation: persons clustered on their behavior (features.py) with k-means, k chosen by
the silhouette (on a sample when there are many persons), each cluster named from what sets it
apart (naming.py), with sizes and key metrics side by side (docs/segments.md).

Persons with a single session are not clustered: one visit shows too little behavior to place
anyone, and their block would be the first split whatever else is in the data. They are
reported as their own group.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from whylens.errors import QueryError
from whylens.insights.result import InsightResult, recorded
from whylens.insights.segments import features as features_
from whylens.insights.segments import naming

if TYPE_CHECKING:
    from whylens.workspace import Workspace

#: candidate numbers of clusters: two groups are rarely a segmentation, and the silhouette
#: prefers two whenever one block of persons stands apart from everything else
K_RANGE = (3, 8)
SILHOUETTE_SAMPLE = 5000
MINI_BATCH_ROWS = 100_000
MIN_PERSONS = 30
ONE_VISIT = "one visit"
#: the metrics shown side by side for every group
METRICS = (
    "persons",
    "share",
    "sessions",
    "sessions_per_week",
    "session_minutes",
    "events_per_session",
    "recency_days",
    "buyer",
    "revenue",
)


class AutoSegments(InsightResult):
    """Clusters with names, sizes and key metrics; `df` has one row per group."""

    kind = "auto_segments"

    def __init__(
        self, document: dict[str, Any], queries: Any, members: dict[int, list[str]]
    ) -> None:
        super().__init__(document, queries)
        self._members = members

    @property
    def df(self) -> pd.DataFrame:
        rows = [
            {"group": g["group"], "name": g["name"], **g["metrics"]}
            for g in self.document["groups"]
        ]
        return pd.DataFrame(rows, columns=["group", "name", *METRICS])

    def plot(self) -> Any:
        import plotly.graph_objects as go

        groups = self.document["groups"]
        figure = go.Figure()
        figure.add_bar(
            x=[g["metrics"]["persons"] for g in groups],
            y=[g["name"] for g in groups],
            orientation="h",
        )
        figure.update_layout(title="Behavioral segments", xaxis_title="persons")
        return figure

    def members(self, group: int) -> list[str]:
        """Person ids of one group (1-based, as numbered in the document)."""
        return list(self._members[group])


def auto(
    ws: Workspace,
    k: int | str = "auto",
    *,
    purchase_event: str = "purchase",
    value_property: str | None = "revenue",
    k_range: tuple[int, int] = K_RANGE,
    save: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> AutoSegments:
    """Cluster the scope's persons; with `save`, keep each group as a static segment named
    `<save>-<label>` (e.g. `auto-high-intent`)."""
    scope = ws.scope(date_from, date_to, where, segment)
    money = features_.Money(purchase_event, value_property)
    with recorded(ws.engine) as (engine, log):
        events = features_.mix_events(engine, scope)
        frame = features_.behavior(engine, scope, money, events)
    clustered = frame[frame["sessions"] >= 2].reset_index(drop=True)
    if len(clustered) < MIN_PERSONS:
        raise QueryError(
            f"auto-segmentation needs at least {MIN_PERSONS} persons with two sessions or more;"
            f" the scope has {len(clustered)}"
        )
    matrix = features_.matrix(clustered, events)
    tried, fits = _silhouettes(matrix, _candidates(k, k_range, len(clustered)))
    chosen = max(tried, key=lambda t: t["silhouette"])
    labels = fits[chosen["k"]]
    groups, members = _groups(frame, clustered, labels, events, purchase_event)
    document = {
        "kind": "auto_segments",
        "scope": scope.describe(),
        "k": chosen["k"],
        "chosen_by": "silhouette" if k == "auto" else "given",
        "silhouettes": tried,
        "features": [*features_.BEHAVIOR, *(f"n:{e}" for e in events)],
        "events": events,
        "persons": len(frame),
        "groups": groups,
    }
    if save:
        document["saved"] = _save(ws, save, groups, members)
    return AutoSegments(document, log, members)


def _candidates(k: int | str, k_range: tuple[int, int], n: int) -> list[int]:
    if k == "auto":
        low, high = k_range
        if not 2 <= low <= high:
            raise QueryError(f"k_range must be 2 <= low <= high, not {k_range}")
        return list(range(low, min(high, n - 1) + 1)) or [min(low, n - 1)]
    try:
        count = int(k)
    except (TypeError, ValueError):
        raise QueryError(f"k is a number of clusters or 'auto', not {k!r}") from None
    if not 2 <= count <= min(50, n - 1):
        raise QueryError(f"k must be from 2 to {min(50, n - 1)}, not {count}")
    return [count]


def _model(k: int, rows: int) -> Any:
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if rows > MINI_BATCH_ROWS:
        return MiniBatchKMeans(k, n_init=3, random_state=0, batch_size=4096)
    return KMeans(k, n_init=10, random_state=0)


def _fit(matrix: np.ndarray, k: int) -> np.ndarray:
    with threadpool_limits(1):  # many threads on a small, shared machine cost more than they save
        return _model(k, len(matrix)).fit_predict(matrix)


def _silhouettes(
    matrix: np.ndarray, ks: list[int]
) -> tuple[list[dict[str, Any]], dict[int, np.ndarray]]:
    """Mean silhouette of each k's clustering, on one fixed sample of the persons, and the
    clusterings."""
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(0)
    sample = (
        rng.choice(len(matrix), SILHOUETTE_SAMPLE, replace=False)
        if len(matrix) > SILHOUETTE_SAMPLE
        else np.arange(len(matrix))
    )
    found, fits = [], {}
    for k in ks:
        labels = fits[k] = _fit(matrix, k)
        score = (
            float(silhouette_score(matrix[sample], labels[sample]))
            if len(set(labels[sample].tolist())) > 1
            else None
        )
        found.append({"k": k, "silhouette": score if score is not None else -1.0})
    return found, fits


def _groups(
    frame: pd.DataFrame,
    clustered: pd.DataFrame,
    labels: np.ndarray,
    events: list[str],
    purchase_event: str,
) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """Groups largest first, the one-visit group last; names from the clustered population."""
    parts = [clustered[labels == c] for c in np.unique(labels)]
    parts.sort(key=lambda p: (-len(p), p["person_id"].iloc[0]))
    single = frame[frame["sessions"] < 2]
    groups, members, used = [], {}, set()
    for number, part in enumerate(parts, start=1):
        name, found = naming.name(part, clustered, events, purchase_event)
        short = _unique(name.split(":")[0], used)
        groups.append(_group(number, short, name, part, len(frame), found, events))
        members[number] = part["person_id"].tolist()
    if len(single):
        number = len(parts) + 1
        name = f"{ONE_VISIT}: a single session, {single['events'].mean():.1f} events on average"
        groups.append(_group(number, ONE_VISIT, name, single, len(frame), [], events))
        members[number] = single["person_id"].tolist()
    return groups, members


def _group(
    number: int,
    label: str,
    name: str,
    part: pd.DataFrame,
    total: int,
    found: list[naming.Standout],
    events: list[str],
) -> dict[str, Any]:
    means = {m: float(part[m].mean()) for m in METRICS if m not in ("persons", "share")}
    return {
        "group": number,
        "label": label,
        "name": name,
        "metrics": {"persons": len(part), "share": len(part) / total, **means},
        "events_per_person": {e: float(part[f"n:{e}"].mean()) for e in events},
        "standouts": [
            {"feature": s.feature, "mean": s.cluster, "average": s.population, "z": s.z}
            for s in found[:5]
        ],
    }


def _unique(label: str, used: set[str]) -> str:
    found, n = label, 2
    while found in used:
        found, n = f"{label} {n}", n + 1
    used.add(found)
    return found


def _save(
    ws: Workspace, prefix: str, groups: list[dict[str, Any]], members: dict[int, list[str]]
) -> list[dict[str, Any]]:
    """Each group as a static segment `<prefix>-<label slug>`."""
    saved = []
    for group in groups:
        slug = re.sub(r"[^a-z0-9]+", "-", group["label"].lower()).strip("-") or str(group["group"])
        saved.append(
            ws.segments.save_members(f"{prefix}-{slug}", members[group["group"]], group["name"])
        )
    return saved
