"""GET /api/overview: the overview page's numbers. Its main funnel is the one the caller names
(`steps`, or a saved funnel's id), else the project's most recently saved funnel."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query

from whylens.errors import WhylensError
from whylens.insights.comparison import DEFAULT_DAYS
from whylens.insights.funnels.spec import DEFAULT_WINDOW, build_spec, steps_with_filters
from whylens.insights.overview import MainFunnel, overview
from whylens.server.access import ProjectWorkspace
from whylens.server.api import From, JSONDocument, Segment, To, Where, answer
from whylens.server.saved import Store

Order = Literal["ordered", "strict", "unordered"]


def _listed(value: Any) -> list[str]:
    """A saved option as a list, whether it was saved as one value or several."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def saved_funnel(store: Store, insight_id: str | None) -> tuple[MainFunnel, str] | None:
    """The saved funnel `insight_id`, or the most recently changed one; with its id."""
    funnels = [i for i in store.insights() if i["kind"] == "funnel"]
    if insight_id is not None:
        funnels = [i for i in funnels if i["insight_id"] == insight_id]
        if not funnels:
            raise HTTPException(404, f"no saved funnel {insight_id!r}")
    if not funnels:
        return None
    chosen, options = funnels[0], funnels[0]["options"]
    funnel = MainFunnel(
        steps_with_filters(_listed(options.get("steps")), _listed(options.get("step_where"))),
        window=options.get("window") or DEFAULT_WINDOW,
        order=str(options.get("order") or "ordered"),
        exclusions=_listed(options.get("exclude")),
        hold=options.get("hold") or None,
        name=chosen["name"],
    )
    return funnel, chosen["insight_id"]


def _unusable(funnel: MainFunnel | None) -> str | None:
    """Why a saved funnel cannot be run (its options were saved by hand, or long ago)."""
    if funnel is None:
        return None
    try:
        build_spec(funnel.steps, funnel.window, funnel.order, funnel.exclusions, hold=funnel.hold)
    except WhylensError as exc:
        return str(exc)
    return None


def overview_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["insights"], default_response_class=JSONDocument)

    @router.get("/overview")
    def api_overview(
        ws: ProjectWorkspace,
        funnel: Annotated[
            str | None, Query(max_length=64, description="a saved funnel's id (default: latest)")
        ] = None,
        steps: Annotated[
            list[str] | None, Query(max_length=20, description="an unsaved main funnel's steps")
        ] = None,
        window: Annotated[str, Query(max_length=20)] = DEFAULT_WINDOW,
        order: Order = "ordered",
        days: Annotated[int, Query(ge=1, le=3660)] = DEFAULT_DAYS,
        top: Annotated[int, Query(ge=1, le=100)] = 10,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Persons, sessions, bounce rate, median session and the main funnel's conversion, each
        with its daily line and change against the period before; activity, top events,
        landing pages and sources. The period is `from`–`to`, else the data's last `days`."""

        def run() -> dict[str, Any]:
            main, insight_id, broken = MainFunnel(steps, window, order), None, None
            if not steps:
                found = saved_funnel(Store(ws.engine, ws.project_id), funnel)
                main, insight_id = found if found else (None, None)
                broken = _unusable(main)
            scope = ws.scope(date_from, date_to, where, segment)
            document = overview(
                ws.engine, scope, top=top, funnel=None if broken else main, days=days
            )
            if main is not None:  # a saved funnel that cannot run leaves the rest standing
                document["funnel"] = {**main.describe(), "insight_id": insight_id}
                if broken:
                    document["funnel"]["error"] = broken
            return document

        return answer(run)

    return router
