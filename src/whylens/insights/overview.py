"""The overview: the few numbers a person opens whylens to see first, in one round trip.

It defines no metric of its own: everything comes from the sessions and trends insights.
"""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.sessions import sessions
from whylens.insights.trends import trends


def overview(engine: Engine, scope: Scope, top: int = 10) -> dict[str, Any]:
    """Totals, bounce and duration, activity per day, top events, landing pages and sources."""
    visits = sessions(engine, scope, top=top).to_dict()
    events = trends(engine, scope, ["*"], "day", "total").to_dict()["series"]
    persons = trends(engine, scope, ["*"], "day", "persons").to_dict()["series"]
    params = Params()
    top_events = engine.query(
        f"SELECT e.event, count(*) AS events, count(DISTINCT e.person_id) AS persons"
        f" FROM {scope.events(params, 'e.event, e.person_id')} e"
        f" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(top)}",
        params,
    ).to_pylist()
    daily = (
        [
            {"day": e["date"][:10], "events": e["value"], "persons": p["value"]}
            for e, p in zip(events[0]["data"], persons[0]["data"])
        ]
        if events
        else []
    )
    totals = {
        "events": events[0]["total"] if events else 0,
        "persons": visits["persons"],
        "sessions": visits["sessions"],
        "bounce_rate": visits["bounce_rate"],
        "median_session_s": visits["duration_s"]["median"],
        "pages_per_session": visits["pages_per_session"],
    }
    return {
        "totals": totals,
        "daily": daily,
        "top_events": top_events,
        "landing_pages": visits["entry_pages"],
        "sources": visits["sources"],
    }
