"""Per-person behavioral features at a cutoff date, computed in SQL, and the churn label observed
after it: what a churn model learns from, with nothing from after the cutoff in the features.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.inactivity import churned
from whylens.insights.params import Params
from whylens.insights.scope import Scope

WINDOW_DAYS = 28
#: events that are navigation or account bookkeeping, never a person's "key feature"
NOT_FEATURES = ("$pageview", "$pageleave", "$identify", "login", "signup")
#: the model's inputs, in order
COLUMNS = (
    "days_since_last_seen",
    "tenure_days",
    "active_days_recent",
    "active_days_previous",
    "active_days_change",
    "sessions_recent",
    "sessions_previous",
    "sessions_change",
    "events_recent",
    "events_previous",
    "events_change",
    "key_event_change",
    "cart_abandoned",
    "support_contacts",
    "negative_feedback",
)


#: the distinct counts of `_query`'s `active`, in the columns' order
_ACTIVE = ("active_days_recent", "active_days_previous", "sessions_recent", "sessions_previous")


@dataclass(frozen=True)
class Events:
    """Which event names mean what; the defaults are the demo shop's."""

    cancel: str = "cancel_subscription"
    cart: str = "add_to_cart"
    purchase: str = "purchase"
    support: str = "support_contact"


def features(
    engine: Engine,
    scope: Scope,
    cutoff: datetime,
    inactive_days: float = 30.0,
    names: Events = Events(),
    labelled: bool = True,
) -> pd.DataFrame:
    """One row per person of the population at `cutoff`: `person_id`, `key_event`, the COLUMNS
    and, when `labelled`, `churned` (no event in the `inactive_days` after the cutoff, or a cancel).

    The population: persons seen within `inactive_days` before the cutoff who have not cancelled.
    `recent` = the 4 weeks before the cutoff, `previous` = the 4 weeks before those.
    """
    frame = feature_rows(engine, scope, cutoff, inactive_days, names, labelled)
    for name in ("active_days", "sessions", "events"):
        recent, previous = frame[f"{name}_recent"], frame[f"{name}_previous"]
        frame[f"{name}_change"] = _change(recent, previous)
    frame["key_event_change"] = _change(frame["key_recent"], frame["key_previous"])
    frame["cart_abandoned"] = frame["cart_abandoned"].astype(float)
    return frame.drop(columns=["key_recent", "key_previous"]).reset_index(drop=True)


@per_dialect("churn_features")
def feature_rows(
    engine: Engine,
    scope: Scope,
    cutoff: datetime,
    inactive_days: float,
    names: Events,
    labelled: bool,
) -> pd.DataFrame:
    """What SQL computes of `features`, per person by id: person_id, the counts before the
    cutoff (recent and previous windows), key_event with key_recent and key_previous,
    negative_feedback and, when `labelled`, churned."""
    sql, params = _query(scope, cutoff, inactive_days, names, labelled)
    return engine.query(sql, params).to_pandas()


def _change(recent: pd.Series, previous: pd.Series) -> pd.Series:
    """Relative change, e.g. -0.7 for "down 70%"; NaN when there was nothing before."""
    before = previous.astype(float)
    return (recent.astype(float) - before) / before.where(before > 0, np.nan)


def _query(
    scope: Scope, cutoff: datetime, inactive_days: float, names: Events, labelled: bool
) -> tuple[str, Params]:
    params = Params()
    c = params.add(cutoff)
    recent = params.add(cutoff - timedelta(days=WINDOW_DAYS))
    previous = params.add(cutoff - timedelta(days=2 * WINDOW_DAYS))
    cancel, cart, purchase, support = (
        params.add(n) for n in (names.cancel, names.cart, names.purchase, names.support)
    )
    history = scope.events(
        params, "e.person_id, e.event, e.timestamp, e.session_id", f"e.timestamp < {c}"
    )
    skip = params.add_all(list(NOT_FEATURES) + [names.cancel, names.support])
    days = params.add(inactive_days)
    label, label_join = "", ""
    if labelled:  # churned by the end of the inactive period after the cutoff, or cancelled in it
        until = params.add(cutoff + timedelta(days=inactive_days))
        future = scope.events(
            params,
            "e.person_id, e.event, e.timestamp",
            f"e.timestamp >= {c} AND e.timestamp < {until}",
        )
        last = "coalesce(f.last_seen, b.last_seen)"
        label = f", {churned(last, until, days)} OR coalesce(f.cancels, 0) > 0 AS churned"
        label_join = (
            f" LEFT JOIN (SELECT person_id, max(timestamp) AS last_seen, count(*) FILTER"
            f" (event = {cancel}) AS cancels FROM {future} x GROUP BY person_id) f"
            f" ON f.person_id = b.person_id"
        )
    project = params.add(scope.project_id)
    # `h` is read by several parts: scanned again by each (with its own filters pushed down), as
    # that is cheaper than DuckDB materializing every event before the cutoff once. The distinct
    # counts read only the two windows (`active`): over the whole history, each of them cost a
    # grouping of every event.
    sql = f"""
        WITH h AS NOT MATERIALIZED {history},
        base AS (
            SELECT person_id, max(timestamp) AS last_seen,
                date_diff('second', max(timestamp), {c}) / 86400.0 AS days_since_last_seen,
                date_diff('second', min(timestamp), {c}) / 86400.0 AS tenure_days,
                count(*) FILTER (timestamp >= {recent}) AS events_recent,
                count(*) FILTER (timestamp >= {previous} AND timestamp < {recent}) AS events_previous,
                count(*) FILTER (event = {support} AND timestamp >= {previous}) AS support_contacts,
                coalesce(max(timestamp) FILTER (event = {cart} AND timestamp >= {previous})
                    > coalesce(max(timestamp) FILTER (event = {purchase}), TIMESTAMP '1970-01-01'),
                    FALSE) AS cart_abandoned
            FROM h GROUP BY person_id  -- the population: not churned by the cutoff, no cancel
            HAVING NOT {churned("max(timestamp)", c, days)} AND count(*) FILTER (event = {cancel}) = 0
        ),
        active AS (
            SELECT person_id,
                count(DISTINCT day) FILTER (is_recent) AS active_days_recent,
                count(DISTINCT day) FILTER (NOT is_recent) AS active_days_previous,
                count(DISTINCT session_id) FILTER (is_recent) AS sessions_recent,
                count(DISTINCT session_id) FILTER (NOT is_recent) AS sessions_previous
            FROM (
                SELECT DISTINCT person_id, CAST(timestamp AS DATE) AS day, session_id,
                    timestamp >= {recent} AS is_recent
                FROM h WHERE timestamp >= {previous}
            ) GROUP BY person_id
        ),
        uses AS (
            SELECT person_id, event,
                count(*) FILTER (timestamp >= {recent}) AS n_recent,
                count(*) FILTER (timestamp < {recent}) AS n_previous
            FROM h WHERE timestamp >= {previous} AND event NOT IN {skip}
            GROUP BY person_id, event
        ),
        key AS (  -- the person's most used feature before; ties go to the first name
            SELECT person_id, event AS key_event, n_recent AS key_recent, n_previous AS key_previous
            FROM uses WHERE n_previous > 0
            QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY n_previous DESC, event) = 1
        ),
        unhappy AS (
            SELECT person_id, count(*) AS negative_feedback FROM feedback
            WHERE project_id = {project} AND timestamp >= {previous} AND timestamp < {c}
                AND ((kind = 'nps' AND score <= 6) OR (kind = 'csat' AND score <= 2))
            GROUP BY person_id
        )
        SELECT b.person_id, b.days_since_last_seen, b.tenure_days,
            {", ".join(f"coalesce(a.{n}, 0) AS {n}" for n in _ACTIVE)},
            b.* EXCLUDE (person_id, last_seen, days_since_last_seen, tenure_days),
            k.key_event, coalesce(k.key_recent, 0) AS key_recent,
            coalesce(k.key_previous, 0) AS key_previous,
            coalesce(u.negative_feedback, 0) AS negative_feedback{label}
        FROM base b LEFT JOIN active a ON a.person_id = b.person_id
        LEFT JOIN key k ON k.person_id = b.person_id
        LEFT JOIN unhappy u ON u.person_id = b.person_id{label_join}
        ORDER BY b.person_id
    """
    return sql, params
