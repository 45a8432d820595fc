"""Retention: of the persons who did a start event in a calendar period (their cohort), the share
who did a return event 1, 2, … periods later. Defined once here and in docs/metrics.md#retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import periods as cal
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope

PERIODS = ("day", "week", "month")
COHORTS = ("first_time", "recurring")
MODES = ("on", "on_or_after")
AVERAGES = ("weighted", "simple")
OTHER = "other"

#: per cohort kind: the cohort entries (one per person, or per person and period of a start),
#: each with its return periods; first-time cohorts take both from one grouping of the events
_ENTRIES_SQL = {
    "first_time": """
    entries AS MATERIALIZED (
        SELECT min(idx) FILTER (WHERE is_start) AS cohort, {first_split} AS split,
            {kept_returns} FILTER (WHERE is_return) AS returned
        FROM ev GROUP BY person_id HAVING bool_or(is_start)
    )""",
    "recurring": """
    starts AS (
        SELECT person_id, idx AS cohort, {first_split} AS split
        FROM ev WHERE is_start GROUP BY person_id, idx
    ),
    returns AS (
        SELECT person_id, {kept_returns} AS returned FROM ev WHERE is_return GROUP BY person_id
    ),
    entries AS MATERIALIZED (
        SELECT s.cohort, s.split, r.returned
        FROM starts s LEFT JOIN returns r ON r.person_id = s.person_id
    )""",
}
#: per mode: what is kept of a person's return periods, and when it counts them in period k
_RETURN_SQL = {
    "on": (
        "bitstring_agg(idx, 0, {last})",  # the index is clamped: get_bit fails past the end
        "get_bit(c.returned, CAST(least(c.cohort + k.k, {last}) AS INTEGER)) = 1",
    ),
    "on_or_after": ("max(idx)", "c.returned >= c.cohort + k.k"),
}


#: Periods are numbered from the range's first (`idx`). Each person's return periods are kept as
#: a bitmap (`on`) or as the last one (`on_or_after`), so a cohort entry tests period k by a
#: lookup, and sizes and counts come from one pass over (entry, k) rows.
_CELLS = """
    WITH ev AS NOT MATERIALIZED (
        SELECT e.person_id, e.timestamp, {idx} AS idx, {start} AS is_start,
            {return} AS is_return, {split} AS split
        FROM {events} AND ({start} OR {return})
    ),{entries},
    kept AS (
        SELECT split, true AS kept FROM entries GROUP BY split
        ORDER BY count(*) DESC, split NULLS LAST LIMIT {limit}
    ),
    cells AS (
        SELECT c.cohort, c.split, k.k, count(*) AS size,
            count(*) FILTER (k.k = 0 OR c.cohort + k.k <= {last} AND {returned_in_k}) AS n
        FROM (
            SELECT e.cohort, e.returned, CASE WHEN k.kept THEN e.split ELSE {other} END AS split
            FROM entries e LEFT JOIN kept k ON k.split IS NOT DISTINCT FROM e.split
        ) c CROSS JOIN range(0, {periods} + 1) k(k)
        GROUP BY ALL
    )
    SELECT {cohort_start} AS cohort, split, size, k, n
    FROM cells WHERE k = 0 OR {cohort_end} <= {end}
    ORDER BY coalesce(split = {other}, false),
        sum(size) FILTER (k = 0) OVER (PARTITION BY split) DESC, split NULLS LAST, cohort, k
"""


@dataclass(frozen=True)
class RetentionQuery:
    """What to compute, checked once: every choice is one of the documented names."""

    start: EventMatcher
    returning: EventMatcher
    period: str = "week"
    periods: int = 8
    cohort: str = "first_time"
    mode: str = "on"
    average: str = "weighted"
    breakdown: str | None = None
    breakdown_limit: int = 10

    def __post_init__(self) -> None:
        cal.checked(self.period, PERIODS)
        for name, value, allowed in (
            ("cohort", self.cohort, COHORTS),
            ("mode", self.mode, MODES),
            ("average", self.average, AVERAGES),
        ):
            if value not in allowed:
                raise QueryError(f"unknown {name} {value!r}; use one of {', '.join(allowed)}")
        if self.periods < 1 or self.breakdown_limit < 1:
            raise QueryError("periods and breakdown_limit must be at least 1")

    def describe(self) -> dict[str, Any]:
        return {
            "start": self.start.name,
            "return": self.returning.name,
            "period": self.period,
            "periods": self.periods,
            "cohort": self.cohort,
            "mode": self.mode,
            "average": self.average,
            "breakdown": self.breakdown,
        }


class RetentionResult(InsightResult):
    kind = "retention"

    @property
    def df(self) -> pd.DataFrame:
        """One row per cohort: its size and the rate of each shown period (NaN when not shown)."""
        split = self.document["query"]["breakdown"] is not None
        rows = [
            {
                **({"breakdown": c["breakdown"]} if split else {}),
                "cohort": c["cohort"],
                "size": c["size"],
                **{f"period {k}": r for k, r in enumerate(c["rates"])},
            }
            for c in self.document["cohorts"]
        ]
        return pd.DataFrame(rows)

    def plot(self) -> Any:
        """A heatmap: cohorts down, periods across, the retained share in each cell."""
        import plotly.graph_objects as go

        cohorts, query = self.document["cohorts"], self.document["query"]
        width = query["periods"] + 1
        z = [c["rates"] + [None] * (width - len(c["rates"])) for c in cohorts]
        text = [[f"{r:.0%}" if r is not None else "" for r in row] for row in z]
        y = [
            c["cohort"] if "breakdown" not in c else f"{c['breakdown']} · {c['cohort']}"
            for c in cohorts
        ]
        figure = go.Figure(
            go.Heatmap(
                z=z,
                x=[f"{query['period']} {k}" for k in range(width)],
                y=y,
                text=text,
                texttemplate="%{text}",
                zmin=0,
                zmax=1,
                colorscale="Blues",
            )
        )
        figure.update_yaxes(autorange="reversed", type="category")
        figure.update_layout(title=f"Retention: {query['start']} → {query['return']}")
        return figure


@per_dialect("retention")
def retention(
    engine: Engine,
    scope: Scope,
    start: Any = "*",
    returning: Any = "*",
    period: str = "week",
    periods: int = 8,
    cohort: str = "first_time",
    mode: str = "on",
    average: str = "weighted",
    breakdown: str | None = None,
    breakdown_limit: int = 10,
) -> RetentionResult:
    """Cohorts by period of start, with the persons who returned in each later period."""
    query = RetentionQuery(
        matcher(start),
        matcher(returning),
        cal.checked(period, PERIODS),
        int(periods),
        cohort,
        mode,
        average,
        breakdown,
        int(breakdown_limit),
    )
    with recorded(engine) as (logged, log):
        span = cal.event_range(logged, scope)
        rows = logged.query(*_cells_sql(query, scope, span)).to_pylist() if span else []
    end = scope.date_to or (span[1] if span else None)
    return RetentionResult(document(query, scope, end, rows), log)


def document(
    query: RetentionQuery, scope: Scope, end: datetime | None, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The result's JSON from (cohort, split, size, k, n) cells in order, whichever engine
    counted them."""
    cohorts = _cohorts(rows, query)
    found: dict[str, Any] = {
        "query": query.describe(),
        "scope": scope.describe(),
        "end": end.isoformat() if end else None,
        "cohorts": cohorts,
        "average": _average(cohorts, query.average),
    }
    if query.breakdown is not None:
        found["breakdowns"] = _breakdowns(cohorts, query.average)
    return found


def _cells_sql(
    query: RetentionQuery, scope: Scope, span: tuple[datetime, datetime]
) -> tuple[str, Params]:
    """(cohort, breakdown, size, k, persons) for every period k that has fully elapsed."""
    params = Params()
    prop = Property(query.breakdown) if query.breakdown else None
    join = cal.person_join(
        scope,
        query.start.needs_person or query.returning.needs_person or bool(prop and prop.on_person),
    )
    base = cal.start_of(span[0], query.period)
    last = params.add(cal.between(base, span[1], query.period))
    kept_returns, returned_in_k = _RETURN_SQL[query.mode]
    fragments = {
        "start": query.start.sql(params, "e"),
        "return": query.returning.sql(params, "e"),
        "split": prop.sql(params, "e") if prop else "CAST(NULL AS VARCHAR)",
        "first_split": "arg_min_null(split, (timestamp, split)) FILTER (WHERE is_start)"
        if prop
        else "CAST(NULL AS VARCHAR)",
        "events": f"events e{join} WHERE " + " AND ".join(scope.conditions(params, "e")),
        "last": last,
        "kept_returns": kept_returns.format(last=last),
        "returned_in_k": returned_in_k.format(last=last),
        "periods": params.add(query.periods),
        "limit": params.add(query.breakdown_limit),
        "other": params.add(OTHER),
        "end": params.add(scope.date_to or span[1]),
    }
    base_sql = params.add(base)
    fragments.update(
        idx=cal.position(query.period, base_sql, "e.timestamp"),
        cohort_start=f"{base_sql} + {cal.offset(query.period, 'cohort')}",
        cohort_end=f"{base_sql} + {cal.offset(query.period, 'cohort + k + 1')}",
    )
    return _CELLS.replace("{entries}", _ENTRIES_SQL[query.cohort]).format(**fragments), params


def _cohorts(rows: list[dict[str, Any]], query: RetentionQuery) -> list[dict[str, Any]]:
    """Rows of (cohort, k) cells -> one entry per cohort with its counts and rates by k."""
    found: dict[tuple[Any, datetime], dict[str, Any]] = {}
    for row in rows:
        entry = found.get((row["split"], row["cohort"]))
        if entry is None:
            entry = found[(row["split"], row["cohort"])] = {
                **({"breakdown": row["split"]} if query.breakdown is not None else {}),
                "cohort": cal.label(row["cohort"], query.period),
                "size": row["size"],
                "counts": [],
                "rates": [],
            }
        entry["counts"].append(row["n"])
        entry["rates"].append(row["n"] / row["size"])
    return list(found.values())


def _average(cohorts: list[dict[str, Any]], how: str) -> list[float]:
    """Per period k, over the cohorts that show k: weighted by size (pooled) or a plain mean."""
    result = []
    for k in range(max((len(c["counts"]) for c in cohorts), default=0)):
        shown = [c for c in cohorts if len(c["counts"]) > k]
        if how == "weighted":
            result.append(sum(c["counts"][k] for c in shown) / sum(c["size"] for c in shown))
        else:
            result.append(sum(c["rates"][k] for c in shown) / len(shown))
    return result


def _breakdowns(cohorts: list[dict[str, Any]], how: str) -> list[dict[str, Any]]:
    """The average curve of each breakdown value, in the order the cohorts come in."""
    values: dict[Any, list[dict[str, Any]]] = {}
    for c in cohorts:
        values.setdefault(c["breakdown"], []).append(c)
    return [
        {"breakdown": value, "size": sum(c["size"] for c in group), "average": _average(group, how)}
        for value, group in values.items()
    ]
