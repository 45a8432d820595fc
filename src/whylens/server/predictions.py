"""The prediction endpoints: /api/churn (the at-risk list with reasons, and the model's held-out
checks) and /api/clv (BG/NBD and Gamma-Gamma lifetime value), as `whylens churn` and `whylens
clv --json` answer them.

Churn models are trained on background threads and kept (server/churn_models.py): the same
question asked again is answered from the kept model, and new events, new feedback or a deleted
person train it again. Asked with `wait=false`, /api/churn answers 202 with the training's
progress instead of waiting for it; the server trains the default question as it starts (`warm`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, FastAPI, Query, Request

from whylens.insights import churn as churn_insight
from whylens.insights import dialects
from whylens.insights.churn import Events
from whylens.insights.inactivity import CHURN_DAYS
from whylens.insights.scope import Scope
from whylens.insights.units import duration_s
from whylens.server.access import ProjectWorkspace
from whylens.server.api import From, JSONDocument, Segment, Text, To, Where, answer, scope
from whylens.server.churn_models import ModelCache, Training
from whylens.workspace import Workspace

Duration = Annotated[str, Query(max_length=20, description="e.g. 30d, 6w")]
Event = Annotated[str, Query(min_length=1, max_length=500)]
INACTIVE = f"{CHURN_DAYS}d"
CANCEL = Events().cancel


def data_state(ws: Workspace) -> tuple[Any, ...]:
    """What a churn model was trained on: changes when events or feedback come or go."""
    row = ws.engine.query(
        "SELECT (SELECT count(*) FROM events WHERE project_id = $p) AS events,"
        " (SELECT max(timestamp) FROM events WHERE project_id = $p) AS last,"
        " (SELECT count(*) FROM feedback WHERE project_id = $p) AS feedback",
        {"p": ws.project_id},
    ).to_pylist()[0]
    return row["events"], row["last"], row["feedback"]


def _cache(state: Any) -> ModelCache:
    if getattr(state, "churn_models", None) is None:
        state.churn_models = ModelCache()
    return state.churn_models


def _training(
    cache: ModelCache, ws: Workspace, chosen: Scope, inactive: str, cancel: str
) -> tuple[Any, Training]:
    """The question's training on the current data: kept, running, or started now."""
    question = (ws.project_id, orjson.dumps(chosen.describe()), inactive, cancel)
    names = Events(cancel=cancel)

    def train(progress: Any) -> Any:
        return churn_insight.train(ws.engine, chosen, inactive, names, progress=progress)

    return question, cache.submit(question, data_state(ws), train)


def warm(app: FastAPI) -> Training | None:
    """Start training the default question of the served project, so that the churn page's first
    view finds it trained (or under way); None when there is nothing to learn from."""
    ws: Workspace = app.state.workspace
    if not _trains_on(ws.engine.dialect) or not data_state(ws)[0]:
        return None
    chosen = ws.scope(**scope(None, None, None))
    return _training(_cache(app.state), ws, chosen, INACTIVE, CANCEL)[1]


def _trains_on(dialect: str) -> bool:
    """Whether the churn model runs on this engine (on others, asking says why it cannot)."""
    try:
        return dialect == dialects.HOME or dialects.runner("churn_features", dialect) is not None
    except dialects.NotOnThisEngine:
        return False


def predictions_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["insights"], default_response_class=JSONDocument)

    @router.get("/churn")
    def churn(
        request: Request,
        ws: ProjectWorkspace,
        inactive: Duration = INACTIVE,
        cancel_event: Event = CANCEL,
        top: Annotated[int, Query(ge=1, le=10_000)] = 100,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
        wait: Annotated[
            bool, Query(description="false: 202 with the training's progress until trained")
        ] = True,
    ) -> Any:
        """The persons most at risk of churning with their reasons, and the model's AUC,
        precision at k, calibration, lift and drivers on the held-out period, as
        `whylens churn --json` (the model is trained once per question and data state).
        With `wait=false`: 202 and the training's stage while no model is ready; once one is,
        the document with `training` set while a newer model trains on newer data (else null)."""

        def run() -> Any:
            chosen = ws.scope(**scope(date_from, date_to, where, segment))
            duration_s(inactive)  # a mistake is told at once, without a training to wait for
            cache = _cache(request.app.state)
            question, training = _training(cache, ws, chosen, inactive, cancel_event)
            if wait or training.done.is_set():
                model, newer = training.result(), None
            else:
                model, newer = cache.latest(question), training.status()
                if model is None:
                    return JSONDocument(newer, status_code=202)
            document = churn_insight.at_risk(ws.engine, chosen, model, top=top).to_dict()
            return document if wait else {**document, "training": newer}

        return answer(run)

    @router.get("/clv")
    def clv(
        ws: ProjectWorkspace,
        purchase_event: Event,
        value_property: Text = None,
        until: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD")] = None,
        unit: Literal["day", "week"] = "day",
        horizon: Duration = "39w",
        top: Annotated[int, Query(ge=1, le=10_000)] = 100,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """BG/NBD and Gamma-Gamma fitted on purchases up to `until`, and the `top` persons by
        expected value (or purchases), as `whylens clv --json`."""
        return answer(
            lambda: ws.clv(
                purchase_event,
                value_property=value_property,
                until=until,
                unit=unit,
                horizon=horizon,
                top=top,
                **scope(date_from, date_to, where, segment),
            )
        )

    return router
