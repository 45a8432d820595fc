"""The small demo shop the browser tests draw: generated once per run, copied for each module
(a module may add to its copy: segments, keys, saved insights)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import whylens
from tests.server.live import chromium
from whylens.demo.load import create_demo
from whylens.workspace import Workspace


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory) -> Path:
    """800 users over 30 days, seed 1: the database file, closed."""
    path = tmp_path_factory.mktemp("small-demo") / "demo.duckdb"
    create_demo(path, users=800, days=30, seed=1).close()
    return path


@pytest.fixture(scope="module")
def demo_copy(small_demo, tmp_path_factory) -> Callable[[], tuple[Workspace, Path]]:
    """A fresh copy of the small demo for this module: (workspace, folder for its files)."""

    def copy() -> tuple[Workspace, Path]:
        folder = tmp_path_factory.mktemp("demo-copy")
        shutil.copyfile(small_demo, folder / "demo.duckdb")
        return whylens.open(folder / "demo.duckdb"), folder

    return copy


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module's tests (each opens its own context)."""
    with chromium() as launched:
        yield launched
