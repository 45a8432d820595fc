"""`DELETE /api/persons/{person_id}`: the right to be forgotten, over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from whylens.errors import WhylensError
from whylens.model.privacy import delete_person
from whylens.server.access import ProjectWorkspace

router = APIRouter(tags=["persons"])


@router.delete("/api/persons/{person_id}")
def delete(person_id: str, ws: ProjectWorkspace) -> dict[str, Any]:
    """Remove the person's events, identities, traits, sessions and feedback (read key's project)."""
    try:
        return delete_person(ws.engine, ws.project_id, person_id)
    except WhylensError as exc:
        raise HTTPException(404, str(exc)) from exc
