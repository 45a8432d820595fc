"""`DELETE /api/persons/{person_id}`: the right to be forgotten, over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from whylens.errors import WhylensError
from whylens.model.privacy import delete_person

router = APIRouter(tags=["persons"])


@router.delete("/api/persons/{person_id}")
def delete(person_id: str, request: Request) -> dict[str, Any]:
    """Remove the person's events, identities, traits, sessions and feedback."""
    workspace = request.app.state.workspace
    try:
        return delete_person(workspace.engine, workspace.project_id, person_id)
    except WhylensError as exc:
        raise HTTPException(404, str(exc)) from exc
