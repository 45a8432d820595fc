"""`--engine` / $WHYLENS_ENGINE: each form read, every mistake named, no password printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from whylens import config
from whylens.errors import ConfigError


def test_forms(monkeypatch):
    monkeypatch.delenv(config.ENGINE_ENV, raising=False)
    monkeypatch.delenv(config.DB_ENV, raising=False)
    assert config.engine_spec(None) == config.EngineSpec("duckdb", Path("whylens.duckdb"))
    assert config.engine_spec("data.duckdb") == config.EngineSpec("duckdb", Path("data.duckdb"))
    assert config.engine_spec("duckdb:x/y.db").path == Path("x/y.db")
    assert config.engine_spec("chdb:./ch") == config.EngineSpec("chdb", Path("ch"))
    server = config.engine_spec("clickhouse://me:p%40ss@db.local:9123/analytics")
    assert (server.host, server.port, server.database) == ("db.local", 9123, "analytics")
    assert (server.user, server.password) == ("me", "p@ss")
    assert "p@ss" not in repr(server) and "p@ss" not in server.describe()
    assert config.engine_spec("clickhouse://h").database == "default"


def test_environment_comes_after_the_flag(monkeypatch):
    monkeypatch.setenv(config.ENGINE_ENV, "chdb:env")
    assert config.engine_spec(None).kind == "chdb"
    assert config.engine_spec("file.duckdb").kind == "duckdb"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("chdb:", "names no path"),
        ("clickhouse://me:secret@:8123/db", "names no host"),
        ("clickhouse://me:secret@h:99999/db", "port must be a number"),
        ("clickhouse://h/bad-name", "is not a database name"),
        ("clickhouse://h/db?x=1", "are not read"),
        ("postgres://me:secret@h/db", "unknown engine 'postgres'"),
    ],
)
def test_mistakes_are_named_without_the_password(spec, message):
    with pytest.raises(ConfigError, match=message) as caught:
        config.engine_spec(spec)
    assert "secret" not in str(caught.value)
