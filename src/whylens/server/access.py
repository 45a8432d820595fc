"""Who may query what: a read key names one project, and every /api answer is about that project.

A request shows its key as `Authorization: Bearer <key>` or `X-Whylens-Key: <key>`. Write keys
only send events (the capture routes); read keys query and manage one project's data. Without a
key, only a demo-mode server (`whylens serve --demo`, loopback only) answers, for the `default`
project. The key table is the capture service's, so a key created while the server runs works
at once (docs/api.md, "Keys").
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from whylens.model import keys
from whylens.server.scheduling import analyses_run_here
from whylens.workspace import Workspace


def _given_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-whylens-key") or None


def _grant(request: Request, key: str) -> keys.KeyGrant | None:
    """The key's grant; a key not known yet is looked up again (made since the server started)."""
    service = request.app.state.capture
    found = service.grants.get(keys.digest(key))
    if found is None:
        service.grants = keys.load_grants(service.workspace.engine)
        found = service.grants.get(keys.digest(key))
    return found


def demo_mode(request: Request) -> bool:
    return bool(request.app.state.capture.settings.demo_key)


def project_of(request: Request) -> str:
    """The project the caller may read, or 401/403 saying what is wrong with the key."""
    key = _given_key(request)
    if key is None:
        if demo_mode(request):
            return keys.DEMO_PROJECT
        raise HTTPException(
            401,
            "a read key is needed: send `Authorization: Bearer <read key>`"
            " (create one with `whylens project create NAME`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    grant = _grant(request, key)
    if grant is None:
        raise HTTPException(401, "unknown key", headers={"WWW-Authenticate": "Bearer"})
    if grant.kind != "read":
        raise HTTPException(
            403, "this is a write key: it only sends events; queries need a read key"
        )
    return grant.project_id


def project_workspace(request: Request) -> Workspace:
    """The workspace of the caller's project (one per project, kept for the server's life).

    Every analysis route takes it, in one of the worker threads that run analyses: those
    yield to capture (server/scheduling.py)."""
    analyses_run_here()
    project = project_of(request)
    served: Workspace = request.app.state.workspace
    if project == served.project_id:
        return served
    cache: dict[str, Workspace] | None = getattr(request.app.state, "project_workspaces", None)
    if cache is None:
        cache = request.app.state.project_workspaces = {}
    if project not in cache:
        cache[project] = Workspace(served.engine, project)
    return cache[project]


#: a route parameter typed with this gets the caller's project's workspace
ProjectWorkspace = Annotated[Workspace, Depends(project_workspace)]

router = APIRouter(prefix="/api", tags=["service"])


def facts(request: Request, key: str | None) -> dict[str, Any]:
    """Whether this server is in demo mode, and the project `key` (if any) reads."""
    grant = _grant(request, key) if key else None
    project = grant.project_id if grant and grant.kind == "read" else None
    if project is None and key is None and demo_mode(request):
        project = keys.DEMO_PROJECT
    return {
        "demo": demo_mode(request),
        "project": project,
        "key": key is not None and bool(project),
    }


@router.get("/access")
def access(request: Request) -> dict[str, Any]:
    """Whether this server is in demo mode, and the project the given key (if any) reads."""
    return facts(request, _given_key(request))
