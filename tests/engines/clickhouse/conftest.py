"""The demo shop made on both engines, for the tests that need traits, feedback, a saved funnel
and enough persons to train a churn model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from whylens.demo.load import create_demo
from whylens.engines.base import Engine
from whylens.model import keys
from whylens.workspace import Workspace

#: the project both demos are made in: the one a demo-mode server answers for (no other test
#: of the run uses it in the shared chdb folder)
PROJECT = keys.DEMO_PROJECT


@pytest.fixture(scope="session")
def demo_pair(chdb: Engine, tmp_path_factory) -> Iterator[tuple[Workspace, Workspace]]:
    """(DuckDB demo, chdb demo): 300 persons over 30 days, seed 1, made once per run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WHYLENS_PROJECT", PROJECT)
        folder = tmp_path_factory.mktemp("demo-pair")
        duck = create_demo(folder / "demo.duckdb", users=300, days=30, seed=1)
        other = create_demo(f"chdb:{chdb.path}", users=300, days=30, seed=1)  # type: ignore[attr-defined]
    yield duck, other
    duck.close()
    other.close()
