"""The feedback analyses under /api/feedback, with the CLI's options as query parameters: each
answers what `whylens feedback <command> --json` prints, for the caller's project, over the date
range, property filters and segment every /api analysis takes (`from`, `to`, `where`, `segment`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from whylens.insights.feedback.before import BEFORE_DAYS
from whylens.insights.feedback.behavior import CHURN_DAYS, feedback_behavior
from whylens.insights.feedback.listing import LABELS, feedback_list
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.themes import feedback_themes
from whylens.insights.feedback.trends import BY, feedback_trends
from whylens.insights.scope import scope_options as scope
from whylens.model.feedback import KINDS
from whylens.server.access import ProjectWorkspace
from whylens.server.api import From, JSONDocument, Segment, To, Where, answer
from whylens.workspace import Workspace

Interval = Literal["week", "month"]
#: items answered when no limit is asked: the newest; a page of a dashboard, not the whole store
LIST_LIMIT = 1000


def _scored(ws: Workspace) -> None:
    """New rows are scored in this process (no worker processes forked from a server)."""
    score_feedback(ws.engine, ws.project_id, workers=1)


def feedback_router() -> APIRouter:
    router = APIRouter(
        prefix="/api/feedback", tags=["feedback"], default_response_class=JSONDocument
    )

    @router.get("/list")
    def list_(
        ws: ProjectWorkspace,
        label: Literal[LABELS] | None = None,  # type: ignore[valid-type]
        theme: Annotated[str | None, Query(max_length=100)] = None,
        kind: Literal[KINDS] | None = None,  # type: ignore[valid-type]
        limit: Annotated[int, Query(ge=1, le=100_000)] = LIST_LIMIT,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Feedback items, newest first, with sentiment, label and themes (`feedback list`)."""
        _scored(ws)
        return answer(
            lambda: feedback_list(
                ws.engine,
                ws.project_id,
                label=label,
                theme=theme,
                kind=kind,
                limit=limit,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/themes")
    def themes(
        ws: ProjectWorkspace,
        interval: Interval = "month",
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Per theme: mentions, negative share, trend, phrases and quotes (`feedback themes`)."""
        _scored(ws)
        return answer(
            lambda: feedback_themes(
                ws.engine,
                ws.project_id,
                interval=interval,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/trends")
    def trends(
        ws: ProjectWorkspace,
        interval: Interval = "week",
        by: Annotated[
            str | None, Query(max_length=200, description=f"split by one of {', '.join(BY)}")
        ] = None,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """NPS, CSAT, CES and sentiment per period with 95% intervals and drops (`feedback
        trends`)."""
        _scored(ws)
        return answer(
            lambda: feedback_trends(
                ws.engine,
                ws.project_id,
                interval=interval,
                by=by,
                **scope(date_from, date_to, where, segment),
            )
        )

    @router.get("/behavior")
    def behavior(
        ws: ProjectWorkspace,
        churn_days: Annotated[int, Query(ge=1, le=3650)] = CHURN_DAYS,
        before_days: Annotated[int, Query(ge=1, le=3650)] = BEFORE_DAYS,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Churn by NPS band and sentiment; events of promoters and detractors; what each band
        did before answering (`feedback behavior`)."""
        _scored(ws)
        return answer(
            lambda: feedback_behavior(
                ws.engine,
                ws.project_id,
                churn_days=churn_days,
                before_days=before_days,
                **scope(date_from, date_to, where, segment),
            )
        )

    return router
