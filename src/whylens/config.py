"""Settings from flags and the environment, resolved in one place."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from whylens.errors import ConfigError

DEFAULT_DB = "whylens.duckdb"
DB_ENV = "WHYLENS_DB"


def database_path(flag: str | Path | None = None) -> Path:
    """The database file: the flag, else $WHYLENS_DB, else ./whylens.duckdb."""
    return Path(flag or os.environ.get(DB_ENV) or DEFAULT_DB)


PROJECT_ENV = "WHYLENS_PROJECT"
DEFAULT_PROJECT = "default"


def project(flag: str | None = None) -> str:
    """The project: the flag, else $WHYLENS_PROJECT, else `default`."""
    return flag or os.environ.get(PROJECT_ENV) or DEFAULT_PROJECT


GEOIP_ENV = "WHYLENS_GEOIP"


def geoip_path(flag: str | Path | None = None) -> Path | None:
    """The GeoIP file for countries from IP addresses: the flag, else $WHYLENS_GEOIP, else none."""
    value = flag or os.environ.get(GEOIP_ENV)
    return Path(value) if value else None


ENGINE_ENV = "WHYLENS_ENGINE"
#: the engines a spec can name, by its prefix; anything else is a DuckDB file path
ENGINE_PREFIXES = {"duckdb:": "duckdb", "chdb:": "chdb", "clickhouse://": "clickhouse"}
_DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class EngineSpec:
    """Where the data lives: a DuckDB file, a chdb data folder, or a ClickHouse server."""

    kind: str  # duckdb | chdb | clickhouse
    path: Path | None = None
    host: str | None = None
    port: int = 8123
    database: str = "default"
    user: str = "default"
    password: str = field(default="", repr=False)

    def describe(self) -> str:
        """The spec without its password, for messages."""
        if self.kind == "clickhouse":
            return f"clickhouse://{self.user}@{self.host}:{self.port}/{self.database}"
        return f"{self.kind}:{self.path}"


def engine_spec(flag: str | Path | None = None) -> EngineSpec:
    """The engine: the flag (`--engine` / `--db`), else $WHYLENS_ENGINE, else the DuckDB file of
    `database_path`. `duckdb:PATH`, `chdb:PATH`, `clickhouse://user:password@host:8123/db`;
    a plain path is a DuckDB file."""
    text = str(flag) if flag else os.environ.get(ENGINE_ENV)
    if not text:
        return EngineSpec("duckdb", database_path(None))
    for prefix, kind in ENGINE_PREFIXES.items():
        if text.startswith(prefix):
            return _PARSERS[kind](text, text[len(prefix) :])
    if "://" in text:
        raise ConfigError(
            f"unknown engine {text.split('://')[0]!r} in {_masked(text)!r};"
            " use duckdb:PATH, chdb:PATH or clickhouse://user:password@host:8123/database"
        )
    return EngineSpec("duckdb", Path(text))


def _file(kind: str) -> Callable[[str, str], EngineSpec]:
    def parse(text: str, rest: str) -> EngineSpec:
        if not rest.strip():
            raise ConfigError(f"{text!r} names no path; write {kind}:PATH, e.g. {kind}:./data")
        return EngineSpec(kind, Path(rest))

    return parse


def _server(text: str, rest: str) -> EngineSpec:
    url = urlsplit("clickhouse://" + rest)
    shown = _masked(text)
    try:
        port = url.port or 8123
    except ValueError as exc:
        raise ConfigError(f"{shown!r}: the port must be a number from 1 to 65535") from exc
    if not url.hostname:
        raise ConfigError(f"{shown!r} names no host; write clickhouse://user:password@host:8123/db")
    database = url.path.strip("/") or "default"
    if not _DATABASE_NAME.match(database):
        raise ConfigError(f"{shown!r}: {database!r} is not a database name (letters, digits, _)")
    if url.query or url.fragment:
        raise ConfigError(f"{shown!r}: options after '?' or '#' are not read; remove them")
    return EngineSpec(
        "clickhouse",
        host=url.hostname,
        port=port,
        database=database,
        user=unquote(url.username) if url.username else "default",
        password=unquote(url.password) if url.password else "",
    )


def _masked(text: str) -> str:
    """The spec with any password replaced, so that errors never print it."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", text)


_PARSERS: dict[str, Callable[[str, str], EngineSpec]] = {
    "duckdb": _file("duckdb"),
    "chdb": _file("chdb"),
    "clickhouse": _server,
}
