"""Feature adoption: which share of active persons uses each feature, how soon, how often and for
how long, and which features are gathering dust (little used, and used less and less)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from math import fsum
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import filters as filters_
from whylens.insights import periods, timeline
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import EventMatcher, matcher, matchers
from whylens.insights.params import Params
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope
from whylens.insights.units import interval as check_interval

_PERSON_JOIN = (
    " LEFT JOIN persons pe ON pe.project_id = e.project_id AND pe.person_id = e.person_id"
)
COLUMNS = [
    "feature",
    "adopters",
    "active_persons",
    "adoption_rate",
    "median_days_to_adopt",
    "mean_days_to_adopt",
    "uses_per_adopter_week",
    "retained_eligible",
    "retained_rate",
    "adopter_active_rate",
    "non_adopter_active_rate",
    "trend_slope",
    "dust_score",
    "gathering_dust",
]


class AdoptionResult(InsightResult):
    """One row per feature, gathering-dust features first; `trend_df` holds the rates per interval."""

    kind = "adoption"

    @property
    def df(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{k: f[k] for k in COLUMNS} for f in self.document["features"]], columns=COLUMNS
        )

    @property
    def trend_df(self) -> pd.DataFrame:
        rows = [
            {"feature": f["feature"], **point}
            for f in self.document["features"]
            for point in f["trend"]
        ]
        return pd.DataFrame(
            rows, columns=["feature", "interval", "active_persons", "users", "rate"]
        )

    def plot(self) -> Any:
        import plotly.graph_objects as go

        figure = go.Figure()
        for f in self.document["features"]:
            name = f["feature"] + (" (gathering dust)" if f["gathering_dust"] else "")
            figure.add_scatter(
                x=[p["interval"] for p in f["trend"]],
                y=[p["rate"] for p in f["trend"]],
                mode="lines+markers",
                name=name,
            )
        figure.update_layout(
            title=f"Adoption per {self.document['interval']}",
            yaxis_title="share of active persons",
            yaxis_tickformat=".0%",
        )
        return figure


@per_dialect("adoption")
def adoption(
    engine: Engine,
    scope: Scope,
    features: Sequence[Any],
    active: Any = "*",
    weeks_retained: int = 4,
    interval: str = "week",
    low_adoption: float = 0.2,
) -> AdoptionResult:
    """Adoption, time to adopt, depth, retained adoption, adopter retention and trend per feature,
    and breadth over the features (definitions: docs/metrics.md, "Feature adoption")."""
    question = Question.build(scope, features, active, weeks_retained)
    return report(AdoptionQueries, engine, question, interval, low_adoption)


def report(
    queries: type[AdoptionQueries],
    engine: Engine,
    question: Question,
    interval: str,
    low_adoption: float,
) -> AdoptionResult:
    """The adoption document, its rows asked through `queries` (an engine's SQL for them); the
    trend's line and the breadth's mean are fitted here, the same on every engine."""
    interval = check_interval(interval)
    if not 0 <= low_adoption <= 1:
        raise QueryError(f"low_adoption is a share between 0 and 1, not {low_adoption!r}")
    with recorded(engine) as (logged, log):
        ask = queries(logged, question)
        rows = ask.summary()
        trends = _lines(ask.trend(interval), interval)
        breadth = _breadth_document(ask.breadth())
    for row in rows:
        row["trend"], row["trend_slope"], mean_rate = trends.get(row["feature"], ([], None, None))
        row["dust_score"], row["gathering_dust"] = _dust(row, mean_rate, low_adoption)
        row["feature"] = question.features[row["feature"]].name
    document = {
        "scope": question.scope.describe(),
        "active": question.active.name,
        "weeks_retained": question.weeks,
        "interval": interval,
        "low_adoption": low_adoption,
        "features": _ranked(rows),
        "breadth": breadth,
    }
    return AdoptionResult(document, log)


def _features(specs: Sequence[Any]) -> tuple[EventMatcher, ...]:
    """The feature matchers; a feature named twice would only show as two identical rows."""
    if isinstance(specs, str):
        specs = [specs]
    found = matchers(list(specs))
    if not found:
        raise QueryError("name at least one feature event")
    names = [f.name for f in found]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise QueryError(f"feature given more than once: {', '.join(repeated)}")
    return found


#: the CTEs every adoption query starts from: one scan of the events, flagged per feature
_BASE_SQL = """
    WITH ev AS MATERIALIZED (
        SELECT e.person_id, e.timestamp, {in_range} AS in_range, {active} AS is_active, {flags}
        FROM events e{join} WHERE {conditions}
    ),
    bounds AS (
        SELECT stop, stop - to_weeks({weeks}) AS cut, to_weeks({weeks}) AS span FROM (
            SELECT coalesce(CAST({date_to} AS TIMESTAMP), max(timestamp)) AS stop
            FROM ev WHERE in_range)
    ),
    feature_ids AS (SELECT unnest(range({count})) AS feature),
    uses AS ({uses}),
    people AS (
        SELECT person_id, bool_or(in_range AND is_active) AS active,
            bool_or(in_range AND is_active AND timestamp < cut) AS early,
            bool_or(in_range AND is_active AND timestamp >= cut) AS late
        FROM ev CROSS JOIN bounds GROUP BY person_id
    )"""
_SUMMARY_SQL = """,
    usage AS (
        SELECT feature, person_id, min(timestamp) AS first_ever,
            min(timestamp) FILTER (WHERE in_range) AS first_use,
            max(timestamp) FILTER (WHERE in_range) AS last_use,
            count(*) FILTER (WHERE in_range) AS uses,
            bool_or(in_range AND timestamp < cut) AS used_early
        FROM uses CROSS JOIN bounds GROUP BY feature, person_id
    ),
    adopters AS (
        SELECT u.*, p.early, p.late, b.cut, b.span,
            (epoch(u.first_ever) - epoch(pp.first_seen)) / 86400 AS days_to_adopt,
            greatest(epoch(b.stop) - epoch(u.first_use), 86400) / 604800 AS weeks
        FROM usage u JOIN people p ON p.person_id = u.person_id CROSS JOIN bounds b
        LEFT JOIN persons pp ON pp.project_id = {project} AND pp.person_id = u.person_id
        WHERE p.active AND u.uses > 0
    ),
    counts AS (
        SELECT f.feature, count(a.person_id) AS adopters,
            median(a.days_to_adopt) AS median_days, avg(a.days_to_adopt) AS mean_days,
            sum(a.uses) / nullif(sum(a.weeks), 0) AS per_week,
            count(a.person_id) FILTER (WHERE a.first_use <= a.cut) AS eligible,
            count(a.person_id) FILTER (WHERE a.first_use <= a.cut
                AND a.last_use >= a.first_use + a.span) AS retained,
            count(a.person_id) FILTER (WHERE a.early AND a.used_early) AS early_adopters,
            count(a.person_id) FILTER (WHERE a.early AND a.used_early AND a.late)
                AS early_adopters_late
        FROM feature_ids f LEFT JOIN adopters a ON a.feature = f.feature GROUP BY f.feature
    ),
    totals AS (
        SELECT count(*) FILTER (WHERE active) AS active_persons,
            count(*) FILTER (WHERE early) AS early,
            count(*) FILTER (WHERE early AND late) AS early_late
        FROM people
    )
    SELECT c.feature, c.adopters, t.active_persons,
        c.adopters / nullif(t.active_persons, 0) AS adoption_rate,
        c.median_days AS median_days_to_adopt, c.mean_days AS mean_days_to_adopt,
        c.per_week AS uses_per_adopter_week, c.eligible AS retained_eligible,
        c.retained / nullif(c.eligible, 0) AS retained_rate,
        c.early_adopters_late / nullif(c.early_adopters, 0) AS adopter_active_rate,
        (t.early_late - c.early_adopters_late) / nullif(t.early - c.early_adopters, 0)
            AS non_adopter_active_rate
    FROM counts c CROSS JOIN totals t ORDER BY c.feature"""
_TREND_SQL = """,
    act AS (SELECT DISTINCT {period} AS period, person_id FROM ev WHERE in_range AND is_active),
    sizes AS (SELECT period, count(*) AS active_persons FROM act GROUP BY period),
    hits AS (
        SELECT u.feature, a.period, count(DISTINCT u.person_id) AS users
        FROM uses u JOIN act a ON a.person_id = u.person_id AND a.period = {used_in}
        WHERE u.in_range GROUP BY u.feature, a.period
    ),
    points AS (
        SELECT f.feature, s.period, s.active_persons, coalesce(h.users, 0) AS users,
            coalesce(h.users, 0) / s.active_persons AS rate
        FROM feature_ids f CROSS JOIN sizes s
        LEFT JOIN hits h ON h.feature = f.feature AND h.period = s.period
    )
    SELECT * FROM points ORDER BY feature, period"""
_BREADTH_SQL = """,
    per_person AS (
        SELECT p.person_id, count(DISTINCT u.feature) AS k
        FROM people p LEFT JOIN uses u ON u.person_id = p.person_id AND u.in_range
        WHERE p.active GROUP BY p.person_id
    ),
    spread AS (
        SELECT s.k AS features, count(c.person_id) AS persons
        FROM (SELECT feature AS k FROM feature_ids UNION ALL SELECT count(*) FROM feature_ids) s
        LEFT JOIN per_person c ON c.k = s.k GROUP BY s.k
    )
    SELECT features, persons FROM spread ORDER BY features"""


@dataclass(frozen=True)
class Question:
    """What every query of one adoption shares: the scope, who is active, the features, N weeks.

    On DuckDB (`sql`): `ev` holds the scope's events up to the range end *including history
    before its start*, read only for each person's first ever use; `in_range` marks the events
    in the range. `bounds`: `stop` = the scope's end, else the last event in range; `cut` = stop
    − N weeks. `people`: per person, active in the range, before `cut` (early) and from `cut` on
    (late).
    """

    scope: Scope
    active: EventMatcher
    features: tuple[EventMatcher, ...]
    weeks: int

    @classmethod
    def build(cls, scope: Scope, features: Any, active: Any, weeks_retained: Any) -> Question:
        wanted = _features(features)
        if int(weeks_retained) < 1:
            raise QueryError(f"weeks_retained must be 1 or more, not {weeks_retained!r}")
        return cls(scope, matcher(active), wanted, int(weeks_retained))

    def needs_person(self) -> bool:
        return (
            filters_.needs_person(self.scope.filters)
            or self.active.needs_person
            or any(m.needs_person for m in self.features)
        )

    def sql(self, params: Params) -> str:
        start = self.scope.date_from
        history = replace(self.scope, date_from=None)
        return _BASE_SQL.format(
            in_range=f"e.timestamp >= {params.add(start)}" if start else "TRUE",
            active=self.active.sql(params, "e"),
            flags=", ".join(f"{m.sql(params, 'e')} AS f{k}" for k, m in enumerate(self.features)),
            join=_PERSON_JOIN if self.needs_person() else "",
            conditions=" AND ".join(history.conditions(params, "e")),
            weeks=f"CAST({params.add(self.weeks)} AS INTEGER)",
            date_to=params.add(self.scope.date_to),
            count=f"CAST({params.add(len(self.features))} AS BIGINT)",
            uses=" UNION ALL ".join(
                f"SELECT {k} AS feature, person_id, timestamp, in_range FROM ev WHERE f{k}"
                for k in range(len(self.features))
            ),
        )


class AdoptionQueries:
    """The rows of one adoption question, in DuckDB SQL (an engine's twin overrides them)."""

    def __init__(self, engine: Engine, question: Question) -> None:
        self.engine, self.question = engine, question

    def summary(self) -> list[dict[str, Any]]:
        """Per feature (its index): adopters, time to adopt, depth, retained adoption, adopter
        retention, in the order of _SUMMARY_SQL's columns."""
        params = Params()
        sql = self.question.sql(params) + _SUMMARY_SQL.format(
            project=params.add(self.question.scope.project_id)
        )
        return self.engine.query(sql, params).to_pylist()

    def trend(self, interval: str) -> list[dict[str, Any]]:
        """(feature, period, active_persons, users, rate) for every feature and every interval
        with an active person, by feature and period."""
        params = Params()
        sql = self.question.sql(params) + _TREND_SQL.format(
            period=timeline.bucket(interval, "timestamp"),
            used_in=timeline.bucket(interval, "u.timestamp"),
        )
        return self.engine.query(sql, params).to_pylist()

    def breadth(self) -> list[dict[str, Any]]:
        """(features, persons): active persons by how many of the features they used in the
        range, for 0 to all of them."""
        params = Params()
        return self.engine.query(self.question.sql(params) + _BREADTH_SQL, params).to_pylist()


def _lines(rows: list[dict[str, Any]], interval: str) -> dict[int, tuple[list, Any, Any]]:
    """Per feature: its points, the least-squares slope of their rates against the interval
    number (from the first interval shown), and their mean rate."""
    first = min((r["period"] for r in rows), default=None)
    found: dict[int, tuple[list, list, list]] = {}
    for row in rows:
        points, xs, rates = found.setdefault(row["feature"], ([], [], []))
        start = row["period"]
        label = start.isoformat() if interval == "hour" else start.date().isoformat()
        points.append(
            {"interval": label, **{k: row[k] for k in ("active_persons", "users", "rate")}}
        )
        xs.append(float(periods.between(first, start, interval)))
        rates.append(row["rate"])
    return {k: (p, _slope(xs, ys), fsum(ys) / len(ys)) for k, (p, xs, ys) in found.items()}


def _slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of ys on xs (None under two points)."""
    if len(xs) < 2:
        return None
    mx, my = fsum(xs) / len(xs), fsum(ys) / len(ys)
    return fsum((x - mx) * (y - my) for x, y in zip(xs, ys)) / fsum((x - mx) ** 2 for x in xs)


def _breadth_document(rows: list[dict[str, Any]]) -> dict[str, Any]:
    persons = sum(r["persons"] for r in rows)
    return {
        "mean": sum(r["features"] * r["persons"] for r in rows) / persons if persons else None,
        "distribution": [{"features": r["features"], "persons": r["persons"]} for r in rows],
    }


def _dust(row: dict[str, Any], mean_rate: float | None, low: float) -> tuple[float, bool]:
    """Score = relative fall per interval × share of active persons not using the feature.

    Relative fall = −slope / mean trend rate (0 when not falling); gathering dust = falling and
    an adoption rate below `low`.
    """
    slope, rate = row["trend_slope"], row["adoption_rate"]
    if slope is None or rate is None or not mean_rate or slope >= 0:
        return 0.0, False
    return (-slope / mean_rate) * (1 - rate), rate < low


def _ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gathering dust first (highest score first), then the rest by adoption rate, highest first."""

    def key(row: dict[str, Any]) -> tuple:
        rate = row["adoption_rate"]
        if row["gathering_dust"]:
            return (0, -row["dust_score"], rate, row["feature"])
        return (1, 0.0, -(rate if rate is not None else -1.0), row["feature"])

    return sorted(rows, key=key)
