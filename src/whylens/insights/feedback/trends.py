"""NPS, CSAT, CES and mean sentiment per week or month, with 95% confidence intervals, split
`by` source, kind, theme or a person trait, over the answers in scope (dates, filters and
segment, as every analysis takes them: scoped.py).

A period whose value is significantly below the previous one (two-sided z-test, p < 0.05) is
flagged, so a drop is seen the week it happens rather than when churn follows.
"""

from __future__ import annotations

import math
from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback import scoped
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope

INTERVALS = ("week", "month")
Z95 = 1.959964
#: what the rows can be split by: a feedback column, the stored themes, or a person trait
BY = ("source", "kind", "theme", "trait:NAME")
METRICS = ("nps", "csat", "ces", "sentiment")
#: the CES scale (1-7, 7 = very easy): its mean's interval is clipped to it
CES_RANGE = (1.0, 7.0)


def checked(interval: str) -> None:
    if interval not in INTERVALS:
        raise QueryError(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")


def checked_by(by: str | None) -> None:
    if (
        by is not None
        and by not in ("source", "kind", "theme")
        and not (by.startswith("trait:") and len(by) > 6)
    ):
        raise QueryError(f"by must be one of {', '.join(BY)}, not {by!r}")


@per_dialect("feedback_trends")
def feedback_trends(
    engine: Engine,
    project_id: str = "default",
    *,
    interval: str = "week",
    by: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> FeedbackResult:
    """One row per (group, period): NPS, CSAT, CES and sentiment with intervals and drops."""
    checked(interval)
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    params = Params()
    source = _source(by, scope, params)
    score_feedback(engine, project_id)
    with recorded(engine) as (rec, log):
        rows = rec.query(
            f"""
            SELECT "group", date_trunc({params.add(interval)}, timestamp) AS date,
                count(score) FILTER (kind = 'nps') AS nps_n,
                count(*) FILTER (kind = 'nps' AND score >= 9) AS promoters,
                count(*) FILTER (kind = 'nps' AND score <= 6) AS detractors,
                count(score) FILTER (kind = 'csat') AS csat_n,
                count(*) FILTER (kind = 'csat' AND score >= 4) AS satisfied,
                count(score) FILTER (kind = 'ces') AS ces_n,
                avg(score) FILTER (kind = 'ces') AS ces_mean,
                coalesce(stddev_samp(score) FILTER (kind = 'ces'), 0) AS ces_sd,
                count(sentiment) AS sentiment_n, avg(sentiment) AS sentiment_mean,
                coalesce(stddev_samp(sentiment), 0) AS sentiment_sd
            FROM ({source}) f GROUP BY ALL ORDER BY "group" NULLS FIRST, date
            """,
            params,
        ).to_pylist()
    return trended(scope, interval, by, rows, log)


def trended(
    scope: Scope, interval: str, by: str | None, rows: list[dict[str, Any]], log: Any
) -> FeedbackResult:
    """The document from the query's rows, one per (group, period) (the same on every engine)."""
    periods = [_period(r) for r in rows]
    for previous, current in zip(periods, periods[1:], strict=False):
        if previous["group"] == current["group"]:
            _flag_drops(previous, current)
    drops = [
        {"group": p["group"], "date": p["date"], "metric": m}
        for p in periods
        for m in METRICS
        if p.get(f"{m}_drop")
    ]
    document = {
        "scope": scope.describe(),
        "interval": interval,
        "by": by,
        "periods": periods,
        "drops": drops,
    }
    return FeedbackResult("feedback_trends", document, log, "periods", "date", "nps")


def _source(by: str | None, scope: Scope, params: Params) -> str:
    """The scope's feedback rows with a `group` column: the value they are split by."""
    if by is None:
        group = "CAST(NULL AS VARCHAR)"
    elif by in ("source", "kind"):
        group = f"f.{by}"
    elif by == "theme":
        group = "unnest(CASE WHEN len(coalesce(themes, [])) = 0 THEN ['(none)'] ELSE themes END)"
    elif by.startswith("trait:") and len(by) > 6:
        trait = params.add("$." + by[6:])
        return (
            f'SELECT f.*, json_extract_string(p.traits, {trait}) AS "group" FROM feedback f'
            " LEFT JOIN persons p ON p.project_id = f.project_id AND p.person_id = f.person_id"
            f" WHERE {scoped.rows(scope, params)}"
        )
    else:
        raise QueryError(f"by must be one of {', '.join(BY)}, not {by!r}")
    return f'SELECT *, {group} AS "group" FROM feedback f WHERE {scoped.rows(scope, params)}'


def _period(r: dict[str, Any]) -> dict[str, Any]:
    """Point estimates, standard errors and 95% intervals for one period."""
    out: dict[str, Any] = {"group": r["group"], "date": r["date"]}
    n = r["nps_n"]
    if n:
        pp, pd_ = r["promoters"] / n, r["detractors"] / n
        nps = 100 * (pp - pd_)
        se = 100 * math.sqrt(max(pp + pd_ - (pp - pd_) ** 2, 0) / n)
        out.update(_estimate("nps", nps, se, n, (-100.0, 100.0)))
    else:
        out.update(_estimate("nps", None, None, 0))
    n = r["csat_n"]
    if n:
        p = r["satisfied"] / n
        out.update(_estimate("csat", p, math.sqrt(p * (1 - p) / n), n, (0.0, 1.0)))
    else:
        out.update(_estimate("csat", None, None, 0))
    n = r["ces_n"]
    se = r["ces_sd"] / math.sqrt(n) if n else None
    out.update(_estimate("ces", r["ces_mean"], se, n, CES_RANGE))
    n = r["sentiment_n"]
    se = r["sentiment_sd"] / math.sqrt(n) if n else None
    out.update(_estimate("sentiment", r["sentiment_mean"], se, n, (-1.0, 1.0)))
    return out


def _estimate(
    name: str,
    value: float | None,
    se: float | None,
    n: int,
    bounds: tuple[float, float] = (-math.inf, math.inf),
) -> dict[str, Any]:
    """Normal-approximation interval, clipped to the metric's possible range."""
    low = high = None
    if value is not None and se is not None:
        low = max(bounds[0], value - Z95 * se)
        high = min(bounds[1], value + Z95 * se)
    return {
        name: value,
        f"{name}_low": low,
        f"{name}_high": high,
        f"{name}_se": se,
        f"{name}_n": n,
        f"{name}_drop": False,
    }


def _flag_drops(previous: dict[str, Any], current: dict[str, Any]) -> None:
    """Significant fall from the previous period: z < -1.96 on the difference."""
    for m in METRICS:
        a, b = previous[m], current[m]
        sa, sb = previous[f"{m}_se"], current[f"{m}_se"]
        if a is None or b is None or sa is None or sb is None:
            continue
        spread = math.sqrt(sa**2 + sb**2)
        if spread > 0 and (b - a) / spread < -Z95:
            current[f"{m}_drop"] = True
