"""Feature adoption on ClickHouse: the rows of insights/adoption.py from one pass per question
over the events, grouped by person, each feature's numbers held in arrays that ARRAY JOIN turns
into one row per (person, feature); every person is in every feature's group, so the group also
gives the totals over persons that DuckDB joins in.

The range end (`stop`) and the cut N weeks before it are read first and bound as values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from whylens.engines.base import Engine
from whylens.insights.adoption import AdoptionQueries, AdoptionResult, Question, report
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.params import Params

#: seconds since the epoch of a DateTime64 column, as DuckDB's epoch() gives them
_EPOCH = "toUnixTimestamp64Micro({c}) / 1e6"
#: per-person, per-feature aggregates: name -> the aggregate of feature flag `{f}`
_PER_FEATURE = {
    "first_ever": "minIf(ts, {f})",
    "first_use": "minIf(ts, {f} AND in_range)",
    "last_use": "maxIf(ts, {f} AND in_range)",
    "uses": "countIf({f} AND in_range)",
    "used_early": "max({f} AND in_range AND ts < {cut})",
}
_SUMMARY = """
    SELECT toInt64(k - 1) AS feature, countIf(adopter) AS adopters,
        countIf(active) AS active_persons, adopters / nullIf(active_persons, 0) AS adoption_rate,
        quantileExactInclusiveIf(0.5)(days, adopter) AS median_days_to_adopt,
        avgIf(days, adopter) AS mean_days_to_adopt,
        sumIf(n, adopter) / nullIf(sumIf(weeks, adopter), 0) AS uses_per_adopter_week,
        countIf(adopter AND fu <= {cut}) AS retained_eligible,
        countIf(adopter AND fu <= {cut} AND lu >= fu + toIntervalWeek({weeks}))
            / nullIf(retained_eligible, 0) AS retained_rate,
        countIf(adopter AND early AND ue AND late) / nullIf(countIf(adopter AND early AND ue), 0)
            AS adopter_active_rate,
        (countIf(early AND late) - countIf(adopter AND early AND ue AND late))
            / nullIf(countIf(early) - countIf(adopter AND early AND ue), 0)
            AS non_adopter_active_rate
    FROM (
        SELECT k, active, early, late, fu, lu, n, ue, active AND n > 0 AS adopter,
            ({first_ever} - {first_seen}) / 86400 AS days,
            greatest({stop} - {first_use}, 86400) / 604800 AS weeks
        FROM ({people}) p
        ARRAY JOIN first_ever AS fe, first_use AS fu, last_use AS lu, uses AS n,
            used_early AS ue, arrayEnumerate(uses) AS k
        LEFT JOIN (SELECT person_id, first_seen FROM persons WHERE project_id = {project}) pp
            ON pp.person_id = p.person_id
    )
    GROUP BY k ORDER BY k
"""


class ClickHouseAdoptionQueries(AdoptionQueries):
    def __init__(self, engine: Engine, question: Question) -> None:
        super().__init__(engine, question)
        self.stop = self._stop()
        self.cut = self.stop - timedelta(weeks=question.weeks)

    def summary(self) -> list[dict[str, Any]]:
        params = Params()
        sql = _SUMMARY.format(
            people=self._people(params),
            cut=params.add(self.cut),
            weeks=params.add(self.question.weeks),
            first_ever=_EPOCH.format(c="fe"),
            first_seen=_EPOCH.format(c="pp.first_seen"),
            stop=_EPOCH.format(c=params.add(self.stop)),
            first_use=_EPOCH.format(c="fu"),
            project=params.add(self.question.scope.project_id),
        )
        rows = self.engine.query(sql, params).to_pylist()
        return rows or [_nobody(k) for k in range(len(self.question.features))]

    def trend(self, interval: str) -> list[dict[str, Any]]:
        """Per interval: the persons active in it, and which features each used in it."""
        params = Params()
        question, scope = self.question, self.question.scope
        used = ", ".join(f"max({flag})" for flag in self._flags(params))
        period = where.BUCKET[interval].format(c="e.timestamp")
        active = where.fragment(question.active.sql(params, "e"), params)
        sql = f"""
            SELECT toInt64(k - 1) AS feature, period, count() AS active_persons,
                sum(hit) AS users, users / active_persons AS rate
            FROM (
                SELECT e.person_id AS person_id, {period} AS period, [{used}] AS hits
                FROM {where.events(scope, question.needs_person())}
                WHERE {where.conditions(scope, params)}
                GROUP BY person_id, period HAVING max({active})
            ) ARRAY JOIN hits AS hit, arrayEnumerate(hits) AS k
            GROUP BY k, period ORDER BY feature, period
        """
        return self.engine.query(sql, params).to_pylist()

    def breadth(self) -> list[dict[str, Any]]:
        params = Params()
        sql = (
            "SELECT arrayCount(n -> n > 0, uses) AS features, count() AS persons"
            f" FROM ({self._people(params)}) WHERE active GROUP BY features"
        )
        found = {r["features"]: r["persons"] for r in self.engine.query(sql, params).to_pylist()}
        return [
            {"features": k, "persons": found.get(k, 0)}
            for k in range(len(self.question.features) + 1)
        ]

    def _people(self, params: Params) -> str:
        """Per person with an event in scope up to the range end (history before the range
        start included, for first uses): active in the range, before the cut (early) and from
        it on (late), and per feature, in arrays, the _PER_FEATURE aggregates."""
        question, scope = self.question, self.question.scope
        history = replace(scope, date_from=None)
        start = f"e.timestamp >= {params.add(scope.date_from)}" if scope.date_from else "true"
        active = where.fragment(question.active.sql(params, "e"), params)
        flags = self._flags(params)
        cut = params.add(self.cut)
        arrays = ", ".join(
            "[" + ", ".join(a.format(f=f"f{k}", cut=cut) for k in range(len(flags))) + f"] AS {n}"
            for n, a in _PER_FEATURE.items()
        )
        columns = ", ".join(f"{flag} AS f{k}" for k, flag in enumerate(flags))
        return f"""
            SELECT person_id, max(in_range AND is_active) AS active,
                max(in_range AND is_active AND ts < {cut}) AS early,
                max(in_range AND is_active AND ts >= {cut}) AS late, {arrays}
            FROM (
                SELECT e.person_id AS person_id, e.timestamp AS ts, {start} AS in_range,
                    {active} AS is_active, {columns}
                FROM {where.events(history, question.needs_person())}
                WHERE {where.conditions(history, params)}
            ) GROUP BY person_id
        """

    def _flags(self, params: Params) -> list[str]:
        return [where.fragment(m.sql(params, "e"), params) for m in self.question.features]

    def _stop(self) -> datetime:
        """The range end: the scope's, else its last event. Without events in the range every
        number is empty whatever the end, so any moment does."""
        scope = self.question.scope
        if scope.date_to is not None:
            return scope.date_to
        found = where.data_range(self.engine, scope)
        return found[1] if found else scope.date_from or datetime(1970, 1, 1)


def _nobody(feature: int) -> dict[str, Any]:
    """A feature's row when nobody has an event in scope (DuckDB's, from its feature list)."""
    counts = ("adopters", "active_persons", "retained_eligible")
    return {
        name: feature if name == "feature" else 0 if name in counts else None for name in _COLUMNS
    }


_COLUMNS = (
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
)


@implements("adoption", "clickhouse")
def adoption(
    engine: Engine,
    scope: Any,
    features: Any,
    active: Any = "*",
    weeks_retained: int = 4,
    interval: str = "week",
    low_adoption: float = 0.2,
) -> AdoptionResult:
    question = Question.build(scope, features, active, weeks_retained)
    return report(ClickHouseAdoptionQueries, engine, question, interval, low_adoption)
