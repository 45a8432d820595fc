"""Churn features on ClickHouse: the rows of insights/churn/features.py (what the model learns
from), one group per person over their events before the cutoff, the key feature picked with
argMin over (most previous uses, name) instead of a window. The model is the same Python code
on both engines.

Inactivity (insights/inactivity.py: no event in the `days` before a moment) is tested against
the moment `days` before, worked out here and bound as a value.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.churn.features import NOT_FEATURES, WINDOW_DAYS, Events
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.params import Params
from whylens.insights.scope import Scope

_BASE = """
    SELECT e.person_id AS person_id,
        dateDiff('second', max(e.timestamp), {c}) / 86400.0 AS days_since_last_seen,
        dateDiff('second', min(e.timestamp), {c}) / 86400.0 AS tenure_days,
        uniqExactIf(toDate32(e.timestamp), e.timestamp >= {recent}) AS active_days_recent,
        uniqExactIf(toDate32(e.timestamp), e.timestamp >= {previous} AND e.timestamp < {recent})
            AS active_days_previous,
        uniqExactIf(e.session_id, e.timestamp >= {recent}) AS sessions_recent,
        uniqExactIf(e.session_id, e.timestamp >= {previous} AND e.timestamp < {recent})
            AS sessions_previous,
        countIf(e.timestamp >= {recent}) AS events_recent,
        countIf(e.timestamp >= {previous} AND e.timestamp < {recent}) AS events_previous,
        countIf(e.event = {support} AND e.timestamp >= {previous}) AS support_contacts,
        coalesce(maxIf(e.timestamp, e.event = {cart} AND e.timestamp >= {previous})
            > coalesce(maxIf(e.timestamp, e.event = {purchase}), toDateTime64(0, 6, 'UTC')),
            false) AS cart_abandoned,
        max(e.timestamp) AS last_seen
    FROM {events} WHERE {conditions}
    GROUP BY person_id
    HAVING max(e.timestamp) >= {seen_since} AND countIf(e.event = {cancel}) = 0
"""
#: per person: the most used feature of the previous window (ties: the first name), and its uses
_KEY = """
    SELECT person_id, best.1 AS key_event, best.2 AS key_recent, best.3 AS key_previous FROM (
        SELECT person_id, argMin((event, n_recent, n_previous), (-n_previous, event)) AS best
        FROM (
            SELECT e.person_id AS person_id, e.event AS event,
                countIf(e.timestamp >= {recent}) AS n_recent,
                countIf(e.timestamp < {recent}) AS n_previous
            FROM {events}
            WHERE {conditions} AND e.timestamp >= {previous} AND e.event NOT IN {skip}
            GROUP BY person_id, event
        ) WHERE n_previous > 0 GROUP BY person_id
    )
"""
_UNHAPPY = """
    SELECT person_id, count() AS negative_feedback FROM feedback
    WHERE project_id = {project} AND timestamp >= {previous} AND timestamp < {c}
        AND ((kind = 'nps' AND score <= 6) OR (kind = 'csat' AND score <= 2))
    GROUP BY person_id
"""
_FUTURE = """
    SELECT e.person_id AS person_id, max(e.timestamp) AS last_seen,
        countIf(e.event = {cancel}) AS cancels
    FROM {events} WHERE {conditions} GROUP BY person_id
"""


@implements("churn_features", "clickhouse")
def feature_rows(
    engine: Engine,
    scope: Scope,
    cutoff: datetime,
    inactive_days: float,
    names: Events,
    labelled: bool,
) -> pd.DataFrame:
    params = Params()
    p = {
        "c": params.add(cutoff),
        "recent": params.add(cutoff - timedelta(days=WINDOW_DAYS)),
        "previous": params.add(cutoff - timedelta(days=2 * WINDOW_DAYS)),
        "seen_since": params.add(cutoff - timedelta(days=inactive_days)),
        "events": where.events(scope),
    }
    p.update({k: params.add(getattr(names, k)) for k in ("cancel", "cart", "purchase", "support")})
    history = where.conditions(scope, params, f"e.timestamp < {p['c']}")
    skip = params.add_all(list(NOT_FEATURES) + [names.cancel, names.support])
    base = _BASE.format(conditions=history, **p)
    key = _KEY.format(conditions=history, skip=skip, **p)
    unhappy = _UNHAPPY.format(project=params.add(scope.project_id), **p)
    label, label_join = "", ""
    if labelled:  # churned: no event in the inactive period after the cutoff, or a cancel in it
        until = params.add(cutoff + timedelta(days=inactive_days))
        ahead = where.conditions(
            scope, params, f"e.timestamp >= {p['c']}", f"e.timestamp < {until}"
        )
        future = _FUTURE.format(conditions=ahead, **p)
        label = (
            f", coalesce(coalesce(f.last_seen, b.last_seen) < {p['c']}, true)"
            " OR coalesce(f.cancels, 0) > 0 AS churned"
        )
        label_join = f" LEFT JOIN ({future}) f ON f.person_id = b.person_id"
    sql = f"""
        SELECT b.person_id AS person_id, b.days_since_last_seen AS days_since_last_seen,
            b.tenure_days AS tenure_days, b.active_days_recent AS active_days_recent,
            b.active_days_previous AS active_days_previous, b.sessions_recent AS sessions_recent,
            b.sessions_previous AS sessions_previous, b.events_recent AS events_recent,
            b.events_previous AS events_previous, b.support_contacts AS support_contacts,
            b.cart_abandoned AS cart_abandoned, k.key_event AS key_event,
            coalesce(k.key_recent, 0) AS key_recent, coalesce(k.key_previous, 0) AS key_previous,
            coalesce(u.negative_feedback, 0) AS negative_feedback{label}
        FROM ({base}) b LEFT JOIN ({key}) k ON k.person_id = b.person_id
        LEFT JOIN ({unhappy}) u ON u.person_id = b.person_id{label_join}
        ORDER BY person_id
    """
    return engine.query(sql, params).to_pandas()
