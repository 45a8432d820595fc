"""Shared fixtures: a fresh in-memory workspace, and a way to write small input files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import whylens
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
