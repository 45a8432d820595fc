"""The app factory: routes over a workspace; the process that serves owns the database."""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import plotly
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse

from whylens.server.access import ProjectWorkspace, facts
from whylens.server.access import router as access_router
from whylens.server.api import api_router
from whylens.server.capture import (
    CaptureFirst,
    CaptureService,
    CaptureSettings,
    capture_router,
)
from whylens.server.capture_openapi import document_capture
from whylens.server.feedback import feedback_router
from whylens.server.funnels import funnels_router
from whylens.server.internal import internal_router
from whylens.server.overview import overview_router
from whylens.server.predictions import predictions_router
from whylens.server.privacy import router as privacy_router
from whylens.server.saved import saved_router
from whylens.server.segments import segments_router
from whylens.workspace import Workspace

_STATIC = resources.files("whylens.dashboard") / "static"
_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
#: dashboard pages beside the overview, and the file that draws each (see dashboard/static)
ANALYSIS_PAGES = ("trends", "funnels", "retention", "paths", "sessions")
ANALYSIS_PAGES += ("stickiness", "lifecycle", "adoption")
ANALYSIS_PAGES += ("churn", "clv")
PAGES = {
    **dict.fromkeys(ANALYSIS_PAGES, "insight.html"),
    "persons": "persons.html",
    "sentiment": "sentiment.html",
    "saved": "saved.html",
    "segments": "segments.html",
}


def create_app(
    workspace: Workspace, token: str | None = None, capture: CaptureSettings | None = None
) -> FastAPI:
    """The service over a workspace; with a token, local processes may query through it.

    The capture endpoints (docs/ingestion.md) run while the app's lifespan does: the log is
    replayed on start-up and drained into the store on shutdown.
    """
    service = CaptureService(workspace, capture or CaptureSettings())
    app = CaptureFirst(
        title="whylens",
        version="0.1.0",
        description="Customer behavior analytics: query API and dashboard.",
        lifespan=service.lifespan,
    )
    app.state.workspace = workspace
    app.state.capture = service
    app.include_router(capture_router(service, token))
    app.capture_routes = service.routes
    document_capture(app)
    if token:
        app.include_router(internal_router(token))
    app.include_router(access_router)
    app.include_router(api_router())
    app.include_router(funnels_router())
    app.include_router(overview_router())
    app.include_router(predictions_router())
    app.include_router(feedback_router())
    app.include_router(saved_router())
    app.include_router(segments_router())
    app.include_router(privacy_router)

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """200 once the service is ready."""
        return {"status": "ok"}

    @app.get("/api/info", tags=["data"])
    def info(ws: ProjectWorkspace) -> dict[str, Any]:
        """Counts and time range, as `whylens info --json`."""
        return ws.info()

    app.add_api_route(
        "/", _page("index.html"), response_class=HTMLResponse, include_in_schema=False
    )

    for page, filename in PAGES.items():
        app.add_api_route(
            f"/{page}", _page(filename), response_class=HTMLResponse, include_in_schema=False
        )

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        if name == "plotly.min.js":
            return FileResponse(_PLOTLY_JS, media_type="text/javascript")
        allowed = {entry.name for entry in _STATIC.iterdir()}
        if name not in allowed:
            from fastapi import HTTPException

            raise HTTPException(404, f"no static file {name!r}")
        return FileResponse(str(_STATIC / name))

    return app


def _page(filename: str) -> Any:
    """A dashboard page holding the server's answer to /api/access without a key (`data-access`
    on its <html>): a browser with no key stored starts its calls without that round trip."""

    def page(request: Request) -> str:
        answer = html.escape(orjson.dumps(facts(request, None)).decode(), quote=True)
        text = (_STATIC / filename).read_text("utf-8")
        return text.replace('<html lang="en">', f'<html lang="en" data-access="{answer}">', 1)

    return page
