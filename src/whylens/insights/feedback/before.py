"""What persons did in the days before they answered NPS, per band: how many sessions, how long,
which events detractors did more often than promoters, and their last event before answering.

The answer looked back from is the person's latest NPS answer in scope, the one that sets their
band (answers.py), so every person counts once and in one band; the window reads their events
whatever the range and filters (scoped.history). Definitions: docs/metrics.md.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np

from whylens.engines.base import Engine
from whylens.insights.feedback import scoped
from whylens.insights.feedback.answers import BANDS, answers
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.segments import significance
from whylens.model.vocabulary import SURVEY_EVENTS

#: days looked back from the answer, when none are chosen
BEFORE_DAYS = 7
EVENTS_SHOWN = 10
LAST_EVENTS_SHOWN = 3


def _prior(scope: Scope, days: float) -> tuple[str, Params]:
    """WITH answered, sizes, prior: each band's persons, and their events in the window
    [answer - days, answer); `chosen` marks events a person chose to do (not `$` bookkeeping,
    not the survey's own events)."""
    params = Params()
    who = answers(scoped.rows(scope, params), params)
    events = scoped.history(scope).events(
        params, "e.person_id, e.event, e.session_id, e.timestamp, e.event_id"
    )
    sql = f"""
    WITH answered AS (
        SELECT person_id, nps_band AS band, answered_at FROM ({who}) WHERE nps_band IS NOT NULL
    ),
    sizes AS (SELECT band, count(*) AS n FROM answered GROUP BY band),
    prior AS (
        SELECT a.person_id, a.band, e.event, e.session_id, e.timestamp, e.event_id,
            NOT starts_with(e.event, '$') AND e.event NOT IN {params.add_all(list(SURVEY_EVENTS))}
                AS chosen
        FROM answered a JOIN {events} e ON e.person_id = a.person_id
            AND e.timestamp >= a.answered_at - to_seconds(CAST({params.add(days)} AS DOUBLE) * 86400)
            AND e.timestamp < a.answered_at
    )"""
    return sql, params


_BANDS = """
    , per_person AS (
        SELECT a.band, a.person_id, count(DISTINCT p.session_id) AS sessions, count(p.event) AS events
        FROM answered a LEFT JOIN prior p USING (person_id) GROUP BY ALL
    ), per_session AS (
        SELECT band, session_id,
            (epoch_us(max(timestamp)) - epoch_us(min(timestamp))) / 1e6 AS duration_s
        FROM prior GROUP BY ALL
    ), durations AS (
        SELECT band, median(duration_s) AS duration_median FROM per_session GROUP BY band
    )
    SELECT band, count(*) AS persons, count(*) FILTER (sessions > 0) AS active_persons,
        avg(sessions) AS sessions_mean, median(sessions) AS sessions_median,
        avg(events) AS events_mean, any_value(d.duration_median) AS session_duration_median_s
    FROM per_person LEFT JOIN durations d USING (band) GROUP BY band"""

_EVENTS = """
    , did AS (
        SELECT event, band, count(DISTINCT person_id) AS persons FROM prior WHERE chosen
        GROUP BY ALL
    ), counts AS (
        SELECT event,
            coalesce(max(persons) FILTER (band = 'detractor'), 0) AS detractors_n,
            coalesce(max(persons) FILTER (band = 'passive'), 0) AS passives_n,
            coalesce(max(persons) FILTER (band = 'promoter'), 0) AS promoters_n
        FROM did GROUP BY event
    ), shares AS (
        SELECT *,
            detractors_n / (SELECT n FROM sizes WHERE band = 'detractor') AS detractors,
            passives_n / (SELECT n FROM sizes WHERE band = 'passive') AS passives,
            promoters_n / (SELECT n FROM sizes WHERE band = 'promoter') AS promoters
        FROM counts
    )
    SELECT event, detractors, passives, promoters, detractors - promoters AS difference,
        detractors / nullif(promoters, 0) AS ratio, detractors_n, promoters_n
    FROM shares WHERE detractors > promoters
    ORDER BY difference DESC, event LIMIT {shown}"""

_LAST = """
    , last AS (
        SELECT band, person_id, arg_max(event, (timestamp, event_id)) AS event FROM prior
        WHERE chosen GROUP BY ALL
    )
    SELECT band, event, count(*) AS persons, count(*) / any_value(s.n) AS share
    FROM last JOIN sizes s USING (band) GROUP BY band, event
    QUALIFY row_number() OVER (PARTITION BY band ORDER BY count(*) DESC, event) <= {shown}
    ORDER BY band, persons DESC, event"""


def before_answer(engine: Engine, scope: Scope, days: float = BEFORE_DAYS) -> dict[str, Any]:
    """The `before_answer` part of `feedback_behavior`'s document (run on its recording engine).

    The answering persons and their events in the window are found once, then kept for the
    three questions asked of them (finding them is the part that reads every event)."""
    sql, params = _prior(scope, days)
    answered = engine.query(sql + " SELECT * FROM answered", params)
    prior = engine.query(sql + " SELECT * FROM prior", params)
    key = uuid.uuid4().hex
    with (
        engine.registered(f"_whylens_answered_{key}", answered) as answered_name,
        engine.registered(f"_whylens_prior_{key}", prior) as prior_name,
    ):
        kept = f"""
        WITH answered AS (SELECT * FROM {answered_name}),
        sizes AS (SELECT band, count(*) AS n FROM answered GROUP BY band),
        prior AS (SELECT * FROM {prior_name})"""
        per_band = {r["band"]: r for r in engine.query(kept + _BANDS).to_pylist()}
        params = Params()
        last = engine.query(
            kept + _LAST.format(shown=params.add(LAST_EVENTS_SHOWN)), params
        ).to_pylist()
        params = Params()
        events = engine.query(
            kept + _EVENTS.format(shown=params.add(EVENTS_SHOWN)), params
        ).to_pylist()
    return summary(days, per_band, last, events)


def summary(
    days: float,
    per_band: dict[str, dict[str, Any]],
    last: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> dict[str, Any]:
    """The part from its three queries' rows (the same on every engine)."""
    sizes = {band: per_band[band]["persons"] if band in per_band else 0 for band in BANDS}
    return {
        "days": days,
        "bands": [_band(band, per_band.get(band), last) for band in BANDS],
        "events": [_tested(row, sizes) for row in events],
    }


def _band(band: str, row: dict[str, Any] | None, last: list[dict[str, Any]]) -> dict[str, Any]:
    summary = row or {
        "band": band,
        "persons": 0,
        "active_persons": 0,
        "sessions_mean": None,
        "sessions_median": None,
        "events_mean": None,
        "session_duration_median_s": None,
    }
    return {
        **summary,
        "last_events": [
            {k: r[k] for k in ("event", "persons", "share")} for r in last if r["band"] == band
        ],
    }


def _tested(row: dict[str, Any], sizes: dict[str, int]) -> dict[str, Any]:
    """The event's shares with the difference's 95% interval and p-value (two-proportion z)."""
    k_d, k_p = row.pop("detractors_n"), row.pop("promoters_n")
    test = significance.proportions(
        (np.array([k_p]), np.array([sizes["promoter"]])),
        (np.array([k_d]), np.array([sizes["detractor"]])),
    )
    return {**row, "ci_low": test["ci_low"], "ci_high": test["ci_high"], "p_value": test["p_value"]}
