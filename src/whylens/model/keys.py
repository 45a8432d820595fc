"""Project keys: which project a capture request writes to, and whether a key may write at all.

Keys are random strings with a readable prefix (`wlw_` write, `wlr_` read). Only their sha256 is
stored, so a copy of the database does not leak them; the key is shown once, when created.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from whylens.engines.base import Engine
from whylens.errors import ConfigError

KINDS = ("write", "read")
PREFIXES = {"write": "wlw_", "read": "wlr_"}
#: accepted without any key configured, by a server on loopback (see docs/ingestion.md)
DEMO_KEY = "demo"
DEMO_PROJECT = "default"
_SHOWN = 10  # characters of a key kept as its id
_PROJECT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class KeyGrant:
    """What a key allows: its project, and whether it writes or reads."""

    project_id: str
    kind: str


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(engine: Engine, project_id: str, kind: str) -> dict[str, Any]:
    """A new key for a project (created if new); the only time the key itself is returned."""
    if kind not in KINDS:
        raise ConfigError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not project_id.strip():
        raise ConfigError("--project must not be empty")
    key = PREFIXES[kind] + secrets.token_urlsafe(24)
    with engine.transaction():
        engine.execute(
            "INSERT INTO projects (project_id, name) SELECT $project, $project"
            " WHERE NOT EXISTS (SELECT 1 FROM projects WHERE project_id = $project)",
            {"project": project_id},
        )
        engine.execute(
            "INSERT INTO project_keys (key_id, key_hash, project_id, kind)"
            " VALUES ($id, $hash, $project, $kind)",
            {"id": key[:_SHOWN], "hash": digest(key), "project": project_id, "kind": kind},
        )
    return {"key": key, "key_id": key[:_SHOWN], "project": project_id, "kind": kind}


def create_project(engine: Engine, name: str) -> dict[str, Any]:
    """A new project with one write key and one read key; refuses an existing name."""
    if not _PROJECT_NAME.match(name):
        raise ConfigError(f"project name {name!r}: use letters, digits, - and _ (at most 64)")
    exists = engine.scalar("SELECT count(*) FROM projects WHERE project_id = $p", {"p": name})
    if exists:
        raise ConfigError(f"project {name!r} exists; add keys with `whylens keys create`")
    write = create_key(engine, name, "write")
    read = create_key(engine, name, "read")
    return {"project": name, "write_key": write["key"], "read_key": read["key"]}


def list_projects(engine: Engine) -> list[dict[str, Any]]:
    return engine.query("""
        SELECT p.project_id AS project, p.created_at,
            (SELECT count(*) FROM project_keys k WHERE k.project_id = p.project_id) AS keys,
            (SELECT count(*) FROM events e WHERE e.project_id = p.project_id) AS events
        FROM projects p ORDER BY p.project_id
    """).to_pylist()


def list_keys(engine: Engine) -> list[dict[str, Any]]:
    return engine.query(
        "SELECT key_id, project_id AS project, kind, created_at FROM project_keys"
        " ORDER BY project_id, created_at"
    ).to_pylist()


def load_grants(engine: Engine) -> dict[str, KeyGrant]:
    """Every key's hash -> its grant, for a server to check requests without a query each."""
    rows = engine.query("SELECT key_hash, project_id, kind FROM project_keys").to_pylist()
    return {r["key_hash"]: KeyGrant(r["project_id"], r["kind"]) for r in rows}
