"""Reaching a database that a running `whylens serve` owns.

DuckDB lets one process write a file. While the server runs, other processes (the CLI, a
notebook) send their SQL to it over loopback, authenticated by a token the server leaves beside
the database in a file only its owner can read. Results come back as Arrow IPC.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from whylens.engines.base import Engine, Params
from whylens.errors import QueryError, StoreError

TOKEN_HEADER = "X-Whylens-Token"


def handle_path(database: str | Path) -> Path:
    """Where a server announces itself for a database file."""
    return Path(str(database) + ".server.json")


def announce(database: str | Path, url: str) -> str:
    """Write the handle file (owner-only) and return the token it holds."""
    token = secrets.token_urlsafe(32)
    path = handle_path(database)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump({"url": url, "pid": os.getpid(), "token": token}, handle)
    return token


def find_server(database: str | Path) -> dict[str, Any] | None:
    """The server that announced itself for this database, if its process is alive."""
    path = handle_path(database)
    try:
        handle = json.loads(path.read_text())
        os.kill(int(handle["pid"]), 0)
    except (OSError, ValueError, KeyError):
        return None
    return handle


class RemoteEngine(Engine):
    """Reads through the server that holds the database; writes are not accepted this way."""

    dialect = "duckdb"
    writable = False

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self._token = token

    def post(self, route: str, body: dict[str, Any]) -> bytes:
        request = urllib.request.Request(
            self.url + route,
            data=json.dumps(body, default=str).encode(),
            method="POST",
            headers={"Content-Type": "application/json", TOKEN_HEADER: self._token},
        )
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            with contextlib.suppress(ValueError, KeyError):
                detail = json.loads(detail)["detail"]
            raise QueryError(str(detail)) from exc
        except urllib.error.URLError as exc:
            raise StoreError(
                f"the whylens server at {self.url} does not answer: {exc.reason}"
            ) from exc

    def query(self, sql: str, params: Params = None) -> pa.Table:
        payload = self.post("/internal/query", {"sql": sql, "params": params})
        return ipc.open_stream(payload).read_all()

    def import_paths(self, paths: list[str], options: Any, rejects_path: Any) -> Any:
        """Have the server import the files (it reads them from this same machine)."""
        from whylens.ingest.importer import ImportSummary
        from whylens.ingest.readers import Reject

        body = {
            "paths": [str(Path(p).resolve()) for p in paths],
            "column_map": options.column_map,
            "tz": options.tz,
            "fmt": options.fmt,
            "rejects_path": str(Path(rejects_path).resolve()) if rejects_path else None,
            "drop_properties": list(options.drop_properties),
            "mask_properties": list(options.mask_properties),
            "geoip": str(Path(options.geoip).resolve()) if options.geoip else None,
        }
        document = json.loads(self.post("/internal/import", body))
        summary = ImportSummary(
            read=document["read"],
            imported=document["imported"],
            duplicates=document["duplicates"],
            rejected=document["rejected"],
            files=document["files"],
            rejects_file=document["rejects_file"],
        )
        summary.rejects = [Reject("server", None, None, text) for text in document["rejects"]]
        return summary

    def execute(self, sql: str, params: Params = None) -> None:
        raise StoreError("the database is held by `whylens serve`; this connection only reads")

    def register(self, name: str, table: pa.Table) -> None:
        raise StoreError("the database is held by `whylens serve`; this connection only reads")

    def unregister(self, name: str) -> None:
        """Nothing was registered."""

    def close(self) -> None:
        """Nothing to release: each call is its own request."""
