"""The funnel endpoints: /api/funnel (as `whylens funnel --json`, with its trend, correlation
and a first page of who dropped off) and /api/funnel/dropped (all of them, JSON or CSV). Both
read one funnel definition, so the list a page exports is the funnel it shows."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from whylens.insights.funnels.correlation import DEFAULT_PROPERTIES
from whylens.insights.funnels.result import FunnelResult
from whylens.insights.funnels.spec import steps_with_filters
from whylens.server.access import ProjectWorkspace
from whylens.server.api import (
    BreakdownLimit,
    From,
    JSONDocument,
    Many,
    Period,
    Segment,
    Text,
    To,
    Where,
    answer,
    scope,
)
from whylens.workspace import Workspace

#: persons listed with /api/funnel?dropped_at=N; /api/funnel/dropped lists them all
DROPPED_SHOWN = 500
Step = Annotated[int, Query(ge=1, le=19, description="a step number below the last")]


class FunnelQuery:
    """The funnel's definition and scope, as query parameters (the CLI's options)."""

    def __init__(
        self,
        steps: Annotated[list[str], Query(min_length=2, max_length=20)],
        window: Annotated[str, Query(max_length=20)] = "14d",
        order: Literal["ordered", "strict", "unordered"] = "ordered",
        step_where: Many = None,
        exclude: Many = None,
        breakdown: Text = None,
        breakdown_limit: BreakdownLimit = 10,
        attribution: Annotated[str, Query(max_length=20)] = "first_touch",
        hold: Text = None,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> None:
        self.steps, self.step_where, self.exclude = steps, step_where, exclude
        self.options = {
            "window": window,
            "order": order,
            "breakdown": breakdown,
            "attribution": attribution,
            "breakdown_limit": breakdown_limit,
            "hold": hold,
            **scope(date_from, date_to, where, segment),
        }

    def run(self, ws: Workspace, trend: str | None = None) -> FunnelResult:
        return ws.funnel(
            steps_with_filters(self.steps, self.step_where),
            exclusions=list(self.exclude or []),
            trend=trend,
            **self.options,
        )


Funnel = Annotated[FunnelQuery, Depends()]


def funnels_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["insights"], default_response_class=JSONDocument)

    @router.get("/funnel")
    def funnel(
        ws: ProjectWorkspace,
        query: Funnel,
        trend: Period | None = None,
        dropped_at: Step | None = None,
        correlation: bool = False,
        correlation_property: Annotated[
            list[str] | None, Query(max_length=20, description="default: browser, device, …")
        ] = None,
        top: Annotated[int, Query(ge=1, le=100, description="correlations each way")] = 10,
    ) -> Any:
        """Persons per step, as `whylens funnel --json`; `trend` adds conversion by entry
        period, `correlation` what goes with converting, `dropped_at=N` who stopped at N."""

        def run() -> dict[str, Any]:
            result = query.run(ws, trend)
            document = dict(result.to_dict())
            if correlation:
                properties = correlation_property or DEFAULT_PROPERTIES
                document["correlation"] = result.correlation(properties, top).to_dict()
            if dropped_at is not None:
                frame = result.dropped(dropped_at)
                document["dropped"] = {
                    "step": dropped_at,
                    "count": len(frame),
                    "persons": frame.head(DROPPED_SHOWN).to_dict("records"),
                }
            return document

        return answer(run)

    @router.get(
        "/funnel/dropped",
        responses={200: {"content": {"text/csv": {}}, "description": "JSON or CSV"}},
    )
    def dropped(
        ws: ProjectWorkspace,
        query: Funnel,
        step: Step,
        format: Literal["json", "csv"] = "json",  # noqa: A002 - the parameter's public name
    ) -> Any:
        """Every person whose furthest step was `step`, as `whylens funnel --dropped-at N`
        (`format=csv` for the file `--csv` writes)."""

        def run() -> Any:
            frame = query.run(ws).dropped(step)
            if format == "csv":
                return Response(
                    frame.to_csv(index=False),
                    media_type="text/csv",
                    headers={
                        "Content-Disposition": f'attachment; filename="dropped-step-{step}.csv"'
                    },
                )
            return {"step": step, "count": len(frame), "persons": frame.to_dict("records")}

        return answer(run)

    return router
