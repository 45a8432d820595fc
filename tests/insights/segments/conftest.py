"""One demo shop for the segment tests that need real behavior (clusters, churn scores),
generated once per session; a test module that writes gets its own copy of the file."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import whylens
from whylens.demo.load import create_demo
from whylens.workspace import Workspace

USERS, DAYS, SEED = 3000, 90, 1


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("segments-demo") / "demo.duckdb"
    create_demo(path, users=USERS, days=DAYS, seed=SEED).close()
    return path


@pytest.fixture(scope="module")
def demo_copy(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Workspace]]:
    """Opens this module's own copy of the demo database (writable)."""
    copy = tmp_path_factory.mktemp("segments-copy") / "demo.duckdb"
    shutil.copy(demo_file, copy)
    opened: list[Workspace] = []

    def open_copy() -> Workspace:
        if not opened:
            opened.append(whylens.open(copy))
        return opened[0]

    yield open_copy
    for ws in opened:
        ws.close()
