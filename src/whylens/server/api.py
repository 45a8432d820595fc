"""The query API: one JSON endpoint per analysis, with the CLI's options as query parameters, so
the dashboard (and anyone with curl) asks exactly what `whylens <analysis> --json` answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from whylens.errors import WhylensError
from whylens.insights.paths.steps import MAX_DEPTH
from whylens.insights.scope import scope_options as scope
from whylens.server import persons as persons_
from whylens.server.access import ProjectWorkspace

Interval = Literal["hour", "day", "week", "month"]
Period = Literal["day", "week", "month"]
Text = Annotated[str | None, Query(max_length=500)]
Many = Annotated[list[str] | None, Query(max_length=50)]
From = Annotated[
    str | None, Query(alias="from", max_length=40, description="YYYY-MM-DD, ISO or -7d")
]
To = Annotated[str | None, Query(alias="to", max_length=40, description="end; a date includes it")]
Where = Annotated[
    list[str] | None, Query(max_length=20, description="property filter, repeatable: 'price > 10'")
]
BreakdownLimit = Annotated[int, Query(ge=1, le=100)]
Segment = Annotated[
    str | None, Query(max_length=64, description="only the persons of this saved segment")
]


class JSONDocument(Response):
    """orjson: NaN becomes null, datetimes ISO text, numpy scalars numbers."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(
            content, default=_default, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
        )


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def answer(call: Callable[[], Any]) -> Any:
    """A question whylens cannot answer is the caller's mistake: 400 with the message."""
    try:
        result = call()
    except WhylensError as exc:
        raise HTTPException(400, str(exc)) from None
    except OverflowError:  # a date or duration beyond what datetime holds (year 9999, -9e9y)
        raise HTTPException(400, "a date or duration is out of range") from None
    return result.to_dict() if hasattr(result, "to_dict") else result


def api_router() -> APIRouter:
    """The analyses under /api, each for the caller's project; an answer is the result's `to_dict()`."""
    router = APIRouter(prefix="/api", tags=["insights"], default_response_class=JSONDocument)

    @router.get("/trends")
    def trends(
        ws: ProjectWorkspace,
        events: Many = None,
        interval: Interval = "day",
        measure: Literal["total", "persons", "per_person", "dau", "wau", "mau"] = "total",
        compare: bool = False,
        breakdown: Text = None,
        breakdown_limit: BreakdownLimit = 10,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Events over time, as `whylens trends --json`; `events` repeatable ('*' for all)."""
        return answer(
            lambda: ws.trends(
                events or ["*"],
                interval,
                measure,
                breakdown=breakdown,
                breakdown_limit=breakdown_limit,
                compare=compare,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/sessions")
    def sessions(
        ws: ProjectWorkspace,
        interval: Interval = "day",
        bounce_rule: Literal["posthog", "plausible", "ga4"] = "posthog",
        bounce_threshold: Annotated[float, Query(gt=0, le=86400)] = 10,
        top: Annotated[int, Query(ge=1, le=1000)] = 10,
        breakdown: Text = None,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Sessions and web metrics, as `whylens sessions --json`."""
        return answer(
            lambda: ws.sessions(
                interval,
                bounce_rule=bounce_rule,
                bounce_threshold_s=bounce_threshold,
                breakdown=breakdown,
                top=top,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/retention")
    def retention(
        ws: ProjectWorkspace,
        start: Annotated[str, Query(max_length=500)] = "*",
        returning: Annotated[str, Query(alias="return", max_length=500)] = "*",
        period: Period = "week",
        periods: Annotated[int, Query(ge=1, le=100)] = 8,
        recurring: bool = False,
        unbounded: bool = False,
        average: Literal["weighted", "simple"] = "weighted",
        breakdown: Text = None,
        breakdown_limit: BreakdownLimit = 10,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Cohort retention, as `whylens retention --json`."""
        return answer(
            lambda: ws.retention(
                start,
                returning,
                period,
                periods,
                cohort="recurring" if recurring else "first_time",
                mode="on_or_after" if unbounded else "on",
                average=average,
                breakdown=breakdown,
                breakdown_limit=breakdown_limit,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/paths")
    def paths(
        ws: ProjectWorkspace,
        start: Text = None,
        end: Text = None,
        depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 5,
        top: Annotated[int, Query(ge=1, le=100)] = 10,
        top_paths: Annotated[int, Query(ge=1, le=100)] = 10,
        collapse: bool = False,
        pageviews: bool = False,
        by_session: bool = False,
        transitions: bool = False,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Next steps after `start`, before `end`, or between; `transitions` for every pair."""
        options = {
            "collapse": collapse,
            "pageviews": pageviews,
            "by_session": by_session,
            **scope(date_from, date_to, where, segment),
        }
        if transitions:
            if start or end:
                raise HTTPException(400, "transitions counts every pair: it takes no start/end")
            return answer(lambda: ws.path_transitions(**options))
        return answer(lambda: ws.paths(start, end, depth, top=top, top_paths=top_paths, **options))

    @router.get("/stickiness")
    def stickiness(
        ws: ProjectWorkspace,
        event: Annotated[str, Query(max_length=500)] = "*",
        period: Period = "week",
        interval: Literal["day", "hour"] = "day",
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Persons by active days per week or month, and DAU/MAU, as `whylens stickiness`."""
        return answer(
            lambda: ws.stickiness(
                event, period, interval, **scope(date_from, date_to, where, segment)
            )
        )

    @router.get("/lifecycle")
    def lifecycle(
        ws: ProjectWorkspace,
        event: Annotated[str, Query(max_length=500)] = "*",
        interval: Period = "day",
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """New, returning, resurrecting and dormant persons per interval."""
        return answer(
            lambda: ws.lifecycle(event, interval, **scope(date_from, date_to, where, segment))
        )

    @router.get("/adoption")
    def adoption(
        ws: ProjectWorkspace,
        features: Annotated[list[str], Query(min_length=1, max_length=50)],
        active: Annotated[str, Query(max_length=500)] = "*",
        weeks_retained: Annotated[int, Query(ge=1, le=52)] = 4,
        interval: Interval = "week",
        low_adoption: Annotated[float, Query(ge=0, le=1)] = 0.2,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Feature adoption per feature event, and breadth, as `whylens adoption --json`."""
        return answer(
            lambda: ws.adoption(
                features,
                active=active,
                weeks_retained=weeks_retained,
                interval=interval,
                low_adoption=low_adoption,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/persons")
    def persons(
        ws: ProjectWorkspace,
        q: Annotated[str, Query(max_length=200, description="part of an id or a trait value")] = "",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> Any:
        """Persons whose id or a trait value contains `q`, most recently seen first."""
        return answer(lambda: persons_.search(ws.engine, ws.project_id, q, limit))

    @router.get("/persons/{person_id}")
    def person(
        ws: ProjectWorkspace,
        person_id: Annotated[str, Path(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=2000)] = 200,
    ) -> Any:
        """One person: traits, sessions and their latest events."""
        found = answer(lambda: persons_.profile(ws.engine, ws.project_id, person_id, limit))
        if found is None:
            raise HTTPException(404, f"no person {person_id!r}")
        return found

    return router
