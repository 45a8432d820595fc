"""Which events and property values go with converting, and which with dropping off: persons
who converted vs persons who did not, 2x2 counts in SQL, odds ratio and Fisher's exact test.

What counts for a person (PostHog's rule): the events from their attempt's step-1 event to its
last step for converters, to the end of the window for the others: what converters did on the way
to converting, against what the others did while they still could have. The funnel's own step
events are left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.funnels import summary
from whylens.insights.funnels.attempts import FunnelSQL
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.result import InsightResult
from whylens.insights.scope import Scope

DEFAULT_PROPERTIES = ("browser", "device_type", "os", "country", "utm_source", "referring_domain")
#: candidates seen by fewer persons than this are not tested (no test can tell them apart)
MIN_PERSONS = 3
#: at most this many candidates, the most common first, are tested
MAX_CANDIDATES = 2000


def counts_sql(
    spec: FunnelSpec,
    scope: Scope,
    params: Params,
    properties: Sequence[str],
    kept: str | None = None,
) -> str:
    """Per candidate (an event name, or a property = value): converters and drop-offs who had it,
    with the two group totals on every row. `kept`: the funnel's attempts, registered (see
    summary.relation).

    Each person's events are read once, every candidate a column, and each candidate's persons
    counted in a grouping set of its own (cheaper than a row per person and candidate).
    """
    q = FunnelSQL(spec, scope, params)
    until = f"CASE WHEN f.reached = {spec.n} THEN f.t{spec.n}" + (
        f" ELSE f.t1 + {q.window()} END" if spec.window_s is not None else " END"
    )
    names = sorted({name for m in spec.steps for name in m.names})
    skip = f"e.event NOT IN {params.add_all(names)}" if names else "TRUE"
    columns = [f"CASE WHEN {skip} THEN e.event END"]  # candidate 0: the event, step events left out
    labels = ["v"]  # the candidate's name: the event's, or the property's
    for name in dict.fromkeys(properties):
        columns.append(Property(name).sql(params, "e"))
        labels.append(params.add(name))
    sets = ", ".join(f"(hp, converted, c{i})" for i in range(len(columns)))
    which = " ".join(f"WHEN GROUPING(c{i}) = 0 THEN {i}" for i in range(len(columns)))
    value = " ".join(f"WHEN GROUPING(c{i}) = 0 THEN c{i}" for i in range(len(columns)))
    name = " ".join(f"WHEN {i} THEN {label}" for i, label in enumerate(labels))
    join = f"JOIN events e ON e.person_id = f.person_id AND e.timestamp >= f.t1{q.person_join()}"
    conditions = " AND ".join(q.scope.conditions(params, "e"))
    return (
        f"{summary.relation(spec, scope, params, kept, persons=True)},\n"
        f"pop AS (SELECT f.hp, f.person_id, f.reached = {spec.n} AS converted, f.t1,"
        f" {until} AS until FROM funnel f),\n"
        "totals AS (SELECT count(*) FILTER (WHERE converted) AS conv,"
        " count(*) FILTER (WHERE NOT converted) AS lost FROM pop),\n"
        f"had AS (SELECT f.hp, f.converted,"
        f" {', '.join(f'{c} AS c{i}' for i, c in enumerate(columns))}"
        f" FROM pop f {join} WHERE {conditions} AND (f.until IS NULL OR e.timestamp <= f.until)),\n"
        f"seen AS (SELECT CASE {which} END AS i, CASE {value} END AS v, converted FROM had"
        f" GROUP BY GROUPING SETS ({sets})),\n"
        "tested AS (SELECT CASE WHEN i = 0 THEN 'event' ELSE 'property' END AS kind,"
        f" CASE i {name} END AS name, CASE WHEN i > 0 THEN v END AS value,"
        " count(*) FILTER (WHERE converted) AS a, count(*) FILTER (WHERE NOT converted) AS b"
        f" FROM seen WHERE v IS NOT NULL GROUP BY i, v HAVING count(*) >= {MIN_PERSONS}"
        f" ORDER BY count(*) DESC, kind, name, value LIMIT {MAX_CANDIDATES})\n"
        "SELECT totals.conv, totals.lost, tested.* FROM totals LEFT JOIN tested ON TRUE"
    )


def score(row: dict[str, Any]) -> dict[str, Any]:
    """Odds ratio (Haldane's +0.5 when a cell is empty) and Fisher's two-sided p-value."""
    from scipy.stats import fisher_exact  # imported when used: scipy is slow to import

    a, b = row["a"], row["b"]
    c, d = row["conv"] - a, row["lost"] - b
    half = 0.5 if 0 in (a, b, c, d) else 0.0  # Haldane: an empty cell would make it 0 or inf
    odds = ((a + half) * (d + half)) / ((b + half) * (c + half))
    return {
        "kind": row["kind"],
        "name": row["name"],
        "value": row["value"],
        "converters": a,
        "dropped": b,
        "converters_without": c,
        "dropped_without": d,
        "odds_ratio": odds,
        "p_value": float(fisher_exact([[a, b], [c, d]]).pvalue),
    }


def ranked(rows: list[dict[str, Any]], top: int) -> dict[str, list[dict[str, Any]]]:
    """Most significant first (then the larger effect), `top` each way."""
    scored = sorted(
        (score(r) for r in rows),
        key=lambda s: (
            s["p_value"],
            -abs(math.log(s["odds_ratio"])),
            s["kind"],
            s["name"],
            s["value"] or "",
        ),
    )
    return {
        "success": [s for s in scored if s["odds_ratio"] > 1][:top],
        "failure": [s for s in scored if s["odds_ratio"] < 1][:top],
    }


def correlate(
    engine: Engine,
    spec: FunnelSpec,
    scope: Scope,
    properties: Sequence[str],
    top: int,
    kept: str | None = None,
) -> dict[str, Any]:
    """The correlation document: group sizes and the top candidates each way."""
    params = Params()
    sql = counts_sql(spec, scope, params, properties, kept)
    rows = engine.query(sql, params).to_pylist()
    return {
        "converters": rows[0]["conv"],
        "dropped": rows[0]["lost"],
        "properties": list(properties),
        **ranked([r for r in rows if r["kind"] is not None], top),
    }


class FunnelCorrelation(InsightResult):
    """Events and property values over- (success) or under-represented (failure) in converters."""

    kind = "funnel_correlation"

    @property
    def df(self) -> pd.DataFrame:
        rows = [{"direction": d, **r} for d in ("success", "failure") for r in self.document[d]]
        return pd.DataFrame(
            rows,
            columns=[
                "direction",
                "kind",
                "name",
                "value",
                "converters",
                "dropped",
                "odds_ratio",
                "p_value",
            ],
        )

    def plot(self) -> Any:
        import plotly.graph_objects as go

        frame = self.df
        labels = [n if v is None else f"{n} = {v}" for n, v in zip(frame["name"], frame["value"])]
        figure = go.Figure(
            go.Bar(
                x=[math.log(o) for o in frame["odds_ratio"]],
                y=labels,
                orientation="h",
                marker_color=[
                    "seagreen" if d == "success" else "indianred" for d in frame["direction"]
                ],
            )
        )
        figure.update_layout(
            title="What goes with converting (log odds ratio)",
            xaxis_title="log odds ratio",
            yaxis={"autorange": "reversed"},
        )
        return figure
