"""The benchmark's ClickHouse references compute what whylens on ClickHouse computes: each
hand-written ClickHouse query gives the same numbers as whylens on a chdb store of a small data
set from the benchmark's own generator, read through a plain session as the benchmark reads it.
A reference that drifts would make a ratio lie."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow.parquet as pq
import pytest
from bench.analyses import first_difference

import whylens
from bench import analyses, chdb_analyses, data
from whylens.engines.base import Engine
from whylens.ingest.clickhouse import copy_project
from whylens.workspace import Workspace

EVENTS = 30_000
#: the project of the shared chdb folder the data set is copied into
PROJECT = "bench-references"
REFERENCED = [a for a in analyses.ANALYSES if a.clickhouse is not None]


@pytest.fixture(scope="module")
def store(chdb: Engine, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """whylens' copy of an imported DuckDB database into a project of the chdb folder."""
    path = tmp_path_factory.mktemp("bench-ch") / "events.parquet"
    pq.write_table(data.generate(EVENTS), path)
    with whylens.open(":memory:", project=PROJECT) as duck:
        duck.import_file(str(path))
        workspace = Workspace(chdb, PROJECT)
        copy_project(duck.engine, chdb, PROJECT)  # type: ignore[arg-type]
    return workspace


@pytest.fixture(scope="module")
def plain(chdb: Engine) -> Iterator[object]:
    """A second session on the folder with ClickHouse's defaults, in UTC: the benchmark's."""
    from chdb import session

    connection = session.Session(str(chdb.path))  # type: ignore[attr-defined]
    connection.query("SET session_timezone = 'UTC'", "CSV")
    yield connection
    connection.close()


@pytest.mark.parametrize("analysis", REFERENCED, ids=[a.name for a in REFERENCED])
def test_the_clickhouse_reference_gives_whylens_numbers(analysis, store, plain) -> None:
    reads = analysis.clickhouse_reads or analysis.reads
    got = reads(analysis.run(store))
    expected = analysis.clickhouse(plain, PROJECT)
    assert first_difference(got, expected) is None


def test_every_timed_analysis_has_a_clickhouse_reference() -> None:
    assert [a.name for a in analyses.ANALYSES if a.clickhouse is None] == []


def test_the_funnel_reference_is_window_funnel_persons_per_step(store, plain) -> None:
    funnel = next(a for a in REFERENCED if a.name.startswith("funnel"))
    persons = funnel.clickhouse(plain, PROJECT)
    assert persons == [s["persons"] for s in funnel.run(store)["steps"]]
    assert persons[0] > persons[-1] > 0


def test_a_comparison_reports_its_runs_and_a_difference(store, plain) -> None:
    info = next(a for a in REFERENCED if a.name == "info")
    measured = chdb_analyses.compare(info, store, plain, 2)
    assert len(measured["whylens"]) == len(measured["handwritten"]) == 2
    assert measured["difference"] is None
    wrong = analyses.Analysis("info", info.run, clickhouse=lambda session, project: {"events": -1})
    assert "keys" in chdb_analyses.compare(wrong, store, plain, 1)["difference"]


def test_a_slow_analysis_runs_once(store, plain, monkeypatch) -> None:
    monkeypatch.setattr(chdb_analyses, "ONE_RUN_S", 0.0)
    info = next(a for a in REFERENCED if a.name == "info")
    assert len(chdb_analyses.compare(info, store, plain, 3)["whylens"]) == 1


def test_the_plain_session_reads_the_store_whylens_wrote(store, plain) -> None:
    rows = plain.query(
        "SELECT count() AS n FROM events WHERE project_id = {p:String}",
        "ArrowTable",
        params={"p": PROJECT},
    ).to_pylist()
    assert rows == [{"n": EVENTS}] == [{"n": store.info()["events"]}]
