"""/api/segments: the caller's project's segments (create, list, show, delete, refresh), its
behavioral clusters (auto) and comparisons, as `whylens segments … --json` answers them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from whylens.insights.segments import MissingSegment
from whylens.insights.segments.store import SegmentExists
from whylens.server.access import ProjectWorkspace
from whylens.server.api import From, JSONDocument, Segment, Text, To, Where, answer, scope

Name = Annotated[str, Path(min_length=1, max_length=64)]
Names = Annotated[list[str], Query(min_length=2, max_length=10, description="segment names")]
Steps = Annotated[list[str] | None, Query(max_length=20, description="funnel steps, in order")]
K = Annotated[str, Query(pattern=r"^(auto|[0-9]{1,2})$", description="clusters, or auto")]
Window = Annotated[str, Query(max_length=20)]


class SegmentIn(BaseModel):
    """A segment to save: its rule (docs/segments.md) and whether members are kept now."""

    name: Annotated[str, Field(min_length=1, max_length=64)]
    definition: dict[str, Any]
    kind: Literal["dynamic", "static"] = "dynamic"
    description: Annotated[str | None, Field(max_length=500)] = None


def _call(call: Any) -> Any:
    """`answer`, with a missing segment a 404 and a name already taken a 409."""

    def run() -> Any:
        try:
            return call()
        except MissingSegment as exc:
            raise _Status(404, str(exc)) from None
        except SegmentExists as exc:
            raise _Status(409, str(exc)) from None

    try:
        return answer(run)
    except _Status as exc:
        raise HTTPException(exc.status, exc.detail) from None


class _Status(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def segments_router() -> APIRouter:
    router = APIRouter(prefix="/api/segments", tags=["segments"])

    @router.get("")
    def list_segments(ws: ProjectWorkspace) -> Any:
        """Saved segments with their sizes now."""
        return _call(ws.segments.all)

    @router.post("", status_code=201)
    def create_segment(ws: ProjectWorkspace, body: SegmentIn) -> Any:
        """Save a segment; a static one takes its members now."""
        return _call(
            lambda: ws.segments.create(
                body.name, body.definition, kind=body.kind, description=body.description
            )
        )

    @router.get("/auto", response_class=JSONDocument)
    def auto(
        ws: ProjectWorkspace,
        k: K = "auto",
        purchase_event: Annotated[str, Query(max_length=200)] = "purchase",
        value_property: Text = "revenue",
        save: Annotated[
            str | None, Query(max_length=40, description="save each group as PREFIX-<label>")
        ] = None,
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
        segment: Segment = None,
    ) -> Any:
        """Behavioral clusters with names, sizes and key metrics, as `whylens segments auto`."""
        return JSONDocument(
            _call(
                lambda: ws.segments.auto(
                    k if k == "auto" else int(k),
                    purchase_event=purchase_event,
                    value_property=value_property or None,
                    save=save,
                    **scope(date_from, date_to, where, segment),
                )
            )
        )

    @router.get("/compare", response_class=JSONDocument)
    def compare(
        ws: ProjectWorkspace,
        segments: Names,
        funnel: Steps = None,
        window: Window = "14d",
        purchase_event: Annotated[str, Query(max_length=200)] = "purchase",
        value_property: Text = "revenue",
        date_from: From = None,
        date_to: To = None,
        where: Where = None,
    ) -> Any:
        """Key metrics side by side with p-values and 95% intervals, as `segments compare`."""
        return JSONDocument(
            _call(
                lambda: ws.segments.compare(
                    segments,
                    funnel=funnel or None,
                    window=window,
                    purchase_event=purchase_event,
                    value_property=value_property or None,
                    date_from=date_from,
                    date_to=date_to,
                    where=list(where or []),
                )
            )
        )

    @router.get("/{name}")
    def show_segment(
        ws: ProjectWorkspace,
        name: Name,
        members: Annotated[int, Query(ge=0, le=1000)] = 20,
    ) -> Any:
        """A segment, its size and its first members."""
        return _call(lambda: ws.segments.show(name, members))

    @router.delete("/{name}")
    def delete_segment(ws: ProjectWorkspace, name: Name) -> Any:
        return _call(lambda: ws.segments.delete(name))

    @router.post("/{name}/refresh")
    def refresh_segment(ws: ProjectWorkspace, name: Name) -> Any:
        """Members taken anew (static); stored churn scores the rule uses computed again."""
        return _call(lambda: ws.segments.refresh(name))

    return router
