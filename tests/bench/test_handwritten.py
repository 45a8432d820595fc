"""The benchmark's references compute what whylens computes: each hand-written query (and
chdb's windowFunnel) gives the same numbers as the analysis it is timed against, on a small
data set from the benchmark's own generator. A reference that drifts would make a ratio lie."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from bench.analyses import first_difference

import whylens
from bench import analyses, clickhouse, data

EVENTS = 30_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "events.parquet"
    pq.write_table(data.generate(EVENTS), path)
    return path


@pytest.fixture(scope="module")
def workspace(generated: Path) -> whylens.Workspace:
    ws = whylens.open(":memory:")
    ws.import_file(str(generated))
    return ws


REFERENCED = [a for a in analyses.ANALYSES if a.handwritten is not None]


@pytest.mark.parametrize("analysis", REFERENCED, ids=[a.name for a in REFERENCED])
def test_the_handwritten_query_gives_whylens_numbers(analysis, workspace) -> None:
    got = analysis.reads(analysis.run(workspace))
    expected = analysis.handwritten(workspace.engine, workspace.project_id)
    assert first_difference(got, expected) is None


def test_every_timed_analysis_has_a_handwritten_reference() -> None:
    assert [a.name for a in analyses.ANALYSES if a.handwritten is None] == []


def test_a_handwritten_answer_that_differs_is_caught(workspace) -> None:
    funnel = next(a for a in REFERENCED if a.name.startswith("funnel"))
    expected = funnel.handwritten(workspace.engine, workspace.project_id)
    expected[2]["persons"] += 1
    assert "persons" in first_difference(funnel.reads(funnel.run(workspace)), expected)


def test_chdb_window_funnel_finds_whylens_persons_per_step(generated, workspace, tmp_path) -> None:
    """Run in a process of its own, as the benchmark runs it: chdb serves one data folder per
    process, and the suite's shared chdb engine may hold another."""
    pytest.importorskip("chdb")
    script = (
        "import json, sys; from bench import clickhouse;"
        " print(json.dumps(clickhouse.window_funnel(sys.argv[1], 1, sys.argv[2])['chdb_persons']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(generated), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    persons = json.loads(run.stdout.strip().splitlines()[-1])
    assert persons == clickhouse.whylens_persons(workspace)
    assert persons[0] > persons[-1] > 0
