"""What a funnel reports, each an aggregate over the `funnel` relation of attempts: persons per
step with times between steps and their histogram (overall and per breakdown value), the
conversion trend by entry period, and the persons who stopped at a step.

Finding the attempts is the expensive part. A funnel asked several of these questions at once
computes them once (`attempts`), registers the table and passes its name as `kept`: each question
is then a small aggregate over it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.insights.funnels.attempts import FunnelSQL
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.params import Params
from whylens.insights.scope import Scope

OTHER, NONE = "other", "(none)"
#: lower edges (seconds) of the time-between-steps histogram bins; the last bin is open
TIME_BINS = (
    0,
    10,
    60,
    300,
    900,
    3600,
    6 * 3600,
    86400,
    3 * 86400,
    7 * 86400,
    14 * 86400,
    30 * 86400,
)


def _times(n: int) -> str:
    return f"list_value({', '.join(f't{k}' for k in range(1, n + 1))})"


def _bin(seconds: str) -> str:
    return " + ".join(f"({seconds} >= {edge})::INT" for edge in TIME_BINS[1:])


def relation(
    spec: FunnelSpec, scope: Scope, params: Params, kept: str | None, persons: bool = False
) -> str:
    """The CTEs ending in the relation `funnel`: the attempts registered as `kept`, or found in
    the events (`persons`: with the persons' ids, see FunnelSQL)."""
    if kept is not None:
        return f"WITH funnel AS (SELECT * FROM {kept})"
    return FunnelSQL(spec, scope, params, persons=persons).ctes()


def attempts(engine: Engine, spec: FunnelSpec, scope: Scope) -> pa.Table:
    """The `funnel` relation with the persons' ids: one attempt per person, to keep for every
    question asked of the same funnel."""
    params = Params()
    ctes = relation(spec, scope, params, None, persons=True)
    return engine.query(f"{ctes}\nSELECT * FROM funnel", params)


def _labelled(spec: FunnelSpec, params: Params) -> str:
    """`labelled`: the funnel with each attempt's breakdown value, top values kept, rest other."""
    if spec.breakdown is None:
        return "labelled AS (SELECT *, NULL::VARCHAR AS value FROM funnel)"
    limit, value = params.add(spec.breakdown_limit), f"coalesce(b, '{NONE}')"
    return (
        f"ranked AS (SELECT {value} AS value, row_number() OVER (ORDER BY count(*) DESC, {value})"
        " AS r FROM funnel GROUP BY 1),\n"
        f"labelled AS (SELECT f.*, CASE WHEN r.r <= {limit} THEN r.value ELSE '{OTHER}' END"
        f" AS value FROM funnel f JOIN ranked r ON r.value = coalesce(f.b, '{NONE}'))"
    )


def step_rows(
    engine: Engine, spec: FunnelSpec, scope: Scope, kept: str | None = None
) -> list[dict[str, Any]]:
    """Per step (and per breakdown value): persons, mean and median seconds from the previous
    step and the histogram of those seconds; `total` marks the rows over all values."""
    params = Params()
    ctes = relation(spec, scope, params, kept)
    times = _times(spec.n)
    seconds = f"date_diff('microsecond', {times}[k - 1], {times}[k]) / 1e6"
    groups = "GROUPING SETS ((k), (value, k))" if spec.breakdown else "value, k"
    sql = (
        f"{ctes},\n{_labelled(spec, params)},\n"
        f"per AS (SELECT value, k, CASE WHEN k > 1 THEN {seconds} END AS d"
        f" FROM labelled, range(1, {spec.n + 1}) s(k) WHERE reached >= k)\n"
        "SELECT value, k AS step, count(*) AS persons, avg(d) AS mean_s, median(d) AS median_s,"
        f" histogram({_bin('d')}) FILTER (WHERE d IS NOT NULL) AS bins,"
        f" {'GROUPING(value) = 1' if spec.breakdown else 'TRUE'} AS total"
        f" FROM per GROUP BY {groups} ORDER BY total DESC, value, k"
    )
    return engine.query(sql, params).to_pylist()


def steps_document(spec: FunnelSpec, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The per-step list of the JSON document, from step_rows of one group."""
    by_step = {r["step"]: r for r in rows}
    counts = [by_step[k]["persons"] if k in by_step else 0 for k in range(1, spec.n + 1)]
    steps = []
    for k, matcher in enumerate(spec.steps, 1):
        row, persons = by_step.get(k, {}), counts[k - 1]
        following = counts[k] if k < spec.n else None
        steps.append(
            {
                "step": k,
                "name": matcher.name,
                "persons": persons,
                "conversion": _rate(persons, counts[0]),
                "conversion_from_previous": _rate(persons, counts[k - 2] if k > 1 else persons),
                "dropped_off": None if following is None else persons - following,
                "drop_off_rate": None if following is None else _rate(persons - following, persons),
                "mean_time_from_previous_s": row.get("mean_s"),
                "median_time_from_previous_s": row.get("median_s"),
                "time_histogram": _histogram(row.get("bins")) if k > 1 else [],
            }
        )
    return steps


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _histogram(bins: Any) -> list[dict[str, Any]]:
    """All bins, in order, with their persons (the SQL map holds only bins that occur)."""
    found = dict(bins or [])
    edges = list(TIME_BINS)
    return [
        {
            "from_s": low,
            "to_s": edges[i + 1] if i + 1 < len(edges) else None,
            "persons": found.get(i, 0),
        }
        for i, low in enumerate(edges)
    ]


def trend(
    engine: Engine, spec: FunnelSpec, scope: Scope, interval: str, kept: str | None = None
) -> list[dict[str, Any]]:
    """Per period of the attempt's step-1 event: persons who entered, converted, and the rate."""
    params = Params()
    ctes = relation(spec, scope, params, kept)
    sql = (
        f"{ctes}\nSELECT date_trunc({params.add(interval)}, t1) AS period, count(*) AS entered,"
        f" count(*) FILTER (WHERE reached = {spec.n}) AS converted"
        " FROM funnel GROUP BY 1 ORDER BY 1"
    )
    rows = engine.query(sql, params).to_pylist()
    return [
        {**r, "period": r["period"].isoformat(), "conversion": _rate(r["converted"], r["entered"])}
        for r in rows
    ]


def dropped(
    engine: Engine, spec: FunnelSpec, scope: Scope, step: int, kept: str | None = None
) -> list[dict[str, Any]]:
    """Persons whose attempt stopped at `step`, with when they did it (and their value)."""
    params = Params()
    ctes = relation(spec, scope, params, kept, persons=True)
    value = ", value AS breakdown" if spec.breakdown else ""
    sql = (
        f"{ctes},\n{_labelled(spec, params)}\n"
        f"SELECT person_id, {_times(spec.n)}[{params.add(step)}] AS last_step_time{value}"
        f" FROM labelled WHERE reached = {params.add(step)} ORDER BY person_id"
    )
    return engine.query(sql, params).to_pylist()
