"""The demo database: what `whylens info --json` reports must match what the generator made."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

import whylens
from whylens.demo import generate
from whylens.demo.load import create_demo
from whylens.errors import StoreError

USERS, DAYS, SEED = 2000, 60, 7


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    create_demo(path, users=USERS, days=DAYS, seed=SEED).close()
    return path


def expected_counts() -> dict:
    """Counted from the generator's own tables, independently of whylens' import."""
    data = generate(users=USERS, days=DAYS, seed=SEED)
    events = data.events  # noqa: F841  (read by DuckDB below)
    row = duckdb.sql("""
        WITH linked AS (SELECT DISTINCT anonymous_id FROM events WHERE user_id IS NOT NULL)
        SELECT count(*) AS events,
            (SELECT count(DISTINCT user_id) FROM events)
              + (SELECT count(DISTINCT anonymous_id) FROM events
                 WHERE anonymous_id NOT IN (SELECT anonymous_id FROM linked)) AS persons,
            count(DISTINCT session_id) AS sessions,
            strftime(min(timestamp), '%Y-%m-%dT%H:%M:%S.%f') AS first,
            strftime(max(timestamp), '%Y-%m-%dT%H:%M:%S.%f') AS last
        FROM events
    """).fetchall()[0]
    names = dict(duckdb.sql("SELECT event, count(*) FROM events GROUP BY 1").fetchall())
    return {
        "events": row[0],
        "persons": row[1],
        "sessions": row[2],
        "first": row[3],
        "last": row[4],
        "event_names": names,
    }


def test_info_json_matches_the_generator(demo_db):
    result = subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", "info", "--db", str(demo_db), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    expected = expected_counts()
    assert info["events"] == expected["events"]
    assert info["persons"] == expected["persons"] == USERS
    assert info["sessions"] == expected["sessions"]
    assert info["event_names"] == expected["event_names"]
    assert info["first"].ljust(26, "0")[:26] == expected["first"][:26]
    assert info["last"].ljust(26, "0")[:26] == expected["last"][:26]


def test_traits_and_feedback_are_loaded(demo_db):
    data = generate(users=USERS, days=DAYS, seed=SEED)
    with whylens.open(demo_db, read_only=True) as ws:
        plans = ws.sql(
            "SELECT traits->>'plan' AS plan, count(*) AS n FROM persons"
            " WHERE traits->>'plan' IS NOT NULL GROUP BY 1"
        )
        feedback = ws.sql("SELECT count(*) AS n FROM feedback")["n"][0]
    assert plans["n"].sum() == data.persons.num_rows
    assert feedback == data.feedback.num_rows


def test_demo_never_overwrites_real_data(tmp_path):
    real = tmp_path / "mine.duckdb"
    with whylens.open(real) as ws:
        (tmp_path / "e.csv").write_text("user_id,event,timestamp\nu1,a,2024-01-01\n")
        ws.import_file(tmp_path / "e.csv")
    with pytest.raises(StoreError, match="not demo data"):
        create_demo(real, users=50, days=7, seed=0)


def test_the_demo_saves_its_main_funnel(demo_db):
    with whylens.open(demo_db, read_only=True) as ws:
        saved = ws.sql("SELECT name, kind, options FROM saved_insights")
    assert saved[["name", "kind"]].values.tolist() == [["Purchase funnel", "funnel"]]
    options = json.loads(saved["options"][0])
    assert options["steps"] == ["view_item", "add_to_cart", "begin_checkout", "purchase"]
