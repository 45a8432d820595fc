"""Shared fixtures: a fresh in-memory workspace, a way to write small input files, and the one
chdb engine of the run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import whylens
from whylens.engines.base import Engine
from whylens.workspace import Workspace


@pytest.fixture
def ws() -> Iterator[Workspace]:
    with whylens.open(":memory:") as workspace:
        yield workspace


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """write("name.csv", text_or_bytes) -> path of the new file."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture(scope="session")
def chdb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One chdb engine for the whole run: chdb serves one data folder per process (a second
    folder is refused until every session of the first is closed), and its start-up is the slow
    part. Tests that need it are skipped where the clickhouse extra is not installed."""
    pytest.importorskip("chdb")
    from whylens.engines.clickhouse.chdb import ChdbEngine

    engine = ChdbEngine(tmp_path_factory.mktemp("chdb"))
    yield engine
    engine.close()
