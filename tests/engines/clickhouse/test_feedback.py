"""The four feedback analyses on chdb: the shop of journeys and answers the scope and segment
tests use (tests/insights/feedback/test_scoped.py), and small random answer sets, give DuckDB's
documents under every option, date range, `--where` filter and segment. The stored feedback rows
are DuckDB's own, copied, so that only the analyses are compared."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.engines.clickhouse.test_cross_engine import EXAMPLES
from tests.engines.pairs import pair, same, table
from tests.insights.feedback.test_scoped import PLANS, SCOPES
from tests.insights.journeys import T0
from tests.insights.segments.test_selection import ANSWERS, ROWS, TEXTS
from whylens.engines.base import Engine
from whylens.insights.feedback import (
    feedback_behavior,
    feedback_list,
    feedback_themes,
    feedback_trends,
)
from whylens.workspace import Workspace

#: name -> the analysis with its options, run on a workspace with scope keywords
ANALYSES = {
    "list": lambda ws, **s: feedback_list(ws.engine, ws.project_id, **s),
    "list_negative_limited": lambda ws, **s: feedback_list(
        ws.engine, ws.project_id, label="negative", limit=7, **s
    ),
    "list_theme_kind": lambda ws, **s: feedback_list(
        ws.engine, ws.project_id, theme="delivery", kind="nps", **s
    ),
    "themes_month": lambda ws, **s: feedback_themes(ws.engine, ws.project_id, **s),
    "themes_week": lambda ws, **s: feedback_themes(ws.engine, ws.project_id, interval="week", **s),
    "trends": lambda ws, **s: feedback_trends(ws.engine, ws.project_id, **s),
    "trends_by_source_month": lambda ws, **s: feedback_trends(
        ws.engine, ws.project_id, interval="month", by="source", **s
    ),
    "trends_by_kind": lambda ws, **s: feedback_trends(ws.engine, ws.project_id, by="kind", **s),
    "trends_by_theme": lambda ws, **s: feedback_trends(ws.engine, ws.project_id, by="theme", **s),
    "trends_by_trait": lambda ws, **s: feedback_trends(
        ws.engine, ws.project_id, by="trait:plan", **s
    ),
    "behavior": lambda ws, **s: feedback_behavior(ws.engine, ws.project_id, **s),
    "behavior_short": lambda ws, **s: feedback_behavior(
        ws.engine, ws.project_id, churn_days=14, before_days=2.5, **s
    ),
}
#: name -> scope keywords: none, the scope tests' ranges and filters, and segments with them
KEYWORDS: dict[str, dict[str, Any]] = {
    "none": {},
    **{name: scope[0] for name, scope in SCOPES.items()},
    "segment_did": {"segment": {"did": "purchase"}},
    "segment_trait_range_filter": {
        "segment": {"person": "plan = pro"},
        "date_from": "2024-02-01",
        "where": ["device_type = mobile"],
    },
}


def events(rows: list[dict[str, Any]]) -> pa.Table:
    """Journey rows as an import table (tests/insights/journeys.workspace's)."""
    columns = sorted({k for r in rows for k in r} - {"person", "event", "time"})
    table = {
        "event_id": [f"e{i}" for i in range(len(rows))],
        "user_id": [r["person"] for r in rows],
        "event": [r["event"] for r in rows],
        "timestamp": pa.array([r["time"] for r in rows], pa.timestamp("us")),
    }
    for column in columns:
        table[column] = pa.array([r.get(column) for r in rows], pa.string())
    return pa.table(table)


def answered(duck: Workspace, other: Workspace, answers: list[dict[str, Any]]) -> None:
    """Add the answers on DuckDB (scored there) and copy its stored rows to ClickHouse."""
    if not answers:
        return
    duck.add_feedback(pa.table({key: [a[key] for a in answers] for key in answers[0]}))
    stored = duck.engine.query(
        "SELECT * REPLACE (coalesce(themes, []::VARCHAR[]) AS themes) FROM feedback"
        " WHERE project_id = $p",
        {"p": duck.project_id},
    )
    engine: Engine = other.engine
    names = set(
        engine.query(
            "SELECT name FROM system.columns WHERE database = currentDatabase()"
            " AND table = 'feedback'"
        )
        .column("name")
        .to_pylist()
    )
    columns = ", ".join(c for c in stored.column_names if c in names)
    with engine.registered("_copied_feedback", stored):
        engine.execute(f"INSERT INTO feedback ({columns}) SELECT {columns} FROM _copied_feedback")


@pytest.fixture(scope="module")
def shop(chdb: Engine) -> Iterator[tuple[Workspace, Workspace]]:
    """The journeys with their plans and answers, on both engines."""
    with pair(chdb, events(ROWS)) as (duck, other):
        plans = pa.table({"person_id": list(PLANS), "plan": list(PLANS.values())})
        for ws in (duck, other):
            ws.set_traits(plans)
        answered(duck, other, ANSWERS)
        yield duck, other


def compared(duck: Workspace, other: Workspace, analysis: str, **keywords: Any) -> dict:
    found = [ANALYSES[analysis](ws, **keywords).to_dict() for ws in (duck, other)]
    same(*found)
    return found[0]


@pytest.mark.parametrize("scope", sorted(KEYWORDS))
@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_each_analysis_answers_as_on_duckdb(shop, analysis, scope):
    document = compared(*shop, analysis, **KEYWORDS[scope])
    assert document[next(k for k in ("items", "themes", "periods", "churn") if k in document)]


def test_the_shop_exercises_every_part_of_behavior(shop):
    """The comparison above means something: each part of the behaviour document has rows."""
    document = compared(*shop, "behavior")
    before = document["before_answer"]
    assert document["churn"] and document["feature_use"] and before["events"]
    assert all(band["persons"] and band["last_events"] for band in before["bands"])
    assert any(t["phrases"] for t in compared(*shop, "themes_week")["themes"])


KINDS = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "text": None}


@st.composite
def answer_sets(draw: st.DrawFn) -> tuple[list[tuple], list[dict[str, Any]]]:
    """Events of up to 5 persons over 40 days, and up to 25 answers (some without a person,
    a score or a text, several at one instant)."""
    persons = "abcde"
    visits = draw(
        st.lists(
            st.tuples(
                st.sampled_from(persons),
                st.sampled_from(["view", "buy", "$pageview"]),
                st.integers(0, 40 * 24),
            ),
            min_size=1,
            max_size=30,
        )
    )
    rows = [(p, e, T0 + timedelta(hours=h)) for p, e, h in visits]
    answers = []
    for person, kind, hour, score, text in draw(
        st.lists(
            st.tuples(
                st.sampled_from([*persons, None]),
                st.sampled_from(sorted(KINDS)),
                st.integers(0, 40).map(lambda d: d * 24),
                st.integers(0, 10),
                st.sampled_from(TEXTS),
            ),
            min_size=1,
            max_size=25,
        )
    ):
        bounds = KINDS[kind]
        answers.append(
            {
                "person_id": person,
                "timestamp": T0 + timedelta(hours=hour),
                "kind": kind,
                "score": None if bounds is None else float(min(max(score, bounds[0]), bounds[1])),
                "text": text,
                "source": ("survey", "email")[hour % 2],
            }
        )
    return rows, answers


@EXAMPLES
@given(data=answer_sets(), analysis=st.sampled_from(sorted(ANALYSES)))
def test_random_answers_give_duckdb_s_documents(chdb, data, analysis):
    rows, answers = data
    with pair(chdb, table(rows)) as (duck, other):
        answered(duck, other, answers)
        compared(duck, other, analysis)
        compared(duck, other, analysis, date_from=T0 + timedelta(days=10), where=["event = buy"])
