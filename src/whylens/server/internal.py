"""Routes for other local processes while this server owns the database (see engines/remote).

Only loopback clients holding the token from the handle file get in; the statements still run on
a read-only cursor, so a query cannot change data behind the server's back.
"""

from __future__ import annotations

import secrets
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc
from fastapi import APIRouter, Header, HTTPException, Request, Response
from pydantic import BaseModel

from whylens.errors import WhylensError
from whylens.ingest.importer import ImportOptions, import_paths

_LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


class QueryBody(BaseModel):
    sql: str
    params: list[Any] | dict[str, Any] | None = None


class ImportBody(BaseModel):
    paths: list[str]
    column_map: dict[str, str] = {}
    tz: str | None = None
    fmt: str | None = None
    rejects_path: str | None = None
    drop_properties: list[str] = []
    mask_properties: list[str] = []
    geoip: str | None = None


def internal_router(token: str) -> APIRouter:
    router = APIRouter(prefix="/internal", include_in_schema=False)

    def check(request: Request, given: str | None) -> None:
        host = request.client.host if request.client else ""
        if host not in _LOOPBACK or not given or not secrets.compare_digest(given, token):
            raise HTTPException(403, "local clients with the server's token only")

    @router.post("/query")
    def query(
        body: QueryBody, request: Request, x_whylens_token: str | None = Header(None)
    ) -> Response:
        check(request, x_whylens_token)
        engine = request.app.state.workspace.engine
        try:
            table = engine.read_only_query(body.sql, body.params)
        except WhylensError as exc:
            raise HTTPException(400, str(exc)) from exc
        sink = pa.BufferOutputStream()
        with ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return Response(
            sink.getvalue().to_pybytes(), media_type="application/vnd.apache.arrow.stream"
        )

    @router.post("/import")
    def import_(
        body: ImportBody, request: Request, x_whylens_token: str | None = Header(None)
    ) -> dict:
        check(request, x_whylens_token)
        ws = request.app.state.workspace
        try:
            options = ImportOptions(
                column_map=body.column_map,
                tz=body.tz,
                fmt=body.fmt,
                project_id=ws.project_id,
                drop_properties=tuple(body.drop_properties),
                mask_properties=tuple(body.mask_properties),
                geoip=body.geoip,
            )
            summary = import_paths(ws.engine, body.paths, options, None, body.rejects_path)
        except WhylensError as exc:
            raise HTTPException(400, str(exc)) from exc
        document = summary.to_dict()
        document["rejects"] = [r.describe() for r in summary.rejects[:100]]
        return document

    return router
