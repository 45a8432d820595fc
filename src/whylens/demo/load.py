"""Putting the generated demo shop into a database, the same way a user's data would go in."""

from __future__ import annotations

from pathlib import Path

import whylens
from whylens import config
from whylens.demo.generator import DemoData, generate
from whylens.errors import StoreError
from whylens.insights.feedback.store import score_feedback
from whylens.server.saved import InsightIn, Store
from whylens.workspace import Workspace

DEMO_KEY = "demo_seed"
#: the shop's main funnel, saved with the demo: the overview follows the latest saved funnel
MAIN_FUNNEL = InsightIn(
    name="Purchase funnel",
    kind="funnel",
    options={
        "steps": ["view_item", "add_to_cart", "begin_checkout", "purchase"],
        "window": "7d",
        "trend": "week",
        "correlation": True,
    },
)


def create_demo(path: str | Path, users: int, days: int, seed: int) -> Workspace:
    """A fresh demo database at `path` (a DuckDB file, or `chdb:FOLDER`); refuses to overwrite a
    database that is not a demo."""
    spec = config.engine_spec(path)
    if spec.kind != "duckdb":
        from whylens.demo.clickhouse import create_clickhouse_demo

        return create_clickhouse_demo(spec, users, days, seed)
    path = Path(spec.path)
    if path.exists():
        with whylens.open(path, read_only=True) as existing:
            is_demo = existing.setting(DEMO_KEY) is not None
            has_events = existing.info()["events"] > 0
        if has_events and not is_demo:
            raise StoreError(f"{path} holds data that is not demo data; choose another --db")
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    data = generate(users=users, days=days, seed=seed)
    ws = whylens.open(path)
    load(ws, data)
    finish(ws, seed)
    return ws


def load(ws: Workspace, data: DemoData) -> None:
    """The shop's events, person traits and feedback, as a user's would go in; the feedback is
    scored now, as the capture service scores what it stores, so that the first visit to the
    Sentiment page does not wait for it."""
    ws.import_table(data.events, source="demo")
    ws.set_traits(data.persons)
    ws.add_feedback(data.feedback)
    score_feedback(ws.engine, ws.project_id)


def finish(ws: Workspace, seed: int) -> None:
    """The saved main funnel, and the mark that this database is a demo (of `seed`)."""
    Store(ws.engine, ws.project_id).save_insight(MAIN_FUNNEL)
    ws.set_setting(DEMO_KEY, str(seed))
