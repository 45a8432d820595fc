"""Against a real ClickHouse server: runs when WHYLENS_TEST_CLICKHOUSE_URL names one
(clickhouse://user:password@host:8123/database; its tables are created there), skipped
otherwise."""

from __future__ import annotations

import os
import uuid

import pytest

import whylens
from tests.engines.pairs import pair, same, table
from tests.insights.journeys import at

URL = os.environ.get("WHYLENS_TEST_CLICKHOUSE_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="set WHYLENS_TEST_CLICKHOUSE_URL=clickhouse://user:pw@host:8123/db to run"
)


def test_the_server_gives_duckdbs_answers():
    project = f"test_{uuid.uuid4().hex[:8]}"
    with whylens.open(engine=URL, project=project) as server:
        rows = [("a", "signup", at(0)), ("a", "buy", at(1)), ("b", "signup", at(8))]
        with pair(server.engine, table(rows)) as (duck, other):
            assert duck.info() == other.info()
            assert (
                duck.trends(measure="persons").to_dict()
                == other.trends(measure="persons").to_dict()
            )
            assert duck.retention(period="day").to_dict() == other.retention(period="day").to_dict()
            funnel = {"steps": ["signup", "buy"], "breakdown": "plan", "trend": "day"}
            same(duck.funnel(**funnel).to_dict(), other.funnel(**funnel).to_dict())
            same(duck.paths(start="signup").to_dict(), other.paths(start="signup").to_dict())
            same(duck.sessions().to_dict(), other.sessions().to_dict())
