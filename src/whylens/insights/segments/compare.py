"""Segments side by side: each key metric per segment, and how sure the difference from the first
segment is (docs/metrics.md, "Segment comparison").

Per-person values come from SQL, one row per active person of each segment; the tests
(significance.py) run on those arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import timeline
from whylens.insights.dialects import per_dialect
from whylens.insights.funnels.attempts import FunnelSQL
from whylens.insights.funnels.spec import DEFAULT_WINDOW, build_spec
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope
from whylens.insights.segments.significance import means, proportions
from whylens.insights.segments.store import resolve

if TYPE_CHECKING:
    from whylens.workspace import Workspace

MAX_SEGMENTS = 10
CHURN_INACTIVE_DAYS = 30.0


@dataclass(frozen=True)
class Metric:
    """A key metric: a mean of a per-person value, or a rate of successes over trials."""

    name: str
    kind: str  # mean | proportion
    value: str  # per-person column (mean) or successes column (proportion)
    trials: str | None = None  # per-person trials column (proportion)
    definition: str = ""


METRICS = (
    Metric("sessions_per_person", "mean", "sessions", definition="sessions per active person"),
    Metric(
        "bounce_rate",
        "proportion",
        "bounced",
        "counted",
        "bounced sessions / sessions with a page view (posthog rule), over all their sessions",
    ),
    Metric("purchase_rate", "proportion", "buyer", "one", "active persons with a purchase event"),
    Metric(
        "revenue_per_person",
        "mean",
        "revenue",
        definition="sum of the value property of purchase events per active person",
    ),
    Metric(
        "retention_week_1",
        "proportion",
        "returned",
        "eligible",
        "persons with an event 7 to 14 days after their first one in scope, of those whose"
        " first event is at least 14 days before the end of the data",
    ),
    Metric(
        "churn_risk",
        "mean",
        "churn_score",
        definition="mean stored churn score (30-day inactivity), of persons that have one",
    ),
)
FUNNEL = Metric(
    "funnel_conversion",
    "proportion",
    "converted",
    "entered",
    "persons completing the funnel, of those who entered it",
)


class SegmentComparison(InsightResult):
    """`df`: one row per metric and segment, with the difference from the first segment."""

    kind = "segment_comparison"

    @property
    def df(self) -> pd.DataFrame:
        rows = []
        for metric in self.document["metrics"]:
            tests = {d["segment"]: d for d in metric["differences"]}
            for value in metric["values"]:
                test = tests.get(value["segment"], {})
                rows.append(
                    {
                        "metric": metric["metric"],
                        "segment": value["segment"],
                        "value": value["value"],
                        "n": value["n"],
                        "difference": test.get("difference"),
                        "ci_low": test.get("ci_low"),
                        "ci_high": test.get("ci_high"),
                        "p_value": test.get("p_value"),
                    }
                )
        return pd.DataFrame(
            rows,
            columns=[
                "metric", "segment", "value", "n", "difference", "ci_low", "ci_high", "p_value"
            ],
        )  # fmt: skip

    def plot(self) -> Any:
        import plotly.graph_objects as go

        metrics = self.document["metrics"]
        figure = go.Figure()
        for index, segment in enumerate(self.document["segments"]):
            figure.add_bar(
                name=segment["name"],
                x=[m["metric"] for m in metrics],
                y=[_relative(m, index) for m in metrics],
            )
        figure.update_layout(
            title="Segments against the first one (value / first segment's value)",
            barmode="group",
            yaxis_title="ratio",
        )
        return figure


def _relative(metric: dict[str, Any], index: int) -> float | None:
    base, value = metric["values"][0]["value"], metric["values"][index]["value"]
    return value / base if base not in (None, 0) and value is not None else None


def compare(
    ws: Workspace,
    names: Sequence[Any],
    *,
    funnel: Sequence[Any] | None = None,
    window: str = DEFAULT_WINDOW,
    purchase_event: str = "purchase",
    value_property: str | None = "revenue",
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
) -> SegmentComparison:
    """Two or more segments (names, or definitions) over the same dates and filters."""
    if isinstance(names, str) or not 2 <= len(names) <= MAX_SEGMENTS:
        raise QueryError(f"compare takes 2 to {MAX_SEGMENTS} segments")
    base = ws.scope(date_from, date_to, where)
    if any(n is None or n == "" for n in names):
        raise QueryError("compare takes segment names (or definitions), not empty ones")
    sets = [resolve(ws.engine, ws.project_id, n) for n in names]
    labels = [s.name for s in sets if s is not None]
    if len(set(labels)) != len(labels):
        raise QueryError("compare takes each segment once")
    spec = build_spec(funnel, window) if funnel else None
    with recorded(ws.engine) as (engine, log):
        span = timeline.data_range(engine, base)
        scopes = [replace(base, segment=s) for s in sets]
        frames = [_persons(engine, s, span, purchase_event, value_property) for s in scopes]
        if spec is not None:
            for scope, frame in zip(scopes, frames):
                _add_funnel(engine, spec, scope, frame)
        sizes = [_size(engine, s) for s in sets]
        overlap = _overlaps(engine, sets)
    metrics = [*METRICS, *([FUNNEL] if spec is not None else [])]
    document = {
        "kind": "segment_comparison",
        "scope": base.describe(),
        "reference": labels[0],
        "segments": [
            {"name": label, "persons": size, "active_persons": len(frame)}
            for label, size, frame in zip(labels, sizes, frames)
        ],
        "overlap": overlap,
        "funnel": [m.name for m in spec.steps] if spec is not None else None,
        "metrics": [_metric(m, labels, frames) for m in metrics],
    }
    return SegmentComparison(document, log)


@per_dialect("segment_compare_persons")
def _persons(
    engine: Engine, scope: Scope, span: Any, purchase_event: str, value_property: str | None
) -> pd.DataFrame:
    """Per active person of the scope: sessions, bounced and counted sessions, buyer, revenue,
    retention week 1 (returned, eligible) and the stored churn score (scored with a
    CHURN_INACTIVE_DAYS inactivity)."""
    params = Params()
    purchase = params.add(purchase_event)
    amount = (
        f"TRY_CAST({Property(value_property).sql(params, 'e')} AS DOUBLE)"
        if value_property
        else "NULL::DOUBLE"
    )
    relation = scope.events(
        params, f"e.person_id, e.session_id, e.timestamp, e.event, {amount} AS amount"
    )
    cutoff = params.add(span[1] - timedelta(days=14) if span else None)
    sql = f"""
        WITH ev AS {relation},
        per AS (
            SELECT person_id, count(DISTINCT session_id) AS sessions, min(timestamp) AS first,
                (count(*) FILTER (event = {purchase}) > 0)::INT AS buyer,
                coalesce(sum(amount) FILTER (event = {purchase}), 0) AS revenue
            FROM ev GROUP BY person_id
        ),
        back AS (
            SELECT p.person_id, bool_or(e.timestamp >= p.first + INTERVAL 7 DAY
                AND e.timestamp < p.first + INTERVAL 14 DAY)::INT AS returned
            FROM per p JOIN ev e ON e.person_id = p.person_id GROUP BY p.person_id
        ),
        visits AS (
            SELECT s.person_id, count(*) FILTER (s.is_bounce IS NOT NULL) AS counted,
                count(*) FILTER (s.is_bounce) AS bounced
            FROM sessions s
            WHERE s.project_id = {params.add(scope.project_id)}
                AND s.session_id IN (SELECT session_id FROM ev)
            GROUP BY s.person_id
        )
        SELECT p.person_id, p.sessions, p.buyer, 1 AS one, p.revenue,
            coalesce(v.counted, 0) AS counted, coalesce(v.bounced, 0) AS bounced,
            (p.first <= {cutoff})::INT AS eligible,
            CASE WHEN p.first <= {cutoff} THEN b.returned ELSE 0 END AS returned,
            c.score AS churn_score
        FROM per p JOIN back b ON b.person_id = p.person_id
        LEFT JOIN visits v ON v.person_id = p.person_id
        LEFT JOIN churn_scores c ON c.project_id = {params.add(scope.project_id)}
            AND c.inactive_days = {params.add(CHURN_INACTIVE_DAYS)} AND c.person_id = p.person_id
        ORDER BY p.person_id
    """
    frame = engine.query(sql, params).to_pandas()
    frame["eligible"] = frame["eligible"].fillna(0)
    return frame


def _add_funnel(engine: Engine, spec: Any, scope: Scope, frame: pd.DataFrame) -> None:
    """`entered` and `converted` per active person, from the funnel's attempts."""
    reached = funnel_reached(engine, spec, scope)
    steps = frame["person_id"].map(reached).fillna(0).to_numpy(int)
    frame["entered"] = (steps >= 1).astype(int)
    frame["converted"] = (steps == spec.n).astype(int)


@per_dialect("segment_compare_funnel")
def funnel_reached(engine: Engine, spec: Any, scope: Scope) -> dict[str, int]:
    """Person id -> the furthest step of their attempt, for the persons who entered."""
    params = Params()
    sql = (
        f"{FunnelSQL(spec, scope, params).ctes()}\n"
        f"SELECT person_id, reached FROM funnel WHERE person_id IS NOT NULL"
    )
    return {r["person_id"]: r["reached"] for r in engine.query(sql, params).to_pylist()}


def _size(engine: Engine, segment: Any) -> int:
    params = Params()
    return int(engine.scalar(f"SELECT count(*) FROM ({segment.members(params)})", params))


def _overlaps(engine: Engine, sets: list[Any]) -> list[dict[str, Any]]:
    """Persons in both of each pair: the tests assume separate groups, so shared persons are
    worth knowing about."""
    found = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            params = Params()
            shared = engine.scalar(
                f"SELECT count(*) FROM ({sets[i].members(params)}) a"
                f" WHERE a.person_id IN ({sets[j].members(params)})",
                params,
            )
            found.append({"a": sets[i].name, "b": sets[j].name, "persons": int(shared)})
    return found


def _metric(metric: Metric, labels: list[str], frames: list[pd.DataFrame]) -> dict[str, Any]:
    samples = [_sample(metric, f) for f in frames]
    values = [
        {"segment": label, **_summary(metric, sample)} for label, sample in zip(labels, samples)
    ]
    test = proportions if metric.kind == "proportion" else means
    differences = [
        {"segment": label, "versus": labels[0], **test(samples[0], sample)}
        for label, sample in zip(labels[1:], samples[1:])
    ]
    return {
        "metric": metric.name,
        "kind": metric.kind,
        "definition": metric.definition,
        "values": values,
        "differences": differences,
    }


def _sample(metric: Metric, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
    if metric.kind == "mean":
        return frame[metric.value].dropna().to_numpy(float), None
    return frame[metric.value].to_numpy(float), frame[metric.trials].to_numpy(float)


def _summary(metric: Metric, sample: tuple[np.ndarray, np.ndarray | None]) -> dict[str, Any]:
    values, trials = sample
    if trials is None:
        return {"value": float(values.mean()) if len(values) else None, "n": int(len(values))}
    n = float(trials.sum())
    return {"value": float(values.sum() / n) if n else None, "n": int(n)}
