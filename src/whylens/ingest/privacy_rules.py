"""The properties each project drops or masks, and the secret that masks, kept in `settings`.

Rules are kept per project, and for all projects at once (what `whylens serve
--drop-property` sets, since one server takes every project's events); a project's policy is
both sets together. They persist, so every later capture and import applies them too. The
masking secret is made once per database: equal values masked in any project, by capture or by
import, stay equal.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

import orjson

from whylens.engines.base import Engine
from whylens.errors import ConfigError
from whylens.ingest.privacy import IP_PATHS, Policy, merged
from whylens.model import settings

RULES_KEY = "privacy.rules"
SECRET_KEY = "privacy.secret"
#: the scope of rules that apply to every project
ALL_PROJECTS = "*"
_generation = 0


def generation() -> int:
    """A number that changes whenever rules change in this process (servers cache policies)."""
    return _generation


def stored(engine: Engine) -> dict[str, dict[str, list[str]]]:
    """scope (a project, or `*`) -> {"drop": [...], "mask": [...]}."""
    value = engine.scalar("SELECT value FROM settings WHERE key = $key", {"key": RULES_KEY})
    return orjson.loads(value) if value else {}


def add(engine: Engine, scope: str, drop: Iterable[str] = (), mask: Iterable[str] = ()) -> None:
    """Add names to a scope's rules (checked, lower case); nothing is written if none is new."""
    drop, mask = merged(drop), merged(mask)
    if not drop and not mask:
        return
    rules = stored(engine)
    entry = rules.setdefault(scope, {"drop": [], "mask": []})
    before = {k: list(v) for k, v in entry.items()}
    entry["drop"] = list(merged([*entry.get("drop", []), *drop]))
    entry["mask"] = list(merged([*entry.get("mask", []), *mask]))
    if entry != before:
        _save(engine, rules)


def remove(engine: Engine, scope: str, names: Iterable[str]) -> list[str]:
    """Take names out of a scope's rules (drop and mask); returns those that were there."""
    wanted = set(merged(names))
    rules = stored(engine)
    entry = rules.get(scope, {"drop": [], "mask": []})
    gone = sorted(wanted & {*entry.get("drop", []), *entry.get("mask", [])})
    if gone:
        entry = {k: [n for n in v if n not in wanted] for k, v in entry.items()}
        rules[scope] = entry
        if not any(entry.values()):
            del rules[scope]
        _save(engine, rules)
    return gone


def listing(engine: Engine, project: str) -> list[dict[str, Any]]:
    """The rules a project's events go through: built-in, for all projects, its own."""
    rows = [{"property": name, "action": "drop", "scope": "built-in"} for name in IP_PATHS]
    rules = stored(engine)
    for scope, label in ((ALL_PROJECTS, "all projects"), (project, f"project {project}")):
        for action in ("drop", "mask"):
            for name in rules.get(scope, {}).get(action, []):
                rows.append({"property": name, "action": action, "scope": label})
    return rows


def policy(engine: Engine, project: str) -> Policy:
    """The project's policy; its secret is made on first need (the engine must be writable)."""
    rules = stored(engine)
    scopes = [rules.get(ALL_PROJECTS, {}), rules.get(project, {})]
    drop = [name for scope in scopes for name in scope.get("drop", [])]
    mask = [name for scope in scopes for name in scope.get("mask", [])]
    return Policy(drop, mask, secret(engine) if mask else b"")


def secret(engine: Engine) -> bytes:
    """The database's masking secret, made (32 random bytes) the first time it is asked for."""
    value = engine.scalar("SELECT value FROM settings WHERE key = $key", {"key": SECRET_KEY})
    if value:
        return bytes.fromhex(value)
    if not engine.writable:
        raise ConfigError(
            "masking needs the database's secret, which is made by the first import or server"
            " that masks; open the database for writing once"
        )
    settings.put_once(engine, SECRET_KEY, secrets.token_hex(32))
    return bytes.fromhex(
        engine.scalar("SELECT value FROM settings WHERE key = $key", {"key": SECRET_KEY})
    )


def _save(engine: Engine, rules: dict[str, Any]) -> None:
    global _generation
    if not engine.writable:
        raise ConfigError(
            "the database is held by `whylens serve`: privacy rules change through it only"
            " (`whylens import --drop-property/--mask-property`), or stop it first"
        )
    settings.put(engine, RULES_KEY, orjson.dumps(rules, option=orjson.OPT_SORT_KEYS).decode())
    _generation += 1
